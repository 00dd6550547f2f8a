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
# fmt: off
data_dir: str = "data/processed"  # govfoi parse 的输出（相对项目根目录）/ `govfoi parse --out` folder, from the project root
# fmt: on
year: int = 0  # 报告年度，0 为最新 / report year, 0 for the latest
lang: str = "zh"  # 页面语言 zh 或 en / page language
small_n: int = 30  # 分母小于此值的比率标为样本小 / rates with a smaller denominator are marked small-n

# %%
import polars as pl
from IPython.display import HTML, display

from govfoi.briefs import briefing as b
from govfoi.briefs import bulletin as t
from govfoi.briefs import charts, tables
from govfoi.briefs.page import show
from govfoi.rates import metrics

b.check_parameters(agency=agency, data_dir=data_dir, year=year, lang=lang, small_n=small_n)
corpus = b.load(data_dir)
agency = b.resolve_agency(corpus, agency)
report_id = b.report_of(corpus, agency, year)
report = corpus.reports.filter(report_id=report_id).row(0, named=True)
one = corpus.where([report_id])
m = metrics(one, small_n=small_n).row(0, named=True)
has_requests = bool(m["handled"]) or bool(m["received"])
en = lang == "en"

# %%
display(
    HTML(
        t.synthetic_banner(corpus)
        + tables.title_html(
            f"{agency} · {report['year'] or ''} "
            + ("annual disclosure report: data brief" if en else "年政府信息公开工作年度报告 · 数据简报"),
            (
                f"Source {report['source'].rsplit('/', 1)[-1]} · template {report['template']} · status "
                f"{tables.status_label(report['status'], lang)} ({report['n_errors']} errors, {report['n_warnings']} warnings)"
                if en
                else f"来源 {report['source'].rsplit('/', 1)[-1]} · 模板 {report['template']} · 状态 "
                f"{tables.status_label(report['status'], lang)}"
                f"（{report['n_errors']} 个错误，{report['n_warnings']} 个警告）"
            ),
        )
    )
)

# %%
display(HTML(t.heading("findings", lang) + t.findings_html(t.key_findings(corpus, report_id, lang, small_n))))

# %%
display(HTML(t.heading("headline", lang) + tables.headline(corpus, report_id, lang, small_n)))

# %%
display(HTML(t.heading("outcomes", lang) + ("" if has_requests else f"<p><b>{t.text('no_requests', lang)}</b></p>")))
if has_requests:
    show(charts.outcome_mix(one, lang))
    show(charts.refusal_reasons(one, lang))
    display(HTML(t.heading("applicants", lang)))
    show(charts.applicant_mix(one, report_id, lang))

# %%
display(HTML(t.heading("appeals", lang) + tables.appeals_table(corpus, report_id, lang)))

# %%
display(HTML(t.heading("disclosure", lang) + tables.disclosure_table(corpus, report_id, lang)))

# %%
rates = b.all_rates(corpus, small_n)
if has_requests:
    display(HTML(t.heading("among", lang)))
    show(charts.rank(rates, "disclosure_rate", highlight=agency, lang=lang, small_n=small_n))
    show(charts.rank(rates, "not_held_rate", highlight=agency, lang=lang, small_n=small_n))

# %%
display(HTML(t.heading("table3", lang) + tables.applications_total_table(corpus, report_id, lang)))

# %%
display(HTML(t.heading("quality", lang) + tables.findings_table(corpus, [report_id], lang=lang)))

# %%
shown = (
    "disclosure_rate",
    "not_held_rate",
    "withheld_rate",
    "review_per_100",
    "review_correction_rate",
    "litigation_correction_rate",
)
display(HTML(t.heading("definitions", lang) + t.definitions_html(shown, lang, small_n, refusal=True)))

# %%
stem = tables.file_stem(agency)
display(
    HTML(
        t.downloads_html(
            [
                t.csv_link(
                    rates.filter(pl.col("report_id") == report_id),
                    f"{stem}-rates.csv",
                    "Rates" if en else "比率（分子、分母、区间）",
                ),
                t.csv_link(one.applications, f"{stem}-table3.csv", "Table 3" if en else "表三"),
                t.csv_link(one.disclosure, f"{stem}-table2.csv", "Table 2" if en else "表二"),
                t.csv_link(one.appeals, f"{stem}-table4.csv", "Table 4" if en else "表四"),
                t.csv_link(one.checks, f"{stem}-checks.csv", "Findings" if en else "检查结果"),
            ],
            lang,
        )
        + t.provenance_html(corpus, [report_id], lang)
    )
)
