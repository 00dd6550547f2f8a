"""Cells → findings: test every identity the template states, and offer computed values for blank cells."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from operator import itemgetter

from govfoi.findings import ERROR, Finding, finding
from govfoi.template import Cell, CellValue, Identity, solve


def check_identities(grid: dict[Cell, CellValue], identities: tuple[Identity, ...]) -> list[Finding]:
    """One error per identity whose cells are all known and do not add up (null cells have their own)."""
    found = []
    known = {c: v[0] for c, v in grid.items()}
    for ident, get_parts, get_whole, one_whole in _getters(identities):
        try:
            parts = sum(get_parts(known))
            whole = get_whole(known) if one_whole else sum(get_whole(known))
            if parts == whole or math.isclose(parts, whole, abs_tol=1e-9):
                continue
        except (KeyError, TypeError):  # a cell the table does not have, or a null one (it has its own finding)
            continue
        anchor = ident.whole[-1]
        found.append(
            finding(
                ident.check,
                table=ident.table,
                row=ident.about[0],
                column=ident.about[1],
                expected=parts,
                actual=whole,
                line=grid[anchor].line,
                detail=f"{ident.zh}（{parts:g} ≠ {whole:g}） / {ident.en} ({parts:g} ≠ {whole:g})",
            )
        )
    return found


@cache
def _getters(identities: tuple[Identity, ...]) -> tuple[tuple[Identity, Callable, Callable, bool], ...]:
    """Per identity, C-level getters of its parts (always a tuple) and whole (a value when it is one cell, as
    most are), and whether it is one cell: identities run on every report."""

    def getter(cells: tuple[Cell, ...]) -> Callable:
        get = itemgetter(*cells)
        return get if len(cells) > 1 else (lambda d: (get(d),))

    return tuple((i, getter(i.parts), itemgetter(*i.whole), len(i.whole) == 1) for i in identities)


def table_checks(
    grid: dict[Cell, CellValue], problems: list[Finding], identities: tuple[Identity, ...], table: str
) -> list[Finding]:
    """A read table's findings: its reading's ``problems`` (each blank cell's with the value the sums force
    there), then every sum that does not hold, then, where none fails, sums no values in its blanks make
    hold. The table is solved once, with its blanks unknown, and only when it has blank cells."""
    blanks = any(f.check == "blank_cell" for f in problems)
    solved = solve({c: v.value for c, v in grid.items()}, identities) if blanks else None
    found = offer_blank_values(problems, solved or {}) if blanks else problems
    found.extend(check_identities(grid, identities))
    if blanks and solved is None:
        found.extend(check_blank_sums(grid, table, found))
    return found


def offer_blank_values(found: list[Finding], solved: dict[Cell, float | None]) -> list[Finding]:
    """Put the value the identities force (``solved``) into each blank cell's finding as ``expected``; the
    cell stays null."""
    return [
        replace(f, expected=solved.get((f.row, f.column))) if f.check == "blank_cell" else f  # type: ignore[arg-type]
        for f in found
    ]


def check_blank_sums(grid: dict[Cell, CellValue], table: str, found: list[Finding]) -> list[Finding]:
    """For a table with blank cells that no values make every sum hold (``solve`` found none): one error,
    unless another error already names the table. A sum through a null cell is not checked on its own, so
    values read into the wrong cells beside blanks (a column out of place) would otherwise leave no error."""
    if any(f.severity == ERROR and f.table == table for f in found):
        return []
    return [finding("blank_sums", table=table, line=min((v.line for v in grid.values() if v.line), default=None))]
