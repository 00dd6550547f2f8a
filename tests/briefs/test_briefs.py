"""HTML briefs: every brief rendered, self-contained and offline, safe file names, drawn in a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govfoi.briefs import index as brief_index
from govfoi.briefs import jobs as brief_jobs
from govfoi.briefs import names
from govfoi.briefs import render as briefs
from govfoi.cli.commands import main
from govfoi.corpus.frames import Corpus
from tests.conftest import RAW

pytestmark = pytest.mark.slow
SEED_AGENCIES = ["北仑区人民政府", "双鸭山市", "沿海工业城发展服务中心", "湛河区人民政府办公室", "阜新市海州区"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    data = tmp_path_factory.mktemp("processed")
    out = tmp_path_factory.mktemp("briefs")
    assert main(["parse", str(RAW), "--out", str(data), "--no-progress", "--workers", "1"]) == 0
    assert main(["briefs", "--data", str(data), "--out", str(out)]) == 0
    return out


def test_every_agency_has_a_brief_plus_compare_quality_and_index(rendered):
    pages = sorted(p.name for p in rendered.glob("*.html"))
    assert len(pages) == len(SEED_AGENCIES) + 5
    assert {"index.html", "metrics.html", "compare.html", "compare-province.html", "data-quality.html"} <= set(pages)
    index = (rendered / "index.html").read_text(encoding="utf-8")
    for agency in SEED_AGENCIES:
        assert agency in index
    assert "<td>县级</td>" in index and "<td>有警告</td>" in index  # codes shown as labels in the page's language
    assert "<td>county</td>" not in index and "<td>warnings</td>" not in index
    for page in pages:
        if page not in ("index.html", "metrics.html"):
            assert f'href="{page}"' in index
            assert (rendered / page.replace(".html", ".ipynb")).exists()  # executed notebook kept beside


EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def test_briefs_load_nothing_from_the_network(rendered):
    for page in rendered.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), page.name
        assert not re.search(r"@import|url\(\s*['\"]?https?:", text), page.name
        assert "require.js" not in text and "mathjax" not in text.lower()
        if page.name != "index.html":
            assert text.count("vegaEmbed=") + text.count("window.vegaEmbed") <= 2  # one bundle per page
            assert "@font-face{font-family:'govfoi-cjk'" in text
            assert "def " not in text  # code is hidden


def test_one_brief_by_short_name(rendered, tmp_path):
    data = tmp_path / "data"
    assert main(["parse", str(RAW), "--out", str(data), "--no-progress", "--workers", "1"]) == 0
    assert main(["brief", "--agency", "双鸭山", "--data", str(data), "--out", str(tmp_path / "one")]) == 0
    [page] = (tmp_path / "one").glob("agency-*.html")
    assert "双鸭山市" in page.read_text(encoding="utf-8")
    assert main(["brief", "--agency", "区", "--data", str(data), "--out", str(tmp_path / "x")]) == 2
    assert main(["brief", "--agency", "北仑", "--data", str(tmp_path / "nothing"), "--out", str(tmp_path / "x")]) == 2


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_safe_name_never_leaves_the_folder(name):
    stem = names.safe_name(name, "agency")
    assert "/" not in stem and "\\" not in stem and ".." not in stem and "\x00" not in stem
    assert 0 < len(stem.encode("utf-8")) <= 200
    assert Path(stem).name == stem


@pytest.mark.parametrize("name", ["../../x", "a/b", "x" * 300, "..", "/etc/passwd", "北仑\\..\\..\\x", "CON"])
def test_hostile_agency_names_stay_inside_the_output_folder(tmp_path, name):
    out = tmp_path / "out"
    job = brief_jobs.BriefJob(names.safe_name(name, "agency"), name, "agency_brief")
    result = brief_jobs.Rendered(job, body="<p>x</p>", notebook_json="{}")
    [written] = briefs.write_pages([result], out, font_css="")
    assert written.parent == out.resolve()
    brief_index.write_index([result], out, font_css="")
    assert {p.parent for p in tmp_path.rglob("*") if p.is_file()} == {out}


def test_batch_collects_failures_and_renders_the_rest(tmp_path):
    data = tmp_path / "data"
    assert main(["parse", str(RAW), "--out", str(data), "--no-progress", "--workers", "1"]) == 0
    jobs = [brief_jobs.agency_job("北仑区人民政府", data), brief_jobs.agency_job("no such agency", data)]
    results = briefs.render(jobs, tmp_path / "out", workers=2, corpus=Corpus.read(data))
    assert [bool(r.error) for r in results] == [False, True]
    assert "matches no agency" in results[1].error
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "no such agency" in index and "matches no agency" in index


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def dump_dom(page: Path, env: dict | None = None, width: int = 1280) -> str:
    """The page's DOM after scripts ran, in headless Chromium with every host name unresolvable."""
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: `make browser` installs it")
        pytest.skip("chromium not installed (`make browser`)")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--virtual-time-budget=10000",
                f"--window-size={width},2000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, **(env or {})},
        ).stdout


