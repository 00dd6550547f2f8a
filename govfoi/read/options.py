"""What the command line offers, in a module that imports nothing heavy: the CLI builds its parser from
these before Polars and the parser are imported, so that the worker processes can start first."""

from dataclasses import dataclass

MAX_BYTES = 50 * 1024 * 1024  # a larger input file is refused unread
MAX_UNZIPPED = 200 * 1024 * 1024  # what a DOCX may expand to
MAX_SECONDS = 20  # per file: a file that takes longer is a failed row (resource_limit), never a stalled run
MAX_MEMORY = 768 * 1024 * 1024  # per file, above what the process holds: past it, a failed row
FORMATS = ("parquet", "csv")  # what the frames are written as
MAX_PAGES = 50  # pages OCR reads from one scan: a report's tables take 2-5, and each page costs seconds of OCR
OCR_MODES = ("auto", "never", "always")


@dataclass(frozen=True)
class OcrOptions:
    """When to OCR: ``auto`` reads images and PDFs without a usable text layer, ``always`` every image and
    PDF, ``never`` none (they get ``needs_ocr``). ``progress``: a bar per page (None: only on a terminal)."""

    mode: str = "auto"
    max_pages: int = MAX_PAGES
    progress: bool | None = None
