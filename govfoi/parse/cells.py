"""Rows of values → template cells, with gaps filled only where the template's identities force one value.

A row with as many values as cells is placed as printed. A row with fewer values is a row that lost a
cell: every placement of the gap is tried, each is solved against the identities, and a cell gets a value
only when every placement that satisfies them agrees on it; the value is then marked ``imputed``.
Otherwise the cell stays null with an error. A value is never moved into another column on a guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import combinations, pairwise, permutations, product
from typing import NamedTuple

from govfoi.findings import Finding, finding
from govfoi.parse.seating import joint_seatings
from govfoi.parse.tokens import BAD, BLANK, NUM, Token, lines_of
from govfoi.template import Cell, Identity


class CellValue(NamedTuple):
    value: float | None
    line: int | None
    imputed: bool = False


_new_cell = tuple.__new__  # builds a CellValue without NamedTuple's Python-level __new__ (hot path)


class Run(NamedTuple):
    """One row's cells in print order and the values read for it (a NamedTuple: made for every row of
    every report, and a frozen dataclass costs several times as much to make)."""

    key: str
    slots: tuple[Cell, ...]
    values: tuple[Token, ...]
    line: int | None


def place(  # noqa: C901
    runs: list[Run], identities: tuple[Identity, ...], table: str, *, counts: bool = True,
    run_together: bool = False,
) -> tuple[dict[Cell, CellValue], list[Finding]]:
    """Place every run's values in its cells; ``counts`` demands non-negative whole numbers.

    ``run_together`` says the text runs cells together (a one-line crawler capture): a row with fewer
    plain-digit words than cells is then split, never read as a row that lost a cell.
    """
    grid: dict[Cell, CellValue] = {}
    found: list[Finding] = []
    short: list[Run] = []
    empty: list[Run] = []
    blank_cells: list[Cell] = []
    run_on: list[Run] = []
    wrapped: list[Run] = []
    for run in runs:
        n, k = len(run.slots), len(run.values)
        if k > n and (run.values[0].kind == BLANK or run.values[-1].kind == BLANK):
            run = run._replace(values=_without_padding(run, identities))
            k = len(run.values)
        if k < n and _run_together(run.values, n, run_together):
            run_on.append(run)
        elif n < k <= n + 2 and _wrapped(run):
            wrapped.append(run)
        elif k == 0:
            grid.update({c: CellValue(None, run.line) for c in run.slots})
            found.append(finding("missing_row", table=table, row=run.key, line=run.line))
            if run.line is not None:
                empty.append(run)  # a label without values: in text that drops blanks, a row of blanks
        elif k > n:
            grid.update({c: CellValue(None, run.line) for c in run.slots})
            shown = " ".join(t.text or "␣" for t in run.values)
            found.append(finding("extra_values", table=table, row=run.key, line=run.line,
                                 detail=f"{k} > {n}: {shown}"))
        elif k < n and all(t.kind == BLANK or (t.kind == NUM and _readable(t, counts)) for t in run.values) \
                and any(t.kind == NUM for t in run.values):
            short.append(run)  # lost cells; blank cells it kept stay blank where every placement agrees
        elif k < n:
            grid.update({c: CellValue(None, run.line) for c in run.slots})
            found.append(finding("missing_cell", table=table, row=run.key, line=run.line,
                                 detail=f"{k} < {n} values and some unreadable"))
        elif len(cells := _readable_cells(run.values, counts)) == n:  # the common row: every value readable
            if counts and _out_of_order(run, identities):
                short.append(run)  # seated by its line order that the sums allow
                continue
            grid.update(zip(run.slots, cells))
        else:
            for cell, tok in zip(run.slots, run.values, strict=True):
                grid[cell] = _read_cell(cell, tok, table, counts, found)
                if tok.kind == BLANK:
                    blank_cells.append(cell)
    if run_on:
        _split_run_on(grid, run_on, identities, table, found, empty)
    if wrapped:
        _join_wrapped(grid, wrapped, identities, table, found)
    if short:
        _fill_gaps(grid, short, identities, table, found, empty, blank_cells)
    return grid, found


MAX_SPLITS = 50_000  # ways to split one run of digits that are tried before giving up
# No report prints a count of 16 digits or more; beyond this a float is no longer exact and an Int64 column
# overflows, so such a printed number is unreadable (null + error), never a value.
MAX_DIGITS = 15
MAX_VALUE = 10.0 ** MAX_DIGITS


def _without_padding(run: Run, identities: tuple[Identity, ...]) -> tuple[Token, ...]:
    """A row's values without the empty cells at its edges that are more than its cells (an empty cell
    between a label and the values, or a table's empty last column, is layout, not a blank): the one way
    to drop them that the row's own sums allow, read with its blanks adding 0, else with its blanks
    unknown; the row as it was when there is not exactly one."""
    values, n = run.values, len(run.slots)
    extra = len(values) - n
    own = _own(run, identities)
    ways = [values[lead:len(values) - (extra - lead)] for lead in range(extra + 1)
            if all(t.kind == BLANK for t in values[:lead] + values[len(values) - (extra - lead):])]
    if not own:
        return ways[0] if len(ways) == 1 else values
    for blank in (0.0, None):
        fits = [kept for kept in ways
                if solve({c: (blank if t.kind == BLANK else t.value) for c, t in zip(run.slots, kept)}, tuple(own))
                is not None]
        if len(fits) == 1:
            return fits[0]
        if fits:
            break
    return values


def _run_together(values: tuple[Token, ...], n: int, anywhere: bool = False) -> bool:
    """Fewer plain-digit tokens than cells, that must hold cells run together: one token with at least a
    digit per cell (512000053 for 7 cells), or a token no count can be (00, 023: a leading zero), as when a
    crawler keeps the spaces of some cells and runs the others together (230 000023); or, in a text known
    to run cells together and drop blank ones (``anywhere``), any row of two digits or more (21115:
    2|1|1|1|5 with two blank cells)."""
    if not all(t.kind == NUM and t.text.replace(",", "").isdigit() for t in values):
        return False
    digits = sum(len(t.text) for t in values)
    if digits > n * MAX_DIGITS:
        return False  # longer than the row's cells can print: unreadable, not a run to cut
    if anywhere:  # a value and its total at least; the rest may be blank cells the text dropped
        return digits >= 2
    if len(values) == 1:
        return digits >= n
    return digits >= n and any(len(t.text) > 1 and t.text[0] == "0" for t in values)


def _splits(
    words: tuple[str, ...], n: int, own: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = (),
    limit: int = MAX_SPLITS,
) -> list[tuple[float, ...]] | None:
    """Every way to cut the words into n numbers without leading zeros (0 itself is fine), each word into
    one or more (a space between words is always a cut), that satisfies the row's own sums ``own``
    ((part slots, whole slot) pairs, the whole after its parts, as the template prints them). None when
    there are more than ``limit`` such ways.

    A search over cut positions that carries the partial sums: a whole must equal its parts' sum, so only
    one length fits it, and a partial sum with more digits than the digits left cannot be closed; memoised
    on (position, slot, sums), so a 25-digit row of table 三 takes milliseconds, not C(24, 6) trials.
    """
    digits = "".join(words)
    ends, offset = set(), 0  # a piece may not run over the end of a word
    for w in words:
        offset += len(w)
        ends.add(offset)
    role: list[tuple[str, int]] = [("free", -1)] * n
    for i, (parts, whole) in enumerate(own):
        for j in parts:
            role[j] = ("part", i)
        for j in whole:
            role[j] = ("whole", i)
    last_kind, last_i = role[-1]
    if last_kind != "whole":
        return _cut(digits, ends, role, n, (None,) * len(own), limit)
    # The row's total is its last cell: each length it may have fixes it, and bounds every part before it.
    out: list[tuple[float, ...]] = []
    for length in range(1, len(words[-1]) + 1):
        total = digits[len(digits) - length:]
        if (len(total) > 1 and total[0] == "0") or len(digits) - length < n - 1 or total[0] == "," \
                or ("," in total and not _THOUSANDS.fullmatch(total)) or digits[len(digits) - length - 1] == ",":
            continue
        targets = tuple(int(total.replace(",", "")) if k == last_i else None for k in range(len(own)))
        head = _cut(digits[:len(digits) - length], {e for e in ends if e < len(digits) - length} |
                    {len(digits) - length}, role[:-1], n - 1, targets, limit - len(out))
        if head is None:
            return None
        out.extend((*r, float(total.replace(",", ""))) for r in head)
    return out


def _cut(  # noqa: C901
    digits: str, ends: set[int], role: list[tuple[str, int]], n: int, targets: tuple[int | None, ...], limit: int
) -> list[tuple[float, ...]] | None:
    """The cuts of ``digits`` into n pieces for ``_splits``: slots by role (part or whole of an identity),
    parts bounded by their identity's target where it is known. None when more than ``limit``."""
    memo: dict[tuple[int, int, tuple[int, ...]], list[tuple[int, ...]] | None] = {}
    size = len(digits)
    # same[j]: every slot after j is a part of the same identity as j (so the digits left must fit in them)
    same = [all(r == role[j] for r in role[j + 1:]) for j in range(n)]
    grouped = "," in digits  # (the digits-left bound counts characters as digits)

    def rest(pos: int, slot: int, sums: tuple[int, ...]) -> list[tuple[int, ...]] | None:  # noqa: C901
        if slot == n:
            done = pos == size and all(t is None or t == v for t, v in zip(targets, sums))
            return [()] if done else []
        key = (pos, slot, sums)
        if key in memo:
            return memo[key]
        out: list[tuple[int, ...]] | None = []
        left = n - slot - 1
        kind, i = role[slot]
        stop = min((e for e in ends if e > pos), default=size)
        for end in range(pos + 1, min(stop, size - left) + 1):
            piece = digits[pos:end]
            if (len(piece) > 1 and piece[0] == "0") or piece[0] == ",":
                break
            if (end < size and digits[end] == ",") or ("," in piece and not _THOUSANDS.fullmatch(piece)):
                continue  # a thousands separator stands inside a number, between groups of three
            value = int(piece.replace(",", ""))
            new = sums
            if kind == "whole":
                if value != sums[i]:
                    continue
            elif kind == "part":
                new = (*sums[:i], sums[i] + value, *sums[i + 1:])
                target = targets[i]
                if (new[i] > target) if target is not None else (len(str(new[i])) > size - end - left + 1):
                    break  # more than the whole it adds up to, or than the digits left can print
                if target is not None and same[slot] and not grouped and not _fits(size - end, left, target - new[i]):
                    continue  # the parts left cannot print the digits left and add up to the whole
            tails = rest(end, slot + 1, new)
            if tails is None:
                out = None
                break
            out.extend((value, *t) for t in tails)
            if len(out) > limit:
                out = None
                break
        memo[key] = out
        return out

    readings = rest(0, 0, (0,) * len(targets))
    return None if readings is None else [tuple(float(v) for v in r) for r in readings]


