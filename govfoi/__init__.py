"""govfoi: parse and check Chinese government information-disclosure annual reports.

    >>> import govfoi
    >>> corpus = govfoi.read_reports("data/raw")          # five frames: reports, disclosure, applications, ...
    >>> rates = govfoi.metrics(corpus)                     # one row per report, rates with Wilson intervals

The public names are imported on first use (PEP 562), so that ``govfoi`` on the command line can start its
worker processes before it imports Polars and the parser.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING

_PUBLIC = {
    "read_reports": "govfoi.corpus.batch",
    "Corpus": "govfoi.corpus.frames",
    "metrics": "govfoi.rates",
    "refusal_mix": "govfoi.rates",
    "Report": "govfoi.parse.report",
    "parse_report": "govfoi.parse.report",
    "parse_text": "govfoi.parse.report",
}
__all__ = ["Corpus", "Report", "__version__", "metrics", "parse_report", "parse_text", "read_reports", "refusal_mix"]

if TYPE_CHECKING:
    __version__: str
    from govfoi.corpus.batch import read_reports
    from govfoi.corpus.frames import Corpus
    from govfoi.parse.report import Report, parse_report, parse_text
    from govfoi.rates import metrics, refusal_mix


def _version() -> str:
    """The installed distribution's version (pyproject.toml), read on first use: importlib.metadata is slow to
    import and the command line starts its workers before anything slow. Unknown in a tree not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govfoi")
    except PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> object:
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value  # later uses skip this function
        return value
    if not name.startswith("_") and find_spec(f"govfoi.{name}") is not None:
        return import_module(f"govfoi.{name}")  # a module, as ``govfoi.codes`` after ``import govfoi``
    raise AttributeError(f"module 'govfoi' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC, "__version__"})
