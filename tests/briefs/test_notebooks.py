"""Every notebook executed through papermill on the seeds, with varied parameters; bad parameters refused."""

from __future__ import annotations

import json

import jupytext
import nbformat
import papermill as pm
import pytest

from govfoi.briefs.page import CHART_MIME
from govfoi.cli.commands import main
from tests.conftest import RAW, ROOT

pytestmark = pytest.mark.slow
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="module", autouse=True)
def brief_mode():
    """Charts as specs only, as in briefs (kernels inherit the environment)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVFOI_BRIEF", "1")
        yield


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    assert main(["parse", str(RAW), "--out", str(out), "--no-progress", "--workers", "1"]) == 0
    return str(out)


def run(name: str, **parameters):
    nb = jupytext.read(NOTEBOOKS / f"{name}.py")
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return pm.execute_notebook(nb, None, parameters=parameters, kernel_name="python3", progress_bar=False)


def outputs(nb) -> tuple[str, list[dict]]:
    """All HTML/plain text shown, and every chart spec."""
    text, charts = [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            text.append(
                data.get("text/html", "")
                if isinstance(data.get("text/html"), str)
                else "".join(data.get("text/html", []))
            )
            if CHART_MIME in data:
                charts.append(data[CHART_MIME])
    return "".join(text), charts


def chart_values(spec: dict) -> list[dict]:
    """Every data row a spec carries (inline ``values`` or Altair's top-level ``datasets``)."""
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "values" and isinstance(value, list):
                found.extend(value)
            elif key == "datasets" and isinstance(value, dict):
                for rows in value.values():
                    found.extend(rows)
            else:
                found.extend(chart_values(value))
    elif isinstance(spec, list):
        for item in spec:
            found.extend(chart_values(item))
    return found


def test_an_agency_without_requests_says_so(data_dir):
    text, charts = outputs(run("agency_brief", agency="沿海工业城", data_dir=data_dir))
    assert "本年度没有收到依申请公开的申请" in text and "2023 年没有收到政府信息公开申请" in text
    assert not charts  # no empty axes


def test_agency_brief_by_short_name(data_dir):
    text, charts = outputs(run("agency_brief", agency="北仑", data_dir=data_dir))
    assert "北仑区人民政府 2023 年新收政府信息公开申请 386 件" in text  # key findings, from the numbers
    assert "公开率 50.8%（95% 区间 45.8%–55.8%）" in text
    assert "“本机关不掌握相关政府信息”，111 件，占未予公开 186 件的 59.7%" in text
    assert "data:text/csv;charset=utf-8;base64," in text and "sha256" in text
    assert "7352bb2a8fa12f0b" in text  # the source file named
    assert "北仑区人民政府 · 2023 年政府信息公开工作年度报告" in text
    assert "50.8% (192/378)" in text  # disclosure rate with numerator and denominator
    assert "0.0% (0/5)" in text and "样本小" in text  # review correction rate, small n
    assert "889,636" in text  # penalty decisions in table 二
    assert len(charts) == 5
    ranked = [v for v in chart_values(charts[3]) if "this" in v]
    assert {v["agency"] for v in ranked if v["this"]} == {"北仑区人民政府"}


def test_agency_brief_in_english_with_imputed_cells(data_dir):
    text, charts = outputs(run("agency_brief", agency="海州", data_dir=data_dir, lang="en", small_n=5))
    assert "11*" not in text and "0*" in text  # imputed cells of seed 000 are starred
    titles = [c.get("title") for c in charts]
    assert "Outcome mix" in json.dumps(titles)
    assert "Why requests were not granted" in json.dumps(charts[1], ensure_ascii=False)
    assert "Partly granted" in json.dumps(charts[0], ensure_ascii=False)
    assert "Key findings" in text and "Headline figures" in text and "Definitions" in text
    for heading in ("主要数字", "办理结果", "要点", "指标定义"):  # every title in English
        assert heading not in text


def test_compare_two_agencies_substantive_base(data_dir):
    text, charts = outputs(run("compare_agencies", agencies=["北仑", "双鸭山"], base="substantive", data_dir=data_dir))
    agencies = {v.get("agency") for c in charts for v in chart_values(c) if "agency" in v}
    assert agencies == {"北仑区人民政府", "双鸭山市"}
    assert "2 个机关" in text and len(charts) == 5
    volumes = [v for v in chart_values(charts[0]) if v.get("agency") == "北仑区人民政府"]
    assert max(v["value"] for v in volumes) == 889636


def test_compare_all_marks_small_n(data_dir):
    text, charts = outputs(run("compare_agencies", data_dir=data_dir))
    assert "湛河区人民政府办公室（样本小）" in text and "5 个机关" in text
    assert "样本小：分母小于 30" in text  # small n defined on the page that uses it
    assert "本年度没有办理申请：沿海工业城发展服务中心" in text
    ranked = [v["agency"] for v in chart_values(charts[4]) if "this" in v]
    values = {v["agency"]: v["value"] for v in chart_values(charts[4]) if "this" in v}
    order = charts[4]["layer"][0]["encoding"]["y"]["sort"]
    assert [values[a] for a in order] == sorted(values.values(), reverse=True) and set(order) == set(ranked)
    review = [v for v in chart_values(charts[3]) if v.get("why")]
    assert {v["why"] for v in review} == {"无案件"}  # no point where there were no cases, and it says so


def test_data_quality_lists_imputed_cells_and_statuses(data_dir):
    text, charts = outputs(run("data_quality", data_dir=data_dir))
    assert "阜新市海州区" in text and "数值缺失，由勾稽关系唯一推出" in text  # the check's name, not its code
    assert "<td>读取文件</td><td>5</td>" in text
    assert "缺的数都是 0" in text  # the imputed cell explained in plain words
    assert len(charts) == 1


def test_explore_runs_without_widgets(data_dir):
    _, charts = outputs(run("explore", data_dir=data_dir, interactive=False))
    assert len(charts) == 3


def test_in_jupyterlab_charts_draw_in_place_with_one_bundle(data_dir, monkeypatch):
    monkeypatch.delenv("GOVFOI_BRIEF")
    nb = run("explore", data_dir=data_dir, interactive=False)
    html = [o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    assert len(html) == 3
    assert sum("vegaEmbed=" in h or "window.vegaEmbed" in h for h in html) <= 1
    assert all("vegaEmbed(el" in h for h in html)
    assert not any("https://" in h and "<script src" in h for h in html)


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"agency": 123}, "parameter agency=123: expected a name"),
        ({"agency": "不存在的机关"}, "matches no agency; candidates"),
        ({"agency": "区"}, "matches 3 agencies"),
        ({"agency": "北仑", "lang": "fr"}, "parameter lang='fr'"),
        ({"agency": "北仑", "small_n": -1}, "parameter small_n=-1"),
        ({"agency": "北仑", "data_dir": "/nonexistent"}, "no reports.parquet in /nonexistent"),
    ],
)
def test_bad_parameters_end_in_the_guard_message(data_dir, parameters, message):
    params = {"data_dir": data_dir, **parameters}
    with pytest.raises(pm.PapermillExecutionError) as info:
        run("agency_brief", **params)
    assert info.value.ename == "ParameterError"
    assert message in info.value.evalue


