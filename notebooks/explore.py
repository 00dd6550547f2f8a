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

# %% [markdown]
# # 探索 / Explore
# 在 JupyterLab 中运行：选择机关与指标，图表随之更新。图表与简报使用同一套绘图函数。

# %% tags=["parameters"]
# fmt: off
data_dir: str = "data/processed"  # govfoi parse 的输出（相对项目根目录）/ `govfoi parse --out` folder, from the project root
# fmt: on
lang: str = "zh"  # 页面语言 zh 或 en / page language
small_n: int = 30  # 分母小于此值的比率标为样本小 / rates with a smaller denominator are marked small-n
interactive: bool = True  # False: no widgets (for tests and static runs) / 是否显示控件

# %%
from govfoi.briefs import briefing as b
from govfoi.briefs import charts
from govfoi.briefs.page import show
from govfoi.rates import metrics

b.check_parameters(data_dir=data_dir, lang=lang, small_n=small_n, interactive=interactive)
corpus = b.load(data_dir)
names = b.agencies(corpus)
rates = metrics(corpus, small_n=small_n, shape="long")


def view(agency: str, metric: str) -> None:
    show(charts.rank(rates, metric, highlight=agency, lang=lang, small_n=small_n))
    show(charts.applicant_mix(corpus, b.report_of(corpus, agency), lang))


# %%
if interactive:
    import ipywidgets as w

    # (label, value) pairs: the picker shows the rate's name in the chosen language, the code stays the value
    w.interact(
        view,
        agency=w.Dropdown(options=names, description="机关" if lang != "en" else "Agency"),
        metric=w.Dropdown(
            options=b.metric_options(lang), value="disclosure_rate", description="指标" if lang != "en" else "Metric"
        ),
    )
else:
    view(names[0], "disclosure_rate")

# %%
show(charts.outcome_mix(corpus, lang))