def test_chinese_uses_the_embedded_font_when_the_viewer_has_none(rendered, tmp_path):
    """With fontconfig limited to Latin fonts, the page still has its own Chinese glyphs loaded."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>/usr/share/fonts/truetype</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    page = next(rendered.glob("agency-北仑*.html"))
    dom = dump_dom(page, {"FONTCONFIG_FILE": str(conf)})
    assert 'data-cjk-font="embedded"' in dom


def test_a_brief_draws_every_chart_offline_in_chromium(rendered):
    page = next(rendered.glob("agency-北仑*.html"))
    dom = dump_dom(page)
    charts = dom.count('class="govfoi-chart"')
    drawn = re.findall(r'<div class="vis[^"]*"[^>]*>.*?</svg>', dom, flags=re.S)
    assert charts == 5 and len(drawn) == charts, (charts, len(drawn))
    for svg in drawn:
        assert re.search(r'class="mark-(?:rect|symbol|rule)', svg), "a chart without marks"
    assert not re.search(r">chart failed:", dom)
    assert "办理结果构成" in dom and "申请人构成" in dom and "自然人" in dom  # Chinese labels drawn as SVG text


def test_the_synthetic_example_set_gets_trend_briefs_marked_synthetic(tmp_path):
    import govfoi

    corpus = govfoi.read_reports(RAW.parent / "synthetic")
    jobs = brief_jobs.all_jobs(corpus, tmp_path, ("trends", "compare"))
    trends = [j for j in jobs if j.notebook == "trends"]
    assert len(trends) == 5 + 2  # five agencies with four years each; 浙江省 and 宁波市 have 2+ agencies
    assert {j.parameters["region"] for j in trends} == {"", "浙江省", "宁波市"}
    assert all(j.name.startswith("synthetic-") and j.title.startswith("【合成示例】") for j in jobs)
    real = brief_jobs.all_jobs(govfoi.read_reports(RAW), tmp_path)
    assert not [j for j in real if j.notebook == "trends"]  # the seeds cover one year
    assert not any("synthetic" in j.name for j in real)


def test_every_page_fits_1280_px_and_cuts_no_label(rendered):
    """In a 1,280 px window, no page scrolls sideways and no SVG text is cut to '…' (Vega's label limit)."""
    pages = sorted(rendered.glob("*.html"))
    assert len(pages) == len(SEED_AGENCIES) + 5
    for page in pages:
        dom = dump_dom(page)
        width = re.search(r'data-scroll-width="(\d+)"', dom)
        assert width, f"{page.name}: the page did not finish drawing"
        assert int(width.group(1)) <= 1280, (page.name, width.group(1))
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", dom)
        cut = [t for t in texts if t.rstrip().endswith("…")]
        assert not cut, (page.name, cut)
        assert "null" not in texts and "undefined" not in texts, page.name  # a missing value drawn as a word


def test_one_brief_updates_the_index_and_never_shrinks_it(rendered, tmp_path):
    import shutil

    out = tmp_path / "briefs"
    shutil.copytree(rendered, out)
    before = brief_index.read_index(out)
    assert len(before) == len(SEED_AGENCIES) + 3
    data = tmp_path / "data"
    assert main(["parse", str(RAW), "--out", str(data), "--no-progress", "--workers", "1"]) == 0
    assert main(["brief", "--agency", "双鸭山", "--data", str(data), "--out", str(out)]) == 0
    after = brief_index.read_index(out)
    assert sorted(e["name"] for e in after) == sorted(e["name"] for e in before)
    index = (out / "index.html").read_text(encoding="utf-8")
    for agency in SEED_AGENCIES:
        assert agency in index
    row = next(e for e in after if e["agency"] == "北仑区人民政府")
    assert (row["year"], row["status"], row["received"], row["place"]) == (2023, "ok", 386, "浙江省 宁波市 北仑区")


def test_briefs_in_english(tmp_path):
    data = tmp_path / "data"
    assert main(["parse", str(RAW), "--out", str(data), "--no-progress", "--workers", "1"]) == 0
    assert main(["brief", "--agency", "北仑", "--data", str(data), "--out", str(tmp_path / "en"), "--lang", "en"]) == 0
    [page] = (tmp_path / "en").glob("agency-*.html")
    text = page.read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "Key findings" in text and "Why requests were not granted" in text
    assert "All briefs" in text and "Disclosure rate" in text
    visible = re.sub(r"<script.*?</script>|<style.*?</style>", "", text, flags=re.S)
    for zh in ("主要数字", "办理结果", "全部简报", "指标定义", "申请人构成", "公开率"):
        assert zh not in visible, zh
    assert "Disclosure report briefs" in (tmp_path / "en" / "index.html").read_text(encoding="utf-8")


def test_a_name_cannot_derail_the_scripts_of_a_page():
    """An agency named x<!--<script>y (issue 15): in a page's JSON, "<!--" would put the HTML parser in a
    script escape state and every chart after it would be lost; "</script>" would end the script."""
    import json

    from govfoi.briefs.page import script_safe

    hostile = {"agency": "x<!--<script>y</script>"}
    payload = script_safe(json.dumps(hostile, ensure_ascii=False))
    assert "<" not in payload and ">" not in payload
    assert json.loads(payload) == hostile


def test_definitions_link_to_a_page_inside_the_briefs_folder(rendered, tmp_path):
    """Each brief's "full definitions" opens metrics.html beside it: offline, and still right when the
    folder is moved or published (a file:// link to the checkout broke both)."""
    moved = tmp_path / "published" / "briefs"
    shutil.copytree(rendered, moved)
    for page in moved.glob("*.html"):
        links = re.findall(r'<a [^>]*href="([^"#]+)"', page.read_text(encoding="utf-8"))
        assert not [h for h in links if h.startswith("file:")], page.name
        local = [h for h in links if not h.startswith(("data:", "http:", "https:"))]
        assert all((page.parent / h).exists() for h in local), (page.name, local)
    agency = next(moved.glob("agency-北仑*.html")).read_text(encoding="utf-8")
    assert 'href="metrics.html"' in agency
    metrics = (moved / "metrics.html").read_text(encoding="utf-8")
    for label in ("公开率", "不掌握率", "复议纠错率", "未予公开原因占比", "样本小"):
        assert label in metrics
    assert "refusal mix" in metrics and "<table" in metrics  # docs/METRICS.md, its table drawn as a table
    assert "@font-face{font-family:'govfoi-cjk'" in metrics


def test_executed_notebooks_beside_the_pages_are_valid(rendered):
    import nbformat

    notebooks = sorted(rendered.glob("*.ipynb"))
    assert len(notebooks) == len(SEED_AGENCIES) + 3
    for path in notebooks:
        nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        nbformat.validate(nb)
        assert any(c.metadata.get("tags") == ["injected-parameters"] for c in nb.cells), path.name  # papermill's
        assert all(c.get("outputs") is not None for c in nb.cells if c.cell_type == "code")


def test_chart_specs_in_the_briefs_are_valid_vega_lite(rendered):
    """Briefs skip Altair's validation for speed (govfoi.briefs.page.chart_spec): the schema is checked here."""
    import json

    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    schema = load_schema()
    specs = [
        json.loads(m)
        for page in rendered.glob("*.html")
        for m in re.findall(
            r'<div class="govfoi-chart"><div class="vis"></div><script type="application/json">(.*?)</script>',
            page.read_text(encoding="utf-8"),
        )
    ]
    assert len(specs) >= 5 * len(SEED_AGENCIES)
    for spec in specs:
        validate_jsonschema(spec, schema)


def test_a_large_batch_on_worker_processes_renders_the_same_pages(tmp_path, monkeypatch):
    """Worker processes (a batch of briefs.POOL_FROM or more) give the pages one process gives."""
    data = tmp_path / "data"
    assert main(["parse", str(RAW), "--out", str(data), "--no-progress", "--workers", "1"]) == 0
    corpus = Corpus.read(data)
    jobs = brief_jobs.all_jobs(corpus, data)
    here = briefs.render(jobs, tmp_path / "one", workers=1, corpus=corpus)
    monkeypatch.setattr(briefs, "POOL_FROM", 2)
    pooled = briefs.render(jobs, tmp_path / "two", workers=2, corpus=corpus)
    # when each page was generated, and the id papermill gives its injected cell (random)
    dated = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC|cell-id=[0-9a-f-]+")
    assert [r.job for r in pooled] == jobs and not any(r.error for r in pooled)
    assert [dated.sub("", r.body) for r in pooled] == [dated.sub("", r.body) for r in here]


def test_a_chart_cannot_end_its_script_in_the_page_body():
    """Chart specs sit in <script type="application/json">: an agency named x<!--<script>y must not end or
    derail that script (the notebook exporter used to escape only "</")."""
    import json

    import nbformat

    from govfoi.briefs.nbhtml import body
    from govfoi.briefs.page import CHART_MIME

    hostile = {"data": {"values": [{"agency": "x<!--<script>y</script>"}]}, "mark": "bar"}
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "show(chart)",
                outputs=[nbformat.v4.new_output("display_data", data={CHART_MIME: hostile, "text/plain": "<chart>"})],
            )
        ]
    )
    html = body(nb)
    [payload] = re.findall(r'<script type="application/json">(.*?)</script>', html, flags=re.S)
    assert "<" not in payload and json.loads(payload) == hostile


