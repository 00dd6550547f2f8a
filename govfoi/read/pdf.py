"""PDF files → text lines: PDFium's text layer in reading order, and table rows cut at ruling lines
(pdfplumber) where a page's text lost its blank cells.
"""

from __future__ import annotations

import io
import re

from govfoi.errors import FormatError
from govfoi.read.formats import Extracted, row_text

MAX_PDF_PAGES = 1000  # reports run to a few dozen pages
MAX_PDF_CHARS = 20_000_000  # of text layer: far beyond any report, far below what exhausts memory


def from_pdf(data: bytes) -> Extracted:
    """The text layer of a PDF, page by page (pypdfium2); a PDF without one needs OCR and is refused.

    PDFium runs in a child process bounded by the file's budget (limits.run_isolated): a flate
    bomb in a content stream or millions of text objects are decoded in native code that no alarm
    interrupts and that may abort when memory runs out; the child's end costs this file, not the run."""
    from govfoi.read.limits import current_budget, run_isolated
    from govfoi.read.options import MAX_MEMORY, MAX_SECONDS

    seconds, memory = current_budget()
    lines = run_isolated(_pdf_lines, data, seconds=seconds or MAX_SECONDS, memory=memory or MAX_MEMORY)
    if sum(len(x.strip()) for x in lines) < 20:
        raise FormatError("needs_ocr", "PDF has no text layer (a scan): it needs OCR before govfoi can read it")
    # A PDF has no source lines: values point at lines of the extracted text.
    return Extracted("\n".join(lines), list(range(1, len(lines) + 1)), "pdf")


def _pdf_lines(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - PdfiumError and friends
        raise FormatError("not_a_report", f"PDF could not be opened: {exc}") from None
    lines: list[str] = []
    chars = 0
    try:
        if len(pdf) > MAX_PDF_PAGES:
            raise FormatError("too_large", f"PDF has {len(pdf):,} pages > limit {MAX_PDF_PAGES:,}")
        ruled = None
        for number in range(len(pdf)):
            try:
                textpage = pdf[number].get_textpage()
                text = textpage.get_text_bounded()
            except pdfium.PdfiumError as exc:  # a damaged page: the file cannot be read whole
                raise FormatError("not_a_report", f"PDF page {number + 1} could not be read: {exc}") from None
            chars += len(text)
            if chars > MAX_PDF_CHARS:
                raise FormatError("too_large", f"PDF text layer passes {MAX_PDF_CHARS:,} characters")
            if ruled is not None or _TABLE_CUES.search(text):  # from the first table on: a table may go on
                ruled = ruled or _open_ruled(data)
                rows = _ruled_page(ruled, number, textpage) if ruled is not None else None
                if rows is not None:
                    lines.extend(rows)
                    continue
            lines.extend(x for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if x.strip())
    finally:
        pdf.close()
    return lines


# A page holding one of the three tables: its ruled cells are read where the page draws them.
_TABLE_CUES = re.compile(r"第二十条|申请|予以公开|不予|无法提供|处理|行政复议|行政诉讼|结转")


_GLUED = re.compile(r"^0\d|\d\s+\d")  # a count never starts with 0; one cell never holds two numbers


def _open_ruled(data: bytes):
    """The PDF opened by pdfplumber, which finds a table's cells from its ruling lines; None if it cannot."""
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds for what PDFium read: keep PDFium's text then
        return None


def _ruled_page(pdf, number: int, textpage) -> list[str] | None:
    """A page's lines with each ruled table read cell by cell: text that PDF text extraction loses (which
    cell a value is in, which cells are blank) is in the ruling lines. pdfplumber's tables, rows as
    ``row_text`` writes them (a cell a merge covers is layout, an empty one is blank); the text around
    them as PDFium reads it (its lines keep a title whole). None when the page has no ruled table, or
    cannot be read so."""
    try:
        page = pdf.pages[number]
        tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
        if not tables:
            return None
        lines: list[str] = []
        top = 0.0
        for table in tables:
            rows = [[None if c is None else c.replace("\n", "").strip() for c in row] for row in table.extract()]
            if any(_GLUED.search(c) for row in rows for c in row if c):
                return None  # cells found wrong (values of several columns in one): PDFium's text is better
            lines.extend(_text_between(textpage, page, top, table.bbox[1]))
            lines.extend(row_text(row) for row in rows if any(row))
            top = table.bbox[3]
        lines.extend(_text_between(textpage, page, top, page.height))
    except Exception:  # noqa: BLE001 - a page pdfminer cannot take apart keeps PDFium's text
        return None
    return [line for line in lines if line.strip()]


def _text_between(textpage, page, top: float, bottom: float) -> list[str]:
    """PDFium's text of the band of the page from ``top`` to ``bottom`` (pdfplumber's coordinates, from the
    top; PDF's run from the bottom)."""
    height = float(page.height)
    top, bottom = max(0.0, top), min(height, bottom)
    if bottom - top < 1:
        return []
    text = textpage.get_text_bounded(left=0, bottom=height - bottom, right=float(page.width), top=height - top)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
