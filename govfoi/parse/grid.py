"""A table's rows as the parser holds them: a row's cells with the values read for it (``Run``), and the
bounds of a printed count that can be read. A cell's value with its line (``CellValue``) is the template's
(govfoi/template.py), as the checks and the OCR reader hold it too.

Their own module so that every stage that reads rows into cells (``cells``, and the repairs it calls:
``run_together``, ``gaps``, ``joint``) and the checks after them import these without importing ``place``.
"""

from __future__ import annotations

from typing import NamedTuple

from govfoi.parse.tokens import Token
from govfoi.template import Cell

_new_cell = tuple.__new__  # builds a CellValue without NamedTuple's Python-level __new__ (hot path)


class Run(NamedTuple):
    """One row's cells in print order and the values read for it (a NamedTuple: made for every row of
    every report, and a frozen dataclass costs several times as much to make)."""

    key: str
    slots: tuple[Cell, ...]
    values: tuple[Token, ...]
    line: int | None


# No report prints a count of 16 digits or more; beyond this a float is no longer exact and an Int64 column
# overflows, so such a printed number is unreadable (null + error), never a value.
MAX_DIGITS = 15
MAX_VALUE = 10.0**MAX_DIGITS


def _show(values: tuple[float, ...]) -> str:
    return "|".join(f"{v:.0f}" if float(v).is_integer() else f"{v:g}" for v in values)


def _run(code: str, slots: tuple[Cell, ...], row: object) -> Run:
    if row is None:
        return Run(code, slots, (), None)
    return Run(code, slots, tuple(row.values), row.line)  # type: ignore[attr-defined]
