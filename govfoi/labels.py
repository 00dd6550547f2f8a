"""The template's row labels and section headings, and their variants seen in the wild.

Read from ``data/labels.csv`` (one row per pattern): adding a variant or an OCR typo is a one-line data
change, never a new branch in the parser. Patterns match NFKC-normalised text with white space removed.
A module of the package's top level, like codes.py: the parser (tokens, rows) and the OCR reader (which
reading of a cell names a row) both read it, and neither stage imports the other.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class RowPattern:
    """A pattern that names one row of a table.

    ``kind`` is ``row`` (accepted wherever the row is still ahead), ``near`` (a bare word such as 其他 or
    总计 that is also a column header: accepted only within two rows of the last row read) or ``single``
    (（六）其他处理 given as one row, as in hybrid reports).
    """

    code: str
    pattern: re.Pattern[str]
    kind: str


@cache
def _read() -> tuple[dict[str, str], ...]:
    text = resources.files("govfoi").joinpath("data/labels.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@cache
def row_patterns(table: str) -> tuple[RowPattern, ...]:
    """The row patterns of ``applications`` or ``disclosure``, in file order."""
    return tuple(RowPattern(r["code"], re.compile(r["pattern"]), r["kind"]) for r in _read() if r["table"] == table)


@cache
def section_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(section, kind, pattern) for the headings (``heading``) and first rows (``fallback``) of each table."""
    return tuple((r["code"], r["kind"], re.compile(r["pattern"])) for r in _read() if r["table"] == "section")
