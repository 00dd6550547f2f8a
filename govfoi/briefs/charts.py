"""Tidy frames → Altair charts (no I/O). Labels come from the codes table: Chinese by default, ``lang="en"``.

Every builder aggregates in Polars first, so a chart carries a few hundred rows at most, never a corpus.
Rates are in % with their Wilson intervals; small-n rates are drawn hollow and grey and the chart says what
small-n means; a missing point says why it is missing. Volumes are small multiples, one scale per item,
with every bar labelled by its value (agencies differ by five orders of magnitude: labels, not a log axis,
carry the numbers). No label is ever cut short (``labelLimit=0``). The words in both languages, the
colours and the font the charts share are in ``chart_theme``; the rate charts (``rate_intervals``, ``rank``)
are in ``rate_charts``, and named here with the others.
"""

from __future__ import annotations

from govfoi.briefs import _imports  # noqa: F401  (before altair: see govfoi/briefs/_imports.py)

# isort: split

import altair as alt
import polars as pl

from govfoi.briefs.chart_theme import (
    _GROUP_COLOURS,
    _GROUP_LABELS,
    _REFUSAL_GROUP_COLOURS,
    GROUPS,
    _configure,
    _t,
    check_labels,
    message,
    reason_labels,
    severity_labels,
)
from govfoi.briefs.rate_charts import APPEAL_METRICS as APPEAL_METRICS  # the rate charts, one chart name space
from govfoi.briefs.rate_charts import rank as rank
from govfoi.briefs.rate_charts import rate_intervals as rate_intervals
from govfoi.briefs.rate_charts import shown
from govfoi.codes import OUTCOME_GROUP, OUTCOMES, labels
from govfoi.corpus.frames import Corpus
from govfoi.rates import DEFAULT_SMALL_N, REFUSAL_GROUPS, UNKNOWN, rate_labels, refusal_mix


def _count_x(field: str, top: int, title: str) -> alt.X:
    """An x axis of whole numbers up to ``top``: with a few reports, Vega's ticks at 0.5 read "0, 1, 1" once
    rounded. The scale ends at the last tick, so that no tick falls outside the chart."""
    step = max(1, -(-top // 5))
    ticks = list(range(0, top + step, step))
    return alt.X(field, title=title, axis=alt.Axis(format="d", values=ticks), scale=alt.Scale(domain=[0, ticks[-1]]))


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
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("agency:N", title=None, sort=None),
            x=alt.X("count:Q", stack="normalize", title=_t(lang, "share"), axis=alt.Axis(format="%")),
            color=alt.Color(
                "label:N",
                title=None,
                scale=alt.Scale(domain=names, range=_GROUP_COLOURS),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("agency:N", title=_t(lang, "agency")),
                alt.Tooltip("label:N", title=_t(lang, "item")),
                alt.Tooltip("count:Q", title=_t(lang, "count")),
            ],
        )
        .properties(width=520, title="办理结果构成" if lang != "en" else "Outcome mix")
    )
    return _configure(chart)


def refusal_shares(corpus: Corpus, lang: str = "zh") -> pl.DataFrame:
    """The data behind ``refusal_reasons``: ``rates.refusal_mix`` per agency (the one definition of a share),
    reasons with a count of 0 left out, sorted within each group by count."""
    groups = {**_GROUP_LABELS[lang], UNKNOWN: _t(lang, "unknown")}
    order = {g: i for i, g in enumerate((*REFUSAL_GROUPS, UNKNOWN))}
    return (
        refusal_mix(_with_agency_names(corpus), by="agency")
        .filter(pl.col("count") > 0)
        .with_columns(
            pl.col("agency").fill_null("?"),
            pl.col("outcome").replace_strict(reason_labels(lang)).alias("reason"),
            pl.col("group").replace_strict(groups).alias("group_label"),
            pl.col("group").replace_strict(order, return_dtype=pl.Int32).alias("group_order"),
            pl.format("{} · {}", pl.col("count"), (pl.col("share") * 100).round(1).cast(pl.String) + "%").alias(
                "shown"
            ),
        )
        .sort("agency", "group_order", "count", descending=[False, False, True])
        .with_columns(pl.int_range(pl.len()).over("agency").alias("rank"))
    )