def test_parameters_are_typed_and_documented_for_papermill(capsys):
    from govfoi.briefs.render import notebook_parameters

    p = notebook_parameters("agency_brief")
    assert p["agency"]["inferred_type_name"] == "str" and "机关名称" in p["agency"]["help"]
    assert p["small_n"]["inferred_type_name"] == "int" and p["small_n"]["default"] == "30"
    assert notebook_parameters("compare_agencies")["agencies"]["inferred_type_name"] == "list"
    assert main(["notebook-help", "explore"]) == 0
    assert "interactive: bool" in capsys.readouterr().out
    assert main(["notebook-help", "nope"]) == 2
    # one line a parameter: a parameter wrapped over lines (by a formatter) loses its help and shows brackets
    for notebook in sorted(p.stem for p in NOTEBOOKS.glob("*.py")):
        for name, parameter in notebook_parameters(notebook).items():
            assert parameter["help"] and not parameter["default"].startswith("("), (notebook, name, parameter)


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic")
    assert main(["parse", str(ROOT / "data" / "synthetic"), "--out", str(out), "--no-progress", "--workers", "1"]) == 0
    return str(out)


def test_trends_of_a_region_sum_counts_before_rates_and_show_the_carry_over_error(synthetic_dir):
    import polars as pl

    from govfoi.corpus.frames import Corpus

    text, charts = outputs(run("trends", region="浙江省", data_dir=synthetic_dir))
    assert "【合成示例" in text and "Synthetic example" in text
    c = Corpus.read(synthetic_dir).panel()
    zj = c.reports.filter(pl.col("province") == "浙江省", pl.col("year") == 2022)["report_id"]
    totals = c.applications.filter(pl.col("report_id").is_in(zj.implode()), pl.col("applicant") == "total")
    handled = totals.filter(pl.col("outcome") == "processed_total")["count"].sum()
    granted = totals.filter(pl.col("outcome").is_in(["granted", "partially_granted"]))["count"].sum()
    assert f"({granted}/{handled})" in text  # 2022's disclosure rate from the summed counts of 4 reports
    assert "上年结转与上一年度报告的结转下年度不符" in text and "synthetic_331022_gov_2023" in text
    assert "2022 年报告（synthetic_331022_gov_2022" in text  # the other report by agency, year and file
    assert len(charts) == 2
    years = {v["year"] for v in chart_values(charts[1]) if "year" in v}
    assert years == {2021, 2022, 2023, 2024}


