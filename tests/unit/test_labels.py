"""Which row a piece of label names (labels.row_holding): the lines of a label wrapped in a narrow cell."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govfoi.codes import labels
from govfoi.labels import row_holding

OUTCOME_LABELS = {
    code: re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)) for code, text in labels("outcome").items()
}


@given(st.sampled_from(sorted(OUTCOME_LABELS)), st.data())
def test_a_piece_of_a_label_names_its_own_row_or_none(code, data):
    """Any run of a row's label, as a narrow cell wraps it, names that row or no row, never another."""
    text = OUTCOME_LABELS[code]
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert row_holding("applications", text[start:end]) in (code, None)


_NOT_ROW_LABELS = [  # the table's other text: headers, the part that spans the outcome rows, its note
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
    "三、本年度办理结果",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
]


@given(st.sampled_from(_NOT_ROW_LABELS), st.data())
def test_a_piece_of_the_tables_other_text_names_no_row(text, data):
    """A header or the part label 三、本年度办理结果, wrapped beside a value, is no row's label: a piece of it
    names none (本年 is also in 一、本年新收…, 其他 in 2.其他法律… and 3.其他)."""
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert row_holding("applications", text[start:end]) is None


@pytest.mark.parametrize(
    ("piece", "row"),
    [
        ("1.属于国家", "withheld_state_secret"),  # the line beside pdftotext's 1927
        ("3.补正后申", "unavailable_unclear"),
        ("方合法权益", "withheld_third_party"),  # a later line, four characters or more
        ("（一）予以公开", "granted"),  # full-width, as a PDF prints it
        ("一、本年新收政府信息", "received"),
        ("不予公开", None),  # the group's label: eight rows hold it
        ("行政机关不", None),  # in both 1. and 2. of （六）其他处理
        ("本年", None),  # 一、本年新收…, and also 三、本年度办理结果, which names no row
        ("总计", None),  # a column's header as well as （七）总计
        ("秘密", None),  # too short to tell without the label's number
    ],
)
def test_pieces_of_labels_as_pdftotext_prints_them(piece, row):
    assert row_holding("applications", piece) == row
