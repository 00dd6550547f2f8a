"""The one status rule (findings.report_status) and the enums the frames' String columns hold."""

from __future__ import annotations

import polars as pl
import pytest

from govfoi.findings import CATALOGUE, Severity, Status, report_status


@pytest.mark.parametrize(
    ("failed", "n_errors", "n_warnings", "status"),
    [
        (True, 0, 0, "failed"),
        (True, 3, 1, "failed"),
        (False, 2, 5, "errors"),
        (False, 1, 0, "errors"),
        (False, 0, 4, "warnings"),
        (False, 0, 0, "ok"),
    ],
)
def test_report_status(failed, n_errors, n_warnings, status):
    assert report_status(failed, n_errors, n_warnings) == status


def test_the_enums_are_the_contracts_values():
    assert [s.value for s in Status] == ["ok", "warnings", "errors", "failed"]
    assert [s.value for s in Severity] == ["error", "warning", "info"]
    assert {severity for severity, _, _ in CATALOGUE.values()} <= set(Severity)


def test_frames_hold_them_as_strings():
    """A StrEnum in a column with a String schema is its value (Polars infers an Enum dtype without one)."""
    frame = pl.DataFrame({"status": [Status.OK, Status.FAILED]}, schema={"status": pl.String})
    assert frame.schema["status"] == pl.String and frame["status"].to_list() == ["ok", "failed"]
