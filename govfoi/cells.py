"""Rows of values → template cells, with gaps filled only where the template's identities force one value.

A row with as many values as cells is placed as printed. A row with fewer values is a row that lost a
cell: every placement of the gap is tried, each is solved against the identities, and a cell gets a value
only when every placement that satisfies them agrees on it; the value is then marked ``imputed``.
Otherwise the cell stays null with an error. A value is never moved into another column on a guess.
"""

from __future__ import annotations

import math
from typing import NamedTuple
from itertools import combinations, product

from govfoi.findings import Finding, finding
from govfoi.template import Cell, Identity
from govfoi.tokens import BAD, BLANK, NUM, Token

MAX_JOINT = 4096  # placements tried together across short rows before falling back to one row at a time


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


def place(
    runs: list[Run], identities: tuple[Identity, ...], table: str, *, counts: bool = True
) -> tuple[dict[Cell, CellValue], list[Finding]]:
    """Place every run's values in its cells; ``counts`` demands non-negative whole numbers."""
    grid: dict[Cell, CellValue] = {}
    found: list[Finding] = []
    short: list[Run] = []
    run_on: list[Run] = []
    wrapped: list[Run] = []
    for run in runs:
        n, k = len(run.slots), len(run.values)
        if k == 1 < n and _digits_run(run.values[0], n):
            run_on.append(run)
        elif n < k <= n + 2 and _wrapped(run):
            wrapped.append(run)
        elif k == 0:
            grid.update({c: CellValue(None, run.line) for c in run.slots})
            found.append(finding("missing_row", table=table, row=run.key, line=run.line))
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
            grid.update(zip(run.slots, cells))
        else:
            for cell, tok in zip(run.slots, run.values, strict=True):
                grid[cell] = _read_cell(cell, tok, table, counts, found)
    if run_on:
        _split_run_on(grid, run_on, identities, table, found)
    if wrapped:
        _join_wrapped(grid, wrapped, identities, table, found)
    if short:
        _fill_gaps(grid, short, identities, table, found)
    return grid, found


MAX_SPLITS = 50_000  # ways to split one run of digits that are tried before giving up
# No report prints a count of 16 digits or more; beyond this a float is no longer exact and an Int64 column
# overflows, so such a printed number is unreadable (null + error), never a value.
MAX_DIGITS = 15
MAX_VALUE = 10.0 ** MAX_DIGITS


def _digits_run(tok: Token, n: int) -> bool:
    """One token of plain digits long enough to be a whole row run together (512000053 for 7 cells)."""
    return tok.kind == NUM and tok.text.isdigit() and n <= len(tok.text) <= n * MAX_DIGITS


def _splits(digits: str, n: int) -> list[tuple[float, ...]] | None:
    """Every way to cut digits into n numbers without leading zeros (0 itself is fine); None when too many."""
    if math.comb(len(digits) - 1, n - 1) > MAX_SPLITS:
        return None
    out = []
    for cuts in combinations(range(1, len(digits)), n - 1):
        reading = _numbers([digits[a:b] for a, b in zip((0, *cuts), (*cuts, len(digits)))])
        if reading is not None:
            out.append(reading)
    return out


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


def _split_run_on(
    grid: dict[Cell, CellValue], runs: list[Run], identities: tuple[Identity, ...], table: str,
    found: list[Finding],
) -> None:
    """Rows whose cells a crawler ran together (512000053 for 51|2|0|0|0|0|53): the split is taken only
    when it is the one way to cut the digits that satisfies every identity; otherwise the cells stay null
    with an ``ambiguous_split`` error listing the candidates. Never a guess."""
    known = _other_rows_unknown(grid, runs)
    candidates: list[list[tuple[float, ...]] | None] = []
    for run in runs:
        splits = _splits(run.values[0].text, len(run.slots))
        if splits is not None:
            # The row's own identities first (cheap arithmetic), then every identity on what is left.
            own = [(tuple(run.slots.index(c) for c in i.parts), tuple(run.slots.index(c) for c in i.whole))
                   for i in identities if set(i.parts) | set(i.whole) <= set(run.slots)]
            splits = [v for v in splits
                      if all(math.isclose(sum(v[k] for k in p), sum(v[k] for k in w)) for p, w in own)]
            splits = [v for v in splits if solve({**known, **dict(zip(run.slots, v))}, identities) is not None]
        candidates.append(splits)
    options = [c for c in candidates if c is not None]
    if 1 < len(options) and math.prod(len(c) for c in options) <= MAX_JOINT:
        together = [r for r, c in zip(runs, candidates, strict=True) if c is not None]
        surviving: list[set[tuple[float, ...]]] = [set() for _ in options]
        for combo in product(*options):
            trial = dict(known)
            for run, vector in zip(together, combo, strict=True):
                trial.update(zip(run.slots, vector))
            if solve(trial, identities) is not None:
                for keep, vector in zip(surviving, combo, strict=True):
                    keep.add(vector)
        it = iter(surviving)
        candidates = [None if c is None else sorted(next(it)) for c in candidates]
    for run, splits in zip(runs, candidates, strict=True):
        digits = run.values[0].text
        line = run.values[0].line
        checked = _checked(run, identities)
        if splits is not None and len(splits) == 1 and checked:
            grid.update({c: CellValue(v, line) for c, v in zip(run.slots, splits[0])})
            found.append(finding("run_together_split", table=table, row=run.key, line=line,
                                 detail=f"{digits} read as {_show(splits[0])}"))
            continue
        grid.update({c: CellValue(None, line) for c in run.slots})
        if splits is None:
            detail = f"{digits}: too many ways to split it into {len(run.slots)} values"
        elif not splits:
            detail = f"{digits}: no split into {len(run.slots)} values satisfies the identities"
        else:
            shown = "; ".join(_show(v) for v in splits[:20]) + (f"; … ({len(splits)} in all)" if len(splits) > 20 else "")
            detail = f"{digits} could be {shown}" + ("" if checked else "; no identity checks this row")
        found.append(finding("ambiguous_split", table=table, row=run.key, line=line, detail=detail))


