"""Hostile inputs (issue 15): one file never sinks a run, and nothing in a file makes the parser raise.

A number no report could print (16 digits or more) is unreadable: null with an error, never an Int64
conversion error at write time or an OverflowError while reading.
"""

from __future__ import annotations

import random
import shutil

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govfoi
from govfoi.corpus import batch as batch_module
from govfoi.parse import report as report_module
from govfoi.testing.synth import LAYOUTS, random_figures, render, render_html
from tests import faults
from tests.conftest import DATA, RAW

pytestmark = pytest.mark.slow  # bombs, limits and worker processes

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example]
)


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    layout=st.sampled_from((*LAYOUTS, "html")),
    table=st.sampled_from(["applications", "appeals", "disclosure"]),
    digits=st.sampled_from([16, 19, 20, 40, 400]),
    data=st.data(),
)
def test_a_huge_count_is_unreadable_never_a_crash(seed, layout, table, digits, data):
    rng = random.Random(seed)
    fig = random_figures(rng)
    cell = data.draw(st.sampled_from(sorted(getattr(fig, table))))
    huge = "9" + "2" * (digits - 1)
    damaged = fig.with_cell(table, cell, huge)
    text = render_html(damaged, rng) if layout == "html" else render(damaged, layout, rng)
    r = govfoi.parse_report(text.encode("utf-8"), name="huge.txt")
    row, col = cell
    assert r.value(table, row, col) is None
    assert any(f.severity == "error" and f.table == table and f.row in (row, None) for f in r.findings), [
        f.message for f in r.findings
    ]
    frames = govfoi.Corpus.from_reports([r])  # the frames build: no f64 → i64 conversion error
    assert frames.reports["status"].to_list() == ["errors"]


