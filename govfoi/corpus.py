"""Many reports → the five frames of the data contract (docs/CONTRACT.md).

Files are parsed one at a time (in worker processes when asked) and only their cells are kept, so memory
grows with the number of cells, not with the size of the texts. Every input file gets a row in
``reports``, including those that could not be read.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from tqdm import tqdm

from govfoi.codes import APPLICANTS, CHANNELS, DISCLOSURE_MEASURES, OUTCOMES, RESULTS, enum
from govfoi.findings import finding
from govfoi.meta import ManifestRow, read_manifest
from govfoi.report import MAX_BYTES, UNREAD_PREFIX, Report, failed_report, parse_report

MANIFEST = "manifest.csv"
FRAMES = ("reports", "disclosure", "applications", "appeals", "checks")
_SKIP_NAMES = {MANIFEST}


def schemas() -> dict[str, dict[str, pl.DataType]]:
    """The contract's frames and their dtypes (code columns are Enums in memory)."""
    cell = {c: pl.String() for c in ("outcome", "applicant", "channel", "result", "item", "measure")}
    return {
        "reports": {
            "report_id": pl.String(), "source": pl.String(), "sha256": pl.String(), "agency": pl.String(),
            "year": pl.Int32(), "template": pl.String(), "layout": pl.String(), "status": pl.String(),
            "n_errors": pl.UInt32(), "n_warnings": pl.UInt32(),
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


class _Columns:
    """Columnar accumulator for one frame: appending to lists is the cheap part of building frames."""

    def __init__(self, schema: dict[str, pl.DataType]):
        self.schema = schema
        self.cols: dict[str, list] = {name: [] for name in schema}

    def add(self, *values: object) -> None:
        for col, value in zip(self.cols.values(), values, strict=True):
            col.append(value)

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.cols, schema=self.schema)


class FrameBuilder:
    """Accumulates reports and builds the five frames."""

    def __init__(self) -> None:
        self._cols = {name: _Columns(schema) for name, schema in schemas().items()}

    def add(self, r: Report) -> None:
        c = self._cols
        c["reports"].add(r.report_id, r.source, r.sha256, r.agency, r.year, r.template, r.layout, r.status,
                         r.n_errors, r.n_warnings)
        rid = r.report_id
        if r.disclosure:
            for item, measures in DISCLOSURE_MEASURES.items():
                for m in measures:
                    cell = r.disclosure.get((item, m))
                    c["disclosure"].add(rid, item, m, cell and cell.value, cell and cell.line)
        if r.applications:
            for o in OUTCOMES:
                for a in APPLICANTS:
                    cell = r.applications.get((o, a))
                    value = None if cell is None or cell.value is None else int(cell.value)
                    c["applications"].add(rid, o, a, value, bool(cell and cell.imputed), cell and cell.line)
        if r.appeals:
            for ch in CHANNELS:
                for res in RESULTS:
                    cell = r.appeals.get((ch, res))
                    value = None if cell is None or cell.value is None else int(cell.value)
                    c["appeals"].add(rid, ch, res, value, cell and cell.line)
        for f in r.findings:
            cells = f.cell_fields()
            c["checks"].add(rid, f.check, f.severity, f.message, f.table, *cells.values(), f.expected, f.actual,
                            f.line)

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: col.frame() for name, col in self._cols.items()}


