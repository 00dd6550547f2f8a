"""Table 三 (applications received and handled): read by its row labels, else by template order where the
labels leave an error, with its 法人或其他组织 小计 column checked and dropped and (六)其他处理 read as one row or
two.

Table 三 is the one table read two ways: text that other tools made cuts, wraps or misplaces its labels, so
its numbers are also cut into rows by their sums (``order.py``), and the reading that reads more cells (or as
many, with fewer errors) is taken; this module owns that choice, ``report`` the rest of a report.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from itertools import product

from govfoi.check.validate import table_checks
from govfoi.codes import APPLICANTS, OUTCOMES
from govfoi.findings import ERROR, Finding, finding
from govfoi.labels import row_holding
from govfoi.parse.cells import place
from govfoi.parse.columns import blanks_from_columns
from govfoi.parse.displaced import read_displaced
from govfoi.parse.grid import _run
from govfoi.parse.order import Cut, label_numbers, read_by_order, table_values, token_keys
from govfoi.parse.rows import Row, _note_repairs, read_rows
from govfoi.parse.run_together import without_subtotal
from govfoi.parse.seating import work_spent
from govfoi.parse.tokens import BAD, BLANK, CJK, NUM, TEXT, Token, tokenize
from govfoi.template import Cell, CellValue, application_identities, application_slots


def read_applications(
    lines: list[str], section: tuple[int, int], run_together: bool
) -> tuple[dict[Cell, CellValue], list[Finding], bool]:
    """Table 三: read by its labels, and where that leaves an error, by template order (``order.py``), taken
    where it reads more cells (``_better``) with no errors but those ``_by_order`` allows. Returns its cells,
    its findings and whether (六)其他处理 is one row."""
    subtotal = "小计" in "\n".join(lines[slice(*section)])  # a 法人或其他组织 小计 column
    width = len(APPLICANTS) + subtotal
    tokens = tokenize(lines if run_together else blanks_from_columns(lines, *section, width), *section)
    rows = read_rows(tokens, "applications", OUTCOMES, width=width)
    single_other = bool(rows.get("other") and rows["other"].single)
    label_rows = {c: Row(r.code, r.line, list(r.values)) for c, r in rows.items()} if subtotal else rows
    grid, found = _applications_grid(rows, _codes(single_other), single_other, subtotal, run_together)
    values = None if run_together or not any(f.severity == ERROR for f in found) else table_values(tokens)
    # By order: as many rows as the labels say (2019: (六)其他处理 one row), else as many as the other era has
    # (labels too broken to tell): the row sums allow a cut into one of them at most, as a rule. Where the
    # labels took (六)其他处理 for one row (its group label with values after it) but the table names a row
    # only the split (六) has (1.申请人无正当理由…, 2.申请人逾期未按收费…, before （七）总计), only the split
    # rows are cut: a one-row cut then moves rows' values up a row, and a column's sum is the same whichever
    # row holds a value. (Labels that said split still try one row: where the split rows print nothing, that
    # cut's rows are the printed ones.)
    # A cut whose rows each add up but whose table does not (a total moved to where it makes another row add
    # up) is followed by the reading with totals out of place, which must satisfy every identity.
    end = rows["processed_total"].line if "processed_total" in rows else section[1]
    split = (
        values is not None  # (only a table read by order needs it: a clean label reading is taken as it is)
        and single_other
        and any(
            t.kind == TEXT and t.line < end and row_holding("applications", t.text) in SINGLE_OTHER_PARTS
            for t in tokens
        )
    )
    eras = ((not single_other,) if split else (single_other, not single_other)) if values else ()
    for single in eras:
        assert values  # the loop runs only when there are values
        codes = _codes(single)
        cuts = 0
        for cut in _cuts(values, tokens, codes, width, subtotal, single, label_rows):
            if _placed(cut):
                wrong, sided = label_numbers(cut, tokens, single)
                if wrong:
                    continue
                cut = cut._replace(sided=tuple(sided))
            cuts += 1
            if any(
                token_keys(cut.rows[c].values) != token_keys(label_rows[c].values if c in label_rows else [])
                for c in codes
            ):  # the same rows again would only fail the same way
                taken = _by_order(cut, codes, single, subtotal, run_together)
                if taken is not None and _better(taken, (grid, found)):
                    (grid, found), single_other = taken, single
                    found.insert(
                        0,
                        finding(
                            "read_by_order",
                            table="applications",
                            line=values[0].line,
                            detail=f"{len(values)} values cut into {len(codes)} rows",
                        ),
                    )
                    return grid, found, single_other
        if cuts:
            break
    return grid, found, single_other


MAX_READINGS = 4  # combinations of rows that read two ways (lines in either order) tried against the table


def _by_order(
    cut: Cut, codes: tuple[str, ...], single_other: bool, subtotal: bool, run_together: bool
) -> tuple[dict[Cell, CellValue], list[Finding]] | None:
    """Table 三 from rows cut by order: the one reading (of the rows that read two ways) that leaves fewest
    errors, and none but cells whose column the identities leave open or the sums broken by the cut's rows
    that do not add up; None when none does, or two different ones do equally well."""
    choices = list(cut.readings.items())
    if math.prod(len(r) for _, r in choices) > MAX_READINGS:
        return None
    clean: dict[tuple[object, ...], tuple[dict[Cell, CellValue], list[Finding]]] = {}
    for picked in product(*(r for _, r in choices)):
        if work_spent():
            return None  # the report's solver work is spent: no reading is taken on a partial look
        rows = {c: Row(r.code, r.line, list(r.values)) for c, r in cut.rows.items()}
        for (code, _), row in zip(choices, picked):
            rows[code].values[:] = row
        grid, found = _applications_grid(rows, codes, single_other, subtotal, run_together)
        if all(_broken_sum(f, cut.broken) or _unseated(f) for f in found if f.severity == ERROR):
            clean.setdefault(tuple(sorted((k, v.value) for k, v in grid.items())), (grid, found))
    fewest = min((_errors(found) for _, found in clean.values()), default=0)
    best = [taken for taken in clean.values() if _errors(taken[1]) == fewest]
    if len(best) != 1:
        return None
    grid, found = best[0]
    found[:0] = [
        finding("wrapped_number_joined", table="applications", row=code, line=cut.rows[code].line)
        for code in cut.joined
    ]
    found[:0] = [
        finding("row_by_label_side", table="applications", row=code, line=cut.rows[code].line) for code in cut.sided
    ]
    found[:0] = [
        finding(
            "total_out_of_place",
            table="applications",
            row=code,
            line=cut.rows[code].line,
            detail=" ".join(t.text for t in cut.rows[code].values),
        )
        for code in cut.moved
    ]
    return grid, found


def _placed(cut: Cut) -> bool:
    """Whether the cut's rows hold blank cells a reader placed by position (not only values)."""
    return any(t.kind == BLANK for row in cut.rows.values() for t in row.values)


