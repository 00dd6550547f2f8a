"""Rows whose cells a crawler ran together (512000053 for 51|2|0|0|0|0|53): the digits cut into cells only
where one cut is possible, or one satisfies every identity together with the other rows.

A one-line capture keeps some spaces between cells and drops others, and drops blank cells too; the cuts
that fit a row's own sums are searched digit by digit, then tried against the other rows (``joint``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate, combinations
from typing import Any

from govfoi.findings import Finding, finding
from govfoi.parse.cuts import MAX_CUT_STATES, _cut, _leading_zero, _splits
from govfoi.parse.grid import MAX_DIGITS, Run, _show
from govfoi.parse.identities import _checked, _other_rows_unknown, _own
from govfoi.parse.joint import _joint
from govfoi.parse.narrowing import consistent, narrowed
from govfoi.parse.tokens import NUM, Token
from govfoi.template import Cell, CellValue, Identity, solve


def _run_together(values: tuple[Token, ...], n: int, anywhere: bool = False) -> bool:
    """Fewer plain-digit tokens than cells, that must hold cells run together: one token with at least a
    digit per cell (512000053 for 7 cells), or a token no count can be (00, 023: a leading zero), as when a
    crawler keeps the spaces of some cells and runs the others together (230 000023); or, in a text known
    to run cells together and drop blank ones (``anywhere``), any row of two digits or more (21115:
    2|1|1|1|5 with two blank cells)."""
    if not all(t.kind == NUM and t.text.replace(",", "").isdigit() for t in values):
        return False
    digits = sum(len(t.text) for t in values)
    if digits > n * MAX_DIGITS:
        return False  # longer than the row's cells can print: unreadable, not a run to cut
    if anywhere:  # a value and its total at least; the rest may be blank cells the text dropped
        return digits >= 2
    if len(values) == 1:
        return digits >= n
    return digits >= n and any(_leading_zero(t.text) for t in values)


def without_subtotal(values: list[Token]) -> list[Token] | None:
    """A row whose cells, 小计 among them, a crawler ran into one word (66916712700294963 for
    669|∅|167|127|0|0|294|963, the blank cell gone): the word without its 小计, left to be cut like any
    other row (669 16712700 963), so that its blank cells are sought as in any other row. The 小计 is
    总计 − 自然人 (自然人 printed or blank), printed just before 总计, and the organisations' digits before it
    add up to it. The words 自然人 | organisations | 总计 where one such reading is left, else their digits
    as one word where every reading leaves the same digits (0 as 自然人 or as the first organisation); None
    where the readings differ."""
    if len(values) != 1 or not values[0].text.isdigit():
        return None
    digits = values[0].text
    found: set[tuple[str, str, str]] = set()
    for t in range(1, min(MAX_DIGITS, len(digits) - 1) + 1):  # the total: the last t digits
        total_text, head = digits[-t:], digits[:-t]
        if _leading_zero(total_text):
            continue
        total = int(total_text)
        for n in range(min(MAX_DIGITS, len(head) - 1) + 1):  # 自然人: the first n digits (0: blank)
            natural_text = head[:n]
            if _leading_zero(natural_text):
                break
            subtotal = total - int(natural_text or 0)
            middle = head[n:]
            if subtotal < 0 or not middle.endswith(str(subtotal)):
                continue
            orgs = middle[: len(middle) - len(str(subtotal))]
            if _organisations_add_up(orgs, subtotal):
                found.add((natural_text, orgs, total_text))
    if len(found) == 1:
        words = [w for w in found.pop() if w]
    elif found and len({"".join(f) for f in found}) == 1:
        words = ["".join(found.pop())]
    else:
        return None
    line = values[0].line
    return [Token(NUM, w, line, float(w)) for w in words]


def _organisations_add_up(digits: str, subtotal: int) -> bool:
    """Whether the organisations' digits cut into one to five counts adding up to their 小计 (none: all
    blank, 小计 0)."""
    if not digits:
        return subtotal == 0
    return any(_cut(digits, {len(digits)}, [("part", 0)] * m, m, (subtotal,), limit=1) != [] for m in range(1, 6))


def _split_run_on(  # noqa: C901
    grid: dict[Cell, CellValue],
    runs: list[Run],
    identities: tuple[Identity, ...],
    table: str,
    found: list[Finding],
    empty: Sequence[Run] = (),
) -> None:
    """Rows whose cells a crawler ran together (512000053 for 51|2|0|0|0|0|53): a split is taken only
    when it is the one way to cut the digits (0000000), or the one way that satisfies every identity
    together with the other rows; otherwise the cells stay null with an ``ambiguous_split`` error listing
    the candidates. Never a guess."""
    # A row with one way to cut its digits takes it whatever the sums say (the checks then report a sum the
    # report itself breaks); the others are cut as the row's own sums allow, then tried against the rest.
    # Unless the digits also read with blank cells gone from beside them, whether the one cut adds up or not
    # (0171018: 0|17|∅|1|0|∅|18; table 四's 001121511801113 adds up digit by digit, and as
    # 0|∅|0|1|1, ∅|2|15|1|18, 0|1|1|1|3 too); a report's own slip (3000000: 3|0|0|0|0|0|0, total 0 as
    # printed), with no other reading, is kept as printed.
    splits = [_splits(tuple(t.text for t in run.values), len(run.slots), limit=1) for run in runs]
    splits = [
        None if c is not None and len(c) == 1 and _with_blanks(run, [], identities) != {} else c
        for run, c in zip(runs, splits, strict=True)
    ]
    candidates: list[list[tuple[float, ...]] | None] = list(splits)
    open_runs = [k for k, c in enumerate(splits) if c is None or len(c) != 1]
    known = _other_rows_unknown(grid, [runs[k] for k in open_runs])
    for k, c in enumerate(splits):
        if k not in open_runs:
            known.update(zip(runs[k].slots, c[0]))  # type: ignore[index]
    for k in open_runs:
        run = runs[k]
        own = tuple(
            (tuple(run.slots.index(c) for c in i.parts), tuple(run.slots.index(c) for c in i.whole))
            for i in _own(run, identities)
        )
        options = _splits(tuple(t.text for t in run.values), len(run.slots), own)
        if options is not None:
            candidates[k] = [v for v in options if solve({**known, **dict(zip(run.slots, v))}, identities) is not None]
    searched = [k for k in open_runs if candidates[k] is not None]
    gaps: dict[int, dict[tuple[float, ...], set[int]] | None] = {}  # run → reading → its cells that were blank
    complete: set[int] = set()  # runs whose candidates are every reading they may have: cells they agree on are read
    if searched and (len(searched) > 1 or not candidates[searched[0]]):
        rows = [runs[k] for k in searched]
        whole = narrowed(rows, [candidates[k] for k in searched], known, identities)  # type: ignore[misc]
        surviving = _joint(rows, whole, known, identities)
        kept: list[Any] = surviving or []  # readings of whole numbers (no None in them), by row
        if surviving is not None and all(surviving):
            complete.update(searched)
        else:
            # No reading of every row into whole rows fits: text that runs cells together also drops the
            # blank ones (0191029 0220: 0|191|0|29|0|∅|220), so rows are tried with blank cells too.
            # Rows with no digits at all (labels running into the next label) are then rows of blanks.
            # A row with too many such readings is left out, its cells unknown to the others' sums.
            gaps = {k: _with_blanks(runs[k], candidates[k], identities) for k in searched}  # type: ignore[arg-type]
            tried = [k for k in searched if gaps[k] is not None]
            known_blank = known | {c: 0.0 for run in empty for c in run.slots}
            rows = [runs[k] for k in tried]
            fewer = narrowed(rows, [sorted(gaps[k]) for k in tried], known_blank, identities)  # type: ignore[arg-type]
            blanks = _joint(rows, fewer, known_blank, identities)
            if blanks is not None and all(blanks):
                joint = dict(zip(tried, blanks, strict=True))
                kept = [joint.get(k) for k in searched]
            elif blanks is None and all(fewer) and consistent(rows, fewer, known_blank, identities):
                # The search ran out of work, but the table has a reading: each row keeps the readings that
                # every identity alone allows (narrowed, with rows left out unknown).
                by_row = dict(zip(tried, fewer, strict=True))
                kept = [by_row.get(k) for k in searched]
            else:  # no joint reading: each row keeps the readings its own sums allow, blanks or not
                kept = [gaps[k] for k in searched]
            complete.update(tried)
        for k, keep in zip(searched, kept, strict=True):
            candidates[k] = None if keep is None else sorted(keep)  # None: too many ways to try
    else:  # one row, read on its own: with blank cells too, which its whole readings alone would not rule out
        for k in searched:
            gaps[k] = _with_blanks(runs[k], candidates[k], identities)  # type: ignore[arg-type]
            slots = runs[k].slots
            candidates[k] = (
                None
                if gaps[k] is None
                else [v for v in sorted(gaps[k]) if solve({**known, **dict(zip(slots, v))}, identities) is not None]  # type: ignore[arg-type]
            )
        complete.update(searched)  # every reading its sums and the other rows' values allow
    for k, (run, options) in enumerate(zip(runs, candidates, strict=True)):
        digits = " ".join(t.text for t in run.values)
        line = run.values[0].line
        beside_blanks = not _checked(run, identities) and _beside_blanks(run)
        readings = gaps.get(k) or {}
        if options is not None and len(options) == 1 and not beside_blanks:
            blank = readings.get(options[0], set())
            grid.update(
                {c: CellValue(v, line, imputed=j in blank) for j, (c, v) in enumerate(zip(run.slots, options[0]))}
            )
            shown = f" with {len(blank)} blank cell(s) read as 0" if blank else ""
            found.append(
                finding(
                    "run_together_split",
                    table=table,
                    row=run.key,
                    line=line,
                    detail=f"{digits} read as {_show(options[0])}{shown}",
                )
            )
            continue
        agreed = _agreed(options, readings, line) if k in complete and options and _checked(run, identities) else {}
        grid.update({c: agreed.get(j, CellValue(None, line)) for j, c in enumerate(run.slots)})
        if options is None:
            detail = f"{digits}: too many ways to split it into {len(run.slots)} values"
        elif not options:
            detail = f"{digits}: no split into {len(run.slots)} values satisfies the identities"
        else:
            more = f"; … ({len(options)} in all)" if len(options) > 20 else ""
            shown = "; ".join(_show(v) for v in options[:20]) + more
            unchecked = "" if _checked(run, identities) else "; no identity checks this row"
            alternative = f", or {digits} beside blank cells" if beside_blanks else ""
            read = ", ".join(c[1] if c[0] == run.key else ".".join(c) for c in (run.slots[j] for j in sorted(agreed)))  # type: ignore[arg-type]
            read = f"; read where every one agrees: {read}" if read else ""
            detail = f"{digits} could be {shown}{alternative}{unchecked}{read}"
        found.append(finding("ambiguous_split", table=table, row=run.key, line=line, detail=detail))


def _agreed(
    options: list[tuple[float, ...]], readings: dict[tuple[float, ...], set[int]], line: int | None
) -> dict[int, CellValue]:
    """The cells (by position) on which every reading of a row agrees, as read: a row left with several
    readings keeps these, the others null (11|0|0|5|16 or 11|0|5|0|16 settle 11 and 16, not where the 5
    is). A 0 is marked imputed where any reading of the row has a blank cell there: ``options`` may be
    only enough readings to tell which cells agree (the solver's), not every one."""
    out: dict[int, CellValue] = {}
    for j, value in enumerate(options[0]):
        if all(o[j] == value for o in options):
            blank = value == 0 and any(j in cells for cells in readings.values())
            out[j] = CellValue(value, line, imputed=blank)
    return out


def _beside_blanks(run: Run) -> bool:
    """Whether the words could also be fewer values, beside blank cells the text dropped: every word one
    count as printed (204 for two cells: 204 and a blank, or 20|4), or a cut into fewer values (012 for
    three cells: 0|1|2, or 0|12 beside a blank). In a row no sum checks (table 二), one way to cut the
    words into every cell then settles nothing."""
    words = tuple(t.text for t in run.values)
    if not any(_leading_zero(w) for w in words):
        return True
    return any(_splits(words, m, limit=1) != [] for m in range(len(words), len(run.slots)))


MAX_BLANK_READINGS = 2_000  # readings of one run-together row with blank cells (more: not tried)


def _with_blanks(
    run: Run,
    whole: list[tuple[float, ...]],
    identities: tuple[Identity, ...],
) -> dict[tuple[float, ...], set[int]] | None:
    """A run-together row's readings (reading → the cells that may have been blank): its readings into every cell
    (``whole``), then into fewer values that add up (the total last), seated in order among the cells
    before the total with the others blank (adding 0). For a row whose one sum is its last cell the total
    of all the others, as every row of table 三 is, and a row of several sums each its parts then its whole
    (table 四, ``_groups_with_blanks``); for any other row, ``whole`` alone. None when there are more than
    ``MAX_BLANK_READINGS``: a row whose readings are not all known is not read."""
    out: dict[tuple[float, ...], set[int]] = {v: set() for v in whole}
    n = len(run.slots)
    own = _own(run, identities)
    if len(own) > 1:
        return _groups_with_blanks(run, own, out)
    if len(own) != 1 or own[0].whole != run.slots[-1:] or set(own[0].parts) != set(run.slots[:-1]):
        return out
    words = tuple(t.text for t in run.values)
    for m in range(n - 1, 1, -1):
        cuts = _splits(words, m, ((tuple(range(m - 1)), (m - 1,)),), limit=MAX_BLANK_READINGS)
        if cuts is None:
            return None
        for cut in cuts:
            for seats in combinations(range(n - 1), m - 1):
                vector = [0.0] * n
                for seat, value in zip(seats, cut):
                    vector[seat] = value
                vector[-1] = cut[-1]
                blank = set(range(n - 1)) - set(seats)
                if not cut[-1]:
                    blank.add(n - 1)  # a row of zeros with cells dropped: its total may be one of the blanks
                out.setdefault(tuple(vector), set()).update(blank)  # a 0 that may be printed or blank: imputed
                if len(out) > MAX_BLANK_READINGS:
                    return None
    return out


def _wholes(run: Run, own: list[Identity]) -> set[int] | None:
    """The positions of a row's wholes, where its sums are each a run of parts then their whole, one after
    the other (table 四: three groups of four results and their 总计); None for any other layout."""
    index = {c: j for j, c in enumerate(run.slots)}
    wholes, start = set(), 0
    for ident in sorted(own, key=lambda i: min(index[c] for c in i.cells)):
        parts = sorted(index[c] for c in ident.parts)
        if len(ident.whole) != 1 or parts != list(range(start, start + len(parts))):
            return None
        start += len(parts)
        if index[ident.whole[0]] != start:
            return None
        wholes.add(start)
        start += 1
    return wholes if start == len(run.slots) else None


def _pieces(digits: str, pos: int, ends: list[int], whole: int | None) -> list[str]:
    """What a cell may hold at ``pos`` of a row's digits: a whole, the sum of its parts (printed, so the
    digits there, or blank if it is 0); a part, blank or a count cut from the word there."""
    word_end = next((e for e in ends if e > pos), pos)
    if whole is not None:
        printed = str(whole)
        return ([printed] if digits.startswith(printed, pos) and pos + len(printed) <= word_end else []) + (
            [""] if whole == 0 else []
        )
    counts = [digits[pos:end] for end in range(pos + 1, min(word_end, pos + MAX_DIGITS) + 1)]
    return ["", *(counts[:1] if counts and counts[0] == "0" else counts)]  # no count but 0 begins with 0


def _groups_with_blanks(
    run: Run, own: list[Identity], out: dict[tuple[float, ...], set[int]]
) -> dict[tuple[float, ...], set[int]] | None:
    """``_with_blanks`` for a row of several sums, each its parts then its whole (table 四): the words cut
    into values seated in order, every other cell blank (adding 0), each whole the sum of its parts (blank
    only where that sum is 0). Each reading is added to ``out`` with its blank cells; None when there are
    more than ``MAX_BLANK_READINGS``. A row whose sums are laid out otherwise keeps ``out`` as given.

    Whether the digits from a position can fill the cells from a cell on (with the sum of the group so far)
    is memoised, so only seatings that lead to a reading are followed."""
    wholes = _wholes(run, own)
    if wholes is None:
        return out
    if any("," in t.text for t in run.values):
        return None  # a thousands comma (1,234): its readings with blanks are not listed here
    try:
        return _seatings(run, wholes, out)
    except _TooLongError:
        return None  # a hostile row of a hundred digits: not listed


def _seatings(
    run: Run, wholes: set[int], out: dict[tuple[float, ...], set[int]]
) -> dict[tuple[float, ...], set[int]] | None:
    """The search of ``_groups_with_blanks``, given where the row's wholes stand; raises ``_TooLongError``
    past ``MAX_CUT_STATES``."""
    digits = "".join(t.text for t in run.values)
    ends = list(accumulate(len(t.text) for t in run.values))  # a space between words is always a cut
    n = len(run.slots)

    def options(cell: int, pos: int, total: int) -> list[tuple[str, int]]:
        """Each piece the cell may hold here, with the group's sum after it."""
        if cell in wholes:
            return [(piece, 0) for piece in _pieces(digits, pos, ends, total)]
        return [(piece, total + int(piece or 0)) for piece in _pieces(digits, pos, ends, None)]

    known: dict[tuple[int, int, int], bool] = {}

    def fills(cell: int, pos: int, total: int) -> bool:
        """Whether the digits from ``pos`` on fill the cells from ``cell`` on (memoised, bounded)."""
        key = (cell, pos, total)
        if key not in known:
            if len(known) >= MAX_CUT_STATES:
                raise _TooLongError
            known[key] = (
                pos == len(digits)
                if cell == n
                else any(fills(cell + 1, pos + len(piece), after) for piece, after in options(cell, pos, total))
            )
        return known[key]

    def seat(cell: int, pos: int, total: int, values: tuple[float, ...], blank: tuple[int, ...]) -> bool:
        """Every reading from here on added to ``out``; False when they are too many."""
        if cell == n:
            out.setdefault(values, set()).update(blank)
            return len(out) <= MAX_BLANK_READINGS
        return all(
            seat(cell + 1, pos + len(piece), after, (*values, float(piece or 0)), blank if piece else (*blank, cell))
            for piece, after in options(cell, pos, total)
            if fills(cell + 1, pos + len(piece), after)
        )

    return out if seat(0, 0, 0, (), ()) else None


class _TooLongError(Exception):
    """A search for a row's readings with blank cells past ``MAX_CUT_STATES``."""
