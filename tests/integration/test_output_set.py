"""The five frames are replaced as one set, a run never speaks for another, and the CSV is safe to open in a
spreadsheet (issue 15 §4–5, issue 11 §5): each with the fault injected."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import polars as pl
import pytest

from govfoi.cli.commands import main
from govfoi.corpus import output
from govfoi.corpus.frames import Corpus, FramesError
from govfoi.corpus.schema import FRAMES
from tests.conftest import RAW

ARGS = ["--no-progress", "--workers", "1"]


def _frames(out) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture
def parsed(raw_frames):
    """This test's copy of the frames of one `parse data/raw` run (conftest's parsed_raw), in tmp_path / "out"."""
    return raw_frames


def test_a_missing_input_is_bad_usage_and_touches_nothing(parsed, capsys):
    before = _frames(parsed)
    assert main(["parse", "data/rwa", "--out", str(parsed), *ARGS]) == 2
    assert "no such file, folder or matching glob: data/rwa" in capsys.readouterr().err
    assert _frames(parsed) == before
    assert not (parsed.parent / "new").exists()
    assert main(["parse", "data/rwa", "--out", str(parsed.parent / "new"), *ARGS]) == 2
    assert not (parsed.parent / "new").exists()


def test_a_run_where_every_file_failed_keeps_the_frames_unless_forced(parsed, tmp_path, capsys):
    before = _frames(parsed)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "prose.txt").write_text("这是一篇普通的新闻稿。\n", encoding="utf-8")
    assert main(["parse", str(bad), "--out", str(parsed), *ARGS]) == 1
    assert "every file failed (1)" in capsys.readouterr().err
    assert _frames(parsed) == before
    assert main(["parse", str(bad), "--out", str(parsed), "--force", *ARGS]) == 1
    assert Corpus.read(parsed).reports["status"].to_list() == ["failed"]


def test_an_interrupted_replacement_is_a_mixed_set_that_read_refuses(parsed, tmp_path, monkeypatch, capsys):
    real = os.replace
    done = []

    def replace_then_fail(src, dst):
        if str(dst).endswith(".parquet") and len(done) == 2:
            raise OSError(28, "No space left on device")
        done.append(dst)
        return real(src, dst)

    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(RAW / "001_b5a7a5de05f46fe6.txt", one)
    monkeypatch.setattr(output.os, "replace", replace_then_fail)
    assert main(["parse", str(one), "--out", str(parsed), *ARGS]) == 1
    err = capsys.readouterr().err
    assert "reports, disclosure were replaced before it stopped" in err and "mixed set" in err
    with pytest.raises(FramesError, match=r"not a complete set|mixed set"):
        Corpus.read(parsed)
    monkeypatch.undo()
    assert not [p for p in parsed.iterdir() if p.name.startswith(".")]
    assert main(["parse", str(one), "--out", str(parsed), *ARGS]) == 0
    assert Corpus.read(parsed).reports.height == 1


def test_frames_of_two_runs_are_refused(parsed, tmp_path):
    other = tmp_path / "other"
    assert main(["parse", str(RAW / "001_b5a7a5de05f46fe6.txt"), "--out", str(other), *ARGS]) == 0
    shutil.copy(other / "applications.parquet", parsed / "applications.parquet")
    with pytest.raises(FramesError, match="mixed set: applications from another run"):
        Corpus.read(parsed)


def test_parts_of_a_killed_run_are_removed_by_the_next(parsed):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    stale = parsed / f".parts.{dead}.abc123"
    stale.mkdir()
    (stale / "reports.000000000.arrow").write_bytes(b"x" * 1000)
    mine = parsed / f".parts.{os.getpid()}.live"  # a live run's parts are never touched
    mine.mkdir()
    assert main(["parse", str(RAW / "001_b5a7a5de05f46fe6.txt"), "--out", str(parsed), *ARGS]) == 0  # any input
    assert not stale.exists() and mine.exists()


@pytest.mark.slow
def test_two_runs_into_one_folder_each_report_their_own_summary(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(RAW / "001_b5a7a5de05f46fe6.txt", bad)
    (bad / "prose.txt").write_text("这是一篇普通的新闻稿。\n", encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(3):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "govfoi", "parse", str(src), "--out", str(out), *ARGS],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for src in (RAW, bad)
        ]
        (good_out, _), (bad_out, _) = (p.communicate(timeout=300) for p in procs)
        assert [p.returncode for p in procs] == [0, 1]
        assert "files read: 5  ok: 4  with warnings: 1  with errors: 0  failed: 0" in good_out
        assert "files read: 2  ok: 1  with warnings: 0  with errors: 0  failed: 1" in bad_out
        assert Corpus.read(out).reports.height in (5, 2)  # one run's complete set, whichever came last


# ---- CSV formula injection -----------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)", "\t=1+1", "-2+3"]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_formulas_are_neutralised_in_the_csv_and_exact_in_parquet(tmp_path, monkeypatch, fmt):
    src = tmp_path / "in"
    src.mkdir()
    rows = ["file,agency,year"]
    for i, formula in enumerate(FORMULAS):  # agency names from the manifest
        name = f"{i}.txt"
        (src / name).write_text(
            (RAW / "001_b5a7a5de05f46fe6.txt").read_text(encoding="utf-8") + f"\n{i}", encoding="utf-8"
        )
        rows.append(f'{name},"{formula.replace(chr(34), chr(34) * 2)}",2023')
    (src / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for name in ("=1+1.txt", "\t=2+2.txt", "@SUM(1).txt"):  # sources from file names
        shutil.copy(RAW / "003_7352bb2a8fa12f0b.txt", src / name)
        (src / name).write_text((src / name).read_text(encoding="utf-8") + f"\n{name}", encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.chdir(src)
    main(["parse", ".", "--out", str(out), "--format", fmt, *ARGS])
    agencies = sorted([f.strip() for f in FORMULAS] + ["北仑区人民政府"] * 3)
    sources = sorted(["=1+1.txt", "\t=2+2.txt", "@SUM(1).txt"] + [f"{i}.txt" for i in range(len(FORMULAS))])
    if fmt == "parquet":  # exact
        reports = Corpus.read(out).reports
        assert sorted(reports["agency"]) == agencies and sorted(reports["source"]) == sources
        return
    reports = pl.read_csv(out / "reports.csv")
    for text in (*reports["agency"], *reports["source"], *pl.read_csv(out / "checks.csv")["message"]):
        assert text[0] not in "=+-@\t\r", text
    neutral = [("'" + x if x[0] in "=+-@\t\r" else x) for x in agencies]
    assert sorted(reports["agency"]) == sorted(neutral)
    assert sorted(reports["source"]) == sorted(("'" + x if x[0] in "=+-@\t\r" else x) for x in sources)
    applications = pl.read_csv(out / "applications.csv")
    assert applications["count"].dtype == pl.Int64  # numbers untouched
    assert all(name in {p.stem for p in out.iterdir()} for name in FRAMES)
