"""The 2021 template's tables as cells, the value a report gives a cell, the identities between them, and
what the identities force (``solve``).

The identities are what the template itself states (一 + 二 = 三 + 四; rows and columns add up to 总计;
table 四's parts add up to its total). The checks test them, the parser's repairs place a cell only where
they force one value, and the OCR reader keeps a doubtful reading only where they force it. So the cells,
``CellValue`` and ``solve`` live here, below read, parse and check, which all import them and none of
which imports another for them: that is what keeps the stages free of import cycles.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from govfoi.codes import (
    APPLICANTS,
    CHANNELS,
    DISCLOSURE_MEASURES,
    DISCLOSURE_MEASURES_2019,
    HANDLED_OUTCOMES,
    OUTCOMES,
    RESULTS,
    label,
)

Cell = tuple[str, str]
"""(row, column): (outcome, applicant), (channel, result) or (item, measure)."""


class CellValue(NamedTuple):
    """A cell's value as read (None: blank or unreadable), the line it was read on, and whether the
    identities, not the text, gave it."""

    value: float | None
    line: int | None
    imputed: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class Identity:
    """sum(parts) == sum(whole), reported as ``check`` on the cell ``about``.

    Compared and hashed by identity (``eq=False``): each is made once per template and looked up on every
    report, where hashing its cells each time cost more than the check itself.
    """

    check: str
    table: str
    parts: tuple[Cell, ...]
    whole: tuple[Cell, ...]
    about: tuple[str | None, str | None]
    zh: str
    en: str

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.parts + self.whole


@cache
def application_slots() -> dict[str, tuple[Cell, ...]]:
    """Each row of table 三 with its seven cells, in print order."""
    return {o: tuple((o, a) for a in APPLICANTS) for o in OUTCOMES}


@cache
def appeal_slots() -> tuple[Cell, ...]:
    """Table 四's fifteen cells in print order: review, then the two kinds of litigation."""
    return tuple((c, r) for c in CHANNELS for r in RESULTS)


@cache
def disclosure_slots(template: str = "2021") -> dict[str, tuple[Cell, ...]]:
    """Each item of table 二 with its cells in print order (the 2019 template has other cells)."""
    measures = DISCLOSURE_MEASURES_2019 if template == "2019" else DISCLOSURE_MEASURES
    return {item: tuple((item, m) for m in ms) for item, ms in measures.items()}


SPLIT_OTHER = ("other_no_correction", "other_no_fee")  # absent where （六）其他处理 is a single row


@cache
def application_identities(single_other: bool = False) -> tuple[Identity, ...]:
    """Row, column and intake identities of table 三; ``single_other`` drops the two rows a single
    （六）其他处理 row does not have, so that the column sums are still checked without them."""
    parts_cols = tuple(a for a in APPLICANTS if a != "total")
    handled = tuple(o for o in HANDLED_OUTCOMES if not (single_other and o in SPLIT_OTHER))
    rows = tuple(
        Identity(
            "row_sum",
            "applications",
            tuple((o, a) for a in parts_cols),
            ((o, "total"),),
            (o, "total"),
            f"{label('outcome', o)}：各类申请人之和应等于总计",
            f"{label('outcome', o, 'en')}: applicant columns must add up to the total",
        )
        for o in OUTCOMES
        if not (single_other and o in SPLIT_OTHER)
    )
    columns = tuple(
        Identity(
            "column_sum",
            "applications",
            tuple((o, a) for o in handled),
            (("processed_total", a),),
            ("processed_total", a),
            f"{label('applicant', a)}：（一）至（六）各项办理结果之和应等于（七）总计",
            f"{label('applicant', a, 'en')}: outcomes (1)-(6) must add up to (7) total processed",
        )
        for a in APPLICANTS
    )
    intake = tuple(
        Identity(
            "intake_balance",
            "applications",
            (("received", a), ("carried_over", a)),
            (("processed_total", a), ("carried_forward", a)),
            (None, a),
            f"{label('applicant', a)}：第一项加第二项之和应等于第三项加第四项之和",
            f"{label('applicant', a, 'en')}: received + carried over must equal processed + carried forward",
        )
        for a in APPLICANTS
    )
    return rows + columns + intake


@cache
def appeal_identities() -> tuple[Identity, ...]:
    parts = tuple(r for r in RESULTS if r != "total")
    return tuple(
        Identity(
            "appeal_sum",
            "appeals",
            tuple((c, r) for r in parts),
            ((c, "total"),),
            (c, "total"),
            f"{label('channel', c)}：维持、纠正、其他结果与尚未审结之和应等于总计",
            f"{label('channel', c, 'en')}: upheld + corrected + other + pending must equal the total",
        )
        for c in CHANNELS
    )


def solve(
    values: dict[Cell, float | None], identities: tuple[Identity, ...], changed: Iterable[Cell] | None = None
) -> dict[Cell, float | None] | None:
    """Fill the unknowns an identity fixes; None when an identity is broken.

    Counts are never negative, so an identity fixes its unknowns when one is left (it is the difference),
    or when all of them are on the side that already adds up (they are all 0). ``changed``: the only cells
    set since ``values`` were last solved; only the identities through them (and through what they fix)
    are looked at again. Each deduction is sound, so the order they are made in does not change the end.
    """
    values = dict(values)
    get = values.get
    through = _identities_through(identities)
    todo = list(range(len(identities))) if changed is None else sorted({i for c in changed for i in through.get(c, ())})
    waiting = set(todo)
    while todo:
        i = todo.pop()
        waiting.discard(i)
        ident = identities[i]
        # One pass over each side: the cells not known, and the sum of those that are (as sum() adds them).
        unknown_parts, parts = _split(ident.parts, get)
        unknown_whole, whole = _split(ident.whole, get)
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


def _split(cells: tuple[Cell, ...], get: Callable[[Cell], float | None]) -> tuple[list[Cell], float]:
    """The cells whose value is not known, and the sum of the others: by sum() over ``v or 0``, exactly as
    solve added them before (sum's rounding of floats differs between Python versions; its type, between
    int and float, depends on the 0s)."""
    unknown: list[Cell] = []
    known: list[float] = []
    for cell in cells:
        value = get(cell)
        if value is None:
            unknown.append(cell)
        else:
            known.append(value or 0)
    return unknown, sum(known)


@cache
def _identities_through(identities: tuple[Identity, ...]) -> dict[Cell, tuple[int, ...]]:
    """For each cell, the identities (by index) it is part of."""
    through: dict[Cell, list[int]] = {}
    for i, ident in enumerate(identities):
        for cell in ident.cells:
            through.setdefault(cell, []).append(i)
    return {c: tuple(ids) for c, ids in through.items()}
