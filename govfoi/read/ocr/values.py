"""Cells read again for their numbers: each cell that may hold one, cut out and read alone, digits only.

The page's reading joins neighbouring cells' digits and drops lone ones; cut out and laid on a sheet of
their own, the cells are read by two models (English and chi_sim), the readings ``readings`` weighs.
"""

from __future__ import annotations

import re
from dataclasses import replace

from govfoi.read.ocr.grid import GridCell
from govfoi.read.ocr.readings import _CJK
from govfoi.read.ocr.tesseract import LANGUAGE, Word, _ocr_words

# Tesseract's word confidence (0-100), measured on the scans of benchmarks/ocr_corpus.py:
MIN_CONFIDENCE = 90.0  # a label read with less in a table cell may be a misread number: read it again
DIGITS = "0123456789.,"
SHEET_COLUMNS = 8
SHEET_GAP = 60
_ENUMERATED = re.compile(r"\d{1,2}[.、]")


def _may_hold_value(cell: GridCell, ink) -> bool:
    """A cell to read again for a number: its first reading has digits or is noise (a character or two
    read with doubt, or one character alone: chi_sim reads a 7 as 了 with confidence 92), or it has ink and
    no reading at all. Headers and labels, read with confidence, are not."""
    text = cell.text
    x0, y0, x1, y1 = cell.inside
    cell.ink = int(ink[y0:y1, x0:x1].sum())
    cell.lines = len(_text_bands(ink[y0:y1, x0:x1]))
    if not text:
        return cell.ink > 15
    chinese = len(_CJK.findall(text))
    if chinese == 0:
        return True
    if len(text) == 1:
        return True
    return chinese <= 2 and not _ENUMERATED.match(text) and min(w.confidence for w in cell.words) < MIN_CONFIDENCE


