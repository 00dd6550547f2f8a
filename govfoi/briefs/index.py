"""The briefs' index page: one sortable, filterable row per brief, its facts kept in the page as JSON (read
back by ``read_index``).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from govfoi.briefs import briefing, tables
from govfoi.briefs.bulletin import METRICS_PAGE
from govfoi.briefs.jobs import Rendered
from govfoi.briefs.names import inside
from govfoi.briefs.page import page, script_safe
from govfoi.corpus.frames import Corpus
from govfoi.corpus.output import atomic_path

INDEX_DATA = "govfoi-index"
_INDEX_JSON = re.compile(r'<script type="application/json" id="govfoi-index">(.*?)</script>', re.S)
INDEX_COLUMNS = ("title", "kind", "agency", "place", "level", "year", "status", "received", "findings")

_SORT_FILTER = """
(function(){
  var table = document.querySelector('table.index'), box = document.getElementById('filter');
  var kind = document.getElementById('kind'), body = table.tBodies[0];
  function show(){ var q = box.value.trim().toLowerCase(), k = kind.value;
    Array.from(body.rows).forEach(function(r){
      r.hidden = !(r.textContent.toLowerCase().indexOf(q) >= 0 && (!k || r.dataset.kind === k)); }); }
  box.addEventListener('input', show); kind.addEventListener('change', show);
  Array.from(table.tHead.rows[0].cells).forEach(function(th, i){
    th.addEventListener('click', function(){
      var up = th.getAttribute('aria-sort') !== 'ascending';
      Array.from(table.tHead.rows[0].cells).forEach(function(c){ c.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      var key = function(r){ var c = r.cells[i], v = c.dataset.value !== undefined ? c.dataset.value : c.textContent;
        var n = parseFloat(v); return isNaN(n) ? v : n; };
      Array.from(body.rows).sort(function(a, b){ var x = key(a), y = key(b);
        var d = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y), 'zh');
        return up ? d : -d; }).forEach(function(r){ body.appendChild(r); });
    });
  });
})();
"""


def index_entries(results: list[Rendered], corpus: Corpus | None) -> list[dict]:
    """One index row per brief: what it covers, and for an agency brief its place, year, status and counts."""
    rows = []
    for r in results:
        entry = {"name": r.job.name, "title": r.job.title, "kind": r.job.notebook, "error": r.error}
        agency = r.job.parameters.get("agency") if r.job.notebook in ("agency_brief", "trends") else None
        if agency and corpus is not None and not r.error:
            entry.update(_agency_facts(corpus, agency))  # a trend: its latest year
        elif r.job.parameters.get("region"):
            entry["place"] = r.job.parameters["region"]
        rows.append(entry)
    return rows


def _agency_facts(corpus: Corpus, agency: str) -> dict:
    import polars as pl

    from govfoi.rates import metrics

    try:
        rid = briefing.report_of(corpus, agency)
    except briefing.ParameterError:
        return {}
    rep = corpus.reports.filter(pl.col("report_id") == rid).row(0, named=True)
    m = metrics(corpus.where([rid])).row(0, named=True)
    place = " ".join(x for x in (rep["province"], rep["city"], rep["county"]) if x)
    return {
        "agency": agency,
        "place": place,
        "level": rep["level"] or "",
        "year": rep["year"],
        "status": rep["status"],
        "received": m["received"],
        "findings": (rep["n_errors"] or 0) + (rep["n_warnings"] or 0),
    }


def read_index(out: Path) -> list[dict]:
    """The entries an existing index.html lists (none when there is no index or it predates the table)."""
    path = out / "index.html"
    if not path.exists():
        return []
    found = _INDEX_JSON.search(path.read_text(encoding="utf-8"))
    try:
        return json.loads(found.group(1).replace("<\\/", "</")) if found else []
    except json.JSONDecodeError:
        return []


def _index_texts(entry: dict, lang: str) -> list[object]:
    """Place, level, year and status of an index row as the page shows them: codes as labels in its language
    (the row's JSON keeps the codes)."""
    from govfoi.codes import labels

    level, status = entry.get("level"), entry.get("status")
    return [
        entry.get("place") or "",
        labels("level", lang).get(level, level or "") if level else "",
        entry.get("year") if entry.get("year") is not None else "",
        tables.status_label(status, lang) if status else "",
    ]


_KIND_NAMES = {
    "agency_brief": ("机关简报", "Agency brief"),
    "compare_agencies": ("比较", "Comparison"),
    "data_quality": ("数据质量", "Data quality"),
    "trends": ("逐年趋势", "Trends"),
}


def write_index(
    results: list[Rendered], out: Path, font_css: str, corpus: Corpus | None = None, lang: str = "zh"
) -> Path:
    """index.html as a table of every brief in ``out``, sortable and filterable offline.

    The index is updated, never shrunk: briefs already listed stay listed (``govfoi brief`` for one agency
    adds its row), unless their page is gone; a brief rendered now replaces its old row.
    """
    en = lang == "en"
    fresh = index_entries(results, corpus)
    names = {e["name"] for e in fresh}
    kept = [e for e in read_index(out) if e["name"] not in names and (out / f"{e['name']}.html").exists()]
    entries = sorted(kept + fresh, key=lambda e: (e["kind"] != "agency_brief", e["title"]))
    synthetic = any(e["name"].startswith("synthetic-") for e in entries)
    header = (
        ["Brief", "Kind", "Place", "Level", "Year", "Status", "Requests received", "Findings"]
        if en
        else ["简报", "类型", "地区", "层级", "年度", "状态", "新收申请", "检查发现"]
    )
    rows = []
    for e in entries:
        kind = _KIND_NAMES.get(e["kind"], (e["kind"], e["kind"]))[1 if en else 0]
        link = (
            f'<a href="{html.escape(e["name"])}.html">{html.escape(e["title"])}</a>'
            if not e["error"]
            else f"{html.escape(e['title'])}: <b>{'failed' if en else '未能生成'}</b> {html.escape(e['error'])}"
        )
        cells = [link, html.escape(kind)] + [html.escape(str(v)) for v in _index_texts(e, lang)]
        numbers = [
            f'<td data-value="{e.get(k) if e.get(k) is not None else -1}">'
            f"{'' if e.get(k) is None else format(e[k], ',')}</td>"
            for k in ("received", "findings")
        ]
        rows.append(
            f'<tr data-kind="{html.escape(e["kind"])}">'
            + "".join(f"<td>{c}</td>" for c in cells)
            + "".join(numbers)
            + "</tr>"
        )
    kinds = "".join(
        f'<option value="{k}">{html.escape(v[1 if en else 0])}</option>'
        for k, v in _KIND_NAMES.items()
        if any(e["kind"] == k for e in entries)
    )
    others = "".join(
        f'<li><a href="{html.escape(p.parent.name)}/index.html">{html.escape(p.parent.name)}</a></li>'
        for p in sorted(out.glob("*/index.html"))
    )
    failed = [e for e in entries if e["error"]]
    payload = script_safe(json.dumps(entries, ensure_ascii=False))
    definitions = (
        f'<nav><a href="{METRICS_PAGE}">{"Definitions of the rates" if en else "指标定义"}</a></nav>'
        if (out / METRICS_PAGE).exists()
        else ""
    )
    body = (
        (briefing_banner() if synthetic else "")
        + definitions
        + f"<h1>{'Disclosure report briefs' if en else '政府信息公开年度报告 · 数据简报'}</h1>"
        + (f"<p class='note'>{len(failed)} {'failed' if en else '份未能生成'}</p>" if failed else "")
        + '<p class="index-tools">'
        + f'<input id="filter" type="search" placeholder="{"filter…" if en else "筛选…"}">'
        + f'<select id="kind"><option value="">{"all kinds" if en else "全部类型"}</option>{kinds}</select>'
        + f"<span class='note'>{'click a column to sort' if en else '点击列名排序'}</span></p>"
        + '<table class="index"><thead><tr>'
        + "".join(f"<th>{html.escape(h)}</th>" for h in header)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + (f"<h2>{'Other brief sets' if en else '其他简报集'}</h2><ul>{others}</ul>" if others else "")
        + f'<script type="application/json" id="{INDEX_DATA}">{payload}</script>'
    )
    target = inside(out, "index.html")
    with atomic_path(target) as tmp:
        tmp.write_text(
            page("govfoi briefs", body, font_css=font_css, charts=False, lang=lang, script=_SORT_FILTER),
            encoding="utf-8",
        )
    return target


def briefing_banner() -> str:
    from govfoi.briefs.bulletin import BANNER

    return BANNER
