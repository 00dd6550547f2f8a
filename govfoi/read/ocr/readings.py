"""A cell's readings → the text the parser is given: a number kept only where two readings agree with confidence.

Every cell that may hold a number is read three ways (the page by chi_sim; the cell alone by English and by
chi_sim, digits only); a value no two readings agree on is written as ``?`` and its reading, which the
parser takes for an unreadable cell and ``confirm.settle`` keeps only if the identities confirm it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from govfoi.read.ocr.grid import GridCell, _ordered_text

# Tesseract's word confidence (0-100), measured on the scans of benchmarks/ocr_corpus.py:
AGREED_CONFIDENCE = 85.0  # two readings give this number, one of them at least this sure
SOLE_CONFIDENCE = 95.0  # the English digit reading alone, where the page's reading has no digit at all
SPECK_CONFIDENCE = 50.0  # a digit read with less in a cell the first reading found empty, and
SPECK_INK = 15  # with fewer dark pixels than this (a 1 at 150 dpi has about 30), is a speck
UNSURE = "?"  # prefix of a doubtful value in the text handed to the parser: it reads as an unreadable cell

_VALUE = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_VALUES = re.compile(r"[0-9]+(?:[.,][0-9]+)*(?: [0-9]+(?:[.,][0-9]+)*)*")  # a merged cell may hold several
_CJK = re.compile(r"[\u3400-\u9fff]")
# A number with a minus sign (本年增/减 of the 2019 template may be negative) as the page's reading gives it.
_SIGNED = re.compile(r"([-－—–−+＋]) ?([0-9]+(?:[.,][0-9]+)*)")
_NOISE = "\0"  # a cell holding marks that are neither digits nor Chinese: settled by its row


def cell_text(cell: GridCell) -> str:
    """What the parser is given for a cell: a label as read; a number that two of the three readings (the
    page's, and the cell's alone by English and by chi_sim with digits only) agree on with confidence, or
    that the English digit reading is sure of where the others saw no digit (chi_sim reads a lone 1 as 工);
    otherwise ``?`` and the reading, which ``settle`` keeps only if the identities confirm it."""
    first = cell.text
    if not cell.rereads:
        return first
    signed = _SIGNED.fullmatch(first)
    if signed:  # a change with its sign (2019 table 二: -7, +3): the digit-only rereads cannot see it
        confidence = min(w.confidence for w in cell.words)
        unsigned = replace(cell.words[-1], text=signed.group(2), confidence=confidence)
        digits = cell_text(replace(cell, words=[unsigned]))
        sure = confidence >= AGREED_CONFIDENCE
        sign = "+" if signed.group(1) in "+＋" else "-"
        return sign + digits if sure and digits == signed.group(2) else UNSURE + digits.lstrip(UNSURE)
    if cell.wrapped and _VALUES.fullmatch(first):
        first = first.replace(" ", "")  # a number wrapped in its cell, read line by line
    readings = [(first, min((w.confidence for w in cell.words), default=0.0))]
    readings += [(_ordered_text(ws), min((w.confidence for w in ws), default=0.0)) for ws in cell.rereads.values()]
    # A thousands separator one reading sees and another misses changes no value: 1,341 and 1341 agree.
    numbers = [(t.replace(",", ""), c) for t, c in readings if _VALUES.fullmatch(t)]
    confident = {t for t, c in numbers if c >= AGREED_CONFIDENCE}
    for value in {t for t, _ in numbers}:
        support = [c for t, c in numbers if t == value]
        if len(support) >= 2 and max(support) >= AGREED_CONFIDENCE and confident <= {value}:
            return value
    english = readings[1]
    if (
        _VALUE.fullmatch(english[0])
        and english[1] >= SOLE_CONFIDENCE
        and confident <= {english[0].replace(",", "")}
        and not any(ch.isdigit() for ch in first)
    ):
        return english[0]
    if numbers:
        if not first and max(c for _, c in numbers) < SPECK_CONFIDENCE and cell.ink < SPECK_INK:
            return ""  # a speck or a rule's remnant in an empty cell, read as a digit with no confidence
        return UNSURE + max(numbers, key=lambda n: n[1])[0]
    if _CJK.search(first):
        return first  # a label or a header read with doubt
    return UNSURE if any(ch.isdigit() for ch in first) else _NOISE
