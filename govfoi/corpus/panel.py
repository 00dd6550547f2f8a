"""Agencies over years: one report per agency-year, and the checks that compare a report with last year's.

Runs once over the whole corpus, after every report is parsed (a report alone cannot know its neighbours):

- two readable reports of the same ``agency_id`` and year: the one with fewer errors is kept (then fewer
  warnings, then the first by path); the other gets ``superseded_by`` and a ``duplicate_agency_year``
  warning. Byte-identical files never get this far: they are ``duplicate_content`` failures.
- carry-over (error): last year's 结转下年度继续办理 must equal this year's 上年结转, per applicant column.
- documents in force (warning only, abolitions may include older documents): last year's 现行有效 + this
  year's 本年制发 − 本年废止 against this year's 现行有效, for 规章 and 行政规范性文件.

The checks read one small record per report (``YearCells``), made where the report's frames are made, so a
run of any size keeps a few hundred bytes per report for them, not its frames.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from math import isnan, nan
from typing import NamedTuple

import polars as pl

from govfoi.codes import APPLICANTS
from govfoi.corpus.schema import schemas
from govfoi.findings import ERROR, WARNING, Finding, Status, finding, report_status
from govfoi.parse.report import Report

_CARRY_ROWS = ("carried_over", "carried_forward")
_DOCUMENT_ITEMS = ("regulations", "normative_documents")
_DOCUMENT_MEASURES = ("issued", "abolished", "in_force")
# The cells the checks read, each at a fixed slot of a report's packed cells (value at the slot, line after it)
_SLOT = {
    key: 2 * n
    for n, key in enumerate(
        [
            *((row, a) for row in _CARRY_ROWS for a in APPLICANTS),
            *((i, m) for i in _DOCUMENT_ITEMS for m in _DOCUMENT_MEASURES),
        ]
    )
}
_BLANK = array("d", [nan] * 2 * len(_SLOT))


class YearCells(NamedTuple):
    """What the checks across years read of one readable report with an agency and a year.

    Its cells are packed in one array of floats (NaN where blank): a run keeps one of these per report, and
    Python tuples of the same cells would take several times the memory."""

    report_id: str
    source: str
    agency_id: str
    year: int
    n_errors: int
    n_warnings: int
    cells: array

    @classmethod
    def of(cls, r: Report) -> YearCells | None:
        """A parsed report's record (as ``year_cells`` reads it from frames), None when it has no place in a
        panel: read where the report is parsed, it costs far less than reading it back from the frames."""
        if r.status == Status.FAILED or r.place.agency_id is None or r.year is None:
            return None
        cells = array("d", _BLANK)
        for (row, column), slot in _SLOT.items():
            cell = (r.disclosure if row in _DOCUMENT_ITEMS else r.applications).get((row, column))
            if cell is not None:
                _put(cells, slot, cell.value, cell.line)
        return cls(r.report_id, r.source, r.place.agency_id, r.year, r.n_errors, r.n_warnings, cells)

    def cell(self, row: str, column: str) -> tuple[float | None, int | None]:
        """(value, line) of a cell: carry-over rows by applicant, document items by measure."""
        slot = _SLOT[row, column]
        value, line = self.cells[slot], self.cells[slot + 1]
        return None if isnan(value) else value, None if isnan(line) else int(line)

    def order(self) -> tuple[int, int, str]:
        """Of two reports of one agency-year, the smaller is kept."""
        return self.n_errors, self.n_warnings, self.source


def year_cells(frames: dict[str, pl.DataFrame]) -> list[YearCells]:
    """One ``YearCells`` per readable report of ``frames`` that has an agency and a year, in frame order."""
    reports = frames["reports"].filter(
        (pl.col("status") != Status.FAILED) & pl.col("agency_id").is_not_null() & pl.col("year").is_not_null()
    )
    ids = reports["report_id"].implode()
    packed = {rid: array("d", _BLANK) for rid in reports["report_id"]}
    for table, row, column, value, rows in (
        ("applications", "outcome", "applicant", "count", _CARRY_ROWS),
        ("disclosure", "item", "measure", "value", _DOCUMENT_ITEMS),
    ):
        wanted = (
            frames[table]
            .filter(pl.col(row).is_in(rows) & pl.col("report_id").is_in(ids))
            .select("report_id", pl.col(row).cast(pl.String), pl.col(column).cast(pl.String), value, "line")
        )
        for rid, r, c, v, line in wanted.iter_rows():
            slot = _SLOT.get((r, c))
            if slot is not None:
                _put(packed[rid], slot, v, line)
    return [
        YearCells(rid, source, agency_id, year, n_errors, n_warnings, packed[rid])
        for rid, source, agency_id, year, n_errors, n_warnings in reports.select(
            "report_id", "source", "agency_id", "year", "n_errors", "n_warnings"
        ).iter_rows()
    ]


def _put(cells: array, slot: int, value: float | None, line: int | None) -> None:
    cells[slot], cells[slot + 1] = (nan if value is None else value), (nan if line is None else line)


class PanelChecks(NamedTuple):
    """The outcome of the checks across years: which report supersedes which, and the new findings."""

    superseded_by: dict[str, str]
    findings: list[tuple[str, Finding]]  # (report_id, finding)
    counts: dict[str, tuple[int, int]]  # (n_errors, n_warnings) before these checks, of each report they change

    def checks(self) -> pl.DataFrame:
        """The findings as rows of the ``checks`` frame."""
        rows = [f.checks_row(rid) for rid, f in self.findings]
        return pl.DataFrame(rows, schema=schemas()["checks"], orient="row")

    def recount(self, reports: pl.LazyFrame) -> pl.LazyFrame:
        """``reports`` with ``superseded_by`` set, and the new findings added to the counts and status of the
        reports they concern (a join with those reports only: they are few, and the reports stream past
        them). Their status is ``report_status`` of the new counts: they are readable reports, none failed."""
        changed: dict[str, list] = {}
        for rid, kept in self.superseded_by.items():
            changed[rid] = [kept, *self.counts[rid]]
        for rid, f in self.findings:
            row = changed.setdefault(rid, [None, *self.counts[rid]])
            row[1] += f.severity == ERROR
            row[2] += f.severity == WARNING
        updates = pl.DataFrame(
            [
                (rid, kept, errors, warnings, report_status(False, errors, warnings))
                for rid, (kept, errors, warnings) in changed.items()
            ],
            orient="row",
            schema={
                "report_id": pl.String,
                "kept": pl.String,
                "new_errors": pl.UInt32,
                "new_warnings": pl.UInt32,
                "new_status": pl.String,
            },
        )
        return (
            reports.join(updates.lazy(), on="report_id", how="left", maintain_order="left")
            .with_columns(
                superseded_by=pl.col("kept"),
                n_errors=pl.coalesce("new_errors", "n_errors"),
                n_warnings=pl.coalesce("new_warnings", "n_warnings"),
                status=pl.coalesce("new_status", "status"),
            )
            .drop("kept", "new_errors", "new_warnings", "new_status")
        )


def link_years(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The five frames with the panel's checks added (see ``panel_checks``)."""
    found = panel_checks(year_cells(frames))
    return {
        **frames,
        "reports": found.recount(frames["reports"].lazy()).collect(),
        "checks": pl.concat([frames["checks"], found.checks()]),
    }


