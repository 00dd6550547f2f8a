"""A corpus of reports as the real tools leave them: the official template filled, printed by LibreOffice,
then turned back into text by the extractors, crawlers, converters and OCR that researchers really use.

    python benchmarks/real_tools_corpus.py [--n 200] [--seed 14] [--out data/corpus] [--tools a,b] [--ocr 30]
                                           [--first-batch 20]

Imitating damage by hand scored 98.9% on our own corpus and 42% on real files; text made by the real tools
from a real Word template is damaged the way real files are. Every report keeps its figures as ground truth:
each tool folder holds the files and ``expected.json`` in the shape of /work/shared/tools/score.py (a blank
cell is null). ``--first-batch K`` first writes K reports x every non-OCR tool and touches ``READY``, so that
measuring can start while the rest is built.

Needs LibreOffice (soffice), poppler-utils and Tesseract with chi_sim (Debian), and the ``corpus`` extra.
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from govfoi.codes import (  # noqa: E402
    APPLICANTS,
    CHANNELS,
    DISCLOSURE_MEASURES,
    DISCLOSURE_MEASURES_2019,
    OUTCOMES,
    RESULTS,
)
from govfoi.testing.synth import Figures, random_figures  # noqa: E402

TEMPLATE = ROOT / "tests" / "data" / "template-2021-blank.docx"
SOURCES = ("docx", "pdf", "html")  # the files the tools start from; also scored, as a control
TOOLS = (
    "pdftotext",
    "pdftotext-layout",
    "pdftotext-raw",
    "pdfplumber",
    "pypdfium2",
    "pdfminer",
    "markitdown",
    "crawler-oneline",
    "crawler-innertext",
    "html-in-js",
    "ocr-tesseract",
)
OCR = "ocr-tesseract"

# ---- figures ---------------------------------------------------------------------------------------------------

_PROVINCES = ("浙江省", "江苏省", "福建省", "湖南省", "四川省", "河南省", "广东省", "山东省")
_PLACES = (
    "青山",
    "临江",
    "东湖",
    "西岭",
    "南川",
    "北坪",
    "长宁",
    "安平",
    "永和",
    "新丰",
    "石桥",
    "白沙",
    "金台",
    "玉泉",
    "云溪",
    "龙门",
    "凤城",
    "平湖",
    "清河",
    "松原",
    "桃源",
    "柳林",
    "梅山",
    "竹溪",
    "兰亭",
    "华阳",
)
_BODIES = (
    "人民政府",
    "人民政府办公室",
    "发展和改革局",
    "司法局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "市场监督管理局",
    "生态环境分局",
    "交通运输局",
    "卫生健康委员会",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "农业农村局",
    "退役军人事务局",
    "医疗保障局",
    "行政审批服务局",
    "综合行政执法局",
    "应急管理局",
    "文化和广电旅游体育局",
    "统计局",
    "水利局",
    "商务局",
)
_LONG_BODIES = (
    "人民政府办公室（区政务服务管理办公室）",
    "住房和城乡建设局（区人民防空办公室）",
    "市场监督管理局（区知识产权局）",
    "发展和改革局（区粮食和物资储备局）",
    "自然资源和规划局（林业局）",
    "卫生健康委员会（中医药管理局）",
)


def agency(rng: random.Random) -> str:
    """A made-up agency name: short (青山区司法局) to long (浙江省青山市临江区住房和城乡建设局（区人民防空办公室）)."""
    county = rng.choice(_PLACES) + rng.choice(("区", "县", "市"))
    roll = rng.random()
    if roll < 0.1:
        return county + rng.choice(_PLACES) + rng.choice(("街道办事处", "镇人民政府", "乡人民政府"))
    body = rng.choice(_LONG_BODIES) if roll < 0.25 else rng.choice(_BODIES)
    if rng.random() < 0.35:
        county = (
            rng.choice(_PLACES) + "市" + county
            if rng.random() < 0.6
            else rng.choice(_PROVINCES) + rng.choice(_PLACES) + "市" + county
        )
    return county + body


def figures_2019(rng: random.Random, fig: Figures) -> dict[tuple[str, str], float]:
    """Table 二 of the 2019 template (国办公开办函〔2019〕60号): made, published, public total; items and
    their change; procurement in 万元."""
    out: dict[tuple[str, str], float] = {}
    for item, measures in DISCLOSURE_MEASURES_2019.items():
        if "made" in measures:
            made = rng.choice((0, rng.randint(0, 12), rng.randint(0, 300)))
            published = rng.randint(0, made)
            out.update(
                {
                    (item, "made"): made,
                    (item, "published"): published,
                    (item, "public_total"): published + rng.randint(0, 900),
                }
            )
        elif item == "procurement":
            out[(item, "procurement_items")] = rng.randint(0, 60)
            out[(item, "procurement_amount")] = rng.randint(0, 5_000_000) / 100
        else:
            out[(item, "items_last_year")] = rng.randint(0, 400)
            out[(item, "items_change")] = rng.choice((0, 0, rng.randint(-9, 9)))
            if "decisions" in measures:
                out[(item, "decisions")] = rng.choice((0, rng.randint(0, 999), rng.randint(0, 99_999)))
    return out


@dataclass
class Plan:
    """One report: its figures and how its author laid it out."""

    stem: str
    fig: Figures
    template: str  # 2021 or 2019
    disclosure: dict[tuple[str, str], float]
    blank: set[tuple[str, str, str]] = field(default_factory=set)  # (table, row, column) printed empty
    subtotal: bool = False  # a 法人或其他组织 小计 column in table 三
    font: str = "宋体"
    size: float = 10.5
    table_size: float = 9
    label_share: float = 0.35  # share of table 三's width given to its three label columns
    title_style: int = 0
    prose: int = 2
    contact: bool = False
    signature: bool = False
    thousands: bool = False
    decimals: int = 2

    def applications(self) -> dict[tuple[str, str], int]:
        """Table 三's cells; the 2019 template has one （六）其他处理 row holding all three of 2021's."""
        apps = dict(self.fig.applications)
        if self.template == "2019":
            for a in APPLICANTS:
                apps[("other", a)] += apps.pop(("other_no_correction", a)) + apps.pop(("other_no_fee", a))
        return apps

    def outcomes(self) -> tuple[str, ...]:
        skip = ("other_no_correction", "other_no_fee") if self.template == "2019" else ()
        return tuple(o for o in OUTCOMES if o not in skip)


def plan(i: int, rng: random.Random) -> Plan:
    template = "2019" if rng.random() < 0.2 else "2021"
    year = rng.randint(2019, 2020) if template == "2019" else rng.randint(2021, 2025)
    fig = random_figures(rng, agency=agency(rng), year=year)
    disclosure = figures_2019(rng, fig) if template == "2019" else dict(fig.disclosure)
    p = Plan(f"rt{i:04d}", fig, template, disclosure)
    p.font = rng.choice(
        (
            "宋体",
            "仿宋_GB2312",
            "仿宋",
            "黑体",
            "楷体_GB2312",
            "Noto Serif CJK SC",
            "Noto Sans CJK SC",
            "微软雅黑",
            "Times New Roman",
        )
    )
    p.size = rng.choice((10.5, 12, 14, 16))  # 五号, 小四, 四号, 三号 (仿宋 三号 is the official body size)
    p.table_size = rng.choice((7.5, 9, 9, 10.5, 10.5, 12))
    p.label_share = rng.uniform(0.22, 0.5)
    p.title_style = rng.randrange(6)
    p.prose = rng.choice((0, 1, 2, 3, 5, 8))
    p.contact = rng.random() < 0.4
    p.signature = rng.random() < 0.5
    p.thousands = rng.random() < 0.1
    p.decimals = rng.choice((0, 2, 2, 4))  # fee amounts: 1234.5 / 1234.50 / 1234.5000
    p.subtotal = rng.random() < 0.15
    p.blank = _blanks(p, rng)
    return p


def _blanks(p: Plan, rng: random.Random) -> set[tuple[str, str, str]]:
    """Zeros left empty, as many Word tables print them: organisation columns, all zeros, or a few."""
    apps = p.applications()
    mode = rng.choices(("none", "orgs", "all", "some"), (0.45, 0.25, 0.12, 0.18))[0]
    out: set[tuple[str, str, str]] = set()
    for (o, a), v in apps.items():
        if v != 0:
            continue
        if (
            mode == "all"
            or (mode == "orgs" and a not in ("natural_person", "total"))
            or (mode == "some" and rng.random() < 0.3)
        ):
            out.add(("applications", o, a))
    if rng.random() < 0.2:
        out |= {("appeals", c, r) for (c, r), v in p.fig.appeals.items() if v == 0}
    if rng.random() < 0.15:
        out |= {("disclosure", i, m) for (i, m), v in p.disclosure.items() if v == 0}
    return out


def expected(p: Plan, file: str) -> dict:
    """The report's truth in the scorer's shape; a blank cell is null."""

    def value(table: str, row: str, col: str, v: float) -> float | int | None:
        return None if (table, row, col) in p.blank else v

    apps = p.applications()
    return {
        "file": file,
        "agency": p.fig.agency,
        "year": p.fig.year,
        "template": p.template,
        "applications": {o: {a: value("applications", o, a, apps[(o, a)]) for a in APPLICANTS} for o in p.outcomes()},
        "appeals": {f"{c}.{r}": value("appeals", c, r, p.fig.appeals[(c, r)]) for c in CHANNELS for r in RESULTS},
        "disclosure": {f"{i}.{m}": value("disclosure", i, m, v) for (i, m), v in p.disclosure.items()},
    }


def features(p: Plan) -> dict:
    """How the report was laid out, so that results can be split by what its author varied."""
    return {
        "stem": p.stem,
        "template": p.template,
        "year": p.fig.year,
        "agency": p.fig.agency,
        "subtotal_column": p.subtotal,
        "blank_cells": len(p.blank),
        "blank_in_applications": any(b[0] == "applications" for b in p.blank),
        "font": p.font,
        "body_pt": p.size,
        "table_pt": p.table_size,
        "label_share": round(p.label_share, 2),
        "title_style": p.title_style,
        "prose_paragraphs": p.prose,
        "thousands_separators": p.thousands,
    }


# ---- the Word file ----------------------------------------------------------------------------------------------

_NARRATIVE = (
    (
        "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，"
        "围绕中心工作，不断加大政府信息公开力度。"
    ),
    "（一）主动公开。全年通过门户网站主动公开政府信息{a}条，其中政策文件{b}件，政策解读{c}篇；召开新闻发布会{d}场。",
    "（二）依申请公开。{year}年共受理政府信息公开申请{r}件，上年结转{co}件，均在法定期限内答复。",
    "（三）政府信息管理。严格落实保密审查制度，全年清理规范性文件{e}件，规范信息发布流程。",
    "（四）政府信息公开平台建设。优化政府网站栏目{f}个，发挥政务新媒体作用，“{place}发布”微信公众号推送信息{g}条。",
    "（五）监督保障。将政务公开纳入绩效考核，开展业务培训{h}次，参训{k}人次。{prev}年以来未发生泄密事件。",
    (
        "同时，我们聚焦重点领域信息公开，围绕财政预决算、重大建设项目、公共资源配置等领域及时公开相关信息，"
        "切实保障人民群众的知情权、参与权、表达权和监督权。"
    ),
    "此外，进一步规范政务公开标准目录，在{n}个领域编制标准目录，做到应公开尽公开。",
)


def _prose(p: Plan, rng: random.Random) -> list[str]:
    apps = p.applications()
    facts = dict(
        year=p.fig.year,
        agency=p.fig.agency,
        prev=p.fig.year - 3,
        place=p.fig.agency[:2],
        r=apps[("received", "total")],
        co=apps[("carried_over", "total")],
        **{k: rng.randint(1, 3000) for k in "abcdefghkn"},
    )
    return [_NARRATIVE[k].format(**facts) for k in range(min(p.prose, len(_NARRATIVE)))]


def _titles(p: Plan) -> list[str]:
    a, y = p.fig.agency, p.fig.year
    return [
        [f"{a}{y}年政府信息公开工作年度报告"],
        [f"{a}{y}年度政府信息公开工作年度报告"],
        [a, f"{y}年政府信息公开工作年度报告"],
        [f"{a}", f"{y}年度政府信息公开工作年度报告"],
        [f"{a}关于{y}年政府信息公开工作年度报告"],
        [f"{y}年{a}政府信息公开工作年度报告"],
    ][p.title_style]


def _opening(p: Plan) -> str:
    y = p.fig.year
    text = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"《中华人民共和国政府信息公开工作年度报告格式》"
        f"（国办公开办函〔{2021 if p.template == '2021' else 2019}〕"
        f"{30 if p.template == '2021' else 60}号）要求编制。"
        f"本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
    )
    if p.contact:
        text += f"如对本报告有疑问，请与{p.fig.agency}办公室联系（电话：0{p.fig.year % 1000}-8{p.fig.year}66）。"
    return text


def _number(v: float, p: Plan, rng: random.Random, decimals: bool = False) -> str:
    if decimals:
        return f"{v:.{p.decimals}f}" if p.decimals else (f"{v:.2f}".rstrip("0").rstrip("."))
    v = int(v)
    if p.thousands and abs(v) >= 1000:
        return f"{v:,}"
    return str(v)


def _set(cell, text: str) -> None:
    """A cell's whole text (python-docx drops the template's placeholder runs)."""
    cell.text = text


def _put(p: Plan, table: str, row: str, col: str, v: float, cell, rng: random.Random, decimals: bool = False) -> None:
    if (table, row, col) in p.blank:
        _set(cell, rng.choice(("", "", "\u3000")) if table == "disclosure" else "")
    else:
        _set(cell, _number(v, p, rng, decimals))


def _fill_2021_disclosure(doc, p: Plan, rng: random.Random) -> None:
    t = doc.tables[0]
    spots = {("regulations", m): (2, k + 1) for k, m in enumerate(DISCLOSURE_MEASURES["regulations"])}
    spots |= {("normative_documents", m): (3, k + 1) for k, m in enumerate(DISCLOSURE_MEASURES["normative_documents"])}
    spots |= {
        ("licensing", "decisions"): (6, 1),
        ("penalty", "decisions"): (9, 1),
        ("coercion", "decisions"): (10, 1),
        ("fees", "amount_10k_yuan"): (13, 1),
    }
    for (item, m), (r, c) in spots.items():
        _put(p, "disclosure", item, m, p.disclosure[(item, m)], t.rows[r].cells[c], rng, m == "amount_10k_yuan")


_TABLE_2_2019 = (
    ("第二十条第（一）项", None),
    ("信息内容", ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
    ("规章", "regulations"),
    ("规范性文件", "normative_documents"),
    ("第二十条第（五）项", None),
    ("信息内容", ("上一年项目数量", "本年增/减", "处理决定数量")),
    ("行政许可", "licensing"),
    ("其他对外管理服务事项", "other_admin_services"),
    ("第二十条第（六）项", None),
    ("信息内容", ("上一年项目数量", "本年增/减", "处理决定数量")),
    ("行政处罚", "penalty"),
    ("行政强制", "coercion"),
    ("第二十条第（八）项", None),
    ("信息内容", ("上一年项目数量", "本年增/减")),
    ("行政事业性收费", "fees"),
    ("第二十条第（九）项", None),
    ("信息内容", ("采购项目数量", "采购总金额")),
    ("政府集中采购", "procurement"),
)


def _fill_2019_disclosure(doc, p: Plan, rng: random.Random) -> None:
    """Rebuild table 二 with the 2019 template's rows, from copies of the 2021 table's own rows."""
    t = doc.tables[0]
    tbl = t._tbl
    trs = list(tbl.tr_lst)
    section, plain = trs[0], trs[1]
    for tr in trs:
        tbl.remove(tr)
    for _head, content in _TABLE_2_2019:
        tbl.append(copy.deepcopy(section if content is None else plain))
    for row, (head, content) in zip(t.rows, _TABLE_2_2019):
        cells = row.cells
        if content is None:
            _set(cells[0], head)
            continue
        width = len(content) if isinstance(content, tuple) else len(DISCLOSURE_MEASURES_2019[content])
        if width == 2:  # (八) and (九) have two columns: the last two of the grid merged
            cells[2].merge(cells[3])
            cells = row.cells
        _set(cells[0], head)
        if isinstance(content, tuple):
            for c, text in zip(cells[1:], content):
                _set(c, text)
            continue
        for c, m in zip(cells[1:], DISCLOSURE_MEASURES_2019[content]):
            v = p.disclosure[(content, m)]
            if m == "items_change" and v > 0 and rng.random() < 0.3:
                _set(c, f"+{int(v)}")
            else:
                _put(p, "disclosure", content, m, v, c, rng, m == "procurement_amount")


def _single_other_row(t) -> None:
    """2019: （六）其他处理 is one row: drop 2021's rows 1. and 2., and make 3.其他 a whole row label."""
    trs = t._tbl.tr_lst
    for tr in (trs[23], trs[24]):
        t._tbl.remove(tr)
    tr = t._tbl.tr_lst[23]
    tcs = tr.findall(qn("w:tc"))
    label, sub = tcs[1], tcs[2]
    pr = label.get_or_add_tcPr()
    for v in pr.findall(qn("w:vMerge")):
        pr.remove(v)
    span = pr.find(qn("w:gridSpan"))
    if span is None:
        span = pr.makeelement(qn("w:gridSpan"), {})
        pr.append(span)
    span.set(qn("w:val"), "2")
    tr.remove(sub)
    # the text goes in after the structure is final
    t.rows[23].cells[1].text = "（六）其他处理"


