"""What the notebooks start from, as functions: parameter guards, the frames loaded, agency and region look-up
(tables.py and trends.py hold what they then show).

Notebooks only call these and the chart builders, so that every brief computes its figures the same way
and the logic is tested like the rest of the library.
"""

from __future__ import annotations

import ast
import difflib
import os
from pathlib import Path

import polars as pl

from govfoi.codes import SYNTHETIC_MARK, SYNTHETIC_PREFIX
from govfoi.corpus.frames import Corpus
from govfoi.errors import ParameterError
from govfoi.findings import Status
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
            return {
                t.id
                for node in tree.body
                if isinstance(node, ast.Assign)
                for t in node.targets
                if isinstance(t, ast.Name)
            }
    return set()


def check_parameters(**params: object) -> None:  # noqa: C901
    """Refuse bad notebook parameters with a clear message (papermill does not check types or names).

    ``params`` are every parameter the notebook declares: a name papermill injected that is not among them
    (``-p agenc 双鸭山``) would otherwise be ignored silently and the default rendered.
    """
    unknown = sorted(_injected_names() - set(params))
    if unknown:
        raise ParameterError(f"unknown parameter {', '.join(unknown)}: this notebook takes {', '.join(params)}")
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
        raise ParameterError(
            f"parameter data_dir={params['data_dir']!r}: no reports.parquet in "
            f"{data_path(str(params['data_dir']))}; run `govfoi parse INPUT --out DIR` first "
            f"(`make parse` writes {PROJECT / PROCESSED}), or set ${DATA_ENV}"
        )


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
    return sorted(
        corpus.reports.filter(pl.col("status") != Status.FAILED.value)["agency"].drop_nulls().unique().to_list()
    )


def resolve_agency(corpus: Corpus, name: str) -> str:
    """The one agency that ``name`` names: exact, else the only one containing it (北仑 → 北仑区人民政府)."""
    known = agencies(corpus)
    if name in known:
        return name
    matches = [a for a in known if name in a]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ParameterError(
            f"agency {name!r} matches {len(matches)} agencies: {', '.join(matches[:20])}; give more of the name"
        )
    close = difflib.get_close_matches(name, known, n=5, cutoff=0.3) or known[:10]
    raise ParameterError(f"agency {name!r} matches no agency; candidates: {', '.join(close)}")


def report_of(corpus: Corpus, agency: str, year: int = 0) -> str:
    """report_id of the agency's report for ``year`` (0: the latest)."""
    rows = corpus.reports.filter(pl.col("agency") == agency, pl.col("status") != Status.FAILED.value)
    if year:
        rows = rows.filter(pl.col("year") == year)
        if rows.is_empty():
            raise ParameterError(f"no {year} report for {agency}")
    return rows.sort("year", "n_errors", descending=[True, False], nulls_last=True)["report_id"][0]


# ---- over the years ---------------------------------------------------------------------------------------------


def is_synthetic(corpus: Corpus) -> bool:
    """True when any report is from the synthetic example set (file name or title marks it)."""
    r = corpus.reports
    return bool(
        r["source"].str.contains(SYNTHETIC_PREFIX, literal=True).any()
        or r["agency"].fill_null("").str.contains(SYNTHETIC_MARK, literal=True).any()
    )


def regions(corpus: Corpus, min_agencies: int = 2) -> list[tuple[str, str]]:
    """(province or city, name) of regions whose panel holds at least ``min_agencies`` agencies over 2+ years."""
    p = corpus.panel().reports
    out = []
    for kind in ("province", "city"):
        per = (
            p.filter(pl.col(kind).is_not_null())
            .group_by(kind)
            .agg(pl.col("agency_id").n_unique().alias("agencies"), pl.col("year").n_unique().alias("years"))
            .filter((pl.col("agencies") >= min_agencies) & (pl.col("years") >= 2))
            .sort(kind)
        )
        if kind == "city":  # a municipality is already its province
            per = per.filter(~pl.col(kind).is_in(p["province"].unique().implode()))
        out += [(kind, name) for name in per[kind].to_list()]
    return out


def multi_year_agencies(corpus: Corpus) -> list[str]:
    """Agencies whose panel has reports of two or more years."""
    p = corpus.panel().reports
    ids = p.group_by("agency_id").agg(pl.col("year").n_unique()).filter(pl.col("year") >= 2)["agency_id"]
    return sorted(p.filter(pl.col("agency_id").is_in(ids.implode()))["agency"].drop_nulls().unique().to_list())
