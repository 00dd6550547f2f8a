"""One report's figures as the briefs show them: headline sentences, HTML tables of tables 二, 三 and 四, its
findings in plain words, and the status of the files read.
"""

from __future__ import annotations

import html
import re

import polars as pl

from govfoi.briefs.names import safe_name
from govfoi.codes import APPLICANTS, CHANNELS, RESULTS, labels
from govfoi.corpus.frames import Corpus
from govfoi.rates import metrics, rate_labels


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return html.escape(f"{value:,}" if isinstance(value, int) else str(value))


def table_html(rows: list[list[object]], header: list[str] | None = None, css_class: str = "") -> str:
    """A plain HTML table (values escaped; None shown as —)."""
    head = "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>" if header else ""
    body = "".join("<tr>" + "".join(f"<td>{_fmt(c)}</td>" for c in row) + "</tr>" for row in rows)
    cls = f' class="{css_class}"' if css_class else ""
    return f"<table{cls}>{head}{body}</table>"


def file_stem(name: str) -> str:
    """A download file name stem from an agency or region name (see ``names.safe_name``)."""
    return safe_name(name)


def title_html(text: str, subtitle: str = "") -> str:
    sub = f'<p class="note">{html.escape(subtitle)}</p>' if subtitle else ""
    return f"<h1>{html.escape(text)}</h1>{sub}"


def headline(corpus: Corpus, report_id: str, lang: str = "zh", small_n: int = 30) -> str:
    """Headline figures of one report, each rate shown as 'value (numerator/denominator) [interval]'."""
    m = metrics(corpus.where([report_id]), small_n=small_n).row(0, named=True)
    names = rate_labels(lang)
    rows: list[list[object]] = [
        ["新收申请" if lang != "en" else "New requests", m["received"]],
        ["办理结果总计" if lang != "en" else "Handled", m["handled"]],
    ]
    for key in (
        "disclosure_rate",
        "not_held_rate",
        "withheld_rate",
        "review_per_100",
        "review_correction_rate",
        "litigation_correction_rate",
    ):
        rows.append([names[key], rate_text(m, key, lang)])
    return table_html(rows, css_class="rates")


def rate_text(m: dict, key: str, lang: str = "zh") -> str:
    """'50.8% (192/378) [45.8–55.8%]', with a small-n note; — where the rate is undefined."""
    value = m[key]
    if value is None:
        return "—"
    fmt = "{:.2f}" if key.endswith("_per_100") else "{:.1%}"
    lo, hi = m[key + "_lo"], m[key + "_hi"]
    # No interval where the numerator exceeds the denominator (e.g. more reviews than requests handled).
    interval = f" [{fmt.format(lo)}–{fmt.format(hi)}]" if lo is not None and hi is not None else ""
    note = (" 样本小" if lang != "en" else " small n") if m[key + "_small_n"] else ""
    return f"{fmt.format(value)} ({int(m[key + '_num'])}/{int(m[key + '_den'])}){interval}{note}"


def appeals_table(corpus: Corpus, report_id: str, lang: str = "zh") -> str:
    """Table 四 of one report."""
    ch, rs = labels("channel", lang), labels("result", lang)
    frame = corpus.appeals.filter(pl.col("report_id") == report_id)
    value = {
        (c, r): v
        for c, r, v in frame.select(
            pl.col("channel").cast(pl.String), pl.col("result").cast(pl.String), "count"
        ).iter_rows()
    }
    return table_html([[ch[c], *(value.get((c, r)) for r in RESULTS)] for c in CHANNELS], ["", *rs.values()])


def disclosure_table(corpus: Corpus, report_id: str, lang: str = "zh") -> str:
    """Table 二 of one report."""
    items, measures = labels("disclosure", lang), labels("measure", lang)
    frame = corpus.disclosure.filter(pl.col("report_id") == report_id)
    return table_html(
        [
            [items[i], measures[m], v]
            for i, m, v in frame.select(
                pl.col("item").cast(pl.String), pl.col("measure").cast(pl.String), "value"
            ).iter_rows()
        ]
    )


def applications_total_table(corpus: Corpus, report_id: str, lang: str = "zh") -> str:
    """Table 三 of one report, rows × applicant columns."""
    outcomes, applicants = labels("outcome", lang), labels("applicant", lang)
    frame = corpus.applications.filter(pl.col("report_id") == report_id)
    cells = {
        (o, a): (v, imp)
        for o, a, v, imp in frame.select(
            pl.col("outcome").cast(pl.String), pl.col("applicant").cast(pl.String), "count", "imputed"
        ).iter_rows()
    }
    rows = []
    for o in outcomes:
        rows.append(
            [
                outcomes[o],
                *(
                    f"{_fmt(cells[(o, a)][0])}*"
                    if cells.get((o, a), (0, False))[1]
                    else cells.get((o, a), (None, False))[0]
                    for a in APPLICANTS
                ),
            ]
        )
    return table_html(rows, ["", *applicants.values()])


