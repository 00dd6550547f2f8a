"""Install extras: the parser works without the briefs stack, a briefs command names the missing extra, and
environment.yml is the one tools/environment_yml.py generates from pyproject.toml."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import RAW, ROOT

# Every top-level module of the briefs extra (pyproject.toml), and what they bring that the parser must not need.
BRIEFS_STACK = (
    "altair",
    "vl_convert",
    "fontTools",
    "papermill",
    "jupytext",
    "nbformat",
    "markdown_it",
    "IPython",
    "ipykernel",
    "ipywidgets",
    "jupyterlab",
    "jsonschema",
)


def _without_briefs(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter where the briefs stack cannot be imported (as after a plain
    ``pip install govfoi``)."""
    prelude = f"import sys\nfor name in {BRIEFS_STACK!r}:\n    sys.modules[name] = None\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_the_parser_frames_and_metrics_need_no_briefs_stack(tmp_path):
    done = _without_briefs(f"""
        import govfoi
        from govfoi.cli.commands import main
        corpus = govfoi.read_reports({str(RAW)!r})
        assert corpus.summary()["files"] == 5, corpus.summary()
        assert govfoi.metrics(corpus).height == 5
        assert main(["parse", {str(RAW)!r}, "--out", {str(tmp_path)!r}, "--workers", "1", "--no-progress"]) == 0
    """)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "reports.parquet").exists()


def test_a_briefs_command_names_the_missing_extra(tmp_path):
    done = _without_briefs(f"""
        from govfoi.cli.commands import main
        sys.exit(main(["brief", "--agency", "x", "--data", {str(tmp_path)!r}, "--out", {str(tmp_path / "b")!r}]))
    """)
    assert done.returncode == 2, done.stderr
    assert "pip install 'govfoi[briefs]'" in done.stderr and "altair" in done.stderr


def test_environment_yml_is_generated_from_pyproject():
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "environment_yml.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
