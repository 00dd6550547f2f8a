"""The public data contract (docs/CONTRACT.md, govfoi/data/codes.csv): frames, columns, dtypes and codes."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

import govfoi
from govfoi.codes import codes
from govfoi.findings import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
SHARED_CODES = ROOT.parent / "shared" / "spec" / "codes.csv"

CONTRACT = {
    "reports": ["report_id", "source", "sha256", "agency", "year", "template", "layout", "status", "n_errors",
                "n_warnings",
                # added by the agencies-and-years issue (added after, never renamed)
                "agency_id", "province", "city", "county", "division_code", "level", "government_level",
                "geo_source", "superseded_by"],
    "disclosure": ["report_id", "item", "measure", "value", "line"],
    "applications": ["report_id", "outcome", "applicant", "count", "imputed", "line"],
    "appeals": ["report_id", "channel", "result", "count", "line"],
    "checks": ["report_id", "check", "severity", "message", "table", "outcome", "applicant", "channel", "result",
               "item", "measure", "expected", "actual", "line"],
}


def test_frames_have_the_contract_columns_in_order(seed_corpus):
    for name, columns in CONTRACT.items():
        assert getattr(seed_corpus, name).columns == columns, name


def test_dtypes(seed_corpus):
    s = seed_corpus
    assert s.reports.schema["year"] == pl.Int32 and s.reports.schema["n_errors"] == pl.UInt32
    assert s.applications.schema["count"] == pl.Int64 and s.applications.schema["imputed"] == pl.Boolean
    assert s.disclosure.schema["value"] == pl.Float64 and s.appeals.schema["line"] == pl.Int32
    for frame, col, table in [(s.applications, "outcome", "outcome"), (s.applications, "applicant", "applicant"),
                              (s.appeals, "channel", "channel"), (s.appeals, "result", "result"),
                              (s.disclosure, "item", "disclosure"), (s.disclosure, "measure", "measure")]:
        assert frame.schema[col] == pl.Enum(codes(table)), col


def test_package_codes_keep_every_shared_code():
    """The project may add codes, never drop or rename one (only checkable where ../shared is present)."""
    if not SHARED_CODES.exists():
        pytest.skip(f"{SHARED_CODES} is missing: the shared codes are checked only beside ../shared")
    shared = {(r["table"], r["code"]) for r in csv.DictReader(SHARED_CODES.open(encoding="utf-8"))}
    ours = {(r["table"], r["code"]) for r in csv.DictReader(
        (ROOT / "govfoi" / "data" / "codes.csv").open(encoding="utf-8"))}
    assert shared <= ours


def test_each_template_eras_table_two_names_known_codes():
    """data/disclosure_measures.csv: every item and measure of each era is a code of codes.csv."""
    from govfoi.codes import disclosure_measures

    for template in ("2021", "2019"):
        measures = disclosure_measures(template)
        assert measures and set(measures) <= set(codes("disclosure")), template
        assert {m for ms in measures.values() for m in ms} <= set(codes("measure")), template


def test_twenty_five_outcomes_by_seven_applicants():
    assert len(codes("outcome")) == 25 and len(codes("applicant")) == 7
    assert len(codes("channel")) * len(codes("result")) == 15


def test_every_check_has_a_known_code_and_severity(seed_corpus):
    assert set(seed_corpus.checks["check"]) <= set(CATALOGUE)
    assert set(seed_corpus.checks["severity"]) <= {"error", "warning", "info"}


def test_report_id_is_derived_from_content(tmp_path):
    text = (ROOT / "data" / "raw" / "001_b5a7a5de05f46fe6.txt").read_bytes()
    (tmp_path / "renamed.txt").write_bytes(text)
    a = govfoi.parse_report(ROOT / "data" / "raw" / "001_b5a7a5de05f46fe6.txt")
    b = govfoi.parse_report(tmp_path / "renamed.txt")
    assert a.report_id == b.report_id == a.sha256[:16]


def test_each_frames_key_is_unique(seed_corpus):
    """The keys in govfoi.corpus.schema.KEYS name one row each, in the seeds and in a multi-year panel."""
    from govfoi.corpus.schema import KEYS, schemas

    panel = govfoi.read_reports(ROOT / "data" / "synthetic")
    for corpus in (seed_corpus, panel):
        for name, key in KEYS.items():
            frame = getattr(corpus, name)
            assert set(key) <= set(schemas()[name]), name
            assert frame.height and not frame.select(key).is_duplicated().any(), name
