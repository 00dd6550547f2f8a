"""Web pages → text lines traced to their source lines: a real parser (lxml) for rowspan/colspan grids, a
flattening fallback for pages it refuses, and reports stored in JavaScript strings found as text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from govfoi.errors import FormatError
from govfoi.read.formats import MAX_GRID_CELLS, Extracted, row_text, span

_BLOCK = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "tr",
    "table",
    "header",
    "footer",
    "center",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "hr",
    "title",
    "body",
}
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
        cuts.append(
            f"{where} is nested more than {MAX_DEPTH:,} elements deep even with its blocks flattened "
            f"(tables within tables): libxml2 stopped reading it at its line {cut}, and what follows is "
            "missing"
        )
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
_KEPT = {
    "html",
    "body",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "colgroup",
    "col",
    "script",
    "title",
    *_SKIP,
}


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
                for text, row_line in _table_rows(el):
                    lines.append(text)
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
    expression with lazy repeats backtracks catastrophically on a long run of ``<table`` after an open quote.
    """
    found = []
    pos = 0
    while (start := _QUOTE.search(script, pos)) is not None:
        quote = start.group()
        end = _string_end(script, start.end(), _STRING_STOP[quote])
        if end < 0:  # an open quote that never closes: nothing after it is a literal
            break
        body = script[start.end() : end]
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


def _table_rows(table) -> list[tuple[str, int]]:
    """Rows of a table as tab-joined cells (see ``row_text``); cells covered by a rowspan/colspan are layout.

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
            rowspan, colspan = min(span(td.get("rowspan")), len(trs) - r), span(td.get("colspan"))
            budget -= rowspan * colspan
            if budget < 0:
                raise FormatError("too_large", f"a table's row and column spans expand past {MAX_GRID_CELLS:,} cells")
            cells.append(_cell_text(td))
            for below in taken[r + 1 : r + rowspan]:
                below.update(range(c, c + colspan))
            c += colspan
        while c in covered:
            cells.append(None)
            c += 1
        taken[r] = set()  # done with: free it
        if any(cells):
            rows.append((row_text(cells), tr.sourceline or 1))
    return rows