MAX_SUBTOTAL_CUTS = 2_000  # cuts of a run-together row with 小计 that add up the organisations (more: not read)


def split_with_subtotal(values: list[Token]) -> list[Token] | None:
    """A row whose eight cells a crawler ran together into one word (35411029… with 小计): the one cut into
    自然人 | five organisations | 小计 | 总计 where 小计 adds up the organisations and 总计 is 自然人 + 小计,
    without the subtotal; None when there is not exactly one (or more than ``MAX_SUBTOTAL_CUTS``)."""
    if len(values) != 1 or not values[0].text.isdigit():
        return None
    digits = values[0].text
    found: set[tuple[float, ...]] = set()
    for t in range(1, min(MAX_DIGITS, len(digits) - 7) + 1):  # the total: the last t digits
        total_text, head = digits[-t:], digits[:-t]
        if len(total_text) > 1 and total_text[0] == "0":
            continue
        total = int(total_text)
        for n in range(1, min(MAX_DIGITS, len(head) - 6) + 1):  # 自然人: the first n digits
            natural_text, middle = head[:n], head[n:]
            subtotal = total - int(natural_text)
            if (n > 1 and natural_text[0] == "0") or subtotal < 0 or not middle.endswith(str(subtotal)):
                continue
            cuts = _splits((middle,), 6, (((0, 1, 2, 3, 4), (5,)),), limit=MAX_SUBTOTAL_CUTS)
            if cuts is None:
                return None
            found.update((float(natural_text), *c[:5], float(total)) for c in cuts if c[5] == subtotal)
            if len(found) > 1:
                return None
    if len(found) != 1:
        return None
    line = values[0].line
    return [Token(NUM, f"{v:g}", line, v) for v in found.pop()]


