"""The inputs of a run: the files named, the folders walked and the globs expanded, each file once, with the
manifest.csv of each folder read; a path that names nothing, or a link out of the folder given, is reported.
"""

from __future__ import annotations

import glob
import itertools
import os
from collections.abc import Iterable
from pathlib import Path

from govfoi.parse.report import read_file
from govfoi.read.manifest import Manifest, read_manifest
from govfoi.read.options import MAX_BYTES

MANIFEST = "manifest.csv"
_SKIP_NAMES = {MANIFEST}


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[str]]:
    """Files named by paths, folders (recursively, sorted) and globs; and the inputs that named nothing.

    A file named twice (directly and through its folder, say) is read once. Files are kept as strings (a
    ``Path`` takes several times the memory, and the list lives for the whole run).
    """
    files: list[str] = []
    missing: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(_walk(p))
        elif os.path.lexists(p):  # a file, or anything else named directly: read_file says what it is
            files.append(str(p))
        else:
            root = _glob_root(str(item))
            found = [
                _inside(m, root)
                for m in sorted(glob.glob(str(item), recursive=True))
                if not os.path.isdir(m) and _is_input(os.path.basename(m))
            ]
            if found:
                files.extend(found)
            else:
                missing.append(str(item))
    seen: set[str] = set()
    unique = []
    for f in files:
        key = os.path.normpath(os.path.abspath(f))
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def _walk(folder: Path) -> list[str]:
    """Input files below a folder, sorted by path (os.walk: a fraction of rglob's cost on large folders).

    Every file is an input, hidden ones too (``..txt`` is a file like any other); hidden folders (.git,
    a run's own .parts) are not walked. A symbolic link is followed only when it stays inside the folder:
    one pointing out of it (to /etc/shadow) is named as such in its failed row, never read."""
    out: list[str] = []
    real_root = os.path.realpath(folder)
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(_inside(str(Path(root, n)), real_root) for n in sorted(names) if _is_input(n))
    return out


OUTSIDE = "\0outside:"  # marks a path whose link leads out of the folder given (no real path holds a NUL)


def _inside(path: str, real_root: str | None) -> str:
    """The path, or the path marked OUTSIDE when it is a link that resolves outside ``real_root``."""
    if real_root is None or not os.path.islink(path):
        return path
    target = os.path.realpath(path)
    if os.path.commonpath([target, real_root]) == real_root:
        return path
    return OUTSIDE + path


def _glob_root(pattern: str) -> str | None:
    """The real folder a glob searches below (its parts before the first wildcard)."""
    parts = Path(pattern).parts
    fixed = list(itertools.takewhile(lambda x: not glob.has_magic(x), parts))
    return os.path.realpath(Path(*fixed)) if fixed else os.path.realpath(".")


def _is_input(name: str) -> bool:
    return name not in _SKIP_NAMES


def read_manifests(files: list[str], max_bytes: int = MAX_BYTES) -> dict[str, Manifest]:
    """Each folder's manifest, for the folders that have one; a manifest that cannot be read is a manifest
    whose one problem says so (noted on each file of the folder), never an abort."""
    out = {}
    for folder in {os.path.dirname(f) for f in files}:
        path = Path(folder, MANIFEST)
        if os.path.lexists(path):
            data = read_file(path, str(path), max_bytes)
            out[folder] = (
                read_manifest(data, str(path))
                if isinstance(data, bytes)
                else Manifest(problems=(f"{data.findings[0].message}; nothing in it was applied",))
            )
    return out
