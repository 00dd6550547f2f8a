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
agency: str = "北仑区人民政府"  # 机关名称，可用简称（如“北仑”）/ agency, or a unique part of its name
data_dir: str = "data/processed"  # govfoi parse 的输出（相对项目根目录）/ `govfoi parse --out` folder, from the project root
year: int = 0  # 报告年度，0 为最新 / report year, 0 for the latest
lang: str = "zh"  # 图表语言 zh 或 en / chart language
small_n: int = 30  # 分母小于此值的比率标为样本小 / rates with a smaller denominator are marked small-n

# %%
from IPython.display import HTML, display

from govfoi import briefing as b
from govfoi import charts
from govfoi.rates import metrics
from govfoi.page import show

b.check_parameters(agency=agency, data_dir=data_dir, year=year, lang=lang, small_n=small_n)
corpus = b.load(data_dir)
agency = b.resolve_agency(corpus, agency)
report_id = b.report_of(corpus, agency, year)
report = corpus.reports.filter(report_id=report_id).row(0, named=True)
one = corpus.where([report_id])

# %%
display(HTML(b.title_html(
    f"{agency} {report['year'] or ''} 年政府信息公开工作年度报告 · 数据简报",
    f"来源 {report['source']} · 模板 {report['template']} · 版式 {report['layout']} · 状态 {report['status']}"
    f"（{report['n_errors']} 个错误，{report['n_warnings']} 个警告）",
)))

# %% [markdown]
# ## 主要数字 / Headline figures
# 比率均写明分子与分母，方括号内为 95% Wilson 区间。

# %%
display(HTML(b.headline(corpus, report_id, lang, small_n)))

# %% [markdown]
# ## 办理结果 / How requests ended

# %%
show(charts.outcome_mix(one, lang))

# %%
show(charts.refusal_reasons(one, lang))

# %% [markdown]
# ## 申请人 / Who asked

# %%
show(charts.applicant_mix(one, report_id, lang))

# %% [markdown]
# ## 行政复议与行政诉讼 / Review and litigation

# %%
display(HTML(b.appeals_table(corpus, report_id, lang)))

# %% [markdown]
# ## 主动公开 / Proactive disclosure (表二)

# %%
display(HTML(b.disclosure_table(corpus, report_id, lang)))

# %% [markdown]
# ## 在各机关中的位置 / Among the other agencies
# 橙色为本机关；浅色为样本小的比率。

# %%
rates = metrics(corpus, small_n=small_n, shape="long")
show(charts.rank(rates, "disclosure_rate", highlight=agency, lang=lang, small_n=small_n))

# %%
show(charts.rank(rates, "not_held_rate", highlight=agency, lang=lang, small_n=small_n))

# %% [markdown]
# ## 依申请公开全表 / Table 三 as read
# 带 * 的数值由表内勾稽关系推出（原表缺失）。

# %%
display(HTML(b.applications_total_table(corpus, report_id, lang)))

# %% [markdown]
# ## 数据质量 / Data-quality findings

# %%
display(HTML(b.findings_table(corpus, [report_id])))