def _add_subtotal_column(t, after: int = 8) -> None:
    """A 小计 column after 其他 under 法人或其他组织: header cells widen, every other row gets a copy."""
    grid = t._tbl.tblGrid
    cols = grid.findall(qn("w:gridCol"))
    grid.insert(grid.index(cols[after]) + 1, copy.deepcopy(cols[after]))
    for k, tr in enumerate(t._tbl.tr_lst):
        pos = 0
        for tc in tr.findall(qn("w:tc")):
            span = (
                int(tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")))
                if tc.tcPr is not None and tc.tcPr.find(qn("w:gridSpan")) is not None
                else 1
            )
            if pos <= after < pos + span:
                if k < 2:  # 申请人情况 and 法人或其他组织 span the new column too
                    pr = tc.get_or_add_tcPr()
                    gs = pr.find(qn("w:gridSpan"))
                    if gs is None:
                        gs = pr.makeelement(qn("w:gridSpan"), {})
                        pr.append(gs)
                    gs.set(qn("w:val"), str(span + 1))
                else:
                    tr.insert(tr.index(tc) + 1, copy.deepcopy(tc))
                break
            pos += span


def _fill_applications(doc, p: Plan, rng: random.Random) -> None:
    t = doc.tables[1]
    if p.template == "2019":
        _single_other_row(t)
    if p.subtotal:
        _add_subtotal_column(t)
        t.rows[2].cells[9].text = "小计"
    apps = p.applications()
    for k, o in enumerate(p.outcomes()):
        cells = t.rows[3 + k].cells
        cols = list(range(3, 9)) + ([9] if p.subtotal else []) + [10 if p.subtotal else 9]
        for a, c in zip(APPLICANTS[:6], cols[:6]):
            _put(p, "applications", o, a, apps[(o, a)], cells[c], rng)
        if p.subtotal:
            orgs = sum(apps[(o, a)] for a in APPLICANTS[1:6])
            _set(
                cells[9],
                ""
                if orgs == 0 and all(("applications", o, a) in p.blank for a in APPLICANTS[1:6])
                else _number(orgs, p, rng),
            )
        _put(p, "applications", o, "total", apps[(o, "total")], cells[cols[-1]], rng)


def _fill_appeals(doc, p: Plan, rng: random.Random) -> None:
    cells = doc.tables[2].rows[3].cells
    for k, (c, r) in enumerate((c, r) for c in CHANNELS for r in RESULTS):
        _put(p, "appeals", c, r, p.fig.appeals[(c, r)], cells[k], rng)


def _widths(t, label_cols: int, label_share: float, total: int, rng: random.Random) -> None:
    """Column widths as an author drags them: label columns share ``label_share`` of the width, unevenly."""
    cols = t._tbl.tblGrid.findall(qn("w:gridCol"))
    label = [rng.uniform(0.6, 1.4) for _ in range(label_cols)]
    values = [rng.uniform(0.8, 1.2) for _ in range(len(cols) - label_cols)]
    widths = [int(total * label_share * w / sum(label)) for w in label] + [
        int(total * (1 - label_share) * w / sum(values)) for w in values
    ]
    for col, w in zip(cols, widths):
        col.set(qn("w:w"), str(w))
    for tr in t._tbl.tr_lst:
        pos = 0
        for tc in tr.findall(qn("w:tc")):
            pr = tc.get_or_add_tcPr()
            gs = pr.find(qn("w:gridSpan"))
            span = int(gs.get(qn("w:val"))) if gs is not None else 1
            tcw = pr.find(qn("w:tcW"))
            if tcw is None:
                tcw = pr.makeelement(qn("w:tcW"), {})
                pr.insert(0, tcw)
            tcw.set(qn("w:w"), str(sum(widths[pos : pos + span])))
            tcw.set(qn("w:type"), "dxa")
            pos += span


def _fonts(doc, p: Plan) -> None:
    """Every run in the author's font and size; tables in their own size."""
    body = doc.element.body
    tables = set(body.iter(qn("w:tbl")))
    for r in body.iter(qn("w:r")):
        in_table = any(a in tables for a in r.iterancestors(qn("w:tbl")))
        rpr = r.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), p.font)
        for tag in ("w:sz", "w:szCs"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
            el = rpr.makeelement(qn(tag), {})
            el.set(qn("w:val"), str(int(2 * (p.table_size if in_table else p.size))))
            rpr.append(el)


def write_docx(p: Plan, path: Path, rng: random.Random) -> None:
    doc = docx.Document(str(TEMPLATE))
    paras = doc.paragraphs
    titles = _titles(p)
    paras[1].text = titles[0]
    for line in titles[1:]:
        paras[2].insert_paragraph_before(line)
    paras[2].insert_paragraph_before(_opening(p))
    prose = _prose(p, rng)
    paras[4].text = prose[0] if prose else "无。"
    for text in prose[1:]:
        paras[5].insert_paragraph_before(text)
    paras[29].text = "一是主动公开的深度有待提升；二是依申请公开答复质量仍需提高。下一步将加强培训，完善制度。"
    paras[31].text = "本年度未收取政府信息公开信息处理费。" if rng.random() < 0.7 else "无。"
    if p.signature:
        doc.add_paragraph(p.fig.agency)
        doc.add_paragraph(f"{p.fig.year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
    if p.template == "2019":
        _fill_2019_disclosure(doc, p, rng)
    else:
        _fill_2021_disclosure(doc, p, rng)
    _fill_applications(doc, p, rng)
    _fill_appeals(doc, p, rng)
    total = rng.randint(8000, 9600)
    _widths(doc.tables[0], 1, rng.uniform(0.2, 0.45), total, rng)
    _widths(doc.tables[1], 3, p.label_share, total, rng)
    _fonts(doc, p)
    doc.save(str(path))
    _verify(docx.Document(str(path)), p)


def _read(text: str) -> float | None:
    text = text.strip().replace(",", "")
    return None if not text else float(text)


def _verify(doc, p: Plan) -> None:
    """Read the saved tables back cell by cell: the truth must be what the Word file says."""
    truth = expected(p, "")
    got: dict[str, float | None] = {}
    for k, o in enumerate(p.outcomes()):
        cells = [c.text for c in doc.tables[1].rows[3 + k].cells][3:]
        if p.subtotal:
            del cells[6]
        got |= {f"applications.{o}.{a}": _read(t) for a, t in zip(APPLICANTS, cells, strict=True)}
    cells = [c.text for c in doc.tables[2].rows[3].cells]
    got |= {
        f"appeals.{c}.{r}": _read(t)
        for (c, r), t in zip(((c, r) for c in CHANNELS for r in RESULTS), cells, strict=True)
    }
    want = {f"applications.{o}.{a}": v for o, cols in truth["applications"].items() for a, v in cols.items()}
    want |= {f"appeals.{k}": v for k, v in truth["appeals"].items()}
    rows = {row.cells[0].text: row.cells for row in doc.tables[0].rows}
    heads = (
        dict(_TABLE_2_2019)
        if p.template == "2019"
        else {
            "规章": "regulations",
            "行政规范性文件": "normative_documents",
            "行政许可": "licensing",
            "行政处罚": "penalty",
            "行政强制": "coercion",
            "行政事业性收费": "fees",
        }
    )
    measures = DISCLOSURE_MEASURES_2019 if p.template == "2019" else DISCLOSURE_MEASURES
    for head, item in heads.items():
        if isinstance(item, str):
            got |= {f"disclosure.{item}.{m}": _read(c.text) for m, c in zip(measures[item], rows[head][1:])}
    want |= {f"disclosure.{k}": v for k, v in truth["disclosure"].items()}
    bad = {k: (got.get(k, "absent"), v) for k, v in want.items() if got.get(k, "absent") != v}
    if bad:
        raise AssertionError(f"{p.stem}: the Word file does not say what the truth says: {bad}")


# ---- LibreOffice ------------------------------------------------------------------------------------------------


def convert(files: list[Path], to: str, out: Path, profile: Path) -> None:
    """LibreOffice headless, many files a call; its own profile so that another soffice is not disturbed."""
    out.mkdir(parents=True, exist_ok=True)
    for k in range(0, len(files), 50):
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(out),
                *map(str, files[k : k + 50]),
            ],
            check=True,
            capture_output=True,
            timeout=1800,
        )


