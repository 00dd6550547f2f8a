"""Blank cells told by column positions (columns.py): a text browser's grid keeps each cell at its column."""

from __future__ import annotations

import json
import random
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from govfoi.codes import APPLICANTS, OUTCOMES
from govfoi.parse.columns import SLACK, _joined_wraps, blanks_from_columns
from govfoi.parse.report import parse_report
from govfoi.read.formats import BLANK_CELL
from govfoi.testing import synth

WIDTHS = (30, 12, 9, 9, 7, 7, 7, 8, 8)  # a text browser pads each cell to its column of the table's grid


def _grid_line(cells: list[str]) -> str:
    """A row as a text browser prints it: its cells at the offsets of the grid's first columns."""
    return "".join(c.ljust(w) for c, w in zip(cells, WIDTHS)).rstrip()


def _page(fig: synth.Figures, rng: random.Random) -> tuple[list[str], dict[int, list[str]]]:
    """Table 三 as a grid of text, zeros left blank at random (a row of zeros may lose its total too), rows
    with one or two label cells; and, per value line, its cells as they should read (blank as BLANK_CELL)."""
    lines, truth = ["三、收到和处理政府信息公开申请情况", "申请人情况"], {}
    for k, outcome in enumerate(OUTCOMES):
        values = [fig.applications[(outcome, a)] for a in APPLICANTS]
        shown = ["" if v == 0 and rng.random() < 0.5 else str(int(v)) for v in values]
        if not any(values[:-1]) and rng.random() < 0.5:
            shown[-1] = ""  # a row of zeros: its total may be left blank too
        labels = [f"行{k}"] if rng.random() < 0.5 else ["组", f"行{k}"]
        if any(shown):
            truth[len(lines)] = [s or BLANK_CELL for s in shown]
        lines.append(_grid_line(labels + shown))
    return lines, truth


@given(st.integers(0, 100_000))
@settings(max_examples=80, deadline=None)
def test_blank_cells_are_written_where_the_columns_put_them_or_nowhere(seed):
    rng = random.Random(seed)
    lines, truth = _page(synth.random_figures(rng), rng)
    out = blanks_from_columns(lines, 0, len(lines), len(APPLICANTS))
    assert len(out) == len(lines)
    for i, cells in truth.items():
        if out[i] != lines[i]:  # rewritten: every value in its own column, blanks where they were
            assert out[i].split()[-len(APPLICANTS) :] == cells, (lines[i], out[i])


def test_a_row_of_zeros_without_its_total_is_left_as_printed():
    """0 0 0 with the total blank: the last value is not the total, so the row's shift is unknown."""
    rows = [
        ["一", "5", "1", "1", "1", "1", "1", "10"],
        ["二", "2", "1", "1", "1", "1", "1", "7"],
        ["三", "", "0", "", "0", "0", "0", ""],
        ["四", "3", "", "", "", "", "", "3"],
    ]
    lines = [_grid_line(r) for r in rows]
    out = blanks_from_columns(lines, 0, len(lines), 7)
    assert out[2] == lines[2]
    assert out[3].split()[1:] == ["3", *[BLANK_CELL] * 5, "3"]


def _positioned(cells: list[str], columns: list[int], jitter: list[int]) -> str:
    """A row as pdftotext -layout prints it: each value at its column's offset, give or take a character."""
    line = "行"
    for cell, column, j in zip(cells, columns, jitter):
        if cell:
            line = line.ljust(column + j) + cell
    return line


@given(st.integers(0, 100_000))
@settings(max_examples=80, deadline=None)
def test_a_page_grid_places_whole_rows_or_leaves_them(seed):
    """pdftotext -layout: a grid per page (pages apart by a form feed), values a character off at times;
    a rewritten line is the row with its blanks where they were."""
    rng = random.Random(seed)
    fig = synth.random_figures(rng)
    lines, truth = ["三、收到和处理政府信息公开申请情况"], {}
    grids = [sorted(rng.sample(range(20, 120, 4), 7)) for _ in range(2)]
    for k, outcome in enumerate(OUTCOMES):
        page = k * 2 // len(OUTCOMES)
        if k and page != (k - 1) * 2 // len(OUTCOMES):
            lines.append("\f")
        values = [fig.applications[(outcome, a)] for a in APPLICANTS]
        shown = ["" if v == 0 and rng.random() < 0.5 else str(int(v)) for v in values]
        if any(shown):
            truth[len(lines)] = [s or BLANK_CELL for s in shown]
        lines.append(_positioned(shown, grids[page], [rng.choice((0, 0, 0, 1, -1)) for _ in shown]))
    out = blanks_from_columns(lines, 0, len(lines), len(APPLICANTS))
    for i, cells in truth.items():
        if out[i] != lines[i]:
            assert out[i].split()[-len(APPLICANTS) :] == cells, (lines[i], out[i])