def test_trends_of_one_agency_by_short_name(synthetic_dir):
    text, _ = outputs(run("trends", agency="鄞州", region="", data_dir=synthetic_dir, lang="en"))
    assert "宁波市鄞州区人民政府" in text and "carried over differs" not in text


def test_trends_needs_exactly_one_subject(synthetic_dir):
    with pytest.raises(pm.PapermillExecutionError) as info:
        run("trends", agency="鄞州", region="浙江省", data_dir=synthetic_dir)
    assert "exactly one of agency" in info.value.evalue
    with pytest.raises(pm.PapermillExecutionError) as info:
        run("trends", region="火星省", data_dir=synthetic_dir)
    assert "no province or city" in info.value.evalue


def test_compare_grouped_by_province(synthetic_dir):
    text, charts = outputs(run("compare_agencies", group_by="province", data_dir=synthetic_dir))
    groups = {v.get("agency") for c in charts for v in chart_values(c) if "agency" in v}
    assert groups == {"浙江省 (4)", "江苏省 (1)"} and "2 个省" in text


# ---- as JupyterLab opens them ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def processed_root(tmp_path_factory, data_dir, synthetic_dir):
    """A folder standing for the project's data/processed: the seeds, and the synthetic set in synthetic/."""
    import shutil

    root = tmp_path_factory.mktemp("govfoi-data")
    shutil.copytree(data_dir, root, dirs_exist_ok=True)
    shutil.copytree(synthetic_dir, root / "synthetic")
    return root


