"""Numbers a page's footer or header may print, beside the breaks inside a table (pages.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govfoi.parse.pages import page_number_lines


def _document(pages: list[list[str]], numbered: str | None) -> tuple[list[str], set[int]]:
    """Pages joined by form feeds (as pdftotext begins each next page), each page's number in its ``footer``
    (its last line) or ``header`` (its first); and the 1-based lines of the numbers beside a break."""
    lines: list[str] = []
    beside: set[int] = set()
    for k, page in enumerate(pages):
        number = str(k + 1)
        body = [*page, number] if numbered == "footer" else [number, *page] if numbered == "header" else list(page)
        if k:
            body[0] = "\f" + body[0]
            if numbered == "header":
                beside.add(len(lines) + 1)
        if numbered == "footer" and k < len(pages) - 1:
            beside.add(len(lines) + len(body))
        lines += body
    return lines, beside


texts = st.lists(st.sampled_from(["规章", "行政许可", "本年处理决定数量", "0", "57", "12846"]), min_size=1, max_size=6)


@given(pages=st.lists(texts, min_size=2, max_size=5), numbered=st.sampled_from(["footer", "header"]))
def test_a_documents_page_numbers_beside_its_breaks_are_found(pages, numbered):
    lines, beside = _document(pages, numbered)
    assert beside <= page_number_lines(lines, 0, len(lines))


@given(pages=st.lists(texts, min_size=2, max_size=5))
def test_zero_and_numbers_far_from_the_pages_place_are_never_page_numbers(pages):
    lines, _ = _document(pages, None)
    for i in page_number_lines(lines, 0, len(lines)):
        text = lines[i - 1].strip("\f").strip()
        assert text != "0" and text not in ("57", "12846")


def test_a_number_that_could_be_the_pages_is_found_whatever_the_other_breaks_show():
    """A cover page prints no number, so other breaks with text on both sides prove nothing: 1 before the
    first break inside the table may be page 1's number, 3 under the next page's first line page 2's or 3's
    (their rows are then not read)."""
    table = ["二、主动公开政府信息情况", "行政许可", "1", "\f行政处罚", "3"]
    lines = [*table, "五、其他", "文字。", "\f六、其他需要报告的事项"]
    assert page_number_lines(lines, 0, 5) == {3, 5}
    assert page_number_lines(lines, 0, 2) == set()  # no break inside lines[0:2]


@given(pages=st.lists(texts, min_size=2, max_size=5), unnumbered=st.integers(0, 3), footer_line=st.booleans())
def test_numbering_that_starts_after_a_cover_and_contents_is_found(pages, unnumbered, footer_line):
    """A cover and a contents page or two unnumbered: the body's first page is 1 on the document's page
    ``1 + unnumbered``; a footer may print a line (the issuer) under the number."""
    lines = [line for k in range(unnumbered) for line in (["\f封面"] if k else ["封面"])]
    beside: set[int] = set()
    for k, page in enumerate(pages):
        body = [*page, str(k + 1), *(["某县人民政府办公室"] if footer_line else [])]
        if lines or k:
            body[0] = "\f" + body[0]
        if k < len(pages) - 1:
            beside.add(len(lines) + len(page) + 1)
        lines += body
    assert beside <= page_number_lines(lines, 0, len(lines))
