"""A papermill engine that runs notebooks in this process, on one IPython shell kept from notebook to notebook.

Why: a brief's own work takes a fraction of a second, while a kernel costs several times that to start and
to import polars and altair again (``govfoi brief`` must take at most 3 s, ``govfoi briefs`` 0.5 s a brief).
papermill still parameterises the notebook (its injected-parameters cell) and still turns an error into
``PapermillExecutionError``; only the execution moves into this process. Each notebook starts with an
empty namespace and history, as in a new kernel; imported modules stay loaded, which is the point.

Outputs are recorded as a kernel's messages become outputs: stream, display_data, execute_result and
error, in the order they happened.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import sys
import warnings
from collections.abc import Iterator
from typing import Any, ClassVar

import nbformat
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from papermill.engines import Engine, papermill_engines
from traitlets import Type
from traitlets.config import Config

ENGINE = "govfoi-inprocess"


class _Outputs:
    """The outputs of the cell running now (one cell runs at a time: the shell is not thread-safe)."""

    cell: ClassVar[list[nbformat.NotebookNode]] = []

    @classmethod
    def add(cls, output: nbformat.NotebookNode) -> None:
        cls.cell.append(output)

    @classmethod
    def stream(cls, name: str, text: str) -> None:
        last = cls.cell[-1] if cls.cell else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text  # one output per run of text, as nbclient joins a kernel's stream messages
        else:
            cls.add(nbformat.v4.new_output("stream", name=name, text=text))


class _Stream(io.TextIOBase):
    """sys.stdout or sys.stderr while a cell runs: text becomes the cell's stream output."""

    def __init__(self, name: str) -> None:
        self.name_ = name

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            _Outputs.stream(self.name_, text)
        return len(text)


class _Publisher(DisplayPublisher):
    """display(...) becomes a display_data output."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        _Outputs.add(nbformat.v4.new_output("display_data", data=data, metadata=metadata or {}))

    def clear_output(self, wait: bool = False) -> None:
        _Outputs.cell.clear()


class _Results(DisplayHook):
    """A cell's last expression becomes an execute_result output, not a printed ``Out[n]``."""

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        _Outputs.add(
            nbformat.v4.new_output(
                "execute_result",
                data=format_dict,
                metadata=md_dict or {},
                execution_count=self.shell.execution_count if self.shell else None,
            )
        )

    def finish_displayhook(self) -> None:
        pass


class _Shell(InteractiveShell):
    kernel_builtins: dict[str, Any]  # the builtins as a new kernel has them (set in shell())
    display_pub_class = Type(_Publisher)
    displayhook_class = Type(_Results)

    def _showtraceback(self, etype, evalue, stb) -> None:
        _Outputs.add(nbformat.v4.new_output("error", ename=etype.__name__, evalue=str(evalue), traceback=stb))


def shell() -> _Shell:
    """The process's shell, made on first use: no history file, no output cache (its reset would gc).

    Making an IPython shell changes the host process: it puts itself in ``sys.modules["__main__"]`` (which
    breaks spawning worker processes), ``display`` and ``__IPYTHON__`` in builtins (which tells libraries that
    they run in IPython) and adds warning filters. All is put back here; ``_inside`` restores the shell's view
    while a notebook runs.
    """
    current = InteractiveShell._instance
    if isinstance(current, _Shell):
        return current
    if current is not None:
        raise RuntimeError("an IPython shell already runs in this process: run notebooks in a kernel instead")
    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.cache_size = 0
    config.InteractiveShell.colors = "nocolor"
    main, names = sys.modules["__main__"], set(vars(builtins))
    with warnings.catch_warnings():
        made = _Shell.instance(config=config)
    made.kernel_builtins = {k: v for k, v in vars(builtins).items() if k not in names}
    for name in made.kernel_builtins:
        delattr(builtins, name)
    sys.modules["__main__"] = main
    return made


@contextlib.contextmanager
def _inside(sh: _Shell) -> Iterator[None]:
    """The process as a kernel shows it to a notebook (its __main__, ``display`` as a builtin), then as it was."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = sh.user_module
    vars(builtins).update(sh.kernel_builtins)
    try:
        yield
    finally:
        sys.modules["__main__"] = main
        for name in sh.kernel_builtins:
            vars(builtins).pop(name, None)


def available() -> bool:
    """False inside IPython or Jupyter (their shell is not ours to run notebooks on)."""
    current = InteractiveShell._instance
    return current is None or isinstance(current, _Shell)


def run_cell(sh: _Shell, source: str) -> tuple[list, bool]:
    """Run one cell's source; its outputs, and whether it ran without an exception.

    Ctrl-C stops the command, not just the cell: IPython would turn it into the cell's error and the next
    brief would start.
    """
    _Outputs.cell = []
    with contextlib.redirect_stdout(_Stream("stdout")), contextlib.redirect_stderr(_Stream("stderr")):
        result = sh.run_cell(source, store_history=True)
    if isinstance(result.error_in_exec, KeyboardInterrupt):
        raise KeyboardInterrupt
    return _Outputs.cell, result.success


class InProcessEngine(Engine):
    """papermill engine ``govfoi-inprocess``: cells run on this process's shell, in a fresh namespace."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name: str, **kwargs: Any) -> None:
        sh = shell()
        sh.reset(new_session=True)  # empty namespace and In[], execution count 1: a new kernel's state
        with _inside(sh):
            for index, cell in enumerate(nb_man.nb.cells):
                if cell.cell_type != "code":
                    continue
                nb_man.cell_start(cell, index)
                cell.execution_count = sh.execution_count
                cell.outputs, ok = run_cell(sh, cell.source)
                if not ok:  # as nbclient does: mark the cell, stop; papermill raises from its error output
                    nb_man.cell_exception(cell, index)
                    nb_man.cell_complete(cell, index)
                    break
                nb_man.cell_complete(cell, index)


papermill_engines.register(ENGINE, InProcessEngine)


def execute_notebook(nb: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
    """``papermill.execute_notebook(nb, None, parameters)`` on this engine, in papermill's own steps.

    papermill's function ends by serialising the executed notebook even with no output path (validated and
    indented, slow for a brief whose charts carry many agencies); this stops before that step.
    """
    from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(nb)
    if parameters:
        nb = parameterize_notebook(nb, parameters, kernel_name="python3", engine_name=ENGINE)
    nb = remove_error_markers(prepare_notebook_metadata(nb, "<in memory>", None))
    nb = papermill_engines.execute_notebook_with_engine(
        ENGINE,
        nb,
        kernel_name="python3",
        input_path="<in memory>",
        output_path=None,
        progress_bar=False,
        log_output=False,
    )
    raise_for_execution_errors(nb, None)
    return nb
