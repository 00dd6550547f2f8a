"""Rows' candidate readings narrowed by the identities across rows, one identity at a time, before they are
searched together; and a witness that the identities can hold together at all.

Text that drops blank cells leaves each row of table 三 with a few to a few dozen readings. Each identity
across rows (a column's sum, the intake) is a sum of what each row's reading adds to it, so whether a
reading can take part in it is a subset-sum question, settled exactly and fast with sets of reachable sums
kept as bits. A reading no choice of the other rows completes, for some identity, belongs to no reading of
the table: dropping it is exact, leaves the joint search less to combine, and where that search runs out
of work, leaves fewer readings standing, so more cells are the same in all of them.
"""

from __future__ import annotations

from typing import NamedTuple

from govfoi.parse.grid import Run
from govfoi.parse.joint import _cross_sums
from govfoi.template import Cell, Identity, solve

MAX_SPAN = 1 << 17  # largest total (above the least the rows can add) an identity is narrowed by: bits in a set
MAX_WITNESS_STEPS = 60  # narrowings the search for one reading of the whole table may take (more: unknown)

Vector = tuple[float | None, ...]


class _Sums(NamedTuple):
    """The identities across the rows that are sums of whole numbers: for each, what each row's candidate
    adds to it (``adds[identity][row][candidate]``) and the total the rows must add up to."""

    adds: list[list[list[int]]]
    goals: list[int]


def narrowed(
    runs: list[Run], options: list[list[Vector]], known: dict[Cell, float | None], identities: tuple[Identity, ...]
) -> list[list[Vector]]:
    """Each row's candidates less those that no choice among the other rows' candidates completes to some
    identity across rows, identity by identity until nothing changes; every row empty where no reading of
    the table can hold (an identity no choice satisfies, or a row without candidates)."""
    alive = _narrow(_sums(runs, options, known, identities), [list(range(len(o))) for o in options])
    if alive is None:
        return [[] for _ in options]
    return [[o[j] for j in a] for o, a in zip(options, alive, strict=True)]


def consistent(
    runs: list[Run], options: list[list[Vector]], known: dict[Cell, float | None], identities: tuple[Identity, ...]
) -> bool | None:
    """Whether the rows can each take one of their candidates so that every identity holds: the row with
    fewest candidates fixed to each in turn, the others narrowed after each choice; None when
    ``MAX_WITNESS_STEPS`` narrowings do not settle it, or when an identity the rows take part in has a cell
    outside them that is unknown (a row misread elsewhere), which would make any choice hold. Narrowing
    alone shows each identity can hold, not all of them at once (a report that misprints a sum has no
    reading at all)."""
    mine = {c for run in runs for c in run.slots}
    for ident in identities:
        if any(c in mine for c in ident.cells) and any(c not in mine and known.get(c) is None for c in ident.cells):
            return None
    sums = _sums(runs, options, known, identities)
    steps = MAX_WITNESS_STEPS

    def search(alive: list[list[int]]) -> bool | None:
        nonlocal steps
        open_rows = [k for k, a in enumerate(alive) if len(a) > 1]
        if not open_rows:
            values = dict(known)
            for run, o, a in zip(runs, options, alive, strict=True):
                values.update(zip(run.slots, o[a[0]]))
            return solve(values, identities) is not None
        k = min(open_rows, key=lambda j: len(alive[j]))
        unsettled = False
        for j in alive[k]:
            if steps <= 0:
                return None
            steps -= 1
            trial = _narrow(sums, [[j] if i == k else a for i, a in enumerate(alive)])
            found = None if trial is None else search(trial)
            if trial is not None and found is None:
                unsettled = True
            elif found:
                return True
        return None if unsettled else False

    start = _narrow(sums, [list(range(len(o))) for o in options])
    return False if start is None else search(start)


def _sums(
    runs: list[Run], options: list[list[Vector]], known: dict[Cell, float | None], identities: tuple[Identity, ...]
) -> _Sums:
    """What each candidate adds to each identity across the rows; an identity where some candidate leaves
    a cell unknown or fractional is left out (the search checks it)."""
    signs, consts = _cross_sums(runs, known, identities)
    sums = _Sums([], [])
    for sign, const in zip(signs, consts, strict=True):
        table = [_adds(run, o, sign) for run, o in zip(runs, options, strict=True)]
        if all(row is not None for row in table) and float(const).is_integer():
            sums.adds.append(table)  # type: ignore[arg-type]
            sums.goals.append(-int(const))
    return sums


def _adds(run: Run, options: list[Vector], sign: dict[Cell, float]) -> list[int] | None:
    """What each of a row's candidates adds to one identity (its cells there, signed); None where a cell
    there is unknown or fractional."""
    cells = [(j, sign[c]) for j, c in enumerate(run.slots) if c in sign]
    out = []
    for vector in options:
        add = 0.0
        for j, s in cells:
            v = vector[j]
            if v is None or not float(v).is_integer():
                return None
            add += s * v
        out.append(int(add))
    return out


def _narrow(sums: _Sums, alive: list[list[int]]) -> list[list[int]] | None:
    """The candidates (by index) of each row that every identity, taken alone, lets stay, until nothing
    changes; None when some row has none left."""
    alive = [list(a) for a in alive]
    if not all(alive):
        return None
    changed = True
    while changed:
        changed = False
        for adds, goal in zip(sums.adds, sums.goals, strict=True):
            completing = _completing([{adds[k][j] for j in a} for k, a in enumerate(alive)], goal)
            if completing is None:
                continue  # too wide a range of sums to keep as bits
            for k, a in enumerate(alive):
                kept = [j for j in a if adds[k][j] in completing[k]]
                if not kept:
                    return None
                if len(kept) < len(a):
                    alive[k] = kept
                    changed = True
    return alive


def _completing(adds: list[set[int]], goal: int) -> list[set[int]] | None:
    """For each row, the adds that some choice of one add from every other row completes to ``goal``;
    None when the goal lies more than ``MAX_SPAN`` above the least the rows can add."""
    lows = [min(a) for a in adds]
    target = goal - sum(lows)  # every add shifted to start at 0, so partial sums only grow
    if target < 0:
        return [set() for _ in adds]
    if target >= MAX_SPAN:
        return None
    # An add past the target can complete nothing (the others add 0 or more): dropped before any shift.
    shifted = [{x - low for x in a if x - low <= target} for a, low in zip(adds, lows, strict=True)]
    cap = (1 << (target + 1)) - 1
    before = [1]  # bit i of before[k]: the rows before row k can add up to i
    for a in shifted:
        before.append(_step(before[-1], a) & cap)
    # bit i of after[k]: the rows from row k on can add up to target − i, so that with i reachable before
    # them it completes the target; one more add x moves every bit i to i − x.
    after = [1 << target]
    for a in reversed(shifted):
        after.append(_step(after[-1], {-x for x in a}))
    after.reverse()
    return [
        {x + low for x in a if before[k] & (after[k + 1] >> x)}
        for k, (a, low) in enumerate(zip(shifted, lows, strict=True))
    ]


def _step(reach: int, adds: set[int]) -> int:
    """The sums reachable with one more row: each reachable sum (a bit) moved by each of its adds (a shift
    left, or right for a negative add, where bits below 0 drop out)."""
    out = 0
    for x in adds:
        out |= reach << x if x >= 0 else reach >> -x
    return out