def panel_checks(records: Iterable[YearCells]) -> PanelChecks:
    """Keep one report per agency-year and compare each kept report with its agency's report of the year
    before. Findings come in the order of ``records``: duplicates first, then year-to-year checks."""
    kept: dict[tuple[str, int], YearCells] = {}
    seen: list[YearCells] = []
    for r in records:
        seen.append(r)
        key = (r.agency_id, r.year)
        if key not in kept or r.order() < kept[key].order():
            kept[key] = r
    found: list[tuple[str, Finding]] = []
    superseded = {}
    for r in seen:
        better = kept[r.agency_id, r.year]
        if better is not r:
            superseded[r.report_id] = better.report_id
            found.append(
                (
                    r.report_id,
                    finding(
                        "duplicate_agency_year",
                        detail=f"{r.source} ({r.n_errors} errors) and {better.source} ({better.n_errors} errors) are "
                        f"both {r.agency_id} {r.year}; kept {better.source}",
                    ),
                )
            )
    for r in seen:
        last = kept.get((r.agency_id, r.year - 1))
        if last is not None and kept[r.agency_id, r.year] is r:
            found += [(r.report_id, f) for f in (*_carry_over(r, last), *_in_force(r, last))]
    changed = {*superseded, *(rid for rid, _ in found)}
    counts = {r.report_id: (r.n_errors, r.n_warnings) for r in seen if r.report_id in changed}
    return PanelChecks(superseded, found, counts)


def _carry_over(this: YearCells, last: YearCells) -> Iterable[Finding]:
    for applicant in APPLICANTS:
        count, line = this.cell("carried_over", applicant)
        forward, _ = last.cell("carried_forward", applicant)
        if count is not None and forward is not None and count != forward:
            yield finding(
                "carry_over_mismatch",
                table="applications",
                row="carried_over",
                column=applicant,
                expected=forward,
                actual=count,
                line=line,
                detail=f"{last.year} report {last.report_id} carried forward {forward:.0f}",
            )


def _in_force(this: YearCells, last: YearCells) -> Iterable[Finding]:
    for item in _DOCUMENT_ITEMS:
        (issued, _), (abolished, _), (in_force, line) = (this.cell(item, m) for m in _DOCUMENT_MEASURES)
        last_in_force, _ = last.cell(item, "in_force")
        if issued is None or abolished is None or in_force is None or last_in_force is None:
            continue
        expected = last_in_force + issued - abolished
        if expected != in_force:
            yield finding(
                "in_force_mismatch",
                table="disclosure",
                row=item,
                column="in_force",
                expected=expected,
                actual=in_force,
                line=line,
                detail=f"{last.year}: {last_in_force:g} in force, + {issued:g} issued − {abolished:g} "
                f"abolished = {expected:g}",
            )
