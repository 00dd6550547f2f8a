"""The work one report may take is bounded by counts, so a file always parses to the same figures."""

from __future__ import annotations

import json
from pathlib import Path

import govfoi.parse.seating as seating
from govfoi.parse.report import parse_report

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "real_tools" / "pdftotext-raw"


def _sample() -> tuple[Path, dict]:
    """pdftotext -raw of a report with blank cells: rows shorter than the table, seated by the search."""
    expected = {e["file"]: e for e in json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))}
    return SAMPLE / "rt0003.txt", expected["rt0003.txt"]


def test_rows_left_unsearched_when_the_seatings_are_spent_are_null_with_an_error(monkeypatch):
    path, expected = _sample()
    monkeypatch.setattr(seating, "MAX_PLACEMENTS", 0)
    report = parse_report(path)
    unsearched = [f for f in report.findings if f.check == "missing_cell" and "not searched" in (f.message or "")]
    assert unsearched, "the text has short rows, and none may be searched"
    assert all(f.severity == "error" for f in unsearched)
    for f in unsearched:
        assert report.value("applications", f.row, f.column) is None
    for outcome, row in expected["applications"].items():  # whatever was read is right
        for applicant, value in row.items():
            cell = report.applications[(outcome, applicant)]
            assert cell.value is None or cell.value == value or (value is None and cell.imputed)


def test_within_the_allowance_the_same_text_is_searched():
    path, _ = _sample()
    report = parse_report(path)
    assert not [f for f in report.findings if "not searched" in (f.message or "")]
