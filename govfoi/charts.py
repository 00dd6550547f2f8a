"""Tidy frames → Altair charts (no I/O). Labels come from the codes table: Chinese by default, ``lang="en"``.

Every builder aggregates in Polars first, so a chart carries a few hundred rows at most, never a corpus.
Rates are drawn with their Wilson intervals and small-n rates are faded; volumes use a symlog scale because
agencies differ by five orders of magnitude and zeros must still show.
"""

from __future__ import annotations

from govfoi import _imports  # noqa: F401  (before altair: see govfoi/_imports.py)

import altair as alt
import polars as pl

from govfoi.codes import OUTCOME_GROUP, OUTCOMES, labels
from govfoi.corpus import Corpus
from govfoi.rates import DEFAULT_SMALL_N, rate_labels

GROUPS = ("granted", "partially_granted", "withheld", "unavailable", "not_processed", "other")
_GROUP_LABELS = {
    "zh": {"granted": "予以公开", "partially_granted": "部分公开", "withheld": "不予公开", "unavailable": "无法提供",
           "not_processed": "不予处理", "other": "其他处理"},
    "en": {"granted": "Granted", "partially_granted": "Partly granted", "withheld": "Withheld",
           "unavailable": "Unavailable", "not_processed": "Not processed", "other": "Other handling"},
}
_GROUP_COLOURS = ["#2b8a3e", "#8ce99a", "#e03131", "#f08c00", "#868e96", "#adb5bd"]
_TEXT = {
    "zh": {"agency": "机关", "value": "数量", "share": "占比", "count": "件数", "reason": "原因", "rate": "比率",
           "metric": "指标", "item": "项目", "n": "分母", "small": "样本小", "check": "检查", "severity": "严重程度",
           "reports": "报告数", "applicant": "申请人"},
    "en": {"agency": "Agency", "value": "Count", "share": "Share", "count": "Requests", "reason": "Reason",
           "rate": "Rate", "metric": "Metric", "item": "Item", "n": "Denominator", "small": "Small n",
           "check": "Check", "severity": "Severity", "reports": "Reports", "applicant": "Applicant"},
}
FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


def _t(lang: str, key: str) -> str:
    return _TEXT["en" if lang == "en" else "zh"][key]


def _configure(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(font=FONT).configure_view(stroke=None)


def _with_agency(frame: pl.DataFrame, corpus: Corpus) -> pl.DataFrame:
    return frame.join(corpus.reports.select("report_id", "agency"), on="report_id").with_columns(
        pl.col("agency").fill_null("?")
    )


def outcome_groups(corpus: Corpus) -> pl.DataFrame:
    """Handled requests per agency and outcome group (total column), the data behind ``outcome_mix``."""
    group = {o: (o if o in ("granted", "partially_granted") else OUTCOME_GROUP[o]) for o in OUTCOMES}
    t = corpus.applications.filter(pl.col("applicant") == "total", pl.col("outcome").is_in(list(group)))
    t = t.filter(pl.col("outcome").cast(pl.String).replace_strict(group, default=None).is_in(GROUPS))
    return (
        _with_agency(t, corpus)
        .with_columns(pl.col("outcome").cast(pl.String).replace_strict(group).alias("group"))
        .group_by("agency", "group")
        .agg(pl.col("count").sum().alias("count"), pl.col("count").null_count().alias("unknown"))
        .sort("agency", "group")
    )


def outcome_mix(corpus: Corpus, lang: str = "zh") -> alt.Chart:
    """100% stacked bars: how each agency's handled requests ended."""
    data = outcome_groups(corpus).with_columns(
        pl.col("group").replace_strict(_GROUP_LABELS[lang]).alias("label"),
        pl.col("group").replace_strict({g: i for i, g in enumerate(GROUPS)}).alias("order"),
    )
    names = [_GROUP_LABELS[lang][g] for g in GROUPS]
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("agency:N", title=None, sort=None),
        x=alt.X("count:Q", stack="normalize", title=_t(lang, "share"), axis=alt.Axis(format="%")),
        color=alt.Color("label:N", title=None, scale=alt.Scale(domain=names, range=_GROUP_COLOURS),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("agency:N", title=_t(lang, "agency")), alt.Tooltip("label:N", title=_t(lang, "item")),
                 alt.Tooltip("count:Q", title=_t(lang, "count"))],
    ).properties(width=520, title="办理结果构成" if lang != "en" else "Outcome mix")
    return _configure(chart)