_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


def _fits(digits: int, pieces: int, total: int) -> bool:
    """Whether ``digits`` digits can be cut into ``pieces`` counts (no leading zeros) that add up to
    ``total``: the sum lies between the cut with lengths as even as possible (0s where a piece is one
    digit) and the cut with one long piece and single digits."""
    if pieces == 0:
        return digits == 0 and total == 0
    q, m = divmod(digits, pieces)
    least = m * (10 ** q if q else 0) + (pieces - m) * (10 ** (q - 1) if q > 1 else 0)
    most = 10 ** (digits - pieces + 1) - 1 + 9 * (pieces - 1)
    return least <= total <= most


def _numbers(parts: list[str]) -> tuple[float, ...] | None:
    """Digit strings as numbers, or None when one has a leading zero (0 itself is fine): no printed count
    starts with 0, so a cut or join that makes one is not a reading."""
    if all((p == "0" or p[0] != "0") and len(p) <= MAX_DIGITS for p in parts):
        return tuple(float(p) for p in parts)
    return None


def _other_rows_unknown(grid: dict[Cell, CellValue], runs: list[Run]) -> dict[Cell, float | None]:
    """The grid's values with the cells of the rows being repaired unknown (each is read against the rest)."""
    known = {c: v.value for c, v in grid.items()}
    for run in runs:
        known.update(dict.fromkeys(run.slots))
    return known


def _checked(run: Run, identities: tuple[Identity, ...]) -> bool:
    """True when some identity involves the row: a repair nothing can verify is never taken."""
    return any(c in ident.parts or c in ident.whole for ident in identities for c in run.slots)


def _split_run_on(  # noqa: C901
    grid: dict[Cell, CellValue], runs: list[Run], identities: tuple[Identity, ...], table: str,
    found: list[Finding], empty: Sequence[Run] = (),
) -> None:
    """Rows whose cells a crawler ran together (512000053 for 51|2|0|0|0|0|53): a split is taken only
    when it is the one way to cut the digits (0000000), or the one way that satisfies every identity
    together with the other rows; otherwise the cells stay null with an ``ambiguous_split`` error listing
    the candidates. Never a guess."""
    # A row with one way to cut its digits takes it whatever the sums say (the checks then report a sum the
    # report itself breaks); the others are cut as the row's own sums allow, then tried against the rest.
    # Unless its own sum fails where a reading with blank cells vanished beside it adds up (0171018:
    # 0|17|∅|1|0|∅|18); a report's own slip (3000000: 3|0|0|0|0|0|0, total 0 as printed) is kept as printed.
    splits = [_splits(tuple(t.text for t in run.values), len(run.slots), limit=1) for run in runs]
    splits = [None if c is not None and len(c) == 1 and not _own_sums_hold(run, c[0], identities)
              and _with_blanks(run, [], identities) else c for run, c in zip(runs, splits, strict=True)]
    candidates: list[list[tuple[float, ...]] | None] = list(splits)
    open_runs = [k for k, c in enumerate(splits) if c is None or len(c) != 1]
    known = _other_rows_unknown(grid, [runs[k] for k in open_runs])
    for k, c in enumerate(splits):
        if k not in open_runs:
            known.update(zip(runs[k].slots, c[0]))  # type: ignore[index]
    for k in open_runs:
        run = runs[k]
        own = tuple((tuple(run.slots.index(c) for c in i.parts), tuple(run.slots.index(c) for c in i.whole))
                    for i in _own(run, identities))
        options = _splits(tuple(t.text for t in run.values), len(run.slots), own)
        if options is not None:
            candidates[k] = [v for v in options if solve({**known, **dict(zip(run.slots, v))}, identities)
                             is not None]
    searched = [k for k in open_runs if candidates[k] is not None]
    gaps: dict[int, dict[tuple[float, ...], set[int]]] = {}  # run → reading → its cells that were blank
    if searched and (len(searched) > 1 or not candidates[searched[0]]):
        surviving = _joint([runs[k] for k in searched], [candidates[k] for k in searched],  # type: ignore[misc]
                           known, identities)
        if surviving is None or not all(surviving):
            # No reading of every row into whole rows fits: text that runs cells together also drops the
            # blank ones (0191029 0220: 0|191|0|29|0|∅|220), so rows are tried with blank cells too.
            # Rows with no digits at all (labels running into the next label) are then rows of blanks.
            gaps = {k: _with_blanks(runs[k], candidates[k], identities) for k in searched}  # type: ignore[arg-type]
            known_blank = known | {c: 0.0 for run in empty for c in run.slots}
            blanks = _joint([runs[k] for k in searched], [sorted(gaps[k]) for k in searched], known_blank,
                            identities)
            if blanks is not None and all(blanks):
                surviving = blanks
            elif surviving is not None:  # no joint reading: a row that reads one way only, blanks or not, is read
                surviving = [keep or ({next(iter(gaps[k])): set()} if len(gaps[k]) == 1 else keep)
                             for k, keep in zip(searched, surviving, strict=True)]
        if surviving is not None:
            for k, keep in zip(searched, surviving, strict=True):
                candidates[k] = sorted(keep)  # type: ignore[arg-type]  # full readings: nothing left unknown
    for k, (run, options) in enumerate(zip(runs, candidates, strict=True)):
        digits = " ".join(t.text for t in run.values)
        line = run.values[0].line
        if options is not None and len(options) == 1:
            blank = gaps.get(k, {}).get(options[0], set())
            grid.update({c: CellValue(v, line, imputed=j in blank) for j, (c, v) in
                         enumerate(zip(run.slots, options[0]))})
            shown = f" with {len(blank)} blank cell(s) read as 0" if blank else ""
            found.append(finding("run_together_split", table=table, row=run.key, line=line,
                                 detail=f"{digits} read as {_show(options[0])}{shown}"))
            continue
        grid.update({c: CellValue(None, line) for c in run.slots})
        if options is None:
            detail = f"{digits}: too many ways to split it into {len(run.slots)} values"
        elif not options:
            detail = f"{digits}: no split into {len(run.slots)} values satisfies the identities"
        else:
            more = f"; … ({len(options)} in all)" if len(options) > 20 else ""
            shown = "; ".join(_show(v) for v in options[:20]) + more
            unchecked = "" if _checked(run, identities) else "; no identity checks this row"
            detail = f"{digits} could be {shown}{unchecked}"
        found.append(finding("ambiguous_split", table=table, row=run.key, line=line, detail=detail))


