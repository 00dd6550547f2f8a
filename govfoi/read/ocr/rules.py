"""The ruled tables of a page: its ruling lines found as long runs of dark pixels, grouped into tables.

A table's rows are the bands between its horizontal rules and its columns the gaps between vertical ones;
a printed border is painted out before Tesseract reads the page, so that it cannot be read as a digit.
"""

from __future__ import annotations

from dataclasses import dataclass


def _runs(dark, length: int, axis: int):
    """Pixels inside a straight run of at least ``length`` dark pixels along ``axis`` (a morphological
    opening with a line, by cumulative sums)."""
    import numpy as np

    a = dark if axis == 1 else dark.T
    padded = np.zeros((a.shape[0], a.shape[1] + 1), dtype=np.int32)
    np.cumsum(a, axis=1, out=padded[:, 1:])
    full = (padded[:, length:] - padded[:, :-length]) == length  # the window starting here is all dark
    starts = np.zeros((a.shape[0], full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    j = np.arange(a.shape[1])
    lo, hi = np.clip(j - length + 1, 0, full.shape[1]), np.clip(j + 1, 0, full.shape[1])
    covered = (starts[:, hi] - starts[:, lo]) > 0
    return covered if axis == 1 else covered.T


def _grow(mask):
    """The mask one pixel wider each way: the grey fringe of a rule, left behind, reads as a stroke."""
    out = mask.copy()
    out[1:, :] |= mask[:-1, :]
    out[:-1, :] |= mask[1:, :]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    return out


@dataclass(frozen=True)
class Rule:
    at: int  # y of a horizontal rule, x of a vertical one
    start: int
    end: int


def _segments(mask, axis: int, gap: int = 4) -> list[Rule]:
    """The rules in a mask of rule pixels: bands of adjacent rows (columns) with their covered spans."""
    import numpy as np

    a = mask if axis == 1 else mask.T
    hit = np.flatnonzero(a.any(axis=1))
    rules: list[Rule] = []
    for band in np.split(hit, np.flatnonzero(np.diff(hit) > 1) + 1) if hit.size else []:
        covered = a[band[0] : band[-1] + 1].any(axis=0)
        xs = np.flatnonzero(covered)
        at = int(band.mean())
        for piece in np.split(xs, np.flatnonzero(np.diff(xs) > gap) + 1):
            rules.append(Rule(at, int(piece[0]), int(piece[-1])))
    return rules


@dataclass
class Table:
    """A ruled table: its row boundaries (y), column boundaries (x), and the rules drawn between them."""

    ys: list[int]
    xs: list[int]
    across: list[Rule]
    down: list[Rule]

    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


TOLERANCE = 6  # pixels: where a rule meets another, and how far a rule may wander from its line


def _tables(across: list[Rule], down: list[Rule]) -> list[Table]:
    """Group the rules that touch each other into tables (at least two rules each way)."""
    t = TOLERANCE
    parent = list(range(len(across) + len(down)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(across):
        for j, v in enumerate(down):
            if h.start - t <= v.at <= h.end + t and v.start - t <= h.at <= v.end + t:
                parent[find(i)] = find(len(across) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(across):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(down):
        groups.setdefault(find(len(across) + j), ([], []))[1].append(v)
    tables = []
    for hs, vs in groups.values():
        if len(hs) >= 2 and len(vs) >= 2:
            tables.append(Table(_open_ends(_positions([h.at for h in hs]), vs), _positions([v.at for v in vs]), hs, vs))
    return sorted(tables, key=lambda table: table.ys[0])


OPEN_ROW = 20  # pixels: a row without its top or bottom rule is at least a line of text high


def _open_ends(ys: list[int], down: list[Rule]) -> list[int]:
    """The row boundaries with the table's open ends closed: a table that goes on from the previous page
    (or onto the next) may be printed without its top (bottom) rule, its columns' rules running on past the
    first (last) rule across; the row there is a row all the same (5.属于三类内部事务信息 at the top of a
    page, read as prose and lost)."""
    top, bottom = min(v.start for v in down), max(v.end for v in down)
    if ys[0] - top >= OPEN_ROW:
        ys = [top, *ys]
    if bottom - ys[-1] >= OPEN_ROW:
        ys = [*ys, bottom]
    return ys


def _positions(values: list[int]) -> list[int]:
    """Distinct positions, those within the tolerance of each other taken as one."""
    out: list[int] = []
    for v in sorted(values):
        if out and v - out[-1] <= TOLERANCE:
            continue
        out.append(v)
    return out
