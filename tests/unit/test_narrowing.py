"""Narrowing rows' candidate readings by the identities across rows, before they are searched together."""

from __future__ import annotations

from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from govfoi.parse.grid import Run
from govfoi.parse.narrowing import _completing, consistent, narrowed
from govfoi.template import Identity

adds = st.lists(st.sets(st.integers(-30, 30), min_size=1, max_size=4), min_size=1, max_size=5)


@given(adds, st.integers(-60, 60))
def test_an_add_is_kept_exactly_when_the_other_rows_can_complete_it(rows, goal):
    completing = _completing(rows, goal)
    assert completing is not None
    for k, row in enumerate(rows):
        others = [r for j, r in enumerate(rows) if j != k]
        sums = {sum(c) for c in product(*others)}
        assert completing[k] == {x for x in row if goal - x in sums}


def test_sums_too_wide_to_keep_as_bits_are_notnarrowed():
    assert _completing([{0, 10**9}, {0}], 10**9) is None


# Three rows of two columns, each column the sum of the first two rows: (a1 + b1 = t1, a2 + b2 = t2).
CELLS = {row: ((row, "x"), (row, "y")) for row in ("a", "b", "t")}
IDENTITIES = tuple(
    Identity("column_sum", "test", (("a", col), ("b", col)), (("t", col),), ("t", col), "列", "column")
    for col in ("x", "y")
)
readings = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=5, unique=True)


@given(readings, readings, readings)
def test_narrowing_keeps_every_reading_of_the_table_and_a_witness_is_one(a, b, t):
    runs = [Run(row, CELLS[row], (), 1) for row in ("a", "b", "t")]
    options = [[tuple(map(float, v)) for v in o] for o in (a, b, t)]
    kept = narrowed(runs, options, {}, IDENTITIES)
    solutions = [c for c in product(*options) if all(c[0][i] + c[1][i] == c[2][i] for i in (0, 1))]
    for k in range(3):
        assert {c[k] for c in solutions} <= set(kept[k]) <= set(options[k])
    if not all(kept):  # no reading: every row empty, none half-narrowed
        assert kept == [[], [], []] and not solutions
    assert consistent(runs, options, {}, IDENTITIES) in ({True, None} if solutions else {False, None})


def test_a_reading_no_column_can_complete_goes():
    runs = [Run(row, CELLS[row], (), 1) for row in ("a", "b", "t")]
    # t = (5, 5): a's (9, 0) needs b's x to be -4, which no reading gives; (2, 3) with b's (3, 2) completes
    options = [[(9.0, 0.0), (2.0, 3.0)], [(3.0, 2.0), (1.0, 1.0)], [(5.0, 5.0)]]
    assert narrowed(runs, options, {}, IDENTITIES) == [[(2.0, 3.0)], [(3.0, 2.0)], [(5.0, 5.0)]]


def test_each_column_can_add_up_while_the_table_cannot():
    runs = [Run(row, CELLS[row], (), 1) for row in ("a", "b", "t")]
    # x: 1 + 1 or 2 + 0 make 2, y: 1 + 0 or 0 + 1 make 1; but each of a's readings needs one of b's for x
    # and the other for y
    options = [[(1.0, 1.0), (2.0, 0.0)], [(1.0, 1.0), (0.0, 0.0)], [(2.0, 1.0)]]
    assert all(narrowed(runs, options, {}, IDENTITIES))
    assert consistent(runs, options, {}, IDENTITIES) is False


def test_no_witness_where_a_cell_outside_the_rows_is_unknown():
    """A row misread elsewhere (its cells unknown) would absorb any sum: the table then proves nothing."""
    runs = [Run(row, CELLS[row], (), 1) for row in ("a", "b")]
    options = [[(1.0, 1.0), (2.0, 0.0)], [(1.0, 1.0), (0.0, 0.0)]]
    assert consistent(runs, options, dict.fromkeys(CELLS["t"]), IDENTITIES) is None
    assert consistent(runs, options, {("t", "x"): 2.0, ("t", "y"): 1.0}, IDENTITIES) is False
    assert consistent(runs, options, {("t", "x"): 2.0, ("t", "y"): 2.0}, IDENTITIES) is True


def test_an_add_far_past_the_goal_costs_nothing():
    """A value of 10^14 where the goal is 1 (a row read with its big count in another column): dropped before
    any set of sums is shifted by it, which would take terabytes."""
    assert _completing([{0, 10**14}, {0, 1}], 1) == [{0}, {1}]
