"""Frames → files, atomically: an interrupted run never leaves a half-written frame behind.

Large corpora are written in parts as they are parsed (memory stays flat in the number of reports) and the
parts are streamed into one file per frame at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from govfoi.corpus import FRAMES, FrameBuilder, schemas
from govfoi.options import FORMATS
from govfoi.panel import YearCells, panel_checks, year_cells

# Rows per Parquet row group of the frames with long strings (paths, messages): the writer holds a row group
# in memory, by default the whole frame (measured: +60 MB for the reports of 100,000 files, +16 with these).
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


class FrameWriter:
    """Collects reports in chunks, spills each chunk to Parquet parts, and writes the final frames."""

    def __init__(self, out: Path, fmt: str = "parquet"):
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
        self.out, self.fmt = out, fmt
        out.mkdir(parents=True, exist_ok=True)
        self._parts = Path(tempfile.mkdtemp(prefix=".parts.", dir=out))
        self._n_parts = 0
        self._years: list[YearCells] = []

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
        """Write the five frames, with the checks across reports (panel.py) added; returns their paths and
        the number of reports of each status (statuses can change: a carry-over error is found only now)."""
        if self._n_parts == 0:
            self.add(FrameBuilder().frames())
        written = []
        try:
            lazies = {name: pl.scan_ipc(sorted(self._parts.glob(f"{name}.*.arrow"))).cast(schemas()[name])  # type: ignore[arg-type]
                      for name in FRAMES}
            found = panel_checks(self._years)
            lazies["reports"] = found.recount(lazies["reports"])
            lazies["checks"] = pl.concat([lazies["checks"], found.checks().lazy()])
            for name in FRAMES:
                lazy = lazies[name]
                final = self.out / f"{name}.{self.fmt}"
                with atomic_path(final) as tmp:
                    if self.fmt == "parquet":
                        lazy.sink_parquet(tmp, row_group_size=_ROW_GROUP.get(name))
                    else:  # UTF-8 with BOM so that Excel shows Chinese
                        lazy.sink_csv(tmp, include_bom=True)
                written.append(final)
        finally:
            self.abort()
        scan = pl.scan_parquet if self.fmt == "parquet" else pl.scan_csv  # read back: one column, no second plan
        reports = scan(self.out / f"reports.{self.fmt}")
        return written, dict(reports.group_by("status").len().collect().iter_rows())

    def abort(self) -> None:
        shutil.rmtree(self._parts, ignore_errors=True)
