"""The govfoi command end to end on data/raw: outputs, summary, exit codes, atomic writes."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import govfoi.corpus.batch
from govfoi.cli.commands import main
from govfoi.corpus.frames import Corpus
from tests.conftest import RAW

GOVFOI = [sys.executable, "-m", "govfoi"]
ONE = RAW / "001_b5a7a5de05f46fe6.txt"  # a run whose writing fails needs something to write, not the whole folder


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GOVFOI, *args], capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_parse_data_raw_writes_five_frames(tmp_path):
    done = run("parse", str(RAW), "--out", str(tmp_path), "--no-progress")
    assert done.returncode == 0, done.stderr
    assert "files read: 5  ok: 4  with warnings: 1  with errors: 0  failed: 0" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{n}.parquet" for n in ("reports", "disclosure", "applications", "appeals", "checks")] + ["govfoi-run.json"]
    )
    corpus = Corpus.read(tmp_path)
    assert corpus.applications.height == 5 * 25 * 7
    assert corpus.appeals.height == 5 * 15 and corpus.disclosure.height == 5 * 10
    assert corpus.applications.schema["outcome"] == pl.Enum
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_csv_output_has_a_bom_for_excel(tmp_path):
    assert run("parse", str(RAW), "--out", str(tmp_path), "--format", "csv", "--no-progress").returncode == 0
    data = (tmp_path / "reports.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "北仑区人民政府" in data.decode("utf-8-sig")


@pytest.mark.slow
def test_missing_input_is_bad_usage_that_touches_nothing(tmp_path):
    """A typo in a path is exit 2 before anything is written (issue 11 §5); read_reports, given paths by a
    program rather than typed, still makes it a failed row."""
    done = run("parse", str(RAW), str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"), "--no-progress")
    assert done.returncode == 2
    assert "nope.txt" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
    reports = govfoi.read_reports([RAW, tmp_path / "nope.txt"]).reports
    assert reports.filter(pl.col("status") == "failed")["source"].to_list() == [str(tmp_path / "nope.txt")]


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "data/raw"],  # no --out
        ["parse", "data/raw", "--out", "x", "--format", "xml"],
        ["parse", "data/raw", "--out", "x", "--workers", "0"],
        ["frobnicate"],
    ],
)
def test_bad_usage_exits_2_without_traceback(args):
    done = run(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "usage:" in done.stderr


def test_out_that_is_a_file_is_bad_usage(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["parse", str(RAW), "--out", str(target), "--no-progress"]) == 2


def test_out_that_cannot_be_made_is_bad_usage(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")  # a file where --out needs a folder on its path
    assert main(["parse", str(RAW), "--out", str(blocker / "out"), "--no-progress"]) == 2
    assert f"--out {blocker / 'out'}: the folder cannot be made or written" in capsys.readouterr().err


def test_writes_leave_no_temporary_files(parsed_raw):
    # parsed_raw: `parse data/raw --out <folder> --no-progress --workers 2`, which exited 0
    assert not [p for p in parsed_raw.iterdir() if p.name.startswith(".")]


def test_an_existing_frame_survives_a_failed_write(raw_frames, monkeypatch):
    before = (raw_frames / "reports.parquet").read_bytes()

    def boom(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pl.LazyFrame, "sink_parquet", boom)
    assert main(["parse", str(ONE), "--out", str(raw_frames), "--no-progress"]) == 130
    assert (raw_frames / "reports.parquet").read_bytes() == before
    assert not [p for p in raw_frames.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("where", ["final", "part"])
def test_a_full_disk_is_a_message_and_exit_1_leaving_earlier_frames(raw_frames, monkeypatch, capsys, where):
    before = (raw_frames / "reports.parquet").read_bytes()

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if where == "final":
        monkeypatch.setattr(pl.LazyFrame, "sink_parquet", full)
    else:  # a batch's parts, written as it is parsed
        monkeypatch.setattr(pl.DataFrame, "write_ipc", full)
    assert main(["parse", str(ONE), "--out", str(raw_frames), "--no-progress", "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert f"the frames could not be written to {raw_frames}: {os.strerror(errno.ENOSPC)}" in err
    assert "Traceback" not in err
    assert (raw_frames / "reports.parquet").read_bytes() == before
    assert not [p for p in raw_frames.iterdir() if p.name.startswith(".")]


def test_a_file_that_kills_its_worker_is_a_failed_row_and_the_rest_is_written(tmp_path, monkeypatch, capsys):
    """A worker killed outright stopped the command (BrokenProcessPool) and wrote nothing. Fault injected by
    tests/faults.py (this test only): the worker process that gets the marked file kills itself (SIGKILL)."""
    from tests import faults

    shutil.copytree(RAW, tmp_path / "in")
    killer = f"x-{faults.KILLED}.txt"
    (tmp_path / "in" / killer).write_bytes(next(RAW.glob("003_*.txt")).read_bytes() + b"\n")
    monkeypatch.setattr(govfoi.corpus.batch, "_parse_chunk", faults.die_on)
    assert main(["parse", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-progress", "--workers", "2"]) == 1
    printed = capsys.readouterr()
    assert "files read: 6  ok: 4  with warnings: 1  with errors: 0  failed: 1" in printed.out
    [failed] = [line for line in printed.err.splitlines() if line.startswith("failed:")]
    assert killer in failed and "SIGKILL" in failed and "Traceback" not in printed.err
    reports = Corpus.read(tmp_path / "out").reports
    assert reports.height == 6 and reports.filter(pl.col("status") == "failed")["source"].str.ends_with(killer).all()


def test_check_prints_findings(tmp_path):
    shutil.copy(RAW / "000_02af573a1c1ea7c0.txt", tmp_path / "a.txt")
    done = run("check", str(tmp_path / "a.txt"))
    assert done.returncode == 0
    assert "imputed_cell" in done.stdout and "阜新市海州区 2023" in done.stdout
    assert "files read: 1  ok: 0  with warnings: 1" in done.stdout


@pytest.mark.slow
def test_summary_reconciles_with_bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 50)
    (tmp_path / "prose.txt").write_text("这是一篇普通的新闻稿，不是年度报告。\n", encoding="utf-8")
    shutil.copy(RAW / "003_7352bb2a8fa12f0b.txt", tmp_path / "copy1.txt")
    shutil.copy(RAW / "003_7352bb2a8fa12f0b.txt", tmp_path / "copy2.txt")
    (tmp_path / "gbk.txt").write_bytes((RAW / "001_b5a7a5de05f46fe6.txt").read_text(encoding="utf-8").encode("gbk"))
    done = run("parse", str(tmp_path), "--out", str(tmp_path / "out"), "--no-progress")
    assert done.returncode == 1
    assert "files read: 6  ok: 2  with warnings: 0  with errors: 0  failed: 4" in done.stdout, done.stdout
    checks = Corpus.read(tmp_path / "out").checks.join(Corpus.read(tmp_path / "out").reports, on="report_id")
    by_file: dict[str, set[str]] = {}
    for source, check in checks.select("source", "check").iter_rows():
        by_file.setdefault(Path(source).name, set()).add(check)
    assert by_file["empty.txt"] == {"not_a_report"}
    assert by_file["prose.txt"] == {"not_a_report"}
    assert by_file["copy2.txt"] == {"duplicate_content"}
    assert by_file["binary.bin"] in ({"not_a_report"}, {"unknown_encoding"})
    assert "copy1.txt" not in by_file and "gbk.txt" not in by_file
    assert "Traceback" not in done.stderr
