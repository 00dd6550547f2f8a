"""The public data contract (docs/CONTRACT.md, govfoi/data/codes.csv): frames, columns, dtypes and codes."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl
import pytest

import govfoi
from govfoi.codes import codes
from govfoi.corpus.schema import COLUMNS, KEYS, schemas, with_tables
from govfoi.findings import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
SHARED_CODES = ROOT.parent / "shared" / "spec" / "codes.csv"

SHARED_CONTRACT = ROOT.parent / "shared" / "spec" / "CONTRACT.md"


def test_frames_have_the_schema_columns_in_order(seed_corpus):
    """Every frame has the columns and dtypes of govfoi/corpus/schema.py's table, in its order."""
    for name, schema in schemas().items():
        assert getattr(seed_corpus, name).schema == schema, name


def _shared_columns() -> dict[str, list[tuple[str, str | None]]]:
    """Each frame's columns in ../shared/spec/CONTRACT.md, in order, with the type it states (as ``str`` or
    ``str, null``; None where it states none): from its tables, and from the backquoted column lists that
    begin a line."""
    frames: dict[str, list[tuple[str, str | None]]] = {}
    columns: list[tuple[str, str | None]] = []
    for line in SHARED_CONTRACT.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"## (\w+):", line):
            columns = frames.setdefault(m.group(1), [])
        elif line.startswith("| ") and not line.startswith("| column"):
            names, kind = (cell.strip() for cell in line.strip("|").split("|")[:2])
            columns += [(n, kind) for n in names.split(", ")]
        elif m := re.match(r"`([^`]*,[^`]*)`", line):  # a list of columns, not a name alone
            for piece in re.split(r",(?![^(]*\))", m.group(1)):
                name, _, stated = piece.strip().partition(" ")
                kind = stated.strip("()").split(":")[0]
                if name:
                    columns.append(
                        (name, kind if kind.split(",")[0] in ("str", "i32", "u32", "i64", "f64", "bool") else None)
                    )
    return frames


def test_the_schema_keeps_the_shared_contracts_columns():
    """Every column of the public contract, with its type, in its order: the frames only grow."""
    if not SHARED_CONTRACT.exists():
        pytest.skip(f"{SHARED_CONTRACT} is missing: the shared contract is checked only beside ../shared")
    shared = _shared_columns()
    assert set(shared) == set(COLUMNS)
    for frame, columns in shared.items():
        ours = {c.name: c for c in COLUMNS[frame]}
        assert [name for name in ours if name in dict(columns)] == [name for name, _ in columns], frame
        for name, kind in columns:
            if kind is not None:
                assert f"{ours[name].dtype}{', null' if ours[name].null else ''}" == kind, (frame, name)


def test_contract_md_tables_are_the_schemas():
    """docs/CONTRACT.md's column tables are what ``python -m govfoi.corpus.schema --markdown`` writes."""
    document = (ROOT / "docs" / "CONTRACT.md").read_text(encoding="utf-8")
    for frame in COLUMNS:
        assert f"<!-- /columns {frame} -->" in document, frame
    assert with_tables(document) == document, "run: python -m govfoi.corpus.schema --markdown docs/CONTRACT.md"


def test_columns_not_null_have_no_nulls(seed_corpus):
    panel = govfoi.read_reports(ROOT / "data" / "synthetic")
    for corpus in (seed_corpus, panel):
        for frame, columns in COLUMNS.items():
            counts = getattr(corpus, frame).null_count().row(0, named=True)
            assert not [c.name for c in columns if not c.null and counts[c.name]], frame


def test_dtypes(seed_corpus):
    s = seed_corpus
    assert s.reports.schema["year"] == pl.Int32 and s.reports.schema["n_errors"] == pl.UInt32
    assert s.applications.schema["count"] == pl.Int64 and s.applications.schema["imputed"] == pl.Boolean
    assert s.disclosure.schema["value"] == pl.Float64 and s.appeals.schema["line"] == pl.Int32
    for frame, col, table in [
        (s.applications, "outcome", "outcome"),
        (s.applications, "applicant", "applicant"),
        (s.appeals, "channel", "channel"),
        (s.appeals, "result", "result"),
        (s.disclosure, "item", "disclosure"),
        (s.disclosure, "measure", "measure"),
    ]:
        assert frame.schema[col] == pl.Enum(codes(table)), col


def test_package_codes_keep_every_shared_code():
    """The project may add codes, never drop or rename one (only checkable where ../shared is present)."""
    if not SHARED_CODES.exists():
        pytest.skip(f"{SHARED_CODES} is missing: the shared codes are checked only beside ../shared")
    shared = {(r["table"], r["code"]) for r in csv.DictReader(SHARED_CODES.open(encoding="utf-8"))}
    ours = {
        (r["table"], r["code"]) for r in csv.DictReader((ROOT / "govfoi" / "data" / "codes.csv").open(encoding="utf-8"))
    }
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


def test_report_id_is_derived_from_content(seed_reports, tmp_path):
    text = (ROOT / "data" / "raw" / "001_b5a7a5de05f46fe6.txt").read_bytes()
    (tmp_path / "renamed.txt").write_bytes(text)
    a = seed_reports["001_b5a7a5de05f46fe6.txt"]  # parse_report of data/raw/001_b5a7a5de05f46fe6.txt
    b = govfoi.parse_report(tmp_path / "renamed.txt")
    assert a.report_id == b.report_id == a.sha256[:16]


def test_each_frames_key_is_unique(seed_corpus):
    """The keys in govfoi.corpus.schema.KEYS name one row each, in the seeds and in a multi-year panel."""
    panel = govfoi.read_reports(ROOT / "data" / "synthetic")
    for corpus in (seed_corpus, panel):
        for name, key in KEYS.items():
            frame = getattr(corpus, name)
            assert set(key) <= set(schemas()[name]), name
            assert frame.height and not frame.select(key).is_duplicated().any(), name
