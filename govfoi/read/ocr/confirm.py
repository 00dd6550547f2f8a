"""Doubtful OCR values checked against the template's identities: kept, corrected, or left null with an error.

A doubtful value is never kept on its own word: only where the identities force exactly the value read,
or a value one commonly confused digit away from it.
"""

from __future__ import annotations

import re

from govfoi.findings import finding
from govfoi.template import CellValue, appeal_identities, application_identities, solve

_DOUBTFUL = re.compile(r": \?([0-9]+(?:[.,][0-9]+)*)$")
_CONFUSED = {"1": "7", "7": "1", "0": "8", "8": "03", "3": "8", "5": "6", "6": "5"}


def settle(report) -> None:  # a parse.report.Report; typed loosely, as read does not import parse
    """Keep each doubtful OCR value that the identities confirm: the value they force, with the other
    doubtful values unknown, is the value read. One that they force to another value differing by one
    commonly confused digit is taken as that value with a warning; every other stays null with an error."""
    single_other = any(f.check == "single_other_row" for f in report.findings)
    identities = {"applications": application_identities(single_other), "appeals": appeal_identities()}
    kept, added = [], []
    solved_by_table: dict[str, dict | None] = {}
    for f in report.findings:
        m = _DOUBTFUL.search(f.message) if f.check == "unreadable_cell" else None
        if m is None or f.table not in identities:
            if m is not None:  # table 二 has no identity that could confirm a value
                added.append(
                    finding(
                        "ocr_unconfirmed",
                        table=f.table,
                        row=f.row,
                        column=f.column,
                        line=f.line,
                        detail=f"read {m.group(1)}; no identity covers this table",
                    )
                )
            else:
                kept.append(f)
            continue
        grid = getattr(report, f.table)
        if f.table not in solved_by_table:
            solved_by_table[f.table] = solve({c: v.value for c, v in grid.items()}, identities[f.table])
        solved = solved_by_table[f.table] or {}
        reading = m.group(1)
        forced = solved.get((f.row, f.column))
        cell = (f.row, f.column)
        if forced is not None and _number(reading) == forced:
            grid[cell] = CellValue(forced, f.line)
            added.append(
                finding(
                    "ocr_confirmed",
                    table=f.table,
                    row=f.row,
                    column=f.column,
                    line=f.line,
                    detail=f"read {reading} with doubt; the identities give the same",
                )
            )
        elif forced is not None and forced == int(forced) and _one_confusion(reading, str(int(forced))):
            grid[cell] = CellValue(forced, f.line)
            added.append(
                finding(
                    "ocr_repaired",
                    table=f.table,
                    row=f.row,
                    column=f.column,
                    line=f.line,
                    expected=forced,
                    detail=f"read {reading}; the identities allow only {forced:g}",
                )
            )
        else:
            added.append(
                finding(
                    "ocr_unconfirmed",
                    table=f.table,
                    row=f.row,
                    column=f.column,
                    line=f.line,
                    expected=forced,
                    detail=f"read {reading}; the identities do not confirm it",
                )
            )
    report.findings[:] = kept + added


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _one_confusion(read: str, forced: str) -> bool:
    """The two differ in exactly one digit, and that digit is one OCR often mistakes for the other."""
    if len(read) != len(forced):
        return False
    diffs = [(a, b) for a, b in zip(read, forced) if a != b]
    return len(diffs) == 1 and diffs[0][1] in _CONFUSED.get(diffs[0][0], "")