def _own(run: Run, identities: tuple[Identity, ...]) -> list[Identity]:
    """The identities within the row (its total, a subtotal): the ones its own values must satisfy."""
    slots = set(run.slots)
    return [i for i in identities if set(i.cells) <= slots]


def _sums_hold(run: Run, values: tuple[float | None, ...], own: list[Identity]) -> bool:
    """Whether the row's own identities hold for these values, in the row's cells' order."""
    cells = dict(zip(run.slots, values))
    return all(math.isclose(sum(cells[c] for c in i.parts), sum(cells[c] for c in i.whole), abs_tol=1e-9)  # type: ignore[misc]
               for i in own)


def _own_sums_hold(run: Run, values: tuple[float, ...], identities: tuple[Identity, ...]) -> bool:
    """Whether the row's own identities (its total) hold for these values."""
    return _sums_hold(run, values, _own(run, identities))


MAX_BLANK_READINGS = 2_000  # readings of one run-together row with blank cells (more: not tried)


def _with_blanks(
    run: Run, whole: list[tuple[float, ...]], identities: tuple[Identity, ...],
) -> dict[tuple[float, ...], set[int]]:
    """A run-together row's readings (reading → the cells that may have been blank): its readings into every cell
    (``whole``), then into fewer values that add up (the total last), seated in order among the cells
    before the total with the others blank (adding 0). Only for a row whose one sum is its last cell the
    total of all the others, as every row of table 三 is; for any other row, ``whole`` alone."""
    out: dict[tuple[float, ...], set[int]] = {v: set() for v in whole}
    n = len(run.slots)
    own = _own(run, identities)
    if len(own) != 1 or own[0].whole != run.slots[-1:] or set(own[0].parts) != set(run.slots[:-1]):
        return out
    words = tuple(t.text for t in run.values)
    for m in range(n - 1, 1, -1):
        cuts = _splits(words, m, ((tuple(range(m - 1)), (m - 1,)),), limit=MAX_BLANK_READINGS)
        if cuts is None:
            return {v: set() for v in whole}  # too many ways: the row is left to its whole readings
        for cut in cuts:
            for seats in combinations(range(n - 1), m - 1):
                vector = [0.0] * n
                for seat, value in zip(seats, cut):
                    vector[seat] = value
                vector[-1] = cut[-1]
                blank = set(range(n - 1)) - set(seats)
                out.setdefault(tuple(vector), set()).update(blank)  # a 0 that may be printed or blank: imputed
                if len(out) > MAX_BLANK_READINGS:
                    return {v: set() for v in whole}
    return out


MAX_NODES = 5_000  # partial readings the joint search visits before it gives up (and nothing is taken)
LEAF_COST = 20  # a whole reading is solved against every identity: it counts as this many partial ones


def _joint_search(
    runs: list[Run], options: list[list[tuple[float | None, ...]]], known: dict[Cell, float | None],
    identities: tuple[Identity, ...],
) -> list[dict[tuple[float | None, ...], set[tuple[float | None, ...]]]] | None:
    """For each row, the candidates that belong to at least one reading of all the rows together that
    satisfies every identity, each with the row's values in those readings (a candidate's unknown cells
    are fixed there by the other rows); None when the search would take too long (then no row is narrowed).

    A depth-first search, the rows with fewest candidates first; after each row only the identities that
    row touches are tested (counts are never negative, so a side with unknowns bounds the other).
    """
    order = sorted(range(len(runs)), key=lambda k: len(options[k]))
    touching = [[i for i in identities if any(c in i.parts or c in i.whole for c in runs[k].slots)] for k in order]
    surviving: list[dict[tuple[float | None, ...], set[tuple[float | None, ...]]]] = [{} for _ in runs]
    values = dict(known)
    chosen: list[tuple[float | None, ...]] = []
    nodes = 0

    def visit(depth: int) -> bool:
        nonlocal nodes
        if depth == len(order):
            nodes += LEAF_COST
            if nodes > MAX_NODES:
                return False
            solved = solve(values, identities)
            if solved is not None:
                for k, vector in zip(order, chosen, strict=True):
                    surviving[k].setdefault(vector, set()).add(tuple(solved.get(c) for c in runs[k].slots))
            return True
        run = runs[order[depth]]
        for vector in options[order[depth]]:
            nodes += 1
            if nodes > MAX_NODES:
                return False
            values.update(zip(run.slots, vector))
            if all(_may_hold(i, values) for i in touching[depth]):
                chosen.append(vector)
                if not visit(depth + 1):
                    return False
                chosen.pop()
        values.update(dict.fromkeys(run.slots))
        return True

    return surviving if visit(0) else None


