"""What makes a brief a statistical bulletin: headings in the page's language, key findings in sentences,
definitions of the rates shown, the numbers behind the page as CSV, provenance, and the synthetic banner.

Everything here is generated from the frames, never typed by hand, so a sentence cannot disagree with the
table beside it: the findings use the same ``metrics`` and ``refusal_mix`` as the charts.
"""

from __future__ import annotations

import base64
import html
import os
from datetime import UTC, datetime

import polars as pl

from govfoi.briefs.briefing import is_synthetic
from govfoi.corpus.frames import Corpus
from govfoi.rates import RATES, metrics, refusal_mix

METRICS_PAGE = "metrics.html"  # written beside the briefs (govfoi.briefs.render.write_metrics)

HEADINGS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "findings": ("要点", "Key findings"),
    "headline": ("主要数字", "Headline figures"),
    "headline_note": (
        "比率均写明分子与分母，方括号内为 95% Wilson 区间。",
        "Every rate shows its numerator and denominator; brackets give the 95% Wilson interval.",
    ),
    "outcomes": ("办理结果", "How requests ended"),
    "applicants": ("申请人", "Who asked"),
    "appeals": ("行政复议与行政诉讼", "Administrative review and litigation"),
    "disclosure": ("主动公开（表二）", "Proactive disclosure (table 2)"),
    "among": ("在各机关中的位置", "Among the other agencies"),
    "among_note": ("橙色为本机关。", "Orange: this agency."),
    "table3": ("依申请公开全表（表三）", "Requests table as read (table 3)"),
    "table3_note": (
        "带 * 的数值原表缺失，由表内勾稽关系唯一推出。",
        "Values marked * were missing in the report and derived from its identities (one reading only).",
    ),
    "quality": ("数据质量", "Data-quality findings"),
    "definitions": ("指标定义", "Definitions"),
    "downloads": ("下载本页数据", "Download the numbers on this page"),
    "volumes": ("主动公开数量", "Disclosure volumes"),
    "volumes_note": (
        "每项各用一个刻度，数值标在条上：各机关数量可相差五个数量级。",
        "One scale per item and values printed on the bars: agencies differ by five orders of magnitude.",
    ),
    "mix": ("办理结果构成", "Outcome mix"),
    "reasons": ("未予公开的原因", "Why requests were not granted"),
    "reasons_note": (
        (
            "按不予公开、无法提供、不予处理、其他处理分组，每条标出件数及占未予公开件数（办理总数 − 予以公开"
            " − 部分公开）的比例；为 0 的原因不列出，无法读取的单元格计为“不明”。"
        ),
        (
            "Grouped as withheld, unavailable, not processed and other; each bar gives the count and its "
            "share of requests not granted (handled − granted − partly granted); reasons at 0 are left "
            "out, unreadable cells are counted as unknown."
        ),
    ),
    "review": ("复议、诉讼与纠错", "Review, litigation and correction"),
    "review_note": (
        "每百件办理中的复议与诉讼数，以及复议与诉讼纠错率（%），带 95% Wilson 区间；没有点的机关注明原因。",
        (
            "Reviews and lawsuits per 100 requests handled, and review and litigation correction rates "
            "(%), with 95% Wilson intervals; an agency without a point says why."
        ),
    ),
    "ranked": ("公开率排名", "Disclosure rate, ranked"),
    "ranked_note": (
        "表格的排名不含样本小的机关，它们列在表后。",
        "The table ranks agencies without small n first; small-n agencies follow.",
    ),
    "status": ("文件状态", "Files by status"),
    "status_note": ("文件数 = 正常 + 有警告 + 有错误 + 未能读取。", "files = ok + warnings + errors + failed."),
    "errors": ("各报告违反的勾稽关系", "Identities each report breaks"),
    "imputed": ("推算的单元格", "Imputed cells"),
    "imputed_note": (
        "原表缺失、由勾稽关系唯一推出的数值。",
        "Values missing in the report, derived from its identities.",
    ),
    "warnings": ("警告：正文与表格不符、空白单元格等", "Warnings: text differs from table, blank cells and others"),
    "failed": ("未能读取的文件", "Files that could not be used"),
    "received": ("新收申请", "Requests received"),
    "trend_rates": ("公开率、不掌握率与复议纠错率", "Disclosure, not-held and review correction rates"),
    "trend_note": (
        "竖线为 95% Wilson 区间；浅色的年份样本小，比率不宜比较。",
        "Bars are 95% Wilson intervals; faded years have small n and are not comparable.",
    ),
    "cross": ("跨年度检查", "Checks across years"),
    "cross_note": (
        (
            "上年结转应等于上一年度报告的结转下年度（错误）；"
            "现行有效件数应等于上年现行有效＋本年制发－本年废止（警告）。"
        ),
        (
            "Carried over must equal last year's carried forward (error); documents in force should equal "
            "last year's in force + issued − abolished (warning)."
        ),
    ),
    "none": ("没有", "None"),
    "no_requests": (
        "本年度没有收到依申请公开的申请，因此没有办理结果、原因和申请人构成可画。",
        "No requests in this year: there are no outcomes, reasons or applicants to draw.",
    ),
}


