"""Damage seen in real reports, applied to a synthetic report in the tab layout: digits run together, labels
out of place, page furniture, blank cells and the rest (``DAMAGES``). Used by the accuracy corpus and the
damage tests.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable

# ---- damage seen in real reports -----------------------------------------------------------------------------------
# Each function takes a report rendered in the tab layout (``render(fig, "tab")``) and returns it damaged the way
# crawlers, PDF extraction and OCR damage real reports. Used by the accuracy corpus and the damage tests.

_VALUES_AT_END = re.compile(r"^(.*?)((?:\t[^\t]*){%d})$")


def _table_rows(lines: list[str], n: int) -> list[int]:
    """Indexes of lines that end in exactly n tab-separated cells holding numbers (rows of a table)."""
    out = []
    for i, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) >= n + 1 and all(_is_value(c) for c in cells[-n:]) and not _is_value(cells[-n - 1]):
            out.append(i)
    return out


def _is_value(cell: str) -> bool:
    return bool(re.fullmatch(r"[0-9０-９.,，．]*", cell)) and cell != ""


def _split_row(line: str, n: int) -> tuple[str, list[str]]:
    cells = line.split("\t")
    return "\t".join(cells[:-n]), cells[-n:]


def damage_run_together(text: str, rng: random.Random, rows: int = 3) -> str:
    """Crawler output: a row's cells run together with no separator (一、本年新收…数量512000053)."""
    lines = text.split("\n")
    for i in rng.sample(_table_rows(lines, 7), rows):
        label, values = _split_row(lines[i], 7)
        lines[i] = label.rstrip("\t").split("\t")[-1] + "".join(values)
    return "\n".join(lines)


def damage_displaced_labels(text: str, rng: random.Random, block: int = 3) -> str:
    """PDF extraction: a block of rows prints its numbers first and its labels after them."""
    lines = text.split("\n")
    rows = _table_rows(lines, 7)
    starts = [k for k in range(len(rows) - block + 1) if rows[k + block - 1] - rows[k] == block - 1]
    k = rng.choice(starts)
    span = rows[k : k + block]
    split = [_split_row(lines[i], 7) for i in span]
    lines[span[0] : span[-1] + 1] = [" ".join(v) for _, v in split] + [label.strip("\t") for label, _ in split]
    return "\n".join(lines)


def damage_char_per_line(text: str, rng: random.Random) -> str:
    """PDF extraction of merged cells: a group label (三、本年度办理结果, 申请人情况) one character per line."""
    lines = text.split("\n")
    out = []
    for line in lines:
        for word in ("三、本年度办理结果", "申请人情况", "法人或其他组织"):
            if word in line:
                before, after = line.split(word, 1)
                out.append(before)
                out.extend(word)
                line = after
                break
        out.append(line)
    return "\n".join(out)


def damage_page_furniture(text: str, rng: random.Random) -> str:
    """Page numbers and running headers and footers inside a table."""
    lines = text.split("\n")
    rows = _table_rows(lines, 7)
    for i in sorted(rng.sample(rows, 2), reverse=True):
        lines[i + 1 : i + 1] = [
            rng.choice(("— 3 —", "- 4 -", "第 5 页 共 9 页", "第5页")),
            rng.choice(("政府信息公开工作年度报告", "2023年度报告", "")),
        ]
    return "\n".join(lines)


def damage_subtotal_column(text: str, rng: random.Random) -> str:
    """An extra 法人或其他组织 小计 column: eight numbers a row."""
    lines = text.split("\n")
    for i in _table_rows(lines, 7):
        label, v = _split_row(lines[i], 7)
        orgs = sum(int(unicodedata.normalize("NFKC", x)) for x in v[1:6])
        lines[i] = "\t".join([label, *v[:6], str(orgs), v[6]])
    return "\n".join(line.replace("\t其他\t", "\t其他\t小计\t") for line in lines)


def damage_blank_zeros(text: str, rng: random.Random) -> str:
    """Zeros left blank (the cell is there, empty), as many Word tables print them."""
    lines = text.split("\n")
    for i in _table_rows(lines, 7):
        label, v = _split_row(lines[i], 7)
        lines[i] = "\t".join([label, *("" if unicodedata.normalize("NFKC", x) == "0" else x for x in v)])
    return "\n".join(lines)


def damage_blank_total_column(text: str, rng: random.Random) -> str:
    """The 总计 column left empty."""
    lines = text.split("\n")
    for i in _table_rows(lines, 7):
        label, v = _split_row(lines[i], 7)
        lines[i] = "\t".join([label, *v[:6], ""])
    return "\n".join(lines)


def damage_ocr_row_tables(text: str, rng: random.Random) -> str:
    """OCR output: each row its own small table, with column headers 数据1 … 数据7."""
    lines = text.split("\n")
    for i in reversed(_table_rows(lines, 7)):
        label, v = _split_row(lines[i], 7)
        head = "| 项目 | " + " | ".join(f"数据{k}" for k in range(1, 8)) + " |"
        lines[i : i + 1] = [head, "| " + label.strip("\t").replace("\t", " ") + " | " + " | ".join(v) + " |"]
    return "\n".join(lines)


_TYPOS = (
    ("其他法律行政法规禁止公开", "其他法律行政止公开"),
    ("保护第三方合法权益", "保护第三方合法杈益"),
    ("信访举报投诉类申请", "信访举报投拆类申请"),
    ("本机关不掌握相关政府信息", "本机关不掌握相关政府信患"),
    ("重复申请", "重复申情"),
)


def damage_label_typos(text: str, rng: random.Random) -> str:
    """OCR typos in row labels (其他法律行政止公开)."""
    for right, wrong in rng.sample(_TYPOS, 3):
        text = text.replace(right, wrong)
    return text


def damage_sections_off_by_one(text: str, rng: random.Random) -> str:
    """Section headings numbered off by one (三、主动公开… for 二、主动公开…)."""
    for old, new in (
        ("四、政府信息公开行政复议", "五、政府信息公开行政复议"),
        ("三、收到和处理", "四、收到和处理"),
        ("二、主动公开政府信息情况", "三、主动公开政府信息情况"),
    ):
        text = text.replace(old, new)
    return text


DAMAGES: dict[str, Callable[[str, random.Random], str]] = {
    "run_together": damage_run_together,
    "displaced_labels": damage_displaced_labels,
    "char_per_line": damage_char_per_line,
    "page_furniture": damage_page_furniture,
    "subtotal_column": damage_subtotal_column,
    "blank_zeros": damage_blank_zeros,
    "blank_total_column": damage_blank_total_column,
    "ocr_row_tables": damage_ocr_row_tables,
    "label_typos": damage_label_typos,
    "sections_off_by_one": damage_sections_off_by_one,
}