# ---- the tools ---------------------------------------------------------------------------------------------------


def _run(cmd: list[str]) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, timeout=600).stdout.decode("utf-8", "replace")


def pdftotext(mode: str | None) -> Callable[[Path], str]:
    def extract(pdf: Path) -> str:
        return _run(["pdftotext", *([mode] if mode else []), "-enc", "UTF-8", str(pdf), "-"])

    return extract


def pdfplumber_text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def pypdfium2_text(pdf: Path) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def pdfminer_text(pdf: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(pdf))


def markitdown_text(pdf: Path) -> str:
    from markitdown import MarkItDown

    return MarkItDown(enable_plugins=False).convert(str(pdf)).text_content


def _body_nodes(page: str) -> list[str]:
    from lxml import html as lxml_html

    root = lxml_html.fromstring(page.encode("utf-8"))
    return [str(t) for t in root.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")]


def crawler_capture(page: str, p: Plan, rng: random.Random) -> str:
    """A crawler's page.txt: a metadata header, then every text node joined with no separator on ONE line.

    Each node loses the markup's line breaks and indentation (as ``get_text(strip=True)`` does), while
    ``&nbsp;`` survives as a space, as in the Pingtan captures.
    """
    nodes = (re.sub(r"[ \t\r\n]+", " ", t).strip(" ").replace("\xa0", " ") for t in _body_nodes(page))
    body = "".join(nodes)
    a, y = p.fig.agency, p.fig.year
    published = f"{y + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    n = rng.randint(10000, 99999)
    title = "".join(_titles(p))
    path = f"zwgk/zfxxgk/zfxxgknb/{y + 1}01/{n}_{title}"
    return (
        f"标题: {title}\n发布时间: {published}\n文号: \n发布机构: {a if rng.random() < 0.5 else ''}\n"
        f"栏目: 政府信息公开年报\n"
        f"原文链接: https://www.example.gov.cn/{path[: -len(title) - 7]}t{y + 1}0115_{n}.htm\n"
        f"本地目录: {path}\n页面链接与图片详见 links.tsv(同目录)\n"
        f"==================== 正文 ====================\n{body}\n"
    )


def inner_text(page: str) -> str:
    """The page as text with line breaks at block elements, as a crawler that renders the page keeps it.

    inscriptis is made for this: it lays HTML out the way a text browser does (block elements on their own
    lines, table cells kept apart and aligned in columns, a cell's own line breaks kept), where html2text
    writes Markdown syntax no crawler produces. Its output is used as it comes, with its default settings.
    """
    from inscriptis import get_text
    from inscriptis.model.config import ParserConfig

    return get_text(page, ParserConfig(display_links=False, display_images=False))


def in_js(page: str, p: Plan, rng: random.Random) -> tuple[str, str]:
    """The report's HTML as a JavaScript string, as CMS pages store it: a page whose script writes it, or
    a bare .js file. Returns (suffix, text)."""
    body = re.search(r"<body[^>]*>(.*)</body>", page, re.S | re.I)
    inner = body.group(1) if body else page
    escaped = inner.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    if rng.random() < 0.3:
        escaped = escaped.replace("</", "<\\/")
    script = f'var content = "{escaped}";'
    if rng.random() < 0.5:
        return ".js", script + '\ndocument.getElementById("zoom").innerHTML = content;\n'
    title = html.escape("".join(_titles(p)))
    return ".html", (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>\n'
        f'<body><div class="nav"><a href="/">首页</a> &gt; 政府信息公开年报</div>\n'
        f'<div id="zoom"></div>\n<script type="text/javascript">\n{script}\n'
        f'document.getElementById("zoom").innerHTML = content;\n</script>\n'
        f'<div class="footer">主办：{html.escape(p.fig.agency)}</div></body></html>\n'
    )


def ocr(pdf: Path, work: Path) -> str:
    """Tesseract (chi_sim, --psm 4) of every page rendered at 200 dpi by pdftoppm."""
    stem = work / pdf.stem
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(stem)], check=True, capture_output=True)
    pages = sorted(work.glob(f"{pdf.stem}-*.png"))
    out = []
    for png in pages:
        out.append(_run(["tesseract", str(png), "-", "-l", "chi_sim", "--psm", "4"]))
        png.unlink()
    return "\n".join(out)


