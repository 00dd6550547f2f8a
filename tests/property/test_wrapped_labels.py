"""Property: table 三 printed a line at a time with its labels wrapped is read as printed or flagged.

pdfplumber, ``pdftotext -layout`` and markdown converters print each row's values centred in a row made tall
by its label, which wraps over several lines: the values come out a line or two before the label's first
line or in its middle, a row's 总计 at times on a line of its own above them, and blank cells print nothing.
Which row a line of values belongs to is then told by no sum when the counts are small (rows of 0s and 1s),
so the readers may leave a table unread; they must never read a cell wrong without an error.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from govfoi.codes import APPLICANTS, OUTCOMES, labels
from govfoi.findings import ERROR
from govfoi.parse.applications import read_applications
from govfoi.testing import synth

pytestmark = pytest.mark.slow  # each example reads a damaged table three ways

HEADER = [
    "三、收到和处理政府信息公开申请情况",
    "申请人情况",
    "自然人 法人或其他组织 总计",
    "商业企业 科研机构 社会公益组织 法律服务机构 其他",
]


def _printed(fig: synth.Figures, rng: random.Random) -> tuple[list[str], dict[tuple[str, str], float | None]]:
    """Table 三's lines and each cell as printed (None: left blank). Each row's label is cut into one to four
    pieces (its group's label before its group's first row), its values stand on one line from two lines
    before the label to its last piece, its 总计 at times on a line of its own just above them, zeros are
    left blank as often as the author chose; a row of blanks prints its label alone."""
    lines: list[str] = []
    truth: dict[tuple[str, str], float | None] = {}
    blanking = rng.choice((0.0, 0.3, 0.9))
    groups: set[str] = set()
    for outcome in OUTCOMES:
        shown: list[int | None] = [
            None if v == 0 and rng.random() < blanking else v
            for v in (fig.applications[(outcome, a)] for a in APPLICANTS)
        ]
        truth.update(zip(((outcome, a) for a in APPLICANTS), shown, strict=True))
        group, _, item = labels("outcome")[outcome].rpartition(" ")
        text = (group + " " if group and group not in groups else "") + item
        groups.add(group)
        size = rng.randint(4, 12)
        pieces = [text[i : i + size] for i in range(0, len(text), size)][:4]
        values = [str(int(v)) for v in shown if v is not None]
        apart = len(values) > 1 and shown[-1] is not None and rng.random() < 0.4
        main = " ".join(values[:-1] if apart else values)
        total = [values[-1]] if apart else []
        at = rng.randint(-2, len(pieces) - 1)  # where the values stand beside the label's pieces
        if not values:
            lines += pieces
        elif at < 0:  # before the label, one line or two
            lines += [*total, main, *[""] * (-at - 1), *pieces]
        elif at == 0:  # on its first line
            lines += [*total, f"{pieces[0]} {main}", *pieces[1:]]
        else:  # between its pieces
            lines += [*pieces[:at], *total, main, *pieces[at:]]
    return HEADER + lines, truth


@given(st.integers(0, 10**6))
@settings(max_examples=120, deadline=None)
def test_a_table_whose_labels_wrap_is_read_as_printed_or_has_an_error(seed):
    rng = random.Random(seed)
    fig = synth.random_figures(rng, scale=rng.choice((3, 30, 300)))
    lines, truth = _printed(fig, rng)
    grid, found, _ = read_applications(lines, (0, len(lines)), False)
    errors = [f for f in found if f.severity == ERROR]
    event("errors" if errors else "read with no error")
    wrong = [
        cell
        for cell, got in grid.items()
        if got.value is not None
        and (got.value != truth[cell] if truth[cell] is not None else not got.imputed or got.value != 0)
    ]
    assert not wrong or errors, (wrong, lines)
