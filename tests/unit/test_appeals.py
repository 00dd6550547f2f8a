"""Table 四 read as one sequence (appeals.py), with OCR's noise in its header left out only where the values
on their own lines are the fifteen cells and every sum holds."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govfoi.findings import ERROR
from govfoi.parse.report import Report, parse_text
from govfoi.parse.sections import find_sections
from govfoi.template import appeal_slots

# Table 四's three header rows as Tesseract reads them: words, pipes for rules, and bits of noise.
_HEADER = (
    "行政复议                       行政诉讼",
    "{} 未经复议直接起诉    {}   复议后起诉 {}",
    "维持 | 纠正 | 结果 | 审结 | 总计 | 结果 | 结果 | 其他 | 尚未 | {} | 结果 | 结果 | 其他 | 尚未 | {}",
    "       维持 | 纠正 | 结果 | 审结 |   维持 | 纠正 | 结果 | 审结 |",
)
_NOISE = ("4", "3", "1", "5", "_", "sj", "Wi", "ji", "ET", "4果", "|", "”", "")


def _assert_printed_or_flagged(report: Report, printed: list[int | None], *, imputed_zero: bool = True) -> None:
    """Every cell of table 四 reads as printed (a blank: null, or with ``imputed_zero`` a 0 the identities
    derived, marked imputed), or is null, or has an error on its row or on the table."""
    errors = [f for f in report.findings if f.severity == ERROR and f.table == "appeals"]
    for cell, want in zip(appeal_slots(), printed, strict=True):
        read = report.appeals.get(cell)
        got = None if read is None else read.value
        derived = imputed_zero and want is None and got == 0 and read is not None and read.imputed
        assert got is None or got == want or derived or any(f.row in (None, cell[0]) for f in errors), cell


def _table(rng: random.Random) -> list[int]:
    cells = []
    for _ in range(3):
        parts = [rng.choice([0, 0, rng.randint(1, 30)]) for _ in range(4)]
        cells += [*parts, sum(parts)]
    return cells


def _text(cells: list[int | str], rng: random.Random) -> str:
    header = [line.format(*(rng.choice(_NOISE) for _ in range(line.count("{}")))) for line in _HEADER]
    values = (" " * rng.randint(1, 8)).join(str(v) for v in cells)
    closing = ["五、存在的主要问题及改进情况", "无。"]
    return "\n".join(["四、政府信息公开行政复议、行政诉讼情况", *header, values, *closing])


def _read(text: str) -> tuple[list[float | None], set[str], bool]:
    report = parse_text(text, name="ocr.txt")
    cells = [report.appeals[c].value if c in report.appeals else None for c in appeal_slots()]
    errors = any(f.severity == ERROR and f.table == "appeals" for f in report.findings)
    return cells, {f.check for f in report.findings}, errors


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**6))
def test_noise_in_the_header_is_left_out_and_the_values_read_right(seed):
    """Whatever noise the header holds, the fifteen values on their own line are read, and the noise is
    named in a warning where there was any that reads as a value."""
    rng = random.Random(seed)
    truth = _table(rng)
    text = _text(list(truth), rng)
    cells, checks, errors = _read(text)
    assert cells == truth
    assert not errors
    noise = [w for line in text.split("\n")[2:4] for w in line.split()]
    if any(w.isdigit() for w in noise):  # a number in the header was left out, and named
        assert "header_values_dropped" in checks


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**6))
def test_a_misread_value_under_a_noisy_header_is_never_read_clean(seed):
    """One value misread (a number changed, or letters for digits): the values alone break a sum or hold
    an unreadable cell, so nothing is taken from them and the table keeps an error."""
    rng = random.Random(seed)
    truth = _table(rng)
    printed: list[int | str] = list(truth)
    k = rng.randrange(15)
    printed[k] = rng.choice([truth[k] + rng.randint(1, 9), "l" + str(truth[k])])
    _, _, errors = _read(_text(printed, rng))
    assert errors


def test_the_noise_left_out_is_named():
    rng = random.Random(5)
    truth = _table(rng)
    header = [line.replace("{}", "4") for line in _HEADER]
    title, values = "四、政府信息公开行政复议、行政诉讼情况", " ".join(map(str, truth))
    text = "\n".join([title, *header, values, "五、存在的主要问题"])
    report = parse_text(text, name="ocr.txt")
    dropped = [f for f in report.findings if f.check == "header_values_dropped"]
    assert [report.appeals[c].value for c in appeal_slots()] == truth
    assert len(dropped) == 1 and "4 4 4 4 4" in dropped[0].message


def test_a_page_number_under_the_values_is_not_taken_for_a_blank_cell():
    """A blank cell (14 values printed) and a page number on a line of its own: the 2 would make group 3
    read 0 0 1 1 2, which adds up (the second review of session 15). Values on two lines without words are
    not read alone, so the table keeps its error."""
    header = [line.replace("{}", "4") for line in _HEADER]
    values = "0 0 0 0 0 0 0 0 0 0 0 0 1 1"
    text = "\n".join(["四、政府信息公开行政复议、行政诉讼情况", *header, values, "2", "五、存在的主要问题及改进情况"])
    _, checks, errors = _read(text)
    assert errors
    assert "header_values_dropped" not in checks


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 300))
def test_a_page_number_under_a_row_of_values_is_never_read_as_a_cell(seed, page):
    """Under a clean header too: the fifteen values on one line (zeros sometimes left blank) and the page's
    number on the next. The table reads right where nothing is blank, and never reads clean otherwise
    unless the sums fix the blank (a blank is then the 0 they force, marked imputed)."""
    rng = random.Random(seed)
    truth = _table(rng)
    printed = [str(v) if v or rng.random() < 0.7 else "" for v in truth]
    header = [line.replace("{}", "") for line in _HEADER]
    values = " ".join(p for p in printed if p)
    text = "\n".join(
        ["四、政府信息公开行政复议、行政诉讼情况", *header, values, str(page), "五、存在的主要问题及改进情况"]
    )
    cells, _, errors = _read(text)
    if all(printed):
        assert cells == truth and not errors
    elif not errors:  # a blank read as null, or as the 0 the sums force: never the page's number
        assert all(c == t or (c is None and not p) for c, t, p in zip(cells, truth, printed, strict=True))


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([(14,), (10, 4), (5, 5, 4)]))
def test_a_last_value_alone_on_its_line_is_never_shifted_for_a_page_number(seed, rows):
    """The table's own last total alone on its line looks like a page's number. Left out, the values before
    it would seat the gap wherever the sums allow; a misprinted total (the second review of session 15)
    then read as a shifted table with a warning. Every cell read is the printed one, and the misprint is an
    error."""
    rng = random.Random(seed)
    printed = _table(rng)
    printed[-1] += rng.randint(1, 9)  # the last total misprinted
    header = [line.replace("{}", "") for line in _HEADER]
    lines, at = [], 0
    for width in rows:
        lines.append(" ".join(map(str, printed[at : at + width])))
        at += width
    lines.append(str(printed[-1]))
    text = "\n".join(["四、政府信息公开行政复议、行政诉讼情况", *header, *lines, "五、存在的主要问题及改进情况"])
    cells, _, errors = _read(text)
    assert errors
    assert all(c is None or c == p for c, p in zip(cells, printed, strict=True))


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([(), (4,), (9,), (4, 9)]), st.booleans())
def test_values_sorted_by_height_with_a_total_moved_are_never_read_in_the_wrong_place(seed, moved, lost):
    """pdftotext's default text: one value a line among the header's characters (结 / 果 / 维 / 持 / 2 …),
    a group's 总计 at times after the next group's values, the last 总计 at times after the next section.
    Small counts add up read in order and read with the total moved: a cell is read only where every such
    reading agrees, and is then the printed one."""
    rng = random.Random(seed)
    truth = _table(rng)
    order = list(range(15))
    for total in moved:  # printed after some of the cells that follow it
        order.remove(total)
        order.insert(rng.randint(order.index(total + 1), 14), total)
    if lost:
        order.remove(14)
    words = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    lines = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼"]
    for k in order:
        lines += [*words[k % 5], str(truth[k])]
    report = parse_text("\n".join([*lines, "五、存在的主要问题及改进情况", "无。"]), name="pdftotext.txt")
    _assert_printed_or_flagged(report, truth, imputed_zero=False)


def _split_by_five(truth: list[int | None], cut: int, page: str = "") -> str:
    """Table 四 in pdftotext's default order (each group's 总计, centred in a tall cell, printed after the
    next group's name), with 五's heading printed before the name of group ``cut`` (0: after the table and
    ``page``, the text under it)."""
    header = ["结果", "结果", "其他", "尚未", "维持", "纠正", "结果", "审结"]
    lines = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼"]
    for k, name in enumerate(["未经复议直接起诉", "复议后起诉", ""]):
        lines += [*header, *(str(v) for v in truth[5 * k : 5 * k + 4] if v is not None)]
        if k + 1 == cut:
            lines.append("五、存在的主要问题及改进情况")
        lines += [name, "总计", str(truth[5 * k + 4])]
    five = ["五、存在的主要问题及改进情况"] if cut == 0 else []
    return "\n".join([*lines, page, *five, "一是主动公开的深度有待提升。"])


def test_table_4_split_by_the_heading_of_5_reads_all_fifteen_cells():
    truth = [10, 0, 0, 0, 10, 12, 7, 1, 1, 21, 4, 0, 0, 0, 4]
    cells, _, errors = _read(_split_by_five(truth, 2))
    assert cells == truth
    assert not errors


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([1, 2]))
def test_table_4_split_by_the_heading_of_5_is_read_right_or_flagged(seed, cut):
    """Every cell is the printed one, or the table has an error (its small counts may add up read more than
    one way; see test_values_sorted_by_height_with_a_total_moved_are_never_read_in_the_wrong_place)."""
    truth = _table(random.Random(seed))
    cells, _, errors = _read(_split_by_five(truth, cut))
    assert cells == truth or errors


@pytest.mark.parametrize("page", ["7\n\f", "\f7"])
def test_a_page_number_under_a_table_split_by_the_heading_of_5_is_not_read_as_a_cell(page):
    """Found in review: with two cells of the last group blank (dropped from the text), a page's number
    under the table was read as a cell and the group's total imputed from it, with no error."""
    truth: list[int | None] = [10, 0, 0, 0, 10, 12, 7, 1, 1, 21, 4, 0, None, None, 4]
    report = parse_text(_split_by_five(truth, 2, page), name="pdftotext.txt")
    _assert_printed_or_flagged(report, truth, imputed_zero=False)


