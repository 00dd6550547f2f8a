"""The tokenizer's fast paths read exactly what the general reading does.

Most lines are split with ``str.split`` and most text is NFKC-folded through a full-width shortcut; both are
only speed-ups, so on any text they must agree with the slow, obviously right reading.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govfoi.parse.tokens import _HEADING_MARKS, BAD, BLANK, NUM, TEXT, _delimited, is_noise, normalize, tokenize

# Pieces that exercise every branch: delimiters and runs of them, numbers, labels, run-on labels, headings,
# page numbers, full-width forms, compatibility characters and odd white space.
PIECES = st.sampled_from(
    [
        "\t",
        " ",
        "  ",
        "|",
        "│",
        "| |",
        "\t \t",
        "\t\t",
        "1",
        "23",
        "1,234",
        "5.5",
        "-3",
        "l2",
        "1O",
        "—",
        "/",
        "?",
        "一、",
        "予以公开",
        "(三)不予公开",
        "1.属于国家秘密",
        "申请数量512000053",
        "数据1",
        "#",
        "## ",
        "— 3 —",
        "第3页",
        "---",
        ":-:",
        "１２",
        "（七）总计",
        "５％",
        "，",
        "\u3000",
        "\xa0",
        "\x0b",
        "\u2028",
        "①",
        "ｶ",
        "e\u0301",
        "㎡",
        "\u200b",
        "“",
        "”",
        "'",
        '"',
        "¦",
    ]
)
LINES = st.lists(st.lists(PIECES, max_size=12).map("".join), min_size=1, max_size=8)


def _general(lines: list[str]) -> list:
    """Every line through the regex reading (the fast path's reference)."""
    out: list = []
    for lineno, raw in enumerate(lines, 1):
        if is_noise(raw):
            continue
        line = raw.strip()
        if line.startswith("#"):
            line = _HEADING_MARKS.sub("", raw, count=1).strip()
        _delimited(line, lineno, out)
    return out


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(LINES)
def test_fast_path_reads_as_the_regex_does(lines: list[str]) -> None:
    lines = normalize("\n".join(lines)).split("\n")
    assert tokenize(lines, 0, len(lines)) == _general(lines)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(LINES)
def test_normalize_is_nfkc(lines: list[str]) -> None:
    text = "\r\n".join(lines)
    reference = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\u200b", ""))
    assert normalize(text) == reference


def test_blank_cells_only_between_values() -> None:
    lines = ["\t\t予以公开\t3\t\t5\t\t", "|  | 其他 | 1 |  | 2 |  |"]
    kinds = [(t.kind, t.text) for t in tokenize(lines, 0, 2)]
    assert kinds == [
        (TEXT, "予以公开"),
        (NUM, "3"),
        (BLANK, ""),
        (NUM, "5"),
        (TEXT, "其他"),
        (NUM, "1"),
        (BLANK, ""),
        (NUM, "2"),
    ]


def test_table_rules_read_as_marks_beside_a_value_are_not_part_of_it() -> None:
    """OCR of a ruled table: a vertical rule beside a value comes out as a quote or a bar (“1679, 549 ”122);
    the value is the number, a mark alone is nothing, and a label keeps its quotes."""
    lines = ["15636 |765 “|1076 “1679 ”", "危及“三安全一稳定” l2”"]
    kinds = [(t.kind, t.text) for t in tokenize(lines, 0, 2)]
    assert kinds == [
        (NUM, "15636"),
        (NUM, "765"),
        (NUM, "1076"),
        (NUM, "1679"),
        (TEXT, "危及“三安全一稳定”"),
        ("bad", "l2”"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.integers(1000, 99_999_999), st.integers(0, 2), st.integers(0, 2))
def test_a_number_cut_where_its_cell_wrapped_is_joined_across_the_lines_between(number, kept, between):
    """12,86 / (the row's other values) / 9 is 12,869: a last group short of three digits is no number, and
    the digits it lacks are the only number of a later line."""
    text = f"{number:,}"
    head, tail = text[: len(text) - 3 + kept], text[len(text) - 3 + kept :]
    lines = [f"一、本年新收 {head}", *["5 6 7"] * between, f"量 {tail}", "二、上年结转 1 2 3"]
    tokens = tokenize(lines, 0, len(lines))
    numbers = [(t.value, t.line) for t in tokens if t.kind == NUM]
    assert numbers[0] == (number, 1)
    assert numbers[1:] == [(v, 2 + k) for k in range(between) for v in (5, 6, 7)] + [(v, len(lines)) for v in (1, 2, 3)]


def test_a_cut_number_whose_rest_is_not_there_stays_unreadable():
    """The next line's only number has more digits than the group lacks: no join, the head stays unreadable."""
    lines = ["一、本年新收 12,86", "量 95", "二、上年结转 1 2 3"]
    tokens = tokenize(lines, 0, len(lines))
    assert [(t.kind, t.text) for t in tokens[:4]] == [(TEXT, "一、本年新收"), (BAD, "12,86"), (TEXT, "量"), (NUM, "95")]


def test_an_enumerator_cut_from_its_mark_is_the_label_not_a_value():
    """A PDF text layer printed 4 / . / 保护第三方合法权益: the 4 is the label's, not a value of the row above."""
    lines = ["0 0 0 0 0 18 18", "4", ".", "保护第三方合法权益", "187 4 0 8 0 8 207"]
    tokens = tokenize(lines, 0, len(lines))
    assert [t.value for t in tokens if t.kind == NUM] == [0, 0, 0, 0, 0, 18, 18, 187, 4, 0, 8, 0, 8, 207]
    assert (TEXT, "4.") in [(t.kind, t.text) for t in tokens]


@settings(max_examples=200)
@given(
    st.integers(1, 12),
    st.sampled_from(["保护第三方合法权益", "重复申请", "信访举报投诉类申请", "其他法"]),
    st.sampled_from(["", "(五) ", "(三) 不予公开 | "]),
    st.sampled_from([".", "、"]),
    st.lists(st.integers(0, 2000), min_size=0, max_size=7),
)
def test_an_enumerator_spaced_from_its_mark_by_ocr_is_the_label_not_a_value(number, words, before, mark, values):
    """OCR spaced a row's enumerator from its mark (2 .重复申请 | 755 156 …): the 2 is the label's, and the
    row's values are its values, whatever stands before the enumerator on its line."""
    line = f"{before}{number} {mark}{words} | " + "  ".join(map(str, values))
    tokens = tokenize([line], 0, 1)
    assert [t.value for t in tokens if t.kind == NUM] == values
    assert (TEXT, f"{number}{mark}{words}") in [(t.kind, t.text) for t in tokens]


def test_a_value_before_a_mark_and_words_stays_a_value():
    """After another value on its line, a number is a value even where label words with a mark follow."""
    tokens = tokenize(["0 3 .其他"], 0, 1)
    assert [t.value for t in tokens if t.kind == NUM] == [0, 3]


def test_the_mark_of_a_joined_number_is_the_readers_own():
    """⏎ marks a number the readers joined across a wrap (1106⏎6, read as 11066); in the text as given it is
    unreadable, not a join, and only ASCII digits either side of it make a number."""
    assert normalize("1⏎2 3") == "1?2 3"
    assert [t.kind for t in tokenize(["1106\u23ce6", "12\u23ce\u00b2"], 0, 2)] == [NUM, BAD]
    assert tokenize(["1106\u23ce6"], 0, 1)[0].value == 11066
