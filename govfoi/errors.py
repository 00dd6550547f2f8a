"""Every exception govfoi raises, one per kind of failure.

Each subclasses the built-in it resembles, so that code written against the built-ins (``except ValueError``,
``except FileNotFoundError``) keeps working, and carries the ``file`` and ``line`` it is about when they are
known (None otherwise). The message is the whole story; ``file`` and ``line`` are for code that handles it.

Problems inside a report are not exceptions: they are findings (``govfoi.findings``), collected for every
cell, and a file that cannot be read at all is a failed report. These are for what stops a call.
"""

from __future__ import annotations

import os
import signal
from typing import Any


class _Located:
    """The ``file`` and ``line`` an error is about, keyword arguments after the message."""

    file: str | None = None
    line: int | None = None

    def __init__(self, *args: Any, file: str | os.PathLike[str] | None = None, line: int | None = None) -> None:
        super().__init__(*args)
        self.file = None if file is None else os.fspath(file)
        self.line = line


class GovfoiError(_Located, Exception):
    """Base of govfoi's exceptions (all but ``ResourceLimit``): ``except govfoi.errors.GovfoiError`` catches
    them."""


class DecodeError(GovfoiError, ValueError):
    """The bytes are not text in any encoding govfoi can recognise."""


class FormatError(GovfoiError, ValueError):
    """The file is in a format govfoi reads, but this one cannot be used; ``check`` says why."""

    def __init__(self, check: str, message: str, *, file: str | None = None, line: int | None = None):
        super().__init__(message, file=file, line=line)
        self.check = check

    def __reduce__(self) -> tuple[Any, ...]:  # it crosses processes (the PDF reader runs in a child)
        return (FormatError, (self.check, str(self)), self.__dict__)


class ReportNotFoundError(GovfoiError, FileNotFoundError):
    """``parse_report`` was given a path that names no existing file (a report's text goes to ``parse_text``)."""


class FramesError(GovfoiError, FileNotFoundError):
    """Frames on disk are missing or from an older version; the message says which and what to run."""


class ParameterError(GovfoiError, ValueError):
    """A notebook parameter is wrong; the message says which and what is allowed."""


class UsageError(GovfoiError, ValueError):
    """Bad arguments on the command line: reported in one line, exit code 2."""


class BriefError(GovfoiError, RuntimeError):
    """A brief could not be rendered; the message names the brief and the reason."""


class WorkerDiedError(GovfoiError, RuntimeError):
    """A worker process ended without an answer: killed (SIGKILL, as the system's out-of-memory killer
    sends) or crashed in native code (SIGSEGV in a C library); nothing Python can catch inside it."""

    def __init__(self, exitcode: int | None, *, file: str | None = None):
        super().__init__(describe_exit(exitcode), file=file)
        self.exitcode = exitcode

    def __reduce__(self) -> tuple[Any, ...]:
        return (WorkerDiedError, (self.exitcode,), self.__dict__)


class ResourceLimit(_Located, BaseException):
    """A file needed more than its time or memory budget (finding ``resource_limit``). A BaseException, like
    KeyboardInterrupt, so that no ``except Exception`` on the way mistakes it for a problem of the file's."""


_CRASHES = {"SIGSEGV", "SIGBUS", "SIGABRT", "SIGILL", "SIGFPE"}


def describe_exit(exitcode: int | None) -> str:
    """What a process's exit code says happened to it, in words a researcher can act on."""
    if exitcode is None or exitcode >= 0:
        return f"its process exited with code {exitcode} before it answered"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    if name == "SIGKILL":
        return "its process was killed (SIGKILL: the system's out-of-memory killer, or a user, ended it)"
    if name in _CRASHES:
        return f"its process crashed ({name}: a fault in native code, such as a C library reading the file)"
    return f"its process was ended by {name}"
