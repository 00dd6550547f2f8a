"""Text → sections: where tables 二, 三 and 四 lie among a report's lines, found by their headings (or their
first rows where a heading is missing) on the lines without their spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from govfoi.labels import section_patterns
from govfoi.parse.pages import NEAR, page_number_lines

MAX_HEADING_CHARS = 40


@dataclass(frozen=True, slots=True)
class Sections:
    """0-based [start, end) line ranges of the three tables; None where a table was not found."""

    disclosure: tuple[int, int] | None
    applications: tuple[int, int] | None
    appeals: tuple[int, int] | None

    @property
    def first_table_line(self) -> int:
        starts = [r[0] for r in (self.disclosure, self.applications, self.appeals) if r]
        return min(starts) if starts else -1


def compact_lines(lines: list[str]) -> list[str]:
    """Each line without spaces, tabs or markdown heading marks (whole-text passes, not a loop over lines)."""
    text = "\n".join(lines).replace(" ", "").replace("\t", "")
    if "#" in text:
        text = _HEADING_HASHES.sub("", text)
    return text.split("\n")


_HEADING_HASHES = re.compile(r"^#+", re.MULTILINE)
_ORDER = ("disclosure", "applications", "appeals")


def find_sections(lines: list[str], compacts: list[str] | None = None) -> Sections:
    """Locate tables 二, 三 and 四 by their headings, or by their first rows where a heading is missing.

    A heading is a short line (at most MAX_HEADING_CHARS without spaces) that matches a section pattern.
    Each table starts after the one before it; it ends where the next starts, or at 五/六's heading (四 past
    五's heading where its last rows are printed after it).
    """
    compacts = compacts if compacts is not None else compact_lines(lines)
    short = [i for i, c in enumerate(compacts) if len(c) <= MAX_HEADING_CHARS]  # prose is never a heading
    text = "\n".join([compacts[i] for i in short])
    hits: dict[tuple[str, str], list[int]] = {}
    pos = k = 0
    for m in _section_regex().finditer(text):
        k += text.count("\n", pos, m.start())  # the line of the match, counted on from the last one
        pos = m.start()
        for name, kind, pattern in section_patterns():
            if pattern.search(m.group()):
                hits.setdefault((name, kind), []).append(short[k])
                break
    # A table starts at the last heading before its first row (a report may name a subsection of 总体情况
    # like the table's heading); without such a first row, at its first heading.
    starts: dict[str, int] = {}
    after = -1
    for name in _ORDER:
        anchors = [i for i in hits.get((name, "fallback"), []) if i > after]
        headings = [i for i in hits.get((name, "heading"), []) if i > after]
        if anchors:
            before = [h for h in headings if h <= anchors[0]]
            start = before[-1] if before else anchors[0]
        elif headings:
            start = headings[0]
        else:
            continue
        starts[name] = after = start
    ends = hits.get(("end", "heading"), [])
    bounds: dict[str, tuple[int, int] | None] = dict.fromkeys(_ORDER)
    found = [n for n in _ORDER if n in starts]
    for k, name in enumerate(found):
        start = starts[name]
        if k + 1 < len(found):  # noqa: SIM108 - two branches read plainer than a 110-column ternary
            end = starts[found[k + 1]]
        else:
            end = next((e for e in ends if e > start), len(lines))
        bounds[name] = (start, end)
    return _across_headings(Sections(**bounds), lines, compacts)


def _across_headings(sections: Sections, lines: list[str], compacts: list[str]) -> Sections:
    """The ranges, with a table's cells printed past the next heading (text sorted by height) given back."""
    applications, appeals = sections.applications, sections.appeals
    if applications and appeals and applications[1] == appeals[0]:
        applications, appeals = _spilled_past_heading(lines, *applications, appeals[1])
    if appeals and appeals[1] < len(lines):
        appeals = (appeals[0], _continued_past_heading(lines, compacts, *appeals))
    return Sections(sections.disclosure, applications, appeals)


