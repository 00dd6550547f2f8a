"""Table 四 (administrative review and litigation of disclosure decisions): fifteen cells read as one
sequence of values, seated by the header's blank cells where the layout keeps them, checked by its sums.

Its small counts add up read more than one way, so what other tools do to it is read with care:
- OCR reads the three header rows into words with stray digits and letters (结果 | 4果 | sj | 3 尚未),
  which run into the sequence ahead of the values. Where the sequence as read leaves an error, the one
  line of values with no Chinese characters is read alone, and taken where it holds the fifteen cells and
  every sum holds (one line: a page number or a rule read as 1 on a line of its own would stand in for a
  blank cell).
- A PDF's text prints the page's number under the table: a bare number under a line of values is left
  out, and where that leaves a cell short and the number could be the table's last total, only cells
  that read the same with it as a value are kept. Where a number alone on its line beside a page break
  could be the page's (printed one value a line, nothing tells it from a cell but its place), each such
  number, and the bare number under the values if there is one, is read as a cell and not, and only
  cells every reading agrees on are kept (past three such numbers, none; where the table is whole without
  them, it is read without them).
- Text sorted by height (one value a line among the header's characters) may print a group's 总计 after
  the next group's values: cells that read differently with a total so moved are null.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from itertools import combinations

from govfoi.check.validate import table_checks
from govfoi.findings import ERROR, Finding, finding
from govfoi.parse.cells import place
from govfoi.parse.grid import Run
from govfoi.parse.headers import appeal_blanks_from_header
from govfoi.parse.pages import NEAR, bare_number, page_number_lines
from govfoi.parse.rows import read_sequence
from govfoi.parse.tokens import CJK, NUM, TEXT, Token, lines_of, tokenize
from govfoi.template import Cell, CellValue, appeal_identities, appeal_slots, solve


def read_appeals(
    lines: list[str], section: tuple[int, int], run_together: bool
) -> tuple[dict[Cell, CellValue], list[Finding]]:
    """Table 四's cells and findings (its sums checked)."""
    laid_out = lines if run_together else appeal_blanks_from_header(lines, *section)
    tokens = tokenize(laid_out, *section)
    sequence = read_sequence(tokens)
    pages = _page_numbers_beside_breaks(sequence, laid_out, section)
    if pages:  # the bare number under a line of values, if any, is one more that may be a page's
        rest = [t for k, t in enumerate(sequence) if k not in pages]
        if len(_without_page_number(rest, laid_out)) < len(rest):
            pages = sorted({*pages, next(k for k, t in enumerate(sequence) if t is rest[-1])})
        values = [t for k, t in enumerate(sequence) if k not in pages]
    else:
        values = _without_page_number(sequence, laid_out)
    line = values[0].line if values else section[0] + 1
    grid, found = _read(values, line, run_together)
    if run_together:
        return grid, found
    if pages:
        _settle_page_numbers(grid, found, sequence, pages, laid_out)
    elif len(values) < len(sequence) and len(values) < len(appeal_slots()):  # the page's number, or a cell?
        _settle_page_number(grid, found, _read(sequence, line, run_together), sequence[-1], laid_out)
    _doubt_moved_totals(grid, values, tokens, found, laid_out)
    if not any(f.severity == ERROR for f in found):
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


