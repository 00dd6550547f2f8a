"""Files → reports, in batches: the inputs (``inputs.py``) read once, parsed in parallel workers, none lost.

Files are read one at a time and parsed in batches (in worker processes when asked), and only their
cells are kept, so memory grows with the number of cells, not with the size of the texts. Every input gets
a report: a file that is missing, unreadable, too large, or a copy of an earlier one is a ``failed`` row
with a finding that says why; so is one that kills the worker process reading it (``_Workers``).
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from tqdm import tqdm

from govfoi.corpus.frames import Corpus, FrameBuilder
from govfoi.corpus.inputs import OUTSIDE, expand_inputs, read_manifests
from govfoi.corpus.output import write_part
from govfoi.corpus.panel import YearCells, link_years
from govfoi.corpus.pool import WorkerDiedError, run_alone, start_pool
from govfoi.corpus.schema import FRAMES
from govfoi.findings import ERROR, Status, finding
from govfoi.parse.report import Report, failed_report, parse_report, read_file
from govfoi.read.limits import ResourceLimit, file_budget
from govfoi.read.manifest import ManifestRow
from govfoi.read.options import MAX_BYTES, MAX_MEMORY, MAX_SECONDS, MAX_UNZIPPED, OcrOptions


@dataclass(frozen=True, slots=True)
class Limits:
    """What one file may cost: bytes read and unzipped, seconds and memory to parse it."""

    max_bytes: int = MAX_BYTES
    max_unzipped: int = MAX_UNZIPPED
    max_seconds: float | None = MAX_SECONDS
    max_memory: int | None = MAX_MEMORY
    ocr: OcrOptions = OcrOptions()  # when scans are read by OCR, and their page limit


@dataclass(frozen=True, slots=True)
class _Job:
    source: str
    data: bytes
    manifest: ManifestRow | None
    limits: Limits = Limits()


def _jobs(files: list[str], missing: list[str], limits: Limits) -> Iterator[_Job | Report]:
    """Each input as a job to parse, or as a finished (failed) report: missing, unreadable, too large, or a
    copy of an earlier file. Files are read here one at a time, so only the jobs in flight hold text."""
    for name in missing:
        yield failed_report(name, "read_failed", f"{name}: no such file, folder or matching glob")
    manifests = read_manifests([f for f in files if not f.startswith(OUTSIDE)], limits.max_bytes)
    seen: dict[str, tuple[str, int]] = {}
    for source in files:
        if source.startswith(OUTSIDE):
            source = source.removeprefix(OUTSIDE)
            yield failed_report(
                source,
                "read_failed",
                f"{source}: a link to {os.path.realpath(source)}, outside the folder given: not followed",
            )
            continue
        data = read_file(source, source, limits.max_bytes)
        if isinstance(data, Report):
            yield data
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
        folder = manifests.get(os.path.dirname(source)) if manifests else None
        manifest = folder.row(os.path.basename(source)) if folder is not None else None
        yield _Job(source, data, manifest, limits)


def _parse_job(job: _Job) -> Report:
    """One file within its time and memory budget: past either, it is a failed row, and the run goes on."""
    limits = job.limits
    try:
        with file_budget(limits.max_seconds, limits.max_memory):
            return parse_report(
                job.data, name=job.source, manifest=job.manifest, max_unzipped=limits.max_unzipped, ocr=limits.ocr
            )
    except ResourceLimit as exc:
        return failed_report(job.source, "resource_limit", f"{job.source}: {exc}")
    except Exception as exc:  # noqa: BLE001 - a bug must cost one file, never the whole run
        return failed_report(job.source, "internal_error", f"{job.source}: {type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Chunk:
    """A batch of reports: (source, status, reason) for each report; what the checks across years read of
    them; and their five frames, unless ``iter_chunks`` was given ``parts`` and wrote them there."""

    statuses: list[tuple[str, Status, str]]
    frames: dict[str, pl.DataFrame] | None = None
    years: list[YearCells] = field(default_factory=list)


def _parse_chunk(items: list[_Job | Report], parts: Path | None = None, index: int = 0) -> Chunk:
    """Parse a batch; with ``parts``, write its frames there (output.write_part) instead of sending them
    back: the parent then has no frames to receive and copy, and keeps its core for the workers."""
    builder = FrameBuilder()
    statuses = []
    years = []
    for item in items:
        r = item if isinstance(item, Report) else _parse_job(item)
        builder.add(r)
        reason = "; ".join(f.message for f in r.findings if f.severity == ERROR) if r.status == Status.FAILED else ""
        statuses.append((r.source, r.status, reason))
        if (record := YearCells.of(r)) is not None:
            years.append(record)
    return _finish(statuses, builder.frames(), years, parts, index)


def _finish(
    statuses: list[tuple[str, Status, str]],
    frames: dict[str, pl.DataFrame],
    years: list[YearCells],
    parts: Path | None,
    index: int,
) -> Chunk:
    if parts is None:
        return Chunk(statuses, frames=frames, years=years)
    write_part(frames, parts, index)
    return Chunk(statuses, years=years)


def _rescue(batch: list[_Job | Report], parts: Path | None, index: int) -> Chunk:
    """A batch whose worker died, parsed again outside the pool. First whole, in a process of its own (the
    system may have killed the worker for another's sake); if that dies too, each file in a process of its
    own, so that the file that kills its process is one failed row and the others are read."""
    try:
        return run_alone(_parse_chunk, batch, parts, index)
    except WorkerDiedError:
        pieces = [_parse_alone(item) for item in batch]
    frames = {name: pl.concat([p.frames[name] for p in pieces if p.frames is not None]) for name in FRAMES}
    return _finish([s for p in pieces for s in p.statuses], frames, [y for p in pieces for y in p.years], parts, index)


def _parse_alone(item: _Job | Report) -> Chunk:
    """One file in a process of its own; a file that kills it is a failed row (``worker_died``)."""
    if isinstance(item, Report):
        return _parse_chunk([item])
    try:
        return run_alone(_parse_chunk, [item])
    except WorkerDiedError as died:
        detail = f"{item.source}: {died} (read alone, after the worker reading its batch had died)"
        return _parse_chunk([failed_report(item.source, "worker_died", detail)])


@dataclass(frozen=True, slots=True)
class _InFlight:
    future: Future[Chunk]
    batch: list[_Job | Report]
    index: int
    pool: ProcessPoolExecutor


class _Workers:
    """The worker pool, started again when a worker dies (the executor is unusable after); the batches it
    lost are parsed again by ``_rescue``, so a killed worker costs at most the file that killed it."""

    def __init__(self, pool: ProcessPoolExecutor, workers: int, parts: Path | None):
        self.pool, self.workers, self.parts = pool, workers, parts

    def submit(self, batch: list[_Job | Report], index: int) -> _InFlight:
        try:
            future = self.pool.submit(_parse_chunk, batch, self.parts, index)
        except BrokenProcessPool:  # a worker died since the last result was collected
            self._restart(self.pool)
            future = self.pool.submit(_parse_chunk, batch, self.parts, index)
        return _InFlight(future, batch, index, self.pool)

    def result(self, flight: _InFlight) -> Chunk:
        try:
            return flight.future.result()
        except BrokenProcessPool:
            self._restart(flight.pool)
            return _rescue(flight.batch, self.parts, flight.index)

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        if broken is self.pool:  # the batches in flight with it fail one by one: restart once
            broken.shutdown(cancel_futures=True)
            self.pool = start_pool(self.workers)

    def shutdown(self) -> None:
        self.pool.shutdown(cancel_futures=True)


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
    chunk: int = 500,
    progress: bool | None = False,
    max_bytes: int = MAX_BYTES,
    max_unzipped: int = MAX_UNZIPPED,
    max_seconds: float | None = MAX_SECONDS,
    max_memory: int | None = MAX_MEMORY,
    ocr: OcrOptions = OcrOptions(),
    parts: Path | None = None,
) -> Iterator[Chunk]:
    """Parse every input in batches, in input order; workers > 1 parses batches in parallel processes.

    At most two batches per worker are in flight, so memory does not grow with the number of files. Batches
    hold at most ``chunk`` files, fewer when there are few files, so that every worker gets some. With
    ``parts`` (``FrameWriter.parts``), each batch's frames are written there as it is parsed.
    """
    # the pool's processes boot while the inputs are found
    pool = _Workers(start_pool(workers), workers, parts) if workers > 1 else None
    bar = None
    try:
        files, missing = expand_inputs(inputs)
        n = len(files) + len(missing)
        bar = tqdm(total=n, unit="file", desc="parsing", disable=None if progress is None else not progress)
        size = max(1, min(chunk, -(-n // (2 * workers))))
        limits = Limits(max_bytes, max_unzipped, max_seconds, max_memory, ocr)
        batches = _batches(_jobs(files, missing, limits), size)
        if pool is None:
            for index, batch in enumerate(batches):
                out = _parse_chunk(batch, parts, index)
                bar.update(len(out.statuses))
                yield out
        else:
            pending: deque[_InFlight] = deque()
            for index, batch in enumerate(batches):
                pending.append(pool.submit(batch, index))
                while len(pending) >= 2 * workers:
                    out = pool.result(pending.popleft())
                    bar.update(len(out.statuses))
                    yield out
            while pending:
                out = pool.result(pending.popleft())
                bar.update(len(out.statuses))
                yield out
    finally:
        if bar is not None:
            bar.close()
        if pool is not None:
            pool.shutdown()


def iter_reports(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = MAX_BYTES,
    max_unzipped: int = MAX_UNZIPPED,
    max_seconds: float | None = MAX_SECONDS,
    max_memory: int | None = MAX_MEMORY,
    ocr: OcrOptions = OcrOptions(),
) -> Iterator[Report]:
    """Parse every input one at a time, in input order, keeping each whole ``Report`` (for ``govfoi check``)."""
    for item in _jobs(*expand_inputs(inputs), Limits(max_bytes, max_unzipped, max_seconds, max_memory, ocr)):
        yield item if isinstance(item, Report) else _parse_job(item)


def read_reports(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    progress: bool | None = False,
    max_bytes: int = MAX_BYTES,
    max_unzipped: int = MAX_UNZIPPED,
    max_seconds: float | None = MAX_SECONDS,
    max_memory: int | None = MAX_MEMORY,
    ocr: OcrOptions = OcrOptions(),
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
    chunks = iter_chunks(
        inputs,
        workers=workers,
        progress=progress,
        max_bytes=max_bytes,
        max_unzipped=max_unzipped,
        max_seconds=max_seconds,
        max_memory=max_memory,
        ocr=ocr,
    )
    parsed = [c.frames for c in chunks if c.frames is not None]  # without ``parts``, every chunk has its frames
    if not parsed:
        return Corpus(**FrameBuilder().frames())
    return Corpus(**link_years({name: pl.concat([frames[name] for frames in parsed]) for name in FRAMES}))