def _with_agency_names(corpus: Corpus) -> Corpus:
    return Corpus(**{**corpus.frames(), "reports": corpus.reports.with_columns(pl.col("agency").fill_null("?"))})


def refusal_reasons(corpus: Corpus, lang: str = "zh") -> alt.TopLevelMixin:
    """Why requests were not granted: one sorted bar per reason, grouped by 不予公开 / 无法提供 / 不予处理 /
    其他处理, each labelled with its count and share of the requests not granted; an agency per panel.

    Shares come from ``rates.refusal_mix`` (one definition); a part that unreadable cells leave unexplained is
    an outlined "unknown" bar, never spread over the known reasons.
    """
    data = refusal_shares(corpus, lang)
    title = (
        "未予公开的原因（件数 · 占未予公开件数的比例）"
        if lang != "en"
        else "Why requests were not granted (count · share of requests not granted)"
    )
    if data.is_empty():
        return message(_t(lang, "no_refusal"), title)
    groups = {**_GROUP_LABELS[lang], UNKNOWN: _t(lang, "unknown")}
    present = [g for g in (*REFUSAL_GROUPS, UNKNOWN) if g in set(data["group"].to_list())]
    colour = alt.Color(
        "group_label:N",
        title=None,
        legend=alt.Legend(orient="bottom"),
        scale=alt.Scale(domain=[groups[g] for g in present], range=[_REFUSAL_GROUP_COLOURS[g] for g in present]),
    )
    tooltip = [
        alt.Tooltip("agency:N", title=_t(lang, "agency")),
        alt.Tooltip("reason:N", title=_t(lang, "reason")),
        alt.Tooltip("count:Q", title=_t(lang, "count")),
        alt.Tooltip("share:Q", title=_t(lang, "share"), format=".1%"),
        alt.Tooltip("not_granted:Q", title="未予公开件数" if lang != "en" else "Not granted"),
    ]
    panels = []
    for agency in data["agency"].unique(maintain_order=True).to_list():
        part = data.filter(pl.col("agency") == agency)
        base = alt.Chart(part).encode(y=alt.Y("reason:N", sort=part["reason"].to_list(), title=None))
        bars = base.mark_bar(stroke="#495057", strokeWidth=0.5).encode(
            x=alt.X("count:Q", title=_t(lang, "count"), scale=alt.Scale(domainMin=0)),
            color=colour,
            tooltip=tooltip,
            strokeDash=alt.StrokeDashValue([], condition={"test": f"datum.group === '{UNKNOWN}'", "value": [4, 2]}),
        )
        text = base.mark_text(align="left", dx=4, fontSize=11).encode(x=alt.X("count:Q"), text=alt.Text("shown:N"))
        total = part["not_granted"][0]
        sub = f"{agency}（未予公开 {total} 件）" if lang != "en" else f"{agency} ({total} not granted)"
        panels.append(alt.layer(bars, text, width=360, height=alt.Step(18), title=sub))
    # Properties given when the charts are made: each .properties() copies every panel again (200 agencies
    # compared make 200 panels).
    chart = alt.vconcat(*panels, title=title)
    return _configure(chart)


VOLUME_ITEMS = (
    ("normative_documents", "issued"),
    ("normative_documents", "in_force"),
    ("licensing", "decisions"),
    ("penalty", "decisions"),
    ("coercion", "decisions"),
    ("fees", "amount_10k_yuan"),
)


