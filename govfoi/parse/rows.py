"""Tokens → rows: anchor on the template's row labels and give each row the values that follow it.

Labels are matched in template order with a cursor, so a header word that is also a row label (其他,
总计) cannot claim a row, and rows can only move forward. Text that runs together (a group label and a row
label on one line, or a label wrapped over lines) is read as one run and its last label wins.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from govfoi.codes import label
from govfoi.findings import Finding, finding
from govfoi.labels import RowPattern, between_header_cells, row_holding, row_patterns
from govfoi.parse.tokens import BLANK, TEXT, Token, lines_of

_ITEM_START = re.compile(r"(?:\d[.、]|[(（][一二三四五六七][)）])")
_GROUP = re.compile(r"[(（][三四五六][)）][\u4e00-\u9fff]{0,4}$")  # (三)不予公开, or its first piece, alone
_NUMBERED_ITEM = re.compile(r"\d[.、]")  # 3.要求提供…; not a group ((五)不予处理), printed in a column of its own
MAX_HELD = 30  # characters: a wrapped label's first piece is short; a longer text is prose
NEAR = 2  # how far past the last row a bare header-like word (其他, 总计) may still name a row


@dataclass(slots=True)
class Row:
    code: str
    line: int
    values: list[Token] = field(default_factory=list)
    single: bool = False  # （六）其他处理 read as one row
    displaced: bool = False  # its values were printed on lines before its label (PDF extraction)
    misspelt: str | None = None  # the label as printed, when it was recognised only as a near miss
    beginning: str | None = None  # the label's number and first words, when only they named the row
    recounted: bool = False  # its values were seated in order by the rows' widths (``reseat_by_count``)
    crowded: bool = False  # its label came after another row's in one run of text, no value between


def read_rows(  # noqa: C901
    tokens: list[Token], table: str, order: tuple[str, ...], width: int = 0, orphans: list[Token] | None = None
) -> dict[str, Row]:
    """Rows of ``table`` found in ``tokens``, keyed by row code; values are NUM, BLANK and BAD tokens.

    ``width`` (values per row, 7 for table 三) lets lines of values printed before their labels be reseated;
    ``orphans``, if given, receives the values before the first label (``reseat_by_count`` seats them).
    """
    index = {code: i for i, code in enumerate(order)}
    rows: dict[str, Row] = {}
    cursor = -1
    current: Row | None = None
    run: list[Token] = []
    # A label that names no row yet but opens an item (5.属于三类内部) may be wrapped around its values by PDF
    # extraction (5.属于三类内部 / values / 事务信息): its values are held until the rest of the label comes.
    held: list[Token] | None = None
    held_text, held_line = "", 0

    def take(text: str, offset: int, waiting: list[Token] | None, words: list[Token]) -> int:
        """Open the rows whose labels ``text`` holds, and return where the last one ends (0: none); with
        ``waiting`` (a held label's values, the held label being text[:offset]), only the first label may
        take them, and only when no other numbered item begins before it (the held one found no end)."""
        nonlocal cursor, current
        pos = 0
        for start, end, pattern in _matches(table, text):
            i = index.get(pattern.code, -1)  # a row of the other template era is no row here
            if start < pos or i <= cursor:
                continue
            if pattern.kind == "near" and (cursor < 0 or i - cursor > NEAR):
                continue
            if waiting is not None and pos == 0 and pattern.kind == "single" and text[0].isdigit():
                continue  # a held item (1.申请人无正 / )其他处理 当理由…) is never the one-row group (六)其他处理
            if waiting is not None and pos == 0 and _NUMBERED_ITEM.search(text, 1, start):
                return 0  # another item begins before this label: the held one found no end here
            line = _line_at(words, start - offset) if start >= offset else (waiting or words)[0].line
            crowded = pos > 0 and current is not None and not current.values  # after a row this run opened
            current = Row(pattern.code, line, single=pattern.kind == "single", crowded=crowded)
            if waiting is not None and pos == 0:
                current.values.extend(waiting)
            rows[pattern.code] = current
            cursor, pos = i, end
        return pos

    def by_beginning(before: str, waiting: list[Token], line: int) -> None:
        """A held item whose label never came whole (6.属于四类过 / values / 悍性信息: OCR misread its last
        line): the row its number and first words name, when that is one of the next ``NEAR`` rows; else
        its values are the last row's, as they were."""
        nonlocal cursor, current
        code = row_holding(table, before)
        if code is not None and 0 < index.get(code, -1) - cursor <= NEAR:
            current = Row(code, line, waiting, beginning=before)
            rows[code], cursor = current, index[code]
        elif current is not None:
            current.values.extend(waiting)

    def close_run() -> None:
        nonlocal cursor, current, held, held_text, held_line
        if held is not None:  # the rest of a held label: the run's first words that complete it
            waiting, before = held, held_text
            held, held_text = None, ""
            for j in range(1, len(run) + 1):
                words = [t for t in run[:j] if not _GROUP.match(t.text)]  # a group label in its own column
                if words and take(before + "".join([t.text for t in words]), len(before), waiting, words):
                    del run[:j]
                    break
            else:
                by_beginning(before, waiting, held_line)
            if not run:
                return
        text = run[0].text if len(run) == 1 else "".join([t.text for t in run])
        end = take(text, 0, None, run)
        if not end and cursor >= 0:  # an OCR slip in the next row's label (重复申情)?
            code = _near_miss(table, text, order[cursor + 1 : cursor + 1 + NEAR])
            if code is not None:
                current = Row(code, run[0].line, misspelt=text)
                rows[code] = current
                cursor = index[code]
                end = len(text)
        if cursor >= 0 and (opening := _last_item(text, end)) is not None and len(text) - opening <= MAX_HELD:
            held, held_text = [], text[opening:]  # an item opens after the last label: its first piece
            held_line = _line_at(run, opening)
        run.clear()

    orphans = [] if orphans is None else orphans  # values before the first label
    for tok in tokens:
        if tok.kind == TEXT:
            run.append(tok)
            continue
        if run:
            close_run()
        if held is not None:
            held.append(tok)
        elif current is not None:
            current.values.append(tok)
        else:
            orphans.append(tok)
    if run:
        close_run()
    if held:
        by_beginning(held_text, held, held_line)
    if width:
        for values in (orphans, *(r.values for r in rows.values())):
            if len(values) > width:
                groups = lines_of(values)
                if any(t.kind != BLANK for t in values):  # a line of empty cells beside a row's values is
                    groups = [g for g in groups if any(t.kind != BLANK for t in g)]  # its label's next line
                values[:] = [t for group in groups for t in _unpadded(group, width)]
        _reseat_displaced(rows, orphans, width)
    return rows


def _last_item(text: str, after: int = 0) -> int | None:
    """Where the run's last item opens, at ``after`` or later (3.危及 in 家秘密2.其他法律行政法规禁止公开3.危及,
    after the label 其他法律 ends): in a narrow label column the run holds the last rows' wrapped labels
    before the next item's first piece."""
    starts = [m.start() for m in _ITEM_START.finditer(text, after)]
    return starts[-1] if starts else None


def _unpadded(group: list[Token], width: int) -> list[Token]:
    """A line of values without the blank cells at one of its edges that are more than ``width`` (a table
    padded with empty cells); a line with blanks at both edges is left to the cell reader, which tells by
    the sums which ones are layout."""
    lead = next((k for k, t in enumerate(group) if t.kind != BLANK), len(group))
    trail = next((k for k, t in enumerate(reversed(group)) if t.kind != BLANK), len(group))
    extra = len(group) - width
    if extra <= 0 or (lead and trail):
        return group
    if trail:
        return group[: len(group) - min(extra, trail)]
    return group[min(extra, lead) :]


def _reseat_displaced(rows: dict[str, Row], orphans: list[Token], width: int) -> None:
    """Rows whose numbers came out before their labels, as PDF extraction prints them.

    When a row holds, after its own line of values, m more whole lines of ``width`` values, and the m rows
    that follow it have no values at all, those lines are theirs, in order (and the same for lines of
    values before the first label). Anything less regular is left alone, for the checks to report.
    """
    if not orphans and all(len(r.values) <= width for r in rows.values()):
        return  # nothing displaced (almost every report): no need to look at lines
    found = list(rows.values())
    holders: list[tuple[list[Token], int, bool]] = [(orphans, 0, True)] + [
        (r.values, k + 1, False) for k, r in enumerate(found)
    ]
    for values, start, before_first in holders:
        groups = lines_of(values)
        extra = groups if before_first else groups[1:]
        if not extra or any(len(g) != width for g in extra) or (not before_first and len(groups[0]) != width):
            continue
        empty = found[start : start + len(extra)]
        if len(empty) != len(extra) or any(t.kind != BLANK for r in empty for t in r.values):
            continue  # rows with values of their own (a row of empty cells has none)
        del values[(0 if before_first else width) :]
        for row, group in zip(empty, extra, strict=True):
            row.values[:] = group
            row.displaced = True


def read_sequence(tokens: list[Token]) -> list[Token]:
    """Values of a table read as one sequence (table 四): from the first value to the first prose after it.
    Blank cells count only on lines that hold a value: a header row's empty cells are layout."""
    values: list[Token] = []
    for tok in tokens:
        if tok.kind == TEXT:
            if values and (len(tok.text) > 20 or "。" in tok.text):
                break
            continue
        values.append(tok)
    valued = {t.line for t in values if t.kind != BLANK}
    return [t for t in values if t.kind != BLANK or t.line in valued]


NEAR_MISS = 0.75  # similarity (difflib ratio) a misspelt label needs to the template's label


@lru_cache(maxsize=4096)
def _near_miss(table: str, text: str, ahead: tuple[str, ...]) -> str | None:
    """The one row among the next expected ones whose template label ``text`` nearly spells; None when none
    or more than one does. Only labels of the template's length are compared (a sentence is not a label)."""
    words = _ENUMERATION.sub("", _LAST_ITEM.split(text)[-1])  # (五)不予处理2.重复申情 → 重复申情
    if len(words) < 3:
        return None
    close = []
    for code in ahead:
        label = _ENUMERATION.sub("", label_of(table, code))
        if (
            abs(len(label) - len(words)) <= max(1, len(label) // 5)
            and difflib.SequenceMatcher(None, words, label).ratio() >= NEAR_MISS
        ):
            close.append(code)
    return close[0] if len(close) == 1 else None


_ENUMERATION = re.compile(r"^.*?[）)]|^\d+[.、]|\s+")
_LAST_ITEM = re.compile(r"\d+[.、]|[）)]")


def label_of(table: str, code: str) -> str:
    """The template's own label of a row, its last part (2.重复申请 of （五）不予处理 2.重复申请)."""
    return label("outcome" if table == "applications" else "disclosure", code).split(" ")[-1]


_MAX_PEELED = 8  # labels a run may end with, back to back: table 二 has eight rows at most (2019)


@lru_cache(maxsize=4096)
def _matches(table: str, text: str) -> tuple[tuple[int, int, RowPattern], ...]:
    """Every label match in a run, by position. Table 二's are sought between its header cells (which
    pdftotext may print beside a label), and a label a run ends with may have others right before it (a
    row with nothing printed, or its values printed before: 规章行政规范性文件). Cached: the same label
    texts recur in report after report."""
    if table != "disclosure":
        found = [(m.start(), m.end(), p) for p in row_patterns(table) for m in p.pattern.finditer(text)]
        return tuple(sorted(found, key=lambda t: t[0]))
    labels: list[tuple[int, int, RowPattern]] = []
    for start, end in between_header_cells(text):
        for _ in range(_MAX_PEELED):
            if end <= start:
                break
            here = [
                (start + m.start(), start + m.end(), p)
                for p in row_patterns(table)
                for m in p.pattern.finditer(text[start:end])
            ]
            if not here:
                break
            first, _, pattern = min(here, key=lambda t: t[0])
            whole = label_of(table, pattern.code)  # 规范性文件 matched: 行政 before it is the label's too
            lead = whole[: max(whole.find(text[first:end]), 0)]  # the label's part before the match
            end = first - len(lead) if text[start:first].endswith(lead) else first
            labels.extend((end if at == first else at, stop, found) for at, stop, found in here)
    return tuple(sorted(labels, key=lambda t: t[0]))


def _line_at(run: list[Token], pos: int) -> int:
    """The line of the token holding character ``pos`` of the run's joined text."""
    offset = 0
    for tok in run:
        offset += len(tok.text)
        if offset > pos:
            return tok.line
    return run[-1].line


def _note_repairs(rows: dict[str, Row], table: str, found: list[Finding]) -> None:
    """A warning for each row read by a repair: values reseated from before its label, a misspelt label, a
    label known by its beginning alone."""
    for code, row in rows.items():
        if row.displaced:
            found.append(finding("values_before_label", table=table, row=code, line=row.values[0].line))
        if row.recounted:
            found.append(finding("values_seated_by_count", table=table, row=code, line=row.line))
        if row.misspelt:
            found.append(
                finding(
                    "label_misspelt",
                    table=table,
                    row=code,
                    line=row.line,
                    detail=f"{row.misspelt} read as {label_of(table, code)}",
                )
            )
        if row.beginning:
            found.append(
                finding(
                    "label_by_beginning",
                    table=table,
                    row=code,
                    line=row.line,
                    detail=f"{row.beginning} read as {label_of(table, code)}",
                )
            )