def refusal_reasons(corpus: Corpus, lang: str = "zh") -> alt.Chart:
    """Heat map of each refusal reason's share of an agency's non-granted outcomes (19 reasons)."""
    reasons = [o for o in OUTCOMES if OUTCOME_GROUP[o] in ("withheld", "unavailable", "not_processed", "other")]
    names = labels("outcome", lang)
    t = corpus.applications.filter(pl.col("applicant") == "total")
    not_granted = t.group_by("report_id").agg(
        (pl.col("count").filter(pl.col("outcome").cast(pl.String).is_in(reasons))).sum().alias("not_granted")
    )
    data = (
        _with_agency(t.filter(pl.col("outcome").cast(pl.String).is_in(reasons)), corpus)
        .join(not_granted, on="report_id")
        .group_by("agency", "outcome").agg(pl.col("count").sum(), pl.col("not_granted").sum())
        .with_columns(
            pl.when(pl.col("not_granted") > 0).then(pl.col("count") / pl.col("not_granted")).alias("share"),
            pl.col("outcome").cast(pl.String).replace_strict(names).alias("reason"),
        )
    )
    order = [names[o] for o in reasons]
    chart = alt.Chart(data).mark_rect().encode(
        x=alt.X("reason:N", sort=order, title=None, axis=alt.Axis(labelAngle=-50, labelLimit=220)),
        y=alt.Y("agency:N", title=None),
        color=alt.Color("share:Q", title=_t(lang, "share"), scale=alt.Scale(scheme="oranges", domain=[0, 1]),
                        legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip("agency:N", title=_t(lang, "agency")), alt.Tooltip("reason:N", title=_t(lang, "reason")),
                 alt.Tooltip("count:Q", title=_t(lang, "count")),
                 alt.Tooltip("share:Q", title=_t(lang, "share"), format=".1%")],
    ).properties(title="未公开原因构成" if lang != "en" else "Why requests were not granted")
    return _configure(chart)


VOLUME_ITEMS = (
    ("normative_documents", "issued"), ("normative_documents", "in_force"), ("licensing", "decisions"),
    ("penalty", "decisions"), ("coercion", "decisions"), ("fees", "amount_10k_yuan"),
)


def disclosure_volumes(corpus: Corpus, lang: str = "zh") -> alt.Chart:
    """Small multiples of table 二 volumes per agency, on a symlog scale (zeros stay visible)."""
    items, measures = labels("disclosure", lang), labels("measure", lang)
    keys = [f"{i}.{m}" for i, m in VOLUME_ITEMS]
    data = (
        _with_agency(corpus.disclosure, corpus)
        .with_columns(pl.format("{}.{}", pl.col("item").cast(pl.String), pl.col("measure").cast(pl.String))
                      .alias("key"))
        .filter(pl.col("key").is_in(keys))
        # one bar per agency (or per group of reports): a sum is shown only when every part is known
        .group_by("agency", "key").agg(pl.when(pl.col("value").null_count() == 0).then(pl.col("value").sum()))
        .filter(pl.col("value").is_not_null())
        .with_columns(pl.col("key").replace_strict(
            {f"{i}.{m}": f"{items[i]} · {measures[m]}" for i, m in VOLUME_ITEMS}).alias("panel"))
        .select("agency", "panel", "value")
    )
    order = [f"{items[i]} · {measures[m]}" for i, m in VOLUME_ITEMS]
    chart = alt.Chart(data).mark_bar(color="#1c7ed6").encode(
        y=alt.Y("agency:N", title=None),
        x=alt.X("value:Q", title=None, scale=alt.Scale(type="symlog")),
        tooltip=[alt.Tooltip("agency:N", title=_t(lang, "agency")), alt.Tooltip("panel:N", title=_t(lang, "item")),
                 alt.Tooltip("value:Q", title=_t(lang, "value"), format=",")],
    ).properties(width=200).facet(
        facet=alt.Facet("panel:N", sort=order, title=None, header=alt.Header(labelFontWeight="bold")), columns=3,
    ).resolve_scale(x="independent").properties(
        title="主动公开数量（对数刻度）" if lang != "en" else "Disclosure volumes (symlog scale)")
    return _configure(chart)


APPEAL_METRICS = ("review_per_100", "litigation_per_100", "review_correction_rate", "litigation_correction_rate")


