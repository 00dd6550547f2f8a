"""Short rows, with fewer values than cells: each value seated in order among the cells where the
identities allow, and a gap given a value only when every seating they allow agrees on it (``imputed``).

Text taken from a page or a PDF keeps every printed number and drops blank cells, so a gap is first read as a
blank; only a row where no blank reading adds up lost a printed value. A row printed over several lines may
have its lines out of order, so every order of its lines is tried.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations, permutations

from govfoi.findings import Finding, finding
from govfoi.parse.grid import Run
from govfoi.parse.identities import _own, _sums_hold
from govfoi.parse.joint import _joint
from govfoi.parse.narrowing import consistent, narrowed
from govfoi.parse.seating import MAX_PLACEMENTS, spend_placements
from govfoi.parse.tokens import BLANK, Token, lines_of
from govfoi.template import Cell, CellValue, Identity, solve


def _fill_gaps(
    grid: dict[Cell, CellValue],
    short: list[Run],
    identities: tuple[Identity, ...],
    table: str,
    found: list[Finding],
    empty: Sequence[Run] = (),
    blank_cells: Sequence[Cell] = (),
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
    searched = [_placements(run, known, identities, blank=False) for run in short]
    unsearched = {k for k, o in enumerate(searched) if o is None}  # the report's seatings were spent
    lost = [o or {} for o in searched]
    blank = [
        (None if k in unsearched else _placements(run, known_blank, identities, blank=True)) or o
        for k, (run, o) in enumerate(zip(short, lost, strict=True))
    ]
    # The blank reading of every row at once first: taken only when all rows together satisfy every
    # identity; otherwise the rows are read as having lost values.
    trials = [(blank, known_blank), (lost, known)] if blank != lost or empty else [(lost, known)]
    candidates = _read_together(short, trials, identities) if len(short) > 1 else None
    candidates = candidates or lost

    for k, (run, options) in enumerate(zip(short, candidates, strict=True)):
        placements = [g for gs in options.values() for g in gs]  # seatings
        imputed = []
        for pos, cell in enumerate(run.slots):
            seen = {vector[pos] for vector in options}
            tokens = {seating[pos] for seating in placements}
            if len(seen) != 1 or None in seen or (not identities and (None in tokens or len(tokens) != 1)):
                grid[cell] = CellValue(None, run.line)
                found.append(
                    finding(
                        "missing_cell",
                        table=table,
                        row=cell[0],
                        column=cell[1],
                        line=run.line,
                        detail=_describe(run, seen, k in unsearched),
                    )
                )
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
            found.append(
                finding(
                    "imputed_cell",
                    table=table,
                    row=run.key,
                    line=run.line,
                    detail=f"{len(run.values)} values for {len(run.slots)} cells ({shown}); "
                    f"the identities allow one reading, the gap could be any of: "
                    f"{', '.join(imputed)}",
                )
            )


Readings = dict[tuple[float | None, ...], list[tuple[Token | None, ...]]]  # a row's values → their seatings


def _read_together(
    short: list[Run], trials: list[tuple[list[Readings], dict[Cell, float | None]]], identities: tuple[Identity, ...]
) -> list[Readings] | None:
    """The rows' readings that reading the rows together allows: from the first trial (each row's readings,
    with the known cells they are read against) in which every row keeps one, else from the last trial
    (a row may then keep none); None when no trial's search settles."""
    for trial, given in trials:
        fewer = narrowed(short, [list(o) for o in trial], given, identities)
        joint = _joint(short, fewer, given, identities)
        if joint is None:
            if all(fewer) and consistent(short, fewer, given, identities):
                # The search ran out of work, but the table has a reading: each row keeps the readings that
                # every identity alone allows.
                return [{vector: o[vector] for vector in f} for o, f in zip(trial, fewer, strict=True)]
            continue
        # Each surviving reading, with the cells the other rows' values fixed, keeps its placements.
        surviving = [
            {solved: o[vector] for vector, found_ in keep.items() for solved in found_}
            for o, keep in zip(trial, joint, strict=True)
        ]
        if all(surviving) or trial is trials[-1][0]:
            return surviving
    return None


def _trusted(grid: dict[Cell, CellValue], identities: tuple[Identity, ...]) -> dict[Cell, float | None]:
    """The grid's values, less the rows whose own sum is broken: such a row was misread or misprinted, and
    what it adds to a column must not decide where another row's values sit (the checks still report it)."""
    known = {c: v.value for c, v in grid.items()}
    for ident in identities:
        rows = {c[0] for c in ident.cells}
        values = [known.get(c) for c in ident.cells]
        if (
            len(rows) == 1
            and None not in values
            and not math.isclose(sum(known[c] for c in ident.parts), sum(known[c] for c in ident.whole), abs_tol=1e-9)  # type: ignore[misc]
        ):
            known.update(dict.fromkeys(ident.cells))
    return known


def _placements(
    run: Run, known: dict[Cell, float | None], identities: tuple[Identity, ...], *, blank: bool
) -> dict[tuple[float | None, ...], list[tuple[Token | None, ...]]] | None:
    """Each way to seat a short row's values in order among its cells that the identities allow: the
    row's values (gaps read as blanks adding 0, or with ``blank=False`` as lost values the identities may
    fix) → the seatings (a token or a gap per cell) that give them. A row printed over several lines may
    have its lines out of order (a cell centred higher than the others): every order of its lines is tried.
    None, searching nothing, when the report's seatings to try (``MAX_PLACEMENTS``) do not hold the row's."""
    options: dict[tuple[float | None, ...], list[tuple[Token | None, ...]]] = {}
    n, k = len(run.slots), len(run.values)
    orders = _line_orders(run.values)
    if not spend_placements(len(orders) * math.comb(n, n - k)):
        return None  # the report's seatings are spent: not searched
    gap_value = 0.0 if blank else None
    # What the known cells fix without this row, found once: each seating then only adds its own cells.
    # (The identities' deductions are sound, so solving the known cells first reaches the same end.)
    start = solve({c: v for c, v in known.items() if c not in run.slots}, identities)
    if start is None:
        return options
    own = _own(run, identities)
    for values in orders:
        for gaps in combinations(range(n), n - k):
            it = iter(values)
            seating = tuple(None if pos in gaps else next(it) for pos in range(n))
            cells = {cell: gap_value if t is None else t.value for cell, t in zip(run.slots, seating)}
            known_row = tuple(cells.values())
            if None not in known_row and not _sums_hold(run, known_row, own):
                continue  # every cell of the row known and its own sums fail: solve tests them the same way
            trial = dict(start)
            trial.update(cells)
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


def _describe(run: Run, seen: set[float | None], unsearched: bool = False) -> str:
    shown = " ".join(t.text for t in run.values)
    if unsearched:
        return (
            f"{len(run.values)} values for {len(run.slots)} cells ({shown}); not searched: the report's "
            f"{MAX_PLACEMENTS} seatings to try were spent"
        )
    if not seen:
        return f"{len(run.values)} values for {len(run.slots)} cells ({shown}); no placement satisfies the identities"
    readings = sorted("?" if v is None else f"{v:g}" for v in seen)
    return f"{len(run.values)} values for {len(run.slots)} cells ({shown}); possible: {', '.join(readings)}"
