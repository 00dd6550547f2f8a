"""Blank cells told by column positions: text laid out as a grid (a text browser's innerText) keeps each
cell at its column's offset, so a value's offset says which column it is in even where the blank cells
beside it left no trace.

A text browser prints a row's cells at the offsets of the table's first columns, one per cell: a row with
two label cells is one column to the right of a row with one. The offsets every value line uses are the
grid; a row's last value is its total (总计, printed whenever the row has a value other than 0; a row of
0s may leave it blank, and is left as printed), which says how far the row is shifted, and so which column
each of its values is in. The blanks are then written in as blank
cells. Only when every value line of the table sits exactly on the grid: otherwise nothing is changed.

Text laid out by position (pdftotext -layout) has a grid per block of lines instead (a page, or the rows
beside a label column that wraps, which pdftotext lays out narrower), offsets give or take a character or
two; there a short line is rewritten only when it is a whole row that adds up, or two lines are, one
holding the row's total and the other its values (a total centred in a tall cell). A first value printed
one space after a long label stands left of its column: the grid is made without such values, and each
is the first column's. A number wider than its narrow cell wraps: its head above the row's line, its tail
below at the same offset; the two are joined first, where the three lines are one row that adds up.
"""

from __future__ import annotations

import re
from itertools import pairwise

from govfoi.codes import APPLICANTS
from govfoi.parse.tokens import CJK, JOINED
from govfoi.read.formats import BLANK_CELL

_VALUE = re.compile(r"(?<![\S])\d[\d,\u23ce]*(?:\.\d+)?(?![\S])")
_GAP = re.compile(r"\S {2,}\S")  # cells padded to their column: two spaces or more between them
MIN_LINES = 2  # lines an offset must be used by to be a column of the grid
SLACK = 2  # characters a value laid out by position may stray from its column's offset
PUSH = 6  # characters pdftotext may push a row's first value right by the label before it
_Join = tuple[int, re.Match[str], re.Match[str]]  # a number wrapped in its cell: the tail's line, head, tail
PageGrid = tuple[list[int], int, tuple[int, int]]  # column offsets, how far a value may stray, the first's span


def blanks_from_columns(lines: list[str], start: int, end: int, width: int) -> list[str]:
    """``lines`` with the blank cells of lines[start:end] written in, where the value offsets place them;
    ``width``: the table's value columns, the total last. The same lines when the text is no such grid."""
    rows = _value_lines(lines, start, end)
    if any(len(found) > 1 and not _GAP.search(lines[i]) for i, found in rows.items()):
        return lines  # values one space apart: not laid out in columns
    if any("|" in lines[i] for i in rows):
        return lines  # a pipe table: its delimiters say where its empty cells are, not its offsets
    if (joined := _joined_wraps(lines, start, end, width > len(APPLICANTS))) != lines:
        lines, rows = joined, _value_lines(joined, start, end)
    if all(len(found) >= width for found in rows.values()):
        return lines  # no row short of a value: nothing to place
    return _cell_grid(lines, rows, width) or _page_grid(lines, rows, width) or lines


def _value_lines(lines: list[str], start: int, end: int) -> dict[int, list[re.Match[str]]]:
    """The values of each line of lines[start:end] that has any, by line."""
    return {i: found for i in range(start, end) if (found := list(_VALUE.finditer(lines[i])))}


