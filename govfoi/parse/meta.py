"""Who and when: the issuing body, the year the statistics cover, the template and the layout family.

The title is preferred (it names the issuer as the issuer names itself); the body is used where a report
has no title; manifest.csv overrides both, for reports that name themselves nowhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govfoi.parse.tokens import compact, is_noise

_YEAR = re.compile(r"(20[0-4]\d)年度?")
_STAT_YEAR = re.compile(r"(?:统计期限|统计时限|统计时间|统计期间|数据统计)[^。]{0,8}?(20[0-4]\d)年")
_TITLE_END = re.compile(r"(?:政府信息公开|政务公开|信息公开)?(?:工作)?年度报告.*$|(?:政府信息公开|信息公开)工作.*$")
_BODY_AGENCY = re.compile(
    r"^(?:20[0-4]\d年(?:度)?[,，]?)([\u4e00-\u9fff]{2,24}?(?:人民政府办公室|人民政府|办公室|委员会|管理局|服务中心|中心|局|办事处|管委会))"
)
_NOT_A_NAME = re.compile(r"^(?:我|本|全|该|各|共|在|按|根据|为)")
_HEAD_LINES = 6
_ABOUT = re.compile(r"(?:关于|的)$")  # XX关于2023年度政府信息公开工作的报告
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}")


@dataclass(frozen=True, slots=True)
class Identity:
    agency: str | None
    year: int | None
    agency_source: str | None  # title / body / manifest


def read_identity(lines: list[str], body_end: int) -> Identity:
    """Agency and year from the title, else from the first lines of the body.

    A crawler's capture starts with the page's metadata (标题: …, 发布机构: …): its title is the report's
    title, and its publisher names the issuer when the title does not.
    """
    header = _capture_header(lines)
    title = header.get("title") or _title(lines)
    agency = year = None
    source = None
    if title:
        m = _YEAR.search(title)
        if m:
            year = int(m.group(1))
            before = _ABOUT.sub("", title[: m.start()].strip(" ,:：、-—"))
            after = _TITLE_END.sub("", title[m.end() :]).strip(" ,:：、-—")
            agency = before or after or None
        else:
            agency = _TITLE_END.sub("", title).strip() or None
        source = "title" if agency else None
    body = [compact(x) for x in lines[: max(body_end, 0)] if x.strip()]
    if year is None:
        year = _body_year(body)
    if agency is None and header.get("publisher"):
        agency, source = header["publisher"], "title"
    if agency is None:
        for text in body[: _HEAD_LINES * 2]:
            m = _BODY_AGENCY.match(text)
            if m and not _NOT_A_NAME.match(m.group(1)):
                agency, source = m.group(1), "body"
                break
    return Identity(agency and agency.translate(_OCR_BRACKETS), year, source)


def _title(lines: list[str]) -> str | None:
    """The report's title: the nearest short line naming a 报告 before 一、总体情况 (crawler pages put
    menus and CMS metadata above it), else among the first lines."""
    head: list[str] = []
    found_overview = False
    for line in lines[:_MAX_TITLE_SCAN]:
        # a converter's markdown puts a wrapped title in table cells (| 2022 | 年政府信息公开工作年度报告 |)
        text = _LABEL_PREFIX.sub("", compact(line.lstrip("#")).replace("|", "").strip("*"))
        if not text or is_noise(line):
            continue
        if _OVERVIEW.match(text):
            found_overview = True
            break
        head.append(text)
    window = head[-_NEAR_OVERVIEW:] if found_overview else head[:_HEAD_LINES]
    for i in range(len(window) - 1, -1, -1) if found_overview else range(len(window)):
        text = window[i]
        if (
            ("报告" in text or ("政府信息公开" in text and "年度" in text))
            and len(text) <= 60
            and not _SENTENCE.search(text)
        ):
            # A title split over two lines: the agency (or the first half) on the line before.
            if i > 0 and _title_piece(window[i - 1]) and "报告" not in window[i - 1] and _no_issuer(text):
                return window[i - 1] + text
            return text
    return None


_HEADER_FIELD = re.compile(r"^\s*(标题|题目|发布机构|发文机关|发布单位|来源)\s*[:：]\s*(\S.*?)\s*$")
_HEADER_KEYS = {
    "标题": "title",
    "题目": "title",
    "发布机构": "publisher",
    "发文机关": "publisher",
    "发布单位": "publisher",
    "来源": "publisher",
}
_HEADER_LINES = 15


def _capture_header(lines: list[str]) -> dict[str, str]:
    """The metadata a crawler wrote above the page's text: title and publisher (each at most 60 chars)."""
    found: dict[str, str] = {}
    for line in lines[:_HEADER_LINES]:
        m = _HEADER_FIELD.match(line)
        if m and len(m.group(2)) <= 60 and "。" not in m.group(2):
            found.setdefault(_HEADER_KEYS[m.group(1)], compact(m.group(2)))
    return found


