"""Words → cells: a ruled table's cells, merged cells (no rule inside them) as one, with the words read in each.

A cell's text here is the page's reading; ``values`` and ``labels`` read cells again, and ``readings``
decides what each cell holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govfoi.read.ocr.rules import TOLERANCE, Rule, Table
from govfoi.read.ocr.tesseract import Word


@dataclass
class GridCell:
    """One cell of a ruled table (a merged cell once, at its top-left position) and what was read in it."""

    row: int
    col: int
    box: tuple[int, int, int, int]
    words: list[Word]
    rereads: dict[str, list[Word]] = field(default_factory=dict)  # by model: the cell alone, digits only
    ink: int = 0  # dark pixels inside the cell, rules excepted
    lines: int = 0  # lines of text in the cell's ink
    inside: tuple[int, int, int, int] = (0, 0, 0, 0)  # the cell's area within its own rules
    rows: int = 1  # table rows the cell spans

    def __post_init__(self) -> None:
        if self.inside == (0, 0, 0, 0):
            x0, y0, x1, y1 = self.box
            self.inside = (x0 + 3, y0 + 3, x1 - 3, y1 - 3)

    @property
    def text(self) -> str:
        return _ordered_text(self.words)

    @property
    def wrapped(self) -> bool:
        """A cell of one table row with lines of text: a label, or a number too wide for its column."""
        return self.lines > 1 and self.rows == 1


def _ordered_text(words: list[Word]) -> str:
    tops: dict[tuple[int, int, int], int] = {}
    for w in words:
        tops[w.line] = min(tops.get(w.line, w.top), w.top)
    return _join([w.text for w in sorted(words, key=lambda w: (tops[w.line], w.line, w.left))])


def _join(texts: list[str]) -> str:
    """Words of one cell or line: Chinese runs together; two numbers keep a space (two values stay two)."""
    out = ""
    for text in texts:
        if out and out[-1].isascii() and out[-1].isalnum() and text[0].isascii() and text[0].isalnum():
            out += " "
        out += text
    return out


def _grid(table: Table, words: list[Word]) -> list[GridCell]:  # noqa: C901
    """The table's cells, merged cells (no rule inside them) as one, with the words whose centre is inside."""
    ys, xs = table.ys, table.xs
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner = {(i, j): (i, j) for i in range(n_rows) for j in range(n_cols)}

    def find(cell: tuple[int, int]) -> tuple[int, int]:
        while owner[cell] != cell:
            owner[cell] = owner[owner[cell]]
            cell = owner[cell]
        return cell

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            owner[max(ra, rb)] = min(ra, rb)  # the top-left cell owns the merged one

    for i in range(n_rows):
        mid_y = (ys[i] + ys[i + 1]) / 2
        for j in range(n_cols):
            mid_x = (xs[j] + xs[j + 1]) / 2
            if j + 1 < n_cols and not _covers(table.down, xs[j + 1], mid_y):
                union((i, j), (i, j + 1))
            if i + 1 < n_rows and not _covers(table.across, ys[i + 1], mid_x):
                union((i, j), (i + 1, j))
    extent: dict[tuple[int, int], list[int]] = {}
    for i, j in owner:
        root = find((i, j))
        box = extent.setdefault(root, [xs[j], ys[i], xs[j + 1], ys[i + 1]])
        box[2], box[3] = max(box[2], xs[j + 1]), max(box[3], ys[i + 1])
    cells = {
        root: GridCell(root[0], root[1], tuple(box), [], rows=ys.index(box[3]) - root[0])  # type: ignore[arg-type]
        for root, box in extent.items()
    }
    for word in words:
        x, y = word.centre
        row, col = _index(ys, y), _index(xs, x)
        if row is not None and col is not None:
            cells[find((row, col))].words.append(word)
    return sorted(cells.values(), key=lambda c: (c.row, c.col))


def _inside_rules(box: tuple[int, int, int, int], across, down) -> tuple[int, int, int, int]:
    """The part of a cell's box inside its own rules, found where they are (``across`` and ``down`` are the
    rule masks). A table's boundaries are where its rules lie on average: on a page turned by a fraction
    of a degree, or a thick rule, a cell's rule lies a few pixels off that line, and a digit printed
    against it would be cut in half by a crop at a fixed inset (a 0 read as ``)``, or not at all)."""
    import numpy as np

    x0, y0, x1, y1 = box
    t = 2 * TOLERANCE
    if x1 - x0 <= 2 * t or y1 - y0 <= 2 * t:
        return x0 + 3, y0 + 3, x1 - 3, y1 - 3
    rows, cols = slice(y0 + t, y1 - t), slice(x0 + t, x1 - t)

    def last(mask) -> int | None:  # the last index along axis 1 with a rule pixel
        hit = np.flatnonzero(mask.any(axis=0))
        return int(hit[-1]) if hit.size else None

    def first(mask) -> int | None:
        hit = np.flatnonzero(mask.any(axis=0))
        return int(hit[0]) if hit.size else None

    left, right = last(down[rows, max(0, x0 - t) : x0 + t]), first(down[rows, x1 - t : x1 + t])
    top, bottom = last(across[max(0, y0 - t) : y0 + t, cols].T), first(across[y1 - t : y1 + t, cols].T)
    margin = 3  # the rules were painted out two pixels wider than found
    return (
        x0 + 3 if left is None else max(0, x0 - t) + left + margin,
        y0 + 3 if top is None else max(0, y0 - t) + top + margin,
        x1 - 3 if right is None else x1 - t + right - margin,
        y1 - 3 if bottom is None else y1 - t + bottom - margin,
    )


def _covers(rules: list[Rule], at: int, point: float) -> bool:
    """A rule at ``at`` (within the tolerance) passes through ``point`` along its length."""
    return any(abs(r.at - at) <= TOLERANCE and r.start - TOLERANCE <= point <= r.end + TOLERANCE for r in rules)


def _index(bounds: list[int], at: float) -> int | None:
    for k in range(len(bounds) - 1):
        if bounds[k] <= at < bounds[k + 1]:
            return k
    return None
