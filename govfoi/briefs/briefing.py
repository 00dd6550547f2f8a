"""What the notebooks show, as functions: parameter guards, agency look-up, headline figures and tables.

Notebooks only call these and the chart builders, so that every brief computes its figures the same way
and the logic is tested like the rest of the library.
"""

from __future__ import annotations

import ast
import difflib
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import polars as pl

from govfoi.briefs.names import safe_name
from govfoi.codes import APPLICANTS, CHANNELS, RESULTS, SYNTHETIC_MARK, labels
from govfoi.corpus.frames import Corpus
from govfoi.errors import ParameterError
from govfoi.rates import metrics, rate_labels

PROJECT = Path(__file__).resolve().parents[2]
PROCESSED = "data/processed"
DATA_ENV = "GOVFOI_DATA"


def data_path(data_dir: str | Path = PROCESSED) -> Path:
    """Where a notebook's ``data_dir`` points, whatever folder the kernel started in.

    JupyterLab starts kernels in notebooks/, papermill in the caller's folder: a relative path is therefore
    read from the project (the checkout holding govfoi/), not from the current folder. ``$GOVFOI_DATA``
    stands for the project's data/processed (``data/processed/synthetic`` → ``$GOVFOI_DATA/synthetic``).
    """
    path = Path(str(data_dir) or PROCESSED).expanduser()
    if path.is_absolute():
        return path
    parts = path.parts
    env = os.environ.get(DATA_ENV)
    if env and parts[:2] == ("data", "processed"):
        return Path(env).expanduser().resolve().joinpath(*parts[2:])
    root = PROJECT if (PROJECT / "pyproject.toml").exists() else Path.cwd()
    return root / path


