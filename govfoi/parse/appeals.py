"""Table 四 (administrative review and litigation of disclosure decisions): fifteen cells read as one
sequence of values, seated by the header's blank cells where the layout keeps them, checked by its sums."""

from __future__ import annotations

from govfoi.check.validate import table_checks
from govfoi.findings import Finding
from govfoi.parse.cells import place
from govfoi.parse.grid import Run
from govfoi.parse.headers import appeal_blanks_from_header
from govfoi.parse.rows import read_sequence
from govfoi.parse.tokens import tokenize
from govfoi.template import Cell, CellValue, appeal_identities, appeal_slots


def read_appeals(
    lines: list[str], section: tuple[int, int], run_together: bool
) -> tuple[dict[Cell, CellValue], list[Finding]]:
    """Table 四's cells and findings (its sums checked)."""
    laid_out = lines if run_together else appeal_blanks_from_header(lines, *section)
    values = read_sequence(tokenize(laid_out, *section))
    line = values[0].line if values else section[0] + 1
    grid, problems = place(
        [Run("appeals", appeal_slots(), tuple(values), line)],
        appeal_identities(),
        "appeals",
        run_together=run_together,
    )
    return grid, table_checks(grid, problems, appeal_identities(), "appeals")
