"""Synthetic reports, in one import: random figures that satisfy every identity (figures.py), rendered in the
layouts found in the wild (layouts.py), damaged as real reports are (damage.py), and the multi-year example
set (example.py).

Used by the property tests (parse(render(figures)) == figures), the benchmarks and the example sets.
"""

from govfoi.codes import SYNTHETIC_MARK
from govfoi.testing.damage import DAMAGES
from govfoi.testing.documents import render_docx, render_html, text_as_docx, text_as_html
from govfoi.testing.example import EXAMPLE_AGENCIES, EXAMPLE_YEARS, write_example_panel
from govfoi.testing.figures import Figures, agency_name, panel_figures, random_figures
from govfoi.testing.layouts import FORMATTERS, LAYOUTS, corpus, render

__all__ = [
    "DAMAGES",
    "EXAMPLE_AGENCIES",
    "EXAMPLE_YEARS",
    "FORMATTERS",
    "LAYOUTS",
    "SYNTHETIC_MARK",
    "Figures",
    "agency_name",
    "corpus",
    "panel_figures",
    "random_figures",
    "render",
    "render_docx",
    "render_html",
    "text_as_docx",
    "text_as_html",
    "write_example_panel",
]

if __name__ == "__main__":  # python -m govfoi.testing.synth data/synthetic
    import sys
    from pathlib import Path

    for p in write_example_panel(Path(sys.argv[1] if len(sys.argv) > 1 else "data/synthetic")):
        print(p)
