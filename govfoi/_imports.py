"""Keep a slow optional import out of every process that draws charts or runs notebooks.

jsonschema (used by Altair to validate specs, and by nbformat and papermill to validate notebooks) imports
``rfc3987_syntax`` when it is installed, as jupyter-events makes it, only to check the rarely used "iri"
string format; building that package's grammar takes about 1.7 s per process, a third of a brief's time
budget. Neither charts nor notebooks use that format, so govfoi marks the module as absent before those
libraries are imported. A process that already imported it keeps it.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
