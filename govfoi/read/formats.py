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
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser

from govfoi.errors import FormatError
from govfoi.parse.tokens import BLANK_CELL
from govfoi.read.options import MAX_UNZIPPED


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
            or (b"<table" in data[:200000].lower() and _CELL_END.search(data[:400000]) is not None):
        return "html"
    return "text"


# ---- HTML --------------------------------------------------------------------------------------------------

_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "tr",
          "table", "header", "footer", "center", "blockquote", "pre", "dd", "dt", "hr", "title", "body"}
_SKIP = {"style", "noscript", "head", "meta", "link", "template"}


def from_html(text: str) -> Extracted:
    """Lines of an HTML page: prose by block, each leaf table's rows as tab-separated cells."""
    lines: list[str] = []
    sources: list[int] = []
    cuts: list[str] = []
    if not text.lstrip().startswith("<") and (held := _reports_in_script(text)):
        # A script file (a CMS's var content = "<table…"), not a page: the report is its strings' HTML.
        text = "\n".join(held)
    try:
        root = _parse_page(_xml_safe(_XML_DECLARATION.sub(_blank_keeping_lines, text, count=1)), cuts)
    except MemoryError:
        raise  # the file's budget, not the page's fault
    except Exception as exc:  # noqa: BLE001 - lxml raises ParserError (a ValueError) on empty documents
        raise FormatError("not_a_report", f"HTML could not be parsed: {exc}") from None
    _walk_html(root, lines, sources, cuts)
    return Extracted("\n".join(lines), sources, "html", tuple(("page_truncated", cut) for cut in cuts))


def _parse_page(text: str, cuts: list[str], fragment: bool = False):
    """The page's tree, whole however deep it is nested.

    libxml2 stops reading a page nested past ``MAX_DEPTH`` elements (even with huge_tree, which lifts its
    default of 256 and its 10 MB text-node limit): all that follows would be lost, and the report blamed
    for missing tables. Such a page is read again with the elements that only nest (block and inline ones)
    flattened (``_flatten``); if it is still cut there, ``cuts`` says where."""
    root, cut = _lxml_parse(text, fragment)
    if cut is not None:
        root, cut = _lxml_parse(_flatten(text), fragment)
    if cut is not None:
        where = "HTML in a script" if fragment else "the page"
        cuts.append(f"{where} is nested more than {MAX_DEPTH:,} elements deep even with its blocks flattened "
                    f"(tables within tables): libxml2 stopped reading it at its line {cut}, and what follows is "
                    "missing")
    return root


MAX_DEPTH = 2048  # libxml2's limit on open elements with XML_PARSE_HUGE (its message names it)


