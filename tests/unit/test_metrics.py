"""Rates of docs/METRICS.md: numerators and denominators from the tables, Wilson intervals, small-n flags."""

from __future__ import annotations

import math
import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govfoi
from govfoi.rates import RATES, wilson
from govfoi.testing.synth import random_figures, render


def _row(rates: pl.DataFrame, agency: str) -> dict:
    return rates.filter(pl.col("agency") == agency).row(0, named=True)


def test_beilun_rates_match_its_table(seed_corpus):
    m = _row(govfoi.metrics(seed_corpus), "北仑区人民政府")
    assert (m["received"], m["handled"]) == (386, 378)
    assert (m["disclosure_rate_num"], m["disclosure_rate_den"]) == (105 + 87, 378)
    assert m["disclosure_rate"] == pytest.approx(192 / 378)
    assert (m["withheld_rate_num"], m["unavailable_rate_num"], m["not_held_rate_num"]) == (16, 112, 111)
    assert m["substantive"] == 378 - 23 - 35
    assert m["disclosure_rate_substantive"] == pytest.approx(192 / 320)
    assert m["review_per_100"] == pytest.approx(5 / 378 * 100)
    assert m["litigation_per_100"] == pytest.approx(1 / 378 * 100)
    assert m["dispute_rate"] == pytest.approx(6 / 386)
    assert (m["review_correction_rate"], m["review_correction_rate_den"]) == (0, 5)
    assert m["review_correction_rate_small_n"] and not m["disclosure_rate_small_n"]
    assert m["organisation_share"] == pytest.approx(23 / 386)


def test_zero_denominator_gives_null_not_zero(seed_corpus):
    m = _row(govfoi.metrics(seed_corpus), "沿海工业城发展服务中心")
    assert m["handled"] == 0
    assert m["disclosure_rate"] is None and m["disclosure_rate_lo"] is None


def test_small_n_threshold_is_a_parameter(seed_corpus):
    strict = _row(govfoi.metrics(seed_corpus, small_n=500), "北仑区人民政府")
    assert strict["disclosure_rate_small_n"]
    with pytest.raises(ValueError, match="shape"):
        govfoi.metrics(seed_corpus, shape="tall")


def test_wilson_known_values():
    frame = pl.DataFrame({"x": [0.0, 5.0, 192.0], "n": [5.0, 10.0, 378.0]})
    lo, hi = wilson(pl.col("x"), pl.col("n"))
    out = frame.select(lo.alias("lo"), hi.alias("hi")).rows()
    assert out[0] == pytest.approx((0.0, 0.43448), abs=1e-5)  # 0/5
    assert out[1] == pytest.approx((0.23659, 0.76341), abs=1e-5)  # 5/10, symmetric
    assert out[2][0] < 192 / 378 < out[2][1]


def test_long_and_wide_agree(seed_corpus):
    wide = govfoi.metrics(seed_corpus)
    long = govfoi.metrics(seed_corpus, shape="long")
    assert long.height == wide.height * len(RATES)
    for r in RATES:
        a = wide.select("report_id", pl.col(r.name).alias("v")).sort("report_id")
        b = long.filter(pl.col("metric") == r.name).select("report_id", pl.col("value").alias("v")).sort("report_id")
        assert a.equals(b), r.name


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_rates_follow_their_definitions_on_synthetic_reports(rng: random.Random):
    fig = random_figures(rng)
    corpus = govfoi.Corpus.from_reports([govfoi.parse_text(render(fig, "tab", rng))])
    m = govfoi.metrics(corpus).row(0, named=True)
    t = {o: fig.applications[(o, "total")] for o, _ in fig.applications}
    handled = t["processed_total"]
    assert m["handled"] == handled
    if handled:
        assert m["disclosure_rate"] == pytest.approx((t["granted"] + t["partially_granted"]) / handled)
        assert m["disclosure_rate_lo"] <= m["disclosure_rate"] <= m["disclosure_rate_hi"]
    else:
        assert m["disclosure_rate"] is None
    mix = govfoi.refusal_mix(corpus)
    shares = mix["share"].drop_nulls()
    if shares.len():
        assert math.isclose(shares.sum(), 1.0)


def test_rate_text_without_an_interval():
    from govfoi.briefs.tables import rate_text

    row = {"r": 1.5, "r_num": 3.0, "r_den": 2.0, "r_lo": None, "r_hi": None, "r_small_n": True}
    assert rate_text(row, "r") == "150.0% (3/2) 样本小"
    row = {
        "x_per_100": 1.32,
        "x_per_100_num": 5.0,
        "x_per_100_den": 378.0,
        "x_per_100_lo": 0.57,
        "x_per_100_hi": 3.06,
        "x_per_100_small_n": False,
    }
    assert rate_text(row, "x_per_100", "en") == "1.32 (5/378) [0.57–3.06]"


def test_refusal_shares_have_one_definition_and_show_the_unknown_part(seed_corpus):
    """One unreadable reason cell: shares still divide by handled − granted − partly granted (the library's
    definition, also the chart's), and the part the known reasons leave unexplained is 'unknown'."""
    from govfoi.briefs import charts
    from govfoi.corpus.frames import Corpus

    apps = seed_corpus.applications.with_columns(
        pl.when((pl.col("outcome") == "other") & (pl.col("applicant") == "total"))
        .then(None)
        .otherwise(pl.col("count"))
        .alias("count")
    )
    corpus = Corpus(**{**seed_corpus.frames(), "applications": apps})
    mix = govfoi.refusal_mix(corpus).filter(pl.col("agency") == "北仑区人民政府")
    assert set(mix["not_granted"]) == {186}  # 378 − 105 − 87
    assert mix.filter(pl.col("outcome") == "other")["count"][0] is None
    unknown = mix.filter(pl.col("outcome") == "unknown").row(0, named=True)
    assert unknown["count"] == 31 and unknown["share"] == pytest.approx(31 / 186)
    assert mix["share"].sum() == pytest.approx(1.0)
    drawn = charts.refusal_shares(corpus).filter(pl.col("agency") == "北仑区人民政府")
    assert dict(zip(drawn["outcome"], drawn["share"])) == pytest.approx(
        dict(zip(*mix.filter(pl.col("count") > 0).select("outcome", "share")))
    )
    assert drawn.filter(pl.col("outcome") == "not_processed_petition")["share"][0] == pytest.approx(15 / 186)