def _block_grids(rng: random.Random, apart: bool = True) -> list[list[int]]:
    """Three blocks' grids of seven columns, 4 to 9 characters apart. ``apart``: each block's total column
    more than twice ``SLACK`` from the last block's, as in the captures seen (79 / 45 / 92): a line of the
    next block whose offsets all fall within ``SLACK`` of this block's columns is read on this block's grid
    (``test_a_line_of_another_grid_that_coincides_is_misread``)."""
    while True:
        spacing = [rng.choice((4, 5, 6, 9)) for _ in range(3)]
        starts = [rng.randrange(15, 40) for _ in spacing]
        grids = [[start + k * s for k in range(7)] for start, s in zip(starts, spacing)]
        if not apart or all(abs(a[-1] - b[-1]) > 2 * SLACK for a, b in pairwise(grids)):
            return grids


@pytest.mark.xfail(strict=True, reason="known: two grids whose offsets coincide within SLACK cannot be told apart")
def test_a_line_of_another_grid_that_coincides_is_misread():
    """The limit of block grids (seed 1750 of the test below, blocks not kept apart): a row of the block
    with grid 16, 25, … 70 printed as 1 (43) 1 (60) 2 (71) lies within 2 characters of the block above's
    42, 60, 72 and adds up there too, so it is placed in that block's columns, one and two columns off."""
    grid_above, grid_below = [36, 42, 48, 54, 60, 66, 72], [16, 25, 34, 43, 52, 61, 70]
    lines = [
        _positioned(["1", "1", "1", "1", "1", "1", "6"], grid_above, [0] * 7),
        _positioned(["", "", "", "1", "", "1", "2"], grid_below, [0, 0, 0, 0, 0, -1, 1]),
    ]
    out = blanks_from_columns(lines, 0, len(lines), 7)
    assert out[1] == lines[1] or out[1].split()[1:] == [BLANK_CELL] * 3 + ["1", BLANK_CELL, "1", "2"]


