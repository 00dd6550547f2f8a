"""Blank cells told by column positions: text laid out as a grid (a text browser's innerText) keeps each
cell at its column's offset, so a value's offset says which column it is in even where the blank cells
beside it left no trace.

A text browser prints a row's cells at the offsets of the table's first columns, one per cell: a row with
two label cells is one column to the right of a row with one. The offsets every value line uses are the
grid; a row's last value is its total (总计, printed whenever the row has a value other than 0; a row of
0s may leave it blank, and is left as printed), which says how far the row is shifted, and so which column
each of its values is in. The blanks are then written in as blank
cells. Only when every value line of the table sits exactly on the grid: otherwise nothing is changed.
"""

from __future__ import annotations

import re

from govfoi.tokens import BLANK_CELL

_VALUE = re.compile(r"(?<![\S])\d[\d,]*(?:\.\d+)?(?![\S])")
_GAP = re.compile(r"\S {2,}\S")  # cells padded to their column: two spaces or more between them
MIN_LINES = 2  # lines an offset must be used by to be a column of the grid


def blanks_from_columns(lines: list[str], start: int, end: int, width: int) -> list[str]:
    """``lines`` with the blank cells of lines[start:end] written in, where the value offsets place them;
    ``width``: the table's value columns, the total last. The same lines when the text is no such grid."""
    rows: dict[int, list[re.Match[str]]] = {}
    for i in range(start, end):
        found = list(_VALUE.finditer(lines[i]))
        if found:
            if not _GAP.search(lines[i]):
                return lines  # a value line that is not laid out in columns: no grid to read
            rows[i] = found
    if not any(len(v) < width for v in rows.values()) or sum(len(v) == width for v in rows.values()) < MIN_LINES:
        return lines
    used: dict[int, int] = {}
    for found in rows.values():
        for m in found:
            used[m.start()] = used.get(m.start(), 0) + 1
    grid = sorted(o for o, n in used.items() if n >= MIN_LINES)
    index = {o: k for k, o in enumerate(grid)}
    out = list(lines)
    for i, found in rows.items():
        if any(m.start() not in index for m in found):
            return lines
        if len(found) < width and _zero(found[-1].group()):
            continue  # its last value 0 may be a zero beside a blank total (a row of 0s): left as printed
        shift = index[found[-1].start()] - (width - 1)  # the total is the row's last value
        columns = [index[m.start()] - shift for m in found]
        if shift < 0 or columns[0] < 0 or (len(found) == width and columns != list(range(width))):
            return lines
        if len(found) == width:
            continue
        cells = [BLANK_CELL] * width
        for column, m in zip(columns, found):
            cells[column] = m.group()
        out[i] = lines[i][:found[0].start()].rstrip() + " " + " ".join(cells)
    return out


def _zero(text: str) -> bool:
    return not text.replace(",", "").replace(".", "").strip("0")