MAX_HALF = 20_000  # combinations of one half's candidates enumerated by the meet-in-the-middle search
MAX_CHECKED = 300  # whole readings verified against every identity before the search gives up


def _joint(  # noqa: C901
    runs: list[Run], options: list[list[tuple[float | None, ...]]], known: dict[Cell, float | None],
    identities: tuple[Identity, ...],
) -> list[dict[tuple[float | None, ...], set[tuple[float | None, ...]]]] | None:
    """What ``_joint_search`` finds, found faster: rows of whole numbers row by row (``_joint_rows``); else
    meeting in the middle: an identity across rows is a sum, so a reading of one half of the rows needs one
    total from the other half, looked up in a table of that half's totals: the square root of the work of
    trying every combination (10 short rows of a PDF text: ~4,000 sums instead of 4 million readings).
    Candidates with unknown cells are tried one combination at a time around it (there are few), the
    identities they touch left to the final check, which solves every reading found against all of them.
    """
    # A candidate with unknown cells is tried in an outer loop; each row with such candidates also takes,
    # once, the place of a row whose whole-number candidates go into the halves.
    partial = [[v for v in o if None in v] for o in options]
    whole = [[v for v in o if None not in v] for o in options]
    free = [k for k in range(len(runs)) if partial[k]]
    if not free:
        return _joint_rows(runs, options, known, identities)
    if math.prod(len(partial[k]) + 1 for k in free) > 256:
        return _joint_search(runs, options, known, identities)
    surviving: list[dict[tuple[float | None, ...], set[tuple[float | None, ...]]]] = [{} for _ in runs]
    checked = 0
    for outer in product(*([None, *partial[k]] for k in free)):
        picked = {k: v for k, v in zip(free, outer) if v is not None}
        inner = sorted((k for k in range(len(runs)) if k not in picked), key=lambda k: len(whole[k]))
        if any(not whole[k] for k in inner):
            continue
        halves = (inner[0::2], inner[1::2])
        if any(math.prod(len(whole[k]) for k in h) > MAX_HALF for h in halves):
            return _joint_search(runs, options, known, identities)
        base = dict(known)
        for k, vector in picked.items():
            base.update(zip(runs[k].slots, vector))
        sums = _cross_sums([runs[k] for k in inner], base, identities)
        left, right = (_sum_table([runs[k] for k in h], [whole[k] for k in h], sums) for h in halves)
        for total, combos in left.items():
            others = right.get(tuple(round(-(t + c), 6) for t, c in zip(total, sums[1])))
            if others is None:
                continue
            for a, b in product(combos, others):
                checked += 1
                if checked > MAX_CHECKED:
                    return None
                trial = dict(base)
                chosen = dict(zip(halves[0], a)) | dict(zip(halves[1], b)) | picked
                for k, vector in chosen.items():
                    trial.update(zip(runs[k].slots, vector))
                solved = solve(trial, identities)
                if solved is not None:
                    for k, vector in chosen.items():
                        surviving[k].setdefault(vector, set()).add(tuple(solved.get(c) for c in runs[k].slots))
    return surviving


MAX_STATES = 4_000  # partial sums kept after one row by the row-by-row search (more: too many readings)
MAX_WORK = 20_000  # states times candidates the row-by-row search steps through before the solver takes over


def _joint_rows(  # noqa: C901
    runs: list[Run], options: list[list[tuple[float | None, ...]]], known: dict[Cell, float | None],
    identities: tuple[Identity, ...],
) -> list[dict[tuple[float | None, ...], set[tuple[float | None, ...]]]] | None:
    """``_joint`` where every candidate is a whole row of numbers, row by row: the states after a row are
    the sums it and the rows before it add to each identity across rows (a column's sum, the intake), so
    rows that add the same are one state; a sum already past its total (counts only add) is dropped. A
    candidate survives when some state before its row, plus what it adds, leads on to the totals.
    Many short rows of blanks (20 rows of 15–35 readings) take a few thousand states, where trying the
    combinations, even half of them at a time, would not end."""
    signs, consts = _cross_sums(runs, known, identities)
    dims = range(len(signs))
    if not all(float(v).is_integer() for o in options for vector in o for v in vector) or \
            not all(float(c).is_integer() for c in consts):
        return None  # sums of whole counts are kept exact as integers; anything else is not searched here
    adds = [[tuple(int(sum(sg.get(c, 0.0) * v for c, v in zip(run.slots, vector) if c in sg))  # type: ignore[operator]
                   for sg in signs) for vector in opts] for run, opts in zip(runs, options)]
    goal = tuple(-int(c) for c in consts)
    # Where every row still to come adds nothing negative to a sum, that sum may not pass its goal.
    rising = [[all(a[d] >= 0 for later in adds[k:] for a in later) for d in dims] for k in range(len(runs) + 1)]
    layers: list[set[tuple[int, ...]]] = [{tuple(0 for _ in dims)}]
    work = 0
    for k, row in enumerate(adds):
        after: set[tuple[int, ...]] = set()
        bounded = [d for d in dims if rising[k + 1][d]]
        steps = set(row)
        work += len(layers[-1]) * len(steps)
        if work > MAX_WORK:
            return _seated_by_solver(options, adds, goal)
        for state in layers[-1]:
            for add in steps:
                new = tuple(a + b for a, b in zip(state, add))
                if all(new[d] <= goal[d] for d in bounded):
                    after.add(new)
        if len(after) > MAX_STATES:
            return _seated_by_solver(options, adds, goal)
        layers.append(after)
    reach = {goal} & layers[-1]
    surviving: list[dict[tuple[float | None, ...], set[tuple[float | None, ...]]]] = [{} for _ in runs]
    for k in range(len(runs) - 1, -1, -1):
        back: set[tuple[int, ...]] = set()
        for state in layers[k]:
            for vector, add in zip(options[k], adds[k]):
                if tuple(a + b for a, b in zip(state, add)) in reach:
                    back.add(state)
                    surviving[k].setdefault(vector, {vector})
        reach = back
    return surviving


