"""Row labels found in text (rows.py): labels wrapped in a narrow label column."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govfoi.codes import APPLICANTS, OUTCOMES, labels
from govfoi.parse.rows import read_rows
from govfoi.parse.tokens import tokenize

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
