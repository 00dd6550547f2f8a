"""HTML, DOCX and PDF files → the text the parser reads, with each text line traced to its source.

Every format becomes the same thing: lines of prose, and each table row as one line of tab-separated cells
(a merged cell's text in its first position, empty fields where it spans). The table reader then treats
them like any tab layout. ``Extracted.source_lines`` maps each produced line back to the source: the HTML
line of the element; a DOCX or PDF has no source lines, so there a value's line is the line of the
extracted text (paragraphs and table rows in document order).

Nothing is executed or fetched: scripts are read as text (a report stored in a JavaScript string is still
found), and no external resource is followed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from govfoi.options import MAX_UNZIPPED
from govfoi.tokens import BLANK_CELL


class FormatError(ValueError):
    """The file is in a format govfoi reads, but this one cannot be used; ``check`` says why."""

    def __init__(self, check: str, message: str):
        super().__init__(message)
        self.check = check


@dataclass(frozen=True)
class Extracted:
    text: str
    source_lines: list[int]  # 1-based source position of each line of ``text``
    format: str


# ---- sniffing ----------------------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


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
    if lower.endswith((".html", ".htm", ".shtml", ".xhtml")) or probe.startswith((b"<!doctype html", b"<html")) \
            or (b"<table" in data[:200000].lower() and b"</td>" in data[:400000].lower()):
        return "html"
    return "text"


# ---- HTML --------------------------------------------------------------------------------------------------

_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "tr",
          "table", "header", "footer", "center", "blockquote", "pre", "dd", "dt", "hr", "title", "body"}
_SKIP = {"style", "noscript", "head", "meta", "link", "template"}
_JS_STRING = re.compile(r"""(["'`])((?:\\.|(?!\1)[^\\])*?<table(?:\\.|(?!\1)[^\\])*)\1""", re.S | re.I)


def from_html(text: str) -> Extracted:
    """Lines of an HTML page: prose by block, each leaf table's rows as tab-separated cells."""
    from lxml import html as lxml_html

    lines: list[str] = []
    sources: list[int] = []
    if not text.lstrip().startswith("<") and (held := _reports_in_script(text)):
        # A script file (a CMS's var content = "<table…"), not a page: the report is its strings' HTML.
        text = "\n".join(held)
    try:
        root = lxml_html.document_fromstring(text)
    except (ValueError, Exception) as exc:  # lxml raises ParserError (a ValueError) on empty documents
        raise FormatError("not_a_report", f"HTML could not be parsed: {exc}") from None
    _walk_html(root, lines, sources)
    return Extracted("\n".join(lines), sources, "html")


def _walk_html(root, lines: list[str], sources: list[int]) -> None:
    current: list[str] = []
    current_line = [1]

    def flush() -> None:
        piece = re.sub(r"[ \t\r\n\f\v]+", " ", "".join(current)).strip()
        if piece:
            lines.append(piece)
            sources.append(current_line[0])
        current.clear()

    def visit(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        line = getattr(el, "sourceline", None) or current_line[0]
        if tag in _SKIP:
            pass
        elif tag == "script":
            flush()
            for fragment in _reports_in_script(el.text or ""):
                inner_lines: list[str] = []
                inner_sources: list[int] = []
                _walk_html(_parse_fragment(fragment), inner_lines, inner_sources)
                lines.extend(inner_lines)
                sources.extend([line] * len(inner_lines))  # the script's line: the fragment has no lines
        elif tag == "table" and el.find(".//table") is None:
            flush()
            for row_text, row_line in _table_rows(el):
                lines.append(row_text)
                sources.append(row_line)
        else:
            block = tag in _BLOCK
            if block:
                flush()
                current_line[0] = line
            if el.text and tag:
                current.append(el.text)
            for child in el:
                visit(child)
            if block:
                flush()
        if el.tail:
            if not current:
                current_line[0] = line
            current.append(el.tail)

    visit(root)
    flush()


def _parse_fragment(fragment: str):
    from lxml import html as lxml_html

    return lxml_html.fragment_fromstring(fragment, create_parent="div")


def _reports_in_script(script: str) -> list[str]:
    """HTML held in JavaScript string literals that contain a table (read as text, never run)."""
    return [_js_unescape(m.group(2)) for m in _JS_STRING.finditer(script)]


_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _js_unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] in "ux" and len(e) > 1:
            return chr(int(e[1:], 16))
        return _JS_SIMPLE.get(e, e)

    return _JS_ESCAPE.sub(one, text)


def _cell_text(cell) -> str:
    # Text nodes that are only markup indentation (white space with a line break) join nothing; text split
    # across <span>s is joined without spaces, so that a number split into runs stays one number.
    parts = [t for t in cell.itertext() if not (t.isspace() and "\n" in t)]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _table_rows(table) -> list[tuple[str, int]]:
    """Rows of a table as tab-joined cells (see ``_row_text``); rowspan/colspan cover cells as layout."""
    taken: dict[tuple[int, int], bool] = {}
    rows: list[tuple[str, int]] = []
    for r, tr in enumerate(table.iter("tr")):
        cells: list[str | None] = []
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while taken.get((r, c)):
                cells.append(None)
                c += 1
            rowspan, colspan = _span(td.get("rowspan")), _span(td.get("colspan"))
            cells.append(_cell_text(td))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = True
            c += colspan
        while taken.get((r, c)):
            cells.append(None)
            c += 1
        if any(cells):
            rows.append((_row_text(cells), tr.sourceline or 1))
    return rows


def _row_text(cells: list[str | None]) -> str:
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


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1


# ---- DOCX --------------------------------------------------------------------------------------------------

def from_docx(data: bytes, max_unzipped: int = MAX_UNZIPPED) -> Extracted:
    """Paragraphs and table rows of a Word file, in document order; merged cells as empty fields."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            size = sum(i.file_size for i in zf.infolist())
            if size > max_unzipped:
                raise FormatError("too_large", f"DOCX expands to {size:,} bytes > limit {max_unzipped:,}")
    except zipfile.BadZipFile as exc:
        raise FormatError("not_a_report", f"damaged DOCX (zip): {exc}") from None
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise FormatError("not_a_report", f"DOCX could not be read: {type(exc).__name__}: {exc}") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = "".join(t.text or "" for t in block.iter(qn("w:t"))).strip()
            if text:
                lines.append(text)
        elif block.tag == qn("w:tbl"):
            for tr in block.iter(qn("w:tr")):
                cells: list[str | None] = []
                for tc in tr.iterchildren(qn("w:tc")):
                    props = tc.tcPr
                    continued = props is not None and props.vMerge is not None and props.vMerge.val != "restart"
                    cells.append(None if continued else " ".join(
                        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iterchildren(qn("w:p"))
                    ).strip())
                if any(cells):
                    lines.append(_row_text(cells))
    return Extracted("\n".join(lines), list(range(1, len(lines) + 1)), "docx")


# ---- PDF ---------------------------------------------------------------------------------------------------

def from_pdf(data: bytes) -> Extracted:
    """The text layer of a PDF, page by page (pypdfium2); a PDF without one needs OCR and is refused."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # PdfiumError and friends
        raise FormatError("not_a_report", f"PDF could not be opened: {exc}") from None
    lines: list[str] = []
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            text = page.get_textpage().get_text_bounded()
            lines.extend(x for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if x.strip())
    finally:
        pdf.close()
    if sum(len(x.strip()) for x in lines) < 20:
        raise FormatError("needs_ocr", "PDF has no text layer (a scan): it needs OCR before govfoi can read it")
    # A PDF has no source lines: values point at lines of the extracted text.
    return Extracted("\n".join(lines), list(range(1, len(lines) + 1)), "pdf")