def _seated_by_solver(
    options: list[list[tuple[float | None, ...]]], adds: list[list[tuple[int, ...]]], goal: tuple[int, ...],
) -> list[dict[tuple[float | None, ...], set[tuple[float | None, ...]]]] | None:
    """``_joint_rows``'s answer where its states grow too many: the combinations listed by a solver."""
    used = joint_seatings(adds, goal, options)
    if used is None:
        return None
    return [{options[k][j]: {options[k][j]} for j in chosen} for k, chosen in enumerate(used)]


Sums = tuple[list[dict[Cell, float]], tuple[float, ...]]


def _cross_sums(runs: list[Run], known: dict[Cell, float | None], identities: tuple[Identity, ...]) -> Sums:
    """The identities that tie these rows together and can be summed: each as signed cells (+ parts,
    − whole) of these rows, with the constant the other cells add (none of them unknown)."""
    mine = {c for run in runs for c in run.slots}
    signs: list[dict[Cell, float]] = []
    consts: list[float] = []
    for ident in identities:
        inside = [c for c in ident.cells if c in mine]
        rows = {k for k, run in enumerate(runs) for c in inside if c in run.slots}
        outside = [c for c in ident.cells if c not in mine]
        if len(rows) < 2 or any(known.get(c) is None for c in outside):
            continue  # within one row (its candidates hold it), or an unknown cell: left to the final check
        signs.append({c: 1.0 for c in ident.parts if c in mine} | {c: -1.0 for c in ident.whole if c in mine})
        consts.append(sum(known[c] for c in ident.parts if c not in mine)  # type: ignore[misc]
                      - sum(known[c] for c in ident.whole if c not in mine))  # type: ignore[misc]
    return signs, tuple(consts)


def _sum_table(
    runs: list[Run], options: list[list[tuple[float | None, ...]]], sums: Sums,
) -> dict[tuple[float, ...], list[tuple[tuple[float | None, ...], ...]]]:
    """Each combination of the rows' candidates, by what it adds to each summed identity."""
    signs, _ = sums
    contrib = [[tuple(sum(sg.get(c, 0.0) * (v or 0.0) for c, v in zip(run.slots, vector)) for sg in signs)
                for vector in opts] for run, opts in zip(runs, options)]
    table: dict[tuple[float, ...], list[tuple[tuple[float | None, ...], ...]]] = {}
    for combo in product(*(range(len(o)) for o in options)):
        total = tuple(sum(contrib[k][j][d] for k, j in enumerate(combo)) for d in range(len(signs)))
        table.setdefault(tuple(round(t, 6) for t in total), []).append(
            tuple(options[k][j] for k, j in enumerate(combo)))
    return table


def _known_sum(cells: tuple[Cell, ...], values: dict[Cell, float | None]) -> tuple[float, bool]:
    """The sum of the cells that are known, and whether any is not."""
    total, unknown = 0.0, False
    for c in cells:
        v = values.get(c)
        if v is None:
            unknown = True
        else:
            total += v
    return total, unknown


def _may_hold(ident: Identity, values: dict[Cell, float | None]) -> bool:
    """False when the known cells already break the identity (unknown cells count as 0 or more)."""
    parts, open_parts = _known_sum(ident.parts, values)
    whole, open_whole = _known_sum(ident.whole, values)
    if open_parts and open_whole:
        return True
    if open_parts:
        return parts <= whole + 1e-9
    if open_whole:
        return whole <= parts + 1e-9
    return math.isclose(parts, whole, abs_tol=1e-9)


def _wrapped(run: Run) -> bool:
    """Plain digits only, printed side by side (not one per line, where a break says nothing), with at
    least one break between lines where a number may have wrapped."""
    v = run.values
    pairs = list(pairwise(v))
    return (all(t.kind == NUM and t.text.isdigit() for t in v) and any(a.line < b.line for a, b in pairs)
            and any(a.line == b.line for a, b in pairs))


def _joins(run: Run) -> list[tuple[float, ...]]:
    """Every reading of the row that joins a number wrapped at a line break (18 / 8 → 188), as many joins
    as there are values too many; a join is only tried across a line break and never before a leading 0."""
    v = run.values
    extra = len(v) - len(run.slots)
    spots = [i for i in range(len(v) - 1) if v[i].line < v[i + 1].line]
    out = []
    for chosen in combinations(spots, extra):
        values: list[str] = []
        for i, tok in enumerate(v):
            if i - 1 in chosen:
                values[-1] += tok.text
            else:
                values.append(tok.text)
        reading = _numbers(values)
        if reading is not None:
            out.append(reading)
    return out


