"""Keep slow optional imports out of every process that draws charts or runs notebooks.

jsonschema (used by Altair to validate specs, and by nbformat and papermill to validate notebooks) imports
``rfc3987_syntax`` when it is installed, as jupyter-events makes it, only to check the rarely used "iri"
string format; building that package's grammar costs every process a large part of a brief's time
budget. Neither charts nor notebooks use that format, so govfoi marks the module as absent before those
libraries are imported. A process that already imported it keeps it.

Likewise ``isoduration`` (with ``arrow``) and ``rfc3986_validator``, for the "duration" and "uri" formats,
cost import time no brief needs; they are hidden only while jsonschema loads its format checkers, so
that a notebook can still import them.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

_hidden = [name for name in ("isoduration", "rfc3986_validator") if name not in sys.modules]
for _name in _hidden:
    sys.modules[_name] = None  # type: ignore[assignment]
try:
    import jsonschema  # noqa: F401  (its format checkers are registered now, without the hidden ones)
finally:
    for _name in _hidden:
        if sys.modules.get(_name, 0) is None:
            del sys.modules[_name]
