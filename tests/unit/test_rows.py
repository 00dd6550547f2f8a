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
