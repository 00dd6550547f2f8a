"""Reports captured as one run-on line (a crawler joining a page's text nodes), and the search that cuts
digits run together: real Pingtan captures where ../shared is present, properties everywhere."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from govfoi.codes import APPLICANTS, OUTCOMES
from govfoi.parse.cuts import _splits
from govfoi.parse.report import parse_report, parse_text
from govfoi.parse.tokens import normalize
from govfoi.read.linebreaks import restore_line_breaks
from govfoi.testing import synth
from govfoi.testing.damage import _split_row, _table_rows, damage_subtotal_column

PINGTAN = Path(__file__).resolve().parents[3] / "shared" / "real" / "pingtan"
ROW_SUM = (((0, 1, 2, 3, 4, 5), (6,)),)


def _crawled(fig: synth.Figures, rng: random.Random) -> str:
    """The report as a crawler saves a page: a metadata header, then every text node joined, no separator."""
    return _crawled_text(fig, synth.render(fig, "tab", rng))


def _crawled_text(fig: synth.Figures, text: str) -> str:
    """A report in the tab layout as a crawler saves its page (``_crawled``)."""
    page = lxml_html.document_fromstring(synth.text_as_html(text))
    body = "".join(t for t in page.itertext() if t.strip())
    return (
        f"标题: {fig.agency}{fig.year}年政府信息公开工作年度报告\n发布机构: {fig.agency}\n"
        f"{'=' * 20} 正文 {'=' * 20}\n{body}"
    )


@pytest.mark.slow
@given(st.integers(0, 10_000))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_one_line_capture_reads_every_cell_or_says_why(seed):
    rng = random.Random(seed)
    fig = synth.random_figures(rng)
    report = parse_text(_crawled(fig, rng), name="capture.txt")
    assert report.tables_found == 3
    assert (report.agency, report.year) == (fig.agency, fig.year)
    wrong = [c for c, v in fig.applications.items() if report.applications[c].value not in (v, None)]
    wrong += [c for c, v in fig.appeals.items() if report.appeals[c].value not in (v, None)]
    assert not wrong or report.n_errors, wrong  # a wrong cell never passes without an error
    if report.n_errors == 0:  # and a capture the identities settle is read whole
        assert all(report.applications[c].value == v for c, v in fig.applications.items())


def test_one_line_captures_are_read_well_overall():
    right = cells = 0
    for seed in range(30):
        rng = random.Random(seed)
        fig = synth.random_figures(rng)
        report = parse_text(_crawled(fig, rng), name="capture.txt")
        cells += len(fig.applications)
        right += sum(report.applications[c].value == v for c, v in fig.applications.items())
    assert right / cells >= 0.95, right / cells


@pytest.mark.slow
@given(st.lists(st.integers(0, 3000), min_size=6, max_size=6))
@settings(deadline=None)
def test_a_row_run_together_is_cut_back_into_its_cells(parts):
    row = (*parts, sum(parts))
    readings = _splits(("".join(map(str, row)),), 7, ROW_SUM)
    assert readings is not None and tuple(map(float, row)) in readings
    assert all(sum(r[:6]) == r[6] for r in readings)


@given(st.lists(st.integers(0, 99), min_size=6, max_size=6), st.data())
@settings(deadline=None)
def test_spaces_kept_by_a_crawler_are_cuts(parts, data):
    row = [str(v) for v in (*parts, sum(parts))]
    cut = sorted(data.draw(st.sets(st.integers(1, 6), max_size=3)))
    words = tuple("".join(row[a:b]) for a, b in zip((0, *cut), (*cut, 7)))
    readings = _splits(words, 7, ROW_SUM)
    assert readings is not None and tuple(map(float, (*parts, sum(parts)))) in readings


def test_only_long_lines_holding_table_rows_are_cut():
    prose = ["一、总体情况 " + "本机关认真贯彻落实条例。" * 30]
    assert restore_line_breaks(prose) == (prose, None)
    capture = normalize(
        "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量15130000154二、上年结转政府信息公开申请数量0000000"
        "三、本年度办理结果（一）予以公开330000033（二）部分公开380000038（三）不予公开1.属于国家秘密00000002.其他法律"
        "行政法规禁止公开0000000（四）无法提供1.本机关不掌握相关政府信息4910000502.没有现成信息需要另行制作3000003"
        "五、存在的主要问题及改进情况" + "本机关将进一步做好工作。" * 5
    )
    lines, origin = restore_line_breaks([capture])
    assert "一、本年新收政府信息公开申请数量15130000154" in lines and "1.属于国家秘密0000000" in lines
    assert "1.本机关不掌握相关政府信息491000050" in lines  # 49|1|0|0|0|0|50, then item 2.
    assert origin == [1] * len(lines)


@pytest.mark.skipif(not PINGTAN.exists(), reason="../shared/real/pingtan is not beside this clone")
@pytest.mark.parametrize("name", ["pingtan-2019.txt", "pingtan-2025.txt"])
def test_real_one_line_captures(name):
    expected = next(e for e in json.loads((PINGTAN / "expected.json").read_text(encoding="utf-8")) if e["file"] == name)
    report = parse_report(PINGTAN / name)
    assert (report.agency, report.year) == (expected["agency"], expected["year"])
    for column, key in (("applications_total", "total"), ("applications_natural_person", "natural_person")):
        for outcome, value in expected[column].items():
            assert report.value("applications", outcome, key) == value, (column, outcome)
    for cell, value in expected["appeals"].items():
        assert report.value("appeals", *cell.split(".")) == value, cell
    # 5845546 (行政规范性文件: 58|45|546) has fifteen readings and no identity to choose: flagged, not guessed
    if name == "pingtan-2025.txt":
        assert report.value("disclosure", "normative_documents", "in_force") is None
        assert any(f.check == "ambiguous_split" and f.row == "normative_documents" for f in report.findings)
        assert report.value("disclosure", "fees", "amount_10k_yuan") == expected["disclosure"]["fees.amount_10k_yuan"]


@pytest.mark.slow
@given(st.integers(0, 10_000))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_one_line_capture_with_blank_cells_reads_them_or_says_why(seed):
    """Blank cells (zeros left empty) vanish from a capture: a row's digits are then fewer than its cells.
    A cell read is the figure, or a blank read as the 0 the identities force (marked imputed); else an error."""
    rng = random.Random(seed)
    fig = synth.random_figures(rng)
    blank = [c for c, v in fig.applications.items() if v == 0 and c[1] != "total" and rng.random() < 0.5]
    for cell in blank:
        fig = fig.with_cell("applications", cell, "")
    report = parse_text(_crawled(fig, rng), name="capture.txt")
    wrong = [
        c
        for c, v in fig.applications.items()
        if report.applications[c].value is not None
        and (
            report.applications[c].value != (0 if c in blank else v)
            or (c in blank and not report.applications[c].imputed)
        )
    ]
    assert not wrong or report.n_errors, wrong


def _crawled_with_blanks(fig: synth.Figures, rng: random.Random, subtotal: bool) -> tuple[str, set]:
    """``_crawled``, where table 三 may print a 法人或其他组织 小计 column and about half its zeros are blank
    cells (each gone from the capture without a trace); with the cells of table 三 left blank."""
    text = synth.render(fig, "tab", rng)
    width = 8 if subtotal else 7
    if subtotal:
        text = damage_subtotal_column(text, rng)
    lines = text.split("\n")
    columns = [*APPLICANTS[:6], "subtotal", "total"] if subtotal else list(APPLICANTS)
    blank = set()
    for outcome, i in zip(OUTCOMES, _table_rows(lines, width), strict=True):  # 2021: 25 rows
        label, cells = _split_row(lines[i], width)
        gone = {j for j, c in enumerate(cells) if c == "0" and rng.random() < 0.5}
        lines[i] = "\t".join([label, *("" if j in gone else c for j, c in enumerate(cells))])
        blank |= {(outcome, columns[j]) for j in gone}
    return _crawled_text(fig, "\n".join(lines)), blank


@pytest.mark.slow
@given(st.integers(0, 10_000), st.booleans())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_cell_read_from_a_capture_with_blank_cells_is_right_or_its_row_is_flagged(seed, subtotal):
    """Where blank cells vanished, a row's digits often cut several ways: the cells every way agrees on are
    read, the others left null; a value read is the figure, or its row carries an error; a blank cell read
    as its 0 is marked imputed."""
    rng = random.Random(seed)
    fig = synth.random_figures(rng)
    text, blank = _crawled_with_blanks(fig, rng, subtotal)
    report = parse_text(text, name="capture.txt")
    flagged = {f.row for f in report.findings if f.severity == "error" and f.table == "applications"}
    wrong = [
        c for c, v in fig.applications.items() if report.applications[c].value not in (v, None) and c[0] not in flagged
    ]
    assert not wrong, wrong
    assert not [
        c
        for c in blank & fig.applications.keys()
        if report.applications[c].value == 0 and not report.applications[c].imputed
    ]


@given(st.lists(st.none() | st.integers(0, 3000), min_size=6, max_size=6))
@settings(deadline=None)
def test_a_row_with_a_subtotal_run_together_loses_its_subtotal_and_nothing_else(parts):
    """自然人 | five organisations | 小计 | 总计 run into one word, blank cells gone (None): what is left to cut
    is the word without its 小计, or nothing."""
    from govfoi.parse.run_together import without_subtotal
    from govfoi.parse.tokens import NUM, Token

    natural, orgs = parts[0], parts[1:]
    subtotal = sum(v or 0 for v in orgs)
    printed = [str(v) for v in [natural, *orgs, subtotal, (natural or 0) + subtotal] if v is not None]
    left = without_subtotal([Token(NUM, "".join(printed), 1, float("".join(printed)))])
    assert left is None or "".join(t.text for t in left) == "".join(printed[:-2] + printed[-1:])


def test_a_row_with_a_subtotal_and_a_blank_cell_is_left_to_cut_without_its_subtotal():
    """669|∅|167|127|0|0|294|963: a cut into eight cells (669|16|7|1|270|0|294|963) adds up as well, so the
    row is not cut here: its 小计 goes, and the blank cell is sought like any other row's."""
    from govfoi.parse.run_together import without_subtotal
    from govfoi.parse.tokens import NUM, Token

    left = without_subtotal([Token(NUM, "66916712700294963", 1, 66916712700294963.0)])
    assert left is not None and [t.text for t in left] == ["669", "16712700", "963"]
