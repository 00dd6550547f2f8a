"""What every chart of the briefs shares: its words in Chinese and English, its colours, its font and its config.

The chart builders (``charts``) read their titles' and axes' words here, so that a label has one spelling in
each language, and every chart is finished by ``_configure``.
"""

from __future__ import annotations

from govfoi.briefs import _imports  # noqa: F401  (before altair: see govfoi/briefs/_imports.py)

# isort: split

from typing import TypeVar

import altair as alt
import polars as pl

from govfoi.codes import labels
from govfoi.findings import CATALOGUE
from govfoi.rates import UNKNOWN

GROUPS = ("granted", "partially_granted", "withheld", "unavailable", "not_processed", "other")
_GROUP_LABELS = {
    "zh": {
        "granted": "予以公开",
        "partially_granted": "部分公开",
        "withheld": "不予公开",
        "unavailable": "无法提供",
        "not_processed": "不予处理",
        "other": "其他处理",
    },
    "en": {
        "granted": "Granted",
        "partially_granted": "Partly granted",
        "withheld": "Withheld",
        "unavailable": "Unavailable",
        "not_processed": "Not processed",
        "other": "Other handling",
    },
}
_GROUP_COLOURS = ["#2b8a3e", "#8ce99a", "#e03131", "#f08c00", "#868e96", "#adb5bd"]
_TEXT = {
    "zh": {
        "agency": "机关",
        "value": "数量",
        "share": "占比",
        "count": "件数",
        "reason": "原因",
        "rate": "比率",
        "metric": "指标",
        "item": "项目",
        "n": "分母",
        "small": "样本小",
        "check": "检查",
        "severity": "严重程度",
        "reports": "报告数",
        "applicant": "申请人",
        "unknown": "不明（单元格无法读取）",
        "no_cases": "无案件",
        "incomplete": "数据不全",
        "none": "本年度没有依申请公开的申请",
        "no_refusal": "没有未予公开的申请",
        "small_note": "空心灰点：样本小（分母 < {n}），比率不可靠",
        "year": "年度",
        "percent": "%",
        "per_100": "每百件办理",
    },
    "en": {
        "agency": "Agency",
        "value": "Count",
        "share": "Share",
        "count": "Requests",
        "reason": "Reason",
        "rate": "Rate",
        "metric": "Metric",
        "item": "Item",
        "n": "Denominator",
        "small": "Small n",
        "check": "Check",
        "severity": "Severity",
        "reports": "Reports",
        "applicant": "Applicant",
        "unknown": "Unknown (unreadable cells)",
        "no_cases": "no cases",
        "incomplete": "incomplete data",
        "none": "No requests in this year",
        "no_refusal": "No request was refused",
        "small_note": "hollow grey: small n (denominator < {n}), rate unreliable",
        "year": "Year",
        "percent": "%",
        "per_100": "per 100 handled",
    },
}
FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


def _t(lang: str, key: str) -> str:
    return _TEXT["en" if lang == "en" else "zh"][key]


_Chart = TypeVar("_Chart", bound=alt.TopLevelMixin)


def _configure(chart: _Chart) -> _Chart:
    """The font, no view border, and labels never cut: Vega's default cuts them past 180 px with "…", which
    hides long agency and reason names.

    Set as one config on the chart itself: each ``configure_*`` call deep-copies the whole chart, data and
    sort lists included (slow for a brief with many agencies ranked).
    """
    # on every top-level chart, not on the mixin
    chart.config = alt.Config(  # type: ignore[attr-defined]
        font=FONT,
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(labelLimit=0),
        legend=alt.LegendConfig(labelLimit=0),
        header=alt.HeaderConfig(labelLimit=0),
    )
    return chart


def message(text: str, title: str = "") -> alt.Chart:
    """A chart-sized note in place of a chart that would have nothing to draw (no requests, no cases)."""
    data = pl.DataFrame({"text": [text]})
    chart = (
        alt.Chart(data)
        .mark_text(fontSize=14, color="#495057", align="left")
        .encode(text=alt.Text("text:N"), x=alt.XValue(0), y=alt.YValue(20))
        .properties(width=420, height=40)
    )
    if title:
        chart = chart.properties(title=title)
    return _configure(chart)


def check_labels(lang: str = "zh") -> dict[str, str]:
    """Check code → its name in ``lang`` (from the findings catalogue)."""
    return {code: (en if lang == "en" else zh) for code, (_, zh, en) in CATALOGUE.items()}


_SEVERITY_LABELS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def severity_labels(lang: str = "zh") -> dict[str, str]:
    """Severity code → its name in ``lang``."""
    return _SEVERITY_LABELS["en" if lang == "en" else "zh"]


_REFUSAL_GROUP_COLOURS = {
    "withheld": "#e03131",
    "unavailable": "#f08c00",
    "not_processed": "#868e96",
    "other": "#adb5bd",
    UNKNOWN: "#ffffff",
}
_SHORT_REASONS_ZH = {
    "other_no_correction": "申请人逾期不补正",
    "other_no_fee": "申请人逾期未缴费",
    "not_processed_confirmation": "要求确认或重新出具已获取信息",
}


def reason_labels(lang: str = "zh") -> dict[str, str]:
    """Refusal reason → a short label (the group is the bar's colour, so "（三）不予公开 1." is dropped)."""
    import re

    names = labels("outcome", lang)
    if lang == "en":
        out = dict(names)
    else:
        out = {o: _SHORT_REASONS_ZH.get(o, re.sub(r"^（.）\S+\s*\d+\.", "", v)) for o, v in names.items()}
    out[UNKNOWN] = _t(lang, "unknown")
    return out
