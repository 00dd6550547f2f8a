"""Row labels: the cells whose words the page's reading may have lost, read again, and a label's text mended.

A label wrapped over several lines of a narrow column (1.属 / 于国 / 家秘 / 密) is read again with its lines
laid end to end; the template's row labels (data/labels.csv) tell which reading names a row.
"""

from __future__ import annotations

import re
import unicodedata

from govfoi.labels import row_patterns
from govfoi.read.ocr.grid import GridCell, _ordered_text
from govfoi.read.ocr.readings import _CJK, _VALUES, SPECK_INK, cell_text
from govfoi.read.ocr.tesseract import LANGUAGE, Word, _ocr_words
from govfoi.read.ocr.values import SHEET_GAP, _one_line


def _label_suspects(grid: list[GridCell]) -> list[GridCell]:
    """The cells of a table whose words may have been lost: every cell that is not a number and whose
    ink is in several lines (a label wrapped in a narrow column); and, among cells with ink not read as
    words, those left of the table's first column of numbers (版物, the end of a label cut by a page
    break) and those of a row without a sure number (a header's 小计 in small type, which tells the
    parser that the table has a subtotal column); and, left of the numbers, every label that names no
    row of the template (（一）予以公开 read as ()也MXG开)."""
    texts = {id(c): cell_text(c) for c in grid}
    sure = [c for c in grid if _VALUES.fullmatch(texts[id(c)])]
    first_values = min((c.col for c in sure), default=0)
    numbered_rows = {c.row for c in sure}
    out = []
    for cell in grid:
        text = texts[id(cell)]
        if _VALUES.fullmatch(text) or cell.ink <= SPECK_INK:
            continue
        unread = len(_CJK.findall(text)) < 2
        if (
            cell.lines > 1
            or (cell.col < first_values and (unread or not _names_a_row(text)))
            or (unread and cell.row not in numbered_rows)
        ):
            out.append(cell)
    return out


def _reread_labels(pixels, ink, cells: list[GridCell]) -> None:
    """Read the suspects again with their lines laid end to end: all of a page's on one sheet, one to a
    line, in one Tesseract run. The new reading replaces the cell's where it holds more Chinese (a label
    is known by its words: 2.其他法律行政法规禁止公开, read as nothing on the page, is whole here)."""
    import numpy as np
    from PIL import Image

    lines = [(cell, line) for cell in cells if (line := _one_line(pixels, ink, cell.inside)) is not None]
    if not lines:
        return
    width = max(line.shape[1] for _, line in lines) + 2 * SHEET_GAP
    sheet = np.full((sum(line.shape[0] + SHEET_GAP for _, line in lines) + SHEET_GAP, width), 255, dtype=np.uint8)
    slots, y = [], SHEET_GAP
    for _, line in lines:
        sheet[y : y + line.shape[0], SHEET_GAP : SHEET_GAP + line.shape[1]] = line
        slots.append((y - SHEET_GAP // 2, y + line.shape[0] + SHEET_GAP // 2))
        y += line.shape[0] + SHEET_GAP
    words = _ocr_words(Image.fromarray(sheet), LANGUAGE, "6")
    for (cell, _), (top, bottom) in zip(lines, slots):
        mine = [w for w in words if top <= w.centre[1] < bottom]
        if _better_label(cell.words, mine):
            cell.words, cell.rereads = mine, {}


def _better_label(page: list[Word], alone: list[Word]) -> bool:
    """The cell's reading alone is taken over the page's when it names a row of the template and the
    page's does not; else when it holds at least two Chinese characters and more than the page's, or is
    surer of them."""
    named, before = _names_a_row(_ordered_text(alone)), _names_a_row(_ordered_text(page))
    if named != before:
        return named
    chinese = len(_CJK.findall(_ordered_text(alone)))
    return chinese >= 2 and (
        chinese > len(_CJK.findall(_ordered_text(page))) or _mean_confidence(alone) > _mean_confidence(page)
    )


def _names_a_row(text: str) -> bool:
    """The text holds a row label of table 二 or 三 (as data/labels.csv spells them)."""
    text = unicodedata.normalize("NFKC", _QUOTES.sub("", text))
    return any(
        p.pattern.search(text)
        for table in ("applications", "disclosure")
        for p in row_patterns(table)
        if p.kind == "row"
    )


def _mean_confidence(words: list[Word]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


# chi_sim reads the enumerator 1. of a label as 工 or I (工本机关不掌握…, I信访举报…); no label of the
# template's tables starts with 工 other than 工作.
_ONE_AS_LETTER = re.compile(r"^[工Il|](?=[\u3400-\u9fff])(?!作)")


def _label(text: str) -> str:
    """A cell's text with 1. restored where chi_sim read it as a letter, and without quotation marks: in the
    template's tables only 3.危及“三安全一稳定” has any, and chi_sim strews them (部分公”开, “自然人)."""
    if _CJK.search(text):
        text = _QUOTES.sub("", text)
    return _ONE_AS_LETTER.sub("1.", text) if text and not text[0].isdigit() else text


_QUOTES = re.compile("[\"'`“”‘’„]")