@settings(max_examples=100, deadline=None)
@given(
    cells=st.lists(st.one_of(st.none(), st.integers(0, 30)), min_size=12, max_size=12),
    page=st.integers(1, 9),
    split=st.booleans(),
)
def test_a_page_number_under_a_table_printed_one_value_a_line_is_never_read_as_a_cell(cells, page, split):
    """Found in review: pdftotext prints table 四 one value a line, and the page's number under it, beside
    the page break; with blank cells left out, that number filled a blank's place and the group's total was
    imputed from it, with no error. Each cell is the printed one, or its row has an error."""
    truth: list[int | None] = []
    for k in range(3):
        parts = cells[4 * k : 4 * k + 4]
        truth += [*parts, sum(v or 0 for v in parts)]
    cover = "封面\n" + "正文\n\f" * (page - 1)
    text = cover + _split_by_five(truth, 2 if split else 0, f"{page}\n\f")
    report = parse_text(text, name="pdftotext.txt")
    _assert_printed_or_flagged(report, truth, imputed_zero=False)


_HDR = ["结果", "结果", "其他", "尚未", "维持", "纠正", "结果", "审结"]


def _paged(cells: list[int | None], page: int, five: int, foot: str, across: bool) -> str:
    """Table 四 in pdftotext's order (values one a line, blank ones not printed) on page ``page`` (the pages
    before it each with its number at its foot), 五's heading before group ``five`` (or after the table: 4),
    ``foot`` under the table (the page's end), or with ``across``, a page break before the last group."""

    def printed(values: list[int | None]) -> list[str]:
        return [str(v) for v in values if v is not None]

    lines = [line for p in range(1, page) for line in (f"正文第{p}页。", str(p), "\f")]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼"]
    for k, name in enumerate(["未经复议直接起诉", "复议后起诉", ""]):
        if k == 2 and across:
            lines += [str(page), "\f"]
        lines += [*_HDR, *printed(cells[5 * k : 5 * k + 4])]
        if k + 1 == five:
            lines.append("五、存在的主要问题及改进情况")
        lines += [name, "总计", *printed([cells[5 * k + 4]])]
    lines += foot.format(page=page + across).split("\n")
    if five == 4:
        lines.append("五、存在的主要问题及改进情况")
    return "\n".join([*lines, "一是主动公开的深度有待提升。", "六、其他需要报告的事项", "无。"])


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(st.one_of(st.none(), st.integers(0, 12)), min_size=12, max_size=12),
    page=st.integers(1, 9),
    five=st.sampled_from([2, 3, 4]),
    foot=st.sampled_from(
        ["\f", "{page}\n\f", "{page}\n\n\f", "\f{page}", "{page}\n某某市人民政府办公室\n\f", "第{page}页\n\f"]
    ),
    across=st.booleans(),
    blank_total=st.booleans(),
)
def test_page_numbers_and_page_breaks_in_table_4_one_value_a_line_never_read_clean_and_wrong(
    parts, page, five, foot, across, blank_total
):
    """Found in reviews: a page's number beside a break (under the table, among its values, a blank line or
    a footer's line away from the break) filled a blank cell's place, with no error. Every cell reads as
    printed, or has an error on its row or table. (A misprinted total with blank cells can be seated into
    a reading whose sums all hold, page numbers or not: a known limit, test_a_misprint_beside_a_page_break.)"""
    cells: list[int | None] = []
    for k in range(3):
        group = parts[4 * k : 4 * k + 4]
        cells += [*group, sum(v or 0 for v in group)]
    if blank_total and cells[14] == 0:
        cells[14] = None
    report = parse_text(_paged(cells, page, five, foot, across), name="pdftotext.txt")
    _assert_printed_or_flagged(report, cells)