def disclosure_volumes(corpus: Corpus, lang: str = "zh") -> alt.Chart:
    """Small multiples of table 二 volumes, one linear scale per item, every bar labelled with its value.

    Agencies differ by five orders of magnitude (889,636 penalties against 0): a log axis makes 11,381 look
    like three quarters of 458,711, so each item gets its own scale and the numbers are printed.
    """
    items, measures = labels("disclosure", lang), labels("measure", lang)
    keys = [f"{i}.{m}" for i, m in VOLUME_ITEMS]
    data = (
        _with_agency(corpus.disclosure, corpus)
        .with_columns(
            pl.format("{}.{}", pl.col("item").cast(pl.String), pl.col("measure").cast(pl.String)).alias("key")
        )
        .filter(pl.col("key").is_in(keys))
        # one bar per agency (or per group of reports): a sum is shown only when every part is known
        .group_by("agency", "key")
        .agg(pl.when(pl.col("value").null_count() == 0).then(pl.col("value").sum()))
        .filter(pl.col("value").is_not_null())
        .sort("agency", "key")  # group_by's order varies from run to run; the page should not
        .with_columns(
            pl.col("key")
            .replace_strict({f"{i}.{m}": f"{items[i]} · {measures[m]}" for i, m in VOLUME_ITEMS})
            .alias("panel"),
            pl.col("value")
            .map_elements(lambda v: f"{v:,.0f}" if v == int(v) else f"{v:,.2f}", return_dtype=pl.String)
            .alias("shown"),
        )
        .select("agency", "panel", "value", "shown")
    )
    order = [f"{items[i]} · {measures[m]}" for i, m in VOLUME_ITEMS]
    base = alt.Chart().encode(y=alt.Y("agency:N", title=None))
    tooltip = [
        alt.Tooltip("agency:N", title=_t(lang, "agency")),
        alt.Tooltip("panel:N", title=_t(lang, "item")),
        alt.Tooltip("value:Q", title=_t(lang, "value"), format=","),
    ]
    bars = base.mark_bar(color="#1c7ed6").encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(format="~s", tickCount=3)), tooltip=tooltip
    )
    text = base.mark_text(align="left", dx=3, fontSize=10, color="#212529").encode(
        x=alt.X("value:Q"), text=alt.Text("shown:N")
    )
    chart = (
        alt.layer(bars, text, data=data)
        .properties(width=190)
        .facet(
            facet=alt.Facet("panel:N", sort=order, title=None, header=alt.Header(labelFontWeight="bold")),
            columns=2,
        )
        .resolve_scale(x="independent")
        .properties(
            title="主动公开数量（每项各用一个刻度，数值标在条上）"
            if lang != "en"
            else "Disclosure volumes (one scale per item; values on the bars)"
        )
    )
    return _configure(chart)


def applicant_mix(corpus: Corpus, report_id: str, lang: str = "zh") -> alt.Chart:
    """New requests of one report by applicant type."""
    names = labels("applicant", lang)
    data = (
        corpus.applications.filter(
            pl.col("report_id") == report_id, pl.col("outcome") == "received", pl.col("applicant") != "total"
        )
        .with_columns(pl.col("applicant").cast(pl.String).replace_strict(names).alias("label"))
        .select("label", "count")
    )
    chart = (
        alt.Chart(data)
        .mark_bar(color="#5c940d")
        .encode(
            y=alt.Y("label:N", sort=list(names.values()), title=None),
            x=alt.X("count:Q", title=_t(lang, "count")),
            tooltip=[
                alt.Tooltip("label:N", title=_t(lang, "applicant")),
                alt.Tooltip("count:Q", title=_t(lang, "count")),
            ],
        )
        .properties(width=420, title="申请人构成" if lang != "en" else "Who asked")
    )
    return _configure(chart)


