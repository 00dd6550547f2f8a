"""Shared paths and fixtures. Tests that need no external data run fast; notebook tests are marked slow."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (``derandomize``), so that a red CI names a change, not
# a draw: a random draw once found a table the label-side heuristic seats wrong (test_order.py's known
# defect). HYPOTHESIS_PROFILE=explore draws afresh each run, to look for more.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

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


@pytest.fixture(scope="session")
def parsed_raw(tmp_path_factory) -> Path:
    """The frames of one ``govfoi parse data/raw --out <folder> --workers 2`` run, made once a session for the
    tests of that run and of what later runs do to earlier frames. Never written to: copy it (``raw_frames``)."""
    from govfoi.cli.commands import main

    out = tmp_path_factory.mktemp("parsed_raw") / "out"
    assert main(["parse", str(RAW), "--out", str(out), "--no-progress", "--workers", "2"]) == 0
    return out


@pytest.fixture
def raw_frames(parsed_raw, tmp_path) -> Path:
    """A copy of ``parsed_raw`` in this test's own folder (``tmp_path / "out"``): frames an earlier run wrote."""
    return Path(shutil.copytree(parsed_raw, tmp_path / "out"))