def test_every_page_of_the_synthetic_set_has_one_banner_and_one_brief_keeps_its_name(tmp_path):
    """Every page of the synthetic set, the comparison, index and definitions included, says once that its
    figures are invented; `brief` after `briefs` replaces the agency's row in the index, not adds a second
    one without the synthetic mark."""
    data, out = tmp_path / "data", tmp_path / "briefs"
    assert main(["parse", str(RAW.parent / "synthetic"), "--out", str(data), "--no-progress", "--workers", "1"]) == 0
    assert main(["briefs", "--data", str(data), "--out", str(out), "--only", "agency", "compare"]) == 0
    pages = sorted(out.glob("*.html"))
    assert {"index.html", "metrics.html", "synthetic-compare.html"} <= {p.name for p in pages}
    for page in pages:
        assert page.read_text(encoding="utf-8").count('<div class="synthetic-banner"') == 1, page.name
    before = sorted(e["name"] for e in brief_index.read_index(out))
    assert main(["brief", "--agency", "鄞州", "--data", str(data), "--out", str(out)]) == 0
    after = brief_index.read_index(out)
    assert sorted(e["name"] for e in after) == before and all(n.startswith("synthetic-") for n in before)
    assert all(e["title"].startswith("【合成示例】") for e in after)


def test_the_numbers_behind_a_page_download_as_csv_with_a_bom(rendered):
    import base64
    import csv
    import io

    page = next(rendered.glob("agency-北仑*.html")).read_text(encoding="utf-8")
    links = dict(re.findall(r'download="([^"]+)" href="data:text/csv;charset=utf-8;base64,([^"]+)"', page))
    assert len(links) == 5
    text = base64.b64decode(links[next(n for n in links if n.endswith("-rates.csv"))]).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 with a BOM as UTF-8 (Chinese shown)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    disclosure = next(r for r in rows if r["metric"] == "disclosure_rate")
    assert (disclosure["numerator"], disclosure["denominator"]) == ("192.0", "378.0")


