"""The worker processes that parse in parallel: forked from a server process that has imported govfoi.

The server is started as early as possible (``start_server``): it imports govfoi and Polars, ~0.3 s of one
core, while the main process imports its own and walks the inputs, instead of after. ``run_alone`` runs
one call in a process of its own from the same server, for work that may kill the process doing it.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from govfoi.limits import portable

T = TypeVar("T")


def worker_context() -> multiprocessing.context.ForkServerContext:
    """Workers forked from a clean server process, never from this one: Polars' thread pool does not survive
    a fork (a forked child that joins frames can hang), and spawning each worker afresh is slower."""
    ctx = multiprocessing.get_context("forkserver")
    assert isinstance(ctx, multiprocessing.context.ForkServerContext)  # the "forkserver" name always gives one
    ctx.set_forkserver_preload(["govfoi.batch"])
    return ctx


def start_server() -> None:
    """Start the fork server now, in the background; the first pool uses it."""
    worker_context()
    forkserver.ensure_running()


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose worker processes are already starting, so that they boot while the main process finds
    and reads the first batch of inputs."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=worker_context())
    for _ in range(workers):
        pool.submit(int)  # a task per worker makes the executor start its processes now
    return pool


class WorkerDiedError(Exception):
    """A worker process ended without an answer: killed (SIGKILL, as the system's out-of-memory killer
    sends) or crashed in native code (SIGSEGV in a C library); nothing Python can catch inside it."""

    def __init__(self, exitcode: int | None):
        super().__init__(describe_exit(exitcode))
        self.exitcode = exitcode


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


_CRASHES = {"SIGSEGV", "SIGBUS", "SIGABRT", "SIGILL", "SIGFPE"}


def run_alone(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a process of its own, forked from the same server as the pool's workers: whatever
    kills it costs this one call (``WorkerDiedError``), never a pool or the run. Its exception is raised here."""
    ctx = worker_context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_answer, args=(send, fn, args))
    process.start()
    send.close()  # the child holds the only writer now: its death is an end of file here
    try:
        ok, value = receive.recv()
    except EOFError:  # it died before it answered
        process.join()
        raise WorkerDiedError(process.exitcode) from None
    except BaseException:  # interrupted here (Ctrl-C): the child goes too
        process.kill()
        process.join()
        raise
    finally:
        receive.close()
    process.join()
    if ok:
        return value
    raise value


def _answer(send: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """The child's side of ``run_alone``: the result or the exception, pickled back."""
    try:
        reply = (True, fn(*args))
    except BaseException as exc:  # noqa: BLE001 - raised in the parent
        reply = (False, portable(exc))
    send.send(reply)
    send.close()
