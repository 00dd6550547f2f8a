"""The template's identities as the repairs test a reading: a row's own sums, the rows being repaired
read against the rest, whether an identity may still hold.

Every repair of a row (run-together digits cut, wrapped numbers joined, a short row's gaps seated, rows read
jointly) takes a reading only when the identities allow it; this module is that test. The solver itself
(``solve``: the cells the identities fix) is in govfoi/template.py, where the checks and the OCR reader
use it too.
"""

from __future__ import annotations

import math

from govfoi.parse.grid import Run
from govfoi.template import Cell, CellValue, Identity


def _own(run: Run, identities: tuple[Identity, ...]) -> list[Identity]:
    """The identities within the row (its total, a subtotal): the ones its own values must satisfy."""
    slots = set(run.slots)
    return [i for i in identities if set(i.cells) <= slots]


def _sums_hold(run: Run, values: tuple[float | None, ...], own: list[Identity]) -> bool:
    """Whether the row's own identities hold for these values, in the row's cells' order."""
    cells = dict(zip(run.slots, values))
    return all(
        math.isclose(sum(cells[c] for c in i.parts), sum(cells[c] for c in i.whole), abs_tol=1e-9)  # type: ignore[misc]
        for i in own
    )


def _own_sums_hold(run: Run, values: tuple[float, ...], identities: tuple[Identity, ...]) -> bool:
    """Whether the row's own identities (its total) hold for these values."""
    return _sums_hold(run, values, _own(run, identities))


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


def _other_rows_unknown(grid: dict[Cell, CellValue], runs: list[Run]) -> dict[Cell, float | None]:
    """The grid's values with the cells of the rows being repaired unknown (each is read against the rest)."""
    known = {c: v.value for c, v in grid.items()}
    for run in runs:
        known.update(dict.fromkeys(run.slots))
    return known


def _checked(run: Run, identities: tuple[Identity, ...]) -> bool:
    """True when some identity involves the row: a repair nothing can verify is never taken."""
    return any(c in ident.parts or c in ident.whole for ident in identities for c in run.slots)
