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
    import govfoi

    return govfoi.read_reports(RAW)
