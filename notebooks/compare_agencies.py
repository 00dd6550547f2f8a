# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
agencies: list = []  # 要比较的机关（可用简称），空表示全部 / agencies to compare, [] for all
# fmt: off
data_dir: str = "data/processed"  # govfoi parse 的输出（相对项目根目录）/ `govfoi parse --out` folder, from the project root
# fmt: on
year: int = 0  # 报告年度，0 表示每个机关的最新报告 / report year, 0 for each agency's latest
base: str = "handled"  # 公开率的分母：handled（办理总数）或 substantive（实质处理）/ disclosure-rate base
lang: str = "zh"  # 页面语言 zh 或 en / page language
small_n: int = 30  # 分母小于此值的比率标为样本小 / rates with a smaller denominator are marked small-n
group_by: str = ""  # 按 province（省）、city（市）或 level（层级）汇总，空为逐个机关 / group rows, "" for agencies

# %%
import polars as pl
from IPython.display import HTML, display

from govfoi.briefs import briefing as b
from govfoi.briefs import bulletin as t
from govfoi.briefs import charts, tables, trends
from govfoi.briefs.page import show
from govfoi.rates import rate_labels

b.check_parameters(
    agencies=agencies, data_dir=data_dir, year=year, base=base, lang=lang, small_n=small_n, group_by=group_by
)
corpus = b.load(data_dir)
selected, rates, wide = trends.comparison(corpus, agencies, year, group_by, small_n)
rate = "disclosure_rate" if base == "handled" else "disclosure_rate_substantive"
en = lang == "en"
rows_are = (
    {"": "agencies", "province": "provinces", "city": "cities", "level": "levels"}
    if en
    else {"": "个机关", "province": "个省", "city": "个市", "level": "个层级"}
)[group_by]

# %%
display(
    HTML(
        t.synthetic_banner(corpus)
        + tables.title_html(
            "Disclosure reports compared" if en else "政府信息公开年度报告 · 机关比较",
            (
                f"{wide.height} {rows_are} · year {year or 'latest'} · disclosure-rate base: {base}"
                + (" (counts summed per group before rates; reports in brackets)" if group_by else "")
            )
            if en
            else (
                f"{wide.height} {rows_are} · 年度 {year or ('最新' if group_by else '各自最新')} · 公开率分母 "
                f"{'办理总数' if base == 'handled' else '实质处理数'}"
                + ("（各组先加总件数、后计算比率；括号内为报告数）" if group_by else "")
            ),
        )
    )
)

# %%
display(HTML(t.heading("volumes", lang)))
show(charts.disclosure_volumes(selected, lang))

# %%
display(HTML(t.heading("mix", lang)))
show(charts.outcome_mix(selected, lang))
none = wide.filter(pl.col("handled").fill_null(0) == 0)["agency"].to_list()
if none:
    display(
        HTML(
            f"<p class='note'>{'No requests handled in this year: ' if en else '本年度没有办理申请：'}"
            f"{', '.join(none)}</p>"
        )
    )

# %%
display(HTML(t.heading("reasons", lang)))
show(charts.refusal_reasons(selected, lang))

# %%
display(HTML(t.heading("review", lang)))
show(charts.rate_intervals(rates, lang=lang, small_n=small_n))

# %%
display(HTML(t.heading("ranked", lang)))
show(charts.rank(rates, rate, lang=lang, small_n=small_n))

# %%
ranked = wide.sort(rate, descending=True, nulls_last=True)
small_mark = " (small n)" if en else "（样本小）"
rows = [
    [
        r["agency"],
        r["handled"],
        tables.rate_text(r, rate, lang),
        tables.rate_text(r, "not_held_rate", lang),
        tables.rate_text(r, "review_per_100", lang),
    ]
    for r in ranked.iter_rows(named=True)
    if not r[f"{rate}_small_n"]
]
rows += [
    [
        f"{r['agency']}{small_mark}",
        r["handled"],
        tables.rate_text(r, rate, lang),
        tables.rate_text(r, "not_held_rate", lang),
        tables.rate_text(r, "review_per_100", lang),
    ]
    for r in ranked.iter_rows(named=True)
    if r[f"{rate}_small_n"]
]
first = (
    {"": "Agency", "province": "Province (reports)", "city": "City (reports)", "level": "Level (reports)"}
    if en
    else {"": "机关", "province": "省（报告数）", "city": "市（报告数）", "level": "层级（报告数）"}
)[group_by]
names = rate_labels(lang)
display(
    HTML(
        tables.table_html(
            rows,
            [first, "Handled" if en else "办理总数", names[rate], names["not_held_rate"], names["review_per_100"]],
            "rates",
        )
    )
)

# %%
shown = (
    rate,
    "not_held_rate",
    "review_per_100",
    "litigation_per_100",
    "review_correction_rate",
    "litigation_correction_rate",
)
display(HTML(t.heading("definitions", lang) + t.definitions_html(shown, lang, small_n, refusal=True)))

# %%
name = "compare" + (f"-{group_by}" if group_by else "")
display(
    HTML(
        t.downloads_html(
            [
                t.csv_link(wide, f"{name}-rates.csv", "Rates, one row each" if en else "比率（每行一个机关或组）"),
                t.csv_link(
                    charts.refusal_shares(selected, lang).drop("rank", "group_order"),
                    f"{name}-refusal-reasons.csv",
                    "Refusal reasons" if en else "未予公开原因",
                ),
            ],
            lang,
        )
        + t.provenance_html(corpus, selected.reports["report_id"].to_list(), lang)
    )
)
