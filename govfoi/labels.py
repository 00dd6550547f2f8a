"""The template's row labels and section headings, and their variants seen in the wild.

Read from ``data/labels.csv`` (one row per pattern): adding a variant or an OCR typo is a one-line data
change, never a new branch in the parser. Patterns match NFKC-normalised text with white space removed.
A module of the package's top level, like codes.py: the parser (tokens, rows) and the OCR reader (which
reading of a cell names a row) both read it, and neither stage imports the other.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from govfoi.codes import labels


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
def _header_cells() -> re.Pattern[str]:
    """Table 二's header cells: 第二十条第(八)项, 信息内容 and its measures (本年处理决定数量; 2019: 处理决定数量)."""
    words = {re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)) for text in labels("measure").values()}
    words |= {word.removeprefix("本年") for word in words}
    heads = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join([*heads, "信息内容", r"第二十条第\([一二三四五六七八九十]+\)项"]))


def is_header_cell(text: str) -> bool:
    """Whether ``text`` is one of table 二's header cells (信息内容, 本年制发件数 …), as NFKC text."""
    return _header_cells().fullmatch(re.sub(r"\s+", "", text)) is not None


def between_header_cells(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` outside table 二's header cells, where its row labels may be. pdftotext prints
    a one-value row's header cell (本年处理决定数量) at the height of its label, and the next item's
    (第二十条第(八)项 信息内容) right after it: 行政许可本年处理决定数量 and 行政强制第二十条第(八)项信息内容 are a
    label and header cells, each label ending where a header cell begins."""
    spans, at = [], 0
    for m in _header_cells().finditer(text):
        if m.start() > at:
            spans.append((at, m.start()))
        at = m.end()
    if at < len(text):
        spans.append((at, len(text)))
    return spans


@cache
def section_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(section, kind, pattern) for the headings (``heading``) and first rows (``fallback``) of each table."""
    return tuple((r["code"], r["kind"], re.compile(r["pattern"])) for r in _read() if r["table"] == "section")


_HAN = re.compile(r"[\u4e00-\u9fff]")
_NUMBERED = re.compile(r"\d+[.、]|\([一二三四五六七]\)|[一二三四]、")  # a label's own number, NFKC


@cache
def _label_texts(table: str) -> dict[str, str]:
    """Code → the template's label of each row, NFKC with white space removed, as the text is matched."""
    name = "outcome" if table == "applications" else "disclosure"
    return {code: re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)) for code, text in labels(name).items()}


@cache
def row_holding(table: str, piece: str) -> str | None:
    """The one row whose template label holds ``piece``: a line of a label wrapped in a narrow cell, as
    pdftotext prints 1.属于国家 / 秘密, each line beside whatever value shares its height. None when no
    label or several hold it (不予公开), or when it is too short to tell by: fewer than four Chinese characters
    without the label's number (1.属于 is a label's beginning; 本年 a piece of 三、本年度办理结果 as well)."""
    piece = re.sub(r"\s+", "", unicodedata.normalize("NFKC", piece))
    han = len(_HAN.findall(piece))
    if han < 2 or (han < 4 and not _NUMBERED.match(piece)):
        return None  # 本年 of 三、本年度办理结果 is also in 一、本年新收…: a short piece must begin a label
    holding = [code for code, text in _label_texts(table).items() if piece in text]
    return holding[0] if len(holding) == 1 else None