@pytest.mark.parametrize("name", sorted(p.stem for p in NOTEBOOKS.glob("*.py")))
def test_each_notebook_runs_with_its_defaults_from_the_notebooks_folder(name, processed_root, monkeypatch):
    """JupyterLab starts the kernel in notebooks/ and runs the defaults: data paths must not depend on it.

    $GOVFOI_DATA stands for the project's data/processed (a fresh checkout has not parsed anything yet);
    widgets are on, as in JupyterLab.
    """
    monkeypatch.delenv("GOVFOI_BRIEF")
    monkeypatch.setenv("GOVFOI_DATA", str(processed_root))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # this checkout's govfoi, whatever the venv has installed
    nb = jupytext.read(NOTEBOOKS / f"{name}.py")
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    done = pm.execute_notebook(
        nb, None, kernel_name="python3", progress_bar=False, cwd=str(NOTEBOOKS), execution_timeout=120, start_timeout=60
    )
    errors = [o for c in done.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    _, charts = outputs(done)
    assert charts, f"{name} drew no chart"


def test_relative_data_paths_are_read_from_the_project_not_the_current_folder(tmp_path, monkeypatch):
    from govfoi.briefs.briefing import data_path

    monkeypatch.delenv("GOVFOI_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    assert data_path("data/processed") == ROOT / "data" / "processed"
    assert data_path("data/processed/synthetic") == ROOT / "data" / "processed" / "synthetic"
    assert data_path(str(tmp_path)) == tmp_path
    monkeypatch.setenv("GOVFOI_DATA", str(tmp_path / "elsewhere"))
    assert data_path("data/processed/synthetic") == tmp_path / "elsewhere" / "synthetic"
    assert data_path("other/place") == ROOT / "other" / "place"


def test_explore_picker_shows_metric_labels_in_the_chosen_language():
    from govfoi.briefs.briefing import metric_options

    zh, en = dict(metric_options("zh")), dict(metric_options("en"))
    assert zh["公开率"] == "disclosure_rate" and en["Disclosure rate"] == "disclosure_rate"
    assert "not_held_rate" not in zh and en["Not-held rate"] == "not_held_rate"


def test_a_misspelt_parameter_stops_the_notebook_naming_the_allowed_ones(data_dir):
    with pytest.raises(pm.PapermillExecutionError) as info:
        run("agency_brief", agenc="双鸭山", data_dir=data_dir)
    assert info.value.ename == "ParameterError"
    assert "unknown parameter agenc" in info.value.evalue
    assert "agency, data_dir, year, lang, small_n" in info.value.evalue


@pytest.mark.parametrize(
    ("name", "parameters"),
    [
        ("agency_brief", {"agency": "北仑"}),
        ("agency_brief", {"agency": "海州", "lang": "en", "small_n": 5}),
        ("compare_agencies", {}),
        ("data_quality", {}),
    ],
)
def test_briefs_run_in_process_give_what_a_kernel_gives(data_dir, name, parameters):
    """govfoi brief runs the notebook in its own process (govfoi.briefs.inprocess): same text, same charts."""
    import re

    from govfoi.briefs.render import BriefJob, execute

    kernel = outputs(run(name, data_dir=data_dir, **parameters))
    done = execute(BriefJob("x", "x", name, {"data_dir": data_dir, **parameters}))
    assert not done.error
    here = outputs(nbformat.reads(done.notebook_json, as_version=4))
    dated = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
    assert dated.sub("", here[0]) == dated.sub("", kernel[0])
    assert here[1] == kernel[1]


def test_the_synthetic_example_set_has_realistic_trends(synthetic_dir):
    """Each agency's requests change by less than a factor 2 from one year to the next (issue 11: the example
    set once showed 11,501 → 158 requests in two years, which teaches a reader the wrong thing)."""
    import polars as pl

    from govfoi import metrics
    from govfoi.corpus.frames import Corpus

    per_year = metrics(Corpus.read(synthetic_dir).panel(), by="agency_id").sort("agency_id", "year")
    ratio = per_year.select((pl.col("received") / pl.col("received").shift(1).over("agency_id")).alias("r"))["r"]
    assert ratio.drop_nulls().len() == 5 * 3
    assert ratio.min() > 0.5 and ratio.max() < 2


def test_key_findings_give_the_change_from_last_year_where_the_panel_has_it(synthetic_dir):
    import polars as pl

    from govfoi import metrics
    from govfoi.briefs.render import BriefJob, execute
    from govfoi.corpus.frames import Corpus

    done = execute(BriefJob("x", "x", "agency_brief", {"agency": "鄞州", "data_dir": synthetic_dir}))
    text, _ = outputs(nbformat.reads(done.notebook_json, as_version=4))
    panel = Corpus.read(synthetic_dir).panel()
    years = metrics(panel.where(panel.reports.filter(pl.col("agency").str.contains("鄞州"))["report_id"]))
    *_, before, last = years.sort("year")["received"].to_list()
    assert f"新收政府信息公开申请 {last:,} 件（上年 {before:,} 件，" in text
    assert "公开率" in text and "上年为" in text


def test_jupyterlab_opens_the_py_notebooks_as_notebooks():
    """`make lab` points JupyterLab at jupyter/lab/settings: .py files open with jupytext's notebook viewer."""
    import sys
    from pathlib import Path

    settings = json.loads((ROOT / "jupyter" / "lab" / "settings" / "overrides.json").read_text(encoding="utf-8"))
    viewer = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["python"]
    assert viewer == "Jupytext Notebook"
    extension = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "jupyterlab-jupytext"
    assert any(viewer in p.read_text(encoding="utf-8", errors="ignore") for p in extension.rglob("*.js"))
    assert "--LabApp.app_settings_dir=$(CURDIR)/jupyter/lab/settings" in (ROOT / "Makefile").read_text()


def test_inside_ipython_a_brief_runs_in_a_kernel_of_its_own(data_dir, monkeypatch):
    """Where this process is itself an IPython shell (govfoi.briefs.render used from a notebook), the in-process
    engine would run on the user's shell: papermill's kernel runs the brief instead, with the same result."""
    from govfoi.briefs import inprocess
    from govfoi.briefs.render import BriefJob, execute

    monkeypatch.setattr(inprocess, "available", lambda: False)
    done = execute(BriefJob("x", "x", "data_quality", {"data_dir": data_dir}))
    assert not done.error and "<td>读取文件</td><td>5</td>" in done.body
    failed = execute(BriefJob("x", "x", "agency_brief", {"agency": "不存在的机关", "data_dir": data_dir}))
    assert "ParameterError" in failed.error and "matches no agency" in failed.error
