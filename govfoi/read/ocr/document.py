"""A scan → its text: the entry points (an image or a PDF, page by page) and one page's way through the stages.

A page is straightened (``pages``), its rules found and painted out (``rules``), read by Tesseract
(``tesseract``), its words put into cells (``grid``), its cells read again (``values``, ``labels``) and
decided (``readings``), its tables written as rows (``tables``) among its prose (``lines``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

from govfoi.errors import FormatError
from govfoi.read.formats import Extracted
from govfoi.read.limits import extend_budget
from govfoi.read.ocr.grid import _grid, _inside_rules
from govfoi.read.ocr.labels import _label_suspects, _reread_labels
from govfoi.read.ocr.lines import Line, _join_split_row, _lines
from govfoi.read.ocr.pages import _at_working_size, _page_count, _threshold, image_pages, pdf_pages, straighten
from govfoi.read.ocr.readings import _CJK
from govfoi.read.ocr.rules import _grow, _runs, _segments, _tables
from govfoi.read.ocr.tesseract import _ocr_words, available
from govfoi.read.ocr.values import _reread_values
from govfoi.read.options import OcrOptions
from govfoi.read.pdf import from_pdf

PAGE_SECONDS = 20.0  # added to a file's time budget for each page OCR reads, with room for a busy machine


def read_pages(pages: list | Iterator, progress: Callable[[int], None] | None = None) -> Extracted:
    """OCR every page; the lines of all pages in order, as ``formats`` returns them for other formats."""
    if not available():
        raise FormatError(
            "needs_ocr",
            "a scan: OCR needs Tesseract with chi_sim (apt-get install tesseract-ocr tesseract-ocr-chi-sim)",
        )
    placed: list[Line] = []
    for number, page in enumerate(pages, 1):
        extend_budget(PAGE_SECONDS)  # the file's time budget grows with its pages
        page_lines = _page_lines(page)
        _join_split_row(placed, page_lines)
        placed.extend(page_lines)
        if progress is not None:
            progress(number)
    lines = [line.text for line in placed]
    if not lines:
        raise FormatError("not_a_report", "OCR found no text on any page")
    return Extracted("\n".join(lines), list(range(1, len(lines) + 1)), "ocr")


def read_page(image) -> list[str]:
    """A page's lines: prose by Tesseract's lines, each table row as tab-separated cells."""
    return [line.text for line in _page_lines(image)]


_LIGHT = 190  # lighter than this is paper, JPEG noise or the fringe of a removed rule


def _page_lines(image) -> list[Line]:
    """A page's lines, table rows with their cells (a row cut by the page's end is joined across pages)."""
    import numpy as np
    from PIL import Image

    image = straighten(_at_working_size(image))
    pixels = np.asarray(image)
    threshold = _threshold(pixels)
    dark = pixels < threshold
    # Rules are found at a lighter cut than ink: a thin rule turned or blurred is a grey smear, and only a run
    # longer than any stroke of a character (at 150-300 dpi) counts as a rule.
    faint = pixels < (threshold + 255) // 2
    rule_length = max(30, image.width // 35)
    across, down = _runs(faint, rule_length, axis=1), _runs(faint, rule_length, axis=0)
    # A horizontal rule spans at least two columns; a shorter run is the stroke of a large character or a
    # smudge, and taken for a rule it would cut a row in two.
    rows = [r for r in _segments(across, axis=1) if r.end - r.start >= 3 * rule_length]
    tables = _tables(rows, _segments(down, axis=0))
    clean = pixels.copy()
    rules = _grow(_grow(across | down))
    clean[rules] = 255
    # The grey fringe of a rule that was blurred or turned is left as a faint dashed line, which chi_sim
    # reads as 1 or o beside a digit (|4 → 14); ink is far darker than the fringe.
    clean[clean >= _LIGHT] = 255
    clean_image = Image.fromarray(clean)
    words = _ocr_words(clean_image)
    grids = [_grid(table, words) for table in tables]
    cells = [cell for grid in grids for cell in grid]
    for cell in cells:
        cell.inside = _inside_rules(cell.box, across, down)
    _reread_values(clean_image, dark & ~rules, cells)
    _reread_labels(clean, dark & ~rules, [c for grid in grids for c in _label_suspects(grid)])
    return _lines(words, tables, grids)


def extract(data: bytes, kind: str, options: OcrOptions, name: str = "") -> Extracted | None:
    """The text of an image or PDF by OCR, or a PDF's own text layer when it is usable and ``options.mode``
    is auto; None when OCR is not wanted (mode never, or a format OCR does not apply to)."""
    if options.mode == "never" or kind not in ("image", "pdf"):
        return None
    if kind == "image":
        pages = image_pages(data, options.max_pages)
        return read_pages(pages, _progress(len(pages), name, options))
    if options.mode == "auto":
        try:
            layer = from_pdf(data)
        except FormatError as exc:
            if exc.check != "needs_ocr":
                raise
        else:
            if usable_text(layer.text):
                return layer
    return read_pages(pdf_pages(data, options.max_pages), _progress(_page_count(data), name, options))


_JUNK = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\ufffd\x00-\x08\x0b-\x1f]")


def usable_text(text: str) -> bool:
    """A text layer worth reading: some Chinese, and little of what fonts without a ToUnicode map leave
    ((cid:123) from pdfminer, private-use or replacement characters, control codes)."""
    chinese = len(_CJK.findall(text))
    junk = sum(len(m.group()) for m in _JUNK.finditer(text))
    return chinese >= 20 and junk < 0.1 * max(len(text), 1)


def _progress(pages: int, name: str, options: OcrOptions) -> Callable[[int], None] | None:
    """A bar per page for documents of several pages (OCR takes seconds a page); none when progress is off."""
    if options.progress is False or pages < 3:
        return None
    from tqdm import tqdm

    bar = tqdm(
        total=pages,
        unit="page",
        desc=f"OCR {os.path.basename(name)[-30:]}",
        leave=False,
        disable=None if options.progress is None else False,
    )

    def advance(done: int) -> None:
        bar.update(done - bar.n)
        if done >= pages:
            bar.close()

    return advance