@pytest.mark.parametrize(
    ("cells", "page"),
    [
        ([10, 0, 0, 0, 10, 12, 7, 1, 1, 22, 4, None, 0, 0, 4], 5),  # 直接起诉's total misprinted, a blank
        ([10, 0, None, 0, 10, 12, 7, 1, 1, 21, 4, 0, 0, 0, 5], 6),  # the last total misprinted, a blank
    ],
)
def test_a_misprint_beside_a_page_break_is_not_read_clean(cells, page):
    """Found in review: the table's own last total at a page's foot was left out as the page's number, and
    with a misprint and a blank the reading without it, shifted and imputed, was kept with no error (the
    reading with it broke, which was taken to show it was no cell). Both readings are now compared."""
    report = parse_text(_paged(cells, page, 4, "\f", False), name="pdftotext.txt")
    _assert_printed_or_flagged(report, cells)


def test_a_fourth_number_that_may_be_a_pages_is_not_read_as_a_cell():
    """Found in review: only the first three numbers that may be pages' were read both ways; a fourth (page
    4's number under the table, after page 3's at its foot and page 4's at its head) was a cell in every
    reading, and the last group, printed _ 1 0 1 | 2, read 1 0 1 2 | 4 with no error. Past three, no cell
    of the table is kept."""
    head = ["结果", "结果", "其他", "尚未", "维持", "纠正", "结果", "审结"]
    cells = [3, 7, 3, 4, 17, 4, 5, 3, 6, 18, None, 1, 0, 1, 2]
    table = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", *head, "3", "7", "3", "4"]
    table += ["未经复议直接起诉", "总计", "17", *head, "4", "3", "\f", "4", "5", "3", "6", "复议后起诉", "总计"]
    table += ["18", *head, "1", "0", "1", "总计", "2", "4", "\f", "五、存在的主要问题及改进情况", "无。"]
    pages = [line for p in (1, 2) for line in (f"正文第{p}页。", str(p), "\f")]
    report = parse_text("\n".join([*pages, *table]), name="pdftotext.txt")
    _assert_printed_or_flagged(report, cells)


