"""File names of briefs and downloads, made from agency and region names so that none leaves its folder."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from govfoi.errors import BriefError

MAX_NAME = 48


def safe_name(text: str, prefix: str = "") -> str:
    """A file-name stem from any text: letters, digits and CJK only, bounded, with a hash against collisions.

    ``../../x``, ``a/b`` or a 300-character name all give a plain stem such as ``agency-x-1f2e3d4c``.
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    clean = re.sub(r"[^\w\u3400-\u9fff]+", "_", unicodedata.normalize("NFKC", text)).strip("_.")[:MAX_NAME]
    return "-".join(p for p in (prefix, clean, digest) if p)


def inside(folder: Path, name: str) -> Path:
    """folder/name, refusing anything that would resolve outside folder."""
    target = (folder / name).resolve()
    if target.parent != folder.resolve():
        raise BriefError(f"refusing to write {name!r} outside {folder}")
    return target
