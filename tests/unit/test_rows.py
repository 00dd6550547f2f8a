"""Row labels found in text (rows.py): labels wrapped in a narrow label column."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govfoi.codes import APPLICANTS, OUTCOMES, labels
from govfoi.parse.rows import read_rows
from govfoi.parse.tokens import tokenize
from govfoi.template import disclosure_slots

_LABELS = labels("outcome")
_ITEM_LABELS = {o: text.split(" ")[-1] for o, text in _LABELS.items()}


@given(
    width=st.integers(min_value=3, max_value=9),
    figures=st.lists(
        st.one_of(
            st.none(),  # a row of blank cells: pdftotext prints its label alone
            st.lists(st.integers(min_value=0, max_value=999), min_size=len(APPLICANTS), max_size=len(APPLICANTS)),
        ),
        min_size=len(OUTCOMES),
        max_size=len(OUTCOMES),
    ),
    rng=st.randoms(use_true_random=False),
)
def test_item_labels_wrapped_in_a_narrow_column_keep_their_rows(width, figures, rng):
    """pdftotext -layout of a table whose item column is narrow: 3.危及“三安 1 1 / 全一稳定”, so the run
    of label text before a row's values is the last rows' tails and this row's first piece
    (政法规禁止公开3.危及“三安, or 家秘密2.其他法律行政法规禁止公开3.危及 after a row of blanks), where the
    last label found is not the row's; and each group's label, in a column of its own, is printed on one
    of its items' lines (（三）不予公开   方合法权益, inside 4.保护第三 / 方合法权益)."""
    lines = []
    groups: dict[str, list[int]] = {}
    for outcome, values in zip(OUTCOMES, figures, strict=True):
        text = _ITEM_LABELS[outcome]
        pieces = [text[i : i + width] for i in range(0, len(text), width)] if text[0].isdigit() else [text]
        if " " in _LABELS[outcome]:
            groups.setdefault(_LABELS[outcome].split(" ")[0], []).extend(range(len(lines), len(lines) + len(pieces)))
        lines.append(pieces[0] + ("    " + "  ".join(map(str, values)) if values else ""))
        lines.extend(pieces[1:])
    for group, at in groups.items():
        k = rng.choice(at)
        lines[k] = f"{group}   {lines[k]}"
    rows = read_rows(tokenize(lines, 0, len(lines)), "applications", OUTCOMES, len(APPLICANTS))
    got = {code: [t.value for t in row.values] for code, row in rows.items() if row.values}
    want = {o: [float(v) for v in values] for o, values in zip(OUTCOMES, figures, strict=True) if values}
    assert got == want


@given(
    width=st.integers(min_value=5, max_value=9),
    figures=st.lists(
        st.lists(st.integers(min_value=0, max_value=999), min_size=len(APPLICANTS), max_size=len(APPLICANTS)),
        min_size=len(OUTCOMES),
        max_size=len(OUTCOMES),
    ),
    rng=st.randoms(use_true_random=False),
)
def test_an_item_whose_wrapped_label_ends_misread_keeps_its_row(width, figures, rng):
    """OCR of a narrow label column misreads a character of a label's later lines (6.属于四类过 / values /
    悍性信息): the whole label is never found, but its number and first characters name one row, which
    keeps its values (they went to the row before)."""
    lines = []
    for outcome, values in zip(OUTCOMES, figures, strict=True):
        text = _ITEM_LABELS[outcome]
        pieces = [text[i : i + width] for i in range(0, len(text), width)] if text[0].isdigit() else [text]
        if len(pieces) > 1 and rng.random() < 0.5:
            k = rng.randrange(1, len(pieces))
            at = rng.randrange(len(pieces[k]))
            pieces[k] = pieces[k][:at] + "悍" + pieces[k][at + 1 :]
        lines.append(pieces[0] + "    " + "  ".join(map(str, values)))
        lines.extend(pieces[1:])
    rows = read_rows(tokenize(lines, 0, len(lines)), "applications", OUTCOMES, len(APPLICANTS))
    assert {code: [t.value for t in row.values] for code, row in rows.items()} == {
        o: [float(v) for v in values] for o, values in zip(OUTCOMES, figures, strict=True)
    }


def _rows(lines: list[str]) -> dict[str, list[float | None]]:
    rows = read_rows(tokenize(lines, 0, len(lines)), "applications", OUTCOMES, len(APPLICANTS))
    return {code: [t.value for t in row.values] for code, row in rows.items()}


