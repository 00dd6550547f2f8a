"""Table 二 in text sorted by height (pdftotext, pdfminer: one value a line): a value sits at its cell's
height, so it may come before its own label or after the next one, and the label reading (``rows.py``)
gives one row two values and the next none. Its values are seated again here where that is not a guess,
and rows whose reading may hold a neighbour's value are left unread. Table 二 has no sums to check either.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate, pairwise

from govfoi.labels import is_header_cell
from govfoi.parse.rows import Row
from govfoi.parse.tokens import BLANK, CJK, TEXT, Token


def reseat_by_count(
    rows: dict[str, Row],
    widths: dict[str, int],
    lines: list[str],
    orphans: list[Token],
    tokens: list[Token],
    pages: set[int],
) -> None:
    """Table 二 printed one value a line (pdftotext): a value sits at its cell's height, which a tall
    neighbour (a header wrapped over lines) puts above or below its own label, so 行政处罚 … 0 0 / 行政强制 /
    行政事业性收费 gives one row two values and the next none.

    Only where the table printed exactly as many values as it has cells: a blank cell and a value printed
    beside the next label would balance each other (行政处罚 / 行政强制 713 / 4394.98 / 行政事业性收费 is a
    blank, 713 and 4394.98, not 713, 4394.98 and a blank). Rows are taken in template order; where the
    values of consecutive rows are exactly as many as their columns, they are seated in that order, row by
    row (values before the first label, and a markdown converter's row before its label: | 0 5 5 / 规章 /
    | 89 257 248). Values move only on to a later row, printed before that row's label, and only as a whole
    line that is the whole row: never back to an earlier row, never one value a line into a row of three
    (text read a column at a time, 规章 2 / 行政规范性文件 123 1 30 2 43, balances as well). Only with every
    row's label found and values moved only off lines without label text. A row holding a number that may be
    the page's (``pages``, 1-based lines) is emptied first: its cells are then null with an error."""
    for row in rows.values():
        if any(t.line in pages for t in row.values):
            row.values.clear()  # a number that may be the page's: the row cannot be read (``pages.py``)
    if not orphans and all(len(row.values) == widths.get(code, 0) for code, row in rows.items()):
        return  # every row as wide as its columns (almost every report)
    _drop_doubtful(rows, widths, tokens)
    printed = sum(len(row.values) for row in rows.values())
    whole = printed + len(orphans) == sum(widths.values()) and not any(t.kind == BLANK for t in orphans)
    if not (whole and _reseat(rows, widths, lines, orphans)) and printed == sum(widths.values()):
        _reseat(rows, widths, lines, [])  # values before the first label that are not the table's


def _drop_doubtful(rows: dict[str, Row], widths: dict[str, int], tokens: list[Token]) -> None:
    """Where the table printed fewer values than cells (a blank somewhere), rows whose values text sorted by
    height may have given them from a neighbour, emptied (their cells then null, with an error): a row whose
    label came after another's with no value between (行政处罚 / 行政强制 / 158598: which is blank?), unless
    its values share its label's line; a row whose values have a header cell among them (规章 / 本年制发件数 /
    2 / 本年废止件数 / 3 / 53: the 53 may be the next row's, printed before its label), or after the next
    item's header cell (行政强制 / 第二十条第(八)项 / 12 / 行政事业性收费: 12 may be the fee)."""
    if sum(len(row.values) for row in rows.values()) >= sum(widths.values()):
        return
    heads = {t.line for t in tokens if t.kind == TEXT and is_header_cell(t.text)}
    items = {t.line for t in tokens if t.kind == TEXT and _NEXT_ITEM.search(t.text)}
    for row in rows.values():
        lines = {t.line for t in row.values}
        if lines and (
            (row.crowded and lines != {row.line})
            or any(min(lines) < h < max(lines) for h in heads)
            or any(row.line < h < max(lines) for h in items)
        ):
            row.values.clear()


_NEXT_ITEM = re.compile(r"第二十条第")  # an item's header cell: what follows it is that item's


def _reseat(rows: dict[str, Row], widths: dict[str, int], lines: list[str], orphans: list[Token]) -> bool:
    """``reseat_by_count`` with ``orphans`` before the first row; whether they were seated (False: nothing
    was, where the rows did not balance them)."""
    window, sizes, surplus = [Row("", 0, list(orphans))], [0], len(orphans)
    for code in widths:
        row = rows.get(code)
        if row is None or any(t.kind == BLANK for t in row.values):
            return False  # a label not found or an empty cell: the count cannot be trusted past it
        window.append(row)
        sizes.append(widths[code])
        surplus += len(row.values) - widths[code]
        if surplus < 0:
            return False  # a row short of values the rows before it do not hold: only a later one's could fill it
        if surplus == 0:
            if not _seat_in_order(window, sizes, lines) and orphans:
                return False
            window, sizes, orphans = [], [], []
    return not orphans


def _seat_in_order(window: list[Row], widths: list[int], lines: list[str]) -> bool:
    """The window's values, seated row by row in order, where no line's values are cut between two rows and
    each row given values gets one whole line of them; whether they are so seated."""
    if all(len(row.values) == width for row, width in zip(window, widths, strict=True)):
        return True
    values = [t for row in window for t in row.values]
    starts = [0, *accumulate(widths)]  # where each row's values begin, and the last one's end
    if any(values[end - 1].line == values[end].line for end in starts[1:-1] if 0 < end < len(values)):
        return False  # a line's values would be cut between two rows: its values are one row's, or run together
    seatings = [values[a:b] for a, b in pairwise(starts)]
    printed = Counter(t.line for t in values)
    for row, seated in zip(window, seatings, strict=True):
        if seated == row.values[: len(seated)]:
            continue  # its own values, or the first of them
        on = {t.line for t in seated}
        if len(on) != 1 or printed[seated[0].line] != len(seated):
            return False  # a row is given a whole line of values or nothing (one a line, 规章 2 123 1 … is a column)
        if CJK.search(lines[seated[0].line - 1]):
            return False  # a value moved off a line of label text: a border or a mark OCR read as a digit beside it?
    for row, seated in zip(window, seatings, strict=True):
        row.recounted = seated != row.values[: len(seated)]  # a row that only gave values away keeps its own
        row.values[:] = seated
    return True