def _lxml_parse(text: str, fragment: bool):
    """(tree, None), or (the tree up to the cut, the line where libxml2 stopped: a resource limit)."""
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(huge_tree=True)
    if fragment:
        root = lxml_html.fragment_fromstring(text, create_parent="div", parser=parser)
    else:
        root = lxml_html.document_fromstring(text, parser=parser)
    stop = next((e for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"), None)
    return root, (None if stop is None else stop.line)


# Elements a flattened page keeps as they are: a table's structure, and what the walk skips or reads apart.
_KEPT = {"html", "body", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col",
         "script", "title", *_SKIP}


class _Flattener(HTMLParser):
    """A page with every element outside ``_KEPT`` turned into what the walk makes of it, and no deeper:
    each tag of a block into a line break (``<br>``), of an inline element into an ``<img>`` (nothing the
    walk reads). Text, entities, scripts and line numbers are kept, and so the lines the walk reads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        self.out.append(raw if tag in _KEPT else _as_break(tag) + "\n" * raw.count("\n"))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>" if tag in _KEPT else _as_break(tag))

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append("\n" * data.count("\n"))

    handle_decl = handle_pi = unknown_decl = handle_comment  # type: ignore[assignment]  # same body; the base names the argument decl


def _as_break(tag: str) -> str:
    """A void element in the place of a flattened one's start or end tag: the text around it stays apart
    in nodes of its own, as the walk and ``_cell_text`` saw it (indentation-only nodes are dropped there)."""
    return "<br>" if tag in _BLOCK else "<img>"


def _flatten(text: str) -> str:
    flattener = _Flattener()
    flattener.feed(text)
    flattener.close()
    return "".join(flattener.out)


# An XHTML page's <?xml … encoding="utf-8"?>: the text is decoded already, and lxml refuses a str with one.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# What XML cannot hold (C0 controls but tab and line breaks, lone surrogates, U+FFFE/FFFF): lxml refuses
# a string with one, so each becomes a space (a JavaScript "\x01" or a stray byte must not lose the page).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def _blank_keeping_lines(m: re.Match[str]) -> str:
    return "\n" * m.group().count("\n")


def _walk_html(root, lines: list[str], sources: list[int], cuts: list[str]) -> None:  # noqa: C901
    """Prose by block and leaf tables by row, in document order. The walk keeps its own stack, not
    Python's: a page nested thousands deep must not end in a RecursionError."""
    current: list[str] = []
    current_line = 1

    def flush() -> None:
        piece = _WHITE_SPACE.sub(" ", "".join(current)).strip()
        if piece:
            lines.append(piece)
            sources.append(current_line)
        current.clear()

    # Each entry: (element, ENTER), or (element, LEAVE_BLOCK / LEAVE) to close it: a block's end, its tail.
    stack: list[tuple[object, int]] = [(root, _ENTER)]
    while stack:
        el, step = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        line = getattr(el, "sourceline", None) or current_line
        if step == _ENTER:
            if tag in _SKIP:
                stack.append((el, _LEAVE))
            elif tag == "script":
                stack.append((el, _LEAVE))
                flush()
                for fragment in _reports_in_script(el.text or ""):  # type: ignore[attr-defined]
                    inner_lines: list[str] = []
                    _walk_html(_parse_page(_xml_safe(fragment), cuts, fragment=True), inner_lines, [], cuts)
                    lines.extend(inner_lines)
                    sources.extend([line] * len(inner_lines))  # the script's line: the fragment has no lines
            elif tag == "table" and el.find(".//table") is None:  # type: ignore[attr-defined]
                stack.append((el, _LEAVE))
                flush()
                for row_text, row_line in _table_rows(el):
                    lines.append(row_text)
                    sources.append(row_line)
            else:
                block = tag in _BLOCK
                stack.append((el, _LEAVE_BLOCK if block else _LEAVE))
                if block:
                    flush()
                    current_line = line
                if el.text and tag:  # type: ignore[attr-defined]
                    current.append(el.text)  # type: ignore[attr-defined]
                stack.extend((child, _ENTER) for child in reversed(el))  # type: ignore[call-overload]
            continue
        if step == _LEAVE_BLOCK:
            flush()
        if el.tail:  # type: ignore[attr-defined]
            if not current:
                current_line = line
            current.append(el.tail)  # type: ignore[attr-defined]
    flush()


_WHITE_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_ENTER, _LEAVE_BLOCK, _LEAVE = 0, 1, 2


def _reports_in_script(script: str) -> list[str]:
    """HTML held in JavaScript string literals that contain a table (read as text, never run).

    One pass over the script: each literal is found by searching for its closing quote (the searches run
    in C and never go back), so the time is linear in the script's length whatever it holds; a regular
    expression with lazy repeats took 71 s on 120 KB of ``<table`` after an open quote.
    """
    found = []
    pos = 0
    while (start := _QUOTE.search(script, pos)) is not None:
        quote = start.group()
        end = _string_end(script, start.end(), _STRING_STOP[quote])
        if end < 0:  # an open quote that never closes: nothing after it is a literal
            break
        body = script[start.end():end]
        if "<table" in body.lower():
            found.append(_js_unescape(body))
        pos = end + 1
    return found


_QUOTE = re.compile(r"[\"'`]")
_STRING_STOP = {q: re.compile(r"[\\" + q + "]") for q in "\"'`"}


def _string_end(script: str, pos: int, stop: re.Pattern[str]) -> int:
    """The index of the quote that closes a literal opened just before ``pos``; -1 when none does."""
    while (m := stop.search(script, pos)) is not None:
        if m.group() != "\\":
            return m.start()
        pos = m.end() + 1  # an escape: skip the escaped character
    return -1


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


MAX_GRID_CELLS = 200_000  # a template table has a few hundred; spans that expand past this are an attack


def _table_rows(table) -> list[tuple[str, int]]:
    """Rows of a table as tab-joined cells (see ``_row_text``); cells covered by a rowspan/colspan are layout.

    A span is cut at the table's last row (as browsers do), and a table whose spans expand past
    ``MAX_GRID_CELLS`` is refused: 600 cells of rowspan=colspan=100 must not make millions of cells."""
    trs = list(table.iter("tr"))
    taken: list[set[int]] = [set() for _ in trs]  # the columns of each row covered by a span from above
    rows: list[tuple[str, int]] = []
    budget = MAX_GRID_CELLS
    for r, tr in enumerate(trs):
        cells: list[str | None] = []
        covered = taken[r]
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while c in covered:
                cells.append(None)
                c += 1
            rowspan, colspan = min(_span(td.get("rowspan")), len(trs) - r), _span(td.get("colspan"))
            budget -= rowspan * colspan
            if budget < 0:
                raise FormatError("too_large", f"a table's row and column spans expand past {MAX_GRID_CELLS:,} cells")
            cells.append(_cell_text(td))
            for below in taken[r + 1:r + rowspan]:
                below.update(range(c, c + colspan))
            c += colspan
        while c in covered:
            cells.append(None)
            c += 1
        taken[r] = set()  # done with: free it
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


def _span(value: str | None, cap: int = 100) -> int:
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return 1
    return max(1, min(int(text), cap))


# ---- DOCX --------------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _TBL, _TR, _TC, _T = (f"{_W}{t}" for t in ("body", "p", "tbl", "tr", "tc", "t"))
_TCPR, _GRID_SPAN, _VMERGE, _VAL = f"{_W}tcPr", f"{_W}gridSpan", f"{_W}vMerge", f"{_W}val"
MAX_GRID_SPAN = 64  # Word's tables have at most 63 columns; w:gridSpan="400000000" made 6 GB of tabs
_MAIN_PART = re.compile(rb'Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"'
                        rb'|Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"')


def from_docx(data: bytes, max_unzipped: int = MAX_UNZIPPED) -> Extracted:
    """Paragraphs and table rows of a Word file, in document order; merged cells as empty fields.

    The document part is inflated as a stream and parsed as it arrives (``iterparse``), each paragraph or
    table dropped once read: memory stays near one table's, and the bytes inflated are counted as they
    come, so a zip whose directory lies about its sizes is stopped at ``max_unzipped`` all the same.
    Images and other parts are never inflated.
    """
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            stated = sum(i.file_size for i in zf.infolist())
            if stated > max_unzipped:
                raise FormatError("too_large", f"DOCX expands to {stated:,} bytes > limit {max_unzipped:,}")
            part = _main_part(zf)
            budget = _Budget(max_unzipped)
            with zf.open(part) as raw:
                lines = _docx_lines(etree.iterparse(_Counted(raw, budget), events=("end",), tag=(_P, _TBL),
                                                    huge_tree=True, resolve_entities=False, no_network=True,
                                                    load_dtd=False))
    except FormatError:
        raise
    except (zipfile.BadZipFile, KeyError, EOFError, zlib.error, NotImplementedError) as exc:
        raise FormatError("not_a_report", f"damaged DOCX (zip): {type(exc).__name__}: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise FormatError("not_a_report", f"DOCX could not be read: {exc}") from None
    return Extracted("\n".join(lines), list(range(1, len(lines) + 1)), "docx")


def _main_part(zf: zipfile.ZipFile) -> str:
    """The main document part named by the package's relationships (word/document.xml in every Word file
    seen, but the package decides)."""
    try:
        with zf.open("_rels/.rels") as fh:
            rels = fh.read(1 << 20)
    except KeyError:
        rels = b""
    m = _MAIN_PART.search(rels)
    return (m.group(1) or m.group(2)).decode("utf-8", "replace") if m else "word/document.xml"


def _docx_lines(events) -> list[str]:
    lines: list[str] = []
    for _event, el in events:
        parent = el.getparent()
        if parent is None or parent.tag != _BODY:
            continue  # a paragraph inside a table cell: read with its table
        if el.tag == _P:
            text = "".join(t.text or "" for t in el.iter(_T)).strip()
            if text:
                lines.append(text)
        else:
            lines.extend(_docx_table_rows(el))
        el.clear()
        while el.getprevious() is not None:  # what is read is dropped: memory stays near one table's
            del parent[0]
    return lines


def _docx_table_rows(tbl) -> list[str]:
    rows = []
    budget = MAX_GRID_CELLS
    for tr in tbl.iter(_TR):
        cells: list[str | None] = []  # None: a cell continuing a vertical merge (layout, see _row_text)
        for tc in tr.iterchildren(_TC):
            props = tc.find(_TCPR)
            span_el = props.find(_GRID_SPAN) if props is not None else None
            vmerge = props.find(_VMERGE) if props is not None else None
            budget -= _span(span_el.get(_VAL), MAX_GRID_SPAN) if span_el is not None else 1
            if budget < 0:
                raise FormatError("too_large", f"a table's merged cells expand past {MAX_GRID_CELLS:,} cells")
            continued = vmerge is not None and vmerge.get(_VAL) != "restart"
            cells.append(None if continued else " ".join(
                "".join(t.text or "" for t in p.iter(_T)) for p in tc.iterchildren(_P)).strip())
        if any(cells):
            rows.append(_row_text(cells))
    return rows


class _Budget:
    def __init__(self, limit: int):
        self.limit, self.used = limit, 0


class _Counted(io.RawIOBase):
    """A zip member read through a counter: inflating stops at the budget, whatever the directory says."""

    def __init__(self, raw, budget: _Budget):
        self._raw, self._budget = raw, budget

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        chunk = self._raw.read(n if 0 <= n <= 1 << 20 else 1 << 20)
        self._budget.used += len(chunk)
        if self._budget.used > self._budget.limit:
            raise FormatError("too_large", f"DOCX inflates past the limit of {self._budget.limit:,} bytes "
                                           "(its directory understates the sizes)")
        return chunk


# ---- PDF ---------------------------------------------------------------------------------------------------

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
    ``_row_text`` writes them (a cell a merge covers is layout, an empty one is blank); the text around
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
            lines.extend(_row_text(row) for row in rows if any(row))
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