def test_the_index_sorts_and_filters_offline_in_chromium(rendered, tmp_path):
    """A click on 新收申请 sorts the rows by that number; typing in the filter hides the rows without it."""
    index = (rendered / "index.html").read_text(encoding="utf-8")
    actions = (
        "<script>document.querySelectorAll('table.index th')[6].click();"
        "document.body.dataset.sorted = Array.from(document.querySelectorAll('table.index tbody tr'))"
        ".map(function(r){ return r.cells[6].dataset.value; }).join(' ');"
        "var box = document.getElementById('filter'); box.value = '北仑';"
        "box.dispatchEvent(new Event('input'));</script></body>"
    )
    page = tmp_path / "index.html"
    page.write_text(index.replace("</body>", actions), encoding="utf-8")
    dom = dump_dom(page)
    order = [int(v) for v in re.search(r'data-sorted="([^"]*)"', dom).group(1).split()]
    assert order == sorted(order) and 386 in order
    shown = [r for r in re.findall(r"<tr data-kind[^>]*>.*?</tr>", dom, flags=re.S) if " hidden" not in r.split(">")[0]]
    assert len(shown) == 1 and "北仑区人民政府" in shown[0]


def test_the_page_body_shows_every_kind_of_output_and_no_code():
    """govfoi.briefs.nbhtml: markdown cells and outputs rendered, text escaped, the richest representation chosen,
    the source of code cells never shown."""
    import nbformat

    from govfoi.briefs.nbhtml import body

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
            nbformat.v4.new_code_cell(
                "secret_source_line = 1",
                outputs=[
                    nbformat.v4.new_output("stream", name="stdout", text="<printed>"),
                    nbformat.v4.new_output("display_data", data={"text/html": "<b>bold</b>", "text/plain": "bold"}),
                    nbformat.v4.new_output("execute_result", data={"text/plain": "'<plain>'"}, execution_count=1),
                ],
            ),
        ]
    )
    html = body(nb)
    assert "<h1>Title</h1>" in html and "<td>1</td>" in html
    assert "<pre>&lt;printed&gt;</pre>" in html and "<b>bold</b>" in html and "&#x27;&lt;plain&gt;&#x27;" in html
    assert "secret_source_line" not in html
