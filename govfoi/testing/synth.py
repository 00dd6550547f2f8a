"""Synthetic reports: random figures that satisfy every identity, rendered in the layouts found in the wild.

Used by the property tests (parse(render(figures)) == figures), the benchmarks and the example sets.
Nothing here is real: agency names are made up from place names and office types.
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from govfoi.codes import (
    APPLICANTS,
    CHANNELS,
    DISCLOSURE_MEASURES,
    HANDLED_OUTCOMES,
    OUTCOMES,
    RESULTS,
    label,
)
from govfoi.template import Cell

LAYOUTS = ("tab", "pipe", "cell-per-line", "markdown", "pdf")

_PLACES = (
    "青山", "临江", "东湖", "西岭", "南川", "北坪", "长宁", "安平", "永和", "新丰", "石桥", "白沙", "金台", "玉泉",
    "云溪", "龙门", "凤城", "平湖", "清河", "松原", "桃源", "柳林", "梅山", "竹溪", "兰亭", "华阳", "建安", "宁远",
)
_LEVELS = ("区", "县", "市")
_BODIES = (
    "人民政府", "人民政府办公室", "发展和改革局", "司法局", "自然资源局", "住房和城乡建设局", "市场监督管理局",
    "生态环境局", "交通运输局", "卫生健康委员会", "教育局", "民政局",
)
_APPLICANT_HEADS = ("自然人", "法人或其他组织", "总计")
_ORG_HEADS = tuple(label("applicant", a) for a in APPLICANTS[1:6])


def agency_name(i: int) -> str:
    """A made-up but plausible issuer name; distinct for i < 1008."""
    place = _PLACES[i % len(_PLACES)] + _LEVELS[(i // len(_PLACES)) % len(_LEVELS)]
    return place + _BODIES[(i // (len(_PLACES) * len(_LEVELS))) % len(_BODIES)]


@dataclass
class Figures:
    """Everything a report's tables state, keyed by (row, column) codes."""

    agency: str
    year: int
    disclosure: dict[Cell, float] = field(default_factory=dict)
    applications: dict[Cell, int] = field(default_factory=dict)
    appeals: dict[Cell, int] = field(default_factory=dict)

    def with_cell(self, table: str, cell: Cell, value: float | str) -> Figures:
        """A copy with one cell changed; a ``str`` is printed as it is (for damage tests)."""
        new = replace(self, disclosure=dict(self.disclosure), applications=dict(self.applications),
                      appeals=dict(self.appeals))
        getattr(new, table)[cell] = value
        return new