def _cuts(
    values: list[Token],
    tokens: list[Token],
    codes: tuple[str, ...],
    width: int,
    subtotal: bool,
    single_other: bool,
    label_rows: dict[str, Row],
) -> Iterator[Cut]:
    """The cuts by order to try, in turn: each row adding up as printed, then with totals out of place (only
    where the first is not found or not taken: the second is the larger search)."""
    if (cut := read_by_order(values, codes, width, label_rows, subtotal)) is not None:
        yield cut
    if (cut := _displaced(values, tokens, codes, width, subtotal, single_other)) is not None:
        yield cut


def _displaced(
    values: list[Token], tokens: list[Token], codes: tuple[str, ...], width: int, subtotal: bool, single_other: bool
) -> Cut | None:
    """The cut with totals printed out of place (``displaced.py``), as a cut by order."""
    slots = application_slots()
    beside = _beside_labels(values, tokens)
    moved = read_displaced(
        values,
        codes,
        width,
        subtotal,
        application_identities(single_other),
        {code: tuple(slots[code]) for code in codes},
        beside,
        _named_rows(values, tokens, codes, beside),
    )
    if moved is None:
        return None
    rows = {code: Row(code, row[0].line, list(row)) for code, row in moved.rows.items()}
    return Cut(rows, [], {}, [], moved.moved)


def _beside_labels(values: list[Token], tokens: list[Token]) -> list[bool]:
    """Which values stand alone on a line of label text (Chinese characters): where pdftotext prints a
    row's first value, beside its label, away from the row's other values."""
    labelled = {t.line for t in tokens if t.kind == TEXT and CJK.search(t.text)}
    printed = Counter(t.line for t in tokens if t.kind in (NUM, BAD, BLANK))
    return [t.line in labelled and printed[t.line] == 1 for t in values]


def _named_rows(
    values: list[Token], tokens: list[Token], codes: tuple[str, ...], beside: list[bool]
) -> list[int | None]:
    """For each value alone beside label text (``beside``), the row (its index in ``codes``) that text names,
    where it is a piece of one row's label only (1.属于国家 beside 1927); None elsewhere (a whole row
    printed on its label's line is read by order, value by value)."""
    named: dict[int, set[str]] = {}
    for t in tokens:
        if t.kind == TEXT and CJK.search(t.text) and (code := row_holding("applications", t.text)):
            named.setdefault(t.line, set()).add(code)
    index = {code: k for k, code in enumerate(codes)}
    out: list[int | None] = []
    for t, alone in zip(values, beside, strict=True):
        rows = named.get(t.line, set()) if alone else set()
        out.append(index.get(next(iter(rows))) if len(rows) == 1 else None)
    return out


SINGLE_OTHER_PARTS = ("other_no_correction", "other_no_fee")
_SUMS = frozenset({"row_sum", "column_sum", "intake_balance"})


