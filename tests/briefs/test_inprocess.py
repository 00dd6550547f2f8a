"""The in-process papermill engine: outputs as a kernel gives them, a fresh namespace per notebook, errors
raised by papermill as for a kernel."""

from __future__ import annotations

import nbformat
import pytest
from papermill.exceptions import PapermillExecutionError

from govfoi.briefs import inprocess


def notebook(*sources: str, parameters: str = "x = 1") -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_outputs_are_recorded_in_order_as_a_kernel_gives_them():
    done = inprocess.execute_notebook(
        notebook(
            "print('a'); print('b')\nfrom IPython.display import HTML, display\ndisplay(HTML('<b>x</b>'))\n"
            "import sys; print('warn', file=sys.stderr)",
            "x * 10",
        ),
        {"x": 4},
    )
    injected = done.cells[1]
    assert injected.metadata.tags == ["injected-parameters"] and "x = 4" in injected.source  # papermill's cell
    first, last = done.cells[2].outputs, done.cells[3].outputs
    assert [o.output_type for o in first] == ["stream", "display_data", "stream"]
    assert first[0].text == "a\nb\n" and first[1].data["text/html"] == "<b>x</b>" and first[2].name == "stderr"
    assert last[0].output_type == "execute_result" and last[0].data["text/plain"] == "40"
    assert [c.execution_count for c in done.cells] == [1, 2, 3, 4]


def test_each_notebook_starts_with_an_empty_namespace():
    inprocess.execute_notebook(notebook("leftover = 'from the last brief'"), {})
    with pytest.raises(PapermillExecutionError) as info:
        inprocess.execute_notebook(notebook("leftover"), {})
    assert info.value.ename == "NameError" and "leftover" in info.value.evalue


def test_an_error_stops_the_notebook_and_papermill_raises_it():
    with pytest.raises(PapermillExecutionError) as info:
        inprocess.execute_notebook(notebook("raise ValueError('bad parameter')", "never = 1"), {})
    assert (info.value.ename, info.value.evalue) == ("ValueError", "bad parameter")
    assert info.value.cell_index == 1


def test_the_injected_parameters_are_visible_to_the_notebook_as_in_a_kernel():
    """govfoi.briefs.briefing reads papermill's injected cell from the shell's history to refuse unknown names."""
    done = inprocess.execute_notebook(
        notebook("from govfoi.briefs.briefing import _injected_names\nprint(sorted(_injected_names()))"),
        {"x": 2, "y": 3},
    )
    assert done.cells[2].outputs[0].text == "['x', 'y']\n"


def test_ctrl_c_stops_the_command_not_just_the_cell():
    with pytest.raises(KeyboardInterrupt):
        inprocess.execute_notebook(notebook("raise KeyboardInterrupt", "never = 1"), {})
    done = inprocess.execute_notebook(notebook("1 + 1"), {})  # the shell still works afterwards
    assert done.cells[1].outputs[0].data["text/plain"] == "2"
