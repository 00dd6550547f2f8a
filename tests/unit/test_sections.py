"""Where the tables lie (sections.py): table 三's totals printed after 四's heading, table 四's last rows after 五's."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govfoi.parse.sections import find_sections

_BEFORE = [
    "三、收到和处理政府信息公开申请情况",
    "自然人",
    "一、本年新收政府信息公开申请数量",
    "5",
    "四、结转下年度继续办理",
]
_HEADING = "四、政府信息公开行政复议、行政诉讼情况"
_AFTER = ["行政诉讼", "结果维持", "0", "五、存在的主要问题及改进情况", "无。"]

numbers = st.lists(st.integers(0, 99_999).map(str), min_size=1, max_size=5)
not_a_page = numbers.filter(lambda values: values[-1] not in ("1", "2"))  # the first page's number, or the next's


def _spilled(values: list[str], gap: bool, next_page: str) -> list[str]:
    """Table 四's heading at a page's end with ``values`` printed after it, the page break, then ``next_page``."""
    between = [line for v in values for line in ([v, ""] if gap else [v])]
    return [*_BEFORE, _HEADING, "", *between, "\f" + next_page, *_AFTER]


@given(values=not_a_page, gap=st.booleans())
def test_numbers_after_the_heading_of_4_before_its_page_break_are_table_3s(values, gap):
    """pdftotext sorts a page's text by height: table 三's last totals, centred in tall cells, may come
    after 四's heading at the page's foot, and 四's header (行政复议) begins the next page. Those numbers
    cannot be 四's (its values come after its header): they are read with table 三."""
    lines = _spilled(values, gap, "行政复议")
    sections = find_sections(lines)
    brk = next(i for i, line in enumerate(lines) if line.startswith("\f"))
    assert sections.applications == (0, brk)
    assert sections.appeals is not None and sections.appeals[0] == brk


@given(values=numbers, next_page=st.sampled_from(["0", "五、存在的主要问题及改进情况", "结果维持 0"]))
def test_numbers_after_the_heading_stay_4s_unless_its_header_begins_the_next_page(values, next_page):
    """Without 四's header first after the break (an OCR table that lost its header, or no table there), the
    numbers after the heading are 四's as printed."""
    _assert_split_at_the_heading(_spilled(values, False, next_page))


@given(values=numbers)
def test_numbers_after_the_heading_with_no_page_break_stay_4s(values):
    _assert_split_at_the_heading([*_BEFORE, _HEADING, *values, "行政复议", *_AFTER])


def _assert_split_at_the_heading(lines: list[str]) -> None:
    sections = find_sections(lines)
    heading = lines.index(_HEADING)
    assert sections.applications == (0, heading)
    assert sections.appeals is not None and sections.appeals[0] == heading


@given(values=numbers)
def test_a_number_that_may_be_the_pages_own_is_not_given_to_table_3(values):
    """The first page's number (1) last before the break: the page's footer, not 三's total."""
    lines = _spilled([*values, "1"], False, "行政复议")
    heading = lines.index(_HEADING)
    assert find_sections(lines).applications == (0, heading)


_FIVE = "五、存在的主要问题及改进情况"
fifteen = st.lists(st.integers(0, 999).map(str), min_size=15, max_size=15)  # table 四's cells
_GROUP = ["结果", "结果", "其他", "尚未", "维持", "纠正", "结果", "审结"]  # one header cell a line


def _appeals_split_by_five(cut: int, cells: list[str]) -> list[str]:
    """Table 四 as pdftotext's default order prints it beside 五's heading: the groups' header cells and
    values one a line, each group's 总计 after the next group's name, 五's heading before group ``cut``."""
    lines = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼"]
    for k, name in enumerate(["未经复议直接起诉", "复议后起诉", ""]):
        lines += [*_GROUP, *cells[5 * k : 5 * k + 4]]
        if k + 1 == cut:
            lines.append(_FIVE)
        lines += [name, "总计", cells[5 * k + 4]]
    return [*_BEFORE, *lines, "一是主动公开的深度有待提升。", "六、其他需要报告的事项", "3"]


@given(cut=st.sampled_from([1, 2]), cells=fifteen)
def test_table_4_printed_past_the_heading_of_5_is_read_to_its_end(cut, cells):
    """pdftotext prints 五's heading, set beside table 四's last rows, among them: 四 goes on past it
    up to the first line that is neither its header's words nor a number."""
    lines = _appeals_split_by_five(cut, cells)
    assert find_sections(lines).appeals == (len(_BEFORE), lines.index("一是主动公开的深度有待提升。"))


@given(after=st.sampled_from([["2023", "一是……"], ["1.加强培训", "2"], ["无。"], ["\f3", "一是"]]))
def test_text_after_the_heading_of_5_that_is_not_table_4s_ends_it(after):
    """五's own text (numbers, a page's number, a list) never opens with 四's header: 四 ends at 五's heading."""
    lines = [*_BEFORE, _HEADING, "行政复议", "0", _FIVE, *after]
    assert find_sections(lines).appeals == (len(_BEFORE), lines.index(_FIVE))


@given(page=st.sampled_from(["7", "\f7", "\f", "- 7 -"]), cells=fifteen)
def test_table_4_past_the_heading_of_5_ends_at_its_last_total(page, cells):
    """A page's number printed under the table (before or after the break) is not 四's: 四 ends with the
    number after its last 总计."""
    lines = _appeals_split_by_five(2, cells)
    prose = lines.index("一是主动公开的深度有待提升。")
    lines[prose:prose] = [page]
    assert find_sections(lines).appeals == (len(_BEFORE), prose)
