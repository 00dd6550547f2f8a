"""Property: damaging any one cell never passes silently.

A changed value in table 三 or 四 breaks an identity, so an error names the cell's row or column. An
unreadable value anywhere (tables 二, 三, 四) leaves the cell null with an error. Table 二 states no
identities, so a plausible wrong number there cannot be caught; that is why it is not tested here.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govfoi
from govfoi.testing.synth import LAYOUTS, random_figures, render

pytestmark = pytest.mark.slow  # every test parses many damaged reports

SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example]
)
GARBAGE = ("l2", "1O", "—", "/", "?", "*", "x", "0.5.1", "3-")


def _errors(report: govfoi.Report, table: str):
    return [f for f in report.findings if f.severity == "error" and f.table == table]


@SETTINGS
@given(
    rng=st.randoms(use_true_random=False),
    layout=st.sampled_from(LAYOUTS),
    table=st.sampled_from(["applications", "appeals"]),
    delta=st.integers(1, 50),
    data=st.data(),
)
def test_a_changed_value_breaks_an_identity_that_names_it(rng, layout, table, delta, data):
    fig = random_figures(rng)
    cell = data.draw(st.sampled_from(sorted(getattr(fig, table))))
    value = getattr(fig, table)[cell] + delta
    report = govfoi.parse_text(render(fig.with_cell(table, cell, value), layout, rng))
    row, col = cell
    assert report.value(table, row, col) == value  # printed values are kept as printed
    errors = _errors(report, table)
    assert any(f.row == row or f.column == col for f in errors), [f.message for f in errors]


@SETTINGS
@given(
    rng=st.randoms(use_true_random=False),
    layout=st.sampled_from(LAYOUTS),
    table=st.sampled_from(["applications", "appeals", "disclosure"]),
    garbage=st.sampled_from(GARBAGE),
    data=st.data(),
)
def test_an_unreadable_value_is_null_with_an_error(rng, layout, table, garbage, data):
    fig = random_figures(rng)
    cell = data.draw(st.sampled_from(sorted(getattr(fig, table))))
    report = govfoi.parse_text(render(fig.with_cell(table, cell, garbage), layout, rng))
    row, col = cell
    assert report.value(table, row, col) is None
    assert any(f.row == row and f.column in (col, None) for f in _errors(report, table))


@SETTINGS
@given(rng=st.randoms(use_true_random=False), layout=st.sampled_from(LAYOUTS), data=st.data())
def test_no_value_is_wrong_without_an_error(rng, layout, data):
    """Empty one cell of table 三 (a blank, or a row that lost a value, depending on the layout): every cell
    is then right (printed or imputed), or null with a finding on it; never a wrong number without an error."""
    fig = random_figures(rng)
    cell = data.draw(st.sampled_from(sorted(fig.applications)))
    report = govfoi.parse_text(render(fig.with_cell("applications", cell, ""), layout, rng))
    errors = _errors(report, "applications")
    for (row, col), expected in fig.applications.items():
        got = report.applications[(row, col)]
        if got.value is None:
            assert any(f.row == row and f.column in (col, None) for f in report.findings), (row, col)
        elif got.value != expected:
            assert any(f.row == row or f.column == col for f in errors), (row, col, expected, got)
        if got.imputed:
            assert any(f.check == "imputed_cell" and f.row == row for f in report.findings)
