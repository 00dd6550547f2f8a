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
agency: str = ""  # 机关名称或简称（与 region 二选一）/ an agency, or a unique part of its name (or give region)
region: str = "浙江省"  # 省或市的名称（与 agency 二选一）/ a province or city, e.g. 浙江省 or 宁波市 (or give agency)
data_dir: str = "data/processed/synthetic"  # govfoi parse 的输出（相对项目根目录）/ `govfoi parse --out` folder, from the project root
lang: str = "zh"  # 图表语言 zh 或 en / chart language
small_n: int = 30  # 分母小于此值的比率标为样本小 / rates with a smaller denominator are marked small-n

# %%
import polars as pl
from IPython.display import HTML, display

from govfoi import briefing as b
from govfoi import charts
from govfoi.page import show

b.check_parameters(agency=agency, region=region, data_dir=data_dir, lang=lang, small_n=small_n)
corpus = b.load(data_dir)
t = b.trend(corpus, agency=agency.strip(), region=region.strip(), small_n=small_n)
years = t.wide["year"].drop_nulls().to_list()
synthetic = b.is_synthetic(corpus)

# %%
display(HTML(b.title_html(
    ("【合成示例 · 非真实数据】" if synthetic else "") + f"{t.subject} · 逐年趋势 / Trends",
    f"{min(years) if years else '?'}–{max(years) if years else '?'} 年 · 每个机关每年一份报告（面板）"
    + ("；地区数字为先加总件数、后计算比率" if region.strip() else ""),
)))
if synthetic:
    display(HTML('<p class="note"><b>合成示例 / synthetic example:</b> 本简报的数据由 govfoi.synth 随机生成，'
                 "仅用于演示，不是任何机关的真实报告。The figures are invented by govfoi.synth for "
                 "demonstration; they are not any agency's real report.</p>"))

# %% [markdown]
# ## 新收申请 / Requests received

# %%
show(charts.received_by_year(t.wide, lang))

# %% [markdown]
# ## 公开率、不掌握率与复议纠错率 / Disclosure, not-held and review correction rates
# 竖线为 95% Wilson 区间；浅色的年份样本小，比率不宜比较。

# %%
show(charts.trend(t.long, lang=lang, small_n=small_n))

# %%
display(HTML(b.trend_table(t.long, charts.TREND_METRICS, lang)))

# %% [markdown]
# ## 跨年度检查 / Checks across years
# 上年结转应等于上一年度报告的结转下年度（错误）；现行有效件数应等于上年现行有效＋本年制发－本年废止（警告）。

# %%
cross = ("carry_over_mismatch", "in_force_mismatch", "duplicate_agency_year")
display(HTML(b.findings_table(corpus, t.report_ids, codes=cross)))
