"""Agencies over years: one report per agency-year, and the checks that compare a report with last year's.

Runs once over the whole corpus, after every report is parsed (a report alone cannot know its neighbours):

- two readable reports of the same ``agency_id`` and year: the one with fewer errors is kept (then fewer
  warnings, then the first by path); the other gets ``superseded_by`` and a ``duplicate_agency_year``
  warning. Byte-identical files never get this far: they are ``duplicate_content`` failures.
- carry-over (error): last year's 结转下年度继续办理 must equal this year's 上年结转, per applicant column.
- documents in force (warning only, abolitions may include older documents): last year's 现行有效 + this
  year's 本年制发 − 本年废止 against this year's 现行有效, for 规章 and 行政规范性文件.
"""

from __future__ import annotations

import polars as pl

from govfoi.corpus import schemas
from govfoi.findings import ERROR, WARNING, finding

_DOCUMENT_ITEMS = ("regulations", "normative_documents")
_CARRY_ROWS = ("carried_over", "carried_forward")


def panel_cells(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The few cells the checks across years read (carry-over rows, documents in force), so that a large
    run can keep just these in memory instead of reading its frames again."""
    return {"applications": frames["applications"].filter(pl.col("outcome").is_in(_CARRY_ROWS)),
            "disclosure": frames["disclosure"].filter(pl.col("item").is_in(_DOCUMENT_ITEMS))}


def link_years(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The five frames with the panel's checks added (see ``panel_checks``)."""
    reports, checks = panel_checks(frames["reports"], frames["applications"], frames["disclosure"])
    return {**frames, "reports": reports, "checks": pl.concat([frames["checks"], checks])}


def panel_checks(reports: pl.DataFrame, applications: pl.DataFrame,
                 disclosure: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``reports`` with ``superseded_by``, counts and status updated, and the new rows for ``checks``."""
    readable = reports.filter(
        (pl.col("status") != "failed") & pl.col("agency_id").is_not_null() & pl.col("year").is_not_null()
    ).sort("n_errors", "n_warnings", "source")
    kept = readable.unique(["agency_id", "year"], keep="first", maintain_order=True)
    dropped = readable.join(kept.select("agency_id", "year", kept_id="report_id", kept_source="source",
                                        kept_errors="n_errors"), on=["agency_id", "year"]
                            ).filter(pl.col("report_id") != pl.col("kept_id"))
    rows = [_row(r["report_id"], finding(
        "duplicate_agency_year",
        detail=f"{r['source']} ({r['n_errors']} errors) and {r['kept_source']} ({r['kept_errors']} errors) are "
               f"both {r['agency_id']} {r['year']}; kept {r['kept_source']}"))
        for r in dropped.iter_rows(named=True)]
    pairs = _consecutive(kept)
    if pairs.height:
        rows += _carry_over(pairs, applications) + _in_force(pairs, disclosure)
    checks = pl.DataFrame(rows, schema=schemas()["checks"], orient="row")
    return _recount(reports, dropped, checks), checks


def _consecutive(kept: pl.DataFrame) -> pl.DataFrame:
    """(report_id, previous report_id) for each kept report whose agency has a kept report the year before."""
    prev = kept.select("agency_id", pl.col("year") + 1, prev_id="report_id", prev_year="year")
    return kept.select("report_id", "agency_id", "year").join(prev, on=["agency_id", "year"])


def _cells(frame: pl.DataFrame, ids: pl.Series, row_col: str, rows: tuple[str, ...]) -> pl.DataFrame:
    wanted = pl.DataFrame({"report_id": ids.unique()})
    return (frame.join(wanted, on="report_id", how="semi").filter(pl.col(row_col).cast(pl.String).is_in(rows))
            .select("report_id", pl.col(row_col).cast(pl.String), pl.exclude("report_id", row_col, "imputed")))


def _carry_over(pairs: pl.DataFrame, applications: pl.DataFrame) -> list[tuple]:
    ids = pl.concat([pairs["report_id"], pairs["prev_id"]])
    cells = _cells(applications, ids, "outcome", _CARRY_ROWS)
    cells = cells.with_columns(pl.col("applicant").cast(pl.String))
    this = cells.filter(pl.col("outcome") == "carried_over")
    last = cells.filter(pl.col("outcome") == "carried_forward").select(
        prev_id="report_id", applicant="applicant", forward="count")
    joined = pairs.join(this, on="report_id").join(last, on=["prev_id", "applicant"]).filter(
        pl.col("count").is_not_null() & pl.col("forward").is_not_null() & (pl.col("count") != pl.col("forward")))
    return [_row(r["report_id"], finding(
        "carry_over_mismatch", table="applications", row="carried_over", column=r["applicant"],
        expected=r["forward"], actual=r["count"], line=r["line"],
        detail=f"{r['year'] - 1} report {r['prev_id']} carried forward {r['forward']}"))
        for r in joined.iter_rows(named=True)]


def _in_force(pairs: pl.DataFrame, disclosure: pl.DataFrame) -> list[tuple]:
    ids = pl.concat([pairs["report_id"], pairs["prev_id"]])
    cells = _cells(disclosure, ids, "item", _DOCUMENT_ITEMS).with_columns(pl.col("measure").cast(pl.String))
    wide = cells.pivot("measure", index=["report_id", "item"], values="value", aggregate_function="first")
    lines = cells.filter(pl.col("measure") == "in_force").select("report_id", "item", "line")
    last = wide.select(prev_id="report_id", item="item", last_in_force="in_force")
    joined = (pairs.join(wide, on="report_id").join(last, on=["prev_id", "item"]).join(lines, on=["report_id", "item"])
              .with_columns(expected=pl.col("last_in_force") + pl.col("issued") - pl.col("abolished"))
              .filter(pl.col("expected").is_not_null() & pl.col("in_force").is_not_null()
                      & (pl.col("expected") != pl.col("in_force"))))
    return [_row(r["report_id"], finding(
        "in_force_mismatch", table="disclosure", row=r["item"], column="in_force", expected=r["expected"],
        actual=r["in_force"], line=r["line"],
        detail=f"{r['year'] - 1}: {r['last_in_force']:g} in force, + {r['issued']:g} issued − {r['abolished']:g} "
               f"abolished = {r['expected']:g}"))
        for r in joined.iter_rows(named=True)]


def _row(report_id: str, f) -> tuple:  # type: ignore[no-untyped-def]
    return (report_id, f.check, f.severity, f.message, f.table, *f.cell_fields().values(), f.expected, f.actual,
            f.line)


def _recount(reports: pl.DataFrame, dropped: pl.DataFrame, checks: pl.DataFrame) -> pl.DataFrame:
    """Add the new checks to each report's counts and status, and mark superseded reports."""
    counts = checks.group_by("report_id").agg(
        new_errors=(pl.col("severity") == ERROR).sum().cast(pl.UInt32),
        new_warnings=(pl.col("severity") == WARNING).sum().cast(pl.UInt32))
    out = (reports.drop("superseded_by")
           .join(dropped.select("report_id", superseded_by="kept_id"), on="report_id", how="left",
                 maintain_order="left")
           .join(counts, on="report_id", how="left", maintain_order="left")
           .with_columns(n_errors=pl.col("n_errors") + pl.col("new_errors").fill_null(0),
                         n_warnings=pl.col("n_warnings") + pl.col("new_warnings").fill_null(0))
           .with_columns(status=pl.when(pl.col("status") == "failed").then(pl.lit("failed"))
                         .when(pl.col("n_errors") > 0).then(pl.lit("errors"))
                         .when(pl.col("n_warnings") > 0).then(pl.lit("warnings"))
                         .otherwise(pl.lit("ok"))))
    return out.select(reports.columns).cast(schemas()["reports"])  # type: ignore[arg-type]
