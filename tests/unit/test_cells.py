"""Rows placed in their cells (cells.py): empty cells that are layout, not blanks, left out only where the
row says so."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from govfoi.findings import ERROR
from govfoi.parse.report import parse_text

_ROWS = ("规章", "行政规范性文件")


def _pipe_row(label: str, cells: list[str], rng: random.Random) -> str:
    """A markdown row as a PDF converter writes it when it cuts columns in two: empty cells anywhere."""
    out = ["", label] if rng.random() < 0.5 else [label]
    for cell in cells:
        out += [""] * rng.choice([0, 0, 1, 2]) + [cell]
    out += [""] * rng.randint(0, 2)
    return "| " + " | ".join(out) + " |"


def _table_two(lines: list[str]) -> str:
    head = [
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "| --- | --- | --- | --- |",
    ]
    return "\n".join([*head, *lines, "三、收到和处理政府信息公开申请情况"])


def _read(text: str) -> tuple[dict[str, list[float | None]], bool]:
    report = parse_text(text, name="converted.md")
    cells = {
        row: [report.disclosure[(code, m)].value for m in ("issued", "abolished", "in_force")]
        for row, code in zip(_ROWS, ("regulations", "normative_documents"), strict=True)
    }
    return cells, any(f.severity == ERROR and f.table == "disclosure" for f in report.findings)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6))
def test_a_row_with_a_value_in_every_cell_reads_whatever_empty_cells_surround_them(seed):
    """Three values for three cells on one line: each cell holds one, in order, and the empty cells a
    converter wrote between them are layout."""
    rng = random.Random(seed)
    truth = {row: [rng.randint(0, 400) for _ in range(3)] for row in _ROWS}
    cells, _ = _read(_table_two([_pipe_row(row, [str(v) for v in truth[row]], rng) for row in _ROWS]))
    assert cells == truth


def test_a_blank_cell_with_a_value_from_the_next_line_is_not_read_as_a_full_row():
    """98 | (blank) | 829 and, on the next line, a value of the next row printed before its label: three
    values and a blank, but over two lines, so which cell is blank is not known and the row stays null."""
    text = _table_two(["| 规章 | 98 |  | 829 |", "204", "| 行政规范性文件 | 1 | 2 | 3 |"])
    cells, errors = _read(text)
    assert cells["规章"] != [98, 829, 204]
    assert errors
