"""The ``govfoi`` command: parse reports into frames, print their findings, render briefs.

Exit codes: 0 every file was read; 1 some file failed, or the frames could not be written (or a brief
failed); 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govfoi.corpus.pool import start_server
from govfoi.errors import UsageError
from govfoi.read.options import (
    FORMATS,
    MAX_BYTES,
    MAX_MEMORY,
    MAX_PAGES,
    MAX_SECONDS,
    MAX_UNZIPPED,
    OCR_MODES,
    OcrOptions,
)

if TYPE_CHECKING:
    from govfoi.corpus.output import FrameWriter  # imported late where it is used

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"govfoi: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as exc:
        print(f"govfoi: interrupted; {getattr(exc, 'left', 'no partial output was left')}", file=sys.stderr)
        return 130


class _Version(argparse.Action):
    """``--version`` as argparse's "version" action, the version looked up only when asked for (``govfoi._version``)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show program's version number and exit"
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        from govfoi import __version__

        print(f"govfoi {__version__}")  # to stdout, as argparse's "version" action
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govfoi", description="Parse and check 政府信息公开工作年度报告.")
    p.add_argument("--version", action=_Version)
    sub = p.add_subparsers(required=True, metavar="COMMAND")

    parse = sub.add_parser("parse", help="parse reports into the five frames (reports, disclosure, ...)")
    _inputs(parse)
    parse.add_argument("--out", required=True, type=Path, help="folder for the frames")
    parse.add_argument("--format", choices=FORMATS, default="parquet", help="parquet (default) or csv (UTF-8 BOM)")
    parse.add_argument("--force", action="store_true", help="replace the frames in --out even when every file failed")
    parse.set_defaults(run=run_parse)

    check = sub.add_parser("check", help="print every finding as a readable table")
    _inputs(check)
    check.add_argument(
        "--severity",
        choices=("error", "warning", "info"),
        default="info",
        help="show findings of this severity and worse (default: all)",
    )
    check.set_defaults(run=run_check)

    from govfoi.cli.briefs import add_brief_commands  # briefs need the notebook stack; keep it out of parse

    add_brief_commands(sub)
    return p