def _join_wrapped(
    grid: dict[Cell, CellValue], runs: list[Run], identities: tuple[Identity, ...], table: str,
    found: list[Finding],
) -> None:
    """Rows with a value too many where a number wrapped onto the next line (a narrow PDF column): the
    join is taken only when exactly one satisfies every identity, else the row stays null (extra_values)."""
    known = _other_rows_unknown(grid, runs)
    for run in runs:
        checked = _checked(run, identities)
        readings = [r for r in _joins(run) if checked and solve({**known, **dict(zip(run.slots, r))}, identities)
                    is not None]
        line = run.values[0].line
        shown = " ".join(t.text for t in run.values)
        if len(readings) == 1:
            grid.update({c: CellValue(v, line) for c, v in zip(run.slots, readings[0])})
            known.update(zip(run.slots, readings[0]))
            found.append(finding("wrapped_number_joined", table=table, row=run.key, line=line,
                                 detail=f"{shown} read as {_show(readings[0])}"))
            continue
        grid.update({c: CellValue(None, line) for c in run.slots})
        why = f"{len(readings)} ways to join a wrapped number fit the identities" if readings else \
            "no wrapped number can be joined so that the identities hold"
        found.append(finding("extra_values", table=table, row=run.key, line=run.line,
                             detail=f"{len(run.values)} > {len(run.slots)}: {shown}; {why}"))


def _show(values: tuple[float, ...]) -> str:
    return "|".join(f"{v:g}" for v in values)


def _readable_cells(values: tuple[Token, ...], counts: bool) -> list[CellValue]:
    """The cells of the values that are readable numbers, in one pass: a row is placed as printed when none
    was left out."""
    return [_new_cell(CellValue, (t.value, t.line, False)) for t in values if t.kind == NUM and _readable(t, counts)]


def _readable(tok: Token, counts: bool) -> bool:
    v = tok.value
    return v is not None and (v.is_integer() and 0 <= v < MAX_VALUE if counts else -MAX_VALUE < v < MAX_VALUE)


def _read_cell(cell: Cell, tok: Token, table: str, counts: bool, found: list[Finding]) -> CellValue:
    if _readable(tok, counts):
        return CellValue(tok.value, tok.line)
    row, col = cell
    if tok.kind == BLANK:
        found.append(finding("blank_cell", table=table, row=row, column=col, line=tok.line))
        return CellValue(None, tok.line)
    if tok.kind == BAD or (tok.value is not None and not -MAX_VALUE < tok.value < MAX_VALUE):
        detail = tok.text if tok.kind == BAD else \
            f"{tok.text[:20]}{'…' * (len(tok.text) > 20)}: more than {MAX_DIGITS} digits"
        found.append(finding("unreadable_cell", table=table, row=row, column=col, line=tok.line, detail=detail))
        return CellValue(None, tok.line)
    found.append(finding("not_integer", table=table, row=row, column=col, line=tok.line,
                         actual=tok.value, detail=tok.text))
    return CellValue(None, tok.line)


def solve(values: dict[Cell, float | None], identities: tuple[Identity, ...],
          changed: Iterable[Cell] | None = None) -> dict[Cell, float | None] | None:
    """Fill the unknowns an identity fixes; None when an identity is broken.

    Counts are never negative, so an identity fixes its unknowns when one is left (it is the difference),
    or when all of them are on the side that already adds up (they are all 0). ``changed``: the only cells
    set since ``values`` were last solved; only the identities through them (and through what they fix)
    are looked at again. Each deduction is sound, so the order they are made in does not change the end.
    """
    values = dict(values)
    through = _identities_through(identities)
    todo = list(range(len(identities))) if changed is None else \
        sorted({i for c in changed for i in through.get(c, ())})
    waiting = set(todo)
    while todo:
        i = todo.pop()
        waiting.discard(i)
        ident = identities[i]
        unknown_parts = [c for c in ident.parts if values.get(c) is None]
        unknown_whole = [c for c in ident.whole if values.get(c) is None]
        parts = sum(values.get(c) or 0 for c in ident.parts)
        whole = sum(values.get(c) or 0 for c in ident.whole)
        gap = whole - parts  # what the unknown parts must add, minus what the unknown whole must add
        if not unknown_parts and not unknown_whole:
            if not math.isclose(parts, whole, abs_tol=1e-9):
                return None
            continue
        if unknown_parts and unknown_whole:
            continue
        unknown, need = (unknown_parts, gap) if unknown_parts else (unknown_whole, -gap)
        if need < -1e-9:
            return None
        if len(unknown) == 1 or math.isclose(need, 0, abs_tol=1e-9):
            for cell in unknown:
                values[cell] = need if len(unknown) == 1 else 0.0
                for j in through.get(cell, ()):
                    if j not in waiting:
                        waiting.add(j)
                        todo.append(j)
    return values


@cache
def _identities_through(identities: tuple[Identity, ...]) -> dict[Cell, tuple[int, ...]]:
    """For each cell, the identities (by index) it is part of."""
    through: dict[Cell, list[int]] = {}
    for i, ident in enumerate(identities):
        for cell in ident.cells:
            through.setdefault(cell, []).append(i)
    return {c: tuple(ids) for c, ids in through.items()}


