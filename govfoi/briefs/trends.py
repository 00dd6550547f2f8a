"""Reports over the years and side by side: an agency's or a region's trend, its table and findings, and the
comparison of agencies or groups in one year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import polars as pl

from govfoi.briefs.briefing import agencies, report_of, resolve_agency
from govfoi.briefs.tables import table_html
from govfoi.corpus.frames import Corpus
from govfoi.errors import ParameterError
from govfoi.rates import metrics, rate_labels


@dataclass(frozen=True)
class Trend:
    """One agency or region over the years: counts and rates per year (wide), and rates per year (long)."""

    subject: str
    wide: pl.DataFrame
    long: pl.DataFrame
    report_ids: list[str]  # every report of the agency or region, superseded ones included


def trend(corpus: Corpus, agency: str = "", region: str = "", small_n: int = 30) -> Trend:
    """One agency (a name or part of one) or one region (a province or city name: 浙江省, 宁波市) over the
    years, from the panel (one report per agency-year); a region's counts are summed per year before rates."""
    if agency:
        name = resolve_agency(corpus, agency)
        ids = corpus.reports.filter(pl.col("agency") == name)["agency_id"].drop_nulls().unique().to_list()
        if not ids:
            raise ParameterError(f"{name}: no agency_id (its place is unknown), so its years cannot be linked")
        key, subject = "agency_id", name
        keep = pl.col("agency_id").is_in(ids)
    else:
        kinds = [k for k in ("province", "city") if region in corpus.reports[k].drop_nulls().unique().to_list()]
        if not kinds:
            known = sorted({x for k in ("province", "city") for x in corpus.reports[k].drop_nulls().to_list()})
            raise ParameterError(
                f"region {region!r} is no province or city in these reports; known: {', '.join(known)}"
            )
        key, subject = kinds[0], region
        keep = pl.col(key) == region
    wide = metrics(corpus, small_n=small_n, by=key).filter(keep).sort("year")
    long = metrics(corpus, small_n=small_n, by=key, shape="long").filter(keep).sort("year")
    return Trend(subject, wide, long, corpus.reports.filter(keep)["report_id"].to_list())


def trend_table(rates_long: pl.DataFrame, metrics_shown: tuple[str, ...], lang: str = "zh") -> str:
    """Year by year: reports, and each rate as 'value (numerator/denominator)'; small-n marked."""
    names = rate_labels(lang)
    rows = []
    for year in sorted(rates_long["year"].drop_nulls().unique().to_list()):
        at = rates_long.filter(pl.col("year") == year)
        row: list[object] = [str(year), at["n_reports"][0]]
        for key in metrics_shown:
            m = at.filter(pl.col("metric") == key)
            if m.is_empty() or m["value"][0] is None:
                row.append("—")
                continue
            r = m.row(0, named=True)
            fmt = "{:.2f}" if key.endswith("_per_100") else "{:.1%}"
            small = (" 样本小" if lang != "en" else " small n") if r["small_n"] else ""
            row.append(f"{fmt.format(r['value'])} ({int(r['numerator'])}/{int(r['denominator'])}){small}")
        rows.append(row)
    header = [
        "年度" if lang != "en" else "Year",
        "报告数" if lang != "en" else "Reports",
        *(names[k] for k in metrics_shown),
    ]
    return table_html(rows, header, "rates")


def comparison(
    corpus: Corpus, agencies_: list[str], year: int = 0, group_by: str = "", small_n: int = 30
) -> tuple[Corpus, pl.DataFrame, pl.DataFrame]:
    """What the comparison brief draws: (reports as a corpus, rates long, rates wide), each row an agency.

    With ``group_by`` (province, city or level) each row is a group instead, labelled "浙江省 (4)" with its
    number of reports: the panel's reports of ``year`` (0: the latest year in the data) with their counts
    summed per group before any rate (never an average of rates).
    """
    if not group_by:
        chosen = [resolve_agency(corpus, a) for a in agencies_] or agencies(corpus)
        selected = corpus.where([report_of(corpus, a, year) for a in chosen])
        return (selected, metrics(selected, small_n=small_n, shape="long"), metrics(selected, small_n=small_n))
    panel = corpus.panel()
    if agencies_:
        chosen = [resolve_agency(corpus, a) for a in agencies_]
        panel = panel.where(panel.reports.filter(pl.col("agency").is_in(chosen))["report_id"])
    chosen_year = cast(int, year or panel.reports["year"].max())
    panel = panel.where(panel.reports.filter(pl.col("year") == chosen_year)["report_id"])
    if not len(panel):
        raise ParameterError(f"no readable report with a year and a place for year {chosen_year}")
    label = pl.format("{} ({})", pl.col(group_by).cast(pl.String).fill_null("?"), pl.col("n_reports"))
    sizes = panel.reports.group_by(group_by).agg(pl.len().alias("n_reports"))
    names = panel.reports.join(sizes, on=group_by, how="left", nulls_equal=True).select("report_id", label.alias("g"))
    reports = (
        panel.reports.join(names, on="report_id", maintain_order="left").with_columns(agency=pl.col("g")).drop("g")
    )
    grouped = Corpus(**{**panel.frames(), "reports": reports})
    long = metrics(panel, small_n=small_n, by=group_by, shape="long").with_columns(label.alias("agency"))
    wide = metrics(panel, small_n=small_n, by=group_by).with_columns(label.alias("agency"))
    return grouped, long, wide


def trend_findings(t: Trend, lang: str = "zh") -> list[str]:
    """Sentences on the first and last year of a trend, and on the latest change, from its counts and rates."""
    en = lang == "en"
    rows = t.wide.filter(pl.col("year").is_not_null()).sort("year").to_dicts()
    if len(rows) < 2:
        return ["Only one year of data." if en else "只有一个年度的数据。"]
    first, prev, last = rows[0], rows[-2], rows[-1]
    out = []
    if first["received"] is not None and last["received"] is not None:
        out.append(
            f"New requests went from {first['received']:,} in {first['year']} to {last['received']:,} in "
            f"{last['year']}."
            if en
            else f"新收申请由 {first['year']} 年的 {first['received']:,} 件变为 {last['year']} 年的 "
            f"{last['received']:,} 件。"
        )
    if prev["received"] and last["received"] is not None:
        change = (last["received"] - prev["received"]) / prev["received"]
        out.append(
            f"From {prev['year']} to {last['year']}: {change:+.0%}."
            if en
            else f"{last['year']} 年比 {prev['year']} 年{'增加' if change >= 0 else '减少'} {abs(change):.0%}。"
        )
    if first["disclosure_rate"] is not None and last["disclosure_rate"] is not None:
        out.append(
            f"The disclosure rate was {first['disclosure_rate']:.1%} in {first['year']} and "
            f"{last['disclosure_rate']:.1%} in {last['year']}."
            if en
            else f"公开率 {first['year']} 年为 {first['disclosure_rate']:.1%}，{last['year']} 年为 "
            f"{last['disclosure_rate']:.1%}。"
        )
    return out
