"""Rows of values → template cells, with gaps filled only where the template's identities force one value.

A row with as many values as cells is placed as printed. A row with fewer values is a row that lost a
cell: every placement of the gap is tried, each is solved against the identities, and a cell gets a value
only when every placement that satisfies them agrees on it; the value is then marked ``imputed``.
Otherwise the cell stays null with an error. A value is never moved into another column on a guess.

This module sorts the rows and reads the ones printed whole (and numbers wrapped at a line break); the
repairs are stages of their own: ``run_together`` (digits run together), ``gaps`` (short rows), ``joint``
(rows read together), all tested by the solver in ``identities``.
"""

from __future__ import annotations

from itertools import combinations, pairwise

from govfoi.findings import Finding, finding
from govfoi.parse.gaps import _fill_gaps, _out_of_order
from govfoi.parse.grid import MAX_DIGITS, MAX_VALUE, Run, _new_cell, _show
from govfoi.parse.identities import _checked, _other_rows_unknown, _own
from govfoi.parse.run_together import _run_together, _split_run_on
from govfoi.parse.tokens import BAD, BLANK, JOINED, NUM, Token
from govfoi.template import Cell, CellValue, Identity, solve


def place(  # noqa: C901
    runs: list[Run],
    identities: tuple[Identity, ...],
    table: str,
    *,
    counts: bool = True,
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
        found.extend(
            finding(
                "wrapped_number_joined",
                table=table,
                row=run.key,
                line=t.line,
                detail=f"{t.text.replace(JOINED, ' / ')} read as {t.text.replace(JOINED, '')}",
            )
            for t in run.values
            if JOINED in t.text
        )
        if k > n and any(t.kind == BLANK for t in run.values):
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
            shown = " ".join(t.text if t.kind != BLANK else "␣" for t in run.values)
            found.append(finding("extra_values", table=table, row=run.key, line=run.line, detail=f"{k} > {n}: {shown}"))
        elif (
            k < n
            and all(t.kind == BLANK or (t.kind == NUM and _readable(t, counts)) for t in run.values)
            and any(t.kind == NUM for t in run.values)
        ):
            short.append(run)  # lost cells; blank cells it kept stay blank where every placement agrees
        elif k < n:
            grid.update({c: CellValue(None, run.line) for c in run.slots})
            found.append(
                finding(
                    "missing_cell",
                    table=table,
                    row=run.key,
                    line=run.line,
                    detail=f"{k} < {n} values and some unreadable",
                )
            )
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


def _without_padding(run: Run, identities: tuple[Identity, ...]) -> tuple[Token, ...]:
    """A row's values without the empty cells at its edges that are more than its cells (an empty cell
    between a label and the values, or a table's empty last column, is layout, not a blank): the one way
    to drop them that the row's own sums allow, read with its blanks adding 0, else with its blanks
    unknown. Where no edges will do, a row printed on one line with exactly as many values as it has
    cells may have a value in every cell, its empty cells layout too (a converter cutting one column in
    two: | 0 | 3 |  | 2 | 5 |): taken only where the row's own sums check it, for a real blank and a stray
    number (a footnote mark, a rule read as 1) read the same. The row as it was when there is not exactly
    one way."""
    values, n = run.values, len(run.slots)
    extra = len(values) - n
    own = _own(run, identities)
    ways = [
        values[lead : len(values) - (extra - lead)]
        for lead in range(extra + 1)
        if all(t.kind == BLANK for t in values[:lead] + values[len(values) - (extra - lead) :])
    ]
    printed = tuple(t for t in values if t.kind != BLANK)
    if not ways and own and len(printed) == n and len({t.line for t in values}) == 1:
        ways = [printed]
    if not own:
        return ways[0] if len(ways) == 1 else values
    for blank in (0.0, None):
        fits = [
            kept
            for kept in ways
            if solve({c: (blank if t.kind == BLANK else t.value) for c, t in zip(run.slots, kept)}, tuple(own))
            is not None
        ]
        if len(fits) == 1:
            return fits[0]
        if fits:
            break
    return values


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
        detail = (
            tok.text
            if tok.kind == BAD
            else f"{tok.text[:20]}{'…' * (len(tok.text) > 20)}: more than {MAX_DIGITS} digits"
        )
        found.append(finding("unreadable_cell", table=table, row=row, column=col, line=tok.line, detail=detail))
        return CellValue(None, tok.line)
    found.append(
        finding("not_integer", table=table, row=row, column=col, line=tok.line, actual=tok.value, detail=tok.text)
    )
    return CellValue(None, tok.line)


def _numbers(parts: list[str]) -> tuple[float, ...] | None:
    """Digit strings as numbers, or None when one has a leading zero (0 itself is fine): no printed count
    starts with 0, so a cut or join that makes one is not a reading."""
    if all((p == "0" or p[0] != "0") and len(p) <= MAX_DIGITS for p in parts):
        return tuple(float(p) for p in parts)
    return None


def _wrapped(run: Run) -> bool:
    """Plain digits only, printed side by side (not one per line, where a break says nothing), with at
    least one break between lines where a number may have wrapped."""
    v = run.values
    pairs = list(pairwise(v))
    return (
        all(t.kind == NUM and t.text.isdigit() for t in v)
        and any(a.line < b.line for a, b in pairs)
        and any(a.line == b.line for a, b in pairs)
    )


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
    grid: dict[Cell, CellValue],
    runs: list[Run],
    identities: tuple[Identity, ...],
    table: str,
    found: list[Finding],
) -> None:
    """Rows with a value too many where a number wrapped onto the next line (a narrow PDF column): the
    join is taken only when exactly one satisfies every identity, else the row stays null (extra_values)."""
    known = _other_rows_unknown(grid, runs)
    for run in runs:
        checked = _checked(run, identities)
        readings = [
            r for r in _joins(run) if checked and solve({**known, **dict(zip(run.slots, r))}, identities) is not None
        ]
        line = run.values[0].line
        shown = " ".join(t.text for t in run.values)
        if len(readings) == 1:
            grid.update({c: CellValue(v, line) for c, v in zip(run.slots, readings[0])})
            known.update(zip(run.slots, readings[0]))
            found.append(
                finding(
                    "wrapped_number_joined",
                    table=table,
                    row=run.key,
                    line=line,
                    detail=f"{shown} read as {_show(readings[0])}",
                )
            )
            continue
        grid.update({c: CellValue(None, line) for c in run.slots})
        why = (
            f"{len(readings)} ways to join a wrapped number fit the identities"
            if readings
            else "no wrapped number can be joined so that the identities hold"
        )
        found.append(
            finding(
                "extra_values",
                table=table,
                row=run.key,
                line=run.line,
                detail=f"{len(run.values)} > {len(run.slots)}: {shown}; {why}",
            )
        )
