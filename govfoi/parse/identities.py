"""The template's identities as a solver: fill the cells they fix, and tell the readings they rule out.

Every repair of a row (run-together digits cut, wrapped numbers joined, a short row's gaps seated, rows read
jointly) takes a reading only when the identities allow it; this module is that test, and the checks use
``solve`` to offer the values blank cells must hold.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache

from govfoi.parse.grid import CellValue, Run
from govfoi.template import Cell, Identity


def solve(values: dict[Cell, float | None], identities: tuple[Identity, ...],
          changed: Iterable[Cell] | None = None) -> dict[Cell, float | None] | None:
    """Fill the unknowns an identity fixes; None when an identity is broken.

    Counts are never negative, so an identity fixes its unknowns when one is left (it is the difference),
    or when all of them are on the side that already adds up (they are all 0). ``changed``: the only cells
    set since ``values`` were last solved; only the identities through them (and through what they fix)
    are looked at again. Each deduction is sound, so the order they are made in does not change the end.
    """
    values = dict(values)
    through = _identities_through(identities)
    todo = list(range(len(identities))) if changed is None else \
        sorted({i for c in changed for i in through.get(c, ())})
    waiting = set(todo)
    while todo:
        i = todo.pop()
        waiting.discard(i)
        ident = identities[i]
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
                for j in through.get(cell, ()):
                    if j not in waiting:
                        waiting.add(j)
                        todo.append(j)
    return values


@cache
def _identities_through(identities: tuple[Identity, ...]) -> dict[Cell, tuple[int, ...]]:
    """For each cell, the identities (by index) it is part of."""
    through: dict[Cell, list[int]] = {}
    for i, ident in enumerate(identities):
        for cell in ident.cells:
            through.setdefault(cell, []).append(i)
    return {c: tuple(ids) for c, ids in through.items()}


def _own(run: Run, identities: tuple[Identity, ...]) -> list[Identity]:
    """The identities within the row (its total, a subtotal): the ones its own values must satisfy."""
    slots = set(run.slots)
    return [i for i in identities if set(i.cells) <= slots]


def _sums_hold(run: Run, values: tuple[float | None, ...], own: list[Identity]) -> bool:
    """Whether the row's own identities hold for these values, in the row's cells' order."""
    cells = dict(zip(run.slots, values))
    return all(math.isclose(sum(cells[c] for c in i.parts), sum(cells[c] for c in i.whole), abs_tol=1e-9)  # type: ignore[misc]
               for i in own)


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