@dataclass(frozen=True)
class Corpus:
    """The parsed reports as the contract's five Polars frames."""

    reports: pl.DataFrame
    disclosure: pl.DataFrame
    applications: pl.DataFrame
    appeals: pl.DataFrame
    checks: pl.DataFrame

    def __len__(self) -> int:
        return self.reports.height

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: getattr(self, name) for name in FRAMES}

    def summary(self) -> dict[str, int]:
        """Files read, and how many ended ok / with warnings / with errors / failed."""
        counts = dict(self.reports.group_by("status").len().iter_rows())
        return {"files": self.reports.height,
                **{s: counts.get(s, 0) for s in ("ok", "warnings", "errors", "failed")}}

    @classmethod
    def from_reports(cls, reports: Iterable[Report]) -> Corpus:
        builder = FrameBuilder()
        for r in reports:
            builder.add(r)
        return cls(**builder.frames())

    @classmethod
    def read(cls, folder: str | os.PathLike[str]) -> Corpus:
        """Load frames written by ``govfoi parse --out folder`` (Parquet), with Enum dtypes restored."""
        folder = Path(folder)
        out = {}
        for name, schema in schemas().items():
            path = folder / f"{name}.parquet"
            if not path.exists():
                raise FileNotFoundError(f"{path}: no such frame; run `govfoi parse INPUT --out {folder}` first")
            out[name] = pl.read_parquet(path).cast(schema)  # type: ignore[arg-type]
        return cls(**out)


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Files named by paths, folders (recursively) and globs; and the inputs that named nothing."""
    files: list[Path] = []
    missing: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and _is_input(f)))
        elif p.is_file():
            files.append(p)
        else:
            matches = sorted(Path(m) for m in glob.glob(str(item), recursive=True))
            found = [m for m in matches if m.is_file() and _is_input(m)]
            if found:
                files.extend(found)
            else:
                missing.append(str(item))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]  # type: ignore[func-returns-value]
    return unique, missing


def _is_input(path: Path) -> bool:
    return path.name not in _SKIP_NAMES and not path.name.startswith(".")


def _manifests(files: list[Path]) -> dict[Path, dict[str, ManifestRow]]:
    out = {}
    for folder in {f.parent for f in files}:
        path = folder / MANIFEST
        if path.is_file():
            out[folder] = read_manifest(path)
    return out


def _parse_one(args: tuple[str, ManifestRow | None, int]) -> Report:
    path, manifest, max_bytes = args
    return parse_report(path, manifest=manifest, max_bytes=max_bytes)


def iter_reports(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    progress: bool | None = False,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Report]:
    """Parse every input file, in input order, one report at a time.

    Inputs that name no file yield a failed report with a ``read_failed`` finding, so nothing given is lost.
    A file with the same bytes as an earlier one is reported as ``failed`` with a ``duplicate_content``
    finding and its cells are not repeated.
    """
    files, missing = expand_inputs(inputs)
    manifests = _manifests(files)
    jobs = [(str(f), manifests.get(f.parent, {}).get(f.name), max_bytes) for f in files]
    for name in missing:
        yield _missing(name)
    seen: dict[str, tuple[str, int]] = {}
    bar = tqdm(total=len(jobs), unit="file", disable=not progress if progress is not None else None,
               desc="parsing")
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results: Iterable[Report] = pool.map(_parse_one, jobs, chunksize=max(1, min(64, len(jobs) // (workers * 4))))
            for r in results:
                bar.update()
                yield _dedupe(r, seen)
    else:
        for job in jobs:
            r = _parse_one(job)
            bar.update()
            yield _dedupe(r, seen)
    bar.close()


def _missing(name: str) -> Report:
    return failed_report(name, "read_failed", f"{name}: no such file, folder or matching glob")


def _dedupe(r: Report, seen: dict[str, tuple[str, int]]) -> Report:
    """The first file with given bytes is parsed; later copies are failed rows pointing at it."""
    if r.report_id.startswith(UNREAD_PREFIX):
        return r
    if r.sha256 not in seen:
        seen[r.sha256] = (r.source, 1)
        return r
    first, n = seen[r.sha256]
    seen[r.sha256] = (first, n + 1)
    dup = Report(report_id=f"{r.report_id}~{n + 1}", source=r.source, sha256=r.sha256, agency=r.agency,
                 year=r.year, template=r.template, layout=r.layout)
    dup.findings.append(finding("duplicate_content", detail=f"{r.source}: same bytes as {first}"))
    return dup


def read_reports(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    progress: bool | None = False,
    max_bytes: int = MAX_BYTES,
) -> Corpus:
    """Parse report files (paths, folders or globs) into a ``Corpus``.

    Example:
        >>> corpus = read_reports("data/raw")
        >>> corpus.summary()["files"]
        5
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    return Corpus.from_reports(iter_reports(inputs, workers=workers, progress=progress, max_bytes=max_bytes))
