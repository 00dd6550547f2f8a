"""The worker processes that parse in parallel: forked from a server process that has imported govfoi.

The server is started as early as possible (``start_server``): it imports govfoi and Polars, ~0.3 s of one
core, while the main process imports its own and walks the inputs, instead of after.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver


def worker_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a clean server process, never from this one: Polars' thread pool does not survive
    a fork (a forked child that joins frames can hang), and spawning each worker afresh is slower."""
    ctx = multiprocessing.get_context("forkserver")
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