def test_a_label_known_by_its_beginning_names_only_one_of_the_next_rows():
    """6.属于四类过 names a row three past the last one read (3.危及…): too far to be the next label misread,
    so its values stay with the row before (an error there), not seated in a row the labels skipped."""
    near = [
        "3.危及“三安全一稳定”    1  0  0  0  0  0  1",
        "4.保护第三方合法权益    0  0  0  0  0  0  0",
        "6.属于四类过    2  0  0  0  0  0  2",
        "悍性信息",
    ]
    assert _rows(near)["withheld_process_info"] == [2.0, 0, 0, 0, 0, 0, 2.0]
    far = [near[0], *near[2:]]
    assert "withheld_process_info" not in _rows(far)
    assert len(_rows(far)["withheld_security_stability"]) == 14


def test_a_label_known_by_its_beginning_at_the_end_of_the_text_keeps_its_row():
    """An item whose label's rest never comes because the text ends after its values (a capture cut off)."""
    lines = [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请    0  0  0  0  0  0  0",
        "2.申请人逾期未    3  0  0  0  0  0  3",
    ]
    assert _rows(lines)["other_no_fee"] == [3.0, 0, 0, 0, 0, 0, 3.0]


# Table 二 as pdftotext prints it: each item's code, header cells, label, measures' headers and width.
_Item = tuple[str, list[str], str, list[str], int]
_ITEMS_2021: tuple[_Item, ...] = (
    ("regulations", ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], "规章", [], 3),
    ("normative_documents", [], "行政规范性文件", [], 3),
    ("licensing", ["第二十条第（五）项", "信息内容"], "行政许可", ["本年处理决定数量"], 1),
    ("penalty", ["第二十条第（六）项", "信息内容"], "行政处罚", ["本年处理决定数量"], 1),
    ("coercion", [], "行政强制", [], 1),
    ("fees", ["第二十条第（八）项", "信息内容"], "行政事业性收费", ["本年收费金额（单位：万元）"], 1),
)