def _joined_wraps(lines: list[str], start: int, end: int, subtotal: bool = False) -> list[str]:
    """``lines`` with each number wrapped in its narrow cell joined where its head stood: pdftotext -layout
    prints 1106 on the line above the row's line and 6 on the line below it, at the same offset; joined,
    1106⏎6 is read as 11066 and reported as a join. Only where the row's line is blank there, the lines
    above and below hold no label text, the line below holds nothing but such pieces (each piece in one
    join only), the joined number fits, and the row's line is no row without them but is one with them
    (``subtotal``: with a 小计 column). (The row's line, with its label, is laid out at offsets of its
    own, a Chinese character counting one but twice as wide: the number stays above.)"""
    joins: dict[tuple[int, int], _Join] = {}  # by the head's line and offset
    # Heads and tails stand on lines of values without label text: only those are searched.
    bare = [i for i in range(start, end) if not CJK.search(lines[i]) and _VALUE.search(lines[i])]
    for t in set(bare) & {i + 2 for i in bare}:
        for tail in _VALUE.finditer(lines[t]):
            heads = [h for h in _VALUE.finditer(lines[t - 2]) if h.start() == tail.start()]
            if len(heads) != 1 or not _wrapped_pieces(heads[0].group(), tail.group()):
                continue
            head, row_line, above = heads[0], lines[t - 1], lines[t - 2]
            room = above[head.end() : head.end() + len(JOINED) + len(tail.group()) + 1]
            if row_line[max(head.start() - 1, 0) : head.end() + 1].strip() or room.strip():
                continue  # something stands where the number is on the row's line, or where it would go
            joins[(t - 2, head.start())] = (t, head, tail)
    while True:  # each dropped join may leave another's line below holding something else
        tails: dict[int, set[int]] = {}
        for t, _, tail in joins.values():
            tails.setdefault(t, set()).add(tail.start())
        kept = {
            (h, x): (t, head, tail)
            for (h, x), (t, head, tail) in joins.items()
            if {m.start() for m in _VALUE.finditer(lines[t])} <= tails[t] | {x for (i, x) in joins if i == t}
            and _adds_up_joined(lines, h, joins, subtotal)
        }
        if kept == joins:  # then a piece that is the tail of one and the head of another: neither
            as_tail = {(t, tail.start()) for t, _, tail in joins.values()}
            kept = {k: j for k, j in joins.items() if k not in as_tail and (j[0], j[2].start()) not in joins}
            if kept == joins:
                break
        joins = kept
    out = list(lines)
    for (h, x), (t, head, tail) in joins.items():
        text = head.group() + JOINED + tail.group()
        out[h] = out[h][:x] + text + out[h][x + len(text) :]
        out[t] = out[t][: tail.start()] + " " * len(tail.group()) + out[t][tail.end() :]
    return out


def _adds_up_joined(
    lines: list[str],
    head_line: int,
    joins: dict[tuple[int, int], _Join],
    subtotal: bool,
) -> bool:
    """Whether the three lines from ``head_line`` are one row that adds up with its numbers joined with
    their pieces below, and are no rows without: the row's line alone is not one (its cells that wrapped
    are missing; a whole row between two stray values is left as it is), nor are the lines above and
    below each one (two rows that add up, joined, add up too: 146 191 0 113 450 over 0 0 4 4 reads 1460
    1910 0 1134 4504)."""
    above, row_line, below = (_numbers(lines[head_line + k]) for k in range(3))
    joined = []
    for m, value in zip(_VALUE.finditer(lines[head_line]), above, strict=True):
        join = joins.get((head_line, m.start()))
        joined.append(float(m.group() + join[2].group()) if join else value)
    return (
        _adds_up_unordered(joined + row_line, subtotal)
        and not _a_row_alone(row_line, subtotal)
        and not (_a_row_alone(above, subtotal) and _a_row_alone(below, subtotal))
    )


def _numbers(line: str) -> list[float]:
    return [_number(m) for m in _VALUE.finditer(line)]


def _number(m: re.Match[str]) -> float:
    return float(m.group().replace(",", "").replace(JOINED, ""))


def _adds_up_unordered(numbers: list[float], subtotal: bool) -> bool:
    """Whether ``numbers``, in whatever order, are a row: the largest (the total) the sum of the others; or
    with a 小计 column (``subtotal``), of 自然人 and the subtotal, the others then adding up to the total
    and the subtotal (one of them)."""
    if len(numbers) < 2:
        return False
    total = max(numbers)
    rest = sum(numbers) - total
    return rest == total or (subtotal and rest - total in numbers)


def _a_row_alone(numbers: list[float], subtotal: bool) -> bool:
    """Whether ``numbers``, in whatever order, are a row of their own: with a 小计 column its total and 小计 (the
    organisations alone with their 小计 add up, but are no row)."""
    return _adds_up_unordered(numbers, subtotal) and not (subtotal and _adds_up_unordered(numbers, False))


def _wrapped_pieces(head: str, tail: str) -> bool:
    """Whether ``head`` above and ``tail`` below may be one number wrapped in its cell: digits only, the
    tail no wider than the head (the cell's width), four digits or more in all (11 / 47: 1147)."""
    return head.isdigit() and tail.isdigit() and len(tail) <= len(head) and len(head) + len(tail) >= 4


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
            out[i] = _with_blanks(_label(lines[i], found), found, columns, width)
    return out


