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
data_dir: str = "data/processed"  # govfoi parse 的输出（相对项目根目录）/ `govfoi parse --out` folder, from the project root
year: int = 0  # 报告年度，0 表示每个机关的最新报告 / report year, 0 for each agency's latest
base: str = "handled"  # 公开率的分母：handled（办理总数）或 substantive（实质处理）/ disclosure-rate base
lang: str = "zh"  # 图表语言 zh 或 en / chart language
small_n: int = 30  # 分母小于此值的比率标为样本小 / rates with a smaller denominator are marked small-n
group_by: str = ""  # 按 province（省）、city（市）或 level（层级）汇总，空为逐个机关 / group rows, "" for agencies

# %%
import polars as pl
from IPython.display import HTML, display

from govfoi import briefing as b
from govfoi import charts
from govfoi.page import show

b.check_parameters(agencies=agencies, data_dir=data_dir, year=year, base=base, lang=lang, small_n=small_n,
                   group_by=group_by)
corpus = b.load(data_dir)
selected, rates, wide = b.comparison(corpus, agencies, year, group_by, small_n)
rate = "disclosure_rate" if base == "handled" else "disclosure_rate_substantive"
rows_are = {"": "个机关 / agencies", "province": "个省 / provinces", "city": "个市 / cities",
            "level": "个层级 / levels"}[group_by]

# %%
display(HTML(b.title_html(
    "政府信息公开年度报告 · 机关比较" if lang != "en" else "Disclosure reports compared",
    f"{wide.height} {rows_are} · 年度 {year or ('最新' if group_by else '各自最新')} · 公开率分母 {base}"
    + ("（各组先加总件数、后计算比率；括号内为报告数）" if group_by else ""),
)))

# %% [markdown]
# ## 主动公开数量 / Disclosure volumes
# 对数（symlog）刻度：各机关数量相差可达五个数量级，零值仍然显示。

# %%
show(charts.disclosure_volumes(selected, lang))

# %% [markdown]
# ## 办理结果构成 / Outcome mix

# %%
show(charts.outcome_mix(selected, lang))

# %% [markdown]
# ## 未予公开的原因 / Refusal reasons
# 8 类不予公开、3 类无法提供、5 类不予处理与 3 类其他处理，各占未予全部公开件数的比例。

# %%
show(charts.refusal_reasons(selected, lang))

# %% [markdown]
# ## 复议、诉讼与纠错 / Review, litigation and correction
# 每百件办理中的复议与诉讼数、复议与诉讼纠错率，带 95% Wilson 区间；浅色为样本小。

# %%
show(charts.rate_intervals(rates, lang=lang, small_n=small_n))

# %% [markdown]
# ## 公开率排名 / Disclosure rate, ranked
# 图中浅色为样本小；表格的排名不含样本小的机关，它们列在表后。

# %%
show(charts.rank(rates, rate, lang=lang, small_n=small_n))

# %%
ranked = wide.sort(rate, descending=True, nulls_last=True)
rows = [[r["agency"], r["handled"], b.rate_text(r, rate, lang), b.rate_text(r, "not_held_rate", lang),
         b.rate_text(r, "review_per_100", lang)]
        for r in ranked.iter_rows(named=True) if not r[f"{rate}_small_n"]]
rows += [[f"{r['agency']}（样本小）", r["handled"], b.rate_text(r, rate, lang), b.rate_text(r, "not_held_rate", lang),
          b.rate_text(r, "review_per_100", lang)]
         for r in ranked.iter_rows(named=True) if r[f"{rate}_small_n"]]
first = {"": "机关", "province": "省（报告数）", "city": "市（报告数）", "level": "层级（报告数）"}[group_by]
display(HTML(b.table_html(rows, [first, "办理总数", "公开率", "不掌握率", "每百件复议"])))