@given(st.integers(0, 100_000))
@settings(max_examples=80, deadline=None)
def test_blocks_with_their_own_grids_and_rows_over_two_lines_are_placed_or_left(seed):
    """pdftotext -layout lays out the rows beside a wrapping label column narrower than the rest of the page,
    with no form feed between (a block's grid is told by its offsets), and prints a tall row's total on one
    line and its values on the next: a rewritten line is its row, with its blanks where they were, and the
    other line of a two-line row then holds no value."""
    rng = random.Random(seed)
    fig = synth.random_figures(rng)
    lines, truth, emptied = ["三、收到和处理政府信息公开申请情况"], {}, set()
    grids = _block_grids(rng)
    for k, outcome in enumerate(OUTCOMES):
        grid = grids[k * 3 // len(OUTCOMES)]
        values = [fig.applications[(outcome, a)] for a in APPLICANTS]
        shown = ["" if v == 0 and rng.random() < 0.5 else str(int(v)) for v in values]
        jitter = [rng.choice((0, 0, 0, 1, -1)) for _ in shown]
        if any(shown):
            truth[len(lines)] = [s or BLANK_CELL for s in shown]
        if shown[-1] and any(shown[:-1]) and rng.random() < 0.2:  # the total on a line of its own, first
            lines.append(_positioned([""] * 6 + shown[-1:], grid, jitter))
            emptied.add(len(lines))
            lines.append(_positioned([*shown[:-1], ""], grid, jitter))
        else:
            lines.append(_positioned(shown, grid, jitter))
    out = blanks_from_columns(lines, 0, len(lines), len(APPLICANTS))
    for i, cells in truth.items():
        if out[i] != lines[i]:
            assert out[i].split()[-len(APPLICANTS) :] == cells, (lines[i], out[i])
            if i + 1 in emptied:
                assert not any(c.isdigit() for c in out[i + 1]), (lines[i + 1], out[i + 1])
    for i in emptied:  # a values line emptied only where its total's line took them
        if not any(c.isdigit() for c in out[i]):
            assert out[i - 1].split()[-len(APPLICANTS) :] == truth[i - 1]


def test_a_row_with_a_subtotal_column_is_placed_when_its_subtotal_is_the_organisations_sum():
    """法人或其他组织 小计 (eight columns): the 小计 is counted once in the total, and must be the sum of the
    organisations beside it. A line where it is not is no row the grid explains, and then the grid is not
    trusted: the whole block is left as printed."""
    grid = [20, 26, 32, 38, 44, 50, 56, 62]
    rows = [
        ["5", "1", "1", "1", "1", "1", "5", "10"],
        ["3", "", "2", "", "", "1", "3", "6"],  # 小计 3 = 2 + 1
        ["", "1", "", "", "", "", "1", "1"],
    ]
    lines = [_positioned(r, grid, [0] * 8) for r in rows]
    out = blanks_from_columns(lines, 0, len(lines), 8)
    assert out[1].split()[1:] == ["3", BLANK_CELL, "2", BLANK_CELL, BLANK_CELL, "1", "3", "6"]
    assert out[2].split()[1:] == [BLANK_CELL, "1", *[BLANK_CELL] * 4, "1", "1"]
    slipped = [*lines, _positioned(["2", "", "1", "", "", "", "2", "3"], grid, [0] * 8)]  # 小计 2, organisations 1
    assert blanks_from_columns(slipped, 0, len(slipped), 8) == slipped


def test_a_row_over_two_lines_is_written_on_the_line_of_its_label():
    """pdftotext -layout prints a tall row's total a line above the rest: 3 / 四、结转下年度继续办理 2 1. The
    joined row goes on its label's line, where the label reading looks for it; the total's line is emptied."""
    grid = [30, 36, 42, 48, 54, 60, 66]
    lines = [
        _positioned(["5", "1", "1", "1", "1", "1", "10"], grid, [0] * 7),
        " " * 66 + "3",
        "四、结转下年度继续办理".ljust(30) + "2" + " " * 29 + "1",
    ]
    out = blanks_from_columns(lines, 0, len(lines), 7)
    assert not any(c.isdigit() for c in out[1])
    assert out[2].split() == ["四、结转下年度继续办理", "2", *[BLANK_CELL] * 4, "1", "3"]


_PUSHED_PAGE = [  # pdftotext -layout, the second page of a table 三 (the real-tool corpus, rt0014)
    "\x0c          6.属于四类    41                             41",
    "          过程性信息",
    "          7.属于行政    145   14                  13   172",
    "          执法案卷",
    "          8.属于行政    137   5         2              144",
    "          查询事项",
    "          1.本机关不    43              11   1         55",
    "          掌握相关政",
    "          府信息",
    "          2.没有现成    67    13                       80",
    "（四）无法提供   信息需要另",
    "          行制作",
    "          3.补正后申    0     8    15   4              27",
    "          请内容仍不",
    "          明确",
    "          1.信访举报    0               2    2    20   24",
    "          投诉类申请",
    "          2.重复申请    122   6    11        18        157",
    "          3.要求提供    0     20                  3    23",
    "          公开出版物",
    "          4.无正当理    0     6         11             17",
    "（五）不予处理",
    "          由大量反复",
    "          申请",
    "          5. 要求行政 146          8    10        19   183",
    "          机关确认或",
    "          重新出具已",
    "          获取信息",
    "（六）其他处理   1. 申请人无                                  12",
    "          正当理由逾",
    "          期不补正、",
    "          行政机关不 0                        12",
    "          再处理其政",
    "          府信息公开",
    "          申请",
    "          2. 申请人逾 142     14                  8    164",
]


def test_a_first_column_pushed_right_by_the_labels_is_one_column():
    """pdftotext pushes a row's first value right by the Chinese label before it (6.属于四类    41 at 24,
    行政机关不 0 at 16, 5. 要求行政 146 at 21): the first column spreads over five characters, and is one."""
    out = blanks_from_columns(_PUSHED_PAGE, 0, len(_PUSHED_PAGE), len(APPLICANTS))
    rows = [line.split()[-7:] for line, was in zip(out, _PUSHED_PAGE) if line != was and BLANK_CELL in line]
    assert rows[:5] == [
        ["41", *[BLANK_CELL] * 5, "41"],
        ["145", "14", BLANK_CELL, BLANK_CELL, BLANK_CELL, "13", "172"],
        ["137", "5", BLANK_CELL, "2", BLANK_CELL, BLANK_CELL, "144"],
        ["43", BLANK_CELL, BLANK_CELL, "11", "1", BLANK_CELL, "55"],
        ["67", "13", BLANK_CELL, BLANK_CELL, BLANK_CELL, BLANK_CELL, "80"],
    ]
    assert ["146", BLANK_CELL, "8", "10", BLANK_CELL, "19", "183"] in rows  # 146 pushed furthest
    assert ["0", BLANK_CELL, BLANK_CELL, BLANK_CELL, "12", BLANK_CELL, "12"] in rows  # 0 pushed least


def _labelled(cells: list[str], columns: list[int], jitter: list[int], label: str, attached: bool) -> str:
    """A row as pdftotext -layout prints it beside its label: the label from offset 2, each value at its
    column's offset (give or take a character), and, ``attached``, the first value one space after the
    label instead: pdftotext sets it where the label ended, left of its column."""
    line = "  " + label
    for k, (cell, column, j) in enumerate(zip(cells, columns, jitter)):
        if cell:
            line = line + " " if k == 0 and attached else line.ljust(max(column + j, len(line) + 2))
            line += cell
    return line


@given(st.integers(0, 100_000))
@settings(max_examples=80, deadline=None)
def test_first_values_one_space_after_their_labels_are_placed_right_or_left(seed):
    """pdftotext -layout: a first value one space after its label stands left of its column, by as much as
    the label is long; the grid is made of the other values and such a value is the first column's. A
    rewritten line is the row with its blanks where they were."""
    rng = random.Random(seed)
    fig = synth.random_figures(rng)
    lines, truth = ["三、收到和处理政府信息公开申请情况"], {}
    start = rng.randrange(14, 30)
    spacing = rng.choice((8, 10))  # room for four digits and two spaces
    grid = [start + k * spacing for k in range(len(APPLICANTS))]
    for outcome in OUTCOMES:
        values = [fig.applications[(outcome, a)] for a in APPLICANTS]
        shown = ["" if v == 0 and rng.random() < 0.5 else str(int(v)) for v in values]
        if any(shown):
            truth[len(lines)] = [s or BLANK_CELL for s in shown]
        label = "项" * rng.randint(2, start - 4)  # ends before the first column, or just short of it
        attached = bool(shown[0]) and rng.random() < 0.5
        jitter = [rng.choice((0, 0, 0, 1, -1)) for _ in shown]
        lines.append(_labelled(shown, grid, jitter, label, attached))
    out = blanks_from_columns(lines, 0, len(lines), len(APPLICANTS))
    for i, cells in truth.items():
        if out[i] != lines[i]:
            assert out[i].split()[-len(APPLICANTS) :] == cells, (lines[i], out[i])
    short = [i for i, cells in truth.items() if BLANK_CELL in cells]
    assert not short or any(out[i] != lines[i] for i in short)  # the page is read, not left whole


_ATTACHED_PAGE = [  # pdftotext -layout, the second page of a table 三 (the real-tool corpus, rt0011)
    "\x0c                      3.补正后申请内 0                                                           18        18",
    "                      容仍不明确",
    "                      1.信访举报投诉 0              9             14                   7                   30",
    "                      类申请",
    "                      2.重复申请       0                        5          7                             12",
    "                      3.要求提供公开 116            12                       12        6                   146",
    "                      出版物",
    "         （五）不予处理",
    "                      4.无正当理由大 85                                      5                   12        102",
    "                      量反复申请",
    "                      5.要求行政机关 0              20            13         7                             40",
    "         （七）总计                     1094       131           136        101       92        93        1647",
]


def test_first_values_one_space_after_long_labels_are_the_first_column():
    """0 and 116 one space after their labels stand at 31, the first column's values with room before them
    at 35: the page is one grid, each such value the first column's (they made an eighth column before)."""
    out = blanks_from_columns(_ATTACHED_PAGE, 0, len(_ATTACHED_PAGE), len(APPLICANTS))
    rows = [line.split()[-7:] for line, was in zip(out, _ATTACHED_PAGE) if line != was]
    assert rows == [
        ["0", *[BLANK_CELL] * 4, "18", "18"],
        ["0", "9", "14", BLANK_CELL, "7", BLANK_CELL, "30"],
        ["0", BLANK_CELL, "5", "7", BLANK_CELL, BLANK_CELL, "12"],
        ["116", "12", BLANK_CELL, "12", "6", BLANK_CELL, "146"],
        ["85", BLANK_CELL, BLANK_CELL, "5", BLANK_CELL, "12", "102"],
        ["0", "20", "13", "7", BLANK_CELL, BLANK_CELL, "40"],
    ]


def _wrapped_page(rng: random.Random) -> tuple[list[str], dict[int, list[str]], set[int]]:
    """Table 三 as pdftotext -layout prints it from cells four characters wide: a wider number wraps, its
    first four digits on a line of their own above the row's line and the rest below, at the cell's offset;
    the row's line holds its label and the other values. Other rows are printed whole, some on a line of
    their own above their label (a tall row) or with one value a line above or below, zeros at times left
    blank. Returns the lines, the wrapped numbers by the line their heads are on (in offset order), and
    the lines of tails."""
    fig = synth.random_figures(rng, scale=rng.choice((300, 3000, 30000)))
    grid = [24 + 8 * k for k in range(len(APPLICANTS))]

    def at(cells: list[str]) -> str:
        line = ""
        for cell, column in zip(cells, grid):
            if cell:
                line = line.ljust(column) + cell
        return line

    lines, heads, tails = ["三、收到和处理政府信息公开申请情况"], {}, set()
    for k, outcome in enumerate(OUTCOMES):
        shown = [str(int(fig.applications[(outcome, a)])) for a in APPLICANTS]
        shown = ["" if s == "0" and rng.random() < 0.5 else s for s in shown]
        label = f"{k}.行项".ljust(grid[0] - 4)
        wide = {c for c, s in enumerate(shown) if 4 < len(s) <= 8}
        if wide and rng.random() < 0.8:
            heads[len(lines)] = [shown[c] for c in sorted(wide)]
            lines.append(at([s[:4] if c in wide else "" for c, s in enumerate(shown)]))
            lines.append(label + at(["" if c in wide else s for c, s in enumerate(shown)])[len(label) :])
            tails.add(len(lines))
            lines.append(at([s[4:] if c in wide else "" for c, s in enumerate(shown)]))
        elif rng.random() < 0.3:  # a tall row: its values on a line of their own, its label below
            lines.append(at(shown))
            lines.append(label)
        elif (stray := [c for c, s in enumerate(shown) if s]) and rng.random() < 0.3:
            c = rng.choice(stray)  # one value a line high or low (a cell centred in a tall row)
            alone, rest = (
                at([s if k == c else "" for k, s in enumerate(shown)]),
                at(["" if k == c else s for k, s in enumerate(shown)]),
            )
            row = [label + rest[len(label) :]]
            lines.extend([alone, *row] if rng.random() < 0.5 else [*row, alone])
        else:
            lines.append(label + at(shown)[len(label) :])
    return lines, heads, tails


@given(st.integers(0, 100_000))
@settings(max_examples=100, deadline=None)
def test_numbers_wrapped_in_narrow_cells_are_joined_and_nothing_else_is(seed):
    """pdftotext -layout: a number's head above its row's line and its tail below, at the same offset, is
    joined on the head's line (head⏎tail) where the joined number fits and its row adds up; every other
    line is left as printed, whatever numbers stand one above another two lines apart."""
    rng = random.Random(seed)
    lines, heads, tails = _wrapped_page(rng)
    out = _joined_wraps(lines, 0, len(lines))
    for i, (was, now) in enumerate(zip(lines, out, strict=True)):
        if now == was:
            continue
        if i in tails:  # a tail line loses its pieces
            assert not now.strip()
            continue
        assert i in heads, (was, now)
        assert [n.replace("\u23ce", "") for n in now.split()] == heads[i], (was, now)
        assert all("\u23ce" in n for n in now.split())
    for i in heads:  # joined, unless the row's line is a row without them, or the lines of heads and tails are
        head, row, tail = ([float(n) for n in lines[k].split() if n.isdigit()] for k in (i, i + 1, i + 2))
        assert out[i] != lines[i] or _a_row(row) or (_a_row(head) and _a_row(tail)), lines[i : i + 3]
    event(f"wrapped rows joined: {sum(out[i] != lines[i] for i in heads)} of {len(heads)}")


def _a_row(numbers: list[float]) -> bool:
    """Whether ``numbers`` in some order are a row: the largest the sum of the others."""
    return len(numbers) > 1 and max(numbers) * 2 == sum(numbers)


# pdftotext -layout of a table 三 from narrow columns (the real-tool corpus, rt0069): 11066 and 11097 wrap.
_WRAPPED_PAGE = [
    "                         1106                                        16199",
    "一、本年新收政府信息公开申请数量              825       1360 594     1428   926",
    "                         6",
    "二、上年结转政府信息公开申请数量         528   29       101    21    35     29       743",
    "三、本年度办理   （一）予以公开        390   0        37     1     134    17       579",
    "结果        （二）部分公开（区分                                                 36",
    "          处理的，只计这一情  0         0        0      4     32     0",
]


def test_a_number_wrapped_in_its_cell_is_joined_on_the_line_of_its_head():
    """1106 above the row's line and 6 below it: 1106⏎6 (11066; the row adds up with it). 134 over 32 two
    lines below is no wrap: their lines hold labels."""
    out = _joined_wraps(_WRAPPED_PAGE, 0, len(_WRAPPED_PAGE))
    assert out[0].split() == ["1106\u23ce6", "16199"]
    assert not out[2].strip()
    assert out[3:] == _WRAPPED_PAGE[3:]


def test_a_report_whose_numbers_wrap_in_narrow_cells_is_read():
    """pdftotext -layout of a report with 11066 and 11097 wrapped (the real-tool corpus, rt0069): every
    cell of table 三 right, the joined number reported. Before, both rows were unread."""
    data = Path(__file__).resolve().parents[1] / "data" / "layout"
    expected = json.loads((data / "expected.json").read_text(encoding="utf-8"))[0]
    report = parse_report(data / expected["file"])
    truth = {(o, a): v for o, values in expected["applications"].items() for a, v in values.items()}
    assert {k: report.value("applications", *k) for k in truth} == truth
    assert not [f for f in report.findings if f.table == "applications" and f.severity == "error"]
    assert any(f.check == "wrapped_number_joined" and f.row == "processed_total" for f in report.findings)


def test_a_whole_row_between_two_stray_values_is_not_joined():
    """168 printed a line below its row and 1 a line above its own, a whole row between that adds up: no
    wrap (a review found 1681 joined, and 132 cells lost). Nor is a piece both a tail and a head."""
    sandwich = [
        "（三）不予公开1.属于国家秘密" + " " * 25 + "0                 93                65                326",
        "                                                                   168",
        "（三）不予公开2.其他法律行政法规禁" + " " * 22 + "1615                                         130      1745",
        "                                                                   1",
        "（三）不予公开3.危及“三安全一稳定" + " " * 31 + "0        172               18       155      346",
    ]
    assert _joined_wraps(sandwich, 0, len(sandwich)) == sandwich
    piece = " " * 20
    chain = [
        piece + "1234",
        "一、本年新收" + piece + "  1  12345679",
        piece + "5678",
        "二、上年" + piece + "  1  56790",
        piece + "9",
    ]
    assert _joined_wraps(chain, 0, len(chain)) == chain  # 1234⏎5678 and 5678⏎9 would each add up
