"""Bytes → text: detect the encoding (UTF-8, UTF-8 with BOM, UTF-16, GB18030/GBK) instead of assuming it."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from govfoi.errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). UTF-8 is tried first because it is the common case and fails loudly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # The mark settles the encoding: a damaged or cut-off character is U+FFFD (a value holding one
            # is unreadable, with an error), not the loss of the whole file.
            return data.decode(encoding, "replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            # UTF-8 cut off inside its last character (a truncated download): the rest is UTF-8 all the same
            try:
                return data[: exc.start].decode("utf-8") + "\ufffd", "utf-8"
            except UnicodeDecodeError:
                pass
    if b"\x00" not in data:
        # GB18030 is a superset of GBK and GB2312: strict decoding succeeds only on real Chinese text.
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("no text encoding fits these bytes")
    return str(best), best.encoding


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str, limit: int | None = None) -> str:
    """Text safe to print on one terminal line: control characters (line breaks, ESC, bidi overrides) shown
    as escapes, so that a file name or a title cannot forge a line or recolour the terminal; cut at
    ``limit`` characters."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
