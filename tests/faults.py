"""Faults injected by tests only: a worker process that dies as the system or a C library would end it.

Nothing in govfoi imports this module. A test puts ``die_on`` in the place of ``govfoi.corpus.batch._parse_chunk``
(pytest's monkeypatch, in the test's own process); the pool and ``run_alone`` send that function to their
processes by name, so those import it from here. It kills only a child process (never the test's), and
only for a file whose name holds one of the markers below: no input can reach it outside such a test.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

from govfoi.corpus import batch

KILLED = "kills-its-worker"  # the process that parses this file is killed (SIGKILL), every time
SEGFAULT = "segfaults"  # the process crashes (SIGSEGV), every time
KILLED_ONCE = "killed-once"  # only the first process is killed (the system killed a worker, not the file);
# it leaves a mark beside the folder read, so that the next process lives

_real_parse_chunk = batch._parse_chunk


def die_on(items: list, parts: Path | None = None, index: int = 0) -> batch.Chunk:
    """``batch._parse_chunk``, but the process dies before it parses a batch that holds a marked file."""
    if multiprocessing.parent_process() is not None:  # a worker; the test's own process never dies
        for item in items:
            if isinstance(item, batch._Job):
                _maybe_die(item.source)
    return _real_parse_chunk(items, parts, index)


def _maybe_die(source: str) -> None:
    name = os.path.basename(source)
    if KILLED in name:
        os.kill(os.getpid(), signal.SIGKILL)
    if SEGFAULT in name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if KILLED_ONCE in name:
        mark = Path(source).parent.parent / f"{name}.was-killed"  # outside the folder read
        if not mark.exists():
            mark.touch()
            os.kill(os.getpid(), signal.SIGKILL)
