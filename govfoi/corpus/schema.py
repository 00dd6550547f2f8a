"""The data contract's five frames, their columns and dtypes (docs/CONTRACT.md): what every frame built or read
is cast to."""

from __future__ import annotations

import polars as pl

from govfoi.codes import enum

FRAMES = ("reports", "disclosure", "applications", "appeals", "checks")
# Each frame's key: the columns that name one row (checks has none: a report may repeat a finding).
KEYS: dict[str, tuple[str, ...]] = {
    "reports": ("report_id",),
    "disclosure": ("report_id", "item", "measure"),
    "applications": ("report_id", "outcome", "applicant"),
    "appeals": ("report_id", "channel", "result"),
}


def schemas() -> dict[str, dict[str, pl.DataType]]:
    """The contract's frames and their dtypes (code columns are Enums in memory)."""
    cell = {c: pl.String() for c in ("outcome", "applicant", "channel", "result", "item", "measure")}
    return {
        "reports": {
            "report_id": pl.String(), "source": pl.String(), "sha256": pl.String(), "agency": pl.String(),
            "year": pl.Int32(), "template": pl.String(), "layout": pl.String(), "status": pl.String(),
            "n_errors": pl.UInt32(), "n_warnings": pl.UInt32(),
            # who and where (places.py); superseded_by: the report kept for this agency-year (panel.py)
            "agency_id": pl.String(), "province": pl.String(), "city": pl.String(), "county": pl.String(),
            "division_code": pl.String(), "level": enum("level"), "government_level": enum("level"),
            "geo_source": pl.String(), "superseded_by": pl.String(),
        },
        "disclosure": {
            "report_id": pl.String(), "item": enum("disclosure"), "measure": enum("measure"),
            "value": pl.Float64(), "line": pl.Int32(),
        },
        "applications": {
            "report_id": pl.String(), "outcome": enum("outcome"), "applicant": enum("applicant"),
            "count": pl.Int64(), "imputed": pl.Boolean(), "line": pl.Int32(),
        },
        "appeals": {
            "report_id": pl.String(), "channel": enum("channel"), "result": enum("result"),
            "count": pl.Int64(), "line": pl.Int32(),
        },
        "checks": {
            "report_id": pl.String(), "check": pl.String(), "severity": pl.String(), "message": pl.String(),
            "table": pl.String(), **cell, "expected": pl.Float64(), "actual": pl.Float64(), "line": pl.Int32(),
        },
    }