def _injected_names() -> set[str]:
    """Names papermill assigned in its injected-parameters cell of this kernel (empty outside papermill).

    papermill puts the parameters it was given into a cell starting with "# Parameters" and executes it;
    the kernel's input history (``In``) holds its source, so a misspelt name can be caught here.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return set()
    shell = get_ipython()
    history = shell.user_ns.get("In", []) if shell is not None else []
    for source in reversed(history):
        if isinstance(source, str) and source.lstrip().startswith("# Parameters"):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return set()
            return {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
                    if isinstance(t, ast.Name)}
    return set()


def check_parameters(**params: object) -> None:  # noqa: C901
    """Refuse bad notebook parameters with a clear message (papermill does not check types or names).

    ``params`` are every parameter the notebook declares: a name papermill injected that is not among them
    (``-p agenc 双鸭山``) would otherwise be ignored silently and the default rendered.
    """
    unknown = sorted(_injected_names() - set(params))
    if unknown:
        raise ParameterError(f"unknown parameter {', '.join(unknown)}: this notebook takes "
                             f"{', '.join(params)}")
    rules = {
        "agency": (str, "a name or part of one, e.g. 北仑"),
        "agencies": (list, "a list of names, [] for all"),
        "data_dir": (str, "the folder written by `govfoi parse --out`"),
        "lang": (str, "zh or en"),
        "small_n": (int, "a whole number >= 0"),
        "year": (int, "a year such as 2023, or 0 for the latest"),
        "base": (str, "handled or substantive"),
        "interactive": (bool, "True or False"),
        "region": (str, "a province or city name such as 浙江省 or 宁波市, or '' for none"),
        "group_by": (str, "'' (agencies), province, city or level"),
    }
    for name, value in params.items():
        kind, meaning = rules[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ParameterError(f"parameter {name}={value!r}: expected {meaning}")
    if params.get("lang", "zh") not in ("zh", "en"):
        raise ParameterError(f"parameter lang={params['lang']!r}: expected zh or en")
    if params.get("base", "handled") not in ("handled", "substantive"):
        raise ParameterError(f"parameter base={params['base']!r}: expected handled or substantive")
    if params.get("group_by", "") not in ("", "province", "city", "level"):
        raise ParameterError(f"parameter group_by={params['group_by']!r}: expected '', province, city or level")
    small_n = params.get("small_n")
    if isinstance(small_n, int) and small_n < 0:
        raise ParameterError(f"parameter small_n={small_n}: expected a whole number >= 0")
    if "region" in params and "agency" in params:
        if bool(str(params["agency"]).strip()) == bool(str(params["region"]).strip()):
            raise ParameterError("give exactly one of agency (e.g. 北仑) and region (e.g. 浙江省 or 宁波市)")
    elif "agency" in params and not str(params["agency"]).strip():
        raise ParameterError("parameter agency is empty: give a name or part of one, e.g. 北仑")
    if "data_dir" in params and not (data_path(str(params["data_dir"])) / "reports.parquet").exists():
        raise ParameterError(f"parameter data_dir={params['data_dir']!r}: no reports.parquet in "
                             f"{data_path(str(params['data_dir']))}; run `govfoi parse INPUT --out DIR` first "
                             f"(`make parse` writes {PROJECT / PROCESSED}), or set ${DATA_ENV}")


_LOADED: dict[tuple[str, int], Corpus] = {}


def load(data_dir: str | Path) -> Corpus:
    """The frames in ``data_dir``, resolved as ``data_path`` does.

    Kept in memory while reports.parquet is unchanged: a kernel that renders many briefs (``govfoi briefs``
    resets variables between them, not modules) reads the frames once.
    """
    path = data_path(data_dir)
    if not (path / "reports.parquet").exists():
        return Corpus.read(path)  # raises, saying what is missing and what to run
    key = (str(path.resolve()), (path / "reports.parquet").stat().st_mtime_ns)
    if key not in _LOADED:
        _LOADED.clear()
        _RATES.clear()
        _LOADED[key] = Corpus.read(path)
    return _LOADED[key]


_RATES: dict[tuple[int, int], pl.DataFrame] = {}


def all_rates(corpus: Corpus, small_n: int = 30) -> pl.DataFrame:
    """``metrics(corpus, shape="long")`` of a loaded corpus, computed once per kernel (every agency brief
    ranks its agency among all the others)."""
    key = (id(corpus), small_n)
    if not any(c is corpus for c in _LOADED.values()):
        return metrics(corpus, small_n=small_n, shape="long")
    if key not in _RATES:
        _RATES.clear()
        _RATES[key] = metrics(corpus, small_n=small_n, shape="long")
    return _RATES[key]


def metric_options(lang: str = "zh") -> list[tuple[str, str]]:
    """(label in ``lang``, metric code) pairs for a picker: readers see 公开率, the code stays the value."""
    return [(label, key) for key, label in rate_labels(lang).items()]


def agencies(corpus: Corpus) -> list[str]:
    """Agencies with at least one readable report, sorted."""
    return sorted(corpus.reports.filter(pl.col("status") != "failed")["agency"].drop_nulls().unique().to_list())


def resolve_agency(corpus: Corpus, name: str) -> str:
    """The one agency that ``name`` names: exact, else the only one containing it (北仑 → 北仑区人民政府)."""
    known = agencies(corpus)
    if name in known:
        return name
    matches = [a for a in known if name in a]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ParameterError(f"agency {name!r} matches {len(matches)} agencies: {', '.join(matches[:20])}; "
                             "give more of the name")
    close = difflib.get_close_matches(name, known, n=5, cutoff=0.3) or known[:10]
    raise ParameterError(f"agency {name!r} matches no agency; candidates: {', '.join(close)}")


def report_of(corpus: Corpus, agency: str, year: int = 0) -> str:
    """report_id of the agency's report for ``year`` (0: the latest)."""
    rows = corpus.reports.filter(pl.col("agency") == agency, pl.col("status") != "failed")
    if year:
        rows = rows.filter(pl.col("year") == year)
        if rows.is_empty():
            raise ParameterError(f"no {year} report for {agency}")
    return rows.sort("year", "n_errors", descending=[True, False], nulls_last=True)["report_id"][0]


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
    for key in ("disclosure_rate", "not_held_rate", "withheld_rate", "review_per_100", "review_correction_rate",
                "litigation_correction_rate"):
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
    value = {(c, r): v for c, r, v in frame.select(pl.col("channel").cast(pl.String), pl.col("result").cast(pl.String),
                                                    "count").iter_rows()}
    return table_html([[ch[c], *(value.get((c, r)) for r in RESULTS)] for c in CHANNELS], ["", *rs.values()])




