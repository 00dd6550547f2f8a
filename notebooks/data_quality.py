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
# fmt: off
data_dir: str = "data/processed"  # govfoi parse 的输出（相对项目根目录）/ `govfoi parse --out` folder, from the project root
# fmt: on
lang: str = "zh"  # 页面语言 zh 或 en / page language

# %%
import polars as pl
from IPython.display import HTML, display

from govfoi.briefs import briefing as b
from govfoi.briefs import bulletin as t
from govfoi.briefs import charts, tables
from govfoi.briefs.page import show
from govfoi.codes import labels

b.check_parameters(data_dir=data_dir, lang=lang)
corpus = b.load(data_dir)
en = lang == "en"

# %%
display(
    HTML(
        t.synthetic_banner(corpus)
        + tables.title_html(
            "Data quality" if en else "数据质量",
            "Every input file is listed here: read, read with problems, or not usable, and why."
            if en
            else "每个输入文件都在此列出：能读、读出但有问题、或未能读取，以及原因。",
        )
    )
)

# %%
display(HTML(t.heading("status", lang) + tables.status_table(corpus, lang)))
if corpus.checks.height:
    show(charts.checks_summary(corpus, lang))

# %%
display(HTML(t.heading("errors", lang) + tables.findings_table(corpus, severities=("error",), lang=lang)))

# %%
imputed = corpus.applications.filter(pl.col("imputed")).join(
    corpus.reports.select("report_id", "agency"), on="report_id"
)
outcomes, applicants = labels("outcome", lang), labels("applicant", lang)
display(
    HTML(
        t.heading("imputed", lang)
        + (
            tables.table_html(
                [
                    [a, outcomes[o], applicants[p], c, line]
                    for a, o, p, c, line in imputed.select(
                        "agency",
                        pl.col("outcome").cast(pl.String),
                        pl.col("applicant").cast(pl.String),
                        "count",
                        "line",
                    ).rows()
                ],
                ["Agency", "Row", "Column", "Value filled", "Line"] if en else ["机关", "行", "栏", "推算值", "行号"],
                "imputed",
            )
            if imputed.height
            else f"<p>{t.text('none', lang)}</p>"
        )
    )
)

# %%
display(HTML(t.heading("warnings", lang) + tables.findings_table(corpus, severities=("warning",), lang=lang)))

# %%
failed = corpus.reports.filter(pl.col("status") == "failed").select("report_id")["report_id"].to_list()
display(
    HTML(
        t.heading("failed", lang)
        + (tables.findings_table(corpus, failed, lang=lang) if failed else f"<p>{t.text('none', lang)}</p>")
    )
)

# %%
display(
    HTML(
        t.downloads_html(
            [
                t.csv_link(corpus.reports, "reports.csv", "Files and their status" if en else "文件及状态"),
                t.csv_link(corpus.checks, "checks.csv", "Every finding" if en else "全部检查结果"),
            ],
            lang,
        )
        + t.provenance_html(corpus, None, lang)
    )
)
