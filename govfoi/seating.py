"""Exact joint seating of short rows by a constraint solver (OR-Tools CP-SAT), where counting sums row by row
would take too many states.

Text that drops blank cells leaves table 三 with twenty rows of two to five values each, every row with
a few to a few dozen seatings its own sum allows. Which seating is right is told only by the sums across
rows (the seven column totals, the intake identity per column). Each row picks one seating; each summed
identity is one linear equation over those picks; the solver lists every combination that satisfies all of
them, and a seating survives when some combination uses it: a cell is then known where every surviving
seating of its row agrees. Running out of time is no answer: the cells then stay null with an error.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

MAX_SECONDS = 1.0  # solver time per table: past it nothing is taken from the search

Vector = tuple[float | None, ...]


def joint_seatings(
    adds: Sequence[Sequence[tuple[int, ...]]], goal: tuple[int, ...], vectors: Sequence[Sequence[Vector]],
) -> list[set[int]] | None:
    """For each row, candidates used by combinations whose adds sum to ``goal``: enough of them that a cell
    is the same in all of them exactly when it is the same in every combination there is.

    ``adds[k][j]``: what candidate ``j`` of row ``k`` adds to each summed identity (integers);
    ``vectors[k][j]``: its cells. One solve finds a combination; then, row by row, the solver is asked for
    one where the row differs in a cell that every combination found so far agrees on, until there is none.
    That takes a few solves a row, where listing every combination could run to millions (1s in different
    columns trade places). None when the time runs out; all sets empty when nothing fits.
    """
    from ortools.sat.python import cp_model  # loaded only for the tables that need it

    model = cp_model.CpModel()
    picks = [[model.new_bool_var(f"r{k}c{j}") for j in range(len(row))] for k, row in enumerate(adds)]
    for row in picks:
        model.add_exactly_one(row)
    for d, target in enumerate(goal):
        model.add(sum(add[d] * var for row, vars_ in zip(adds, picks) for var, add in zip(vars_, row)
                      if add[d]) == target)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    deadline = time.monotonic() + MAX_SECONDS
    used: list[set[int]] = [set() for _ in adds]

    def found_one(avoid: list[object]) -> bool | None:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        solver.parameters.max_time_in_seconds = left
        model.clear_assumptions()
        model.add_assumptions(avoid)
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            return False
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        for k, row in enumerate(picks):
            used[k].add(next(j for j, var in enumerate(row) if solver.boolean_value(var)))
        return True

    first = found_one([])
    if not first:
        return None if first is None else used
    for k, row in enumerate(picks):
        while True:
            agreeing = _agreeing(vectors[k], used[k])
            if len(agreeing) == len(row):
                break  # no cell is the same in every combination found: nothing left to settle
            more = found_one([row[j].Not() for j in agreeing])
            if more is None:
                return None
            if not more:
                break
    return used


def _agreeing(vectors: Sequence[Vector], used: set[int]) -> list[int]:
    """The candidates that agree with every used one on each cell where the used ones agree."""
    seen = [vectors[j] for j in used]
    fixed = [(p, v) for p, v in enumerate(seen[0]) if all(s[p] == v for s in seen)]
    return [j for j, vec in enumerate(vectors) if all(vec[p] == v for p, v in fixed)]