def _broken_sum(error: Finding, broken: list[str]) -> bool:
    """Whether ``error`` is a sum that a row taken though it does not add up breaks: its own row's, or a
    column's or the intake's, which hold it."""
    return bool(broken) and error.check in _SUMS and (error.check != "row_sum" or error.row in broken)


def _unseated(error: Finding) -> bool:
    """A cell of a row cut by its sum whose column the identities leave open (its row's blanks may sit
    in more than one place): null with its error, the row's other cells read."""
    return error.check == "missing_cell" and error.column is not None


def _errors(found: list[Finding]) -> int:
    return sum(f.severity == ERROR for f in found)


def _better(
    by_order: tuple[dict[Cell, CellValue], list[Finding]], by_label: tuple[dict[Cell, CellValue], list[Finding]]
) -> bool:
    """Whether the order reading reads more cells than the label reading, or as many with fewer errors."""

    def read(grid: dict[Cell, CellValue]) -> int:
        return sum(v.value is not None for v in grid.values())

    return (read(by_order[0]), -_errors(by_order[1])) > (read(by_label[0]), -_errors(by_label[1]))


def _codes(single_other: bool) -> tuple[str, ...]:
    """Table 三's rows: with (六)其他处理 as one row (the 2019 template), without its two parts."""
    return tuple(c for c in OUTCOMES if not (single_other and c in SINGLE_OTHER_PARTS))


def _applications_grid(
    rows: dict[str, Row], codes: tuple[str, ...], single_other: bool, subtotal: bool, run_together: bool
) -> tuple[dict[Cell, CellValue], list[Finding]]:
    """Table 三's cells from its rows, and every finding about them (repairs, gaps, identities)."""
    found: list[Finding] = []
    _note_repairs(rows, "applications", found)
    if subtotal:
        _drop_subtotals(rows, found, run_together)
    slots = application_slots()
    grid: dict[Cell, CellValue] = {}
    if single_other:
        for code in SINGLE_OTHER_PARTS:
            grid.update({c: CellValue(None, None) for c in slots[code]})
        found.append(finding("single_other_row", table="applications", row="other", line=rows["other"].line))
    identities = application_identities(single_other)
    placed, problems = place(
        [_run(code, slots[code], rows.get(code)) for code in codes],
        identities,
        "applications",
        run_together=run_together,
    )
    grid.update(placed)
    found.extend(table_checks(grid, problems, identities, "applications"))
    return grid, found


def _drop_subtotals(rows: dict[str, Row], found: list[Finding], run_together: bool = False) -> None:
    """Table 三 with a 法人或其他组织 小计 column: eight values a row, the seventh the organisations' sum.

    The subtotal is checked against its parts where all are numbers, and dropped (blank or not). A row with
    fewer values lost blank cells (text drops them): its subtotal is dropped where the row says which value
    it is (``_without_subtotal``), and the cell reader seats the rest; otherwise its cells stay null with an
    error rather than be read as seven.
    """
    for code, row in rows.items():
        values = row.values
        if len(values) == 8:
            orgs = sum(t.value or 0 for t in values[1:6])
            if all(t.kind == NUM for t in values[1:7]) and values[6].value != orgs:
                found.append(
                    finding(
                        "row_sum",
                        table="applications",
                        row=code,
                        column="total",
                        expected=orgs,
                        actual=values[6].value,
                        line=values[6].line,
                        detail="法人或其他组织 小计 ≠ the five kinds of organisation",
                    )
                )
            del values[6]
        elif 0 < len(values) < 8 and not row.single:
            kept = _without_subtotal(values)
            if kept is None and run_together and (kept := without_subtotal(values)) is not None:
                found.append(
                    finding(
                        "run_together_split",
                        table="applications",
                        row=code,
                        line=row.line,
                        detail=f"{values[0].text}: its 小计 checked and dropped, {' '.join(t.text for t in kept)} "
                        "left to cut",
                    )
                )
            if kept is not None:
                values[:] = kept
                continue
            found.append(
                finding(
                    "missing_cell",
                    table="applications",
                    row=code,
                    line=row.line,
                    detail=f"{len(values)} values where the table has 8 columns (with 小计): where "
                    "the blanks were cannot be told",
                )
            )
            values.clear()
            values.extend(Token(BAD, "?", row.line) for _ in range(7))


def _without_subtotal(values: list[Token]) -> list[Token] | None:
    """A short row's values with its 小计 dropped, the row's blanks left for the cell reader to seat: the
    value before the total is the subtotal when it adds up the values between (the organisations) and
    the total is 自然人 + 小计, or 小计 alone where 自然人 is blank; None when the row does not read so."""
    numbers = [t.value for t in values if t.kind == NUM and t.value is not None]
    if len(values) < 3 or len(numbers) < len(values):
        return None
    subtotal, total = numbers[-2], numbers[-1]
    natural_printed = numbers[0] + subtotal == total and sum(numbers[1:-2]) == subtotal
    natural_blank = subtotal == total and sum(numbers[:-2]) == subtotal
    return values[:-2] + values[-1:] if natural_printed or natural_blank else None
