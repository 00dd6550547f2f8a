"""Parsed frames → HTML briefs: parameterised notebooks run by papermill, shown with code hidden.

Each brief is a notebook in ``notebooks/`` (jupytext percent text) executed with its parameters; the executed
notebook is kept beside its HTML. Batch rendering collects failures, renders the rest and says what failed.
File names come from agency names through ``safe_name``, so no name can write outside the output folder.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from govfoi.briefs import _imports  # noqa: F401  (before papermill/nbformat import jsonschema: see govfoi/briefs/_imports.py)

# isort: split
from govfoi.briefs import nbhtml
from govfoi.briefs.bulletin import METRICS_PAGE
from govfoi.briefs.index import briefing_banner, write_index
from govfoi.briefs.jobs import BriefJob, Rendered
from govfoi.briefs.metrics_page import METRICS_DOC
from govfoi.briefs.names import inside
from govfoi.briefs.page import BRIEF_ENV, font_chars, font_face, page
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
    cache: importing jupytext is a noticeable part of ``govfoi brief``'s time."""
    from importlib.metadata import version

    from govfoi.briefs.usercache import cached_text, key

    text = path.read_text(encoding="utf-8")
    return cached_text(f"notebooks/{path.stem}-{key(text, version('jupytext'))}.ipynb", lambda: _convert(path), keep=32)


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
                done = pm.execute_notebook(
                    _notebook(source), None, parameters=job.parameters, kernel_name="python3", progress_bar=False
                )
    except Exception as exc:  # noqa: BLE001 - papermill wraps the notebook's own exception: report its message
        return Rendered(job, error=f"{job.name}: {_reason(exc)}", seconds=time.perf_counter() - started)
    # The executed notebook as one line of JSON: nbformat.writes would also validate and indent it, needlessly.
    return Rendered(
        job,
        body=nbhtml.body(done),
        notebook_json=json.dumps(done, ensure_ascii=False),
        seconds=time.perf_counter() - started,
    )


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
        target = inside(out, f"{r.job.name}.html")
        with atomic_path(target) as tmp:
            tmp.write_text(page(r.job.title, _nav(lang) + r.body, font_css=font_css, lang=lang), encoding="utf-8")
        with atomic_path(inside(out, f"{r.job.name}.ipynb")) as tmp:
            tmp.write_text(r.notebook_json, encoding="utf-8")
        written.append(target)
    return written


def _nav(lang: str = "zh") -> str:
    en = lang == "en"
    return (
        f'<nav><a href="index.html">← {"All briefs" if en else "全部简报"}</a>'
        f'<a href="{METRICS_PAGE}">{"Definitions" if en else "指标定义"}</a></nav>'
    )


def write_metrics(out: Path, font_css: str, lang: str = "zh", synthetic: bool = False) -> Path:
    """metrics.html beside the briefs: the page their "full definitions" links open, offline and wherever the
    folder is moved or published (a link to the checkout's docs/METRICS.md would break both). In the synthetic set
    it carries the set's banner, as every page of it does."""
    from govfoi.briefs.metrics_page import metrics_page

    target = inside(out, METRICS_PAGE)
    title = "Definitions of the rates" if lang == "en" else "指标定义"
    body = (briefing_banner() if synthetic else "") + metrics_page(lang)
    with atomic_path(target) as tmp:
        tmp.write_text(page(title, _nav(lang) + body, font_css=font_css, charts=False, lang=lang), encoding="utf-8")
    return target


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
DISPLAY_TEXT_SOURCES = (
    "briefs/briefing.py",
    "briefs/tables.py",
    "briefs/trends.py",
    "briefs/bulletin.py",
    "briefs/charts.py",
    "briefs/chart_theme.py",
    "rates.py",
    "findings.py",
    "check/narrative.py",
    "briefs/render.py",
    "briefs/jobs.py",
    "briefs/index.py",
    "data/codes.csv",
)


def render(
    jobs: list[BriefJob],
    out: Path,
    *,
    workers: int = 1,
    corpus: Corpus | None = None,
    progress: Callable[[Rendered], None] | None = None,
    lang: str = "zh",
) -> list[Rendered]:
    """Execute the jobs, then write pages and the index.

    The font subset (slow, unless the user cache has it) is made in a forked process while the notebooks run:
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


# Below this many briefs a batch runs in this process: a worker process imports polars, altair and papermill
# before its first brief, which costs more than it would save.
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