def test_a_19_digit_count_costs_one_cell_not_the_run(tmp_path):
    """The issue's reproduction: one count of 2**63 in one file of the seed corpus."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = next(raw.glob("003_*.txt"))
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[79] == "\t363"
    lines[79] = "\t9223372036854775808"
    path.write_text("\n".join(lines), encoding="utf-8")
    corpus = govfoi.read_reports(raw)
    assert corpus.summary()["files"] == 5
    r = corpus.reports.filter(pl.col("source").str.contains("003_"))
    assert r["status"].to_list() == ["errors"]
    rid = r["report_id"][0]
    cell = corpus.applications.filter(
        (pl.col("report_id") == rid) & (pl.col("outcome") == "received") & (pl.col("applicant") == "natural_person")
    )
    assert cell["count"].to_list() == [None]
    assert corpus.checks.filter((pl.col("report_id") == rid) & (pl.col("check") == "unreadable_cell")).height == 1


@pytest.mark.parametrize("digits", [2_000, 60_000])
def test_a_huge_digit_run_in_a_row_is_not_split(digits):
    """A run of digits long enough to be any split of a row is null with an error, quickly (no 60,000-way
    split of a 60,000-digit string)."""
    lines = render(random_figures(random.Random(3)), "tab", random.Random(3)).split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    lines[i] = "一、本年新收政府信息公开申请数量\t" + "7" * digits
    r = govfoi.parse_text("\n".join(lines))
    assert r.value("applications", "received", "total") is None
    assert any(f.severity == "error" and f.row == "received" for f in r.findings)
    for table in ("applications", "appeals", "disclosure"):
        for value in getattr(r, table).values():
            assert value.value is None or abs(value.value) < 1e15


def test_parse_report_never_raises(monkeypatch):
    """A bug is the last resort: it costs this one file, an internal_error naming it."""

    def boom(*args, **kwargs):
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(report_module, "_read_tables", boom)
    r = govfoi.parse_report(b"anything\n", name="bad.txt")
    assert r.status == "failed"
    assert [f.check for f in r.findings] == ["internal_error"]
    assert "bad.txt" in r.findings[0].message and "OverflowError" in r.findings[0].message


# ---- manifest.csv ------------------------------------------------------------------------------------------

SEED = "001_b5a7a5de05f46fe6.txt"  # 湛河区人民政府办公室 2023


def _with_manifest(tmp_path, manifest: bytes) -> govfoi.Corpus:
    shutil.copy(RAW / SEED, tmp_path / SEED)
    shutil.copy(RAW / "003_7352bb2a8fa12f0b.txt", tmp_path / "other.txt")
    (tmp_path / "manifest.csv").write_bytes(manifest)
    return govfoi.read_reports(tmp_path)


def _checks(corpus: govfoi.Corpus, name: str) -> dict[str, str]:
    rid = corpus.reports.filter(pl.col("source").str.ends_with(name))["report_id"][0]
    rows = corpus.checks.filter(pl.col("report_id") == rid)
    return dict(zip(rows["check"], rows["message"]))


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig", "gb18030"])
def test_a_manifest_saved_by_chinese_excel_is_read(tmp_path, encoding):
    text = f"file,agency,year\r\n{SEED},平顶山市湛河区人民政府办公室,2022\r\n"
    corpus = _with_manifest(tmp_path, text.encode(encoding))
    r = corpus.reports.filter(pl.col("source").str.ends_with(SEED))
    assert r["agency"].to_list() == ["平顶山市湛河区人民政府办公室"] and r["year"].to_list() == [2022]
    assert "manifest_invalid" not in _checks(corpus, SEED)


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("year", "²", "year ²"),
        ("year", "99999999999", "year 99999999999"),
        ("year", "99999", "year 99999"),
        ("notes", "长" * 200_000, "notes: 200,000 characters"),
        ("agency", "x" * 200_000, "agency: 200,000 characters"),
        ("division_code", "12345x", "division_code 12345x"),
        ("division_code", "999999", "division_code 999999 is not a division code"),
    ],
)
def test_a_bad_manifest_field_is_a_finding_on_its_row_never_an_abort(tmp_path, field, value, said):
    row = {"file": SEED, "agency": "湛河区政府信息公开办", "year": "2022", "notes": "", "division_code": ""}
    row[field] = value
    text = "file,agency,year,notes,division_code\n" + ",".join(row.values()) + "\nother.txt,别的机关,2021,,\n"
    corpus = _with_manifest(tmp_path, text.encode("utf-8"))
    assert corpus.summary()["files"] == 2
    checks = _checks(corpus, SEED)
    assert said in checks["manifest_invalid"] and "not applied" in checks["manifest_invalid"]
    applied = checks.get("metadata_from_manifest", "")
    assert f"{field}=" not in applied  # what was not applied is never said to be
    if field != "agency":
        assert "agency=湛河区政府信息公开办" in applied
    other = corpus.reports.filter(pl.col("source").str.ends_with("other.txt"))
    assert other["agency"].to_list() == ["别的机关"]  # the other rows are applied
    assert "manifest_invalid" not in _checks(corpus, "other.txt")


def test_unknown_columns_and_an_unreadable_manifest_are_said(tmp_path):
    corpus = _with_manifest(tmp_path, f"file,agncy,year\n{SEED},x,2022\n".encode())
    assert "unknown column(s) 'agncy'" in _checks(corpus, SEED)["manifest_invalid"]
    assert corpus.reports.filter(pl.col("source").str.ends_with(SEED))["year"].to_list() == [2022]
    corpus = _with_manifest(tmp_path, bytes(range(256)) * 50)
    assert corpus.summary()["files"] == 2
    assert "nothing" in _checks(corpus, SEED)["manifest_invalid"]


# ---- hangs and memory ----------------------------------------------------------------------------------------


def _hostile(name: str, folder):
    from benchmarks.hostile_inputs import CASES

    CASES[name](folder)


def _rows(corpus: govfoi.Corpus) -> dict[str, tuple[str, list[str]]]:
    out = {}
    for rid, source, status in corpus.reports.select("report_id", "source", "status").iter_rows():
        checks = corpus.checks.filter((pl.col("report_id") == rid) & (pl.col("severity") == "error"))["check"]
        out[source.rsplit("/", 1)[-1]] = (status, list(checks))
    return out


@pytest.mark.parametrize(
    ("case", "name", "check"),
    [
        ("html_spans_21kb", "spans.html", "too_large"),
        ("html_js_string_quadratic", "js.html", "not_a_report"),
        ("html_js_escaped_quotes", "js.html", "not_a_report"),
        ("docx_gridspan_400m", "span.docx", "not_a_report"),
    ],
)
def test_a_small_hostile_file_is_one_bounded_failed_row(tmp_path, case, name, check):
    """Each within 10 s (the budget turns a slow one into resource_limit, which this refuses)."""
    _hostile(case, tmp_path)
    assert _rows(govfoi.read_reports(tmp_path, max_seconds=10)) == {name: ("failed", [check])}


def test_a_report_in_a_script_string_is_still_found():
    from govfoi.read.html import _reports_in_script

    script = 'var a = "x\\"y", b = \'<table><tr><td>1\\x01</td></tr></table>\'; var c = `<TABLE>`;'
    assert _reports_in_script(script) == ["<table><tr><td>1\x01</td></tr></table>", "<TABLE>"]
    assert _reports_in_script('"open <table' + '\\"' * 1000) == []


def test_docx_grid_span_is_capped():
    from benchmarks.hostile_inputs import _W, _docx
    from govfoi.errors import FormatError
    from govfoi.read.docx import MAX_GRID_SPAN, from_docx

    xml = (
        f'<w:document {_W}><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="400000000"/></w:tcPr>'
        "<w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    )
    assert from_docx(_docx(xml.encode())).text == "x"  # a merge is layout: never expanded into fields
    many = "".join(
        f'<w:tc><w:tcPr><w:gridSpan w:val="{MAX_GRID_SPAN * 9}"/></w:tcPr><w:p/></w:tc>' for _ in range(4000)
    )
    huge = f"<w:document {_W}><w:body><w:tbl><w:tr>{many}</w:tr></w:tbl></w:body></w:document>"
    with pytest.raises(FormatError, match="merged cells expand past"):  # each span counts, capped, in the budget
        from_docx(_docx(huge.encode()))


@pytest.mark.parametrize(
    ("case", "name", "check"),
    [
        ("docx_directory_lies_1gb", "lies.docx", ("not_a_report", "too_large")),
        ("pdf_flate_bomb", "bomb.pdf", ("resource_limit",)),
        ("pdf_2m_text_objects", "objects.pdf", ("resource_limit", "too_large")),
    ],
)
def test_a_bomb_is_one_failed_row(tmp_path, case, name, check):
    _hostile(case, tmp_path)
    status, checks = _rows(govfoi.read_reports(tmp_path))[name]
    assert status == "failed" and len(checks) == 1 and checks[0] in check


@pytest.mark.parametrize("case", ["symlink_to_dev_zero", "fifo", "symlink_out_of_folder"])
def test_only_regular_files_inside_the_folder_are_read(tmp_path, case):
    _hostile(case, tmp_path)
    rows = _rows(govfoi.read_reports(tmp_path))
    assert rows.pop("a.txt")[0] == "ok"
    [(status, checks)] = rows.values()
    assert (status, checks) == ("failed", ["read_failed"])


def test_a_link_out_of_the_folder_is_named_and_not_followed(tmp_path):
    _hostile("symlink_out_of_folder", tmp_path)
    corpus = govfoi.read_reports(tmp_path)
    row = corpus.reports.filter(pl.col("source").str.ends_with("passwd.txt"))
    assert row["sha256"].to_list() == [""]  # never read, so never hashed
    message = corpus.checks.filter(pl.col("report_id") == row["report_id"][0])["message"][0]
    assert "outside the folder given" in message


def test_a_dotfile_is_accounted_for(tmp_path):
    shutil.copy(RAW / SEED, tmp_path / "..txt")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(RAW / SEED, tmp_path / ".hidden" / "x.txt")  # hidden folders (.git, .parts) are not walked
    assert _rows(govfoi.read_reports(tmp_path)) == {"..txt": ("ok", [])}


def _slow(*args, **kwargs):
    import time

    time.sleep(30)


def _greedy(*args, **kwargs):
    hog = [bytearray(64 * 2**20) for _ in range(64)]  # 4 GB, in steps
    return len(hog)


@pytest.mark.parametrize("hog", [_slow, _greedy])
def test_a_file_over_its_budget_is_a_failed_row_and_the_run_goes_on(tmp_path, monkeypatch, hog):
    shutil.copy(RAW / SEED, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text("hog\n" + (RAW / SEED).read_text(encoding="utf-8"), encoding="utf-8")
    real = report_module._read_tables

    def maybe_hog(report, lines, *args, **kwargs):
        if lines[0] == "hog":
            hog()
        return real(report, lines, *args, **kwargs)

    monkeypatch.setattr(report_module, "_read_tables", maybe_hog)
    rows = _rows(govfoi.read_reports(tmp_path, max_seconds=2, max_memory=256 * 2**20))
    assert rows == {"a.txt": ("ok", []), "b.txt": ("failed", ["resource_limit"])}


def _reports(folder, names: list[str]) -> dict[str, str]:
    """The seed reports under the given names, each made distinct (a copy of the same bytes is a duplicate):
    name → the seed's file name."""
    folder.mkdir(exist_ok=True)
    seeds = sorted(p.name for p in RAW.glob("*.txt"))
    out = {}
    for i, name in enumerate(names):
        seed = seeds[i % len(seeds)]
        (folder / name).write_bytes((RAW / seed).read_bytes() + b"\n" * (i + 1))
        out[name] = seed
    return out


