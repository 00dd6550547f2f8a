"""Bad and unusual inputs: encodings, non-reports, damaged tables. A clear finding, never a traceback."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

import govfoi
from govfoi.codes import HANDLED_OUTCOMES
from govfoi.errors import ReportNotFoundError
from govfoi.testing.synth import random_figures, render
from tests.conftest import RAW

SEED = (RAW / "001_b5a7a5de05f46fe6.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(encoding):
    r = govfoi.parse_report(SEED.encode(encoding))
    assert r.status == "ok" and r.agency == "湛河区人民政府办公室"
    assert r.value("applications", "received", "total") == 12


def test_full_width_digits_and_crlf():
    text = SEED.replace("\n", "\r\n").replace("\t31\n", "\t３１\n")
    r = govfoi.parse_text(text)
    assert r.value("disclosure", "normative_documents", "in_force") == 31


@pytest.mark.parametrize("text", ["", "   \n\n", "hello world", "政府信息公开\n" * 3, "\x00\x01\x02" * 100])
def test_non_reports_fail_with_one_clear_finding(text):
    r = govfoi.parse_report(text.encode("utf-8", "replace"), name="x.txt")
    assert r.status == "failed"
    assert [f.check for f in r.findings] in (["not_a_report"], ["unknown_encoding"])
    assert "x.txt" in r.findings[0].message


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    r = govfoi.parse_report(path, max_bytes=1024)
    assert r.status == "failed" and r.findings[0].check == "too_large"


def test_missing_table_is_an_error():
    text = SEED[: SEED.index("四、政府信息公开行政复议")]
    r = govfoi.parse_text(text)
    assert ("missing_table", "appeals") in {(f.check, f.table) for f in r.findings}
    assert r.status == "errors" and not r.appeals


def test_printed_total_that_contradicts_its_parts_is_kept_and_flagged():
    fig = random_figures(random.Random(3))
    printed = fig.applications[("granted", "total")] + 7
    r = govfoi.parse_text(render(fig.with_cell("applications", ("granted", "total"), printed), "tab"))
    assert r.value("applications", "granted", "total") == printed
    sums = [f for f in r.findings if f.check == "row_sum" and f.row == "granted"]
    assert sums and sums[0].actual == printed and sums[0].expected == printed - 7


def _consistent(fig):
    """Recompute the totals that the identities fix, after a test changed some cells."""
    apps = fig.applications
    for a in [a for _, a in apps if a != "total"]:
        apps[("processed_total", a)] = sum(apps[(o, a)] for o in HANDLED_OUTCOMES)
        apps[("received", a)] = apps[("processed_total", a)] + apps[("carried_forward", a)] - apps[("carried_over", a)]
    for o, _ in list(apps):
        apps[(o, "total")] = sum(v for (r, c), v in apps.items() if r == o and c != "total")
    return fig


def test_ambiguous_gaps_stay_null_with_an_error():
    """Two rows each lose a cell, and swapping 1s between them satisfies every identity: never guess."""
    fig = random_figures(random.Random(5))
    for a in ("natural_person", "business", "research", "social_welfare", "legal_services", "other_org"):
        fig.applications[("granted", a)] = 1 if a == "natural_person" else 0
        fig.applications[("withheld_third_party", a)] = 1 if a == "business" else 0
    fig = _consistent(fig)
    lines = render(fig, "tab").split("\n")
    for i, line in enumerate(lines):
        if "予以公开" in line:
            lines[i] = line.replace("\t0\t", "\t", 1)  # 1 0 0 0 0 1: an organisation cell lost
        elif "第三方" in line:
            lines[i] = line.replace("\t0\t1\t", "\t1\t", 1)  # 1 0 0 0 0 1: the natural-person cell lost
    r = govfoi.parse_text("\n".join(lines))
    for row in ("granted", "withheld_third_party"):
        for a in ("natural_person", "business"):
            assert r.applications[(row, a)].value is None
            assert any(
                f.check == "missing_cell" and f.row == row and f.column == a and f.severity == "error"
                for f in r.findings
            )
        assert r.value("applications", row, "total") == 1
    assert not [f for f in r.findings if f.check in ("row_sum", "column_sum", "intake_balance")]


def test_single_other_handling_row_goes_to_other_with_an_info_check():
    """Hybrid 2021 reports (and the 2019 template) give （六）其他处理 as one row."""
    fig = random_figures(random.Random(8))
    for a in [a for _, a in fig.applications if a != "total"]:
        fig.applications[("other", a)] += (
            fig.applications[("other_no_correction", a)] + fig.applications[("other_no_fee", a)]
        )
        fig.applications[("other_no_correction", a)] = fig.applications[("other_no_fee", a)] = 0
    fig = _consistent(fig)
    lines = render(fig, "tab").split("\n")
    kept = [ln for ln in lines if "逾期" not in ln]
    kept = [ln.replace("3.其他", "(六)其他处理") for ln in kept]
    r = govfoi.parse_text("\n".join(kept))
    assert r.template == "2021-hybrid"
    for a in ("natural_person", "total"):
        assert r.value("applications", "other", a) == fig.applications[("other", a)]
        assert r.value("applications", "other_no_correction", a) is None
    assert [f.severity for f in r.findings if f.check == "single_other_row"] == ["info"]
    assert r.n_errors == 0
    # Column sums are still checked without the two missing rows.
    broken = "\n".join(kept).replace("(六)其他处理\t", "(六)其他处理\t9", 1)
    assert any(f.check == "column_sum" for f in govfoi.parse_text(broken).findings)


def test_parse_text_reads_text_never_a_path():
    text = (RAW / "003_7352bb2a8fa12f0b.txt").read_text(encoding="utf-8")
    a, b = govfoi.parse_text(text, name="x"), govfoi.parse_report(RAW / "003_7352bb2a8fa12f0b.txt", name="x")
    assert (a.report_id, a.status, a.agency, a.value("applications", "granted", "total")) == (
        b.report_id,
        b.status,
        b.agency,
        b.value("applications", "granted", "total"),
    )
    path = str(RAW / "003_7352bb2a8fa12f0b.txt")
    assert govfoi.parse_text(path).status == "failed"  # a path passed as text is text: no report in it
    assert govfoi.parse_report(path).status != "failed"


@pytest.mark.parametrize("source", ["data/rwa/003.txt", Path("data/rwa/003.txt"), "二、主动公开政府信息情况\n规章\t1"])
def test_parse_report_of_no_existing_file_is_an_error_never_text(source):
    """A mistyped path, or report text given where a path goes, raises an error naming it."""
    named = r"no such file: .*(data/rwa/003\.txt|规章\\t1).*parse_text"
    with pytest.raises(ReportNotFoundError, match=named) as raised:
        govfoi.parse_report(source)
    assert isinstance(raised.value, FileNotFoundError) and raised.value.file == os.fspath(source)