def findings_table(
    corpus: Corpus,
    report_ids: list[str] | None = None,
    severities: tuple[str, ...] = ("error", "warning", "info"),
    limit: int = 200,
    codes: tuple[str, ...] | None = None,
    lang: str = "zh",
) -> str:
    """Findings as a table: file, severity, check (its name in ``lang``), line, message in plain words."""
    from govfoi.briefs.charts import check_labels, severity_labels

    en = lang == "en"
    checks = corpus.checks.join(corpus.reports.select("report_id", "source", "agency"), on="report_id")
    if report_ids is not None:
        checks = checks.filter(pl.col("report_id").is_in(report_ids))
    if codes is not None:
        checks = checks.filter(pl.col("check").is_in(list(codes)))
    checks = checks.filter(pl.col("severity").is_in(list(severities)))
    if checks.is_empty():
        return f"<p>{'No findings' if en else '没有发现问题'}</p>"
    names, sev = check_labels(lang), severity_labels(lang)
    rows = [
        [
            source.rsplit("/", 1)[-1],
            sev.get(severity, severity),
            names.get(check, check),
            line,
            plain_message(corpus, report_id, check, outcome, message, lang),
        ]
        for report_id, source, severity, check, outcome, line, message in checks.select(
            "report_id",
            "source",
            "severity",
            pl.col("check").cast(pl.String),
            pl.col("outcome").cast(pl.String),
            "line",
            "message",
        )
        .head(limit)
        .iter_rows()
    ]
    more = (
        f"<p class='note'>… {checks.height - limit} {'more' if en else '条未列出'}</p>" if checks.height > limit else ""
    )
    header = ["File", "Severity", "Check", "Line", "Message"] if en else ["文件", "严重程度", "检查", "行", "说明"]
    return table_html(rows, header, "findings-table") + more


_OTHER_REPORT = re.compile(r"(\d{4}) report ([0-9a-f]{16})")
_GAP = re.compile(r"(\d+) values for (\d+) cells \(([^)]*)\)")
_CARRIED = re.compile(r"(\d{4}) report ([0-9a-f]{16}) carried forward (\d+)")


def plain_message(
    corpus: Corpus, report_id: str, check: str, outcome: str | None, message: str, lang: str = "zh"
) -> str:
    """A finding's message in the page's language: the part in the other language dropped, another report
    named by agency, year and file (not its hash), and an imputed cell explained in plain words."""
    from govfoi.findings import CATALOGUE

    en = lang == "en"
    zh_part, _, rest = message.partition(" / ")
    en_part, detail = rest, ""
    known = CATALOGUE.get(check, ("", "", ""))[2]
    if known and f"{known}: " in rest:  # "<cell>: <message>: <detail>"; the detail is written in English
        head, _, detail = rest.partition(f"{known}: ")
        en_part = head + known
    if not en:
        detail = _CARRIED.sub(lambda m: f"{m.group(1)} report {m.group(2)} 的结转下年度为 {m.group(3)}", detail)
    if check == "imputed_cell" and (gap := _GAP.search(message)):
        printed, cells, values = gap.groups()
        filled = corpus.applications.filter(
            pl.col("report_id") == report_id, pl.col("imputed"), pl.col("outcome").cast(pl.String) == (outcome or "")
        )
        value_set = sorted({v for v in filled["count"].to_list() if v is not None})
        where = (
            ", ".join(
                labels("applicant", lang)[a] for a in filled["applicant"].cast(pl.String).to_list() if a != "total"
            )
            or "—"
        )
        v = "/".join(str(x) for x in value_set) or "?"
        row = zh_part.split("：")[0] if not en else en_part.split(":")[0]
        if en:
            return (
                f"{row}: the row printed {printed} numbers ({values}) for {cells} columns. The row and column "
                f"totals leave one reading: the missing number is {v} whichever column lost it ({where}), "
                f"so those cells show {v}, marked * as derived."
            )
        return (
            f"{row}：该行只印了 {printed} 个数（{values}），表有 {cells} 栏。"
            f"按行合计与列合计只有一种读法：不论缺的是哪一栏（{where}），缺的数都是 {v}，"
            f"因此这些栏填 {v} 并标 * 表示推算。"
        )
    text = (en_part + (f": {detail}" if detail else "")) if en else (zh_part + (f"：{detail}" if detail else ""))
    if not rest:
        text = message

    def name(match: re.Match) -> str:
        other = corpus.reports.filter(pl.col("report_id") == match.group(2))
        if other.is_empty():
            return match.group(0)
        r = other.row(0, named=True)
        file = r["source"].rsplit("/", 1)[-1]
        return (
            f"the {match.group(1)} report of {r['agency']} ({file})"
            if en
            else f"{r['agency']} {match.group(1)} 年报告（{file}）"
        )  # "… 的结转下年度为 N" follows

    return _OTHER_REPORT.sub(name, text)


_STATUS = {
    "zh": {"files": "读取文件", "ok": "正常", "warnings": "有警告", "errors": "有错误", "failed": "未能读取"},
    "en": {"files": "files read", "ok": "ok", "warnings": "with warnings", "errors": "with errors", "failed": "failed"},
}


def status_label(status: str | None, lang: str = "zh") -> str:
    """A report's status (ok, warnings, errors, failed) in the page's language."""
    return _STATUS["en" if lang == "en" else "zh"].get(status or "", status or "")


def status_table(corpus: Corpus, lang: str = "zh") -> str:
    """Files by status, reconciling with the number of files read."""
    s = corpus.summary()
    return table_html([[status_label(k, lang), v] for k, v in s.items()], ["", "files" if lang == "en" else "文件数"])