def random_figures(  # noqa: C901
    rng: random.Random,
    *,
    agency: str | None = None,
    year: int | None = None,
    last_year: Figures | None = None,
    scale: int | None = None,
) -> Figures:
    """Random figures satisfying every identity of the 2021 template (sparse, with a few large counts).

    With ``last_year``, the figures follow on from it as a real agency's next report does: 上年结转 equals
    last year's 结转下年度 per column, and documents in force = last year's + issued − abolished.
    ``scale`` fixes the size of the natural-person counts (else one of 3, 20, 200, 2000 at random).
    """
    fig = Figures(agency or agency_name(rng.randrange(1000)), year or rng.randint(2021, 2025))
    big = scale or rng.choice((3, 20, 200, 2000))
    apps: dict[Cell, int] = {}
    for a in APPLICANTS[:-1]:
        scale = big if a == "natural_person" else max(1, big // 10)
        for o in HANDLED_OUTCOMES:
            apps[(o, a)] = 0 if rng.random() < 0.55 else rng.randint(0, scale)
        handled = sum(apps[(o, a)] for o in HANDLED_OUTCOMES)
        apps[("processed_total", a)] = handled
        apps[("carried_forward", a)] = rng.randint(0, max(0, handled // 10))
        if last_year is not None:
            apps[("carried_over", a)] = int(last_year.applications[("carried_forward", a)])
            # received = handled + forward - carried_over must stay >= 0
            apps[("carried_forward", a)] = max(apps[("carried_forward", a)], apps[("carried_over", a)] - handled)
        else:
            apps[("carried_over", a)] = rng.randint(0, min(handled + apps[("carried_forward", a)],
                                                           max(1, handled // 10)))
        apps[("received", a)] = handled + apps[("carried_forward", a)] - apps[("carried_over", a)]
    for o in OUTCOMES:
        apps[(o, "total")] = sum(apps[(o, a)] for a in APPLICANTS[:-1])
    fig.applications = apps
    for c in CHANNELS:
        parts = {r: (0 if rng.random() < 0.6 else rng.randint(0, 12)) for r in RESULTS[:-1]}
        fig.appeals.update({(c, r): v for r, v in parts.items()})
        fig.appeals[(c, "total")] = sum(parts.values())
    for item, measures in DISCLOSURE_MEASURES.items():
        for m in measures:
            if m == "amount_10k_yuan":
                value = rng.randint(0, 2_000_000) / 100 if rng.random() < 0.7 else 0.0
            elif m == "decisions":
                value = float(rng.choice((0, rng.randint(0, 999), rng.randint(0, 999_999))))
            else:
                value = float(rng.randint(0, 300) if item == "normative_documents" else rng.randint(0, 5))
            fig.disclosure[(item, m)] = value
        if last_year is not None and "in_force" in measures:
            before = last_year.disclosure[(item, "in_force")]
            abolished = min(fig.disclosure[(item, "abolished")], before + fig.disclosure[(item, "issued")])
            fig.disclosure[(item, "abolished")] = abolished
            fig.disclosure[(item, "in_force")] = before + fig.disclosure[(item, "issued")] - abolished
    return fig


def panel_figures(rng: random.Random, agency: str, years: range) -> list[Figures]:
    """One agency's figures over consecutive years, each following on from the year before.

    An agency keeps its size from year to year (counts drift by −20% to +25% a year), as real ones do: a
    trend of 11,501 → 158 requests in two years would teach a reader of the example the wrong thing.
    """
    out: list[Figures] = []
    size = rng.choice((20, 200, 2000))
    for year in years:
        size = max(5, round(size * rng.uniform(0.8, 1.25)))
        out.append(random_figures(rng, agency=agency, year=year, last_year=out[-1] if out else None, scale=size))
    return out


# ---- rendering -------------------------------------------------------------------------------------------------

Row = list[str]


class _Value(str):
    """A value cell's text, so that formatters can tell values from labels."""


def _num(value: float | str, rng: random.Random) -> str:
    return _Value(_format(value, rng))


def _format(value: float | str, rng: random.Random) -> str:
    if isinstance(value, str):  # a damaged cell, written as given
        return value
    if value != int(value):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if rng.random() < 0.5 else f"{value:.2f}"
    elif value >= 10_000 and rng.random() < 0.3:
        text = f"{int(value):,}"
    else:
        text = str(int(value))
    if rng.random() < 0.05:  # full-width digits, as some Word exports have
        text = text.translate(str.maketrans("0123456789,.", "０１２３４５６７８９，．"))
    return text


def _disclosure_rows(fig: Figures, rng: random.Random) -> list[Row]:
    d = fig.disclosure
    n = lambda item, m: _num(d[(item, m)], rng)  # noqa: E731
    return [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", rng.choice(("本年废止件数", "本年度止件数")), "现行有效件数"],
        ["规章", n("regulations", "issued"), n("regulations", "abolished"), n("regulations", "in_force")],
        ["行政规范性文件", n("normative_documents", "issued"), n("normative_documents", "abolished"),
         n("normative_documents", "in_force")],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", n("licensing", "decisions")],
        ["第二十条第（六）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", n("penalty", "decisions")],
        ["行政强制", n("coercion", "decisions")],
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", n("fees", "amount_10k_yuan")],
    ]


def _application_labels(rng: random.Random) -> dict[str, Row]:
    """Label cells of each row of table 三: group label (first row of a group only) and row label."""
    out: dict[str, Row] = {}
    seen_groups: set[str] = set()
    for o in OUTCOMES:
        text = label("outcome", o)
        if rng.random() < 0.3:
            text = text.replace("（", "(").replace("）", ")")
        if o in ("carried_over", "carried_forward") and rng.random() < 0.3:
            text = text.replace("结转", "转结")
        if " " in text:
            group, sub = text.split(" ", 1)
            out[o] = ["", "" if group in seen_groups else group, sub]
            seen_groups.add(group)
        elif o in HANDLED_OUTCOMES or o == "processed_total":
            out[o] = ["", text]
        else:
            out[o] = [text]
    out["granted"][0] = "三、本年度办理结果"
    return out


def _application_rows(fig: Figures, rng: random.Random) -> tuple[list[Row], int]:
    """Rows of table 三 and how many of them are header rows."""
    header = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        ["", *_APPLICANT_HEADS[:2], "", "", "", "", _APPLICANT_HEADS[2]],
        ["", "", *_ORG_HEADS, ""],
    ]
    labels = _application_labels(rng)
    rows = [[*labels[o], *(_num(fig.applications[(o, a)], rng) for a in APPLICANTS)] for o in OUTCOMES]
    return header + rows, len(header)


def _appeal_rows(fig: Figures, rng: random.Random) -> tuple[list[Row], int]:
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    header = [
        ["行政复议", "", "", "", "", "行政诉讼"],
        [*results, "未经复议直接起诉", "", "", "", "", "复议后起诉"],
        ["", "", "", "", "", *results, *results],
    ]
    values = [_num(fig.appeals[(c, r)], rng) for c in CHANNELS for r in RESULTS]
    return [*header, values], len(header)


def _narrative(fig: Figures) -> list[str]:
    """总体情况 with the counts a real report states in words (omitted where a cell is damaged)."""
    a = fig.applications

    def total(*prefixes: str) -> str:
        values = [a[(o, "total")] for o in OUTCOMES if o.startswith(prefixes)]
        return "" if any(isinstance(v, str) for v in values) else str(sum(values))

    facts = [("共受理政府信息公开申请", total("received")), ("全年答复政府信息公开申请", total("processed_total")),
             ("予以公开", total("granted")), ("部分公开", total("partially_granted")), ("不予公开", total("withheld")),
             ("无法提供", total("unavailable")), ("不予处理", total("not_processed")), ("其他处理", total("other"))]
    stated = "，".join(f"{phrase}{n}件" for phrase, n in facts if n)
    return [
        f"（一）主动公开。{fig.agency}全年通过政府网站公开政府信息，及时更新政策文件。",
        f"（二）依申请公开。{fig.year}年，{stated}。",
        "（三）政府信息管理。严格落实保密审查制度，规范信息发布流程。",
        "（四）政府信息公开平台建设。优化政府网站栏目，发挥政务新媒体作用。",
        "（五）监督保障。将政务公开纳入绩效考核，开展业务培训2次。",
    ]


def _closing() -> list[str]:
    return [
        "五、存在的主要问题及改进情况",
        "一是主动公开的深度有待提升；二是依申请公开答复质量仍需提高。下一步将加强培训，完善制度。",
        "六、其他需要报告的事项",
        "本年度未收取政府信息公开信息处理费。",
    ]


# Each layout turns a table (rows of cells, header row count) into lines.
Formatter = Callable[[list[Row], int, random.Random], list[str]]


def _fmt_tab(rows: list[Row], header: int, rng: random.Random) -> list[str]:
    return ["\t".join(r) for r in rows]


def _fmt_pipe(rows: list[Row], header: int, rng: random.Random) -> list[str]:
    out = []
    for r in rows:
        cells = list(r)
        if len(cells) > 3 and rng.random() < 0.15:  # a row broken over two lines, its last cell wrapped
            out.append(" | ".join(cells[:-1]) + " |")
            out.append(cells[-1] + " | |")
        else:
            out.append(" | ".join(cells) + " |")
    return out


def _fmt_cells(rows: list[Row], header: int, rng: random.Random) -> list[str]:
    out: list[str] = []
    for r in rows:
        out.extend("\t" + c for c in r)
        out.append("")
    return out


def _fmt_markdown(rows: list[Row], header: int, rng: random.Random) -> list[str]:
    width = max(len(r) for r in rows)
    lines = []
    for i, r in enumerate(rows):
        lines.append("| " + " | ".join(r + [""] * (width - len(r))) + " |")
        if i == 0:
            lines.append("|" + "---|" * width)
    return lines


def _fmt_pdf(rows: list[Row], header: int, rng: random.Random, width: int = 14) -> list[str]:
    """PDF text extraction: space-separated cells; a long label cell wraps, its rest on the next line after
    the numbers; page numbers (— 3 —) fall between rows."""
    out = []
    page = rng.randint(2, 9)
    for i, r in enumerate(rows):
        labels = [c for c in r if c and not isinstance(c, _Value)]
        numbers = [c for c in r if isinstance(c, _Value)]
        wrap = i >= header
        firsts = [c[:width] if wrap else c for c in labels]
        rests = [c[width:] for c in labels if wrap and len(c) > width]
        out.append(" ".join([*firsts, *numbers]))
        if rests:
            out.append(" ".join(rests))
        if wrap and rng.random() < 0.06:
            out.append(f"— {page} —")
            page += 1
    return out


FORMATTERS: dict[str, Formatter] = {
    "tab": _fmt_tab, "pipe": _fmt_pipe, "cell-per-line": _fmt_cells, "markdown": _fmt_markdown, "pdf": _fmt_pdf,
}


def render(fig: Figures, layout: str, rng: random.Random | None = None) -> str:
    """The report's text in one of ``LAYOUTS``."""
    if layout not in FORMATTERS:
        raise ValueError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    rng = rng or random.Random(0)
    fmt = FORMATTERS[layout]
    h = (lambda level, text: f"{'#' * level} {text}") if layout == "markdown" else (lambda level, text: text)
    title = f"{fig.agency}{fig.year}年政府信息公开工作年度报告"
    lines = [h(1, title), "",
             (f"本报告根据《中华人民共和国政府信息公开条例》编制。报告数据统计期限为{fig.year}年1月1日至"
              f"{fig.year}年12月31日。"), "", h(2, "一、总体情况"), *_narrative(fig), ""]
    lines += [h(2, "二、主动公开政府信息情况"), *fmt(_disclosure_rows(fig, rng), 2, rng), ""]
    rows, header = _application_rows(fig, rng)
    lines += [h(2, "三、收到和处理政府信息公开申请情况"), *fmt(rows, header, rng), ""]
    rows, header = _appeal_rows(fig, rng)
    lines += [h(2, "四、政府信息公开行政复议、行政诉讼情况"), *fmt(rows, header, rng), ""]
    lines += [h(2, x) if x.startswith(("五、", "六、")) else x for x in _closing()]
    return "\n".join(lines) + "\n"


def _sections(fig: Figures, rng: random.Random) -> list[tuple[str, list[Row] | None, int]]:
    """(heading, table rows or None for prose, header rows) in report order, shared by HTML and DOCX."""
    out: list[tuple[str, list[Row] | None, int]] = [("一、总体情况", None, 0)]
    out += [(x, None, 0) for x in _narrative(fig)]
    out.append(("二、主动公开政府信息情况", _disclosure_rows(fig, rng), 2))
    rows, header = _application_rows(fig, rng)
    out.append(("三、收到和处理政府信息公开申请情况", rows, header))
    rows, header = _appeal_rows(fig, rng)
    out.append(("四、政府信息公开行政复议、行政诉讼情况", rows, header))
    out += [(x, None, 0) for x in _closing()]
    return out


def render_html(fig: Figures, rng: random.Random | None = None, *, in_script: bool = False) -> str:
    """The report as a web page: tables with rowspan for group labels, navigation chrome around it.

    ``in_script`` hides the report in a JavaScript string, as some CMS pages do.
    """
    import html as _html

    rng = rng or random.Random(0)
    parts = [f"<h1>{fig.agency}{fig.year}年政府信息公开工作年度报告</h1>"]
    for heading, rows, _header in _sections(fig, rng):
        if rows is None:
            parts.append(f"<p>{_html.escape(heading)}</p>")
            continue
        parts.append(f"<p><strong>{_html.escape(heading)}</strong></p>")
        parts.append(_html_table(rows, rng))
    report = "\n".join(parts)
    if in_script:
        escaped = report.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("</", "<\\/")
        body = (f'<div id="content"></div><script>let content = "{escaped}";'
                f'document.getElementById("content").innerHTML = content;</script>')
    else:
        body = f'<div class="article">{report}</div>'
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{fig.agency}</title>'
            f'<script src="https://example.invalid/analytics.js"></script></head><body>'
            f'<div class="nav"><a href="/">首页</a> &gt; <a href="/gk">政府信息公开</a></div>\n{body}\n'
            f'<div class="footer">主办单位：{fig.agency}&nbsp;&nbsp;技术支持：某公司</div></body></html>')


def _html_table(rows: list[Row], rng: random.Random) -> str:
    """Rows as an HTML table; a label cell followed by empty cells below it becomes one cell with rowspan."""
    import html as _html

    width = max(len(r) for r in rows)
    grid = [list(r) + [""] * (width - len(r)) for r in rows]
    spans: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for c in range(width):
        for r in range(len(grid)):
            text = grid[r][c]
            if text and not isinstance(text, _Value) and (r, c) not in covered:
                k = r + 1
                while (k < len(grid) and grid[k][c] == "" and any(isinstance(x, _Value) for x in grid[k])
                       and c < len(rows[k]) and not isinstance(grid[k][c], _Value)):
                    k += 1
                if k - r > 1 and c < 2:
                    spans[(r, c)] = k - r
                    covered.update((x, c) for x in range(r + 1, k))
    out = ["<table border='1'>"]
    for r, row in enumerate(grid):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            attr = f" rowspan='{spans[(r, c)]}'" if (r, c) in spans else ""
            content = _html.escape(text)
            if content and rng.random() < 0.3:  # Word export splits text into runs
                mid = len(content) // 2
                content = f"<span>{content[:mid]}</span><span style='x'>{content[mid:]}</span>"
            cells.append(f"<td{attr}><p>{content}</p></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_docx(fig: Figures, rng: random.Random | None = None) -> bytes:
    """The report as a Word file (python-docx), one table per template table."""
    import io

    import docx

    rng = rng or random.Random(0)
    document = docx.Document()
    document.add_paragraph(f"{fig.agency}{fig.year}年政府信息公开工作年度报告")
    for heading, rows, _header in _sections(fig, rng):
        document.add_paragraph(heading)
        if rows is None:
            continue
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for row, cells in zip(rows, table.rows):  # row.cells once per row: table.cell() is quadratic
            for text, cell in zip(row, cells.cells):
                if text:
                    cell.text = str(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def corpus(n: int, seed: int = 0, layouts: tuple[str, ...] = LAYOUTS) -> list[tuple[Figures, str, str]]:
    """n (figures, layout, text) triples, layouts in turn: a ready-made test or benchmark corpus."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        fig = random_figures(rng, agency=agency_name(i))
        layout = layouts[i % len(layouts)]
        out.append((fig, layout, render(fig, layout, random.Random(rng.random()))))
    return out


# ---- the multi-year example set ----------------------------------------------------------------------------------

SYNTHETIC_MARK = "【合成示例】"  # in every example report's title, so a chart can never pass it off as real
EXAMPLE_AGENCIES = (  # real places, so the example shows the place columns; the figures are invented
    ("330206", "gov", "宁波市北仑区人民政府"),
    ("330212", "gov", "宁波市鄞州区人民政府"),
    ("331022", "gov", "台州市三门县人民政府"),
    ("330206", "fgj", "宁波市北仑区发展和改革局"),
    ("321322", "gov", "宿迁市沭阳县人民政府"),
)
EXAMPLE_YEARS = range(2021, 2025)
# One deliberate break, so the example shows the cross-year check: 三门 2023's 上年结转 (natural persons)
# does not follow on from its 2022 report (the report itself still balances).
EXAMPLE_BREAK = ("331022", "gov", 2023)


def write_example_panel(folder: Path, seed: int = 2026) -> list[Path]:
    """Write the synthetic multi-year example set (text layouts in turn, one year as a web page) and its
    manifest: every file name starts with ``synthetic_``, every title with 【合成示例】."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written, manifest = [], [("file", "agency", "year", "source", "notes", "division_code", "agency_id")]
    for k, (code, role, name) in enumerate(EXAMPLE_AGENCIES):
        for i, fig in enumerate(panel_figures(rng, SYNTHETIC_MARK + name, EXAMPLE_YEARS)):
            note = "synthetic figures (govfoi.synth.write_example_panel), not a real report"  # as data/synthetic has it
            if (code, role, fig.year) == EXAMPLE_BREAK:
                fig = _break_carry_over(fig)
                note += "; carried_over (natural persons) deliberately does not follow last year's report"
            stem = f"synthetic_{code}_{role}_{fig.year}"
            layout_rng = random.Random(rng.random())
            if (k + i) % 5 == 4:
                path = folder / f"{stem}.html"
                path.write_text(render_html(fig, layout_rng), encoding="utf-8")
            else:
                path = folder / f"{stem}.txt"
                path.write_text(render(fig, LAYOUTS[(k + i) % 4], layout_rng), encoding="utf-8")
            written.append(path)
            manifest.append((path.name, "", "", "synthetic", note, "", f"synthetic-{code}:{role}"))
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(manifest)
    return written


def _break_carry_over(fig: Figures) -> Figures:
    """Carried over +3 for natural persons, received −3 so that the report's own identities still hold."""
    apps = dict(fig.applications)
    for col in ("natural_person", "total"):
        apps[("carried_over", col)] += 3
        apps[("received", col)] -= 3
    if apps[("received", "natural_person")] < 0:  # keep counts non-negative: move the 3 to processed instead
        raise ValueError("example seed gives too few requests to break the carry-over; choose another seed")
    return replace(fig, applications=apps)


if __name__ == "__main__":  # python -m govfoi.testing.synth data/synthetic
    import sys

    for p in write_example_panel(Path(sys.argv[1] if len(sys.argv) > 1 else "data/synthetic")):
        print(p)


# ---- damage seen in real reports -----------------------------------------------------------------------------------
# Each function takes a report rendered in the tab layout (``render(fig, "tab")``) and returns it damaged the way
# crawlers, PDF extraction and OCR damage real reports. Used by the accuracy corpus and the damage tests.

_VALUES_AT_END = re.compile(r"^(.*?)((?:\t[^\t]*){%d})$")


def _table_rows(lines: list[str], n: int) -> list[int]:
    """Indexes of lines that end in exactly n tab-separated cells holding numbers (rows of a table)."""
    out = []
    for i, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) >= n + 1 and all(_is_value(c) for c in cells[-n:]) and not _is_value(cells[-n - 1]):
            out.append(i)
    return out


def _is_value(cell: str) -> bool:
    return bool(re.fullmatch(r"[0-9０-９.,，．]*", cell)) and cell != ""


def _split_row(line: str, n: int) -> tuple[str, list[str]]:
    cells = line.split("\t")
    return "\t".join(cells[:-n]), cells[-n:]


def damage_run_together(text: str, rng: random.Random, rows: int = 3) -> str:
    """Crawler output: a row's cells run together with no separator (一、本年新收…数量512000053)."""
    lines = text.split("\n")
    for i in rng.sample(_table_rows(lines, 7), rows):
        label, values = _split_row(lines[i], 7)
        lines[i] = label.rstrip("\t").split("\t")[-1] + "".join(values)
    return "\n".join(lines)


def damage_displaced_labels(text: str, rng: random.Random, block: int = 3) -> str:
    """PDF extraction: a block of rows prints its numbers first and its labels after them."""
    lines = text.split("\n")
    rows = _table_rows(lines, 7)
    starts = [k for k in range(len(rows) - block + 1) if rows[k + block - 1] - rows[k] == block - 1]
    k = rng.choice(starts)
    span = rows[k:k + block]
    split = [_split_row(lines[i], 7) for i in span]
    lines[span[0]:span[-1] + 1] = [" ".join(v) for _, v in split] + [label.strip("\t") for label, _ in split]
    return "\n".join(lines)


def damage_char_per_line(text: str, rng: random.Random) -> str:
    """PDF extraction of merged cells: a group label (三、本年度办理结果, 申请人情况) one character per line."""
    lines = text.split("\n")
    out = []
    for line in lines:
        for word in ("三、本年度办理结果", "申请人情况", "法人或其他组织"):
            if word in line:
                before, after = line.split(word, 1)
                out.append(before)
                out.extend(word)
                line = after
                break
        out.append(line)
    return "\n".join(out)


def damage_page_furniture(text: str, rng: random.Random) -> str:
    """Page numbers and running headers and footers inside a table."""
    lines = text.split("\n")
    rows = _table_rows(lines, 7)
    for i in sorted(rng.sample(rows, 2), reverse=True):
        lines[i + 1:i + 1] = [rng.choice(("— 3 —", "- 4 -", "第 5 页 共 9 页", "第5页")),
                              rng.choice(("政府信息公开工作年度报告", "2023年度报告", ""))]
    return "\n".join(lines)


def damage_subtotal_column(text: str, rng: random.Random) -> str:
    """An extra 法人或其他组织 小计 column: eight numbers a row."""
    lines = text.split("\n")
    for i in _table_rows(lines, 7):
        label, v = _split_row(lines[i], 7)
        orgs = sum(int(unicodedata.normalize("NFKC", x)) for x in v[1:6])
        lines[i] = "\t".join([label, *v[:6], str(orgs), v[6]])
    return "\n".join(line.replace("\t其他\t", "\t其他\t小计\t") for line in lines)


def damage_blank_zeros(text: str, rng: random.Random) -> str:
    """Zeros left blank (the cell is there, empty), as many Word tables print them."""
    lines = text.split("\n")
    for i in _table_rows(lines, 7):
        label, v = _split_row(lines[i], 7)
        lines[i] = "\t".join([label, *("" if unicodedata.normalize("NFKC", x) == "0" else x for x in v)])
    return "\n".join(lines)


def damage_blank_total_column(text: str, rng: random.Random) -> str:
    """The 总计 column left empty."""
    lines = text.split("\n")
    for i in _table_rows(lines, 7):
        label, v = _split_row(lines[i], 7)
        lines[i] = "\t".join([label, *v[:6], ""])
    return "\n".join(lines)


def damage_ocr_row_tables(text: str, rng: random.Random) -> str:
    """OCR output: each row its own small table, with column headers 数据1 … 数据7."""
    lines = text.split("\n")
    for i in reversed(_table_rows(lines, 7)):
        label, v = _split_row(lines[i], 7)
        head = "| 项目 | " + " | ".join(f"数据{k}" for k in range(1, 8)) + " |"
        lines[i:i + 1] = [head, "| " + label.strip("\t").replace("\t", " ") + " | " + " | ".join(v) + " |"]
    return "\n".join(lines)


_TYPOS = (("其他法律行政法规禁止公开", "其他法律行政止公开"), ("保护第三方合法权益", "保护第三方合法杈益"),
          ("信访举报投诉类申请", "信访举报投拆类申请"), ("本机关不掌握相关政府信息", "本机关不掌握相关政府信患"),
          ("重复申请", "重复申情"))


def damage_label_typos(text: str, rng: random.Random) -> str:
    """OCR typos in row labels (其他法律行政止公开)."""
    for right, wrong in rng.sample(_TYPOS, 3):
        text = text.replace(right, wrong)
    return text


def damage_sections_off_by_one(text: str, rng: random.Random) -> str:
    """Section headings numbered off by one (三、主动公开… for 二、主动公开…)."""
    for old, new in (("四、政府信息公开行政复议", "五、政府信息公开行政复议"), ("三、收到和处理", "四、收到和处理"),
                     ("二、主动公开政府信息情况", "三、主动公开政府信息情况")):
        text = text.replace(old, new)
    return text


DAMAGES: dict[str, Callable[[str, random.Random], str]] = {
    "run_together": damage_run_together,
    "displaced_labels": damage_displaced_labels,
    "char_per_line": damage_char_per_line,
    "page_furniture": damage_page_furniture,
    "subtotal_column": damage_subtotal_column,
    "blank_zeros": damage_blank_zeros,
    "blank_total_column": damage_blank_total_column,
    "ocr_row_tables": damage_ocr_row_tables,
    "label_typos": damage_label_typos,
    "sections_off_by_one": damage_sections_off_by_one,
}


def _blocks(text: str) -> Iterator[tuple[str, list[list[str]]]]:
    """A tab-layout text as ("table", rows of cells) for each run of tab lines and ("p", [[line]]) for the rest."""
    table: list[list[str]] = []
    for line in text.split("\n"):
        if "\t" in line:
            table.append(line.split("\t"))
            continue
        if table:
            yield "table", table
            table = []
        yield "p", [[line]]
    if table:
        yield "table", table


def text_as_html(text: str) -> str:
    """A (damaged) tab-layout report as a web page: each run of tab lines a table, cell for cell."""
    import html as _html

    out = []
    for kind, rows in _blocks(text):
        if kind == "p":
            out.append(f"<p>{_html.escape(rows[0][0])}</p>")
            continue
        width = max(len(r) for r in rows)
        cells = "".join("<tr>" + "".join(f"<td>{_html.escape(c)}</td>" for c in r + [""] * (width - len(r)))
                        + "</tr>" for r in rows)
        out.append(f"<table border='1'>{cells}</table>")
    return "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + "\n".join(out) + "</body></html>"


def text_as_docx(text: str) -> bytes:
    """A (damaged) tab-layout report as a Word file: each run of tab lines a table."""
    import io

    import docx

    document = docx.Document()
    for kind, rows in _blocks(text):
        if kind == "p":
            document.add_paragraph(rows[0][0])
            continue
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for row, cells in zip(rows, table.rows):  # row.cells once per row: table.cell() is quadratic
            for value, cell in zip(row, cells.cells):
                if value:
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
