"""Blank cells told by column positions: text laid out as a grid (a text browser's innerText) keeps each
cell at its column's offset, so a value's offset says which column it is in even where the blank cells
beside it left no trace.

A text browser prints a row's cells at the offsets of the table's first columns, one per cell: a row with
two label cells is one column to the right of a row with one. The offsets every value line uses are the
grid; a row's last value is its total (总计, printed whenever the row has a value other than 0; a row of
0s may leave it blank, and is left as printed), which says how far the row is shifted, and so which column
each of its values is in. The blanks are then written in as blank
cells. Only when every value line of the table sits exactly on the grid: otherwise nothing is changed.

Text laid out by position (pdftotext -layout) has a grid per page instead, offsets give or take a
character; there a short line is rewritten only when it is a whole row that adds up.
"""

from __future__ import annotations

import re
from itertools import pairwise

from govfoi.read.formats import BLANK_CELL

_VALUE = re.compile(r"(?<![\S])\d[\d,]*(?:\.\d+)?(?![\S])")
_GAP = re.compile(r"\S {2,}\S")  # cells padded to their column: two spaces or more between them
MIN_LINES = 2  # lines an offset must be used by to be a column of the grid


def blanks_from_columns(lines: list[str], start: int, end: int, width: int) -> list[str]:
    """``lines`` with the blank cells of lines[start:end] written in, where the value offsets place them;
    ``width``: the table's value columns, the total last. The same lines when the text is no such grid."""
    rows = {i: found for i in range(start, end) if (found := list(_VALUE.finditer(lines[i])))}
    if all(len(found) >= width for found in rows.values()):
        return lines  # no row short of a value: nothing to place
    if any(len(found) > 1 and not _GAP.search(lines[i]) for i, found in rows.items()):
        return lines  # values one space apart: not laid out in columns
    return _cell_grid(lines, rows, width) or _page_grid(lines, rows, width) or lines


def _cell_grid(lines: list[str], rows: dict[int, list[re.Match[str]]], width: int) -> list[str] | None:
    """A text browser's grid: cells at the offsets of the table's first columns, one per cell, so a row
    with two label cells sits one column right of a row with one; its total says how far."""
    if sum(len(v) == width for v in rows.values()) < MIN_LINES:
        return None
    used: dict[int, int] = {}
    for found in rows.values():
        for m in found:
            used[m.start()] = used.get(m.start(), 0) + 1
    grid = sorted(o for o, n in used.items() if n >= MIN_LINES)
    index = {o: k for k, o in enumerate(grid)}
    out = list(lines)
    for i, found in rows.items():
        if any(m.start() not in index for m in found):
            return None
        if len(found) < width and _zero(found[-1].group()):
            continue  # its last value 0 may be a zero beside a blank total (a row of 0s): left as printed
        shift = index[found[-1].start()] - (width - 1)  # the total is the row's last value
        columns = [index[m.start()] - shift for m in found]
        if shift < 0 or columns[0] < 0 or (len(found) == width and columns != list(range(width))):
            return None
        if len(found) < width:
            out[i] = _with_blanks(lines[i], found, columns, width)
    return out


def _page_grid(lines: list[str], rows: dict[int, list[re.Match[str]]], width: int) -> list[str] | None:
    """A PDF's text laid out by position (pdftotext -layout): each page has its own grid of ``width``
    columns, a value at its column's offset give or take a character. A short line is rewritten only when
    it is a whole row: its values end in the total column and add up to it (a row printed over two lines,
    its total on one and its values on the other, is left as printed)."""
    pages: dict[int, list[int]] = {}
    page = 0
    for i in range(min(rows), max(rows) + 1):
        page += "\f" in lines[i]
        if i in rows:
            pages.setdefault(page, []).append(i)
    out, changed = list(lines), False
    for numbers in pages.values():
        grid = _columns([rows[i] for i in numbers], width)
        if grid is None:
            continue
        columns, tolerance = grid
        for i in numbers:
            found = rows[i]
            if len(found) == width:
                continue
            nearest = [_nearest(m.start(), columns, tolerance) for m in found]
            seats = [s for s in nearest if s is not None]
            values = [float(m.group().replace(",", "")) for m in found]
            if (
                len(seats) < len(nearest)
                or seats != sorted(set(seats))
                or seats[-1] != width - 1
                or values[-1] == 0
                or sum(values[:-1]) != values[-1]
            ):
                continue
            out[i] = _with_blanks(lines[i], found, seats, width)
            changed = True
    return out if changed else None


def _columns(found: list[list[re.Match[str]]], width: int) -> tuple[list[int], int] | None:
    """A page's column offsets and how far a value may stray from them: a whole row's offsets; else the
    offsets two lines use, with each other offset joined to the nearest within half the narrowest gap."""
    whole = [[m.start() for m in f] for f in found if len(f) == width]
    if whole:
        columns = [sorted(col)[len(col) // 2] for col in zip(*whole)]  # each column's median offset
    else:
        used: dict[int, int] = {}
        for f in found:
            for m in f:
                used[m.start()] = used.get(m.start(), 0) + 1
        columns = sorted(o for o, n in used.items() if n >= MIN_LINES)
        if len(columns) < 2:
            return None
        tolerance = min(b - a for a, b in pairwise(columns)) // 2
        for offset in sorted(used):
            if _nearest(offset, columns, tolerance) is None:
                columns = sorted([*columns, offset])
    if len(columns) != width:
        return None
    tolerance = min(b - a for a, b in pairwise(columns)) // 2
    if tolerance < 1 or any(any(abs(a - b) > tolerance for a, b in zip(w, columns)) for w in whole):
        return None
    return columns, tolerance


def _nearest(offset: int, columns: list[int], tolerance: int) -> int | None:
    """The column an offset is in: within ``tolerance`` of it, and nearer to it by 2 or more than to any
    other (a value halfway between two columns is in neither)."""
    near = sorted(range(len(columns)), key=lambda k: abs(columns[k] - offset))
    first = abs(columns[near[0]] - offset)
    if first > tolerance or (len(near) > 1 and abs(columns[near[1]] - offset) < first + 2):
        return None
    return near[0]


def _with_blanks(line: str, found: list[re.Match[str]], columns: list[int], width: int) -> str:
    """The line's label, then its values in their columns with the blank cells written in."""
    cells = [BLANK_CELL] * width
    for column, m in zip(columns, found):
        cells[column] = m.group()
    return line[: found[0].start()].rstrip() + " " + " ".join(cells)


def _zero(text: str) -> bool:
    return not text.replace(",", "").replace(".", "").strip("0")