def _reread_values(image, ink, cells: list[GridCell]) -> None:
    """Read every cell that may hold a number again, alone and with digits only: the cells are cut out and
    laid on a blank sheet with wide gaps, so that one Tesseract run per model reads them all and no word can
    run into a neighbouring cell (the page's reading joins two cells' 0s into one word, oo). Cells with a
    glyph's ink that no reading saw are read once more, enlarged on a sheet of their own: a lone 0 printed
    whole can be missed by all three readings, and Tesseract's miss depends on the sheet around it."""
    from PIL import Image

    todo = [c for c in cells if _may_hold_value(c, ink)]
    if not todo:
        return
    _read_sheet(todo, [_value_crop(image, ink, c) for c in todo])
    unseen = [
        c for c in todo if c.ink >= GLYPH_INK and not any(ch.isdigit() for ch in c.text) and not any(c.rereads.values())
    ]
    if unseen:
        crops = [_value_crop(image, ink, c) for c in unseen]
        _read_sheet(unseen, [c.resize((c.width * 3 // 2, c.height * 3 // 2), Image.Resampling.LANCZOS) for c in crops])


GLYPH_INK = 60  # dark pixels of the smallest digit at 200 dpi (a 1 has about 70)


def _read_sheet(todo: list[GridCell], crops: list) -> None:
    """The crops on one sheet, read as one block (--psm 6), digits only, by two models: on table 三 at
    200 dpi English reads the cells but is unsure of a lone 0; chi_sim finds 0s surely
    and drops some lone 1s. Two models agreeing on a crop is the evidence a value is kept on."""
    sheet, slots = _sheet(crops)
    for language in ("eng", LANGUAGE):
        for cell in todo:
            cell.rereads[language] = []
        for word in _ocr_words(sheet, language, "6", "-c", f"tessedit_char_whitelist={DIGITS}"):
            x, y = word.centre
            for cell, (left, top, right, bottom) in zip(todo, slots):
                if left <= x <= right and top <= y <= bottom:
                    cell.rereads[language].append(word)
                    break
        for cell in todo:
            if cell.wrapped and cell.rereads[language]:
                cell.rereads[language] = [_one_word(cell.rereads[language])]


def _sheet(crops: list) -> tuple:
    """The crops laid out in rows of SHEET_COLUMNS with wide gaps, like a table with its rules painted
    out (Tesseract drops many lone 0s from a sheet of one cell per line); the sheet and each crop's box."""
    from PIL import Image

    width = max(c.width for c in crops) + SHEET_GAP
    slots: list[tuple[int, int, int, int]] = []
    y = SHEET_GAP // 2
    for start in range(0, len(crops), SHEET_COLUMNS):
        line = crops[start : start + SHEET_COLUMNS]
        height = max(c.height for c in line)
        for k, crop in enumerate(line):
            x = SHEET_GAP // 2 + k * width
            slots.append((x, y, x + crop.width, y + crop.height))
        y += height + SHEET_GAP // 2
    sheet = Image.new("L", (SHEET_COLUMNS * width + SHEET_GAP, y + SHEET_GAP // 2), 255)
    for crop, slot in zip(crops, slots):
        sheet.paste(crop, slot[:2])
    return sheet, slots


def _value_crop(image, ink, cell: GridCell):
    """A cell cut out for the digit readings: a number wrapped in a narrow column (1,34 / 1) with its lines
    end to end, as it is meant (1,341); read line by line it would be two numbers, and its row one too many."""
    import numpy as np
    from PIL import Image

    if cell.wrapped:
        line = _one_line(np.asarray(image), ink, cell.inside)
        if line is not None:
            return Image.fromarray(line)
    return image.crop(cell.inside)


def _one_word(words: list[Word]) -> Word:
    """The words of a wrapped number's one line as one word, as sure as its least sure part."""
    ordered = sorted(words, key=lambda w: w.left)
    return replace(ordered[0], text="".join(w.text for w in ordered), confidence=min(w.confidence for w in words))


def _text_bands(ink) -> list[tuple[int, int]]:
    """The lines of text in a cell's ink, as (first, last) pixel rows. A gap in the row profile splits
    lines, but a character's own strokes leave gaps too (三 is three bars): a band far thinner than the
    tallest is a piece of a character, joined to the band it is nearest to."""
    import numpy as np

    hit = np.flatnonzero(ink.any(axis=1))
    if hit.size == 0:
        return []
    bands = [(int(b[0]), int(b[-1])) for b in np.split(hit, np.flatnonzero(np.diff(hit) > 1) + 1)]
    while len(bands) > 1:
        tallest = max(b - a + 1 for a, b in bands)
        k = min(range(len(bands)), key=lambda i: bands[i][1] - bands[i][0])
        if bands[k][1] - bands[k][0] + 1 >= BAND_SHARE * tallest:
            break
        gaps = [(bands[k][0] - bands[k - 1][1], k - 1)] if k > 0 else []
        gaps += [(bands[k + 1][0] - bands[k][1], k + 1)] if k + 1 < len(bands) else []
        a, b = sorted((k, min(gaps)[1]))
        bands[a : b + 1] = [(bands[a][0], bands[b][1])]
    return bands


BAND_SHARE = 0.6  # a band less tall than this share of a cell's tallest line is a piece of a character


def _one_line(pixels, ink, box: tuple[int, int, int, int]):
    """A cell's lines of text laid side by side as one line (an array); None for a cell without ink.
    A narrow label column wraps 1.属于国家秘密 into 1.属 / 于国 / 家秘 / 密; chi_sim, reading the page,
    loses most such fragments, and reads the rest as digits (3.危 → 3.4)."""
    import numpy as np

    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return None
    inside = ink[y0:y1, x0:x1]
    bands = _text_bands(inside)
    if not bands:
        return None
    height = max(b - a + 1 for a, b in bands)
    gap = max(2, height // 6)
    pieces = []
    for a, b in bands:
        xs = np.flatnonzero(inside[a : b + 1].any(axis=0))
        pieces.append(pixels[y0 + a : y0 + b + 1, x0 + xs[0] : x0 + xs[-1] + 1])
    line = np.full((height, sum(p.shape[1] for p in pieces) + gap * (len(pieces) - 1)), 255, dtype=np.uint8)
    x = 0
    for piece in pieces:
        top = (height - piece.shape[0]) // 2
        line[top : top + piece.shape[0], x : x + piece.shape[1]] = piece
        x += piece.shape[1] + gap
    return line