# A sentence that mentions the report (如对本报告有疑问，请与…联系; 本报告由…编制) is not its title.
# A title cites no document (《…》) and has no clause punctuation; PDF text wraps prose into short lines.
_SENTENCE = re.compile(r"[，。；！？、《》,;|]|^(?:如|本报告|根据|按照|依据|依照|现将|特此)")


def _no_issuer(text: str) -> bool:
    """True when nothing names an issuer, before the year or after it (2023年度…报告, or just 年度报告;
    not 2023年XX局政府信息公开工作年度报告)."""
    m = _YEAR.search(text)
    if m is None:  # the title's second half (府信息公开工作年度报告): the first names the issuer
        return True
    return not text[: m.start()].strip(" ,:：、-—#") and not _TITLE_END.sub("", text[m.end() :]).strip(" ,:：、-—#")


# OCR reads a name's round brackets as angle or title brackets (局〈中医药管理局), which no name holds
_OCR_BRACKETS = str.maketrans("〈《〉》", "（（））")
_MAX_TITLE_SCAN = 400
_TITLE_PIECE_CHARS = 50
_NEAR_OVERVIEW = 30  # lines before 一、总体情况 searched for the title (PDF text wraps the prose before it)
_OVERVIEW = re.compile(r"^[一1][、.．]?总体情况")
_LABEL_PREFIX = re.compile(r"^(?:标题|名称|题目)[:：]")


def _title_piece(text: str) -> bool:
    """A line that may be a title's first half: short (a long agency name and the year fill a PDF's line
    before wrapping: 兰亭区卫生健康委员会（中医药管理局）2025年度政府信息公开工 / 作年度报告), no clause."""
    return (
        len(text) <= _TITLE_PIECE_CHARS
        and not re.search(r"[。,，;；:：>＞|]", text)
        and not text.startswith(("一、", "编制说明"))
    )


def _body_year(body: list[str]) -> int | None:
    for text in body:
        m = _STAT_YEAR.search(text)
        if m:
            return int(m.group(1))
    for text in body[: _HEAD_LINES * 2]:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    return None


def detect_layout(lines: list[str], start: int, end: int) -> str | None:
    """The layout family of a table: tab, pipe, markdown, cell-per-line or space (PDF-style text)."""
    votes = dict.fromkeys(("tab", "pipe", "markdown", "cell-per-line", "space"), 0)
    for line in lines[start:end]:
        text = line.strip()
        if not text:
            continue
        if "|" in text:
            votes["markdown" if _MARKDOWN_RULE.match(text) else "pipe"] += 1
        elif "\t" in text:
            votes["tab"] += 1
        else:
            votes["space" if " " in text else "cell-per-line"] += 1
    if votes["markdown"]:  # a |---| rule makes pipe rows a markdown table
        votes["markdown"] += votes.pop("pipe")
    best = max(votes, key=votes.__getitem__)
    return best if votes[best] else None


def detect_template(disclosure: list[str], single_other_row: bool) -> str:
    """2019 when table 二 (its lines, or none when it was not found) has any of the 2019 columns (the
    tail of the word is enough: a header cell wrapped over two lines splits 本年 from 新制作数量); 2021-hybrid when
    （六）其他处理 is one row; else 2021."""
    if re.search(r"新制作数量|新公开数量|公开总数量|项目数量|增[/／]减", compact("".join(disclosure))):
        return "2019"
    return "2021-hybrid" if single_other_row else "2021"
