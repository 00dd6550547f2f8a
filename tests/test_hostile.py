"""Hostile inputs (issue 15): one file never sinks a run, and nothing in a file makes the parser raise.

A number no report could print (16 digits or more) is unreadable: null with an error, never an Int64
conversion error at write time or an OverflowError while reading.
"""

from __future__ import annotations

import random
import shutil

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govfoi
from govfoi import report as report_module
from govfoi.synth import LAYOUTS, random_figures, render, render_html
from tests.conftest import RAW

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), layout=st.sampled_from((*LAYOUTS, "html")),
       table=st.sampled_from(["applications", "appeals", "disclosure"]),
       digits=st.sampled_from([16, 19, 20, 40, 400]), data=st.data())
def test_a_huge_count_is_unreadable_never_a_crash(seed, layout, table, digits, data):
    rng = random.Random(seed)
    fig = random_figures(rng)
    cell = data.draw(st.sampled_from(sorted(getattr(fig, table))))
    huge = "9" + "2" * (digits - 1)
    damaged = fig.with_cell(table, cell, huge)
    text = render_html(damaged, rng) if layout == "html" else render(damaged, layout, rng)
    r = govfoi.parse_report(text.encode("utf-8"), name="huge.txt")
    row, col = cell
    assert r.value(table, row, col) is None
    assert any(f.severity == "error" and f.table == table and f.row in (row, None) for f in r.findings), \
        [f.message for f in r.findings]
    frames = govfoi.Corpus.from_reports([r])  # the frames build: no f64 → i64 conversion error
    assert frames.reports["status"].to_list() == ["errors"]


def test_a_19_digit_count_costs_one_cell_not_the_run(tmp_path):
    """The issue's reproduction: one count of 2**63 in one file of the seed corpus."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = next(raw.glob("003_*.txt"))
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[79] == "\t363"
    lines[79] = "\t9223372036854775808"
    path.write_text("\n".join(lines), encoding="utf-8")
    corpus = govfoi.read_reports(raw)
    assert corpus.summary()["files"] == 5
    r = corpus.reports.filter(pl.col("source").str.contains("003_"))
    assert r["status"].to_list() == ["errors"]
    rid = r["report_id"][0]
    cell = corpus.applications.filter((pl.col("report_id") == rid) & (pl.col("outcome") == "received")
                                      & (pl.col("applicant") == "natural_person"))
    assert cell["count"].to_list() == [None]
    assert corpus.checks.filter((pl.col("report_id") == rid) & (pl.col("check") == "unreadable_cell")).height == 1


@pytest.mark.parametrize("digits", [2_000, 60_000])
def test_a_huge_digit_run_in_a_row_is_not_split(digits):
    """A run of digits long enough to be any split of a row is null with an error, quickly (no 60,000-way
    split of a 60,000-digit string)."""
    lines = render(random_figures(random.Random(3)), "tab", random.Random(3)).split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    lines[i] = "一、本年新收政府信息公开申请数量\t" + "7" * digits
    r = govfoi.parse_report("\n".join(lines))
    assert r.value("applications", "received", "total") is None
    assert any(f.severity == "error" and f.row == "received" for f in r.findings)
    for table in ("applications", "appeals", "disclosure"):
        for value in getattr(r, table).values():
            assert value.value is None or abs(value.value) < 1e15


def test_parse_report_never_raises(monkeypatch):
    """A bug is the last resort: it costs this one file, an internal_error naming it."""
    def boom(*args, **kwargs):
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(report_module, "_read_tables", boom)
    r = govfoi.parse_report(b"anything\n", name="bad.txt")
    assert r.status == "failed"
    assert [f.check for f in r.findings] == ["internal_error"]
    assert "bad.txt" in r.findings[0].message and "OverflowError" in r.findings[0].message
