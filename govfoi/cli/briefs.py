"""``govfoi brief`` and ``govfoi briefs``: render HTML briefs from parsed frames."""

from __future__ import annotations

import argparse
import sys
import time
from importlib.util import find_spec
from pathlib import Path

DEFAULT_DATA = Path("data/processed")
DEFAULT_OUT = Path("briefs")
# What the briefs import from the `briefs` extra (pyproject.toml), as import names: a plain `pip install govfoi`
# has none of them, and a briefs command says so before it reads anything.
BRIEFS_EXTRA = ("altair", "vl_convert", "fontTools", "papermill", "jupytext", "nbformat", "markdown_it", "IPython")


def _require_briefs_extra(command: str) -> None:
    from govfoi.errors import UsageError

    missing = [name for name in BRIEFS_EXTRA if find_spec(name) is None]
    if missing:
        raise UsageError(
            f"`govfoi {command}` needs the briefs extra, which is not installed (no module "
            f"{', '.join(missing)}): pip install 'govfoi[briefs]'"
        )


def add_brief_commands(sub: argparse._SubParsersAction) -> None:
    one = sub.add_parser("brief", help="render one agency's brief")
    one.add_argument("--agency", required=True, help="agency name, or a unique part of it (北仑)")
    _common(one)
    one.set_defaults(run=run_brief)
    many = sub.add_parser("briefs", help="render every agency's brief, the comparison, data quality and an index")
    _common(many)
    many.add_argument(
        "--workers",
        type=int,
        default=2,
        help="worker processes for a large batch (default 2; a dozen briefs or fewer run in this one)",
    )
    many.add_argument(
        "--only",
        nargs="+",
        choices=("agency", "compare", "quality", "trends"),
        help="render only these kinds of brief (default: all)",
    )
    many.set_defaults(run=run_briefs)
    helper = sub.add_parser("notebook-help", help="list a notebook's parameters (papermill --help-notebook)")
    helper.add_argument("notebook", help="agency_brief, compare_agencies, data_quality, trends or explore")
    helper.set_defaults(run=run_notebook_help)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="frames written by `govfoi parse` (data/processed)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (briefs/)")
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="language of every title, note, table header and chart label (agency names stay as published)",
    )


def _load(args: argparse.Namespace):
    """The frames in --data, read through the notebooks' own loader: briefs run in this process, and their
    notebooks find the frames already in memory."""
    from govfoi.briefs import briefing
    from govfoi.errors import UsageError

    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file, not a folder")
    try:
        return briefing.load(args.data.resolve())
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None


def run_brief(args: argparse.Namespace) -> int:
    _require_briefs_extra("brief")
    from govfoi.briefs import briefing
    from govfoi.briefs import jobs as brief_jobs
    from govfoi.briefs import render as briefs
    from govfoi.errors import UsageError

    corpus = _load(args)
    try:
        name = briefing.resolve_agency(corpus, args.agency)
    except briefing.ParameterError as exc:
        raise UsageError(str(exc)) from None
    started = time.perf_counter()
    jobs = brief_jobs.marked([brief_jobs.agency_job(name, args.data.resolve(), args.lang)], corpus)
    [result] = briefs.render(jobs, args.out, corpus=corpus, lang=args.lang)
    if result.error:
        print(f"govfoi: brief failed: {result.error}", file=sys.stderr)
        return 1
    print(f"wrote {args.out / (result.job.name + '.html')} ({time.perf_counter() - started:.1f} s)")
    return 0


def run_notebook_help(args: argparse.Namespace) -> int:
    _require_briefs_extra("notebook-help")
    from govfoi.briefs import render as briefs
    from govfoi.errors import UsageError

    try:
        parameters = briefs.notebook_parameters(args.notebook)
    except briefs.BriefError as exc:
        raise UsageError(str(exc)) from None
    print(f"Parameters of notebooks/{args.notebook}.py (pass them with papermill -p NAME VALUE):")
    for name, p in parameters.items():
        print(f"  {name}: {p['inferred_type_name']} (default {p['default']})  {p['help']}")
    return 0


def run_briefs(args: argparse.Namespace) -> int:
    _require_briefs_extra("briefs")
    from tqdm import tqdm  # here, not for `govfoi brief`: one brief shows no bar and need not import it

    from govfoi.briefs import jobs as brief_jobs
    from govfoi.briefs import render as briefs

    corpus = _load(args)
    jobs = brief_jobs.all_jobs(corpus, args.data.resolve(), tuple(args.only or brief_jobs.KINDS), args.lang)
    started = time.perf_counter()
    bar = tqdm(total=len(jobs), unit="brief", desc="rendering", disable=None)
    results = briefs.render(
        jobs, args.out, workers=args.workers, corpus=corpus, progress=lambda r: bar.update(), lang=args.lang
    )
    bar.close()
    failed = [r for r in results if r.error]
    for r in failed:
        print(f"failed: {r.error}", file=sys.stderr)
    took = time.perf_counter() - started
    print(
        f"briefs: {len(results) - len(failed)} rendered, {len(failed)} failed, in {took:.1f} s "
        f"({took / max(1, len(results)):.2f} s per brief); open {args.out / 'index.html'}"
    )
    return 1 if failed else 0
