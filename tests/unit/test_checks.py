"""The checks on a read table (check/validate.py)."""

from __future__ import annotations

from govfoi.check.validate import table_checks
from govfoi.findings import finding
from govfoi.template import CellValue, appeal_identities, appeal_slots


def _appeals(printed: list[float | None]) -> dict:
    return {cell: CellValue(v, 7) for cell, v in zip(appeal_slots(), printed, strict=True)}


def _blanks(printed: list[float | None]) -> list:
    """The blank_cell warnings the reader leaves on the printed blanks."""
    return [
        finding("blank_cell", table="appeals", row=c, column=r, line=7)
        for (c, r), v in zip(appeal_slots(), printed, strict=True)
        if v is None
    ]


def test_values_beside_blanks_that_no_filling_makes_add_up_are_an_error():
    """Table 四 read with a value a cell off beside blanks: 行政复议 ∅ ∅ ∅ 5 3 (5 pending of a total of 3).
    No sum has all its cells known, so none is checked on its own; no values in the blanks make it add up."""
    printed = [None, None, None, 5.0, 3.0] + [0.0] * 10
    [f] = [
        f
        for f in table_checks(_appeals(printed), _blanks(printed), appeal_identities(), "appeals")
        if f.severity == "error"
    ]
    assert (f.check, f.severity, f.table, f.line) == ("blank_sums", "error", "appeals", 7)


def test_blanks_that_some_filling_makes_add_up_are_no_error():
    printed = [None, None, None, 2.0, 3.0] + [0.0] * 10  # the blanks can hold the other 1
    assert [
        f
        for f in table_checks(_appeals(printed), _blanks(printed), appeal_identities(), "appeals")
        if f.severity == "error"
    ] == []