def checks_summary(corpus: Corpus, lang: str = "zh") -> alt.Chart:
    """How many reports raise each check, by severity."""
    data = (
        corpus.checks.group_by("check", "severity")
        .agg(pl.col("report_id").n_unique().alias("reports"))
        .sort("check", "severity")
        .with_columns(
            pl.col("check")
            .cast(pl.String)
            .replace_strict(check_labels(lang), default=pl.col("check").cast(pl.String))
            .alias("name"),
            pl.col("severity").cast(pl.String).replace_strict(severity_labels(lang)).alias("level"),
        )
    )
    names = severity_labels(lang)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort="-x", title=None),
            x=_count_x(
                "reports:Q",
                int(data["reports"].max() or 1),  # type: ignore[arg-type]  # a count's max: int
                _t(lang, "reports"),
            ),
            color=alt.Color(
                "level:N",
                title=_t(lang, "severity"),
                scale=alt.Scale(
                    domain=[names[s] for s in ("error", "warning", "info")], range=["#e03131", "#f08c00", "#1c7ed6"]
                ),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=_t(lang, "check")),
                alt.Tooltip("check:N"),
                alt.Tooltip("level:N", title=_t(lang, "severity")),
                alt.Tooltip("reports:Q", title=_t(lang, "reports")),
            ],
        )
        .properties(width=420, title="数据质量检查" if lang != "en" else "Data-quality checks")
    )
    return _configure(chart)


TREND_METRICS = ("disclosure_rate", "not_held_rate", "review_correction_rate")


def trend(
    rates_long: pl.DataFrame, metrics: tuple[str, ...] = TREND_METRICS, lang: str = "zh", small_n: int = DEFAULT_SMALL_N
) -> alt.TopLevelMixin:
    """Rates year by year with Wilson 95% intervals; a small-n year is faded (its rate says little)."""
    names = rate_labels(lang)
    data = (
        rates_long.filter(pl.col("metric").is_in(list(metrics)), pl.col("value").is_not_null())
        .with_columns(
            pl.col("metric").replace_strict(names).alias("label"),
            (pl.col("denominator") < small_n).alias("small_n"),
            shown(3),
        )
        .select("year", "label", "value", "lo", "hi", "small_n", "shown")
    )
    tooltip = [
        alt.Tooltip("year:O", title="年度" if lang != "en" else "Year"),
        alt.Tooltip("label:N", title=_t(lang, "metric")),
        alt.Tooltip("shown:N", title=_t(lang, "rate")),
        alt.Tooltip("small_n:N", title=_t(lang, "small")),
    ]
    opacity = alt.OpacityValue(1.0, condition={"test": "datum.small_n", "value": 0.3})
    base = alt.Chart().encode(x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)))
    chart = (
        alt.layer(
            base.mark_line(color="#adb5bd").encode(
                y=alt.Y("value:Q", title=None, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
            ),
            base.mark_rule(color="#495057").encode(
                y=alt.Y("lo:Q"), y2=alt.Y2("hi:Q"), opacity=opacity, tooltip=tooltip
            ),
            base.mark_point(filled=True, size=60, color="#1c7ed6").encode(
                y=alt.Y("value:Q"), opacity=opacity, tooltip=tooltip
            ),
            data=data,
        )
        .properties(width=200, height=160)
        .facet(
            facet=alt.Facet("label:N", title=None, sort=[names[m] for m in metrics]),
            columns=3,
        )
        .properties(
            title=f"逐年比率（95% 区间；浅色为样本小于 {small_n}）"
            if lang != "en"
            else f"Rates by year (95% intervals; faded: n < {small_n})"
        )
    )
    return _configure(chart)


def received_by_year(wide: pl.DataFrame, lang: str = "zh") -> alt.Chart:
    """New requests received per year (a year whose count is unknown is left out, not drawn as 0)."""
    data = wide.filter(pl.col("received").is_not_null()).select("year", "received", "n_reports")
    chart = (
        alt.Chart(data)
        .mark_bar(color="#1c7ed6")
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("received:Q", title=_t(lang, "count")),
            tooltip=[
                alt.Tooltip("year:O"),
                alt.Tooltip("received:Q", title=_t(lang, "count"), format=","),
                alt.Tooltip("n_reports:Q", title=_t(lang, "reports")),
            ],
        )
        .properties(width=420, height=200, title="新收申请数量" if lang != "en" else "New requests received")
    )
    return _configure(chart)
