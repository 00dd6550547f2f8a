"""Agencies over years: one report per agency-year, cross-year checks, and metrics aggregated by region."""

from __future__ import annotations

import random

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govfoi
from govfoi.corpus.frames import Corpus
from govfoi.testing import synth

AGENCIES = ("宁波市北仑区人民政府", "台州市三门县人民政府", "宿迁市沭阳县发展和改革局")


def _corpus(figures: list[synth.Figures], seed: int = 0) -> Corpus:
    rng = random.Random(seed)
    reports = [
        govfoi.parse_text(synth.render(f, synth.LAYOUTS[i % 5], rng), name=f"{i:03d}_{f.agency}_{f.year}.txt")
        for i, f in enumerate(figures)
    ]
    return Corpus.from_reports(reports)


def _panel(seed: int, years: range = range(2021, 2024)) -> list[synth.Figures]:
    rng = random.Random(seed)
    return [f for a in AGENCIES for f in synth.panel_figures(rng, a, years)]


def _checks(corpus: Corpus, code: str) -> pl.DataFrame:
    return corpus.checks.filter(pl.col("check") == code)


def test_a_clean_panel_raises_no_cross_year_check():
    c = _corpus(_panel(1))
    assert _checks(c, "carry_over_mismatch").height == 0 and _checks(c, "in_force_mismatch").height == 0
    assert c.reports["status"].unique().to_list() == ["ok"]
    assert c.panel().reports.height == 9


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    which=st.integers(1, 2),
    column=st.sampled_from(govfoi.codes.APPLICANTS[:-1]),
    delta=st.integers(1, 5),
)
def test_a_broken_carry_over_is_an_error_on_the_later_report(seed, which, column, delta):
    figures = _panel(seed)
    f = figures[which]  # agency 0, year 2022 or 2023
    apps = dict(f.applications)
    for col in (column, "total"):  # the report still balances on its own
        apps[("carried_over", col)] += delta
        apps[("processed_total", col)] += delta
        for o in ("granted",):
            apps[(o, col)] += delta
    figures[which] = synth.Figures(f.agency, f.year, f.disclosure, apps, f.appeals)
    c = _corpus(figures, seed)
    broken = c.reports.filter(pl.col("year") == f.year, pl.col("agency") == f.agency)["report_id"][0]
    found = _checks(c, "carry_over_mismatch")
    assert set(found["report_id"]) == {broken}
    assert set(found["applicant"].cast(pl.String)) == {column, "total"}
    row = found.filter(pl.col("applicant") == column).row(0, named=True)
    assert row["actual"] - row["expected"] == delta and row["severity"] == "error" and row["line"] is not None
    assert c.reports.filter(pl.col("report_id") == broken)["status"][0] == "errors"
    assert _checks(c, "in_force_mismatch").height == 0


def test_documents_in_force_that_do_not_follow_are_a_warning():
    figures = _panel(3)
    f = figures[2]
    disclosure = dict(f.disclosure)
    disclosure[("normative_documents", "in_force")] += 7
    figures[2] = synth.Figures(f.agency, f.year, disclosure, f.applications, f.appeals)
    found = _checks(_corpus(figures), "in_force_mismatch")
    assert found.height == 1 and found["severity"][0] == "warning"
    assert found["actual"][0] - found["expected"][0] == 7 and found["item"][0] == "normative_documents"


def test_two_reports_of_one_agency_year_keep_the_one_with_fewer_errors():
    rng = random.Random(5)
    good = synth.random_figures(rng, agency=AGENCIES[0], year=2023)
    bad = good.with_cell(
        "applications", ("granted", "natural_person"), good.applications[("granted", "natural_person")] + 1
    )
    c = _corpus([bad, good])
    r = c.reports.sort("source")
    bad_id, good_id = r["report_id"][0], r["report_id"][1]
    assert r["superseded_by"].to_list() == [good_id, None]
    dup = _checks(c, "duplicate_agency_year")
    assert dup["report_id"].to_list() == [bad_id] and dup["severity"][0] == "warning"
    assert c.panel().reports["report_id"].to_list() == [good_id]