def text(key: str, lang: str = "zh") -> str:
    zh, en = HEADINGS[key]
    return en if lang == "en" else zh


def heading(key: str, lang: str = "zh", note: str | None = None) -> str:
    """An h2 in the page's language, with its note (``<key>_note`` when there is one)."""
    note = note if note is not None else (text(f"{key}_note", lang) if f"{key}_note" in HEADINGS else "")
    return f"<h2>{html.escape(text(key, lang))}</h2>" + (f"<p>{html.escape(note)}</p>" if note else "")


# ---- key findings ---------------------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _change(now: float | None, before: float | None, lang: str) -> str:
    if now is None or before is None:
        return ""
    if before == 0:
        return f"（上年 {before:,.0f} 件）" if lang != "en" else f" (last year {before:,.0f})"
    rel = (now - before) / before
    if lang == "en":
        word = "up" if rel > 0 else "down" if rel < 0 else "unchanged"
        return f" ({word} {abs(rel):.0%} from {before:,.0f} last year)" if rel else " (unchanged from last year)"
    word = "增加" if rel > 0 else "减少" if rel < 0 else "持平"
    return f"（上年 {before:,.0f} 件，{word} {abs(rel):.0%}）" if rel else "（与上年持平）"


def previous_year(corpus: Corpus, report_id: str) -> str | None:
    """The panel's report of the same agency for the year before, if the data has it."""
    me = corpus.reports.filter(pl.col("report_id") == report_id).row(0, named=True)
    if me["agency_id"] is None or me["year"] is None:
        return None
    panel = corpus.panel().reports
    prev = panel.filter(pl.col("agency_id") == me["agency_id"], pl.col("year") == me["year"] - 1)
    return prev["report_id"][0] if prev.height else None


def key_findings(corpus: Corpus, report_id: str, lang: str = "zh", small_n: int = 30) -> list[str]:
    """Sentences from the numbers of one report (and last year's, when the panel has it)."""
    en = lang == "en"
    rep = corpus.reports.filter(pl.col("report_id") == report_id).row(0, named=True)
    m = metrics(corpus.where([report_id]), small_n=small_n).row(0, named=True)
    prev_id = previous_year(corpus, report_id)
    prev = metrics(corpus.where([prev_id]), small_n=small_n).row(0, named=True) if prev_id else {}
    who, year = rep["agency"] or "?", rep["year"]
    out: list[str] = []
    received, handled = m["received"], m["handled"]
    if received is None:
        out.append("The number of new requests could not be read." if en else "新收申请数无法读取。")
    elif received == 0 and not handled:
        out.append(
            f"{who} received no requests for information in {year}."
            if en
            else f"{who} {year} 年没有收到政府信息公开申请。"
        )
        return out + _quality_sentence(rep, en)
    else:
        change = _change(received, prev.get("received"), lang)
        out.append(
            f"{who} received {received:,} new requests in {year}{change}."
            if en
            else f"{who} {year} 年新收政府信息公开申请 {received:,} 件{change}。"
        )
    if m["disclosure_rate"] is not None:
        small = (" (small n: read with care)" if en else "（样本小，仅供参考）") if m["disclosure_rate_small_n"] else ""
        ci = f"{_pct(m['disclosure_rate_lo'])}–{_pct(m['disclosure_rate_hi'])}"
        before = prev.get("disclosure_rate")
        was = (f"; {_pct(before)} the year before" if en else f"，上年为 {_pct(before)}") if before is not None else ""
        out.append(
            f"Of {handled:,} requests handled, {int(m['disclosure_rate_num']):,} were granted in full or in part: "
            f"a disclosure rate of {_pct(m['disclosure_rate'])} (95% interval {ci}){was}{small}."
            if en
            else f"办理 {handled:,} 件，其中予以公开或部分公开 {int(m['disclosure_rate_num']):,} 件，公开率 "
            f"{_pct(m['disclosure_rate'])}（95% 区间 {ci}）{was}{small}。"
        )
    mix = refusal_mix(corpus.where([report_id])).filter(pl.col("count") > 0, pl.col("outcome") != "unknown")
    if mix.height:
        from govfoi.briefs.charts import reason_labels

        top = mix.sort("count", descending=True).row(0, named=True)
        name = reason_labels(lang)[top["outcome"]]
        out.append(
            f"The most common reason for not granting was “{name}”: {top['count']:,} requests, "
            f"{_pct(top['share'])} of the {top['not_granted']:,} not granted."
            if en
            else f"未予公开的最常见原因是“{name}”，{top['count']:,} 件，占未予公开 {top['not_granted']:,} 件的 "
            f"{_pct(top['share'])}。"
        )
    reviews, lawsuits = m["review_per_100_num"], m["litigation_per_100_num"]
    if reviews is not None and lawsuits is not None:
        corrected = m["review_correction_rate_num"]
        concluded = m["review_correction_rate_den"]
        tail = ""
        if concluded:
            tail = (
                f"; {int(corrected)} of {int(concluded)} concluded reviews corrected the agency"
                if en
                else f"；已审结复议 {int(concluded)} 件，其中纠错 {int(corrected)} 件"
            )
        times = lambda n: f"{int(n)} time" + ("" if n == 1 else "s")  # noqa: E731
        out.append(
            f"Requesters challenged decisions {times(reviews)} by administrative review and "
            f"{times(lawsuits)} in court{tail}."
            if en
            else f"申请人提起行政复议 {int(reviews)} 件、行政诉讼 {int(lawsuits)} 件{tail}。"
        )
    return out + _quality_sentence(rep, en)


