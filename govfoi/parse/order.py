"""Table 三 read by template order: its numbers as one sequence, cut into the template's rows by their sums.

Text made from a PDF (pdftotext, PDFium, pdfplumber) keeps the numbers of table 三 in template order while
the labels are cut one character a line, wrapped around values or printed out of place, so the label
reading gives one row's values to another. The numbers alone say where the rows end: each row's last value
(总计) is the sum of the others, a row of blanks prints nothing, a row has at most one value per column.

A row printed whole on one line that does not add up (a misread digit, the author's own slip) still has
its place, told by its count and its line. Among the cuts the sums allow, those with the fewest repairs
(such rows, and wrapped numbers joined: either can make a wrong cut add up) come first; of those, the one
that agrees with the label reading on the most rows (then keeps the most rows whole on their lines) is
taken, and only when no other does as well: the labels and the lines decide what the sums leave open,
and a tie is no reading.
The rows are then seated and judged by the cell reader against every identity of the table like any
others; the report takes the reading where it reads more cells than the labels did.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import combinations, permutations
from typing import NamedTuple

from govfoi.codes import APPLICANTS, labels
from govfoi.parse.rows import Row
from govfoi.parse.tokens import BLANK, NUM, TEXT, Token, lines_of
from govfoi.read.formats import BLANK_CELL

MAX_JOINS = 2  # numbers wrapped onto the next line inside one row (a narrow PDF column: 203 / 9 → 2039)
_PROSE = 20  # a text longer than this after the values is prose: the table has ended


def table_values(tokens: list[Token]) -> list[Token] | None:
    """The table's numbers in print order, up to the first prose after them; None when a cell is unreadable
    (the sums cannot say where its row ends). Empty cells between delimiters are left out: in text whose
    labels are out of place they are as often layout (a markdown converter's misaligned pipes) as blanks.
    Blank cells a reader placed by position (``BLANK_CELL``) are kept: they seat their row's values."""
    values: list[Token] = []
    for tok in tokens:
        if tok.kind == TEXT:
            if values and (len(tok.text) > _PROSE or "。" in tok.text):
                break
            continue
        if tok.kind == BLANK:
            if tok.text == BLANK_CELL:
                values.append(tok)
            continue
        if tok.kind != NUM or tok.value is None:
            return None
        values.append(tok)
    return values


class Cut(NamedTuple):
    """Table 三 cut by order: its rows; the rows where a wrapped number was joined; the rows that read
    more than one way (over lines whose other order also adds up), with every reading, first the one in
    ``rows``, for the table's identities to choose from; and the rows taken though they do not add up."""

    rows: dict[str, Row]
    joined: list[str]
    readings: dict[str, tuple[tuple[Token, ...], ...]]
    broken: list[str]
    moved: tuple[str, ...] = ()  # rows whose total was printed out of place (``displaced.py``)
    sided: tuple[str, ...] = ()  # rows seated by the side the table prints its labels on (``label_numbers``)


def read_by_order(  # noqa: C901
    values: list[Token], codes: tuple[str, ...], width: int, by_label: dict[str, Row], subtotal: bool = False
) -> Cut | None:
    """Rows ``codes`` cut from ``values`` in order; None when no cut fits, or two fit equally well.

    ``width``: values a row holds when none is blank (with the 法人或其他组织 小计 column, 8, and the
    subtotal is checked as part of the row's sum). ``by_label``: the label reading, whose rows break ties.
    """
    n, rows = len(values), len(codes)
    per_line = Counter(t.line for t in values)
    alone = frozenset(line for line, count in per_line.items() if count == 1)
    longest = width + MAX_JOINS
    segments = {
        (i, j): found
        for i in range(n + 1)
        for j in range(i, min(n, i + longest) + 1)
        if (found := _as_row(values[i:j], width, subtotal, alone))
    }
    # A full row on one line that does not add up (a misread digit, the author's own slip) is still a row:
    # its place is told by its count and its line; cuts with fewer repairs (such rows and joins) come first,
    # and the identity checks report each one.
    broken = {
        (i, i + width)
        for i in range(n - width + 1)
        if (i, i + width) not in segments and len(lines_of(values[i : i + width])) == 1
    }
    segments.update({key: (tuple(values[key[0] : key[1]]),) for key in broken})
    agree = [_label_keys(by_label.get(code)) for code in codes]
    # A row's values begin and end a line more often than not: 0 0 0 0 0 0 0 / 89 0 119 65 273 is two rows,
    # though 0 0 0 0 0 / 0 0 89 0 119 65 273 adds up as well.
    edge = [i == 0 or i == n or values[i - 1].line != values[i].line for i in range(n + 1)]
    # best[r][i]: the best score cutting values[i:] into rows r… (fewer repairs: rows that do not add up and
    # numbers joined, either of which can make a wrong cut add up; then rows agreeing with the labels, then
    # rows whole on their lines) and how many cuts reach it, capped at 2
    best: list[dict[int, tuple[tuple[int, int, int], int]]] = [{} for _ in range(rows + 1)]
    choice: list[dict[int, int]] = [{} for _ in range(rows + 1)]
    best[rows][n] = ((0, 0, 0), 1)
    for r in range(rows - 1, -1, -1):
        for i in range(max(0, n - (rows - r) * longest), min(n, r * longest) + 1):
            top, ways, pick = (-n - 1, -1, -1), 0, None
            for j in range(i, min(n, i + longest) + 1):
                after = best[r + 1].get(j)
                fits = segments.get((i, j)) if after else None
                if fits is None:
                    continue
                (whole, agreed, lined), after_ways = after  # type: ignore[misc]
                score = (
                    whole - ((i, j) in broken) - (j - i - len(fits[0])),
                    agreed + (agree[r] is not None and token_keys(values[i:j]) == agree[r]),
                    lined + (edge[i] and edge[j]),
                )
                if score > top:
                    top, ways, pick = score, after_ways, j
                elif score == top:
                    ways = min(2, ways + after_ways)
            if pick is not None:
                best[r][i], choice[r][i] = (top, ways), pick
    if 0 not in best[0] or best[0][0][1] != 1:  # no cut, or two equally good
        return None
    cut = Cut({}, [], {}, [])
    i = 0
    for r, code in enumerate(codes):
        j = choice[r][i]
        found = segments[(i, j)]
        row = found[0]
        line = row[0].line if row else (by_label[code].line if code in by_label else 0)
        cut.rows[code] = Row(code, line, list(row))
        if len(row) < j - i:
            cut.joined.append(code)
        if len(found) > 1:
            cut.readings[code] = found
        if (i, j) in broken:
            cut.broken.append(code)
        i = j
    return cut


def _label_keys(row: Row | None) -> tuple[tuple[int, str], ...] | None:
    return None if row is None else token_keys(row.values)


def token_keys(tokens: list[Token] | tuple[Token, ...]) -> tuple[tuple[int, str], ...]:
    """Tokens as (line, text): the same values printed in the same places, whichever reading holds them."""
    return tuple((t.line, t.text) for t in tokens)


def _as_row(
    segment: list[Token], width: int, subtotal: bool, alone: frozenset[int] = frozenset()
) -> tuple[tuple[Token, ...], ...]:
    """The ways ``segment`` reads as a row; none when its sums say it is no row. Empty: a row of blanks;
    one value: only a 0 (a total with nothing beside it). A row printed over lines is read in each order of
    its lines that adds up (a total centred in a tall cell comes out on the row's first line; 0 0 0 0 0 28
    / 28 reads both ways). More values than cells: a number wrapped onto the next line, joined (203 / the
    values / 9: a total wrapped around its row's values, 2039)."""
    k = len(segment)
    if k == 0:
        return ((),)
    if any(t.kind == BLANK for t in segment):
        return (tuple(segment),) if _placed_row(segment, width, subtotal) else ()
    if k == 1:
        return (tuple(segment),) if segment[0].value == 0 else ()
    groups = lines_of(segment)
    orders = (
        [segment]
        if len(groups) == 1 or len(groups) > 3
        else [[t for g in order for t in g] for order in permutations(groups)]
    )
    fits: dict[tuple[float | None, ...], tuple[Token, ...]] = {}
    for tokens in orders:
        row = (
            _joined(tokens, width, subtotal, alone)
            if k > width
            else tuple(tokens)
            if _adds_up([t.value for t in tokens], subtotal)  # type: ignore[misc]
            else None
        )
        if row:
            fits.setdefault(tuple(t.value for t in row), row)
    return tuple(fits.values())


def _placed_row(segment: list[Token], width: int, subtotal: bool) -> bool:
    """A row whose blank cells a reader placed: one line, a value or blank in every cell, and its values
    add up (a blank counted as nothing); its total blank only beside 0s and blanks."""
    if len(segment) != width or len(lines_of(segment)) != 1:
        return False
    values = [0.0 if t.kind == BLANK else t.value for t in segment]
    if segment[-1].kind == BLANK:
        return not any(values)
    return _adds_up(values, subtotal)  # type: ignore[arg-type]


def _adds_up(values: list[float], subtotal: bool) -> bool:
    """The last value is the sum of the others; with a 小计 column the one before it may be the
    organisations' subtotal, counted once in the total, and in a row with no blank (8 values) it is the
    sum of the five organisations too."""
    *parts, total = values
    rest = sum(parts)
    if rest == total:
        return True
    if not subtotal or len(parts) < 2 or rest - parts[-1] != total:
        return False
    return len(values) < len(APPLICANTS) + 1 or sum(parts[1:-1]) == parts[-1]


def _joined(
    segment: list[Token], width: int, subtotal: bool, alone: frozenset[int] = frozenset()
) -> tuple[Token, ...] | None:
    """The one way to join numbers wrapped onto the next line (across a line break, never before a
    leading 0 unless that 0 is alone on its line ``alone``, as the rest of 1286 / 0 is: a 0 beginning a line
    of values is the next row's) so that the row adds up; None when none or more than one does."""
    extra = len(segment) - width  # > 0: a row has more numbers than cells only where one wrapped
    breaks = [
        i
        for i in range(len(segment) - 1)
        if segment[i].line < segment[i + 1].line
        and segment[i].text.isdigit()
        and segment[i + 1].text.isdigit()
        and (not segment[i + 1].text.startswith("0") or segment[i + 1].line in alone)
    ]
    found: tuple[Token, ...] | None = None
    for joins in _choose(breaks, extra, MAX_JOINS):
        row: list[Token] = []
        for i, tok in enumerate(segment):
            if i - 1 in joins:
                text = row[-1].text + tok.text
                row[-1] = Token(NUM, text, row[-1].line, float(text))
            else:
                row.append(tok)
        if len(row) <= width and len(row) >= 2 and _adds_up([t.value for t in row], subtotal):  # type: ignore[misc]
            if found is not None:
                return None
            found = tuple(row)
    return found


def _choose(spots: list[int], least: int, most: int) -> list[tuple[int, ...]]:
    return [c for k in range(least, most + 1) for c in combinations(spots, k)]


# Rows whose own number alone is nearest, on one side, for ties to be read by that side: at least MIN_SIDED,
# and SIDED times as many as on the other (tables seen: 18 and 2, 17 and 1; a table whose labels stand either
# side at random, as the property draws them, gives 2 to 1 at times, and a tie read by it is wrong).
MIN_SIDED = 6
SIDED = 5

_PART = re.compile(r"([一二三四])、")  # the table's part: 一、 received, 二、 carried over, 三、 outcomes, 四、
_GROUP = re.compile(r"[(（]([一二三四五六七])[)）]")  # an outcome's group: (三)不予公开
_ITEM = re.compile(r"(\d{1,2})[.．、]")  # a row's number within its group: 1.属于国家秘密
Numbers = tuple[str | None, str | None, str | None]  # part, group, item


@cache
def _numbers() -> dict[str, Numbers]:
    """Each row's numbers as the template prints them (an outcome row's part is 三、, printed once)."""
    out: dict[str, Numbers] = {}
    for code, text in labels("outcome").items():
        part, group, item = _PART.match(text), _GROUP.search(text), _ITEM.search(text)
        out[code] = (part.group(1) if part else "三", group and group.group(1), item and item.group(1))
    return out


def label_numbers(cut: Cut, tokens: list[Token], single_other: bool) -> tuple[list[str], list[str]]:
    """The rows of ``cut`` whose label, as printed, bears another row's number: a part (二、) or group ((三))
    not theirs on the row's line, or, nearest to the row between the rows before and after it, a number
    not its own: of its own level, a finer one, or another part's or group's (（七）总计 a line below the values
    seated as 3.其他 above it; a label begins beside its values, or a line off where one of them is centred
    in a tall cell; two numbers equally near say nothing, and flag it). Where blank cells were placed by
    position, a cut that seats a row by a line numbered for another has put a row of blanks in the wrong
    place, which the sums cannot tell: a column's sum is the same whichever row holds a value. Also the rows
    between two numbers equally near that the side the table prints its labels on seated (each a warning)."""
    marks: dict[int, list[tuple[int, str]]] = {}  # line → the numbers printed on it, as (level, number)
    for t in tokens:
        if t.kind == TEXT:
            found = marks.setdefault(t.line, [])
            if part := _PART.match(t.text):  # a part's number begins its label
                found.append((0, part.group(1)))
            found += [(1, m.group(1)) for m in _GROUP.finditer(t.text)]
            found += [(2, m.group(1)) for m in _ITEM.finditer(t.text)]
    valued = [(code, row.values[0].line) for code, row in cut.rows.items() if row.values and code in _numbers()]
    end = max(marks, default=0) + 1
    out = []
    sides: Counter[int] = Counter()  # where a row's own number stands when it alone is nearest: above, below
    ties: list[tuple[str, int, set[int]]] = []  # rows whose own number and another are equally near
    for k, (code, line) in enumerate(valued):
        own = list(_numbers()[code])
        if single_other and code == "other":
            own[2] = None  # (六)其他处理 as one row has no items
        level = max(n for n, number in enumerate(own) if number)
        here = marks.get(line, [])
        if any(n < 2 and number != own[n] for n, number in here):
            out.append(code)
            continue
        # between the rows before and after it; the last row's, to the table's end (（七）总计 below it)
        low, high = valued[k - 1][1] if k else -1, valued[k + 1][1] if k + 1 < len(valued) else end
        near = [
            (abs(i - line), (n, number), (i > line) - (i < line))
            for i in range(low + 1, high)
            for n, number in marks.get(i, [])
            if n >= level or number != own[n]  # the row's own part and group say nothing of which row it is
        ]
        nearest = min((d for d, _, _ in near), default=None)
        closest = [(mark, side) for d, mark, side in near if d == nearest]
        mine = {side for mark, side in closest if mark == (level, own[level])}
        if not near or {mark for mark, _ in closest} == {(level, own[level])}:
            sides.update(mine - {0})
        elif len(mine) == 1 and 0 not in mine:
            ties.append((code, mine.pop(), {side for mark, side in closest if mark != (level, own[level])}))
        else:
            out.append(code)
    # Two numbers equally near say nothing, unless the table prints its labels on one side of their values
    # throughout (below them, where a row's values are centred above its label's first line; a row or two
    # may be centred the other way): then the one on that side is the row's own.
    side = next((s for s in (1, -1) if sides[s] >= MIN_SIDED and sides[s] >= SIDED * sides[-s]), None)
    out += [code for code, mine, others in ties if side is None or mine != side or others != {-side}]
    order = [code for code, _ in valued]
    return sorted(out, key=order.index), [code for code, _, _ in ties if code not in out]
