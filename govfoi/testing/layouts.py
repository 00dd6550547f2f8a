"""Synthetic figures rendered as reports in the text layouts found in the wild (tab, pipe, one cell per line,
Markdown, PDF text). Web pages and Word files are in ``documents``.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from govfoi.codes import (
    APPLICANTS,
    CHANNELS,
    HANDLED_OUTCOMES,
    OUTCOMES,
    RESULTS,
    label,
)
from govfoi.testing.figures import Figures, agency_name, random_figures

LAYOUTS = ("tab", "pipe", "cell-per-line", "markdown", "pdf")
_APPLICANT_HEADS = ("自然人", "法人或其他组织", "总计")
_ORG_HEADS = tuple(label("applicant", a) for a in APPLICANTS[1:6])

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
        [
            "行政规范性文件",
            n("normative_documents", "issued"),
            n("normative_documents", "abolished"),
            n("normative_documents", "in_force"),
        ],
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

    facts = [
        ("共受理政府信息公开申请", total("received")),
        ("全年答复政府信息公开申请", total("processed_total")),
        ("予以公开", total("granted")),
        ("部分公开", total("partially_granted")),
        ("不予公开", total("withheld")),
        ("无法提供", total("unavailable")),
        ("不予处理", total("not_processed")),
        ("其他处理", total("other")),
    ]
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
    "tab": _fmt_tab,
    "pipe": _fmt_pipe,
    "cell-per-line": _fmt_cells,
    "markdown": _fmt_markdown,
    "pdf": _fmt_pdf,
}


def render(fig: Figures, layout: str, rng: random.Random | None = None) -> str:
    """The report's text in one of ``LAYOUTS``."""
    if layout not in FORMATTERS:
        raise ValueError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    rng = rng or random.Random(0)
    fmt = FORMATTERS[layout]
    h = (lambda level, text: f"{'#' * level} {text}") if layout == "markdown" else (lambda level, text: text)
    title = f"{fig.agency}{fig.year}年政府信息公开工作年度报告"
    lines = [
        h(1, title),
        "",
        (
            f"本报告根据《中华人民共和国政府信息公开条例》编制。报告数据统计期限为{fig.year}年1月1日至"
            f"{fig.year}年12月31日。"
        ),
        "",
        h(2, "一、总体情况"),
        *_narrative(fig),
        "",
    ]
    lines += [h(2, "二、主动公开政府信息情况"), *fmt(_disclosure_rows(fig, rng), 2, rng), ""]
    rows, header = _application_rows(fig, rng)
    lines += [h(2, "三、收到和处理政府信息公开申请情况"), *fmt(rows, header, rng), ""]
    rows, header = _appeal_rows(fig, rng)
    lines += [h(2, "四、政府信息公开行政复议、行政诉讼情况"), *fmt(rows, header, rng), ""]
    lines += [h(2, x) if x.startswith(("五、", "六、")) else x for x in _closing()]
    return "\n".join(lines) + "\n"


def corpus(n: int, seed: int = 0, layouts: tuple[str, ...] = LAYOUTS) -> list[tuple[Figures, str, str]]:
    """n (figures, layout, text) triples, layouts in turn: a ready-made test or benchmark corpus."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        fig = random_figures(rng, agency=agency_name(i))
        layout = layouts[i % len(layouts)]
        out.append((fig, layout, render(fig, layout, random.Random(rng.random()))))
    return out
