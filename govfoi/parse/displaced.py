"""Table 三 read by order where some totals were printed out of place: every cell printed, none blank.

A PDF's text (pdftotext, one cell a line) sorts cells by height: a 总计 centred in a tall row comes out
before its row's other values, or a few rows later, after a label that wraps over several lines. The order
cut (``order.py``) then finds no cut, for a row whose total is elsewhere does not add up. Here each row is
its values in print order, its total either in place, first, or moved: a total the row owes is the value
its parts add up to, met later in the stream; a value met before its row (a total, or a first value printed
beside its label) is held until a row takes it as its first value or adds up to it. Each move costs one,
but for a row's first value alone on a line of label text, met after the row's other values or between
them and its total (after the 小计 where there is one): pdftotext prints a row's 自然人 beside the row's
label, and a run of labels (wrapped over several lines each) after the values of their rows. Where the
piece of label on a value's line names one row (1.属于国家 1927), the value is that row's first and no other
row's value: twelve first values of 0 and 1 beside a run of labels then have one place each, not many.

Only where the table printed every cell (as many numbers as cells: a blank would leave the moves open),
reading with the fewest moves, and only when exactly one table that satisfies every identity is read with
that few or with one more. The fewest moves alone is a guess: in tables of small counts (rows of 0s and
1s) a value moved to another row can satisfy every identity with fewer moves than the printed table
needed. The rows are then seated and judged by the cell reader like any cut.
"""

from __future__ import annotations

from typing import NamedTuple

from govfoi.parse.tokens import Token
from govfoi.template import Identity

MAX_MOVES = 10  # values printed out of place in one table: past a few, too many tables fit
MAX_HELD = 2  # values printed before their row, held at once
MAX_STEPS = 40_000  # search steps, counted rather than timed: a bound on the work for one table


class Moved(NamedTuple):
    """Table 三's rows read with values out of place, and the rows whose total or first value was moved."""

    rows: dict[str, tuple[Token, ...]]
    moved: tuple[str, ...]


class _SpentError(Exception):
    """The step bound was reached: no reading."""


def read_displaced(
    values: list[Token],
    codes: tuple[str, ...],
    width: int,
    subtotal: bool,
    identities: tuple[Identity, ...],
    cells: dict[str, tuple[tuple[str, str], ...]],
    beside: list[bool] | None = None,
    named: list[int | None] | None = None,
) -> Moved | None:
    """Rows ``codes`` read from ``values`` with the fewest values moved; None when the table has a blank,
    no reading fits, or two that satisfy ``identities`` (cells of each row: ``cells``) differ. ``beside``:
    which values stand alone on a line of label text, where a row's first value owed is met at no cost;
    ``named``: the row (index in ``codes``) a value's line names by a piece of its label, that row's first.
    Those free moves make a larger search: where it reaches its step bound, the table is read again without
    them, a search with a bound of its own (tables that took many moves are still read)."""
    if len(values) != len(codes) * width or any(t.value is None for t in values):
        return None
    plain = [False] * len(values)
    for marks in [beside, plain] if beside and any(beside) else [plain]:
        try:
            return _fewest_moves(
                _Search(values, len(codes), width, subtotal, marks, named), codes, subtotal, identities, cells
            )
        except _SpentError:
            continue
    return None


def _fewest_moves(
    search: _Search,
    codes: tuple[str, ...],
    subtotal: bool,
    identities: tuple[Identity, ...],
    cells: dict[str, tuple[tuple[str, str], ...]],
) -> Moved | None:
    """The one table read with the fewest moves when no other is read with one move more; raises
    ``_SpentError`` at the step bound."""
    for budget in range(MAX_MOVES + 1):  # the fewest moves whose readings satisfy every identity
        tables = _tables(search.readings(budget), codes, subtotal, identities, cells)
        if tables:
            break
    else:
        return None
    if len(tables) == 1:  # a second table with one move more is a second reading
        for table, reading in _tables(search.readings(budget + 1), codes, subtotal, identities, cells).items():
            tables.setdefault(table, reading)
    if len(tables) != 1:
        return None
    rows, moved = next(iter(tables.values()))
    return Moved(dict(zip(codes, rows)), tuple(codes[r] for r in sorted(set(moved))))