def _quality_sentence(rep: dict, en: bool) -> list[str]:
    e, w = rep["n_errors"] or 0, rep["n_warnings"] or 0
    if not e and not w:
        return ["Every identity of the template holds in this report." if en else "报告各表的勾稽关系全部成立。"]
    return [
        f"Reading the report raised {e} errors and {w} warnings (listed at the end)."
        if en
        else f"读取报告时发现 {e} 个错误、{w} 个警告（见文末）。"
    ]


def findings_html(sentences: list[str]) -> str:
    items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
    return f'<ul class="findings">{items}</ul>'


# ---- definitions ----------------------------------------------------------------------------------------------

_DEFINITIONS = {
    # metric: (numerator zh, numerator en, denominator zh, denominator en)
    "disclosure_rate": ("予以公开 + 部分公开", "granted + partly granted", "办理总数", "requests handled"),
    "disclosure_rate_substantive": (
        "予以公开 + 部分公开",
        "granted + partly granted",
        "办理总数 − 不予处理 − 其他处理",
        "handled − not processed − other handling",
    ),
    "not_held_rate": ("无法提供：本机关不掌握", "unavailable: not held", "办理总数", "requests handled"),
    "withheld_rate": ("不予公开（8 类）", "withheld (8 exemptions)", "办理总数", "requests handled"),
    "review_per_100": ("行政复议总计 × 100", "reviews × 100", "办理总数", "requests handled"),
    "litigation_per_100": ("行政诉讼总计 × 100", "lawsuits × 100", "办理总数", "requests handled"),
    "review_correction_rate": (
        "复议结果纠正",
        "reviews that corrected the agency",
        "复议总计 − 尚未审结",
        "concluded reviews",
    ),
    "litigation_correction_rate": (
        "诉讼结果纠正",
        "lawsuits that corrected the agency",
        "诉讼总计 − 尚未审结",
        "concluded lawsuits",
    ),
}