_LAID_OUT = [
    "行政复议                       行政诉讼",
    " 未经复议直接起诉       复议后起诉 ",
    "维持 | 纠正 | 结果 | 审结 | 总计 | 结果 | 结果 | 其他 | 尚未 |  | 结果 | 结果 | 其他 | 尚未 | ",
    "       维持 | 纠正 | 结果 | 审结 |   维持 | 纠正 | 结果 | 审结 |",
]


def test_a_bare_number_under_the_values_is_still_doubted_where_another_may_be_a_pages():
    """Found in review: table 四 laid out on one line of values, over a page break in its header (page 5's
    number before it). That number was read both ways, but the bare number under the values (page 6's,
    three lines from the next break) was then read as a cell: 2 1 _ 0 3 read 2 1 0 3 6, no error."""
    truth = [1, 0, 0, 0, 1, 2, 0, 0, 1, 3, 2, 1, None, 0, 3]
    pages = "".join(f"正文第{p}页。\n{p}\n\f" for p in range(1, 5))
    values = " ".join(str(v) for v in truth if v is not None)
    table = ["四、政府信息公开行政复议、行政诉讼情况", *_LAID_OUT[:2], "5", "\f" + _LAID_OUT[2], _LAID_OUT[3]]
    table += [values, "6", "某某市人民政府办公室", "二〇二四年一月", "\f五、存在的主要问题及改进情况", "无。"]
    report = parse_text(pages + "\n".join(table), name="pdftotext.txt")
    _assert_printed_or_flagged(report, truth)


def test_table_4_with_two_blanks_is_not_continued_past_the_heading_of_5():
    """Found in review: a group's 总计 printed late and two cells blank (13 values) seat more than one way,
    and table 四 read on past 五's heading gave a reading with no error where ending at the heading left
    every row in error. Fewer than fourteen values: 四 ends at 五's heading."""
    head = ["结果", "结果", "其他", "尚未", "维持", "纠正", "结果", "审结"]
    table = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", *head, "1", "3", "4", "0", "总计", "8"]
    table += [*head, "五、存在的主要问题及改进情况", "未经复议直接起诉", "5", "3", "3", *head, "复议后起诉", "1"]
    table += ["总计", "11", "6", "1", "总计", "8", "一是主动公开的深度有待提升。"]
    sections = find_sections(table)
    assert sections.appeals == (0, table.index("五、存在的主要问题及改进情况"))
