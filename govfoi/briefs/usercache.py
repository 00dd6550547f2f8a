"""Text that govfoi derives once and keeps in the user's cache folder ($XDG_CACHE_HOME/govfoi, else ~/.cache/govfoi).

Why: some derived text takes a large part of a brief's 3 s to make and comes out the same from run to run: the
Vega bundle, a font subset for a set of characters, a notebook converted from its jupytext text (most of that is
importing jupytext). Entries are named by a hash of everything they are made from, so a changed input makes a new
entry and never returns a stale one; writes are atomic, so two runs at once never read half a file; a cache that
cannot be written only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path


def folder() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "govfoi"


def key(*parts: object) -> str:
    """A short hash naming an entry by what it is made from."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()[:24]


def cached_text(name: str, make: Callable[[], str], keep: int = 0) -> str:
    """The text stored as ``name`` in the cache folder, made by ``make()`` and stored the first time.

    ``keep`` > 0 bounds the entries of ``name``'s subfolder to the ``keep`` most recently used.
    """
    path = folder() / name
    try:
        text = path.read_text(encoding="utf-8")
        if keep:
            os.utime(path)  # most recently used: kept by the pruning below
        return text
    except (OSError, UnicodeDecodeError):  # not made yet, or unreadable: make it
        pass
    text = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        if keep:
            _prune(path.parent, keep)
    except OSError:
        pass
    return text


def _prune(where: Path, keep: int) -> None:
    entries = sorted(
        (p for p in where.iterdir() if p.is_file() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
