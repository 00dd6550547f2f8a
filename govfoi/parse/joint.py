"""Readings of several rows at once: for each row, the candidates that belong to some reading of all the
rows together that satisfies every identity.

Short rows and run-together rows each have a few to a few dozen readings their own sums allow; which one is
right is told only by the sums across rows (a column's total, the intake). The search is row by row over
the sums, else meet-in-the-middle, else depth-first, each bounded so a hostile table cannot make it hang.
"""

from __future__ import annotations

import math
from itertools import product

from govfoi.parse.grid import Run
from govfoi.parse.identities import _may_hold
from govfoi.parse.seating import joint_seatings
from govfoi.template import Cell, Identity, solve

MAX_NODES = 5_000  # partial readings the joint search visits before it gives up (and nothing is taken)
LEAF_COST = 20  # a whole reading is solved against every identity: it counts as this many partial ones


def _joint_search(
    runs: list[Run],
    options: list[list[tuple[float | None, ...]]],
    known: dict[Cell, float | None],
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
    runs: list[Run],
    options: list[list[tuple[float | None, ...]]],
    known: dict[Cell, float | None],
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
    runs: list[Run],
    options: list[list[tuple[float | None, ...]]],
    known: dict[Cell, float | None],
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
    if not all(v is not None and float(v).is_integer() for o in options for vector in o for v in vector) or not all(
        float(c).is_integer() for c in consts
    ):
        return None  # sums of whole counts are kept exact as integers; anything else is not searched here
    adds = [
        [
            tuple(
                int(sum(sg.get(c, 0.0) * (v or 0.0) for c, v in zip(run.slots, vector) if c in sg))  # no None
                for sg in signs
            )
            for vector in opts
        ]
        for run, opts in zip(runs, options)
    ]
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
    options: list[list[tuple[float | None, ...]]],
    adds: list[list[tuple[int, ...]]],
    goal: tuple[int, ...],
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
        consts.append(
            sum(known[c] for c in ident.parts if c not in mine)  # type: ignore[misc]
            - sum(known[c] for c in ident.whole if c not in mine)  # type: ignore[misc]
        )
    return signs, tuple(consts)


def _sum_table(
    runs: list[Run],
    options: list[list[tuple[float | None, ...]]],
    sums: Sums,
) -> dict[tuple[float, ...], list[tuple[tuple[float | None, ...], ...]]]:
    """Each combination of the rows' candidates, by what it adds to each summed identity."""
    signs, _ = sums
    contrib = [
        [tuple(sum(sg.get(c, 0.0) * (v or 0.0) for c, v in zip(run.slots, vector)) for sg in signs) for vector in opts]
        for run, opts in zip(runs, options)
    ]
    table: dict[tuple[float, ...], list[tuple[tuple[float | None, ...], ...]]] = {}
    for combo in product(*(range(len(o)) for o in options)):
        total = tuple(sum(contrib[k][j][d] for k, j in enumerate(combo)) for d in range(len(signs)))
        table.setdefault(tuple(round(t, 6) for t in total), []).append(
            tuple(options[k][j] for k, j in enumerate(combo))
        )
    return table