def _statuses(chunks) -> dict[str, tuple[str, str]]:
    return {source.rsplit("/", 1)[-1]: (status, reason) for c in chunks for source, status, reason in c.statuses}


@pytest.mark.parametrize(("marker", "said"), [(faults.KILLED, "SIGKILL"), (faults.SEGFAULT, "SIGSEGV")])
def test_a_file_that_kills_its_worker_is_one_failed_row_and_the_run_goes_on(tmp_path, monkeypatch, marker, said):
    """A worker killed outright (SIGKILL from the out-of-memory killer, a segfault in a C library) ended the
    run with BrokenProcessPool. Fault injected: tests/faults.py's ``die_on`` replaces the batch parser (by
    monkeypatch, in this test only) and kills the worker process that gets the marked file."""
    killer = f"c-{marker}.txt"
    seeds = _reports(tmp_path / "in", ["a.txt", "b.txt", killer, "d.txt", "e.txt", "f.txt"])
    monkeypatch.setattr(batch_module, "_parse_chunk", faults.die_on)
    corpus = govfoi.read_reports(tmp_path / "in", workers=2)
    rows = _rows(corpus)
    assert rows.pop(killer) == ("failed", ["worker_died"])
    assert rows == {
        name: _rows(govfoi.read_reports(tmp_path / "in" / name))[name] for name in seeds if name != killer
    }  # every other file, read as it is read alone
    failed = corpus.reports.filter(pl.col("status") == "failed")["report_id"][0]
    [message] = corpus.checks.filter(pl.col("report_id") == failed)["message"]
    assert killer in message and said in message and "read alone" in message
    seed = govfoi.parse_report(RAW / seeds["a.txt"])
    a = corpus.reports.filter(pl.col("source").str.ends_with("/a.txt"))["report_id"][0]
    total = corpus.applications.filter(
        (pl.col("report_id") == a) & (pl.col("outcome") == "received") & (pl.col("applicant") == "total")
    )["count"]
    assert total.to_list() == [seed.value("applications", "received", "total")]


