"""Text → sections → tokens: the layout-independent view of a report's tables.

Every layout (tabs, pipes, one cell per line, markdown, PDF-style spaces) reduces to the same stream of
tokens: text, numbers, blank cells and unreadable cells, each carrying its 1-based source line. The table
readers then anchor on the template's row labels in that stream, never on a layout's separators.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from govfoi.labels import section_patterns


class Kind(Enum):
    TEXT = "text"
    NUM = "num"
    BLANK = "blank"  # an empty cell between two values of one delimited row
    BAD = "bad"  # a value slot that holds something that is not a number (OCR noise, dashes)


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    line: int
    value: float | None = None

    @property
    def is_value(self) -> bool:
        return self.kind is not Kind.TEXT


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ENUMERATOR = re.compile(r"\d{1,2}[.、]")
_UNREADABLE = re.compile(r"[\dA-Za-z]|^[-—–~/\\*×_]+$")
# Lines that are layout noise inside tables: page numbers, markdown rules.
_NOISE = re.compile(
    r"^\s*(?:[-—–~]+\s*\d{1,4}\s*[-—–~]+|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*)\s*$"
)
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
_DELIMITER = re.compile(r"[\t|│]")
_SPACES = re.compile(r"\s+")
MAX_HEADING_CHARS = 40


def normalize(text: str) -> str:
    """NFKC (full-width digits, brackets and punctuation fold to ASCII), drop invisibles, unify newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    return unicodedata.normalize("NFKC", text)


def compact(text: str) -> str:
    """Text without any white space, for matching labels that layouts split with spaces."""
    return _SPACES.sub("", text)


def is_noise(line: str) -> bool:
    return bool(_NOISE.match(line))


@dataclass(frozen=True, slots=True)
class Sections:
    """0-based [start, end) line ranges of the three tables; None where a table was not found."""

    disclosure: tuple[int, int] | None
    applications: tuple[int, int] | None
    appeals: tuple[int, int] | None

    @property
    def first_table_line(self) -> int:
        starts = [r[0] for r in (self.disclosure, self.applications, self.appeals) if r]
        return min(starts) if starts else -1


def find_sections(lines: list[str]) -> Sections:
    """Locate tables 二, 三 and 四 by their headings, or by their first rows where a heading is missing."""
    found: dict[str, int] = {}
    fallback: dict[str, int] = {}
    end_after: list[int] = []
    for i, line in enumerate(lines):
        c = compact(_HEADING_MARK.sub("", line))
        if not c or len(c) > MAX_HEADING_CHARS:
            continue
        for name, kind, pattern in section_patterns():
            if not pattern.search(c):
                continue
            if name == "end":
                end_after.append(i)
            elif kind == "heading":
                found.setdefault(name, i)
            else:
                fallback.setdefault(name, i)
            break
    starts = {n: found.get(n, fallback.get(n)) for n in ("disclosure", "applications", "appeals")}
    # A heading found after the next table's start is prose, not a heading: prefer the fallback then.
    order = [n for n in ("disclosure", "applications", "appeals") if starts[n] is not None]
    bounds: dict[str, tuple[int, int] | None] = {n: None for n in ("disclosure", "applications", "appeals")}
    ordered = sorted(order, key=lambda n: starts[n])  # type: ignore[arg-type, return-value]
    for k, name in enumerate(ordered):
        start = starts[name]
        assert start is not None
        nxt = starts[ordered[k + 1]] if k + 1 < len(ordered) else None
        ends = [e for e in end_after if e > start]
        end = nxt if nxt is not None else (ends[0] if ends else len(lines))
        bounds[name] = (start, end)
    return Sections(**bounds)


def tokenize(lines: list[str], start: int, end: int) -> list[Token]:
    """Tokens of lines[start:end]; line numbers in tokens are 1-based."""
    out: list[Token] = []
    for i in range(start, end):
        line = lines[i]
        if not line or line.isspace() or is_noise(line):
            continue
        line = _HEADING_MARK.sub("", line)
        lineno = i + 1
        if _DELIMITER.search(line):
            _tokenize_delimited(line, lineno, out)
        else:
            for word in line.split():
                out.append(_classify(word, lineno))
    return out


def _tokenize_delimited(line: str, lineno: int, out: list[Token]) -> None:
    fields = [f.strip() for f in _DELIMITER.split(line)]
    tokens_per_field = [[_classify(w, lineno) for w in f.split()] for f in fields]
    value_fields = [k for k, toks in enumerate(tokens_per_field) if toks and toks[-1].kind is not Kind.TEXT]
    first, last = (value_fields[0], value_fields[-1]) if value_fields else (0, -1)
    for k, toks in enumerate(tokens_per_field):
        if toks:
            out.extend(toks)
        elif first < k < last:
            # An empty field between two values of the same row is a blank cell, not a missing one.
            out.append(Token(Kind.BLANK, "", lineno))


def _classify(word: str, lineno: int) -> Token:
    if _NUMBER.fullmatch(word):
        return Token(Kind.NUM, word, lineno, float(word.replace(",", "")))
    if _CJK.search(word) or _ENUMERATOR.fullmatch(word) or not _UNREADABLE.search(word):
        return Token(Kind.TEXT, word, lineno)
    return Token(Kind.BAD, word, lineno)