def _page_grid(lines: list[str], rows: dict[int, list[re.Match[str]]], width: int) -> list[str] | None:
    """A PDF's text laid out by position (pdftotext -layout): each block of lines has its own grid of
    ``width`` columns (a page, or the rows under a label column that wraps, which pdftotext lays out
    narrower), a value at its column's offset give or take a character or two."""
    if len({m.start() for found in rows.values() for m in found}) < width:
        return None  # fewer offsets than columns (values one a line): no block can make a grid
    out: dict[int, str] = {}
    # A value one space after its label is printed where the label ended, left of its column (``_attached``):
    # the blocks and their grids are made of the other values. Where those make no grid for a block, its
    # grid is made of all its values, as printed (the blocks stay as split without the attached ones).
    attached = {id(m) for i, found in rows.items() for m in found if _attached(lines[i], m)}
    free = {i: [m for m in found if id(m) not in attached] for i, found in rows.items()}
    for block in _blocks(lines, free, width):
        # The grid is made of the lines it is checked on: a line of 0s alone is not (it may have left its
        # total blank), and its offsets may be another grid's (a row shifted a column by an extra label cell).
        checked = [i for i in block if not all(_zero(m.group()) for m in rows[i])]
        if (grid := _columns([free[i] for i in checked if free[i]], width)) is not None:
            out.update(_block_rows(lines, rows, block, grid, width, attached))
        elif (grid := _columns([rows[i] for i in checked], width)) is not None:
            out.update(_block_rows(lines, rows, block, grid, width))
    return [out.get(i, line) for i, line in enumerate(lines)] if out else None


def _block_rows(
    lines: list[str],
    rows: dict[int, list[re.Match[str]]],
    block: list[int],
    grid: PageGrid,
    width: int,
    beside: set[int] | frozenset[int] = frozenset(),
) -> dict[int, str]:
    """The block's short lines rewritten with their blanks: a line that is a whole row (its values end in
    the total column and add up to it), and two lines next to each other whose values are one (its total
    on one, its values on the other). Nothing unless the grid makes such rows of every short line but
    those of 0s alone (which may have left their total blank): offsets gathered from lines out of place
    can make seven columns too. ``beside``: the values (ids) printed one space after their label, which the
    grid was made without, seated in the first column (none where the grid was made of every value)."""
    columns, tolerance, first = grid
    short = [i for i in block if len(rows[i]) < width and not _value_like(_label(lines[i], rows[i]))]
    rewritten: dict[int, str] = {}
    next_to = set(pairwise(block))  # lines next to each other in the block
    for i in short:
        if (seats := _whole_row(rows[i], columns, tolerance, first, width, beside)) is not None:
            rewritten[i] = _with_blanks(_label(lines[i], rows[i]), rows[i], seats, width)
    for i, j in pairwise(short):
        if i in rewritten or j in rewritten or (i, j) not in next_to:
            continue
        both = sorted([*rows[i], *rows[j]], key=lambda m: m.start())
        if (seats := _whole_row(both, columns, tolerance, first, width, beside)) is not None:
            # the row goes on the line of its label (四、结转… / its values), else on the first of the two
            at, other = (
                (j, i) if _label(lines[j], rows[j]).strip() and not _label(lines[i], rows[i]).strip() else (i, j)
            )
            rewritten[at] = _with_blanks(_label(lines[at], rows[at]), both, seats, width)
            rewritten[other] = _without_values(lines[other], rows[other])
    unread = [i for i in block if len(rows[i]) < width and i not in rewritten]
    return rewritten if all(all(_zero(m.group()) for m in rows[i]) for i in unread) else {}


def _whole_row(
    found: list[re.Match[str]],
    columns: list[int],
    tolerance: int,
    first: tuple[int, int],
    width: int,
    beside: set[int] | frozenset[int] = frozenset(),
) -> list[int] | None:
    """The columns of a short row's values (``found``, in offset order), when each is plainly in one, none
    twice, the last is the total column and the others add up to it (not 0: a row of 0s may have left its
    total blank). With a 法人或其他组织 小计 column (one more than the applicants), the 小计 is the
    organisations' sum and is not counted again in the total. ``beside``: the values (ids) printed one
    space after their label, in the first column when left of the second's reach (``_attached``)."""
    nearest = [_seat(m, columns, tolerance, first, id(m) in beside) for m in found]
    seats = [s for s in nearest if s is not None]
    if len(seats) < len(nearest) or seats != sorted(set(seats)) or seats[-1] != width - 1:
        return None
    cells = {seat: _number(m) for seat, m in zip(seats, found)}
    total = cells.pop(width - 1)
    subtotal = cells.pop(width - 2, None) if width > len(APPLICANTS) else None
    if subtotal is not None and sum(v for seat, v in cells.items() if seat > 0) != subtotal:
        return None
    return seats if total != 0 and sum(cells.values()) == total else None


def _seat(m: re.Match[str], columns: list[int], tolerance: int, first: tuple[int, int], beside: bool) -> int | None:
    """The column of one value: the first for a value one space after its label (``beside``) that is left of
    the second column's reach, or in the first column's span; else the column it is plainly in."""
    if beside:
        return 0 if m.start() < columns[1] - tolerance else None
    if first[0] <= m.start() <= first[1]:
        return 0
    return _nearest(m.start(), columns, tolerance)


