"""Many reports → the five frames of the data contract (docs/CONTRACT.md).

Files are parsed one at a time (in worker processes when asked) and only their cells are kept, so memory
grows with the number of cells, not with the size of the texts. Every input file gets a row in
``reports``, including those that could not be read.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from tqdm import tqdm

from govfoi.codes import APPLICANTS, CHANNELS, DISCLOSURE_MEASURES, OUTCOMES, RESULTS, enum
from govfoi.findings import finding
from govfoi.meta import ManifestRow, read_manifest
from govfoi.report import MAX_BYTES, Report, failed_report, parse_report

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


_APP_CELLS = tuple((o, a) for o in OUTCOMES for a in APPLICANTS)
_APPEAL_CELLS = tuple((c, r) for c in CHANNELS for r in RESULTS)
_DISCLOSURE_CELLS = tuple((i, m) for i, ms in DISCLOSURE_MEASURES.items() for m in ms)


class FrameBuilder:
    """Accumulates reports column by column and builds the five frames.

    Reports arrive by the thousand, so cells are added a table at a time with ``extend``: building
    frames must not cost more than parsing.
    """

    def __init__(self) -> None:
        self._schemas = schemas()
        self._cols: dict[str, dict[str, list]] = {
            name: {col: [] for col in schema} for name, schema in self._schemas.items()
        }

    def add(self, r: Report) -> None:
        rep = self._cols["reports"]
        for col, value in zip(rep, (r.report_id, r.source, r.sha256, r.agency, r.year, r.template, r.layout,
                                    r.status, r.n_errors, r.n_warnings), strict=True):
            rep[col].append(value)
        rid = r.report_id
        if r.disclosure:
            self._table("disclosure", rid, _DISCLOSURE_CELLS, r.disclosure, ("item", "measure"), counts=False)
        if r.applications:
            self._table("applications", rid, _APP_CELLS, r.applications, ("outcome", "applicant"), imputed=True)
        if r.appeals:
            self._table("appeals", rid, _APPEAL_CELLS, r.appeals, ("channel", "result"))
        chk = self._cols["checks"]
        for f in r.findings:
            values = (rid, f.check, f.severity, f.message, f.table, *f.cell_fields().values(), f.expected,
                      f.actual, f.line)
            for col, value in zip(chk, values, strict=True):
                chk[col].append(value)

    def _table(self, name: str, rid: str, keys: tuple, grid: dict, names: tuple[str, str], *,
               counts: bool = True, imputed: bool = False) -> None:
        cols = self._cols[name]
        cells = [grid.get(k) for k in keys]
        cols["report_id"].extend([rid] * len(keys))
        cols[names[0]].extend([k[0] for k in keys])
        cols[names[1]].extend([k[1] for k in keys])
        values = [None if c is None else c.value for c in cells]
        if counts:
            cols["count"].extend([None if v is None else int(v) for v in values])
        else:
            cols["value"].extend(values)
        if imputed:
            cols["imputed"].extend([c is not None and c.imputed for c in cells])
        cols["line"].extend([None if c is None else c.line for c in cells])

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: pl.DataFrame(self._cols[name], schema=schema) for name, schema in self._schemas.items()}


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

    def where(self, report_ids: Iterable[str]) -> Corpus:
        """The same frames restricted to some reports."""
        ids = pl.Series(list(report_ids), dtype=pl.String)
        return Corpus(**{name: frame.filter(pl.col("report_id").is_in(ids))
                         for name, frame in self.frames().items()})

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


@dataclass(frozen=True, slots=True)
class _Job:
    source: str
    data: bytes
    manifest: ManifestRow | None


def _jobs(files: list[Path], missing: list[str], max_bytes: int) -> Iterator[_Job | Report]:
    """Each input as a job to parse, or as a finished (failed) report: missing, unreadable, too large, or a
    copy of an earlier file. Files are read here one at a time, so only the jobs in flight hold text."""
    for name in missing:
        yield failed_report(name, "read_failed", f"{name}: no such file, folder or matching glob")
    manifests = _manifests(files)
    seen: dict[str, tuple[str, int]] = {}
    for f in files:
        source = str(f)
        try:
            size = f.stat().st_size
            if size > max_bytes:
                yield failed_report(source, "too_large", f"{source}: {size:,} bytes > limit {max_bytes:,}")
                continue
            data = f.read_bytes()
        except OSError as exc:
            yield failed_report(source, "read_failed", f"{source}: {exc.strerror or exc}")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen and data.strip():
            first, n = seen[digest]
            seen[digest] = (first, n + 1)
            dup = Report(report_id=f"{digest[:16]}~{n + 1}", source=source, sha256=digest)
            dup.findings.append(finding("duplicate_content", detail=f"{source}: same bytes as {first}"))
            yield dup
            continue
        seen.setdefault(digest, (source, 1))
        yield _Job(source, data, manifests.get(f.parent, {}).get(f.name))


def _parse_job(job: _Job) -> Report:
    try:
        return parse_report(job.data, name=job.source, manifest=job.manifest)
    except Exception as exc:  # a bug must cost one file, never the whole run
        return failed_report(job.source, "internal_error", f"{job.source}: {type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Chunk:
    """The frames of a batch of reports, and (source, status, reason) for each of them."""

    frames: dict[str, pl.DataFrame]
    statuses: list[tuple[str, str, str]]


def _parse_chunk(items: list[_Job | Report]) -> Chunk:
    builder = FrameBuilder()
    statuses = []
    for item in items:
        r = item if isinstance(item, Report) else _parse_job(item)
        builder.add(r)
        reason = "; ".join(f.message for f in r.findings if f.severity == "error") if r.status == "failed" else ""
        statuses.append((r.source, r.status, reason))
    return Chunk(builder.frames(), statuses)


def _batches(items: Iterator[_Job | Report], size: int) -> Iterator[list[_Job | Report]]:
    batch: list[_Job | Report] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def iter_chunks(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    chunk: int = 250,
    progress: bool | None = False,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Chunk]:
    """Parse every input in batches, in input order; workers > 1 parses batches in parallel processes.

    At most two batches per worker are in flight, so memory does not grow with the number of files.
    """
    files, missing = expand_inputs(inputs)
    bar = tqdm(total=len(files) + len(missing), unit="file", desc="parsing",
               disable=None if progress is None else not progress)
    batches = _batches(_jobs(files, missing, max_bytes), chunk)
    try:
        if workers <= 1:
            for batch in batches:
                out = _parse_chunk(batch)
                bar.update(len(out.statuses))
                yield out
            return
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending: deque[Future[Chunk]] = deque()
            for batch in batches:
                pending.append(pool.submit(_parse_chunk, batch))
                while len(pending) >= 2 * workers:
                    out = pending.popleft().result()
                    bar.update(len(out.statuses))
                    yield out
            while pending:
                out = pending.popleft().result()
                bar.update(len(out.statuses))
                yield out
    finally:
        bar.close()


def iter_reports(
    inputs: Iterable[str | os.PathLike[str]], *, max_bytes: int = MAX_BYTES
) -> Iterator[Report]:
    """Parse every input one at a time, in input order, keeping each whole ``Report`` (for ``govfoi check``)."""
    for item in _jobs(*expand_inputs(inputs), max_bytes):
        yield item if isinstance(item, Report) else _parse_job(item)


def read_reports(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    progress: bool | None = False,
    max_bytes: int = MAX_BYTES,
) -> Corpus:
    """Parse report files (paths, folders or globs) into a ``Corpus``.

    Every input appears in ``reports``: files that could not be read, or that repeat an earlier file's
    bytes, have status ``failed`` and a finding that says why.

    Example:
        >>> corpus = read_reports("data/raw")
        >>> corpus.summary()["files"]
        5
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    chunks = list(iter_chunks(inputs, workers=workers, progress=progress, max_bytes=max_bytes))
    if not chunks:
        return Corpus(**FrameBuilder().frames())
    return Corpus(**{name: pl.concat([c.frames[name] for c in chunks]) for name in FRAMES})
