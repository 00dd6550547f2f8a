"""Table 四 (administrative review and litigation of disclosure decisions): fifteen cells read as one
sequence of values, seated by the header's blank cells where the layout keeps them, checked by its sums.

OCR reads table 四's three header rows into words with stray digits and letters (结果 | 4果 | sj | 3 尚未),
which run into the sequence ahead of the values. Where the sequence as read leaves an error, the one line
of values with no Chinese characters is read alone, and taken where it holds the fifteen cells and every
sum holds. One line, not any lines without words: a page number or a rule read as 1 on a line of its own
would stand in for a blank cell, and tables of small counts have many shifted readings that add up.
"""

from __future__ import annotations

from govfoi.check.validate import table_checks
from govfoi.findings import ERROR, Finding, finding
from govfoi.parse.cells import place
from govfoi.parse.grid import Run
from govfoi.parse.headers import appeal_blanks_from_header
from govfoi.parse.rows import read_sequence
from govfoi.parse.tokens import CJK, NUM, TEXT, Token, lines_of, tokenize
from govfoi.template import Cell, CellValue, appeal_identities, appeal_slots


def read_appeals(
    lines: list[str], section: tuple[int, int], run_together: bool
) -> tuple[dict[Cell, CellValue], list[Finding]]:
    """Table 四's cells and findings (its sums checked)."""
    laid_out = lines if run_together else appeal_blanks_from_header(lines, *section)
    tokens = tokenize(laid_out, *section)
    values = _without_page_number(read_sequence(tokens), laid_out)
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


def _without_page_number(values: list[Token], lines: list[str]) -> list[Token]:
    """The values without the last line's when that line is nothing but a number of one to three digits,
    after a line of several values: the page's number printed under the table (a PDF's text), which would
    stand in for a blank cell (fourteen values and a 2: 0 0 1 1 2 adds up). A cell of the table wrapped onto
    a line of its own keeps its delimiters (6 | |) and is kept; a value of the table's own taken for a page
    number is missing, which the sums fill or leave an error for, never a shifted reading."""
    groups = lines_of(values)
    if len(groups) < 2 or len(groups[-1]) != 1 or max(len(group) for group in groups[:-1]) < 3:
        return values
    last = groups[-1][0]
    bare = lines[last.line - 1].strip()
    return values[:-1] if bare == last.text and bare.isdigit() and len(bare) <= 3 else values


def _read(values: list[Token], line: int, run_together: bool) -> tuple[dict[Cell, CellValue], list[Finding]]:
    grid, problems = place(
        [Run("appeals", appeal_slots(), tuple(values), line)], appeal_identities(), "appeals", run_together=run_together
    )
    return grid, table_checks(grid, problems, appeal_identities(), "appeals")


def _off_the_header(tokens: list[Token], values: list[Token]) -> tuple[list[Token], list[Token]]:
    """The values of the one line without Chinese characters, if it is the only such line with values and
    every one is a number; and the values left out, on lines with Chinese characters. Nothing kept where
    values stand on two lines without (a page number, a rule read as 1, values over two lines)."""
    worded = {t.line for t in tokens if t.kind == TEXT and CJK.search(t.text)}
    kept = [t for t in values if t.line not in worded]
    if len({t.line for t in kept}) != 1 or any(t.kind != NUM or t.value is None for t in kept):
        return [], []
    return kept, [t for t in values if t.line in worded]
