"""Where the tables lie (sections.py): table 三's totals printed after 四's heading."""

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
