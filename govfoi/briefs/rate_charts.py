"""Rate charts: every agency's rates with their Wilson intervals, and one rate ranked across agencies.

Part of the chart builders (``charts`` is their one public name space): rates are drawn in % with their
intervals, small-n rates hollow and grey, and a missing point says why it is missing.
"""

from __future__ import annotations

from govfoi.briefs import _imports  # noqa: F401  (before altair: see govfoi/briefs/_imports.py)

# isort: split

import altair as alt
import polars as pl

from govfoi.briefs.chart_theme import _configure, _t
from govfoi.rates import DEFAULT_SMALL_N, rate_labels

APPEAL_METRICS = ("review_per_100", "litigation_per_100", "review_correction_rate", "litigation_correction_rate")


def _in_percent(frame: pl.DataFrame) -> pl.DataFrame:
    """Rates as %: a proportion × 100; a per-100 rate is already per 100 (its axis says so)."""
    per_100 = pl.col("metric").str.ends_with("_per_100")
    return frame.with_columns(
        *(pl.when(per_100).then(pl.col(c)).otherwise(pl.col(c) * 100).alias(c) for c in ("value", "lo", "hi"))
    )


def shown(digits: int) -> pl.Expr:
    """A rate as the charts label it, value (numerator/denominator), as column ``shown``."""
    return pl.format(
        "{} ({}/{})",
        pl.col("value").round(digits),
        pl.col("numerator").cast(pl.Int64),
        pl.col("denominator").cast(pl.Int64),
    ).alias("shown")


def _why_missing(lang: str) -> pl.Expr:
    """Why a rate has no point: no cases (denominator 0), or a count that could not be read."""
    return (
        pl.when(pl.col("denominator") == 0).then(pl.lit(_t(lang, "no_cases"))).otherwise(pl.lit(_t(lang, "incomplete")))
    )


def rate_intervals(
    rates_long: pl.DataFrame,
    metrics: tuple[str, ...] = APPEAL_METRICS,
    lang: str = "zh",
    small_n: int = DEFAULT_SMALL_N,
) -> alt.Chart:
    """Each agency's rates as points with Wilson 95% intervals, all in % (per-100 rates per 100 handled).

    Small-n rates are hollow and grey; an agency without a point says why (no cases, or data incomplete).
    """
    unit = {m: _t(lang, "per_100") if m.endswith("_per_100") else "%" for m in metrics}
    names = {m: f"{rate_labels(lang)[m]} ({unit[m]})" for m in metrics}
    chosen = rates_long.filter(pl.col("metric").is_in(list(metrics))).with_columns(
        pl.col("agency").fill_null("?"), pl.col("metric").replace_strict(names).alias("label")
    )
    data = (
        _in_percent(chosen.filter(pl.col("value").is_not_null()))
        .with_columns(
            (pl.col("denominator") < small_n).alias("small_n"),
            shown(2),
        )
        .select("agency", "label", "value", "lo", "hi", "numerator", "denominator", "small_n", "shown")
    )
    missing = chosen.filter(pl.col("value").is_null()).select("agency", "label", _why_missing(lang).alias("why"))
    base = alt.Chart().encode(y=alt.Y("agency:N", title=None))  # data on the layer, so that facets split it
    tooltip = [
        alt.Tooltip("agency:N", title=_t(lang, "agency")),
        alt.Tooltip("label:N", title=_t(lang, "metric")),
        alt.Tooltip("shown:N", title=_t(lang, "rate")),
        alt.Tooltip("small_n:N", title=_t(lang, "small")),
    ]
    layers = [
        base.mark_rule(color="#495057").encode(x=alt.X("lo:Q", title=None), x2=alt.X2("hi:Q"), tooltip=tooltip),
        base.mark_point(size=60, strokeWidth=2).encode(
            x=alt.X("value:Q"),
            tooltip=tooltip,
            color=alt.ColorValue("#1c7ed6", condition={"test": "datum.small_n", "value": "#adb5bd"}),
            fill=alt.FillValue("#1c7ed6", condition={"test": "datum.small_n", "value": "#ffffff"}),
        ),
    ]
    source = data
    if missing.height:
        source = pl.concat([data, missing], how="diagonal_relaxed")
        # only the rows without a point: Vega draws a null text as "null" beside every point
        layers.append(
            alt.Chart()
            .mark_text(align="left", color="#868e96", fontSize=10)
            .encode(y=alt.Y("agency:N", title=None), x=alt.XValue(2), text=alt.Text("why:N"))
            .transform_filter("isValid(datum.why)")
        )
    chart = (
        alt.layer(*layers, data=source)
        .properties(width=240)
        .facet(
            facet=alt.Facet("label:N", title=None, sort=[names[m] for m in metrics]),
            columns=2,
        )
        .resolve_scale(x="independent")
        .properties(
            title=alt.Title(
                "复议与诉讼（95% 区间）" if lang != "en" else "Review and litigation (95% intervals)",
                subtitle=_t(lang, "small_note").format(n=small_n),
            )
        )
    )
    return _configure(chart)


def rank(
    rates_long: pl.DataFrame,
    metric: str,
    highlight: str | None = None,
    lang: str = "zh",
    small_n: int = DEFAULT_SMALL_N,
) -> alt.TopLevelMixin:
    """All agencies on one rate, sorted, the highlighted one in orange; small-n rates hollow and grey."""
    label = rate_labels(lang)[metric]
    data = (
        _in_percent(rates_long.filter(pl.col("metric") == metric, pl.col("value").is_not_null()))
        .with_columns(
            pl.col("agency").fill_null("?"),
            (pl.col("agency") == (highlight or "")).alias("this"),
            (pl.col("denominator") < small_n).alias("small_n"),
            shown(1),
        )
        .with_columns(
            pl.when("this")
            .then(pl.lit("#e8590c"))
            .when("small_n")
            .then(pl.lit("#adb5bd"))
            .otherwise(pl.lit("#1c7ed6"))
            .alias("colour"),
        )
        .with_columns(pl.when("small_n").then(pl.lit("#ffffff")).otherwise("colour").alias("fill"))
        .select("agency", "value", "lo", "hi", "numerator", "denominator", "this", "small_n", "shown", "colour", "fill")
    )
    order = data.sort("value", descending=True)["agency"].to_list()
    colour = alt.Color("colour:N", scale=None)
    base = alt.Chart(data).encode(y=alt.Y("agency:N", sort=order, title=None))
    tooltip = [
        alt.Tooltip("agency:N", title=_t(lang, "agency")),
        alt.Tooltip("shown:N", title=label),
        alt.Tooltip("small_n:N", title=_t(lang, "small")),
    ]
    unit = _t(lang, "per_100") if metric.endswith("_per_100") else "%"
    chart = alt.layer(
        base.mark_rule().encode(
            x=alt.X("lo:Q", title=f"{label} ({unit})"), x2=alt.X2("hi:Q"), color=colour, tooltip=tooltip
        ),
        base.mark_point(size=60, strokeWidth=2).encode(
            x=alt.X("value:Q"), color=colour, tooltip=tooltip, fill=alt.Fill("fill:N", scale=None)
        ),
        base.mark_text(align="left", dx=8, dy=-7, fontSize=10, color="#495057").encode(
            x=alt.X("value:Q"), text=alt.Text("shown:N")
        ),
        width=420,
        title=alt.Title(
            f"{label}（由高到低）" if lang != "en" else f"{label}, highest first",
            subtitle=_t(lang, "small_note").format(n=small_n),
        ),
    )
    return _configure(chart)
