"""Rows placed in their cells (cells.py): empty cells that are layout, not blanks, left out only where the
row's own sums say so."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from govfoi.findings import ERROR
from govfoi.parse.cells import place
from govfoi.parse.grid import Run
from govfoi.parse.report import parse_text
from govfoi.parse.tokens import tokenize
from govfoi.template import application_identities, application_slots

ROW = "withheld_third_party"


def _pipe_row(label: str, cells: list[str], rng: random.Random) -> str:
    """A markdown row as a PDF converter writes it when it cuts columns in two: empty cells anywhere."""
    out = ["", label] if rng.random() < 0.5 else [label]
    for cell in cells:
        out += [""] * rng.choice([0, 0, 1, 2]) + [cell]
    out += [""] * rng.randint(0, 2)
    return "| " + " | ".join(out) + " |"


def _placed(line: str) -> tuple[list[float | None], bool]:
    """One row of table 三 read from one line, against the template's identities."""
    values = tuple(t for t in tokenize([line], 0, 1) if t.kind != "text")
    slots = tuple(application_slots()[ROW])
    grid, found = place([Run(ROW, slots, values, 1)], application_identities(), "applications")
    return [grid[c].value for c in slots], any(f.severity == ERROR for f in found)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6))
def test_a_row_with_a_value_in_every_cell_reads_whatever_empty_cells_surround_them(seed):
    """Seven values for seven cells on one line, adding up: each cell holds one, in order, and the empty
    cells a converter wrote between them are layout."""
    rng = random.Random(seed)
    parts = [rng.randint(0, 300) for _ in range(6)]
    truth = [*parts, sum(parts)]
    cells, errors = _placed(_pipe_row("4.保护第三方合法权益", [str(v) for v in truth], rng))
    assert cells == truth
    assert not errors


def test_a_real_blank_and_a_stray_number_that_break_the_sum_are_not_read():
    """0 | (blank) | 5 … and a footnote 1 at the end: seven numbers for seven cells, but the row does not add
    up read so, so its empty cell is not taken for layout."""
    cells, errors = _placed("| 4.保护第三方合法权益 | 3 |  | 5 | 0 | 0 | 0 | 8 | 1 |")
    assert errors
    assert cells != [3, 5, 0, 0, 0, 8, 1]


def test_table_two_keeps_an_empty_cell_between_its_values():
    """Table 二 has no sums: | 0 |  | 5 | 1 | is a blank and a stray number as well as a column cut in two,
    so the row stays null with an error (the second review of session 15)."""
    head = [
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
    ]
    rows = ["| --- | --- | --- | --- |", "| 规章 | 0 |  | 5 | 1 |", "| 行政规范性文件 | 1 | 2 | 3 |"]
    report = parse_text("\n".join([*head, *rows, "三、收到和处理政府信息公开申请情况"]), name="converted.md")
    assert [report.disclosure[("regulations", m)].value for m in ("issued", "abolished", "in_force")] == [None] * 3
    assert any(f.severity == ERROR and f.row == "regulations" for f in report.findings)


def test_a_short_row_of_table_2_is_never_imputed():
    """Table 二 has no identities: a row of three cells with two values (0 0) may have a blank or a lost value
    in any of them, so none is read, least of all as an imputed 0 (the contract's ``imputed`` is a value the
    identities force)."""
    from govfoi import parse_text

    head = [
        "某局2023年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "信息内容 本年制发件数 本年废止件数 现行有效件数",
    ]
    report = parse_text("\n".join([*head, "规章 0 0", "行政规范性文件 0 0", "三、收到和处理政府信息公开申请情况"]))
    rows = ("regulations", "normative_documents")
    cells = [v for c, v in report.disclosure.items() if c[0] in rows]
    assert cells and all(v.value is None and not v.imputed for v in cells)
    flagged = {f.row for f in report.findings if f.severity == "error" and f.table == "disclosure"}
    assert set(rows) <= flagged