Reading = tuple[tuple[tuple[Token, ...], ...], tuple[int, ...]]  # the rows' values, the rows moved
# Values rows above still lack: (value, row, whether it is the row's first, whether it is to be met beside a label)
Owed = tuple[tuple[float, int, bool, bool], ...]


def _tables(
    readings: list[Reading],
    codes: tuple[str, ...],
    subtotal: bool,
    identities: tuple[Identity, ...],
    cells: dict[str, tuple[tuple[str, str], ...]],
) -> dict[tuple[float | None, ...], Reading]:
    """The readings that satisfy every identity, one per table of values they read (its cells row by row).
    Many readings are one table moved differently: each table is checked once."""
    index = {cell: k for k, cell in enumerate(cell for code in codes for cell in cells[code])}
    checks = [
        ([index[c] for c in i.parts], [index[c] for c in i.whole])
        for i in identities
        if all(c in index for c in (*i.parts, *i.whole))
    ]
    tables: dict[tuple[float | None, ...], Reading] = {}
    seen: set[tuple[float | None, ...]] = set()
    for rows, moved in readings:
        table = tuple(t.value for row in rows for t in _seated(row, subtotal))
        if table in seen:
            continue
        seen.add(table)
        if all(abs(sum(table[k] for k in parts) - sum(table[k] for k in whole)) < 1e-9 for parts, whole in checks):  # type: ignore[misc]
            tables[table] = (rows, moved)
    return tables


def _adds(middle: list[Token], subtotal: bool) -> float | None:
    """What a row's middle adds to its first value to make its total; None when its 小计 (last) is not the
    sum of the organisations before it."""
    numbers = [t.value for t in middle]
    if not subtotal:
        return sum(numbers)  # type: ignore[arg-type]
    return numbers[-1] if sum(numbers[:-1]) == numbers[-1] else None  # type: ignore[arg-type]


def _seated(row: tuple[Token, ...], subtotal: bool) -> tuple[Token, ...]:
    """A row's values as its cells hold them: with a 小计 column, without the subtotal."""
    return row[:-2] + row[-1:] if subtotal else row