def _inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="report files, folders or globs")
    p.add_argument("--workers", type=_positive, default=min(2, os.cpu_count() or 1), help="parallel processes")
    p.add_argument("--max-mb", type=_positive, default=MAX_BYTES // 2**20, help="refuse files larger than this")
    p.add_argument(
        "--max-unzip-mb",
        type=_positive,
        default=MAX_UNZIPPED // 2**20,
        help="refuse Word files that would expand past this (MB)",
    )
    p.add_argument(
        "--max-seconds",
        type=_positive,
        default=MAX_SECONDS,
        help="give up a file that takes longer than this to read (a failed row: resource_limit)",
    )
    p.add_argument(
        "--max-memory-mb",
        type=_positive,
        default=MAX_MEMORY // 2**20,
        help="give up a file that needs more memory than this (MB; a failed row: resource_limit)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--ocr",
        choices=OCR_MODES,
        default="auto",
        help="read images and scanned PDFs by OCR (Tesseract): auto (default) where a PDF has no "
        "usable text layer, always, or never",
    )
    p.add_argument(
        "--max-pages",
        type=_positive,
        default=MAX_PAGES,
        help="refuse scans with more pages than this for OCR (5-10 s a page)",
    )


def _limits(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "max_bytes": args.max_mb * 2**20,
        "max_unzipped": args.max_unzip_mb * 2**20,
        "max_seconds": args.max_seconds,
        "max_memory": args.max_memory_mb * 2**20,
        "ocr": OcrOptions(args.ocr, args.max_pages, progress=False if args.no_progress else None),
    }


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def printable(text: str, limit: int | None = None) -> str:
    # read.decode imports charset_normalizer: not before run_parse has started the workers' server
    from govfoi.read.decode import printable as escaped

    return escaped(text, limit)


def run_parse(args: argparse.Namespace) -> int:
    if args.workers > 1:
        start_server()  # the workers' imports overlap with this process's, just below
    # With workers, this process's Polars only writes the frames at the end, a streaming write that one
    # thread does about as fast as two, with less memory.
    with _polars_threads(1 if args.workers > 1 else None):
        import polars as pl

        from govfoi.corpus.batch import iter_chunks
        from govfoi.corpus.output import FrameWriter

    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    _inputs_exist(args.inputs)
    try:
        writer = FrameWriter(out, args.format)
    except OSError as exc:
        raise UsageError(f"--out {out}: the folder cannot be made or written ({exc.strerror or exc})") from exc
    chunks = iter_chunks(
        args.inputs,
        workers=args.workers,
        progress=False if args.no_progress else None,
        **_limits(args),
        parts=writer.parts,
    )
    seen: Counter[str] = Counter()
    try:
        for chunk in chunks:
            writer.add_written(chunk.years)  # the frames are on disk; this is what the checks across years read
            for source, state, reason in chunk.statuses:
                seen[state] += 1
                if state == "failed":
                    print(f"failed: {printable(source)}: {printable(reason, 300)}", file=sys.stderr)
        if seen["failed"] == sum(seen.values()) and _has_frames(out) and not args.force:
            writer.abort()
            print(
                f"govfoi: every file failed ({seen['failed']}); the frames in {out} were left as they were "
                "(--force replaces them)",
                file=sys.stderr,
            )
            return EXIT_FAILED
        paths, statuses = writer.close()
    except (OSError, pl.exceptions.PolarsError) as exc:  # the disk filled up, the folder went away
        writer.abort()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else _first_line(exc)
        print(f"govfoi: the frames could not be written to {out}: {reason}; {_left(writer)}", file=sys.stderr)
        return EXIT_FAILED
    except BaseException as exc:
        writer.abort()
        exc.left = _left(writer)  # type: ignore[attr-defined]
        raise
    status = Counter(statuses)  # after the checks across years
    print(_summary(status))
    print(f"wrote {', '.join(str(p) for p in paths)}")
    return EXIT_FAILED if status["failed"] else EXIT_OK


def _inputs_exist(inputs: list[str]) -> None:
    """Every input names a file, folder, or glob that matches something: a typo (data/rwa) is bad usage,
    reported before anything is read or written."""
    import glob

    missing = [
        item for item in inputs if not os.path.lexists(item) and next(glob.iglob(item, recursive=True), None) is None
    ]
    if missing:
        raise UsageError(f"no such file, folder or matching glob: {', '.join(map(printable, missing))}")


def _has_frames(out: Path) -> bool:
    return any((out / f"{name}.{fmt}").exists() for name in ("reports", "checks") for fmt in FORMATS)


@contextmanager
def _polars_threads(n: int | None) -> Iterator[None]:
    """Polars' thread count for a Polars first imported in the block (it reads POLARS_MAX_THREADS once, at
    import), unless the user set one; the environment that later child processes see is left as it was."""
    if n is None or "POLARS_MAX_THREADS" in os.environ:
        yield
        return
    os.environ["POLARS_MAX_THREADS"] = str(n)
    try:
        yield
    finally:
        del os.environ["POLARS_MAX_THREADS"]


def _left(writer: FrameWriter) -> str:
    """What an interrupted write left in --out, honestly."""
    if writer.replaced:
        return (
            f"{', '.join(writer.replaced)} were replaced before it stopped: the frames in {writer.out} are a "
            f"mixed set now, which Corpus.read refuses; run again"
        )
    return f"the frames in {writer.out} were left as they were"


def _first_line(exc: BaseException) -> str:
    return next(iter(str(exc).splitlines()), type(exc).__name__)


MAX_MESSAGE = 4000  # characters of a finding printed by check


def run_check(args: argparse.Namespace) -> int:
    from govfoi.corpus.batch import iter_reports

    _inputs_exist(args.inputs)

    rank = {"error": 0, "warning": 1, "info": 2}
    status: Counter[str] = Counter()
    for r in iter_reports(args.inputs, **_limits(args)):
        status[r.status] += 1
        print(
            f"\n{printable(r.source)}  [{r.status}]  {printable(r.agency or '?', 200)} {r.year or '?'}  "
            f"template {r.template or '?'}  layout {r.layout or '?'}"
        )
        shown = [f for f in r.findings if rank[f.severity] <= rank[args.severity]]
        if not shown:
            print("  no findings")
        for f in shown:
            where = f"line {f.line}" if f.line else ""
            print(f"  {f.severity:<7} {f.check:<20} {where:<10} {printable(f.message, MAX_MESSAGE)}")
    print()
    print(_summary(status))
    return EXIT_FAILED if status["failed"] else EXIT_OK


def _summary(status: Counter[str]) -> str:
    files = sum(status.values())
    return (
        f"files read: {files}  ok: {status['ok']}  with warnings: {status['warnings']}  "
        f"with errors: {status['errors']}  failed: {status['failed']}"
    )