def definitions_html(
    shown: tuple[str, ...], lang: str = "zh", small_n: int | None = 30, refusal: bool = False, link: bool = True
) -> str:
    """A table defining every rate on the page, what small n means, and a link to the full definitions.

    ``small_n`` None: a page about every brief, each of which states its own threshold.
    """
    en = lang == "en"
    names = {r.name: (r.label_en if en else r.label_zh) for r in RATES}
    rows = []
    for key in shown:
        nz, ne, dz, de = _DEFINITIONS[key]
        rows.append(
            f"<tr><td>{html.escape(names[key])}</td><td>{html.escape(ne if en else nz)}</td>"
            f"<td>{html.escape(de if en else dz)}</td></tr>"
        )
    if refusal:
        rows.append(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                *(
                    ("Share of a refusal reason", "that reason", "handled − granted − partly granted")
                    if en
                    else ("未予公开原因占比", "该原因件数", "办理总数 − 予以公开 − 部分公开")
                )
            )
        )
    head = (
        "<tr><th>Rate</th><th>Numerator</th><th>Denominator</th></tr>"
        if en
        else "<tr><th>指标</th><th>分子</th><th>分母</th></tr>"
    )
    below = (
        f"{small_n}"
        if small_n is not None
        else (
            "the brief's small_n (30 unless the brief says otherwise)" if en else "简报所用的阈值（除另有说明外为 30）"
        )
    )
    small = (
        f"Small n: a denominator below {below}; such a rate is shown but marked, and is not ranked. "
        "Intervals are Wilson 95% score intervals."
        if en
        else f"样本小：分母小于 {below}；这样的比率照常列出但加以标注，不参与排名。区间为 95% Wilson 区间。"
    )
    more = ""
    if link:
        href = html.escape(metrics_href())
        more = (
            f' Full definitions: <a href="{href}">all rates and how they are computed</a>.'
            if en
            else f'完整定义见<a href="{href}">全部指标的定义与计算方法</a>。'
        )
    return f'<table class="definitions">{head}{"".join(rows)}</table><p class="note">{html.escape(small)}{more}</p>'


def metrics_href() -> str:
    """Where "full definitions" points: in a brief, the metrics page written beside it (offline, and still
    right when the folder is moved or published); in JupyterLab, docs/METRICS.md from notebooks/."""
    from govfoi.briefs.page import BRIEF_ENV

    return METRICS_PAGE if os.environ.get(BRIEF_ENV) else "../docs/METRICS.md"


# ---- downloads and provenance ---------------------------------------------------------------------------------


def csv_link(frame: pl.DataFrame, filename: str, label: str) -> str:
    """A link that downloads ``frame`` as CSV (UTF-8 with BOM, so that Excel shows Chinese), from a data: URI:
    the page stays one offline file."""
    flat = frame.with_columns(
        pl.col(c).cast(pl.String) for c, t in frame.schema.items() if isinstance(t, (pl.Enum, pl.Categorical))
    )
    data = "\ufeff" + flat.write_csv()
    uri = "data:text/csv;charset=utf-8;base64," + base64.b64encode(data.encode("utf-8")).decode("ascii")
    return (
        f'<a class="download" download="{html.escape(filename)}" href="{uri}">'
        f"{html.escape(label)} ({html.escape(filename)})</a>"
    )


def downloads_html(links: list[str], lang: str = "zh") -> str:
    return heading("downloads", lang, note="") + '<p class="downloads">' + " · ".join(links) + "</p>"


def provenance_html(corpus: Corpus, report_ids: list[str] | None = None, lang: str = "zh") -> str:
    """Generation date, govfoi version, and each source file with its sha256."""
    from govfoi import __version__

    en = lang == "en"
    reports = corpus.reports if report_ids is None else corpus.reports.filter(pl.col("report_id").is_in(report_ids))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = f"Generated {when} by govfoi {__version__}." if en else f"生成于 {when}，govfoi {__version__}。"
    rows = "".join(
        f"<tr><td>{html.escape(s)}</td><td><code>{html.escape(h or '—')}</code></td></tr>"
        for s, h in reports.select("source", "sha256").sort("source").iter_rows()
    )
    title = "Source file" if en else "来源文件"
    table = f"<table class='sources'><tr><th>{title}</th><th>sha256</th></tr>{rows}</table>"
    if reports.height > 3:
        summary = f"{reports.height} source files and their sha256" if en else f"{reports.height} 个来源文件及其 sha256"
        table = f"<details><summary>{summary}</summary>{table}</details>"
    return f'<footer class="provenance"><p class="note">{html.escape(head)}</p>{table}</footer>'


BANNER = (
    '<div class="synthetic-banner" role="note"><b>合成示例 · 非真实数据 / Synthetic example, not real data.</b> '
    "本页数据由 govfoi.synth 随机生成，仅用于演示，不是任何机关的真实报告。"
    "The figures on this page were invented by govfoi.synth for demonstration; "
    "they are not any agency's real report.</div>"
)


def synthetic_banner(corpus: Corpus) -> str:
    """The one banner every page of the synthetic set shows (empty for real data)."""
    return BANNER if is_synthetic(corpus) else ""
