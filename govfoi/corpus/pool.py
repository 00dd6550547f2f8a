"""The worker processes that parse in parallel: forked from a server process that has imported govfoi.

The server is started as early as possible (``start_server``), so that its import of govfoi and Polars
overlaps the main process's own imports and its walk of the inputs instead of following them. ``run_alone`` runs
one call in a process of its own from the same server, for work that may kill the process doing it.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from govfoi.errors import WorkerDiedError
from govfoi.read.limits import portable

T = TypeVar("T")


def worker_context() -> multiprocessing.context.ForkServerContext:
    """Workers forked from a clean server process, never from this one: Polars' thread pool does not survive
    a fork (a forked child that joins frames can hang), and spawning each worker afresh is slower."""
    ctx = multiprocessing.get_context("forkserver")
    assert isinstance(ctx, multiprocessing.context.ForkServerContext)  # the "forkserver" name always gives one
    ctx.set_forkserver_preload(["govfoi.corpus.batch"])
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
