"""Frames → files, atomically: an interrupted run never leaves a half-written frame behind.

Large corpora are written in parts as they are parsed (memory stays flat in the number of reports) and the
parts are streamed into one file per frame at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from govfoi.corpus.frames import FrameBuilder
from govfoi.corpus.panel import YearCells, panel_checks, year_cells
from govfoi.corpus.schema import FRAMES, schemas
from govfoi.read.options import FORMATS

# Rows per Parquet row group of the frames with long strings (paths, messages): the writer holds a row group
# in memory, by default the whole frame, whose strings grow with the run.
# The long frames of numbers keep the default: smaller groups there cost memory instead.
_ROW_GROUP = {"reports": 8192, "checks": 8192}


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary path beside ``final`` that replaces it only when the block succeeds."""
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, final)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_part(frames: dict[str, pl.DataFrame], folder: Path, index: int) -> None:
    """One batch's frames as parts (uncompressed Arrow IPC: parts are temporary, so write fast); parts are
    read back in ``index`` order, so batches may be written in any order, by any process."""
    for name, frame in frames.items():
        frame.write_ipc(folder / f"{name}.{index:09d}.arrow", compression="uncompressed")


RUN_FILE = "govfoi-run.json"  # names the run that wrote the five frames beside it
RUN_KEY = "govfoi_run"  # the same run id, in each Parquet frame's key-value metadata


class FrameWriter:
    """Collects reports in chunks, spills each chunk to parts, and replaces the five frames as one set.

    Each frame is written whole in this run's own hidden folder (``.parts.<pid>.*``), carrying the run's id;
    then, under a lock on --out, the five are renamed into place and ``govfoi-run.json`` names the run.
    A reader (``Corpus.read``) refuses a set whose frames come from different runs, which is all an
    interruption in the middle of the renames can leave. Parts left by a killed run are removed by the next.
    """

    def __init__(self, out: Path, fmt: str = "parquet"):
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
        self.out, self.fmt = out, fmt
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(out)
        self._parts = Path(tempfile.mkdtemp(prefix=f".parts.{os.getpid()}.", dir=out))
        self._n_parts = 0
        self._years: list[YearCells] = []
        self.run_id = uuid.uuid4().hex
        self.replaced: list[str] = []  # frames already renamed into place (a failure after one: a mixed set)

    @property
    def parts(self) -> Path:
        """The folder of spilled parts: worker processes write their batches here (``write_part``)."""
        return self._parts

    def add(self, frames: dict[str, pl.DataFrame]) -> None:
        """Spill one batch of frames to disk."""
        write_part(frames, self._parts, self._n_parts)
        self.add_written(year_cells(frames))

    def add_written(self, years: list[YearCells]) -> None:
        """Count a batch a worker wrote with ``write_part``, keeping what the cross-year checks read."""
        self._years += years
        self._n_parts += 1

    def close(self) -> tuple[list[Path], dict[str, int]]:
        """Write the five frames, with the checks across reports (panel.py) added, and put them in place as
        one set; returns their paths and the number of reports of each status in this run (statuses can
        change: a carry-over error is found only now)."""
        if self._n_parts == 0:
            self.add(FrameBuilder().frames())
        staged = self._parts / "frames"
        staged.mkdir()
        try:
            lazies = {
                name: pl.scan_ipc(sorted(self._parts.glob(f"{name}.*.arrow"))).cast(schemas()[name])  # type: ignore[arg-type]
                for name in FRAMES
            }
            found = panel_checks(self._years)
            lazies["reports"] = found.recount(lazies["reports"])
            lazies["checks"] = pl.concat([lazies["checks"], found.checks().lazy()])
            for name in FRAMES:
                path = staged / f"{name}.{self.fmt}"
                if self.fmt == "parquet":
                    lazies[name].sink_parquet(
                        path, row_group_size=_ROW_GROUP.get(name), metadata={RUN_KEY: self.run_id}
                    )
                else:  # UTF-8 with BOM so that Excel shows Chinese; text cells neutralised for Excel
                    excel_safe(lazies[name]).sink_csv(path, include_bom=True)
                os.chmod(path, 0o666 & ~_umask())  # as any file the user makes
            # This run's statuses, from its own file: another run may replace the frames in --out any time.
            scan = pl.scan_parquet if self.fmt == "parquet" else pl.scan_csv
            statuses = dict(scan(staged / f"reports.{self.fmt}").group_by("status").len().collect().iter_rows())
            written = self._put_in_place(staged)
        finally:
            self.abort()
        return written, statuses

    def _put_in_place(self, staged: Path) -> list[Path]:
        """Rename the staged frames into --out and name the run, holding a lock on --out so that two runs
        into one folder never interleave their frames."""
        written = []
        with _locked(self.out):
            run_file = self.out / RUN_FILE
            if run_file.exists():
                os.unlink(run_file)  # from here until the new one is written, the set is not vouched for
            for name in FRAMES:
                final = self.out / f"{name}.{self.fmt}"
                os.replace(staged / final.name, final)
                self.replaced.append(name)
                written.append(final)
            record = {"run": self.run_id, "format": self.fmt, "frames": {p.name: p.stat().st_size for p in written}}
            tmp = self._parts / RUN_FILE
            tmp.write_text(json.dumps(record, indent=1), encoding="utf-8")
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, run_file)
        return written

    def abort(self) -> None:
        shutil.rmtree(self._parts, ignore_errors=True)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder itself (no lock file is left behind); none where flock is missing."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def remove_stale_parts(out: Path) -> None:
    """Remove the parts of runs that ended without cleaning up (kill -9, power cut): a ``.parts.<pid>.*``
    folder whose process is gone."""
    for folder in out.glob(".parts.*"):
        pid = folder.name.split(".")[2] if folder.name.count(".") >= 3 else ""
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


_FORMULA_START = r"^[=+\-@\t\r]"  # what a spreadsheet may take for the start of a formula


def excel_safe(lazy: pl.LazyFrame) -> pl.LazyFrame:
    """Text cells a spreadsheet would run as a formula (=HYPERLINK(…), +1+1, @SUM(1), a tab before =) get
    a leading apostrophe, as OWASP advises for CSV; numbers are written as they are. Only the CSV gets
    this: Parquet keeps every string exact."""
    schema = lazy.collect_schema()
    text = [name for name, dtype in schema.items() if dtype == pl.String]
    if not text:
        return lazy
    return lazy.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA_START)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )
