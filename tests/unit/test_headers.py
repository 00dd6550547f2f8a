"""Blank cells of tables 四 and 二 placed by their header (headers.py): laid out by position
(pdftotext -layout) or in a text browser's grid (inscriptis, as crawlers save pages)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from govfoi.codes import label
from govfoi.parse.headers import DRIFT, appeal_blanks_from_header, disclosure_blanks_from_header
from govfoi.parse.report import parse_text
from govfoi.parse.tokens import CJK
from govfoi.read.formats import BLANK_CELL
from govfoi.template import disclosure_slots

_HEADS = (("结果", "维持"), ("结果", "纠正"), ("其他", "结果"), ("尚未", "审结"), ("总计",))


def _appeals_page(rng: random.Random) -> tuple[list[str], list[str], int]:
    """Table 四 as pdftotext -layout prints it: each header word wrapped over two lines (总计 on the
    lower one) at its column's offset, and under them one line of values, zeros left blank, each value
    centred under its column up to ``drift`` characters left (wide Chinese words push the header right).
    Also the cells as they should read (blank as BLANK_CELL) and the drift."""
    drift = rng.randint(0, DRIFT)
    offsets, at = [], 0
    for _ in range(15):
        at += rng.randint(5, 12)
        offsets.append(at)
    cells = []
    for _ in range(3):
        parts = [rng.choice([0, 0, 0, rng.randint(1, 30)]) for _ in range(4)]
        cells += [*parts, sum(parts)]
    shown = ["" if v == 0 else str(v) for v in cells]
    top, upper, lower = [" " * 200 for _ in range(3)]

    def put(line: str, offset: int, word: str) -> str:
        return line[:offset] + word + line[offset + len(word) :]

    values = " " * 200
    for k, offset in enumerate(offsets):
        words = _HEADS[k % 5]
        if len(words) == 1:
            upper = put(upper, offset, words[0])
        else:
            top, lower = put(top, offset, words[0]), put(lower, offset, words[1])
        if shown[k]:
            start = offset + 1 - len(shown[k]) // 2 - rng.randint(0, drift)
            values = put(values, start, shown[k])
    lines = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议        行政诉讼", top, upper, lower, "", values]
    return [line.rstrip() for line in lines], [s or BLANK_CELL for s in shown], drift


@settings(max_examples=300)
@given(st.integers(0, 10**6))
def test_table_four_blanks_are_written_under_the_header_words_or_nowhere(seed):
    """Where the header words give the fifteen columns, the values are seated under them, blanks written
    in; a seating is never wrong, and with the values right under their words there is always one."""
    lines, truth, drift = _appeals_page(random.Random(seed))
    out = appeal_blanks_from_header(lines, 0, len(lines))
    if truth.count(BLANK_CELL) in (0, len(truth)):
        assert out == lines  # no blank to write in, or no value to seat
    elif out == lines:
        assert drift > 0, "values right under their header words, yet not seated"
    else:
        assert out[-1].split() == truth
        assert out[:-1] == lines[:-1]


_FOUR_HEADER = [  # pdftotext -layout of a LibreOffice PDF of the template (the real-tool corpus)
    "四、政府信息公开行政复议、行政诉讼情况",
    "          行政复议                                                      行政诉讼",
    "",
    "                                           未经复议直接起诉                                    复议后起诉",
    "结果   结果    其他     尚未",
    "                         总计        结果     结果     其他       尚未           结果         结果    其他     尚未",  # noqa: E501
    "维持   纠正    结果     审结                                           总计                                     总计",  # noqa: E501
    "                                   维持     纠正     结果       审结           维持         纠正    结果     审结",
    "",
]


def test_table_four_values_left_of_their_header_words_are_seated():
    """12 shows four characters left of its 结果维持 (pdftotext pushes the Chinese header right), nearer
    to the 总计 before it: it is seated under 结果维持, the one seating where every channel adds up."""
    lines = [
        *_FOUR_HEADER,
        "     6                   6     12                4             16                1             12     13",
    ]
    out = appeal_blanks_from_header(lines, 0, len(lines))
    assert out[-1].split() == "∅ 6 ∅ ∅ 6 12 ∅ 4 ∅ 16 ∅ 1 ∅ 12 13".replace("∅", BLANK_CELL).split()


def test_table_four_values_that_two_seatings_add_up_in_are_left_as_printed():
    """12 sits four characters left of 结果纠正's centre and one right of 结果维持's: 12 维持 or 12 纠正,
    with 总计 12, both add up (and so do 3 and 3 in the next channel), so neither is taken."""
    lines = [*_FOUR_HEADER, " 12                      12        3                           3"]
    assert appeal_blanks_from_header(lines, 0, len(lines)) == lines


def test_table_four_values_on_the_next_page_are_left_as_printed():
    """On a new page pdftotext lays the values out afresh, packed to the left: no offset of the header's
    page says where they are."""
    lines = [*_FOUR_HEADER, "\f3      6   8   17    3   3   7   7"]
    assert appeal_blanks_from_header(lines, 0, len(lines)) == lines
    lines[-1] = lines[-1][1:]  # the same line without its page break fits no seating under the header
    assert appeal_blanks_from_header(lines, 0, len(lines)) == lines


def _appeals_html(rng: random.Random) -> tuple[str, list[str]]:
    """Table 四 as the template's HTML (group cells spanning columns and rows, header words wrapped at
    random), zeros left blank; and its cells as they should read (blank as BLANK_CELL)."""

    def head(word: str) -> str:
        cut = rng.randint(0, len(word) - 1)
        return word if not cut else f"{word[:cut]}<br>{word[cut:]}"

    cells = []
    for _ in range(3):
        parts = [rng.choice([0, 0, 0, rng.randint(1, 3000)]) for _ in range(4)]
        cells += [*parts, sum(parts)]
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>',
        "<tr>"
        + "".join(f'<td rowspan="2">{head(h)}</td>' for h in heads)
        + '<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>',
        "<tr>" + "".join(f"<td>{head(h)}</td>" for h in heads * 2) + "</tr>",
        "<tr>" + "".join(f"<td>{v or ''}</td>" for v in cells) + "</tr>",
    ]
    table = "<table border=1>" + "".join(rows) + "</table>"
    html = f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{table}<p>五、存在的主要问题</p>"
    return html, [str(v) if v else BLANK_CELL for v in cells]


@settings(max_examples=200)
@given(st.integers(0, 10**6))
def test_table_four_blanks_are_written_in_a_text_browsers_grid(seed):
    """inscriptis (a crawler's innerText) prints each row's cells at the offsets of the table's first
    columns: the header rows give ten of them, the row of values runs past them. Every value is seated."""
    from inscriptis import get_text

    html, truth = _appeals_html(random.Random(seed))
    lines = get_text(html).split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("五、"))
    out = appeal_blanks_from_header(lines, 0, at)
    values = [line for line in out[:at] if line.strip() and not CJK.search(line)]
    if truth.count(BLANK_CELL) in (0, len(truth)):
        assert out == lines
    else:
        assert [v.split() for v in values] == [truth]


def _disclosure_html(rng: random.Random, template: str) -> tuple[str, dict[tuple[str, str], float | None]]:
    """Table 二 of ``template`` as HTML: a header row (信息内容 and the measures) over each run of items
    with the same measures, header words wrapped at random, values blank at random (本年增/减 signed);
    and the cells as they should read (blank as None)."""
    slots = disclosure_slots(template)
    truth: dict[tuple[str, str], float | None] = {}
    rows, last = [], None
    for item, cells in slots.items():
        measures = tuple(m for _, m in cells)
        if measures != last:
            heads = []
            for m in measures:
                word, cut = label("measure", m), rng.randint(0, 3)
                heads.append(f"{word[:cut]}<br>{word[cut:]}" if cut else word)
            rows.append("<tr><td>信息内容</td>" + "".join(f"<td>{h}</td>" for h in heads) + "</tr>")
            last = measures
        shown = []
        for cell in cells:
            value = None if rng.random() < 0.4 else rng.randint(1, 999)
            if value is not None and cell[1] == "items_change":
                value = rng.choice([-1, 1]) * value
            truth[cell] = None if value is None else float(value)
            shown.append("" if value is None else (f"{value:+d}" if cell[1] == "items_change" else str(value)))
        rows.append(f"<tr><td>{label('disclosure', item)}</td>" + "".join(f"<td>{v}</td>" for v in shown) + "</tr>")
    html = "<p>二、主动公开政府信息情况</p><table border=1>" + "".join(rows) + "</table><p>五、存在的主要问题</p>"
    return html, truth


@settings(max_examples=100)
@given(st.integers(0, 10**6), st.sampled_from(["2021", "2019"]))
def test_table_two_blanks_are_written_in_a_text_browsers_grid(seed, template):
    """Table 二 has no sums: its blank cells are placed only where a text browser's grid puts each value
    exactly at its header's offset (inscriptis, as crawlers save pages), and then every cell is right."""
    from inscriptis import get_text

    html, truth = _disclosure_html(random.Random(seed), template)
    report = parse_text(get_text(html))
    got = {cell: report.disclosure[cell].value if cell in report.disclosure else None for cell in truth}
    assert got == truth
    empty = {item for item, _ in truth if all(v is None for (i, _), v in truth.items() if i == item)}
    errors = [f for f in report.findings if f.table == "disclosure" and f.severity == "error"]
    assert [f for f in errors if not (f.check == "missing_row" and f.row in empty)] == []


def test_table_two_values_after_a_page_break_are_not_placed_by_the_header_before_it():
    """pdftotext -layout may put a value exactly at a header cell's offset on the header's page; on the
    next page the values are laid out afresh, and 4100 at the offset of 采购总金额 is no proof it is one."""
    header = "信息内容" + " " * 13 + "采购项目数量" + " " * 6 + "采购总金额"
    row = "政府集中采购".ljust(header.index("采购总金额")) + "4100"
    widths = {"procurement": 2}
    assert disclosure_blanks_from_header([header, row], 0, 2, widths)[1] == f"政府集中采购 {BLANK_CELL} 4100"
    lines = [header, "\f" + row]
    assert disclosure_blanks_from_header(lines, 0, 2, widths) == lines


def test_a_header_of_more_columns_than_table_four_has_seats_nothing():
    """A sixteenth header cell (a grand 总计 some tables add) with a value under it: no seating, no error."""
    words = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3 + ["总计"]
    header = "  ".join(words)
    lines = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议  行政诉讼", header, " " * header.rindex("总计") + "7"]
    assert appeal_blanks_from_header(lines, 0, len(lines)) == lines
