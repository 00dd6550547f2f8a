"""Property: any figures that satisfy the template, written in any layout, parse back to the same numbers."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govfoi
from govfoi.testing.synth import LAYOUTS, Figures, random_figures, render

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example]
)


def assert_same_numbers(fig: Figures, report: govfoi.Report) -> None:
    for table in ("applications", "appeals", "disclosure"):
        wrong = {
            cell: (v, report.value(table, *cell))
            for cell, v in getattr(fig, table).items()
            if report.value(table, *cell) != v
        }
        assert not wrong, (table, wrong)


@pytest.mark.slow
@SETTINGS
@given(rng=st.randoms(use_true_random=False), layout=st.sampled_from(LAYOUTS))
def test_write_then_parse_gives_the_same_numbers(rng: random.Random, layout: str):
    fig = random_figures(rng)
    report = govfoi.parse_text(render(fig, layout, rng))
    assert_same_numbers(fig, report)
    assert (report.agency, report.year, report.template) == (fig.agency, fig.year, "2021")
    assert [f.check for f in report.findings if f.severity != "info"] == []
    assert report.status == "ok"


def test_every_layout_round_trips_and_is_detected():
    for k, layout in enumerate(LAYOUTS):
        fig = random_figures(random.Random(k))
        report = govfoi.parse_text(render(fig, layout, random.Random(k)))
        assert_same_numbers(fig, report)
        assert report.layout == ("space" if layout == "pdf" else layout)
