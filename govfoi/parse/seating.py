"""Exact joint seating of short rows by a constraint solver (OR-Tools CP-SAT), where counting sums row by row
would take too many states.

Text that drops blank cells leaves table 三 with twenty rows of two to five values each, every row with
a few to a few dozen seatings its own sum allows. Which seating is right is told only by the sums across
rows (the seven column totals, the intake identity per column). Each row picks one seating; each summed
identity is one linear equation over those picks. The solver finds combinations that satisfy all of them,
round by round changing the cells the ones found so far agree on, until none can change: a cell is then
known where every combination agrees. Running out of work is no answer: the cells then stay null with an
error.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

# The solver's work is counted in its deterministic time (the same on every machine and every run, so a
# file always parses to the same figures), not in seconds, which depend on the machine and its load.
MAX_SOLVER_WORK = 0.2  # per report (all its tables and readings): past it nothing more is taken from the solver
ROUND_WORK = 0.02  # to look for a combination changing many cells before settling for any
SAFETY_SECONDS = 20.0  # wall-clock backstop per solve (a machine so slow it binds gives no reading, never a wrong one)

# Seatings of a short row tried one by one (gaps.py), each solved against the identities: counted, not timed,
# so that a file always parses to the same figures. Past it a row is not searched and its cells stay null.
MAX_PLACEMENTS = 6_000  # per report

Vector = tuple[float | None, ...]
_left: ContextVar[list[float] | None] = ContextVar("seating_work_left", default=None)
_placements_left: ContextVar[list[int] | None] = ContextVar("placements_left", default=None)


def spend_placements(count: int) -> bool:
    """Take ``count`` seatings from the report's allowance (``report_budget``); False, taking nothing, when
    what is left does not hold them."""
    left = _placements_left.get()
    if left is None:
        return True
    if left[0] < count:
        return False
    left[0] -= count
    return True


def work_spent() -> bool:
    """Whether the report's solver work (``report_budget``) is spent: work that may be skipped stops then."""
    left = _left.get()
    return left is not None and left[0] <= 0


@contextmanager
def report_budget(work: float | None = None) -> Iterator[None]:
    """One report's solver work and seatings tried: every search inside shares them (a report is read
    twice, by label and by order, and each reading may search), so no report takes more than ``work`` of
    the solver or ``MAX_PLACEMENTS`` seatings."""
    token = _left.set([MAX_SOLVER_WORK if work is None else work])
    placements = _placements_left.set([MAX_PLACEMENTS])
    try:
        yield
    finally:
        _left.reset(token)
        _placements_left.reset(placements)


def joint_seatings(  # noqa: C901
    adds: Sequence[Sequence[tuple[int, ...]]],
    goal: tuple[int, ...],
    vectors: Sequence[Sequence[Vector]],
) -> list[set[int]] | None:
    """For each row, candidates used by combinations whose adds sum to ``goal``: enough of them that a cell
    is the same in all of them exactly when it is the same in every combination there is.

    ``adds[k][j]``: what candidate ``j`` of row ``k`` adds to each summed identity (integers);
    ``vectors[k][j]``: its cells. One solve finds a combination; then the solver is asked for one that
    changes, in some row, a cell every combination found so far agrees on, until there is none. That takes
    a few solves a table, where listing every combination could run to millions (1s in different columns
    trade places). None when the work budget runs out; all sets empty when nothing fits.
    """
    from ortools.sat.python import cp_model  # loaded only for the tables that need it

    model = cp_model.CpModel()
    picks = [[model.new_bool_var(f"r{k}c{j}") for j in range(len(row))] for k, row in enumerate(adds)]
    for row in picks:
        model.add_exactly_one(row)
    for d, target in enumerate(goal):
        model.add(
            sum(add[d] * var for row, vars_ in zip(adds, picks) for var, add in zip(vars_, row) if add[d]) == target
        )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    left = _left.get() or [MAX_SOLVER_WORK]
    used: list[set[int]] = [set() for _ in adds]

    def found_one(limit: float = MAX_SOLVER_WORK) -> bool | None:
        """Solve: True (a combination, recorded), False (none exists), None (out of work)."""
        budget = min(limit, left[0])
        if budget <= 0:
            return None
        solver.parameters.max_deterministic_time = budget
        solver.parameters.max_time_in_seconds = SAFETY_SECONDS
        model.clear_assumptions()
        status = solver.solve(model)
        left[0] -= solver.response_proto.deterministic_time
        if status == cp_model.INFEASIBLE:
            return False
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        for k, row in enumerate(picks):
            used[k].add(next(j for j, var in enumerate(row) if solver.boolean_value(var)))
        return True

    first = found_one()
    if not first:
        return None if first is None else used
    while True:  # ask for a combination changing as many as can be of the cells found fixed so far
        changes = []
        for row, vecs, seen in zip(picks, vectors, used):
            for p, v in _fixed(vecs, seen):
                change = model.new_bool_var("")
                model.add_bool_or([row[j] for j, vec in enumerate(vecs) if vec[p] != v]).only_enforce_if(change)
                changes.append(change)
        if not changes:
            return used
        # Kept in later rounds, where it is implied: the cells fixed then are fewer, with the same values.
        model.add(sum(changes) >= 1)
        model.maximize(sum(changes))  # any combination found with little work will do; the best is not needed
        more = found_one(ROUND_WORK)
        model.clear_objective()
        if more is None:
            more = found_one()  # none within the round's work: is there one at all?
        if more is None:
            return None
        if not more:
            return used


def _fixed(vectors: Sequence[Vector], used: set[int]) -> list[tuple[int, float | None]]:
    """The cells (position, value) where every used candidate agrees."""
    seen = [vectors[j] for j in used]
    return [(p, v) for p, v in enumerate(seen[0]) if all(s[p] == v for s in seen)]