def _attached(line: str, m: re.Match[str]) -> bool:
    """Whether a value is printed one space after a word with Chinese in it (行政机关不 0). pdftotext
    -layout counts a label a character a glyph, though its glyphs are twice as wide, and sets such a value
    where the label ended, left of its column, by more the longer the label (5.要求行政机关确认或 27: ten
    characters). It is the first column's (自然人, the cell beside the label): were that blank, the next
    value would stand a column's width away, not one space."""
    before = line[: m.start()]
    words = before.split()
    return before.endswith(" ") and not before.endswith("  ") and bool(words) and bool(CJK.search(words[-1]))


def _without_values(line: str, found: list[re.Match[str]]) -> str:
    """The line with its values blanked out (written on their row's other line)."""
    for m in reversed(found):
        line = line[: m.start()] + " " * len(m.group()) + line[m.end() :]
    return line


def _blocks(lines: list[str], rows: dict[int, list[re.Match[str]]], width: int) -> list[list[int]]:
    """The value lines in runs that share one grid: a run ends at a page break, or where a line's offsets
    would make more than ``width`` columns."""
    blocks: list[list[int]] = []
    offsets: list[int] = []
    for i in sorted(rows):
        mine = [m.start() for m in rows[i]]
        page_break = bool(blocks) and any("\f" in line for line in lines[blocks[-1][-1] + 1 : i + 1])
        if not blocks or page_break or len(_clusters([*offsets, *mine])) > width:
            blocks.append([])
            offsets = []
        blocks[-1].append(i)
        offsets += mine
    return blocks


def _clusters(offsets: list[int]) -> list[list[int]]:
    """Offsets grouped where each is within ``SLACK`` of the one before: one group a column."""
    groups: list[list[int]] = []
    for offset in sorted(offsets):
        if groups and offset - groups[-1][-1] <= SLACK:
            groups[-1].append(offset)
        else:
            groups.append([offset])
    return groups


def _columns(found: list[list[re.Match[str]]], width: int) -> PageGrid | None:
    """A block's column offsets (each column's median), how far a value may stray from them (half the
    narrowest gap), and the first column's span. None unless the block's offsets make exactly ``width``
    columns, each no wider than ``SLACK`` (offsets chained across two columns are no column) but the first:
    pdftotext pushes a value right of its column by the Chinese label before it on its line, by more the
    longer the label, so the first column's values may spread up to ``PUSH`` characters."""
    groups = _clusters([m.start() for f in found for m in f])
    if len(groups) != width or any(g[-1] - g[0] > SLACK for g in groups[1:]) or groups[0][-1] - groups[0][0] > PUSH:
        return None
    columns = [g[len(g) // 2] for g in groups]
    first = (groups[0][0], groups[0][-1])
    gaps = [b - a for a, b in pairwise(columns)]
    if first[1] - first[0] > SLACK:  # pushed: the first gap is from the furthest pushed value
        gaps[0] = columns[1] - first[1]
    tolerance = min(gaps) // 2
    return (columns, tolerance, first) if tolerance >= SLACK else None


def _nearest(offset: int, columns: list[int], tolerance: int) -> int | None:
    """The column an offset is in: within ``tolerance`` of it, and nearer to it by 2 or more than to any
    other (a value halfway between two columns is in neither)."""
    near = sorted(range(len(columns)), key=lambda k: abs(columns[k] - offset))
    first = abs(columns[near[0]] - offset)
    if first > tolerance or (len(near) > 1 and abs(columns[near[1]] - offset) < first + 2):
        return None
    return near[0]


def _with_blanks(label: str, found: list[re.Match[str]], columns: list[int], width: int) -> str:
    """The row's label, then its values in their columns with the blank cells written in."""
    cells = [BLANK_CELL] * width
    for column, m in zip(columns, found):
        cells[column] = m.group()
    return label.rstrip() + " " + " ".join(cells)


def _label(line: str, found: list[re.Match[str]]) -> str:
    """What the line prints before its first value."""
    return line[: found[0].start()]


def _value_like(label: str) -> bool:
    """Whether a label ends in a word with a digit and no Chinese (|0, l2: OCR's reading of a value and a
    rule): a value the offsets do not see, so the line is no short row."""
    words = label.split()
    return bool(words) and any(c.isdigit() for c in words[-1]) and not CJK.search(words[-1])


def _zero(text: str) -> bool:
    return not text.replace(",", "").replace(".", "").strip("0")
