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
data_dir: str = "data/processed"  # govfoi parse 的输出（相对项目根目录）/ `govfoi parse --out` folder, from the project root
lang: str = "zh"  # 图表语言 zh 或 en / chart language

# %%
import polars as pl
from IPython.display import HTML, display

from govfoi import briefing as b
from govfoi import charts
from govfoi.page import show

b.check_parameters(data_dir=data_dir, lang=lang)
corpus = b.load(data_dir)

# %%
display(HTML(b.title_html("数据质量 / Data quality",
                          "每个输入文件都在此列出：能读、读出但有问题、或未能读取，以及原因。")))

# %% [markdown]
# ## 文件状态 / Files by status
# files = ok + warnings + errors + failed。

# %%
display(HTML(b.status_table(corpus)))

# %%
show(charts.checks_summary(corpus, lang))

# %% [markdown]
# ## 各报告违反的勾稽关系 / Identities each report breaks

# %%
display(HTML(b.findings_table(corpus, severities=("error",))))

# %% [markdown]
# ## 推算的单元格 / Imputed cells
# 原表缺失、由勾稽关系唯一推出的数值。

# %%
imputed = corpus.applications.filter(pl.col("imputed")).join(corpus.reports.select("report_id", "agency"),
                                                             on="report_id")
display(HTML(b.table_html([list(r) for r in imputed.select(
    "agency", pl.col("outcome").cast(pl.String), pl.col("applicant").cast(pl.String), "count", "line").rows()],
    ["机关", "outcome", "applicant", "count", "line"]) if imputed.height else "<p>没有 / none</p>"))

# %% [markdown]
# ## 警告：正文与表格不符、空白单元格等 / Warnings

# %%
display(HTML(b.findings_table(corpus, severities=("warning",))))

# %% [markdown]
# ## 未能读取的文件 / Files that could not be used

# %%
failed = corpus.reports.filter(pl.col("status") == "failed").select("report_id")["report_id"].to_list()
display(HTML(b.findings_table(corpus, failed) if failed else "<p>没有 / none</p>"))