def _wrapped(run: Run) -> bool:
    """Plain digits only, printed side by side (not one per line, where a break says nothing), with at
    least one break between lines where a number may have wrapped."""
    v = run.values
    pairs = list(zip(v, v[1:]))
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
    return v is not None and -MAX_VALUE < v < MAX_VALUE and (not counts or (v >= 0 and v.is_integer()))


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


def solve(values: dict[Cell, float | None], identities: tuple[Identity, ...]) -> dict[Cell, float | None] | None:
    """Fill the unknowns an identity fixes; None when an identity is broken.

    Counts are never negative, so an identity fixes its unknowns when one is left (it is the difference),
    or when all of them are on the side that already adds up (they are all 0).
    """
    values = dict(values)
    changed = True
    while changed:
        changed = False
        for ident in identities:
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
                changed = True
    return values


def _fill_gaps(
    grid: dict[Cell, CellValue], short: list[Run], identities: tuple[Identity, ...], table: str,
    found: list[Finding],
) -> None:
    known = {c: v.value for c, v in grid.items()}
    # For each short run: value vector → the placements (gap positions) that produce it.
    candidates: list[dict[tuple[float | None, ...], list[tuple[int, ...]]]] = []
    for run in short:
        options: dict[tuple[float | None, ...], list[tuple[int, ...]]] = {}
        n, k = len(run.slots), len(run.values)
        for gaps in combinations(range(n), n - k):
            trial = dict(known)
            values = iter(run.values)
            for pos, cell in enumerate(run.slots):
                trial[cell] = None if pos in gaps else next(values).value  # a blank token is None too
            solved = solve(trial, identities)
            if solved is not None:
                options.setdefault(tuple(solved[c] for c in run.slots), []).append(gaps)
        candidates.append(options)

    if 1 < len(short) and math.prod(len(o) for o in candidates) <= MAX_JOINT:
        surviving: list[set[tuple[float | None, ...]]] = [set() for _ in short]
        for combo in product(*(list(o) for o in candidates)):
            trial = dict(known)
            for run, vector in zip(short, combo, strict=True):
                trial.update(zip(run.slots, vector, strict=True))
            if solve(trial, identities) is not None:
                for keep, vector in zip(surviving, combo, strict=True):
                    keep.add(vector)
        candidates = [{v: o[v] for v in keep} for o, keep in zip(candidates, surviving, strict=True)]

    for run, options in zip(short, candidates, strict=True):
        placements = [g for gs in options.values() for g in gs]
        imputed = []
        for pos, cell in enumerate(run.slots):
            seen = {vector[pos] for vector in options}
            if len(seen) != 1 or None in seen:
                grid[cell] = CellValue(None, run.line)
                found.append(finding("missing_cell", table=table, row=cell[0], column=cell[1], line=run.line,
                                     detail=_describe(run, seen)))
                continue
            value = seen.pop()
            tokens = {_token_at(run, gaps, pos) for gaps in placements}
            only = next(iter(tokens)) if len(tokens) == 1 else None
            if only is not None and only.kind == BLANK:
                tok = tokens.pop()
                grid[cell] = CellValue(None, tok.line)  # type: ignore[union-attr]
                found.append(finding("blank_cell", table=table, row=cell[0], column=cell[1],
                                     line=tok.line))  # type: ignore[union-attr]
                continue
            if None in tokens or len(tokens) != 1:
                grid[cell] = CellValue(value, run.line, imputed=True)
                imputed.append(cell[1])
            else:
                grid[cell] = CellValue(value, tokens.pop().line)  # type: ignore[union-attr]
        if imputed:
            shown = " ".join(t.text for t in run.values)
            found.append(finding("imputed_cell", table=table, row=run.key, line=run.line,
                                 detail=f"{len(run.values)} values for {len(run.slots)} cells ({shown}); "
                                        f"the identities allow one reading, the gap could be any of: "
                                        f"{', '.join(imputed)}"))


def _token_at(run: Run, gaps: tuple[int, ...], pos: int) -> Token | None:
    if pos in gaps:
        return None
    return run.values[pos - sum(1 for g in gaps if g < pos)]


def _describe(run: Run, seen: set[float | None]) -> str:
    shown = " ".join(t.text for t in run.values)
    if not seen:
        return f"{len(run.values)} values for {len(run.slots)} cells ({shown}); no placement satisfies the identities"
    readings = sorted("?" if v is None else f"{v:g}" for v in seen)
    return f"{len(run.values)} values for {len(run.slots)} cells ({shown}); possible: {', '.join(readings)}"
