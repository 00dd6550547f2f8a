"""Table 三 read by order with totals (and first values) printed out of place (displaced.py)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govfoi.codes import APPLICANTS, OUTCOMES
from govfoi.parse.displaced import read_displaced
from govfoi.parse.tokens import NUM, Token
from govfoi.template import application_identities, application_slots
from govfoi.testing import synth

SLOTS = {code: tuple(application_slots()[code]) for code in OUTCOMES}


def _read(values: list[float]) -> dict[str, list[float | None]] | None:
    tokens = [Token(NUM, f"{v:g}", line, v) for line, v in enumerate(values, 1)]
    moved = read_displaced(tokens, OUTCOMES, len(APPLICANTS), False, application_identities(), SLOTS)
    return None if moved is None else {code: [t.value for t in row] for code, row in moved.rows.items()}


def _displace(rows: list[list[float]], rng: random.Random) -> list[float]:
    """The rows' values one a line as pdftotext prints cells sorted by height: a few totals printed before
    their row's values or a row or two later, a few first values printed just before the row or later."""
    stream: list[float] = []
    late: dict[int, list[float]] = {}
    for r, row in enumerate(rows):
        first, middle, total = row[0], row[1:-1], row[-1]
        stream.extend(late.pop(r, []))
        kind = rng.choices(["in place", "first", "later", "first value early", "first value later"], [8, 1, 1, 1, 1])[0]
        if kind == "first":
            stream.extend([total, first, *middle])
        elif kind == "later" and r + 2 < len(rows):
            stream.extend([first, *middle])
            late.setdefault(r + rng.randint(1, 2), []).append(total)
        elif kind == "first value later" and r + 2 < len(rows):
            stream.extend([*middle, total])
            late.setdefault(r + rng.randint(1, 2), []).append(first)
        elif kind == "first value early" and r > 0 and stream:
            stream.insert(len(stream) - rng.randint(0, 1), first)
            stream.extend([*middle, total])
        else:
            stream.extend(row)
    for rest in late.values():
        stream.extend(rest)
    return stream


@pytest.mark.slow
@given(st.integers(0, 100_000))
@settings(max_examples=40, deadline=None)
def test_a_table_with_totals_out_of_place_is_read_right_or_not_at_all(seed):
    """Whatever was moved, a reading is the printed table: the identities decide, never a guess."""
    rng = random.Random(seed)
    fig = synth.random_figures(rng)
    rows = [[float(fig.applications[(o, a)]) for a in APPLICANTS] for o in OUTCOMES]
    got = _read(_displace(rows, rng))
    assert got is None or got == dict(zip(OUTCOMES, rows))


def test_totals_printed_first_and_a_row_later_are_seated_by_the_sums():
    """A row whose total came out first (a tall cell) and one whose total came out after the next row."""
    rng = random.Random(7)
    fig = synth.random_figures(rng, scale=200)
    rows = [[float(fig.applications[(o, a)]) for a in APPLICANTS] for o in OUTCOMES]
    stream = [v for row in rows[:3] for v in row]
    stream += [rows[3][-1], *rows[3][:-1]]  # printed first
    stream += [*rows[4][:-1], *rows[5], rows[4][-1]]  # printed after the next row
    stream += [v for row in rows[6:] for v in row]
    assert _read(stream) == dict(zip(OUTCOMES, rows))


def test_a_table_with_a_blank_is_not_read_here():
    """Fewer numbers than cells: where the moves went cannot be told with blanks about."""
    rng = random.Random(3)
    fig = synth.random_figures(rng)
    values = [float(fig.applications[(o, a)]) for o in OUTCOMES for a in APPLICANTS]
    assert _read(values[:-1]) is None


def test_a_table_that_another_fits_with_fewer_moves_is_not_read():
    """Rows of 0s and 1s: a reading with three moves satisfies every identity, yet the printed table needed
    more (hypothesis found it, seed 1209). The fewest moves is no proof: a table is taken only when no
    other is read with one move more, and here telling that takes more than the search's bound."""
    rng = random.Random(1209)
    fig = synth.random_figures(rng)
    rows = [[float(fig.applications[(o, a)]) for a in APPLICANTS] for o in OUTCOMES]
    assert _read(_displace(rows, rng)) is None
