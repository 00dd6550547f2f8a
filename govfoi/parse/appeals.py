"""Table 四 (administrative review and litigation of disclosure decisions): fifteen cells read as one
sequence of values, seated by the header's blank cells where the layout keeps them, checked by its sums.

OCR reads table 四's three header rows into words with stray digits and letters (结果 | 4果 | sj | 3 尚未),
which run into the sequence ahead of the values. Where the sequence as read leaves an error, the values on
lines with no words of the header are read alone, and taken where they are the fifteen cells and every sum
holds.
"""

from __future__ import annotations

from govfoi.check.validate import table_checks
from govfoi.findings import ERROR, Finding, finding
from govfoi.parse.cells import place
from govfoi.parse.grid import Run
from govfoi.parse.headers import appeal_blanks_from_header
from govfoi.parse.rows import read_sequence
from govfoi.parse.tokens import CJK, NUM, TEXT, Token, tokenize
from govfoi.template import Cell, CellValue, appeal_identities, appeal_slots


def read_appeals(
    lines: list[str], section: tuple[int, int], run_together: bool
) -> tuple[dict[Cell, CellValue], list[Finding]]:
    """Table 四's cells and findings (its sums checked)."""
    laid_out = lines if run_together else appeal_blanks_from_header(lines, *section)
    tokens = tokenize(laid_out, *section)
    values = read_sequence(tokens)
    line = values[0].line if values else section[0] + 1
    grid, found = _read(values, line, run_together)
    if run_together or not any(f.severity == ERROR for f in found):
        return grid, found
    kept, dropped = _off_the_header(tokens, values)
    if len(kept) != len(appeal_slots()) or not dropped:
        return grid, found
    header_free, checked = _read(kept, kept[0].line, run_together)
    if any(f.severity == ERROR for f in checked):
        return grid, found
    shown = " ".join(t.text for t in dropped)
    return header_free, [
        finding("header_values_dropped", table="appeals", line=dropped[0].line, detail=shown),
        *checked,
    ]


def _read(values: list[Token], line: int, run_together: bool) -> tuple[dict[Cell, CellValue], list[Finding]]:
    grid, problems = place(
        [Run("appeals", appeal_slots(), tuple(values), line)], appeal_identities(), "appeals", run_together=run_together
    )
    return grid, table_checks(grid, problems, appeal_identities(), "appeals")


def _off_the_header(tokens: list[Token], values: list[Token]) -> tuple[list[Token], list[Token]]:
    """The values on lines without header words (Chinese characters), if every one is a number; and the
    values left out, on lines with them. Nothing kept where a value on a line of its own is unreadable."""
    worded = {t.line for t in tokens if t.kind == TEXT and CJK.search(t.text)}
    kept = [t for t in values if t.line not in worded]
    if any(t.kind != NUM or t.value is None for t in kept):
        return [], []
    return kept, [t for t in values if t.line in worded]
