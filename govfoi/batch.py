"""Files → reports, in batches: find the inputs, read them once, parse in parallel workers, never lose one.

Files are read one at a time and parsed in batches (in worker processes when asked), and only their
cells are kept, so memory grows with the number of cells, not with the size of the texts. Every input gets
a report: a file that is missing, unreadable, too large, or a copy of an earlier one is a ``failed`` row
with a finding that says why.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from tqdm import tqdm

from govfoi.corpus import FRAMES, Corpus, FrameBuilder
from govfoi.findings import finding
from govfoi.meta import ManifestRow, read_manifest
from govfoi.options import MAX_BYTES, MAX_UNZIPPED, OcrOptions
from govfoi.output import write_part
from govfoi.panel import YearCells, link_years
from govfoi.pool import start_pool
from govfoi.report import Report, failed_report, parse_report, read_file

MANIFEST = "manifest.csv"
_SKIP_NAMES = {MANIFEST}


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[str]]:
    """Files named by paths, folders (recursively, sorted) and globs; and the inputs that named nothing.

    A file named twice (directly and through its folder, say) is read once. Files are kept as strings (a
    ``Path`` costs 500 bytes more, and the list lives for the whole run).
    """
    files: list[str] = []
    missing: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(_walk(p))
        elif p.is_file():
            files.append(str(p))
        else:
            found = [str(Path(m)) for m in sorted(glob.glob(str(item), recursive=True))
                     if os.path.isfile(m) and _is_input(os.path.basename(m))]
            if found:
                files.extend(found)
            else:
                missing.append(str(item))
    seen: set[str] = set()
    unique = []
    for f in files:
        key = os.path.normpath(os.path.abspath(f))
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def _walk(folder: Path) -> list[str]:
    """Input files below a folder, sorted by path (os.walk: a fraction of rglob's cost on large folders)."""
    out = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(str(Path(root, n)) for n in sorted(names) if _is_input(n))
    return out


def _is_input(name: str) -> bool:
    return name not in _SKIP_NAMES and not name.startswith(".")


def _manifests(files: list[str]) -> dict[str, dict[str, ManifestRow]]:
    """Each folder's manifest rows by file name, for the folders that have a manifest."""
    out = {}
    for folder in {os.path.dirname(f) for f in files}:
        path = Path(folder, MANIFEST)
        if path.is_file():
            out[folder] = read_manifest(path)
    return out


@dataclass(frozen=True, slots=True)
class _Job:
    source: str
    data: bytes
    manifest: ManifestRow | None
    max_unzipped: int = MAX_UNZIPPED
    ocr: OcrOptions = OcrOptions()


def _jobs(files: list[str], missing: list[str], max_bytes: int,
          max_unzipped: int = MAX_UNZIPPED, ocr: OcrOptions = OcrOptions()) -> Iterator[_Job | Report]:
    """Each input as a job to parse, or as a finished (failed) report: missing, unreadable, too large, or a
    copy of an earlier file. Files are read here one at a time, so only the jobs in flight hold text."""
    for name in missing:
        yield failed_report(name, "read_failed", f"{name}: no such file, folder or matching glob")
    manifests = _manifests(files)
    seen: dict[str, tuple[str, int]] = {}
    for source in files:
        data = read_file(source, source, max_bytes)
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
        manifest = manifests.get(os.path.dirname(source), {}).get(os.path.basename(source)) if manifests else None
        yield _Job(source, data, manifest, max_unzipped, ocr)


def _parse_job(job: _Job) -> Report:
    try:
        return parse_report(job.data, name=job.source, manifest=job.manifest, max_unzipped=job.max_unzipped,
                            ocr=job.ocr)
    except Exception as exc:  # a bug must cost one file, never the whole run
        return failed_report(job.source, "internal_error", f"{job.source}: {type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Chunk:
    """A batch of reports: (source, status, reason) for each report; and its five frames, or, when
    ``iter_chunks`` was given ``parts`` and wrote them there, just what the checks across years read."""

    statuses: list[tuple[str, str, str]]
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
        reason = "; ".join(f.message for f in r.findings if f.severity == "error") if r.status == "failed" else ""
        statuses.append((r.source, r.status, reason))
        if parts is not None and (record := YearCells.of(r)) is not None:
            years.append(record)
    frames = builder.frames()
    if parts is None:
        return Chunk(statuses, frames=frames)
    write_part(frames, parts, index)
    return Chunk(statuses, years=years)


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
    parts: Path | None = None,
    ocr: OcrOptions = OcrOptions(),
) -> Iterator[Chunk]:
    """Parse every input in batches, in input order; workers > 1 parses batches in parallel processes.

    At most two batches per worker are in flight, so memory does not grow with the number of files. Batches
    hold at most ``chunk`` files, fewer when there are few files, so that every worker gets some. With
    ``parts`` (``FrameWriter.parts``), each batch's frames are written there as it is parsed.
    """
    pool = start_pool(workers) if workers > 1 else None  # its processes boot while the inputs are found
    bar = None
    try:
        files, missing = expand_inputs(inputs)
        n = len(files) + len(missing)
        bar = tqdm(total=n, unit="file", desc="parsing", disable=None if progress is None else not progress)
        size = max(1, min(chunk, -(-n // (2 * workers))))
        batches = _batches(_jobs(files, missing, max_bytes, max_unzipped, ocr), size)
        if pool is None:
            for index, batch in enumerate(batches):
                out = _parse_chunk(batch, parts, index)
                bar.update(len(out.statuses))
                yield out
        else:
            pending: deque[Future[Chunk]] = deque()
            for index, batch in enumerate(batches):
                pending.append(pool.submit(_parse_chunk, batch, parts, index))
                while len(pending) >= 2 * workers:
                    out = pending.popleft().result()
                    bar.update(len(out.statuses))
                    yield out
            while pending:
                out = pending.popleft().result()
                bar.update(len(out.statuses))
                yield out
    finally:
        if bar is not None:
            bar.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def iter_reports(
    inputs: Iterable[str | os.PathLike[str]], *, max_bytes: int = MAX_BYTES, max_unzipped: int = MAX_UNZIPPED,
    ocr: OcrOptions = OcrOptions(),
) -> Iterator[Report]:
    """Parse every input one at a time, in input order, keeping each whole ``Report`` (for ``govfoi check``)."""
    for item in _jobs(*expand_inputs(inputs), max_bytes, max_unzipped, ocr):
        yield item if isinstance(item, Report) else _parse_job(item)


def read_reports(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    workers: int = 1,
    progress: bool | None = False,
    max_bytes: int = MAX_BYTES,
    max_unzipped: int = MAX_UNZIPPED,
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
    chunks = iter_chunks(inputs, workers=workers, progress=progress, max_bytes=max_bytes, max_unzipped=max_unzipped,
                         ocr=ocr)
    parsed = [c.frames for c in chunks if c.frames is not None]  # without ``parts``, every chunk has its frames
    if not parsed:
        return Corpus(**FrameBuilder().frames())
    return Corpus(**link_years({name: pl.concat([frames[name] for frames in parsed]) for name in FRAMES}))