_NUMBERS_ONLY = re.compile(r"[\d,.\s]*")
_APPEALS_HEADER = re.compile(r"\s*(?:行政复议|行政诉讼)")


def _spilled_past_heading(
    lines: list[str], start: int, heading: int, end: int
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Table 三's and 四's ranges, with numbers printed after 四's heading given back to 三: where 四's heading
    ends a page and its table begins the next one, text sorted by height (pdftotext, pdfminer) may print
    table 三's last totals, centred in tall cells, after the heading. Only numbers, and only between the
    heading and a page break after which 四's header (行政复议 / 行政诉讼) comes first (四's values cannot come
    before its header), and none that could be the page's own number."""
    for i in range(heading + 1, min(end, heading + 40)):
        before, brk, after = lines[i].partition("\f")
        if not _NUMBERS_ONLY.fullmatch(before):
            break
        if brk:
            rest = [after, *lines[i + 1 : end]]
            first = next((text for text in rest if text.strip()), "")
            spilled = any(text.strip() for text in lines[heading + 1 : i]) or before.strip()
            paged = page_number_lines(lines, heading + 1, i + 1)  # the page's own number, not 三's total
            if spilled and not paged and _APPEALS_HEADER.match(first):
                return (start, i), (i, end)
            break
    return (start, heading), (heading, end)


MIN_CONTINUED = 14  # table 四's values, one a line, for it to go on past 五's heading: one blank at most
_NUMBER_LINE = re.compile(r"[\d,]+")
_APPEALS_CELL = re.compile(r"[\d,]+|[行政复议诉讼未经直接起后结果维持纠正其他尚审总计]+")
_APPEALS_GROUP = re.compile(r"复议后起诉|未经复议直接起诉|行政诉讼|总计|结果")


def _continued_past_heading(lines: list[str], compacts: list[str], start: int, heading: int) -> int:
    """Where table 四 ends: at 五's heading, or past the rest of 四 printed after it. Text sorted by height
    (pdftotext) prints 五's heading, set beside the table's last rows, among them: 四's last group
    (复议后起诉 总计 21 结果 … 4 0 0 0 总计 4) comes after it. Taken only where what follows the heading opens
    with a header cell of 四's last rows and holds nothing but 四's header words and numbers up to prose,
    and only up to the number after its last 总计 (the last group's total): a page's number printed under
    the table is not 四's, and with no such total, or where a number up to it may be a page's (the break a
    blank or a footer's line after it), nothing is. Nor where the table prints fewer than ``MIN_CONTINUED``
    values: with totals printed late and cells blank, the readings are not told apart."""
    end = heading + 1
    while end < len(compacts) and not compacts[end].strip("\f"):
        end += 1
    if end == len(compacts) or not _APPEALS_GROUP.match(compacts[end].strip("\f")):
        return heading
    last_total: int | None = None  # the line of the number after the last 总计 met so far
    totalled = False
    while end < len(compacts):
        cell = compacts[end].replace("\f", "")
        if cell and not _APPEALS_CELL.fullmatch(cell):
            break
        if cell == "总计":
            last_total, totalled = None, True
        elif cell[:1].isdigit() and totalled:
            last_total, totalled = end, False
        end += 1
    if last_total is None:
        return heading
    near = page_number_lines(lines, heading + 1, min(last_total + 1 + NEAR, len(lines)))  # breaks just after too
    if any(line <= last_total + 1 for line in near):  # 1-based: up to the last total's own line
        return heading
    printed = sum(bool(_NUMBER_LINE.fullmatch(compacts[i].replace("\f", ""))) for i in range(start, last_total + 1))
    if printed < MIN_CONTINUED:
        return heading  # blank cells too: where the totals printed late belong is not told (table 四's limit)
    return last_total + 1


@cache
def _section_regex() -> re.Pattern[str]:
    """All section patterns as one flat alternation: the regex engine then scans the text once, fast (named
    groups to say which pattern matched cost much more: they defeat the engine's literal scan)."""
    return re.compile("|".join(p.pattern for _, _, p in section_patterns()))
