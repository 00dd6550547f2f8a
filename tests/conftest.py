"""Shared paths and fixtures. Tests that need no external data run fast; notebook tests are marked slow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seeds_expected() -> list[dict]:
    return json.loads((DATA / "seeds_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_corpus():
    """data/raw read once a session by ``read_reports``: the five frames, with data/raw's manifest applied."""
    import govfoi

    return govfoi.read_reports(RAW)


@pytest.fixture(scope="session")
def seed_reports() -> dict:
    """data/raw's reports parsed once a session by ``parse_report``, by file name: each report as the parser
    reads it alone, without the manifest (tests read them, never change them)."""
    import govfoi

    return {path.name: govfoi.parse_report(path) for path in sorted(RAW.glob("*.txt"))}
