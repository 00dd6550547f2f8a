"""Parsed frames → HTML briefs: parameterised notebooks run by papermill, shown with code hidden.

Each brief is a notebook in ``notebooks/`` (jupytext percent text) executed with its parameters; the executed
notebook is kept beside its HTML. Batch rendering collects failures, renders the rest and says what failed.
File names come from agency names through ``safe_name``, so no name can write outside the output folder.
"""

from __future__ import annotations

import contextlib
import html
import json
import multiprocessing
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from govfoi.briefs import _imports  # noqa: F401  (before papermill/nbformat import jsonschema: see govfoi/briefs/_imports.py)

# isort: split
from govfoi.briefs import briefing, nbhtml, tables
from govfoi.briefs.bulletin import METRICS_DOC, METRICS_PAGE
from govfoi.briefs.names import safe_name
from govfoi.briefs.page import BRIEF_ENV, font_chars, font_face, page, script_safe
from govfoi.codes import SYNTHETIC_MARK
from govfoi.corpus.frames import Corpus
from govfoi.corpus.output import atomic_path
from govfoi.errors import BriefError


def notebooks_dir() -> Path:
    """Where the brief notebooks live: $GOVFOI_NOTEBOOKS, else the repository's notebooks/ folder."""
    env = os.environ.get("GOVFOI_NOTEBOOKS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[2] / "notebooks"
    return here if here.is_dir() else Path.cwd() / "notebooks"


@dataclass(frozen=True)
class BriefJob:
    name: str  # file stem
    title: str
    notebook: str  # stem in notebooks/
    parameters: dict = field(default_factory=dict)


@dataclass
class Rendered:
    job: BriefJob
    body: str = ""
    notebook_json: str = ""
    error: str = ""
    seconds: float = 0.0


@contextlib.contextmanager
def _brief_mode() -> Iterator[None]:
    """Charts emitted as specs for the page (govfoi.briefs.page.show reads $GOVFOI_BRIEF), for the briefs only."""
    before = os.environ.get(BRIEF_ENV)
    os.environ[BRIEF_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(BRIEF_ENV, None)
        else:
            os.environ[BRIEF_ENV] = before


def _notebook_json(path: Path) -> str:
    """The jupytext notebook as .ipynb JSON, converted once per version of its text and kept in the user
    cache: jupytext takes ~0.2 s to import, a tenth of ``govfoi brief``."""
    from importlib.metadata import version

    from govfoi.briefs.usercache import cached_text, key

    text = path.read_text(encoding="utf-8")
    return cached_text(f"notebooks/{path.stem}-{key(text, version('jupytext'))}.ipynb",
                       lambda: _convert(path), keep=32)


def _convert(path: Path) -> str:
    import jupytext
    import nbformat

    nb = jupytext.read(path)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nbformat.writes(nb)


def _notebook(path: Path):
    """A fresh copy of the notebook at ``path`` (papermill adds its cell and outputs to the copy)."""
    import nbformat

    return nbformat.from_dict(json.loads(_notebook_json(path)))


def execute(job: BriefJob) -> Rendered:
    """Run one brief notebook with its parameters (papermill); errors become ``Rendered.error``, never raised.

    papermill parameterises the notebook as always; the cells run in this process (govfoi.briefs.inprocess) unless
    this process is itself an IPython kernel, where a kernel of their own runs them.
    """
    import papermill as pm

    from govfoi.briefs import inprocess

    started = time.perf_counter()
    source = notebooks_dir() / f"{job.notebook}.py"
    if not source.exists():
        return Rendered(job, error=f"{job.name}: notebook not found: {source}")
    try:
        with _brief_mode():
            if inprocess.available():
                done = inprocess.execute_notebook(_notebook(source), job.parameters)
            else:
                done = pm.execute_notebook(_notebook(source), None, parameters=job.parameters,
                                           kernel_name="python3", progress_bar=False)
    except Exception as exc:  # noqa: BLE001 - papermill wraps the notebook's own exception: report its message
        return Rendered(job, error=f"{job.name}: {_reason(exc)}", seconds=time.perf_counter() - started)
    # The executed notebook as one line of JSON: nbformat.writes validates and indents it (60 ms a brief).
    return Rendered(job, body=nbhtml.body(done), notebook_json=json.dumps(done, ensure_ascii=False),
                    seconds=time.perf_counter() - started)


def notebook_parameters(name: str) -> dict[str, dict]:
    """A notebook's parameters as papermill sees them (name → type, default, help), as for --help-notebook.

    papermill reads only .ipynb, so the jupytext text is converted to a temporary one first.
    """
    import jupytext
    import papermill as pm

    source = notebooks_dir() / f"{name}.py"
    if not source.exists():
        known = ", ".join(sorted(p.stem for p in notebooks_dir().glob("*.py")))
        raise BriefError(f"no notebook {name!r}; known: {known}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.ipynb"
        jupytext.write(jupytext.read(source), path)
        return pm.inspect_notebook(str(path))


def _reason(exc: Exception) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


def write_pages(results: list[Rendered], out: Path, font_css: str, lang: str = "zh") -> list[Path]:
    """Write each rendered brief as HTML and its executed notebook beside it."""
    out.mkdir(parents=True, exist_ok=True)
    ok = [r for r in results if not r.error]
    written = []
    for r in ok:
        target = _inside(out, f"{r.job.name}.html")
        with atomic_path(target) as tmp:
            tmp.write_text(page(r.job.title, _nav(lang) + r.body, font_css=font_css, lang=lang), encoding="utf-8")
        with atomic_path(_inside(out, f"{r.job.name}.ipynb")) as tmp:
            tmp.write_text(r.notebook_json, encoding="utf-8")
        written.append(target)
    return written


def _nav(lang: str = "zh") -> str:
    en = lang == "en"
    return (f'<nav><a href="index.html">← {"All briefs" if en else "全部简报"}</a>'
            f'<a href="{METRICS_PAGE}">{"Definitions" if en else "指标定义"}</a></nav>')


def write_metrics(out: Path, font_css: str, lang: str = "zh", synthetic: bool = False) -> Path:
    """metrics.html beside the briefs: the page their "full definitions" links open, offline and wherever the
    folder is moved or published (a link to the checkout's docs/METRICS.md broke both). In the synthetic set
    it carries the set's banner, as every page of it does."""
    from govfoi.briefs.bulletin import metrics_page

    target = _inside(out, METRICS_PAGE)
    title = "Definitions of the rates" if lang == "en" else "指标定义"
    body = (briefing_banner() if synthetic else "") + metrics_page(lang)
    with atomic_path(target) as tmp:
        tmp.write_text(page(title, _nav(lang) + body, font_css=font_css, charts=False, lang=lang), encoding="utf-8")
    return target


def _inside(folder: Path, name: str) -> Path:
    """folder/name, refusing anything that would resolve outside folder."""
    target = (folder / name).resolve()
    if target.parent != folder.resolve():
        raise BriefError(f"refusing to write {name!r} outside {folder}")
    return target


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
    return {"agency": agency, "place": place, "level": rep["level"] or "", "year": rep["year"],
            "status": rep["status"], "received": m["received"],
            "findings": (rep["n_errors"] or 0) + (rep["n_warnings"] or 0)}


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
    return [entry.get("place") or "", labels("level", lang).get(level, level or "") if level else "",
            entry.get("year") if entry.get("year") is not None else "",
            tables.status_label(status, lang) if status else ""]


_KIND_NAMES = {"agency_brief": ("机关简报", "Agency brief"), "compare_agencies": ("比较", "Comparison"),
               "data_quality": ("数据质量", "Data quality"), "trends": ("逐年趋势", "Trends")}


def write_index(results: list[Rendered], out: Path, font_css: str, corpus: Corpus | None = None,
                lang: str = "zh") -> Path:
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
    header = (["Brief", "Kind", "Place", "Level", "Year", "Status", "Requests received", "Findings"] if en else
              ["简报", "类型", "地区", "层级", "年度", "状态", "新收申请", "检查发现"])
    rows = []
    for e in entries:
        kind = _KIND_NAMES.get(e["kind"], (e["kind"], e["kind"]))[1 if en else 0]
        link = (f'<a href="{html.escape(e["name"])}.html">{html.escape(e["title"])}</a>' if not e["error"]
                else f'{html.escape(e["title"])}: <b>{"failed" if en else "未能生成"}</b> {html.escape(e["error"])}')
        cells = [link, html.escape(kind)] + [html.escape(str(v)) for v in _index_texts(e, lang)]
        numbers = [f'<td data-value="{e.get(k) if e.get(k) is not None else -1}">'
                   f'{"" if e.get(k) is None else format(e[k], ",")}</td>' for k in ("received", "findings")]
        rows.append(f'<tr data-kind="{html.escape(e["kind"])}">' + "".join(f"<td>{c}</td>" for c in cells)
                    + "".join(numbers) + "</tr>")
    kinds = "".join(f'<option value="{k}">{html.escape(v[1 if en else 0])}</option>' for k, v in _KIND_NAMES.items()
                    if any(e["kind"] == k for e in entries))
    others = "".join(f'<li><a href="{html.escape(p.parent.name)}/index.html">{html.escape(p.parent.name)}</a></li>'
                     for p in sorted(out.glob("*/index.html")))
    failed = [e for e in entries if e["error"]]
    payload = script_safe(json.dumps(entries, ensure_ascii=False))
    definitions = (f'<nav><a href="{METRICS_PAGE}">{"Definitions of the rates" if en else "指标定义"}</a></nav>'
                   if (out / METRICS_PAGE).exists() else "")
    body = ((briefing_banner() if synthetic else "") + definitions
            + f"<h1>{'Disclosure report briefs' if en else '政府信息公开年度报告 · 数据简报'}</h1>"
            + (f"<p class='note'>{len(failed)} {'failed' if en else '份未能生成'}</p>" if failed else "")
            + '<p class="index-tools">'
            + f'<input id="filter" type="search" placeholder="{"filter…" if en else "筛选…"}">'
            + f'<select id="kind"><option value="">{"all kinds" if en else "全部类型"}</option>{kinds}</select>'
            + f"<span class='note'>{'click a column to sort' if en else '点击列名排序'}</span></p>"
            + '<table class="index"><thead><tr>' + "".join(f"<th>{html.escape(h)}</th>" for h in header)
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            + (f"<h2>{'Other brief sets' if en else '其他简报集'}</h2><ul>{others}</ul>" if others else "")
            + f'<script type="application/json" id="{INDEX_DATA}">{payload}</script>')
    target = _inside(out, "index.html")
    with atomic_path(target) as tmp:
        tmp.write_text(page("govfoi briefs", body, font_css=font_css, charts=False, lang=lang, script=_SORT_FILTER),
                       encoding="utf-8")
    return target


def briefing_banner() -> str:
    from govfoi.briefs.bulletin import BANNER

    return BANNER


_TITLES = {"zh": {"agency": "{} · 数据简报", "trends": "{} · 逐年趋势", "compare": "机关比较",
                   "compare-province": "按省比较", "quality": "数据质量"},
           "en": {"agency": "{} · data brief", "trends": "{} · trends", "compare": "Agencies compared",
                  "compare-province": "Provinces compared", "quality": "Data quality"}}


def _title(kind: str, lang: str, name: str = "") -> str:
    return _TITLES["en" if lang == "en" else "zh"][kind].format(name)


def agency_job(name: str, data_dir: Path, lang: str = "zh", **extra: object) -> BriefJob:
    return BriefJob(safe_name(name, "agency"), _title("agency", lang, name), "agency_brief",
                    {"agency": name, "data_dir": str(data_dir), "lang": lang, **extra})


def trend_jobs(corpus: Corpus, data_dir: Path, lang: str = "zh") -> list[BriefJob]:
    """A trends brief per agency with reports of 2+ years, and per province or city with 2+ such agencies."""
    jobs = [BriefJob(safe_name(a, "trends"), _title("trends", lang, a), "trends",
                     {"agency": a, "region": "", "data_dir": str(data_dir), "lang": lang})
            for a in briefing.multi_year_agencies(corpus)]
    jobs += [BriefJob(safe_name(name, f"trends-{kind}"), _title("trends", lang, name), "trends",
                      {"agency": "", "region": name, "data_dir": str(data_dir), "lang": lang})
             for kind, name in briefing.regions(corpus)]
    return jobs


KINDS = ("agency", "compare", "quality", "trends")


def all_jobs(corpus: Corpus, data_dir: Path, kinds: tuple[str, ...] = KINDS, lang: str = "zh") -> list[BriefJob]:
    """One brief per agency, the comparison (by agency, and by province when there are several), the
    data-quality brief, and trends where agencies have reports of several years."""
    jobs = [agency_job(a, data_dir, lang) for a in briefing.agencies(corpus)] if "agency" in kinds else []
    if "compare" in kinds:
        jobs.append(BriefJob("compare", _title("compare", lang), "compare_agencies",
                             {"data_dir": str(data_dir), "lang": lang}))
        if corpus.panel().reports["province"].n_unique() > 1:
            jobs.append(BriefJob("compare-province", _title("compare-province", lang), "compare_agencies",
                                 {"data_dir": str(data_dir), "group_by": "province", "lang": lang}))
    if "quality" in kinds:
        jobs.append(BriefJob("data-quality", _title("quality", lang), "data_quality",
                             {"data_dir": str(data_dir), "lang": lang}))
    if "trends" in kinds:
        jobs += trend_jobs(corpus, data_dir, lang)
    return marked(jobs, corpus)


def marked(jobs: list[BriefJob], corpus: Corpus) -> list[BriefJob]:
    """Briefs of the synthetic example set: invented figures say so in every file name and title (and one
    agency's brief gets the name the whole set gave it, so the index lists it once)."""
    if not briefing.is_synthetic(corpus):
        return jobs
    mark = SYNTHETIC_MARK
    return [BriefJob(f"synthetic-{j.name}", j.title if j.title.startswith(mark) else mark + j.title, j.notebook,
                     j.parameters) for j in jobs]


def _expected_text(jobs: list[BriefJob], corpus: Corpus | None) -> str:
    """Text the briefs will show, known before running them: notebooks, labels, messages, agency names."""
    parts = [job.title + json.dumps(job.parameters, ensure_ascii=False) for job in jobs]
    for name in {j.notebook for j in jobs}:
        path = notebooks_dir() / f"{name}.py"
        if path.exists():
            parts.append(path.read_text(encoding="utf-8"))
    here = Path(__file__).resolve().parents[1]  # govfoi/
    parts += [(here / name).read_text(encoding="utf-8") for name in DISPLAY_TEXT_SOURCES]
    parts.append(SYNTHETIC_MARK)  # a synthetic title's mark: codes.py holds it, and is no display source
    if METRICS_DOC.exists():  # shown on metrics.html
        parts.append(METRICS_DOC.read_text(encoding="utf-8"))
    if corpus is not None:
        parts += [x for x in corpus.reports["agency"].to_list() + corpus.reports["source"].to_list() if x]
        parts += corpus.checks["message"].to_list()
    return "".join(parts)


# Modules whose strings end up on pages (labels, messages, titles): their characters go into the font subset.
DISPLAY_TEXT_SOURCES = ("briefs/briefing.py", "briefs/tables.py", "briefs/trends.py", "briefs/bulletin.py",
                        "briefs/charts.py", "rates.py", "findings.py",
                        "check/narrative.py", "briefs/render.py", "data/codes.csv")


def render(jobs: list[BriefJob], out: Path, *, workers: int = 1, corpus: Corpus | None = None,
           progress: Callable[[Rendered], None] | None = None, lang: str = "zh") -> list[Rendered]:
    """Execute the jobs, then write pages and the index.

    The font subset (~1 s, unless the user cache has it) is made in a forked process while the notebooks run:
    fontTools is pure Python and would otherwise hold the interpreter the notebooks need (the child touches
    nothing of Polars, whose threads do not survive a fork). One subset serves every page; it is rebuilt only
    if a page shows a character the prepared text did not have.
    """
    expected = _expected_text(jobs, corpus)
    results: list[Rendered] = []
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as font_pool:
        font_future = font_pool.submit(font_face, expected)
        for r in run_jobs(jobs, workers):
            results.append(r)
            if progress:
                progress(r)
        font_css = font_future.result()
    shown = "".join(r.notebook_json for r in results) + "".join(r.job.title + r.error for r in results)
    if set(font_chars(shown)) - set(font_chars(expected)):
        font_css = font_face(expected + shown)
    write_pages(results, out, font_css, lang)
    write_metrics(out, font_css, lang, synthetic=any(r.job.name.startswith("synthetic-") for r in results))
    write_index(results, out, font_css, corpus, lang)
    return results


# Below this many briefs a batch runs in this process: a worker process spends ~1.5 s importing polars, altair
# and papermill before its first brief, more than it would save.
POOL_FROM = 12


def run_jobs(jobs: list[BriefJob], workers: int = 1) -> Iterator[Rendered]:
    """Each job executed, in order: here, or by ``workers`` processes for a large batch.

    Workers are spawned, not forked: this process has used Polars, whose thread pool does not survive a
    fork. Each worker keeps its imports and frames from brief to brief, as this process does.
    """
    if workers <= 1 or len(jobs) < POOL_FROM:
        yield from map(execute, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(execute, jobs)