def test_after_a_worker_dies_the_pool_is_restarted_and_every_file_is_accounted_for(tmp_path, monkeypatch):
    """Ten batches of one file, four in flight: the second kills its worker; the batches lost with it are
    read again, and the six submitted after it go to a new pool (a broken one refuses them). Fault
    injected as above."""
    names = [f"{i:02d}.txt" for i in range(10)]
    names[1] = f"01-{faults.KILLED}.txt"
    _reports(tmp_path / "in", names)
    monkeypatch.setattr(batch_module, "_parse_chunk", faults.die_on)
    chunks = list(batch_module.iter_chunks([tmp_path / "in"], workers=2, chunk=1))
    assert [c.statuses[0][0].rsplit("/", 1)[-1] for c in chunks] == names  # in input order
    statuses = _statuses(chunks)
    assert statuses.pop(names[1])[0] == "failed"
    assert {status for status, _ in statuses.values()} <= {"ok", "warnings"}  # as the seeds are


def test_a_worker_the_system_killed_once_costs_no_file(tmp_path, monkeypatch):
    """A worker killed for another reason (the system short of memory) loses its batch: read again, whole
    and alone, every file is read. Fault injected as above: only the first process to get the file dies."""
    names = ["a.txt", f"b-{faults.KILLED_ONCE}.txt", "c.txt", "d.txt", "e.txt"]
    _reports(tmp_path / "in", names)
    monkeypatch.setattr(batch_module, "_parse_chunk", faults.die_on)
    statuses = _statuses(batch_module.iter_chunks([tmp_path / "in"], workers=2))
    assert statuses == _statuses(batch_module.iter_chunks([tmp_path / "in"]))  # as read without workers
    assert {status for status, _ in statuses.values()} <= {"ok", "warnings"}
    assert (tmp_path / f"{names[1]}.was-killed").exists()  # the fault did happen


