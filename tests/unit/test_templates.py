"""Template eras: the 2019 template's table 二 (国办公开办函〔2019〕60号) read into its own cells."""

from __future__ import annotations

import random

import polars as pl

from govfoi.corpus.frames import Corpus
from govfoi.parse.report import parse_text
from govfoi.testing import synth

TABLE_2_2019 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t1\t1\t12
规范性文件\t23\t23\t310
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t120\t-3\t4567
其他对外管理服务事项\t15\t0\t88
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t300\t+5\t1,234
行政强制\t20\t0\t5
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t6\t-1
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t14\t256.7
"""
EXPECTED = {
    ("regulations", "made"): 1,
    ("regulations", "published"): 1,
    ("regulations", "public_total"): 12,
    ("normative_documents", "made"): 23,
    ("normative_documents", "published"): 23,
    ("normative_documents", "public_total"): 310,
    ("licensing", "items_last_year"): 120,
    ("licensing", "items_change"): -3,
    ("licensing", "decisions"): 4567,
    ("other_admin_services", "items_last_year"): 15,
    ("other_admin_services", "items_change"): 0,
    ("other_admin_services", "decisions"): 88,
    ("penalty", "items_last_year"): 300,
    ("penalty", "items_change"): 5,
    ("penalty", "decisions"): 1234,
    ("coercion", "items_last_year"): 20,
    ("coercion", "items_change"): 0,
    ("coercion", "decisions"): 5,
    ("fees", "items_last_year"): 6,
    ("fees", "items_change"): -1,
    ("procurement", "procurement_items"): 14,
    ("procurement", "procurement_amount"): 256.7,
}


def _report_2019(seed: int = 4) -> tuple[str, synth.Figures]:
    rng = random.Random(seed)
    fig = synth.random_figures(rng)
    lines = synth.render(fig, "tab", rng).split("\n")
    a, b = lines.index("二、主动公开政府信息情况"), lines.index("三、收到和处理政府信息公开申请情况")
    lines[a:b] = TABLE_2_2019.split("\n")
    return "\n".join(lines), fig


def test_the_2019_table_2_is_read_into_its_own_cells():
    text, fig = _report_2019()
    r = parse_text(text)
    assert r.template == "2019" and r.n_errors == 0
    assert {k: v.value for k, v in r.disclosure.items()} == EXPECTED
    assert r.value("applications", "granted", "total") == fig.applications[("granted", "total")]


def test_2019_and_2021_reports_share_the_disclosure_frame():
    text, _ = _report_2019()
    old, new = parse_text(text), parse_text(synth.render(synth.random_figures(random.Random(1)), "tab"))
    c = Corpus.from_reports([old, new])
    per = dict(c.disclosure.group_by("report_id").len().iter_rows())
    assert per == {old.report_id: len(EXPECTED), new.report_id: 10}
    assert c.disclosure.filter(pl.col("measure") == "items_change")["value"].to_list() == [-3, 0, 5, 0, -1]


def test_a_negative_count_outside_the_change_column_is_an_error():
    text, _ = _report_2019()
    r = parse_text(text.replace("规章\t1\t1\t12", "规章\t1\t-1\t12"))
    assert r.value("disclosure", "regulations", "published") is None
    assert any(f.check == "not_integer" and f.row == "regulations" for f in r.findings)
