"""Page breaks inside a table: a number alone on its line beside one may be the page's number, printed in
its footer or header (a PDF's text keeps them, bare: 3, not — 3 —, which the tokenizer drops as noise).

Table 二 has no sums to tell a page number read as a cell from the cell's own value, so a row holding a
number that could be the page's (not 0, and within one of the page's place in the document, counted by its
breaks: a cover page may go unnumbered) is not read: its cells are null with an error. Kept, a page number
would fill a blank cell's place; left out, a value would leave its row short and a neighbour's value could
make it whole again: either reading can be wrong and look clean.
"""

from __future__ import annotations

import re

_BARE = re.compile(r"\d{1,3}")
PAGE_BREAK = "\f"


def page_number_lines(lines: list[str], start: int, end: int) -> set[int]:
    """The 1-based lines in ``lines[start:end]`` holding nothing but a number that may be a page's."""
    breaks = [i for i, line in enumerate(lines) if PAGE_BREAK in line]
    if not any(start <= i < end for i in breaks):
        return set()
    found: set[int] = set()
    for page, i in enumerate(breaks, start=1):  # the break after page ``page``, before page ``page + 1``
        if start <= i < end:
            sides = [(j, page) for j in _before(lines, i)] + [(j, page + 1) for j in _after(lines, i)]
            found.update(j + 1 for j, number in sides if start <= j < end and _could_be_page(lines[j], number))
    return found


def _bare(line: str) -> str:
    return line.replace(PAGE_BREAK, "").strip()


def _could_be_page(line: str, page: int) -> bool:
    text = _bare(line)
    return bool(_BARE.fullmatch(text)) and text != "0" and abs(int(text) - page) <= 1


NEAR = 4  # lines a footer or header may stand from its break (blank lines between)


def _before(lines: list[str], i: int) -> list[int]:
    """The last line with text before the break on line ``i`` (its own text before the break counts)."""
    if lines[i].split(PAGE_BREAK)[0].strip():
        return [i]
    return next(([j] for j in range(i - 1, max(i - NEAR, 0) - 1, -1) if lines[j].strip()), [])


def _after(lines: list[str], i: int) -> list[int]:
    """The first line with text after the break on line ``i`` (its own text after the break counts)."""
    if lines[i].split(PAGE_BREAK)[-1].strip():
        return [i]
    return next(([j] for j in range(i + 1, min(i + NEAR + 1, len(lines))) if lines[j].strip()), [])