def _doubt_moved_totals(
    grid: dict[Cell, CellValue], values: list[Token], tokens: list[Token], found: list[Finding], lines: list[str]
) -> None:
    """Values one a line among the header's words are text sorted by height (pdftotext, pdfminer: 结 / 果 /
    维 / 持 / 2 / 结 …), where a group's 总计, centred in a tall cell, may come out after the next group's
    values: a table of small counts then adds up read in order and read with the total moved (0 0 0 0 | 0
    11 10 0 | 0 is 0 0 0 0 0 | 11 10 0 0 and 0 0 0 0 | 0 | 0 11 10 0). The cells in which the readings with
    the first or second group's total (or both) printed later than its place, with one value lost where one
    is, and without a last bare number (the page's) differ, or that none of them that adds up reads as it
    was read, are set null with an error. (A table printed one
    cell a line after its header, as a page's or a document's cells come out, has its values in place.)"""
    slots = appeal_slots()
    n = len(slots)
    if (
        len(values) not in (n, n - 1)
        or len({t.line for t in values}) != len(values)
        or any(t.kind != NUM or t.value is None for t in values)
        or not any(values[0].line < t.line < values[-1].line and t.kind == TEXT and CJK.search(t.text) for t in tokens)
    ):
        return
    printed = [t.value for t in values]
    streams = [printed]
    if len(values) == n and _bare(values[-1], lines):
        streams.append(printed[:-1])  # the last a page's number, a cell lost
    seen: list[set[float | None]] = [set() for _ in slots]
    for stream in streams:
        for order in _orders_with_totals_later(n):
            for gap in range(n) if len(stream) < n else (None,):
                cells: dict[Cell, float | None] = dict.fromkeys(slots)
                cells.update((slots[s], v) for s, v in zip((s for s in order if s != gap), stream, strict=True))
                solved = solve(cells, appeal_identities())
                if solved is not None:
                    for k, cell in enumerate(slots):
                        seen[k].add(solved[cell])
    doubtful = [  # read differently by two readings that add up, or by none that adds up as it was read
        (k, cell)
        for k, cell in enumerate(slots)
        if grid[cell].value is not None and (len(seen[k]) > 1 or (seen[k] and grid[cell].value not in seen[k]))
    ]
    for k, cell in doubtful:
        line = grid[cell].line
        grid[cell] = CellValue(None, line)
        readings = "/".join("?" if v is None else f"{v:g}" for v in sorted(seen[k], key=lambda v: (v is None, v)))
        found.append(
            finding("order_ambiguous", table="appeals", row=cell[0], column=cell[1], line=line, detail=readings)
        )
    _drop_stale_imputed(grid, found)


@cache
def _orders_with_totals_later(n: int) -> tuple[tuple[int, ...], ...]:
    """The orders table 四's cells may be printed in: in place, or with the first or second group's total
    (cells 4 and 9), or both, after some of the cells that follow it. The same for every table: made once."""
    orders = [list(range(n))]
    for moved in (4, 9):
        rest = [s for s in range(n) if s != moved]
        orders += [[*rest[:q], moved, *rest[q:]] for q in range(moved + 1, n)]
    rest = [s for s in range(n) if s not in (4, 9)]
    for r in range(len(rest) + 1):  # both late: cell 9 put back at r, then cell 4 at q
        for q in range(len(rest) + 2):
            order = list(rest)
            order.insert(r, 9)
            order.insert(q, 4)
            if order.index(4) > order.index(5) and order.index(9) > order.index(10) and order not in orders:
                orders.append(order)
    return tuple(map(tuple, orders))


def _settle_page_number(
    grid: dict[Cell, CellValue],
    found: list[Finding],
    with_page: tuple[dict[Cell, CellValue], list[Finding]],
    page: Token,
    lines: list[str],
    strict: bool = False,
) -> None:
    """Fewer values than cells once a bare number under them is left out as the page's: the number may be
    the table's own last value instead (a 总计 alone on its line), and a misprinted one would then have
    shown wrong. That reading counts only where it could be the table: no delimiters on the values' lines
    (a cell of a pipe or tab row has them) and no sum broken but the last group's. Then a cell is kept
    only where both readings agree; the others are set null with an error. ``strict``: a number beside a
    page break in text printed one value a line, where nothing tells a cell from a page's number: the
    readings are always compared (a reading with it that breaks says nothing when the table has blank
    cells or a misprint of its own)."""
    other, other_found = with_page
    if not strict and (
        _values_delimited(page, lines, grid)
        or any(f.severity == ERROR and f.row not in (None, "litigation_after_review") for f in other_found)
        or any(f.severity == ERROR and f.row is None and f.check != "appeal_sum" for f in other_found)
    ):
        return  # read with the number as a cell, the table breaks where a misprinted last total cannot
    for cell, value in grid.items():
        theirs = other.get(cell)
        if value.value is not None and (theirs is None or theirs.value != value.value):
            grid[cell] = CellValue(None, value.line)
            detail = f"{page.text} on line {page.line} may be the page's number or one of the table's values"
            found.append(
                finding("missing_cell", table="appeals", row=cell[0], column=cell[1], line=value.line, detail=detail)
            )
    _drop_stale_imputed(grid, found)


