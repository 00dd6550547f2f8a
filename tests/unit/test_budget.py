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


def _read_right(report, expected) -> int:
    """Cells read, each asserted right (a blank read as 0 only where marked imputed)."""
    read = 0
    for outcome, row in expected["applications"].items():
        for applicant, value in row.items():
            cell = report.applications[(outcome, applicant)]
            if cell.value is not None:
                assert cell.value == value or (value is None and cell.imputed), (outcome, applicant)
                read += 1
    return read


def test_where_the_joint_search_runs_out_the_rows_narrowed_by_each_sum_are_read(monkeypatch):
    """Short rows whose joint search gives up: the readings each identity alone allows are kept where the
    table has a reading at all, and the cells they agree on are read, each right."""
    import govfoi.parse.gaps as gaps

    path, expected = _sample()
    monkeypatch.setattr(gaps, "_joint", lambda *args: None)  # the search always out of work
    narrowed = _read_right(parse_report(path), expected)
    monkeypatch.setattr(gaps, "consistent", lambda *args: None)  # and no witness: each row's own readings
    alone = _read_right(parse_report(path), expected)
    assert narrowed > alone, (narrowed, alone)
