"""Frames → the rates researchers compare (docs/METRICS.md), each with numerator, denominator and a Wilson 95% CI.

A rate is null when its denominator is zero or any cell it needs is null; it is never computed from a
partly known table. Rates whose denominator is below ``small_n`` are flagged, not dropped.

The module is ``rates``, not ``metrics``: ``govfoi.metrics`` is the public function, which importing a submodule
of the same name would replace on the package.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from govfoi.codes import OUTCOME_GROUP, OUTCOMES
from govfoi.corpus.frames import Corpus
from govfoi.population import codes_of_groups, join_population

Z = 1.959963984540054  # two-sided 95%
DEFAULT_SMALL_N = 30


@dataclass(frozen=True)
class Rate:
    """A metric as numerator / denominator (× scale)."""

    name: str
    numerator: pl.Expr
    denominator: pl.Expr
    scale: float = 1.0
    label_zh: str = ""
    label_en: str = ""


def _t(outcome: str) -> pl.Expr:
    return pl.col(f"t_{outcome}")


def _group(group: str) -> pl.Expr:
    return pl.sum_horizontal([_t(o) for o in OUTCOMES if OUTCOME_GROUP[o] == group], ignore_nulls=False)


def _a(channel: str, result: str) -> pl.Expr:
    return pl.col(f"{channel}__{result}")


HANDLED = _t("processed_total")
GRANTED = _t("granted") + _t("partially_granted")
SUBSTANTIVE = HANDLED - _group("not_processed") - _group("other")
CONCLUDED_LITIGATION = (
    _a("litigation_direct", "total")
    - _a("litigation_direct", "pending")
    + _a("litigation_after_review", "total")
    - _a("litigation_after_review", "pending")
)

RATES: tuple[Rate, ...] = (
    Rate("disclosure_rate", GRANTED, HANDLED, 1, "公开率", "Disclosure rate"),
    Rate("grant_rate", _t("granted"), HANDLED, 1, "全部公开率", "Full grant rate"),
    Rate("withheld_rate", _group("withheld"), HANDLED, 1, "不予公开率", "Withheld rate"),
    Rate("unavailable_rate", _group("unavailable"), HANDLED, 1, "无法提供率", "Unavailable rate"),
    Rate("not_held_rate", _t("unavailable_not_held"), HANDLED, 1, "不掌握率", "Not-held rate"),
    Rate("not_processed_rate", _group("not_processed"), HANDLED, 1, "不予处理率", "Not-processed rate"),
    Rate("other_rate", _group("other"), HANDLED, 1, "其他处理率", "Other-handling rate"),
    Rate("disclosure_rate_substantive", GRANTED, SUBSTANTIVE, 1, "实质公开率", "Disclosure rate (substantive base)"),
    Rate("review_per_100", _a("review", "total"), HANDLED, 100, "每百件复议数", "Reviews per 100 handled"),
    Rate(
        "litigation_per_100",
        _a("litigation_direct", "total") + _a("litigation_after_review", "total"),
        HANDLED,
        100,
        "每百件诉讼数",
        "Lawsuits per 100 handled",
    ),
    Rate(
        "dispute_rate",
        _a("review", "total") + _a("litigation_direct", "total"),
        _t("received"),
        1,
        "争议转化率",
        "Dispute rate",
    ),
    Rate(
        "review_correction_rate",
        _a("review", "corrected"),
        _a("review", "total") - _a("review", "pending"),
        1,
        "复议纠错率",
        "Review correction rate",
    ),
    Rate(
        "litigation_correction_rate",
        _a("litigation_direct", "corrected") + _a("litigation_after_review", "corrected"),
        CONCLUDED_LITIGATION,
        1,
        "诉讼纠错率",
        "Litigation correction rate",
    ),
    Rate(
        "organisation_share",
        _t("received") - pl.col("received_natural_person"),
        _t("received"),
        1,
        "法人或其他组织申请占比",
        "Share of requests from organisations",
    ),
)
COUNTS = {"received": _t("received"), "handled": HANDLED, "substantive": SUBSTANTIVE}


def rate_labels(lang: str = "zh") -> dict[str, str]:
    """Metric name → label, for charts and tables."""
    return {r.name: (r.label_en if lang == "en" else r.label_zh) for r in RATES}


def wilson(x: pl.Expr, n: pl.Expr, z: float = Z) -> tuple[pl.Expr, pl.Expr]:
    """Wilson score interval for x successes in n trials (null where n <= 0 or x is outside [0, n])."""
    valid = (n > 0) & (x >= 0) & (x <= n)
    p = x / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * ((p * (1 - p) / n + z**2 / (4 * n**2)).sqrt())
    # Clip rounding error: the interval always contains the observed rate and stays within [0, 1].
    lo = pl.min_horizontal(centre - half, p).clip(0.0, 1.0)
    hi = pl.max_horizontal(centre + half, p).clip(0.0, 1.0)
    return pl.when(valid).then(lo).otherwise(None), pl.when(valid).then(hi).otherwise(None)


_PLACE = ("agency_id", "province", "city", "county", "division_code", "level", "government_level")
GROUPS = ("province", "city", "county", "division_code", "level", "government_level", "agency_id")


def _inputs(corpus: Corpus) -> pl.DataFrame:
    """One row per report: its place, table 三 totals, natural-person intake, and table 四 cells."""
    base = corpus.reports.select("report_id", "agency", "year", *_PLACE)
    totals = (
        corpus.applications.filter(pl.col("applicant") == "total")
        .select("report_id", pl.format("t_{}", pl.col("outcome").cast(pl.String)).alias("key"), "count")
        .pivot(on="key", index="report_id", values="count")
    )
    people = corpus.applications.filter(
        (pl.col("applicant") == "natural_person") & (pl.col("outcome") == "received")
    ).select("report_id", pl.col("count").alias("received_natural_person"))
    appeals = corpus.appeals.select(
        "report_id",
        pl.format("{}__{}", pl.col("channel").cast(pl.String), pl.col("result").cast(pl.String)).alias("key"),
        "count",
    ).pivot(on="key", index="report_id", values="count")
    out = base.join(totals, on="report_id", how="left").join(people, on="report_id", how="left")
    out = out.join(appeals, on="report_id", how="left")
    missing = [pl.lit(None, pl.Int64).alias(c) for c in _NEEDED if c not in out.columns]
    return out.with_columns(missing) if missing else out


_NEEDED = (
    [f"t_{o}" for o in OUTCOMES]
    + [
        f"{c}__{r}"
        for c in ("review", "litigation_direct", "litigation_after_review")
        for r in ("upheld", "corrected", "other", "pending", "total")
    ]
    + ["received_natural_person"]
)


def _aggregate(data: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Sum the counts of each group and year first (rates come after, never an average of rates).

    A group's count is null when any of its reports lacks it: a sum over a partly known set is not shown.
    """
    sums = [pl.when(pl.col(c).null_count() == 0).then(pl.col(c).sum()).alias(c) for c in _NEEDED]
    out = data.group_by([*keys, "year"]).agg(pl.len().cast(pl.UInt32).alias("n_reports"), *sums)
    return out.sort([*keys, "year"], nulls_last=True)


