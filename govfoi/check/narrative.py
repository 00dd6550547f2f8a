"""Prose against tables: counts the report states in words, compared with its table 三.

Reports often say 共受理政府信息公开申请386件，其中予以公开105件 … in 总体情况. A mismatch with the table
is a warning: either the prose or the table is wrong, and a researcher should look.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from govfoi.codes import OUTCOME_GROUP
from govfoi.findings import Finding, finding
from govfoi.template import Cell, CellValue

Grid = dict[Cell, CellValue]


def _total(outcome: str) -> Callable[[Grid], float | None]:
    return lambda g: _get(g, (outcome, "total"))


def _group(group: str) -> Callable[[Grid], float | None]:
    outcomes = [o for o, g in OUTCOME_GROUP.items() if g == group]

    def value(g: Grid) -> float | None:
        vals = [_get(g, (o, "total")) for o in outcomes]
        return None if any(v is None for v in vals) else sum(vals)  # type: ignore[arg-type]

    return value


def _organisations(g: Grid) -> float | None:
    total, people = _get(g, ("received", "total")), _get(g, ("received", "natural_person"))
    return None if total is None or people is None else total - people


def _get(g: Grid, cell: Cell) -> float | None:
    c = g.get(cell)
    return None if c is None else c.value


N = r"(\d+)件"
# (a word the phrase always holds, phrase, what it states, the cell the finding names); the word is looked
# for first because a plain substring test costs a fraction of a regex scan of a long line of prose
STATEMENTS: tuple[tuple[str, re.Pattern[str], str, Callable[[Grid], float | None], Cell], ...] = (
    (
        "申请",
        re.compile(r"(?:受理|收到|新收)[^,。;:\d件]{0,16}?申请[^,。;:\d]{0,6}?" + N),
        "收到申请",
        _total("received"),
        ("received", "total"),
    ),
    (
        "答复",
        re.compile(r"答复[^,。;:\d]{0,16}?申请" + N),
        "答复申请",
        _total("processed_total"),
        ("processed_total", "total"),
    ),
    ("予以公开", re.compile(r"(?<!不)予以公开" + N), "予以公开", _total("granted"), ("granted", "total")),
    ("部分公开", re.compile(r"部分公开" + N), "部分公开", _total("partially_granted"), ("partially_granted", "total")),
    ("不予公开", re.compile(r"不予公开" + N), "不予公开", _group("withheld"), ("processed_total", "total")),
    ("无法提供", re.compile(r"无法提供" + N), "无法提供", _group("unavailable"), ("processed_total", "total")),
    ("不予处理", re.compile(r"不予处理" + N), "不予处理", _group("not_processed"), ("processed_total", "total")),
    ("其他处理", re.compile(r"其他处理" + N), "其他处理", _group("other"), ("processed_total", "total")),
    (
        "下年",
        re.compile(r"(?:结转|转结)下年度?(?:继续办理)?" + N),
        "结转下年度",
        _total("carried_forward"),
        ("carried_forward", "total"),
    ),
    (
        "自然人",
        re.compile(r"自然人(?:申请|提出)?" + N),
        "自然人申请",
        lambda g: _get(g, ("received", "natural_person")),
        ("received", "natural_person"),
    ),
    (
        "法人或其他组织",
        re.compile(r"法人或其他组织(?:申请|提出)?" + N),
        "法人或其他组织申请",
        _organisations,
        ("received", "total"),
    ),
)


def check_narrative(compacts: list[str], end: int, grid: Grid) -> list[Finding]:
    """Warnings for statements in the prose before the tables (lines without spaces) that differ from them."""
    found = []
    for i in range(min(end, len(compacts))):
        text = compacts[i]
        if "件" not in text:
            continue
        for word, pattern, phrase, table_value, cell in STATEMENTS:
            if word not in text:
                continue
            for m in pattern.finditer(text):
                stated = float(m.group(1))
                value = table_value(grid)
                if value is not None and value != stated:
                    found.append(
                        finding(
                            "narrative_mismatch",
                            table="applications",
                            row=cell[0],
                            column=cell[1],
                            expected=value,
                            actual=stated,
                            line=i + 1,
                            detail=(
                                f"正文“{phrase}{m.group(1)}件”，表格为 {value:g} / "
                                f"text says {stated:g}, table {value:g}"
                            ),
                        )
                    )
    return found