def disclosure_table(corpus: Corpus, report_id: str, lang: str = "zh") -> str:
    """Table 二 of one report."""
    items, measures = labels("disclosure", lang), labels("measure", lang)
    frame = corpus.disclosure.filter(pl.col("report_id") == report_id)
    return table_html([[items[i], measures[m], v] for i, m, v in frame.select(
        pl.col("item").cast(pl.String), pl.col("measure").cast(pl.String), "value").iter_rows()])


def applications_total_table(corpus: Corpus, report_id: str, lang: str = "zh") -> str:
    """Table 三 of one report, rows × applicant columns."""
    outcomes, applicants = labels("outcome", lang), labels("applicant", lang)
    frame = corpus.applications.filter(pl.col("report_id") == report_id)
    cells = {(o, a): (v, imp) for o, a, v, imp in frame.select(
        pl.col("outcome").cast(pl.String), pl.col("applicant").cast(pl.String), "count", "imputed").iter_rows()}
    rows = []
    for o in outcomes:
        rows.append([outcomes[o], *(f"{_fmt(cells[(o, a)][0])}*" if cells.get((o, a), (0, False))[1]
                                    else cells.get((o, a), (None, False))[0] for a in APPLICANTS)])
    return table_html(rows, ["", *applicants.values()])


def findings_table(corpus: Corpus, report_ids: list[str] | None = None, severities: tuple[str, ...] = (
        "error", "warning", "info"), limit: int = 200, codes: tuple[str, ...] | None = None,
        lang: str = "zh") -> str:
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
    rows = [[source.rsplit("/", 1)[-1], sev.get(severity, severity), names.get(check, check), line,
             plain_message(corpus, report_id, check, outcome, message, lang)]
            for report_id, source, severity, check, outcome, line, message in checks.select(
                "report_id", "source", "severity", pl.col("check").cast(pl.String),
                pl.col("outcome").cast(pl.String), "line", "message").head(limit).iter_rows()]
    more = (f"<p class='note'>… {checks.height - limit} {'more' if en else '条未列出'}</p>"
            if checks.height > limit else "")
    header = ["File", "Severity", "Check", "Line", "Message"] if en else ["文件", "严重程度", "检查", "行", "说明"]
    return table_html(rows, header, "findings-table") + more


_OTHER_REPORT = re.compile(r"(\d{4}) report ([0-9a-f]{16})")
_GAP = re.compile(r"(\d+) values for (\d+) cells \(([^)]*)\)")
_CARRIED = re.compile(r"(\d{4}) report ([0-9a-f]{16}) carried forward (\d+)")


def plain_message(corpus: Corpus, report_id: str, check: str, outcome: str | None, message: str,
                  lang: str = "zh") -> str:
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
        filled = corpus.applications.filter(pl.col("report_id") == report_id, pl.col("imputed"),
                                            pl.col("outcome").cast(pl.String) == (outcome or ""))
        value_set = sorted({v for v in filled["count"].to_list() if v is not None})
        where = ", ".join(labels("applicant", lang)[a] for a in filled["applicant"].cast(pl.String).to_list()
                          if a != "total") or "—"
        v = "/".join(str(x) for x in value_set) or "?"
        row = zh_part.split("：")[0] if not en else en_part.split(":")[0]
        if en:
            return (f"{row}: the row printed {printed} numbers ({values}) for {cells} columns. The row and column "
                    f"totals leave one reading: the missing number is {v} whichever column lost it ({where}), "
                    f"so those cells show {v}, marked * as derived.")
        return (f"{row}：该行只印了 {printed} 个数（{values}），表有 {cells} 栏。"
                f"按行合计与列合计只有一种读法：不论缺的是哪一栏（{where}），缺的数都是 {v}，"
                f"因此这些栏填 {v} 并标 * 表示推算。")
    text = (en_part + (f": {detail}" if detail else "")) if en else (zh_part + (f"：{detail}" if detail else ""))
    if not rest:
        text = message

    def name(match: re.Match) -> str:
        other = corpus.reports.filter(pl.col("report_id") == match.group(2))
        if other.is_empty():
            return match.group(0)
        r = other.row(0, named=True)
        file = r["source"].rsplit("/", 1)[-1]
        return (f"the {match.group(1)} report of {r['agency']} ({file})" if en
                else f"{r['agency']} {match.group(1)} 年报告（{file}）")  # "… 的结转下年度为 N" follows

    return _OTHER_REPORT.sub(name, text)


