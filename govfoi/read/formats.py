"""HTML, DOCX and PDF files → the text the parser reads, with each text line traced to its source: what the
readers share (``Extracted``, ``sniff``, a table row as text); html.py, docx.py, pdf.py and ocr/ read each.

Every format becomes the same thing: lines of prose, and each table row as one line of tab-separated cells
(a merged cell's text in its first position, empty fields where it spans). The table reader then treats
them like any tab layout. ``Extracted.source_lines`` maps each produced line back to the source: the HTML
line of the element; a DOCX or PDF has no source lines, so there a value's line is the line of the
extracted text (paragraphs and table rows in document order).

Nothing is executed or fetched: scripts are read as text (a report stored in a JavaScript string is still
found), and no external resource is followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An empty table cell, as every reader writes it (this module's row_text, the OCR's table rows, the column
# reader): the tokenizer reads it as a blank cell wherever it stands.
BLANK_CELL = "\u2205"


@dataclass(frozen=True)
class Extracted:
    text: str
    source_lines: list[int]  # 1-based source position of each line of ``text``
    format: str
    notes: tuple[tuple[str, str], ...] = ()  # (check, detail): what the reading itself lost, for the report


# ---- sniffing ----------------------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


_CELL_END = re.compile(rb"<\\?/t[dh]>", re.I)  # </td>, or <\/td> in a JavaScript string


# Formats govfoi recognises but cannot read: the check and what to do about it.
UNREADABLE_FORMATS = {
    "doc": ("legacy_doc", "legacy Word .doc: convert it first, e.g. `libreoffice --headless --convert-to docx FILE`"),
    "image": ("needs_ocr", "an image: it needs OCR before govfoi can read it"),
    "zip": ("not_a_report", "a zip archive that is not a Word document: unpack it and parse its files"),
}


def sniff(data: bytes, name: str = "") -> str:
    """The file's format from its bytes (the name only breaks ties): html, docx, pdf, doc, image or text."""
    head = data[:2048].lstrip()
    lower = name.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if lower.endswith((".docx", ".docm")) or b"word/" in data[:65536] else "zip"
    if data.startswith(_IMAGES) or data[8:12] == b"WEBP":
        return "image"
    probe = head.lower()
    if (
        lower.endswith((".html", ".htm", ".shtml", ".xhtml"))
        or probe.startswith((b"<!doctype html", b"<html"))
        or (b"<table" in data[:200000].lower() and _CELL_END.search(data[:400000]) is not None)
    ):
        return "html"
    return "text"


MAX_GRID_CELLS = 200_000  # a template table has a few hundred; spans that expand past this are an attack


def row_text(cells: list[str | None]) -> str:
    """A table row as tab-joined cells. ``None`` is a cell covered by a merged one (layout: left out, so
    that a merge between two values is no blank); an empty cell is written as BLANK_CELL where it is
    certainly a value's place: after the row's first text, or anywhere in a row of values only (table 四's
    data row). Leading empty cells of a labelled row stay layout."""
    labelled = any(c and not c.replace(".", "").isdigit() and c != BLANK_CELL for c in cells)
    out: list[str] = []
    seen_text = not labelled
    for cell in cells:
        if cell is None:
            continue
        if cell:
            seen_text = True
        out.append(cell or (BLANK_CELL if seen_text else ""))
    return "\t".join(out)


def span(value: str | None, cap: int = 100) -> int:
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return 1
    return max(1, min(int(text), cap))