def rate_intervals(rates_long: pl.DataFrame, metrics: tuple[str, ...] = APPEAL_METRICS, lang: str = "zh",
                   small_n: int = DEFAULT_SMALL_N) -> alt.Chart:
    """Each agency's rates as points with Wilson 95% intervals; small-n rates are faded and say so."""
    names = rate_labels(lang)
    data = (
        rates_long.filter(pl.col("metric").is_in(list(metrics)), pl.col("value").is_not_null())
        .with_columns(
            pl.col("agency").fill_null("?"),
            pl.col("metric").replace_strict(names).alias("label"),
            (pl.col("denominator") < small_n).alias("small_n"),
            pl.format("{} ({}/{})", (pl.col("value")).round(3), pl.col("numerator").cast(pl.Int64),
                      pl.col("denominator").cast(pl.Int64)).alias("shown"),
        )
        .select("agency", "label", "value", "lo", "hi", "numerator", "denominator", "small_n", "shown")
    )
    base = alt.Chart().encode(y=alt.Y("agency:N", title=None))  # data on the layer, so that facets split it
    tooltip = [alt.Tooltip("agency:N", title=_t(lang, "agency")), alt.Tooltip("label:N", title=_t(lang, "metric")),
               alt.Tooltip("shown:N", title=_t(lang, "rate")), alt.Tooltip("small_n:N", title=_t(lang, "small"))]
    opacity = alt.condition("datum.small_n", alt.value(0.3), alt.value(1.0))
    rule = base.mark_rule(color="#495057").encode(x=alt.X("lo:Q", title=None), x2="hi:Q", opacity=opacity,
                                                   tooltip=tooltip)
    point = base.mark_point(filled=True, size=60, color="#1c7ed6").encode(x="value:Q", opacity=opacity,
                                                                           tooltip=tooltip)
    chart = alt.layer(rule, point, data=data).properties(width=220).facet(
        facet=alt.Facet("label:N", title=None, sort=[names[m] for m in metrics]), columns=2,
    ).resolve_scale(x="independent").properties(
        title=f"复议与诉讼（95% 区间；浅色为样本小于 {small_n}）" if lang != "en"
        else f"Review and litigation (95% intervals; faded: n < {small_n})")
    return _configure(chart)


def rank(rates_long: pl.DataFrame, metric: str, highlight: str | None = None, lang: str = "zh",
         small_n: int = DEFAULT_SMALL_N) -> alt.Chart:
    """All agencies on one rate, the highlighted one in colour: where an agency stands among the others."""
    data = rates_long.filter(pl.col("metric") == metric, pl.col("value").is_not_null()).with_columns(
        pl.col("agency").fill_null("?"), (pl.col("agency") == (highlight or "")).alias("this"),
        (pl.col("denominator") < small_n).alias("small_n"),
    ).select("agency", "value", "lo", "hi", "numerator", "denominator", "this", "small_n")
    colour = alt.condition("datum.this", alt.value("#e8590c"), alt.value("#adb5bd"))
    base = alt.Chart(data).encode(y=alt.Y("agency:N", sort="-x", title=None))
    tooltip = [alt.Tooltip("agency:N", title=_t(lang, "agency")),
               alt.Tooltip("value:Q", title=rate_labels(lang)[metric], format=".1%"),
               alt.Tooltip("numerator:Q"), alt.Tooltip("denominator:Q", title=_t(lang, "n"))]
    chart = alt.layer(
        base.mark_rule().encode(x=alt.X("lo:Q", title=rate_labels(lang)[metric], axis=alt.Axis(format="%")),
                                x2="hi:Q", color=colour, tooltip=tooltip),
        base.mark_point(filled=True, size=50).encode(x="value:Q", color=colour, tooltip=tooltip,
                                                     opacity=alt.condition("datum.small_n", alt.value(0.35),
                                                                           alt.value(1.0))),
    ).properties(width=420, title=rate_labels(lang)[metric])
    return _configure(chart)


