"""Per-file time and memory budgets: one hostile file can never stall a batch or exhaust the machine.

Two tools. ``file_budget`` bounds the parsing of one file inside the current process: an alarm interrupts
Python code that runs past the time, and the address-space limit turns an allocation past the memory into
a ``MemoryError``; both become ``ResourceLimit``. Native code that neither returns to Python in time nor
fails cleanly when memory runs out (PDFium) runs in a forked child instead (``run_isolated``), which the
limits end without harm to the parent.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from govfoi.errors import ResourceLimit

try:
    import resource
except ImportError:  # not on Windows: the time budget still holds where signals do
    resource = None  # type: ignore[assignment]

T = TypeVar("T")


_current: tuple[float | None, int | None] = (None, None)


def current_budget() -> tuple[float | None, int | None]:
    """(seconds, memory) of the ``file_budget`` in force: what native readers pass to ``run_isolated``."""
    return _current


def _address_space() -> int | None:
    """This process's current virtual size in bytes (the baseline the memory budget is added to)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def _memory_limit(memory: int | None) -> Iterator[None]:
    if memory is None or resource is None or (base := _address_space()) is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = base + memory
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _on_alarm(signum: int, frame: Any) -> None:
    seconds = _current[0]
    raise ResourceLimit(f"took more than {seconds:g} s" if seconds else "timed out")


@contextmanager
def file_budget(seconds: float | None, memory: int | None) -> Iterator[None]:
    """Run the block within ``seconds`` and ``memory`` bytes more than the process holds now; past either,
    ``ResourceLimit`` is raised in it. The time limit needs the main thread (signals); elsewhere only the
    memory limit holds."""
    global _current
    timed = bool(seconds) and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous = signal.signal(signal.SIGALRM, _on_alarm) if timed else None
    if timed:
        signal.setitimer(signal.ITIMER_REAL, seconds)  # type: ignore[arg-type]
    outer, _current = _current, (seconds, memory)
    try:
        with _memory_limit(memory):
            yield
    except MemoryError:
        raise ResourceLimit(f"needed more than {memory / 2**20:,.0f} MB" if memory else "out of memory") from None
    finally:
        _current = outer
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def extend_budget(seconds: float) -> None:
    """Give the running ``file_budget`` ``seconds`` more from now: a reader doing known, bounded work
    (OCR of one page) asks for it, so that a long scan is not taken for a hostile file."""
    if _current[0] and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        if left > 0:
            signal.setitimer(signal.ITIMER_REAL, left + seconds)


def run_isolated(fn: Callable[..., T], *args: Any, seconds: float | None, memory: int | None) -> T:
    """``fn(*args)`` in a forked child bounded by ``seconds`` and ``memory``: its result (or its exception,
    re-raised here) comes back pickled; a child the limits kill, or that crashes, is ``ResourceLimit``.
    Without fork (not POSIX), it runs here under ``file_budget``."""
    if not hasattr(os, "fork"):
        with file_budget(seconds, memory):
            return fn(*args)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        status = 0
        try:
            import faulthandler

            faulthandler.disable()  # a native abort past the memory limit is expected here: no dump
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)  # nor native libraries' complaints on the parent's terminal
            if seconds:
                signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the alarm kills, even inside native code
                signal.setitimer(signal.ITIMER_REAL, seconds)
            with _memory_limit(memory):
                try:
                    payload = pickle.dumps((True, fn(*args)))
                except BaseException as exc:  # noqa: BLE001 - sent to the parent, raised there
                    payload = pickle.dumps((False, portable(exc)))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:  # noqa: BLE001 - the parent sees no result: ResourceLimit
            status = 1
        os._exit(status)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as fh:
            payload = fh.read()
    except BaseException:  # this file's own time ran out while waiting: the child goes with it
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    _, wait_status = os.waitpid(pid, 0)
    if not payload:
        if os.WIFSIGNALED(wait_status) and os.WTERMSIG(wait_status) == signal.SIGALRM:
            raise ResourceLimit(f"took more than {seconds:g} s")
        raise ResourceLimit(f"needed more than {memory / 2**20:,.0f} MB or crashed" if memory else "crashed")
    ok, value = pickle.loads(payload)
    if ok:
        return value
    raise value


def portable(exc: BaseException) -> BaseException:
    """An exception that survives pickling (one with extra constructor arguments may not)."""
    if isinstance(exc, MemoryError):
        return ResourceLimit("out of memory")
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(exc).__name__}: {exc}")