# ---- what is printed ---------------------------------------------------------------------------------------


def test_names_and_titles_with_control_characters_are_printed_escaped(tmp_path, capsys):
    from govfoi.cli.commands import main

    forged = "x\nfiles read: 99  ok: 99  with warnings: 0  with errors: 0  failed: 0\n.txt"
    (tmp_path / forged).write_text("不是报告\n", encoding="utf-8")
    (tmp_path / "\x1b[31mred.txt").write_text("不是报告\n", encoding="utf-8")
    text = (RAW / SEED).read_text(encoding="utf-8")
    (tmp_path / "title.txt").write_text("\x1b]0;pwned\x07\x1b[2J" + text, encoding="utf-8")
    assert main(["parse", str(tmp_path), "--out", str(tmp_path / "out"), "--no-progress", "--workers", "1"]) == 1
    assert main(["check", str(tmp_path / "title.txt"), str(tmp_path / forged)]) == 1
    printed = capsys.readouterr()
    for stream in (printed.out, printed.err):
        assert "\x1b" not in stream and "\x07" not in stream
        assert not any(line.startswith("files read: 99") for line in stream.splitlines())
    assert "\\x1b[31mred.txt" in printed.err and "\\nfiles read: 99" in printed.err


def test_a_check_message_is_bounded():
    lines = (RAW / SEED).read_text(encoding="utf-8").split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    lines[i] = lines[i] + "\t1" * 200_000  # 200,000 extra values, quoted in extra_values
    r = govfoi.parse_text("\n".join(lines))
    assert r.n_errors and max(len(f.message) for f in r.findings) < 3000


def test_a_js_string_control_character_or_cut_utf8_loses_nothing():
    fig = random_figures(random.Random(5))
    page = render_html(fig, random.Random(5), in_script=True)
    damaged = page.replace("<td>", "<td>\\x01\\ud800", 1).encode("utf-8")  # escapes in the JS string
    r = govfoi.parse_report(damaged, name="js.html")
    assert r.status != "failed" and "internal_error" not in {f.check for f in r.findings}
    text = render(fig, "tab", random.Random(5)).encode("utf-8") + "合".encode()[:2]
    assert (
        govfoi.parse_report(text).value("applications", "received", "total") == fig.applications[("received", "total")]
    )