class _Search:
    """Depth-first over the rows: each row's values in order, its first value printed or held, its total in
    place, first, owed (met later) or held (met earlier); each move costs one, up to a budget. The rows read
    so far and the rows moved are the path's own stacks (``read``, ``moved``), pushed and popped as it goes."""

    def __init__(
        self,
        values: list[Token],
        rows: int,
        width: int,
        subtotal: bool,
        beside: list[bool],
        named: list[int | None] | None = None,
    ) -> None:
        self.values, self.rows, self.width, self.subtotal, self.beside = values, rows, width, subtotal, beside
        # The row a value's line names by a piece of its label (1.属于国家 1927), where it names one: that
        # row's first value (its 自然人, printed beside its label), never another row's nor a middle or total.
        self.named = named or [None] * len(values)
        self._name = {id(t): k for t, k in zip(values, self.named)}
        self.any_named = any(k is not None for k in self.named)
        # unnamed[i]: none of a row's middle from i on (width - 2 values) is named
        self.unnamed = [all(k is None for k in self.named[i : i + width - 2]) for i in range(len(values) + 1)]
        self.later: list[frozenset[float | None]] = [frozenset()] * (len(values) + 1)
        self.later_beside: list[frozenset[float | None]] = [frozenset()] * (len(values) + 1)
        self.left_beside = [0] * (len(values) + 1)  # how many values beside a label from i on
        for i in range(len(values) - 1, -1, -1):  # the values printed from i on (beside a label)
            self.later[i] = self.later[i + 1] | {values[i].value}
            self.later_beside[i] = self.later_beside[i + 1] | ({values[i].value} if beside[i] else set())
            self.left_beside[i] = self.left_beside[i + 1] + beside[i]
        # What the values printed from each start add to a row's first value to make its total: a row's
        # middle (the organisations, and with a 小计 column the subtotal, which must be their sum); None
        # where they cannot be a middle.
        m = width - 2
        self.adds: list[float | None] = [
            _adds(values[start : start + m], subtotal) for start in range(len(values) - m + 1)
        ]
        self.steps = 0
        self.dead: dict[tuple[object, ...], int] = {}  # state → the most moves with which none completes
        # (where the walk is, the values owed to each row, held, the rows read so far as values) → the most
        # moves with which it was searched, in this budget's walk: the same again completes to the same tables.
        self.searched: dict[tuple[object, ...], int] = {}
        self.completed = 0  # readings found, and searches skipped above that had found some
        self.read: list[tuple[Token, ...]] = []  # the path's rows so far
        self.read_values: list[tuple[float | None, ...]] = []  # and their values
        self.moved: list[int] = []  # the path's rows with a value moved

    def readings(self, budget: int) -> list[Reading]:
        self.out: list[Reading] = []
        self.searched = {}
        self._walk(0, 0, (), (), budget)
        return self.out

    def _walk(self, r: int, i: int, owed: Owed, held: tuple[Token, ...], budget: int) -> None:
        # Rows owing the same value read the same, unless labels name rows: then a first value owed is met
        # only beside its own row's label (or one that names none).
        owing = tuple(sorted((v, f, a, row if f and self.any_named else -1) for v, row, f, a in owed))  # type: ignore[type-var]
        state = (r, i, owing, tuple(sorted(self._key(t) for t in held)))  # type: ignore[type-var]
        if budget <= self.dead.get(state, -1):
            return
        if any(v not in (self.later_beside if a else self.later)[i] for v, _, _, a in owed):
            return  # a value owed is printed nowhere further on
        # Rows read to the same values (a row of 0s read in place or with its total first) reaching the
        # same point complete to the same tables: searched once, with the most moves left. Keyed on the
        # values owed with the row owing each, not on ``state`` (which leaves that row out where no label
        # names one): the row that owes a value is the row it completes.
        path = (i, tuple(sorted(owed)), state[3], tuple(self.read_values))  # type: ignore[type-var]
        if budget <= self.searched.get(path, -1):
            self.completed += 1  # only a search that completed is remembered (a failed one is dead)
            return
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _SpentError
        found = self.completed
        self._expand(r, i, owed, held, budget)
        if self.completed == found:  # nothing from here with this budget (or less), whatever came before
            self.dead[state] = budget
        else:
            self.searched[path] = budget

    def _expand(self, r: int, i: int, owed: Owed, held: tuple[Token, ...], budget: int) -> None:
        values, n = self.values, len(self.values)
        if r == self.rows and i == n and not owed and not held:
            self.out.append((tuple(self.read), tuple(self.moved)))
            self.completed += 1
            return
        if i < n:
            self._meet_owed(r, i, owed, held, budget)
        if r == self.rows:
            return
        for early in (False, True):  # the total printed before the row's other values, or not
            if early and (budget == 0 or i >= n):
                continue
            start = i + early
            for k in (None, *self._distinct(held)):  # the row's first value: the next printed, or one held
                if k is None and start >= n:
                    continue
                first, left = (values[start], held) if k is None else (held[k], held[:k] + held[k + 1 :])
                early_total = values[i] if early else None
                move = early or k is not None
                self._row(r, start + (k is None), first, early_total, owed, left, budget - early, move)
        self._owe_first(r, i, owed, held, budget)
        if budget and i < n and len(held) < MAX_HELD:  # this value belongs to a later row, printed early
            self._walk(r, i + 1, owed, (*held, values[i]), budget - 1)

    def _meet_owed(self, r: int, i: int, owed: Owed, held: tuple[Token, ...], budget: int) -> None:
        """The value at ``i`` as the total or first value a row above owes (of the rows owing that value to
        be met beside a label, or anywhere, the first: the others read the same; but where labels name rows,
        a first value owed is met only at its own row's name or none, so each row's first is tried)."""
        met: set[tuple[bool, int]] = set()
        named = self.named[i]
        for k, (value, row, first, anchored) in enumerate(owed):
            key = (anchored, row if first and self.any_named else -1)
            if (
                self.values[i].value == value
                and key not in met
                and (self.beside[i] or not anchored)
                and (named is None or (first and named == row))
            ):
                met.add(key)
                kept, kept_values = self.read[row], self.read_values[row]
                self.read[row] = (self.values[i], *kept) if first else (*kept, self.values[i])
                self.read_values[row] = (value, *kept_values) if first else (*kept_values, value)
                self._walk(r, i + 1, owed[:k] + owed[k + 1 :], held, budget)
                self.read[row], self.read_values[row] = kept, kept_values

    def _owe_first(self, r: int, i: int, owed: Owed, held: tuple[Token, ...], budget: int) -> None:
        """Row ``r`` printed from ``i`` without its first value, which its total less the rest says, met
        further on (the 自然人 column of a few rows printed as a block after them): beside a label at no
        cost, anywhere for one move. Or printed beside its label between the rest and the total."""
        values, w = self.values, self.width
        if i + w - 1 > len(values) or (adds := self.adds[i]) is None or not self.unnamed[i]:
            return
        end = i + w - 2  # the rest's total; or the first value, printed after the middle and before the total
        first = values[end].value - adds  # type: ignore[operator]
        rest = tuple(values[i : end + 1])
        if (
            self.beside[end]
            and self.named[end] in (None, r)
            and end + 1 < len(values)
            and self.named[end + 1] is None
            and values[end].value + adds == values[end + 1].value  # type: ignore[operator]
        ):
            self._next(r, end + 2, owed, held, budget, (values[end], *values[i:end], values[end + 1]), True)
        # Met beside a label at no cost only where the row's rest does not begin beside one (a row whose
        # first printed value stands on a label's line has its first value in place), each at its own value.
        if self.named[end] is not None:
            return  # the rest's total would be a value beside a label
        anchored = sum(a for *_, a in owed)
        free = not self.beside[i] and anchored < self.left_beside[end + 1]
        if free and first >= 0 and first in self.later_beside[end + 1]:
            self._next(r, end + 1, (*owed, (first, r, True, True)), held, budget, rest, True)
        if budget and first >= 0 and first in self.later[end + 1]:
            self._next(r, end + 1, (*owed, (first, r, True, False)), held, budget - 1, rest, True)

    def _row(
        self,
        r: int,
        start: int,
        first: Token,
        early: Token | None,
        owed: Owed,
        held: tuple[Token, ...],
        budget: int,
        move: bool,
    ) -> None:
        """Row ``r``: ``first``, the values printed from ``start`` on, and its total: ``early`` (printed
        before them), the next value, one held, or owed (met further on)."""
        values, n, w = self.values, len(self.values), self.width
        if start + w - 2 > n or (adds := self.adds[start]) is None or not self.unnamed[start]:
            return
        if self._name.get(id(first)) not in (None, r) or (early is not None and self._name.get(id(early)) is not None):
            return  # a value beside a label is its own row's first value, no other row's, and no total
        parts = (first, *values[start : start + w - 2])
        total = first.value + adds  # type: ignore[operator]
        end = start + w - 2
        if early is not None:
            if early.value == total:
                self._next(r, end, owed, held, budget, (*parts, early), True)
            return
        if end < n and values[end].value == total and self.named[end] is None:  # in place
            self._next(r, end + 1, owed, held, budget, (*parts, values[end]), move)
        for k in self._distinct(held):  # printed before its row, held (the move was paid for then)
            if held[k].value == total and self._name.get(id(held[k])) is None:
                self._next(r, end, owed, held[:k] + held[k + 1 :], budget, (*parts, held[k]), True)
        if budget and total in self.later[end]:  # owed: met further on
            self._next(r, end, (*owed, (total, r, False, False)), held, budget - 1, parts, True)

    def _key(self, t: Token) -> tuple[float | None, int]:
        """A held value as the search tells it apart: its value, and the row its label names (-1: none)."""
        name = self._name.get(id(t))
        return (t.value, -1 if name is None else name)

    def _distinct(self, held: tuple[Token, ...]) -> list[int]:
        """The indices of the held values, one for each (value, named row): the same twice reads the same."""
        if len(held) < 2:
            return list(range(len(held)))
        seen: set[tuple[float | None, int]] = set()
        return [k for k, t in enumerate(held) if not ((key := self._key(t)) in seen or seen.add(key))]  # type: ignore[func-returns-value]

    def _next(
        self, r: int, i: int, owed: Owed, held: tuple[Token, ...], budget: int, row: tuple[Token, ...], move: bool
    ) -> None:
        """Row ``r`` read as ``row`` (``move``: with a value moved); the walk goes on from ``i``."""
        self.read.append(row)
        self.read_values.append(tuple(t.value for t in row))
        if move:
            self.moved.append(r)
        self._walk(r + 1, i, owed, held, budget)
        self.read.pop()
        self.read_values.pop()
        if move:
            self.moved.pop()
