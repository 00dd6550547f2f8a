"""Lines a capture lost: a report saved as one long line gets its table rows back on lines of their own.

Crawlers that join a page's text nodes without a separator leave the whole report on one line, with each
row's label running into its digits and its digits into the next row's item number
(…不掌握相关政府信息4910000502.没有现成信息…). Line structure is only a hint to the readers, so the
line is cut where the template says a new row or section starts: before its item numbers ((一), 1., 一、),
before table 二's item labels, and after a number followed by a label. Nothing is cut inside a number;
where digits of several cells stay run together, the cell reader splits them against the identities.
Only long lines holding table rows are touched: prose and ordinary layouts pass through unchanged.
"""

from __future__ import annotations

import re

LONG_LINE = 160  # characters: a line this long holding several table rows is a capture, not a row

# Evidence that a long line holds table rows: template row labels with their digits run on.
_ROW_EVIDENCE = re.compile(
    r"(?:申请数量|予以公开|情形[)）]|国家秘密|禁止公开|稳定[”\"]|合法权益|事务信息|过程性信息|执法案卷|查询事项"
    r"|政府信息|另行制作|仍不明确|类申请|重复申请|出版物|反复申请|已获取信息|公开申请|其他|总计|继续办理"
    r"|行政许可|行政处罚|行政强制|尚未审结)[^\d\u4e00-\u9fff]{0,3}\d"
)
_CJK = "\u4e00-\u9fff"
_SECTION_TEXT = (
    r"(?:总体情况|主动公开政府信息|收到和处理政府信息公开申请|政府信息公开行政复议|因政府信息公开"
    r"|本年新收|上年结转|本年度办|结转下年|存在的主要问题|其他需要报告)"
)
# Where a new line starts: before a section or block numeral followed by template text; before (一)…(七)
# and 1.…9. item numbers; before table 二's items and its 第二十条 blocks; at a number followed by a label.
_CUT = re.compile(
    rf"(?=[一二三四五六七]、\s*{_SECTION_TEXT})"
    rf"|(?<=[^\s(（第])(?=[(（][一二三四五六七][)）])"
    rf"|(?<=[\d{_CJK}）)”\"])(?=[1-9][.、．]\s*[{_CJK}“\"])"
    r"|(?=第二十条第)"
    r"|(?<=\d)(?=(?:行政)?(?:规章|规范性文件|许可|处罚|强制|事业性收费)|其他对外管理|政府集中采购)"
    rf"|(?<=\d)(?=[{_CJK}(（])(?![年月日号件条个项万元次人家起余名篇期场份台户天批])"
)
# After a section heading the table's header follows on the same line: cut it off, so the heading is found.
_AFTER_HEADING = re.compile(
    r"(?<=[二三四]、主动公开政府信息情况)|(?<=[二三四]、收到和处理政府信息公开申请情况)"
    r"|(?<=[三四五]、政府信息公开行政复议、行政诉讼情况)|(?<=[三四五]、政府信息公开行政复议和行政诉讼情况)"
)


def restore_line_breaks(lines: list[str]) -> tuple[list[str], list[int] | None]:
    """The lines with long run-on lines cut at the template's row boundaries, and for each new line the
    1-based line it came from (None when nothing was cut)."""
    if max(map(len, lines), default=0) <= LONG_LINE:  # (almost every report: no line to cut)
        return lines, None
    out: list[str] = []
    origin: list[int] = []
    cut_any = False
    for number, line in enumerate(lines, 1):
        if len(line) > LONG_LINE and len(_ROW_EVIDENCE.findall(line)) >= 3:
            pieces = [p for part in _CUT.split(line) for p in _AFTER_HEADING.split(part)]
            pieces = [p.strip() for p in pieces if p.strip()]
            cut_any = cut_any or len(pieces) > 1
            out.extend(pieces)
            origin.extend([number] * len(pieces))
        else:
            out.append(line)
            origin.append(number)
    return (out, origin) if cut_any else (lines, None)
