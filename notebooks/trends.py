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
lang: str = "zh"  # 页面语言 zh 或 en / page language
small_n: int = 30  # 分母小于此值的比率标为样本小 / rates with a smaller denominator are marked small-n

# %%
from IPython.display import HTML, display

from govfoi.briefs import briefing as b
from govfoi.briefs import bulletin as t
from govfoi.briefs import charts, tables, trends
from govfoi.briefs.page import show

b.check_parameters(agency=agency, region=region, data_dir=data_dir, lang=lang, small_n=small_n)
corpus = b.load(data_dir)
trend = trends.trend(corpus, agency=agency.strip(), region=region.strip(), small_n=small_n)
years = trend.wide["year"].drop_nulls().to_list()
en = lang == "en"

# %%
span = f"{min(years) if years else '?'}–{max(years) if years else '?'}"
display(
    HTML(
        t.synthetic_banner(corpus)
        + tables.title_html(
            f"{trend.subject} · " + ("Trends" if en else "逐年趋势"),
            (
                f"{span} · one report per agency and year (panel)"
                + ("; a region's counts are summed before rates" if region.strip() else "")
            )
            if en
            else (
                f"{span} 年 · 每个机关每年一份报告（面板）"
                + ("；地区数字为先加总件数、后计算比率" if region.strip() else "")
            ),
        )
    )
)

# %%
display(HTML(t.heading("findings", lang) + t.findings_html(trends.trend_findings(trend, lang))))

# %%
display(HTML(t.heading("received", lang)))
show(charts.received_by_year(trend.wide, lang))

# %%
display(HTML(t.heading("trend_rates", lang)))
show(charts.trend(trend.long, lang=lang, small_n=small_n))

# %%
display(HTML(trends.trend_table(trend.long, charts.TREND_METRICS, lang)))

# %%
cross = ("carry_over_mismatch", "in_force_mismatch", "duplicate_agency_year")
display(HTML(t.heading("cross", lang) + tables.findings_table(corpus, trend.report_ids, codes=cross, lang=lang)))

# %%
display(HTML(t.heading("definitions", lang) + t.definitions_html(charts.TREND_METRICS, lang, small_n)))

# %%
display(
    HTML(
        t.downloads_html(
            [
                t.csv_link(
                    trend.wide,
                    f"{tables.file_stem(trend.subject)}-by-year.csv",
                    "Counts and rates by year" if en else "逐年件数与比率",
                ),
            ],
            lang,
        )
        + t.provenance_html(corpus, trend.report_ids, lang)
    )
)