PDF_TOOLS: dict[str, tuple[str, Callable[[Path], str]]] = {
    "pdftotext": (".txt", pdftotext(None)),
    "pdftotext-layout": (".txt", pdftotext("-layout")),
    "pdftotext-raw": (".txt", pdftotext("-raw")),
    "pdfplumber": (".txt", pdfplumber_text),
    "pypdfium2": (".txt", pypdfium2_text),
    "pdfminer": (".txt", pdfminer_text),
    "markitdown": (".md", markitdown_text),
}


# ---- the build ---------------------------------------------------------------------------------------------------


def build(plans: list[Plan], out: Path, tools: tuple[str, ...], ocr_count: int, seed: int) -> dict[str, float]:
    """Write every source and every tool's text for ``plans``; returns seconds per stage."""
    timings: dict[str, float] = {}
    src = {s: out / s for s in SOURCES}
    for folder in src.values():
        folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for p in plans:
        write_docx(p, src["docx"] / f"{p.stem}.docx", random.Random(f"{seed}-{p.stem}-docx"))
    timings["docx"] = time.perf_counter() - t0
    docs = [src["docx"] / f"{p.stem}.docx" for p in plans]
    with tempfile.TemporaryDirectory(prefix="corpus-lo-") as tmp:
        t0 = time.perf_counter()
        convert(docs, "pdf", src["pdf"], Path(tmp) / "profile")
        timings["pdf"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        convert(docs, "html", src["html"], Path(tmp) / "profile")
        timings["html"] = time.perf_counter() - t0
    for s in SOURCES:
        _write_expected(src[s], plans, f".{s}")
    for tool in tools:
        t0 = time.perf_counter()
        folder = out / tool
        folder.mkdir(parents=True, exist_ok=True)
        chosen = plans[:ocr_count] if tool == OCR else plans
        names: dict[str, str] = {}
        with tempfile.TemporaryDirectory(prefix="corpus-ocr-") as work:
            for p in chosen:
                rng = random.Random(f"{seed}-{p.stem}-{tool}")
                pdf = src["pdf"] / f"{p.stem}.pdf"
                if tool in PDF_TOOLS:
                    suffix, extract = PDF_TOOLS[tool]
                    text = extract(pdf)
                elif tool == OCR:
                    suffix, text = ".txt", ocr(pdf, Path(work))
                else:
                    page = (src["html"] / f"{p.stem}.html").read_text(encoding="utf-8", errors="replace")
                    if tool == "crawler-oneline":
                        suffix, text = ".txt", crawler_capture(page, p, rng)
                    elif tool == "crawler-innertext":
                        suffix, text = ".txt", inner_text(page)
                    else:
                        suffix, text = in_js(page, p, rng)
                (folder / f"{p.stem}{suffix}").write_text(text, encoding="utf-8")
                names[p.stem] = f"{p.stem}{suffix}"
        _write_expected(folder, chosen, names)
        timings[tool] = time.perf_counter() - t0
    return timings


def _write_expected(folder: Path, plans: list[Plan], names: dict[str, str] | str) -> None:
    path = folder / "expected.json"
    old = {e["file"]: e for e in json.loads(path.read_text(encoding="utf-8"))} if path.exists() else {}
    for p in plans:
        name = names[p.stem] if isinstance(names, dict) else p.stem + names
        old[name] = expected(p, name)
    path.write_text(
        json.dumps(sorted(old.values(), key=lambda e: e["file"]), ensure_ascii=False, indent=1), encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="reports (default 200)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "corpus")
    ap.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of {', '.join(TOOLS)}")
    ap.add_argument("--ocr", type=int, default=30, help="reports also read by OCR (~5 s a page; default 30)")
    ap.add_argument(
        "--first-batch", type=int, default=0, help="first write this many reports x every non-OCR tool and touch READY"
    )
    ap.add_argument(
        "--sample",
        type=Path,
        metavar="DIR",
        help="instead of building: copy --stems of the corpus in --out to DIR (the tests' sample)",
    )
    ap.add_argument("--stems", default="", help="reports to copy with --sample, e.g. rt0000,rt0003")
    a = ap.parse_args(argv)
    if a.sample:
        copy_sample(a.out, a.sample, a.stems.split(","))
        return 0
    tools = tuple(t for t in a.tools.split(",") if t)
    unknown = set(tools) - set(TOOLS)
    if unknown:
        ap.error(f"unknown tools: {', '.join(sorted(unknown))}; choose from {', '.join(TOOLS)}")
    missing = [cmd for cmd in ("soffice", "pdftotext", "pdftoppm", "tesseract") if shutil.which(cmd) is None]
    if missing:
        print(f"missing commands: {', '.join(missing)} (make corpus installs them)", file=sys.stderr)
        return 1
    rng = random.Random(a.seed)
    plans = [plan(i, rng) for i in range(a.n)]
    if a.out.exists():
        shutil.rmtree(a.out)
    a.out.mkdir(parents=True)
    (a.out / "plans.json").write_text(
        json.dumps([features(p) for p in plans], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    start = time.perf_counter()
    done = 0
    if a.first_batch:
        batch = plans[: a.first_batch]
        build(batch, a.out, tuple(t for t in tools if t != OCR), 0, a.seed)
        (a.out / "READY").write_text(f"{len(batch)} reports x {len(tools) - (OCR in tools)} tools\n")
        print(f"first batch: {len(batch)} reports in {time.perf_counter() - start:.0f} s; READY", flush=True)
        done = len(batch)
    timings = build(plans[done:], a.out, tools, max(0, a.ocr - done), a.seed)
    print("seconds per stage: " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()), flush=True)
    if done and OCR in tools:  # the first batch skipped OCR: read those reports now
        _ocr_only(plans[: min(done, a.ocr)], a.out, a.seed)
    (a.out / "READY").write_text(f"{len(plans)} reports x {len(tools)} tools (OCR: {min(a.ocr, len(plans))})\n")
    size = sum(f.stat().st_size for f in a.out.rglob("*") if f.is_file())
    print(
        f"{len(plans)} reports x {len(tools)} tools (+ docx/pdf/html) in {time.perf_counter() - start:.0f} s, "
        f"{size / 1e6:.1f} MB under {a.out}"
    )
    return 0


def copy_sample(corpus: Path, out: Path, stems: list[str]) -> None:
    """A few reports of every tool folder, with their expected.json, for the tests."""
    if out.exists():
        shutil.rmtree(out)
    for folder in sorted(f for f in corpus.iterdir() if (f / "expected.json").exists()):
        entries = [
            e
            for e in json.loads((folder / "expected.json").read_text(encoding="utf-8"))
            if Path(e["file"]).stem in stems
        ]
        if not entries:
            continue
        (out / folder.name).mkdir(parents=True)
        for e in entries:
            shutil.copy(folder / e["file"], out / folder.name / e["file"])
        (out / folder.name / "expected.json").write_text(
            json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    if (corpus / "plans.json").exists():
        plans = [f for f in json.loads((corpus / "plans.json").read_text(encoding="utf-8")) if f["stem"] in stems]
        (out / "plans.json").write_text(json.dumps(plans, ensure_ascii=False, indent=1), encoding="utf-8")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"{len(stems)} reports copied to {out}: {size / 1e6:.2f} MB")


def _ocr_only(plans: list[Plan], out: Path, seed: int) -> None:
    folder = out / OCR
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="corpus-ocr-") as work:
        for p in plans:
            (folder / f"{p.stem}.txt").write_text(ocr(out / "pdf" / f"{p.stem}.pdf", Path(work)), encoding="utf-8")
    _write_expected(folder, plans, ".txt")


if __name__ == "__main__":
    sys.exit(main())
