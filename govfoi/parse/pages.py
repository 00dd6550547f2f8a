"""Page breaks inside a table: a number alone on its line beside one may be the page's number, printed in
its footer or header (a PDF's text keeps them, bare: 3, not — 3 —, which the tokenizer drops as noise).

Table 二 has no sums to tell a page number read as a cell from the cell's own value, so a row holding a
number that could be the page's (a bare 1 to 3 digits, not 0, on one of the two lines with text nearest a
break, within a few of the page's place counted by the breaks: a cover and a contents page go unnumbered)
is not read: its cells are null with an error. Kept, a page number would fill a blank cell's place; left
out, a value would leave its row short and a neighbour's value could make it whole again: either reading
can be wrong and look clean.
"""

from __future__ import annotations

import re

_BARE = re.compile(r"\d{1,3}")
PAGE_BREAK = "\f"
OFFSET = 3  # pages before the numbering starts (cover, contents): a number may run this far behind
SIDE = 2  # lines with text on each side of a break that may be its page's number (a footer's line under it)
NEAR = 6  # lines a footer or header may stand from its break (blank lines between)


def page_number_lines(lines: list[str], start: int, end: int) -> set[int]:
    """The 1-based lines in ``lines[start:end]`` holding nothing but a number that may be a page's: one of
    the two lines with text nearest a break on either side (a footer may print a line under the number)."""
    found: set[int] = set()
    if not any(PAGE_BREAK in line for line in lines[start:end]):
        return found  # one page (almost every table)
    page = sum(PAGE_BREAK in line for line in lines[:start]) + 1  # the page the range begins on
    for i in range(start, end):
        if PAGE_BREAK in lines[i]:
            sides = [(j, page) for j in _before(lines, i)] + [(j, page + 1) for j in _after(lines, i)]
            found.update(j + 1 for j, number in sides if start <= j < end and _could_be_page(lines[j], number))
            page += 1
    return found


def bare_number(line: str) -> bool:
    """Whether a line is nothing but a number of one to three digits, as a page's number prints."""
    return bool(_BARE.fullmatch(line.replace(PAGE_BREAK, "").strip()))


def _could_be_page(line: str, page: int) -> bool:
    """A bare number of one to three digits near the page's place: a cover, a contents page or two may go
    unnumbered, so its number may run up to ``OFFSET`` behind the count of pages (or one ahead)."""
    text = line.replace(PAGE_BREAK, "").strip()
    return bare_number(text) and text != "0" and -1 <= page - int(text) <= OFFSET


def _before(lines: list[str], i: int) -> list[int]:
    """The last lines with text before the break on line ``i`` (its own text before the break counts)."""
    own = [i] if lines[i].split(PAGE_BREAK)[0].strip() else []
    return [*own, *(j for j in range(i - 1, max(i - NEAR, 0) - 1, -1) if lines[j].strip())][:SIDE]


def _after(lines: list[str], i: int) -> list[int]:
    """The first lines with text after the break on line ``i`` (its own text after the break counts)."""
    own = [i] if lines[i].split(PAGE_BREAK)[-1].strip() else []
    return [*own, *(j for j in range(i + 1, min(i + NEAR + 1, len(lines))) if lines[j].strip())][:SIDE]