_STATUS = {"zh": {"files": "读取文件", "ok": "正常", "warnings": "有警告", "errors": "有错误", "failed": "未能读取"},
           "en": {"files": "files read", "ok": "ok", "warnings": "with warnings", "errors": "with errors",
                  "failed": "failed"}}


def status_label(status: str | None, lang: str = "zh") -> str:
    """A report's status (ok, warnings, errors, failed) in the page's language."""
    return _STATUS["en" if lang == "en" else "zh"].get(status or "", status or "")


def status_table(corpus: Corpus, lang: str = "zh") -> str:
    """Files by status, reconciling with the number of files read."""
    s = corpus.summary()
    return table_html([[status_label(k, lang), v] for k, v in s.items()], ["", "files" if lang == "en" else "文件数"])


# ---- over the years ---------------------------------------------------------------------------------------------


def is_synthetic(corpus: Corpus) -> bool:
    """True when any report is from the synthetic example set (file name or title marks it)."""
    r = corpus.reports
    return bool(r["source"].str.contains("synthetic_", literal=True).any()
                or r["agency"].fill_null("").str.contains(SYNTHETIC_MARK, literal=True).any())


def regions(corpus: Corpus, min_agencies: int = 2) -> list[tuple[str, str]]:
    """(province or city, name) of regions whose panel holds at least ``min_agencies`` agencies over 2+ years."""
    p = corpus.panel().reports
    out = []
    for kind in ("province", "city"):
        per = (p.filter(pl.col(kind).is_not_null()).group_by(kind)
               .agg(pl.col("agency_id").n_unique().alias("agencies"), pl.col("year").n_unique().alias("years"))
               .filter((pl.col("agencies") >= min_agencies) & (pl.col("years") >= 2)).sort(kind))
        if kind == "city":  # a municipality is already its province
            per = per.filter(~pl.col(kind).is_in(p["province"].unique().implode()))
        out += [(kind, name) for name in per[kind].to_list()]
    return out


def multi_year_agencies(corpus: Corpus) -> list[str]:
    """Agencies whose panel has reports of two or more years."""
    p = corpus.panel().reports
    ids = p.group_by("agency_id").agg(pl.col("year").n_unique()).filter(pl.col("year") >= 2)["agency_id"]
    return sorted(p.filter(pl.col("agency_id").is_in(ids.implode()))["agency"].drop_nulls().unique().to_list())


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
            raise ParameterError(f"region {region!r} is no province or city in these reports; known: "
                                 f"{', '.join(known)}")
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
    header = ["年度" if lang != "en" else "Year", "报告数" if lang != "en" else "Reports",
              *(names[k] for k in metrics_shown)]
    return table_html(rows, header, "rates")


def comparison(corpus: Corpus, agencies_: list[str], year: int = 0, group_by: str = "",
               small_n: int = 30) -> tuple[Corpus, pl.DataFrame, pl.DataFrame]:
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
    reports = (panel.reports.join(names, on="report_id", maintain_order="left")
               .with_columns(agency=pl.col("g")).drop("g"))
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
        out.append(f"New requests went from {first['received']:,} in {first['year']} to {last['received']:,} in "
                   f"{last['year']}." if en else
                   f"新收申请由 {first['year']} 年的 {first['received']:,} 件变为 {last['year']} 年的 "
                   f"{last['received']:,} 件。")
    if prev["received"] and last["received"] is not None:
        change = (last["received"] - prev["received"]) / prev["received"]
        out.append(f"From {prev['year']} to {last['year']}: {change:+.0%}." if en else
                   f"{last['year']} 年比 {prev['year']} 年{'增加' if change >= 0 else '减少'} {abs(change):.0%}。")
    if first["disclosure_rate"] is not None and last["disclosure_rate"] is not None:
        out.append(f"The disclosure rate was {first['disclosure_rate']:.1%} in {first['year']} and "
                   f"{last['disclosure_rate']:.1%} in {last['year']}." if en else
                   f"公开率 {first['year']} 年为 {first['disclosure_rate']:.1%}，{last['year']} 年为 "
                   f"{last['disclosure_rate']:.1%}。")
    return out
