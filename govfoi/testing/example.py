"""The multi-year example set of data/synthetic (``python -m govfoi.testing.synth data/synthetic``): five
real places × 2021–2024, invented figures, every file named synthetic_* and every title marked 【合成示例】.
"""

from __future__ import annotations

import csv
import random
from dataclasses import replace
from pathlib import Path

from govfoi.codes import SYNTHETIC_MARK, SYNTHETIC_PREFIX
from govfoi.testing.documents import render_html
from govfoi.testing.figures import Figures, panel_figures
from govfoi.testing.layouts import LAYOUTS, render

EXAMPLE_AGENCIES = (  # real places, so the example shows the place columns; the figures are invented
    ("330206", "gov", "宁波市北仑区人民政府"),
    ("330212", "gov", "宁波市鄞州区人民政府"),
    ("331022", "gov", "台州市三门县人民政府"),
    ("330206", "fgj", "宁波市北仑区发展和改革局"),
    ("321322", "gov", "宿迁市沭阳县人民政府"),
)
EXAMPLE_YEARS = range(2021, 2025)
# One deliberate break, so the example shows the cross-year check: 三门 2023's 上年结转 (natural persons)
# does not follow on from its 2022 report (the report itself still balances).
EXAMPLE_BREAK = ("331022", "gov", 2023)


def write_example_panel(folder: Path, seed: int = 2026) -> list[Path]:
    """Write the synthetic multi-year example set (text layouts in turn, one year as a web page) and its
    manifest: every file name starts with ``synthetic_``, every title with 【合成示例】."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written, manifest = [], [("file", "agency", "year", "source", "notes", "division_code", "agency_id")]
    for k, (code, role, name) in enumerate(EXAMPLE_AGENCIES):
        for i, fig in enumerate(panel_figures(rng, SYNTHETIC_MARK + name, EXAMPLE_YEARS)):
            note = "synthetic figures (govfoi.synth.write_example_panel), not a real report"  # as data/synthetic has it
            if (code, role, fig.year) == EXAMPLE_BREAK:
                fig = _break_carry_over(fig)
                note += "; carried_over (natural persons) deliberately does not follow last year's report"
            stem = f"{SYNTHETIC_PREFIX}{code}_{role}_{fig.year}"
            layout_rng = random.Random(rng.random())
            if (k + i) % 5 == 4:
                path = folder / f"{stem}.html"
                path.write_text(render_html(fig, layout_rng), encoding="utf-8")
            else:
                path = folder / f"{stem}.txt"
                path.write_text(render(fig, LAYOUTS[(k + i) % 4], layout_rng), encoding="utf-8")
            written.append(path)
            manifest.append((path.name, "", "", "synthetic", note, "", f"synthetic-{code}:{role}"))
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(manifest)
    return written


def _break_carry_over(fig: Figures) -> Figures:
    """Carried over +3 for natural persons, received −3 so that the report's own identities still hold."""
    apps = dict(fig.applications)
    for col in ("natural_person", "total"):
        apps[("carried_over", col)] += 3
        apps[("received", col)] -= 3
    if apps[("received", "natural_person")] < 0:  # keep counts non-negative: move the 3 to processed instead
        raise ValueError("example seed gives too few requests to break the carry-over; choose another seed")
    return replace(fig, applications=apps)