def _fill_gaps(
    grid: dict[Cell, CellValue], short: list[Run], identities: tuple[Identity, ...], table: str,
    found: list[Finding], empty: Sequence[Run] = (), blank_cells: Sequence[Cell] = (),
) -> None:
    """Short rows: each value seated where the identities allow, read first with the gaps as blanks (the
    ``empty`` rows, labels without values, and the blank cells of whole rows then add 0 too; they stay
    null), else as lost values."""
    known = _trusted(grid, identities)
    known_blank = known | {c: 0.0 for run in empty for c in run.slots} | dict.fromkeys(blank_cells, 0.0)
    # For each short run: value vector → the placements (gap positions) that produce it. Text taken from a
    # page or a PDF keeps every printed number and drops blank cells, so a gap is first read as a blank
    # (nothing, adding 0 to the sums); only a row where no blank reading adds up lost a printed value,
    # which the identities may then impute.
    lost = [_placements(run, known, identities, blank=False) for run in short]
    blank = [_placements(run, known_blank, identities, blank=True) or o for run, o in zip(short, lost, strict=True)]
    candidates = lost
    # The blank reading of every row at once first: taken only when all rows together satisfy every
    # identity; otherwise the rows are read as having lost values.
    for trial in ((blank, lost) if blank != lost or empty else (lost,)):
        given = known_blank if trial is blank else known
        joint = _joint(short, [list(o) for o in trial], given, identities) if len(short) > 1 else None
        if joint is None:
            continue
        # Each surviving reading, with the cells the other rows' values fixed, keeps its placements.
        narrowed = [{solved: o[vector] for vector, found_ in keep.items() for solved in found_}
                    for o, keep in zip(trial, joint, strict=True)]
        if all(narrowed) or trial is lost:
            candidates = narrowed
            break

    for run, options in zip(short, candidates, strict=True):
        placements = [g for gs in options.values() for g in gs]  # seatings
        imputed = []
        for pos, cell in enumerate(run.slots):
            seen = {vector[pos] for vector in options}
            tokens = {seating[pos] for seating in placements}
            if len(seen) != 1 or None in seen:
                grid[cell] = CellValue(None, run.line)
                found.append(finding("missing_cell", table=table, row=cell[0], column=cell[1], line=run.line,
                                     detail=_describe(run, seen)))
                continue
            value = seen.pop()
            only = next(iter(tokens)) if len(tokens) == 1 else None
            if only is not None and only.kind == BLANK:
                line = run.line if only is None else only.line
                grid[cell] = CellValue(None, line)
                found.append(finding("blank_cell", table=table, row=cell[0], column=cell[1], line=line))
                continue
            if None in tokens or len(tokens) != 1:  # a blank here, or a printed value (the same in every
                grid[cell] = CellValue(value, run.line, imputed=True)  # reading): its value is certain
                imputed.append(cell[1])
            else:
                grid[cell] = CellValue(value, tokens.pop().line)  # type: ignore[union-attr]
        if imputed:
            shown = " ".join(t.text for t in run.values)
            found.append(finding("imputed_cell", table=table, row=run.key, line=run.line,
                                 detail=f"{len(run.values)} values for {len(run.slots)} cells ({shown}); "
                                        f"the identities allow one reading, the gap could be any of: "
                                        f"{', '.join(imputed)}"))


def _trusted(grid: dict[Cell, CellValue], identities: tuple[Identity, ...]) -> dict[Cell, float | None]:
    """The grid's values, less the rows whose own sum is broken: such a row was misread or misprinted, and
    what it adds to a column must not decide where another row's values sit (the checks still report it)."""
    known = {c: v.value for c, v in grid.items()}
    for ident in identities:
        rows = {c[0] for c in ident.cells}
        values = [known.get(c) for c in ident.cells]
        if len(rows) == 1 and None not in values and not math.isclose(
                sum(known[c] for c in ident.parts), sum(known[c] for c in ident.whole), abs_tol=1e-9):  # type: ignore[misc]
            known.update(dict.fromkeys(ident.cells))
    return known


def _placements(
    run: Run, known: dict[Cell, float | None], identities: tuple[Identity, ...], *, blank: bool
) -> dict[tuple[float | None, ...], list[tuple[Token | None, ...]]]:
    """Each way to seat a short row's values in order among its cells that the identities allow: the
    row's values (gaps read as blanks adding 0, or with ``blank=False`` as lost values the identities may
    fix) → the seatings (a token or a gap per cell) that give them. A row printed over several lines may
    have its lines out of order (a cell centred higher than the others): every order of its lines is tried."""
    options: dict[tuple[float | None, ...], list[tuple[Token | None, ...]]] = {}
    n, k = len(run.slots), len(run.values)
    gap_value = 0.0 if blank else None
    # What the known cells fix without this row, found once: each seating then only adds its own cells.
    # (The identities' deductions are sound, so solving the known cells first reaches the same end.)
    start = solve({c: v for c, v in known.items() if c not in run.slots}, identities)
    if start is None:
        return options
    for values in _line_orders(run.values):
        for gaps in combinations(range(n), n - k):
            it = iter(values)
            seating = tuple(None if pos in gaps else next(it) for pos in range(n))
            trial = dict(start)
            trial.update((cell, gap_value if t is None else t.value) for cell, t in zip(run.slots, seating))
            solved = solve(trial, identities, run.slots)
            if solved is not None:
                options.setdefault(tuple(solved[c] for c in run.slots), []).append(seating)
    return options


def _line_orders(values: tuple[Token, ...]) -> list[tuple[Token, ...]]:
    """The row's values as printed, then (for a row over two or three lines) in every other order of its
    lines."""
    groups = lines_of(values)
    if not 1 < len(groups) <= 3:
        return [values]
    return [tuple(t for g in order for t in g) for order in permutations(groups)]


def _out_of_order(run: Run, identities: tuple[Identity, ...]) -> bool:
    """A whole row over several lines whose own sums fail as printed but hold in another order of its lines."""
    first, last = run.values[0].line, run.values[-1].line
    if first == last or last - first > 8 or any(t.value is None for t in run.values):
        return False  # (almost every row: on one line, or one value a line; checked before anything costs)
    orders = _line_orders(run.values)
    own = _own(run, identities) if len(orders) > 1 else None
    if not own:
        return False  # one value a line (no other order is tried) or no sum of its own

    def holds(values: tuple[Token, ...]) -> bool:
        return _sums_hold(run, tuple(t.value for t in values), own)

    return not holds(orders[0]) and any(holds(o) for o in orders[1:])


def _describe(run: Run, seen: set[float | None]) -> str:
    shown = " ".join(t.text for t in run.values)
    if not seen:
        return f"{len(run.values)} values for {len(run.slots)} cells ({shown}); no placement satisfies the identities"
    readings = sorted("?" if v is None else f"{v:g}" for v in seen)
    return f"{len(run.values)} values for {len(run.slots)} cells ({shown}); possible: {', '.join(readings)}"
