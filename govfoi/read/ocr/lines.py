"""A page's lines, prose and table rows top to bottom, and a table row cut by a page break joined again.

The lines keep their cells and column edges so that the first row of a page can be matched, cell by cell,
with the last row of the page before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from govfoi.read.ocr.grid import GridCell, _join
from govfoi.read.ocr.readings import _CJK, _VALUES, UNSURE
from govfoi.read.ocr.rules import TOLERANCE, Table
from govfoi.read.ocr.tables import _table_rows
from govfoi.read.ocr.tesseract import Word


@dataclass
class Line:
    """A line of a page's text; a table row also keeps its cells and its table's column boundaries."""

    top: float
    text: str
    cells: list[str] | None = None
    xs: list[int] | None = None
    spans: list[tuple[int, int] | None] | None = None  # each cell's left and right edge; None where covered


def _lines(words: list[Word], tables: list[Table], grids: list[list[GridCell]]) -> list[Line]:
    """Prose lines and table rows, top to bottom."""
    placed: list[Line] = []
    loose: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        x, y = word.centre
        if not any(t.box()[0] <= x <= t.box()[2] and t.box()[1] <= y <= t.box()[3] for t in tables):
            loose.setdefault(word.line, []).append(word)
    for line_words in loose.values():
        line_words.sort(key=lambda w: w.left)
        placed.append(Line(min(w.top for w in line_words), _join([w.text for w in line_words])))
    for table, grid in zip(tables, grids):
        rows = _table_rows(table, grid)
        placed.extend(Line(top, "\t".join(cells), cells, table.xs, spans) for top, cells, spans in rows)
    placed.sort(key=lambda line: line.top)
    return [line for line in placed if line.text.strip()]


def _join_split_row(before: list[Line], after: list[Line]) -> None:
    """A table row cut by a page break, joined: the last row of one page and the first of the next, with
    nothing but marks without Chinese (a page number) between them, in tables whose columns line up, when
    one of the two holds no number and the other's words go on in the same cells (一、本年新收政府信息 /
    公开申请数量; 3.补正后申请内 / 容仍不明确). Left apart, the second half reads as a row of its own:
    a label with no values, or a header's words as doubtful numbers."""
    last = next((k for k in range(len(before) - 1, -1, -1) if not _page_mark(before[k])), None)
    first = next((k for k in range(len(after)) if not _page_mark(after[k])), None)
    if last is None or first is None:
        return
    top, bottom = before[last], after[first]
    if top.cells is None or bottom.cells is None or top.spans is None or bottom.spans is None:
        return
    if _has_number(top.cells) and _has_number(bottom.cells):
        return
    # Each cell of the second row goes on a cell of the first with the same edges: the rest of a label
    # keeps its cell's width, where a new table's heading (第二十条第（五）项 across the page, under
    # 行政规范性文件) or a header does not. The pages' tables may differ in rules a merged cell hides.
    a, b = top.xs or [0], bottom.xs or [0]
    slack = max(2 * TOLERANCE, (a[-1] - a[0]) // 100)  # pages scanned apart shift and scale a little
    cells = list(top.cells)
    joined = False
    for text, span in zip(bottom.cells, bottom.spans):
        if not text:
            continue
        k = None if span is None else _same_cell(top.spans, span[0] - b[0] + a[0], span[1] - b[0] + a[0], slack)
        if k is None or (cells[k] and not (_CJK.search(cells[k]) and _CJK.search(text))):
            return
        joined = joined or bool(cells[k])
        cells[k] += text
    if joined:
        before[last] = replace(top, text="\t".join(cells), cells=cells)
        del after[first]


def _same_cell(spans: list[tuple[int, int] | None], left: int, right: int, slack: int) -> int | None:
    """The position of the cell with these left and right edges, if the row has one."""
    return next(
        (k for k, s in enumerate(spans) if s and abs(s[0] - left) <= slack and abs(s[1] - right) <= slack), None
    )


def _page_mark(line: Line) -> bool:
    """A line outside tables without Chinese: a page number or a speck, not text a row could run into."""
    return line.cells is None and not _CJK.search(line.text)


def _has_number(cells: list[str]) -> bool:
    return any(c == UNSURE or _VALUES.fullmatch(c.lstrip(UNSURE)) for c in cells)
