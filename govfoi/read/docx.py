"""Word files → paragraphs and table rows in document order, merged cells as empty fields, inflated as a
stream within a byte budget.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from govfoi.errors import FormatError
from govfoi.read.formats import MAX_GRID_CELLS, Extracted, row_text, span
from govfoi.read.options import MAX_UNZIPPED

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _TBL, _TR, _TC, _T = (f"{_W}{t}" for t in ("body", "p", "tbl", "tr", "tc", "t"))
_TCPR, _GRID_SPAN, _VMERGE, _VAL = f"{_W}tcPr", f"{_W}gridSpan", f"{_W}vMerge", f"{_W}val"
MAX_GRID_SPAN = 64  # Word's tables have at most 63 columns; w:gridSpan="400000000" made 6 GB of tabs
_MAIN_PART = re.compile(
    rb'Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"'
    rb'|Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"'
)


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
                lines = _docx_lines(
                    etree.iterparse(
                        _Counted(raw, budget),
                        events=("end",),
                        tag=(_P, _TBL),
                        huge_tree=True,
                        resolve_entities=False,
                        no_network=True,
                        load_dtd=False,
                    )
                )
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
        cells: list[str | None] = []  # None: a cell continuing a vertical merge (layout, see row_text)
        for tc in tr.iterchildren(_TC):
            props = tc.find(_TCPR)
            span_el = props.find(_GRID_SPAN) if props is not None else None
            vmerge = props.find(_VMERGE) if props is not None else None
            budget -= span(span_el.get(_VAL), MAX_GRID_SPAN) if span_el is not None else 1
            if budget < 0:
                raise FormatError("too_large", f"a table's merged cells expand past {MAX_GRID_CELLS:,} cells")
            continued = vmerge is not None and vmerge.get(_VAL) != "restart"
            cells.append(
                None
                if continued
                else " ".join("".join(t.text or "" for t in p.iter(_T)) for p in tc.iterchildren(_P)).strip()
            )
        if any(cells):
            rows.append(row_text(cells))
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
            raise FormatError(
                "too_large",
                f"DOCX inflates past the limit of {self._budget.limit:,} bytes (its directory understates the sizes)",
            )
        return chunk