def _values_delimited(page: Token, lines: list[str], grid: dict[Cell, CellValue]) -> bool:
    """Whether the table's values came on delimited lines (pipes, tabs), which a bare number is not."""
    rows = {v.line for v in grid.values() if v.line is not None and v.line != page.line}
    return any("|" in lines[n - 1] or "\t" in lines[n - 1] for n in rows if 0 < n <= len(lines))


def _drop_stale_imputed(grid: dict[Cell, CellValue], found: list[Finding]) -> None:
    """The imputed_cell warning goes where no cell it named is filled any longer."""
    if not any(v.imputed and v.value is not None for v in grid.values()):
        found[:] = [f for f in found if not (f.check == "imputed_cell" and f.table == "appeals")]


def _bare(token: Token, lines: list[str]) -> bool:
    """Whether a value's line is nothing but it, a number of one to three digits (a page's number)."""
    line = lines[token.line - 1]
    return line.strip() == token.text and bare_number(line)


MAX_PAGE_NUMBERS = 3  # numbers in table 四 that may be pages' read as a cell and not (2^3 readings); past it, none


def _page_numbers_beside_breaks(values: list[Token], lines: list[str], section: tuple[int, int]) -> list[int]:
    """Which values, each alone on its line, may be a page's number: beside a page break (inside the table,
    or the next heading's, or one a footer's line or two further on) and near the page's place
    (``pages.py``). Text printed one value a line (pdftotext) prints them among or under table 四's values."""
    start, end = section
    near = page_number_lines(lines, start, min(end + NEAR, len(lines)))
    if not near:
        return []
    per_line = Counter(t.line for t in values)
    return [k for k, t in enumerate(values) if t.line in near and per_line[t.line] == 1]


def _settle_page_numbers(
    grid: dict[Cell, CellValue], found: list[Finding], sequence: list[Token], pages: list[int], lines: list[str]
) -> None:
    """Table 四 read without the numbers at ``pages`` (each may be a page's), checked against the readings
    with each combination of them kept as cells: a cell any reading differs on is null with an error. Past
    ``MAX_PAGE_NUMBERS`` such numbers, too many to read each both ways, no cell is kept."""
    if len(sequence) - len(pages) >= len(appeal_slots()):
        return  # without them the table is whole: a reading with one more value has a value too many
    if len(pages) > MAX_PAGE_NUMBERS:
        _settle_page_number(grid, found, ({}, []), sequence[pages[0]], lines, strict=True)
        return
    for restored in _subsets(pages):
        with_pages = [t for k, t in enumerate(sequence) if k not in pages or k in restored]
        if len(with_pages) <= len(appeal_slots()):
            read = _read(with_pages, with_pages[0].line, False)
            _settle_page_number(grid, found, read, sequence[min(restored)], lines, strict=True)


def _subsets(items: list[int]) -> list[tuple[int, ...]]:
    """Every non-empty subset of ``items``."""
    return [combo for size in range(1, len(items) + 1) for combo in combinations(items, size)]


def _without_page_number(values: list[Token], lines: list[str]) -> list[Token]:
    """The values without the last line's when that line is nothing but a number of one to three digits,
    after a line of several values: the page's number printed under the table (a PDF's text), which would
    stand in for a blank cell (fourteen values and a 2: 0 0 1 1 2 adds up). A cell of the table wrapped onto
    a line of its own keeps its delimiters (6 | |) and is kept; a value of the table's own taken for a page
    number leaves a cell missing: the cells it shifts stay null with an error (``_settle_page_number``),
    never a shifted reading."""
    groups = lines_of(values)
    if len(groups) < 2 or len(groups[-1]) != 1 or max(len(group) for group in groups[:-1]) < 3:
        return values
    return values[:-1] if _bare(groups[-1][0], lines) else values


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