def applicant_mix(corpus: Corpus, report_id: str, lang: str = "zh") -> alt.Chart:
    """New requests of one report by applicant type."""
    names = labels("applicant", lang)
    data = corpus.applications.filter(
        pl.col("report_id") == report_id, pl.col("outcome") == "received", pl.col("applicant") != "total"
    ).with_columns(pl.col("applicant").cast(pl.String).replace_strict(names).alias("label")).select("label", "count")
    chart = alt.Chart(data).mark_bar(color="#5c940d").encode(
        y=alt.Y("label:N", sort=list(names.values()), title=None),
        x=alt.X("count:Q", title=_t(lang, "count")),
        tooltip=[alt.Tooltip("label:N", title=_t(lang, "applicant")), alt.Tooltip("count:Q", title=_t(lang, "count"))],
    ).properties(width=420, title="申请人构成" if lang != "en" else "Who asked")
    return _configure(chart)


def checks_summary(corpus: Corpus, lang: str = "zh") -> alt.Chart:
    """How many reports raise each check, by severity."""
    data = corpus.checks.group_by("check", "severity").agg(pl.col("report_id").n_unique().alias("reports"))
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("check:N", sort="-x", title=None),
        x=alt.X("reports:Q", title=_t(lang, "reports")),
        color=alt.Color("severity:N", title=_t(lang, "severity"),
                        scale=alt.Scale(domain=["error", "warning", "info"], range=["#e03131", "#f08c00", "#1c7ed6"])),
        tooltip=["check:N", "severity:N", alt.Tooltip("reports:Q", title=_t(lang, "reports"))],
    ).properties(width=420, title="数据质量检查" if lang != "en" else "Data-quality checks")
    return _configure(chart)


TREND_METRICS = ("disclosure_rate", "not_held_rate", "review_correction_rate")


def trend(rates_long: pl.DataFrame, metrics: tuple[str, ...] = TREND_METRICS, lang: str = "zh",
          small_n: int = DEFAULT_SMALL_N) -> alt.Chart:
    """Rates year by year with Wilson 95% intervals; a small-n year is faded (its rate says little)."""
    names = rate_labels(lang)
    data = (
        rates_long.filter(pl.col("metric").is_in(list(metrics)), pl.col("value").is_not_null())
        .with_columns(pl.col("metric").replace_strict(names).alias("label"),
                      (pl.col("denominator") < small_n).alias("small_n"),
                      pl.format("{} ({}/{})", pl.col("value").round(3), pl.col("numerator").cast(pl.Int64),
                                pl.col("denominator").cast(pl.Int64)).alias("shown"))
        .select("year", "label", "value", "lo", "hi", "small_n", "shown")
    )
    tooltip = [alt.Tooltip("year:O", title="年度" if lang != "en" else "Year"),
               alt.Tooltip("label:N", title=_t(lang, "metric")), alt.Tooltip("shown:N", title=_t(lang, "rate")),
               alt.Tooltip("small_n:N", title=_t(lang, "small"))]
    opacity = alt.condition("datum.small_n", alt.value(0.3), alt.value(1.0))
    base = alt.Chart().encode(x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)))
    chart = alt.layer(
        base.mark_line(color="#adb5bd").encode(y=alt.Y("value:Q", title=None, axis=alt.Axis(format="%"),
                                                        scale=alt.Scale(domain=[0, 1]))),
        base.mark_rule(color="#495057").encode(y="lo:Q", y2="hi:Q", opacity=opacity, tooltip=tooltip),
        base.mark_point(filled=True, size=60, color="#1c7ed6").encode(y="value:Q", opacity=opacity, tooltip=tooltip),
        data=data,
    ).properties(width=200, height=160).facet(
        facet=alt.Facet("label:N", title=None, sort=[names[m] for m in metrics]), columns=3,
    ).properties(title=f"逐年比率（95% 区间；浅色为样本小于 {small_n}）" if lang != "en"
                 else f"Rates by year (95% intervals; faded: n < {small_n})")
    return _configure(chart)


def received_by_year(wide: pl.DataFrame, lang: str = "zh") -> alt.Chart:
    """New requests received per year (a year whose count is unknown is left out, not drawn as 0)."""
    data = wide.filter(pl.col("received").is_not_null()).select("year", "received", "n_reports")
    chart = alt.Chart(data).mark_bar(color="#1c7ed6").encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)), y=alt.Y("received:Q", title=_t(lang, "count")),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("received:Q", title=_t(lang, "count"), format=","),
                 alt.Tooltip("n_reports:Q", title=_t(lang, "reports"))],
    ).properties(width=420, height=200, title="新收申请数量" if lang != "en" else "New requests received")
    return _configure(chart)