def metrics(  # noqa: C901
    corpus: Corpus,
    *,
    small_n: int = DEFAULT_SMALL_N,
    shape: str = "wide",
    by: str | list[str] | None = None,
    population: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The rates of docs/METRICS.md per report, or per group and year.

    Args:
        corpus: parsed reports.
        small_n: denominators below this are flagged ``small_n`` (default 30).
        shape: ``wide`` (one row per report or group; for each rate ``r``: ``r``, ``r_num``, ``r_den``,
            ``r_lo``, ``r_hi``, ``r_small_n``) or ``long`` (one row per report or group and metric, for charts).
        by: None for one row per report; else group keys from ``GROUPS`` (``"province"``, ``["city",
            "level"]``, ``"agency_id"`` ...). Groups sum the counts of the panel (``corpus.panel()``: one report
            per agency-year) per year, then take rates.
        population: a frame with ``division_code`` (6 digits), ``population`` (residents) and optionally
            ``year``; adds ``population`` and ``requests_per_10k`` (received per 10,000 residents).

    Returns:
        A Polars frame. Counts ``received``, ``handled`` and ``substantive`` come first.
    """
    if shape not in ("wide", "long"):
        raise ValueError(f"shape must be 'wide' or 'long', not {shape!r}")
    if small_n < 0:
        raise ValueError(f"small_n must be >= 0, not {small_n}")
    keys = [by] if isinstance(by, str) else list(by) if by is not None else None
    if keys is not None:
        unknown = [k for k in keys if k not in GROUPS]
        if unknown or not keys:
            raise ValueError(f"by must be one or more of {', '.join(GROUPS)}; got {by!r}")
        data = _aggregate(_inputs(corpus.panel()), keys)
        ids = [*keys, "year", "n_reports"]
        if population is not None and keys in (["province"], ["city"], ["county"]):
            data = data.join(codes_of_groups(corpus, keys), on=keys, how="left")
    else:
        data = _inputs(corpus)
        ids = ["report_id", "agency", "year"]
    if population is not None:
        data = join_population(data, population)
    long = pl.concat(
        [
            data.select(
                *ids,
                pl.lit(r.name).alias("metric"),
                r.numerator.cast(pl.Float64).alias("numerator"),
                r.denominator.cast(pl.Float64).alias("denominator"),
                pl.lit(r.scale).alias("scale"),
            )
            for r in RATES
        ]
    )
    lo, hi = wilson(pl.col("numerator"), pl.col("denominator"))
    long = long.with_columns(
        pl.when(pl.col("denominator") > 0)
        .then(pl.col("numerator") / pl.col("denominator") * pl.col("scale"))
        .alias("value"),
        (lo * pl.col("scale")).alias("lo"),
        (hi * pl.col("scale")).alias("hi"),
        (pl.col("denominator") < small_n).alias("small_n"),
    ).select(*ids, "metric", "value", "numerator", "denominator", "lo", "hi", "small_n")
    join_on = ["report_id"] if keys is None else [*keys, "year"]
    if population is not None:  # a ratio of people, not a proportion: no interval, no small-n
        per_10k = data.select(
            *ids,
            pl.lit("requests_per_10k").alias("metric"),
            (pl.col("t_received") / pl.col("population") * 10_000).alias("value"),
            pl.col("t_received").cast(pl.Float64).alias("numerator"),
            pl.col("population").cast(pl.Float64).alias("denominator"),
            pl.lit(None, pl.Float64).alias("lo"),
            pl.lit(None, pl.Float64).alias("hi"),
            pl.lit(None, pl.Boolean).alias("small_n"),
        )
        long = pl.concat([long, per_10k])
    if shape == "long":
        return long
    wide = data.select(*ids, *[e.alias(k) for k, e in COUNTS.items()])
    for r in RATES:
        part = long.filter(pl.col("metric") == r.name).select(
            *join_on,
            pl.col("value").alias(r.name),
            pl.col("numerator").alias(f"{r.name}_num"),
            pl.col("denominator").alias(f"{r.name}_den"),
            pl.col("lo").alias(f"{r.name}_lo"),
            pl.col("hi").alias(f"{r.name}_hi"),
            pl.col("small_n").alias(f"{r.name}_small_n"),
        )
        wide = wide.join(part, on=join_on, how="left", nulls_equal=True, maintain_order="left")
    if population is not None:
        wide = wide.join(
            data.select(
                *join_on, "population", (pl.col("t_received") / pl.col("population") * 10_000).alias("requests_per_10k")
            ),
            on=join_on,
            how="left",
            nulls_equal=True,
            maintain_order="left",
        )
    if keys is None:  # who and where, after the rates (columns are only ever added)
        wide = wide.join(data.select("report_id", *_PLACE), on="report_id", how="left", maintain_order="left")
    return wide


REFUSAL_GROUPS = ("withheld", "unavailable", "not_processed", "other")
REFUSALS = tuple(o for o in OUTCOMES if OUTCOME_GROUP[o] in REFUSAL_GROUPS)
UNKNOWN = "unknown"


def refusal_mix(corpus: Corpus, by: str | None = None) -> pl.DataFrame:
    """Each refusal reason's share of the requests not granted, per report (or per ``by``, e.g. ``"agency"``).

    The one definition, used by the charts too: share = reason / not_granted, where not_granted =
    handled − granted − partially_granted (the 19 reasons of 不予公开 / 无法提供 / 不予处理 / 其他处理).
    A reason whose cell is unreadable has a null count and share, and the part of not_granted that the
    known reasons leave unexplained is a row of its own, ``outcome == "unknown"``: shares then still sum to
    1 and the unknown part is shown as unknown, never spread over the others. With ``by``, counts are summed
    over the reports first (a sum with an unknown part is unknown).

    Columns: report_id (or ``by``), agency, year (per report only), outcome (a reason code or "unknown"),
    group (withheld / unavailable / not_processed / other / unknown), count, not_granted, share.
    """
    t = corpus.applications.filter(pl.col("applicant") == "total").select(
        "report_id", pl.col("outcome").cast(pl.String), "count"
    )
    wide = t.pivot(on="outcome", index="report_id", values="count")
    for needed in ("processed_total", "granted", "partially_granted"):
        if needed not in wide.columns:
            wide = wide.with_columns(pl.lit(None, pl.Int64).alias(needed))
    denom = wide.select(
        "report_id", (pl.col("processed_total") - pl.col("granted") - pl.col("partially_granted")).alias("not_granted")
    )
    reasons = (
        pl.DataFrame({"outcome": list(REFUSALS)})
        .join(denom.select("report_id"), how="cross")
        .join(t, on=["report_id", "outcome"], how="left")
    )  # a reason the report lacks is unknown too
    unit = "report_id" if by is None else by
    if by is not None:
        owner = corpus.reports.select("report_id", by)
        reasons = (
            reasons.join(owner, on="report_id")
            .group_by(by, "outcome")
            .agg(pl.when(pl.col("count").null_count() == 0).then(pl.col("count").sum()).alias("count"))
        )
        denom = (
            denom.join(owner, on="report_id")
            .group_by(by)
            .agg(
                pl.when(pl.col("not_granted").null_count() == 0).then(pl.col("not_granted").sum()).alias("not_granted")
            )
        )
    reasons = reasons.join(denom, on=unit, how="left", nulls_equal=True)
    unknown = (
        reasons.group_by(unit)
        .agg(
            pl.col("not_granted").first(),
            pl.col("count").sum().alias("known"),
            pl.col("count").null_count().alias("missing"),
        )
        .filter(pl.col("missing") > 0)
        .select(
            unit,
            pl.lit(UNKNOWN).alias("outcome"),
            (pl.col("not_granted") - pl.col("known")).alias("count"),
            "not_granted",
        )
    )
    out = (
        pl.concat([reasons.select(unit, "outcome", "count", "not_granted"), unknown], how="vertical_relaxed")
        .with_columns(
            pl.col("outcome").replace_strict({**OUTCOME_GROUP, UNKNOWN: UNKNOWN}, default=UNKNOWN).alias("group"),
            pl.when(pl.col("not_granted") > 0).then(pl.col("count") / pl.col("not_granted")).alias("share"),
        )
        .with_columns(
            pl.col("outcome")
            .replace_strict({o: i for i, o in enumerate((*REFUSALS, UNKNOWN))}, return_dtype=pl.UInt8)
            .alias("_order")
        )
        .sort(unit, "_order", nulls_last=True)
        .drop("_order")
    )
    if by is None:
        out = out.join(
            corpus.reports.select("report_id", "agency", "year"), on="report_id", how="left", maintain_order="left"
        )
        return out.select("report_id", "agency", "year", "outcome", "group", "count", "not_granted", "share")
    return out.select(by, "outcome", "group", "count", "not_granted", "share")
