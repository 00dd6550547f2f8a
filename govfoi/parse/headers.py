"""Blank cells of tables 四 and 二 placed by their header, where the text keeps positions.

Table 四 is one row of fifteen values, most often mostly blank, so its values give no grid; its header
does. Laid out by position, each of the fifteen header words (结果维持 … 总计, three times) is printed
above its column, wrapped or not; in a text browser's grid, the header rows' cells give the offsets of
the first columns and the widths that say where the rest fall. Table 二's rows sit under header rows
(信息内容 and the item's measures) whose cells, in a text browser's grid, start where the values do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise, product

from govfoi.codes import CHANNELS, RESULTS, label
from govfoi.parse.columns import _VALUE, _with_blanks
from govfoi.parse.rows import _matches
from govfoi.parse.tokens import CJK
from govfoi.template import Cell, appeal_identities, appeal_slots, solve

DRIFT = 4  # characters table 四's value may show left of its header word's centre (pdftotext -layout)
_WORD = re.compile(r"\S+")
_HEADS = tuple(label("result", r) for r in RESULTS)  # 结果维持 结果纠正 其他结果 尚未审结 总计
_GROUP_WORDS = frozenset(w for c in CHANNELS for w in label("channel", c).split())  # 行政复议 行政诉讼 …


def appeal_blanks_from_header(lines: list[str], start: int, end: int) -> list[str]:
    """``lines`` with table 四's blank cells written in, where its one line of values sits in the columns
    of its header laid out by position (pdftotext -layout) or in a text browser's grid; the same lines
    otherwise.

    Nothing is placed unless the header makes the template's fifteen columns, one seating of the values
    fits them, and each channel's four results add up to its total in it: a table this cannot settle is
    left to be read in order and flagged.
    """
    at = next((i for i in range(start, end) if _VALUE.search(lines[i])), None)
    if at is None or CJK.search(lines[at]) or "|" in lines[at] or "\f" in "".join(lines[start + 1 : at + 1]):
        return lines  # no values, values beside labels, a pipe table, or a page break inside the table
    found = list(_VALUE.finditer(lines[at]))
    width = len(appeal_slots())
    if sum(len(_VALUE.findall(line)) for line in lines[at:end]) >= width or len(found) != len(lines[at].split()):
        return lines  # no blank, or a word that is no value (a mark for a blank, a sign) beside them
    if (centres := _header_centres(lines[start:at])) is not None:
        seats = _seat_under_header(found, centres)
    elif (seats := _seat_in_browser_grid(lines[start + 1 : at], found, width)) is not None:
        seats = seats if _adds_up(found, seats) else None
    if seats is None:
        return lines
    out = list(lines)
    out[at] = _with_blanks("", found, seats, width)
    return out


def _adds_up(found: list[re.Match[str]], seats: Sequence[int]) -> bool:
    """Whether table 四's identities (each channel's four results add up to its total) hold with the values
    in ``seats`` and the blanks 0."""
    slots = appeal_slots()
    cells: dict[Cell, float | None] = dict.fromkeys(slots, 0.0)
    for seat, m in zip(seats, found, strict=True):
        cells[slots[seat]] = float(m.group().replace(",", ""))
    return solve(cells, appeal_identities()) is not None


def _header_centres(header: list[str]) -> list[int] | None:
    """Twice the centre of each of table 四's fifteen columns (doubled, to stay whole), from the header
    words above them (a word wrapped over lines is stacked at one offset); None unless they spell the
    fifteen headers in order."""
    words = [(m.start(), m.end(), k, m.group()) for k, line in enumerate(header) for m in _WORD.finditer(line)]
    words = sorted((w for w in words if any(w[3] in head for head in _HEADS)), key=lambda w: (w[0], w[2]))
    groups: list[list[tuple[int, int, int, str]]] = []
    for word in words:
        if groups and word[0] < max(w[1] for w in groups[-1]):
            groups[-1].append(word)
        else:
            groups.append([word])
    texts = ["".join(w[3] for w in sorted(g, key=lambda w: (w[2], w[0]))) for g in groups]
    if texts != list(_HEADS) * len(CHANNELS):
        return None
    return [min(w[0] for w in g) + max(w[1] for w in g) for g in groups]


def _seat_under_header(found: list[re.Match[str]], centres: list[int]) -> list[int] | None:
    """The columns of the values, in order: the one seating that makes every channel add up with each
    value from ``DRIFT`` characters left of its column's centre to one right of it; None when no seating
    or more than one does. pdftotext lays a line out in character cells narrower than a Chinese
    character, so it pushes a line of Chinese words right, and a value printed under its header word
    shows a few characters to its left, where it may be nearer the column before: which of two columns
    it is in only the sums tell, and where both add up nothing does."""
    middles = [m.start() + m.end() for m in found]  # doubled, as the centres are
    near = [[k for k, centre in enumerate(centres) if -2 * DRIFT <= c - centre <= 2] for c in middles]
    seatings = [seats for seats in product(*near) if all(a < b for a, b in pairwise(seats)) and _adds_up(found, seats)]
    return list(seatings[0]) if len(seatings) == 1 else None


def _seat_in_browser_grid(header: list[str], found: list[re.Match[str]], width: int) -> list[int] | None:
    """The columns of the values in a text browser's grid (inscriptis): each row's cells at the offsets of
    the table's first columns, each column as wide as its longest word and a constant gap. The header's
    rows (their group cells spanning several columns) give the first columns' offsets; the row of values,
    fifteen cells, runs past them, a blank cell one gap wide. None unless the header is table 四's words
    alone and every offset fits that grid."""
    words = [m for line in header for m in _WORD.finditer(line)]
    if not words or not all(w.group() in _GROUP_WORDS or any(w.group() in h for h in _HEADS) for w in words):
        return None
    longest: dict[int, int] = {}
    for m in [*words, *found]:
        longest[m.start()] = max(longest.get(m.start(), 0), len(m.group()))
    grid = sorted({m.start() for m in words})
    gaps = {b - a - longest[a] for a, b in pairwise(grid)}
    if len(grid) > width or len(gaps) != 1 or (gap := gaps.pop()) < 1:
        return None  # more columns than the table has, or no one gap between them
    index = {offset: k for k, offset in enumerate(grid)}
    seats: list[int] = []
    k, offset = len(grid), grid[-1] + longest[grid[-1]] + gap  # the first column past the header's
    for m in found:
        if m.start() in index:
            seats.append(index[m.start()])
            continue
        while k < width and offset < m.start():  # blank cells
            k, offset = k + 1, offset + gap
        if k == width or offset != m.start():
            return None
        seats.append(k)
        k, offset = k + 1, offset + len(m.group()) + gap
    return seats


_SIGNED = re.compile(r"(?<![\S])[+\-]?\d[\d,]*(?:\.\d+)?(?![\S])")  # table 二's 本年增/减 may be +3 or -7
_CELL = re.compile(r"\S+(?: \S+)*")  # a grid's cell: words one space apart (本年 制发件数); cells two or more
_MEASURES_HEADER = "信息内容"  # the first cell of each of table 二's header rows


def disclosure_blanks_from_header(lines: list[str], start: int, end: int, widths: dict[str, int]) -> list[str]:
    """``lines`` with table 二's blank cells written in, where its rows sit in a text browser's grid under
    header rows (信息内容 and the item's measures); the same lines otherwise. ``widths``: how many measures
    each item of the report's template has.

    Table 二 has no sums to check a seating by, so only an exact grid counts: for each header row and the
    rows under it on its page, every value starts at the offset of one of the header's cells, and the
    header has as many measures as each row's item. A line laid out by position (values centred under
    their headers) is no such grid, and a page laid out afresh after a page break is not the header's.
    """
    out = list(lines)
    for header, rows in _header_blocks(lines, start, end):
        columns = [c.start() for c in list(_CELL.finditer(lines[header]))[1:]]
        if all(len(_SIGNED.findall(lines[i])) >= len(columns) for i in rows):
            continue  # no row short of a value (almost every report): nothing to place
        rewritten = {}
        for i in rows:
            found = list(_SIGNED.finditer(lines[i]))
            label = lines[i][: found[0].start()].strip()
            items = {pattern.code for *_, pattern in _matches("disclosure", label)}
            seats = [columns.index(m.start()) for m in found if m.start() in columns]
            if (
                len(items) != 1
                or widths.get(items.pop()) != len(columns)
                or len(seats) != len(found)
                or len(lines[i][found[0].start() :].split()) != len(found)  # a word that is no value
            ):
                break
            if len(found) < len(columns):
                rewritten[i] = _with_blanks(label, found, seats, len(columns))
        else:
            for i, line in rewritten.items():
                out[i] = line
    return out


def _header_blocks(lines: list[str], start: int, end: int) -> list[tuple[int, list[int]]]:
    """Each of table 二's header rows (信息内容 …) with the lines of values under it, up to the next header
    row or page break."""
    blocks: list[tuple[int, list[int]]] = []
    for i in range(start, end):
        if "\f" in lines[i] and blocks and blocks[-1][0] >= 0:
            blocks.append((-1, []))  # a page break: the lines after it are under no header
        if _SIGNED.search(lines[i]):
            if blocks:
                blocks[-1][1].append(i)
        elif (cells := _CELL.match(lines[i].strip())) and cells.group() == _MEASURES_HEADER:
            blocks.append((i, []))
    return [(header, rows) for header, rows in blocks if header >= 0]