def _disclosure_one_value_a_line(figures: list[list[int | None]], rng, page: str | None) -> str:
    """Table 二 one value a line, as pdftotext's default prints it (or a row's values on one line): each
    row's values (blank cells printed as nothing) just before its label (after the first row; a row of
    several cells then on one line: one a line, they read as a column) or just after it, in order; a
    measure's header before or after its label; ``page``: a page break somewhere, the page's number printed
    in its ``footer`` or the next one's ``header``."""
    lines = ["某局2023年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    for k, ((_, heads, label, measures, _), values) in enumerate(zip(_ITEMS_2021, figures, strict=True)):
        printed = [str(v) for v in values if v is not None]
        before = k and rng.random() < 0.4  # printed before its label (one a line: a one-cell row's only)
        if len(printed) > 1 and (before or rng.random() < 0.3):  # a row on one line (a markdown converter's)
            printed = [" ".join(printed)]
        label_lines = [label, *measures] if rng.random() < 0.5 else [*measures, label]
        lines += heads
        lines += printed + label_lines if before else label_lines + printed
    if page is not None:  # the first page's number in its footer (1 before the break) or the next's header
        at = rng.randrange(3, len(lines) + 1)
        lines[at:at] = ["1", "\f"] if page == "footer" else ["\f2"]
    return "\n".join([*lines, "三、收到和处理政府信息公开申请情况", ""])


@given(
    figures=st.tuples(*(st.lists(st.integers(0, 99_999), min_size=n, max_size=n) for *_, n in _ITEMS_2021)),
    blanks=st.sets(st.integers(0, 9), max_size=3),
    page=st.sampled_from([None, "footer", "header"]),
    rng=st.randoms(use_true_random=False),
)
def test_table_2_one_value_a_line_is_read_in_order_or_flagged(figures, blanks, page, rng):
    """pdftotext prints a value of table 二 at its cell's height, so it falls before its own label or after
    the next one; the values are still in order. Every value printed, and nothing else: every cell is read.
    A blank cell (the count short) or a page's number (one too many, unless left out as the page's): a cell
    read wrong leaves an error on table 二."""
    from govfoi import parse_text

    cells = [list(row) for row in figures]
    flat = [(r, k) for r, row in enumerate(cells) for k in range(len(row))]
    for i in blanks:
        r, k = flat[i]
        cells[r][k] = None
    report = parse_text(_disclosure_one_value_a_line(cells, rng, page))
    want = {
        (code, cell[1]): value
        for (code, *_), row in zip(_ITEMS_2021, cells, strict=True)
        for cell, value in zip(disclosure_slots("2021")[code], row, strict=True)
    }
    got = {cell: value.value for cell, value in report.disclosure.items()}
    wrong = {cell for cell, value in want.items() if got.get(cell) != value}
    if not blanks and page is None:
        assert not wrong
    else:  # an error on table 二 itself: the generated text has no table 三 or 四, whose absence is one too
        assert not wrong or any(f.severity == "error" and f.table == "disclosure" for f in report.findings)


_HEAD_1 = ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
_ROWS_1 = [*_HEAD_1, "规章", "2", "1", "2", "行政规范性文件", "123", "30", "43"]
_ITEM_5 = ["第二十条第（五）项", "信息内容", "行政许可", "本年处理决定数量"]
_ITEM_6 = ["第二十条第（六）项", "信息内容", "行政处罚", "本年处理决定数量"]
_ITEM_8 = ["第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）", "行政事业性收费"]
_TAIL = [*_ITEM_5, "5", *_ITEM_6, "7", "行政强制", "0", *_ITEM_8, "2"]


@pytest.mark.parametrize(
    ("lines", "truth"),
    [
        pytest.param(  # pdfminer: one column at a time; the count balances, the rows do not
            [*_HEAD_1, "规章", "2", "行政规范性文件", "123", "1", "30", "2", "43", *_TAIL],
            {"regulations": [2, 1, 2], "normative_documents": [123, 30, 43]},
            id="column-at-a-time",
        ),
        pytest.param(  # 处罚 blank, and the page's number 1 under the last value on the page
            [*_ROWS_1, *_ITEM_5, *_ITEM_6, "5", "1", "\f行政强制", "0", *_ITEM_8, "2"],
            {"licensing": [5], "penalty": [None], "coercion": [0], "fees": [2]},
            id="page-number-ends-a-window",
        ),
        pytest.param(  # a blank in 规章 and 收费's value printed before its label balance each other
            [
                *_HEAD_1,
                "规章",
                "2",
                "2",
                "行政规范性文件",
                "123",
                "30",
                "43",
                *_ITEM_5,
                "5",
                *_ITEM_6,
                "7",
                "行政强制",
                "9",
                "第二十条第（八）项",
                "信息内容",
                "本年收费金额（单位：万元）",
                "2",
                "行政事业性收费",
            ],
            {
                "regulations": [2, None, 2],
                "normative_documents": [123, 30, 43],
                "licensing": [5],
                "penalty": [7],
                "coercion": [9],
                "fees": [2],
            },
            id="blank-and-value-before-label",
        ),
        pytest.param(  # header cells among 规章's values; its 现行有效件数 blank; 53 is the next row's
            [
                "第二十条第（一）项",
                "信息内容",
                "规章",
                "本年制发件数",
                "2",
                "本年废止件数",
                "3",
                "53",
                "行政规范性文件",
                "现行有效件数",
                "243",
                *_TAIL,
            ],
            {"regulations": [2, 3, None], "normative_documents": [None, 53, 243]},
            id="header-cells-among-values",
        ),
        pytest.param(  # 处罚 and 强制 back to back, one value: which one is blank?
            [
                *_ROWS_1,
                *_ITEM_5,
                "5",
                "第二十条第（六）项",
                "信息内容",
                "行政处罚",
                "行政强制",
                "本年处理决定数量",
                "158598",
                *_ITEM_8,
                "2",
            ],
            {"penalty": [158598], "coercion": [None]},
            id="two-labels-back-to-back",
        ),
    ],
)
def test_table_2_sorted_by_height_is_never_read_wrong_without_an_error_on_the_row(lines, truth):
    """Text sorted by height (pdftotext, pdfminer) where a count or a label's place could seat a value in
    the wrong row (found by review): a cell read wrong has an error on its own row."""
    from govfoi import parse_text

    report = parse_text("\n".join(["某局2023年政府信息公开工作年度报告", "二、主动公开政府信息情况", *lines]))
    flagged = {f.row for f in report.findings if f.severity == "error" and f.table == "disclosure"}
    for item, values in truth.items():
        for cell, want in zip(disclosure_slots("2021")[item], values, strict=True):
            got = report.disclosure[cell].value
            assert got is None or got == want or item in flagged, (cell, got, want)