counts = st.integers(0, 400)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(2, 8))
def test_a_region_aggregate_is_the_sum_of_its_parts(seed, n):
    rng = random.Random(seed)
    places = (
        "宁波市北仑区人民政府",
        "宁波市鄞州区人民政府",
        "台州市三门县人民政府",
        "宿迁市沭阳县人民政府",
        "双鸭山市人民政府",
    )
    figures = [
        synth.random_figures(rng, agency=places[i % len(places)], year=2021 + i // len(places)) for i in range(n)
    ]
    c = _corpus(figures, seed)
    per_report = govfoi.metrics(c)
    for by in ("province", "city", ["level", "province"]):
        keys = [by] if isinstance(by, str) else by
        agg = govfoi.metrics(c, by=by)
        assert agg["n_reports"].sum() == n
        for rate in ("disclosure_rate", "review_correction_rate", "dispute_rate"):
            expected = per_report.group_by([*keys, "year"]).agg(
                pl.col(f"{rate}_num").sum(), pl.col(f"{rate}_den").sum(), pl.col("received").sum()
            )
            got = agg.select(*keys, "year", f"{rate}_num", f"{rate}_den", "received")
            joined = expected.join(got, on=[*keys, "year"], suffix="_agg")
            assert joined.height == agg.height
            for col in (f"{rate}_num", f"{rate}_den", "received"):
                assert (joined[col] == joined[f"{col}_agg"]).all(), (by, col)
            ok = joined.filter(pl.col(f"{rate}_den") > 0)
            assert (
                ok.height == 0
                or (
                    agg.filter(pl.col(f"{rate}_den") > 0)[rate]
                    - agg.filter(pl.col(f"{rate}_den") > 0)[f"{rate}_num"]
                    / agg.filter(pl.col(f"{rate}_den") > 0)[f"{rate}_den"]
                )
                .abs()
                .max()
                < 1e-12
            )


def test_a_group_count_is_null_when_a_member_lacks_it():
    rng = random.Random(9)
    a = synth.random_figures(rng, agency="宁波市北仑区人民政府", year=2023)
    b = synth.random_figures(rng, agency="宁波市鄞州区人民政府", year=2023)
    b = b.with_cell("appeals", ("review", "corrected"), "")  # blank cell: null, never 0
    agg = govfoi.metrics(_corpus([a, b]), by="city")
    assert agg["received"][0] == a.applications[("received", "total")] + b.applications[("received", "total")]
    assert agg["review_correction_rate_num"][0] is None


def test_population_adds_requests_per_10k_by_division_code():
    rng = random.Random(2)
    figures = [synth.random_figures(rng, agency=a, year=2023) for a in ("宁波市北仑区人民政府", "宁波市鄞州区人民政府")]
    c = _corpus(figures)
    pop = pl.DataFrame({"division_code": ["330206", "330212", "330200"], "population": [80_000, 160_000, 1_000_000]})
    per = govfoi.metrics(c, population=pop).sort("division_code")
    received = [f.applications[("received", "total")] for f in figures]
    assert per["requests_per_10k"].to_list() == [received[0] / 8, received[1] / 16]
    city = govfoi.metrics(c, by="city", population=pop)
    assert city["requests_per_10k"][0] == sum(received) / 100
    long = govfoi.metrics(c, population=pop, shape="long").filter(pl.col("metric") == "requests_per_10k")
    assert long.height == 2


def test_bad_group_keys_are_refused():
    import pytest

    with pytest.raises(ValueError, match="by must be"):
        govfoi.metrics(_corpus(_panel(1, range(2023, 2024))), by="planet")


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), batch=st.integers(1, 4))
def test_a_run_written_in_batches_finds_what_one_corpus_finds(tmp_path_factory, seed, batch):
    """``govfoi parse`` writes each batch as it is parsed and keeps one small record per report for the
    checks across years, which must still see the year before in another batch: its frames must equal
    those of ``read_reports``, which links the years of one corpus in memory."""
    from govfoi.corpus.batch import iter_chunks
    from govfoi.corpus.output import FrameWriter

    rng = random.Random(seed)
    figures = _panel(seed)
    figures[4] = figures[4].with_cell(
        "applications", ("carried_over", "total"), figures[4].applications[("carried_over", "total")] + 1
    )
    figures[7] = figures[7].with_cell(
        "disclosure", ("regulations", "in_force"), figures[7].disclosure[("regulations", "in_force")] + 2
    )
    figures.append(figures[rng.randrange(len(figures))])  # a second report of one agency-year
    raw, out = tmp_path_factory.mktemp("raw"), tmp_path_factory.mktemp("out")
    for i, f in enumerate(figures):
        (raw / f"{i:03d}.txt").write_text(synth.render(f, synth.LAYOUTS[i % 5], rng), encoding="utf-8")
    writer = FrameWriter(out)
    for chunk in iter_chunks([raw], chunk=batch, parts=writer.parts):  # as the CLI does
        writer.add_written(chunk.years)
    _, statuses = writer.close()
    written, expected = Corpus.read(out), govfoi.read_reports(raw)
    for name, frame in expected.frames().items():
        assert written.frames()[name].sort(pl.all()).equals(frame.sort(pl.all())), name
    assert statuses == dict(expected.reports.group_by("status").len().iter_rows())
    for check in ("carry_over_mismatch", "in_force_mismatch", "duplicate_agency_year"):
        assert _checks(expected, check).height >= 1, check