def test_a_pdf_bomb_in_a_worker_is_one_failed_row(tmp_path):
    """With worker processes, a file past its budget costs its row, not the worker or the run."""
    from govfoi.cli.commands import main

    _hostile("pdf_flate_bomb", tmp_path)
    shutil.copy(RAW / SEED, tmp_path / "a.txt")
    assert main(["parse", str(tmp_path), "--out", str(tmp_path / "out"), "--no-progress", "--workers", "2"]) == 1
    assert _rows(govfoi.Corpus.read(tmp_path / "out")) == {
        "a.txt": ("ok", []),
        "bomb.pdf": ("failed", ["resource_limit"]),
    }


@pytest.mark.parametrize("damage", ["deep", "deeper_than_libxml2", "inline_image", "xml_declaration"])
def test_a_page_deep_or_with_a_huge_text_node_or_xhtml_is_read_whole(damage):
    """libxml2's default limits cut such pages short and the report was blamed (missing_table); past 2,048
    open elements it stops even with huge_tree, and the page is read again flattened."""
    fig = random_figures(random.Random(7))
    page = render_html(fig, random.Random(7))
    if damage == "deep":
        page = page.replace("<body>", "<body>" + "<div>" * 600).replace("</body>", "</div>" * 600 + "</body>")
    elif damage == "deeper_than_libxml2":
        nest = "<div><font>" * 2_500 + "<section>\n" * 1_000
        page = page.replace("<body>", "<body>" + nest).replace("</body>", "</section>" * 1_000 + "</body>")
    elif damage == "inline_image":
        page = page.replace("<body>", '<body><p><img src="data:image/png;base64,' + "A" * 11_000_000 + '"></p>')
    else:
        page = '<?xml version="1.0" encoding="utf-8"?>\n' + page
    r = govfoi.parse_report(page.encode("utf-8"), name="page.html")
    assert r.status == "ok", [f.message for f in r.findings]
    assert r.value("applications", "received", "total") == fig.applications[("received", "total")]


def test_a_page_cut_short_says_so():
    """Tables nested past libxml2's 2,048 open elements still stop its reading: the report must say the page
    was cut, and where; before, what followed was dropped without a word."""
    fig = random_figures(random.Random(8))
    page = render_html(fig, random.Random(8))
    nest = "<table><tr><td>" * 1_100 + "x" + "</td></tr></table>" * 1_100
    before = govfoi.parse_report(page.replace("<body>", "<body>" + nest).encode("utf-8"), name="before.html")
    assert before.status == "failed"  # the report came after the cut: lost, and said so
    after = govfoi.parse_report(page.replace("</body>", nest + "</body>").encode("utf-8"), name="after.html")
    assert after.status == "warnings"  # the report was read whole, the page's rest was not
    assert after.value("applications", "received", "total") == fig.applications[("received", "total")]
    for r in (before, after):
        [cut] = [f for f in r.findings if f.check == "page_truncated"]
        assert cut.severity == "warning" and "2,048 elements deep" in cut.message and "line" in cut.message
        assert r.source in cut.message


def test_a_page_read_flattened_reads_as_the_page():
    """The flattened reading (for pages nested past libxml2's limit) gives the same lines and source lines
    as the page's own tree: blocks are line breaks and inline elements nothing, as the walk reads them."""
    from govfoi.read.html import _flatten, from_html

    pages = [
        render_html(random_figures(random.Random(seed)), random.Random(seed), in_script=seed % 3 == 0)
        for seed in range(30)
    ]
    pages += [p.read_text(encoding="utf-8") for p in sorted((DATA / "real_tools" / "html").glob("*.html"))]
    pages.append((DATA / "shuyang-fgj-2023.html").read_text(encoding="utf-8"))
    for page in pages:
        direct, flat = from_html(page), from_html(_flatten(page))
        assert (flat.text, flat.source_lines) == (direct.text, direct.source_lines)
