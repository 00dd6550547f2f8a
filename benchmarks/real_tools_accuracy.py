"""Accuracy of the parser on the real-tool corpus: one row per tool, cells right and wrong, and the time taken.

    python benchmarks/real_tools_accuracy.py [FOLDER] [--tools a,b] [--show-wrong K] [--by-feature]

FOLDER (default data/corpus, built by ``make corpus``) holds one folder per tool, each with its files and an
``expected.json``. Every file is parsed in this process with ``govfoi.parse_report``. A cell counts where the
truth has a number, and also where the truth is blank (null) but a number was read: a blank filled in is a
wrong cell, unless it is the value the identities force there, marked ``imputed`` (the data contract's
reading of a blank whose place the text lost, as tests/integration/test_accuracy.py counts it). A wrong cell is *silent*
when its report has no error-severity finding: the worst defect. The agency and year are counted apart, with
the rule of /work/shared/tools/score.py. The last line is ``cells A/B right (P%), wrong without an error N``.
``--by-feature`` also splits cells right by what the report's author varied (FOLDER/plans.json, written by the
builder): template, 小计 column, blank zeros.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govfoi import parse_report  # noqa: E402

TOLERANCE = 1e-6


@dataclass
class Score:
    """What one tool's texts gave."""

    tool: str
    reports: int = 0
    cells: int = 0
    right: int = 0
    flagged: int = 0  # wrong, in a report with an error
    silent: int = 0  # wrong, in a report without an error
    agency_wrong: int = 0
    year_wrong: int = 0
    crashed: int = 0
    millis: list[float] = field(default_factory=list)
    per_report: dict[str, tuple[int, int]] = field(default_factory=dict)  # stem -> (cells, right)
    wrong: list[str] = field(default_factory=list)  # "file table/row/column got≠expected (flagged|SILENT)"


def _norm(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").replace(" ", "")


def agency_right(expected: str | None, got: str | None) -> bool:
    """score.py's rule: the expected name inside the one read, or a read name of 3+ characters inside it."""
    if not expected:
        return True
    e, g = _norm(expected), _norm(got)
    return bool(g) and (e in g or (len(g) >= 3 and g in e))


def _truth(entry: dict) -> list[tuple[str, str, str, float | None]]:
    """(table, row, column, value) for every cell of one expected entry."""
    cells = [("applications", o, a, v) for o, cols in entry.get("applications", {}).items() for a, v in cols.items()]
    for table in ("appeals", "disclosure"):
        cells += [(table, *key.split(".", 1), v) for key, v in (entry.get(table) or {}).items()]
    return cells


def score_tool(folder: Path) -> Score:
    s = Score(folder.name)
    for entry in json.loads((folder / "expected.json").read_text(encoding="utf-8")):
        path = folder / entry["file"]
        s.reports += 1
        start = time.perf_counter()
        try:
            report = parse_report(path)
        except Exception as exc:  # noqa: BLE001 - a traceback is a defect of its own: count it, keep scoring the rest
            s.crashed += 1
            s.wrong.append(f"{entry['file']} CRASHED {type(exc).__name__}: {exc}")
            continue
        s.millis.append(1000 * (time.perf_counter() - start))
        has_error = report.n_errors > 0
        if not agency_right(entry.get("agency"), report.agency):
            s.agency_wrong += 1
        if entry.get("year") and report.year != entry["year"]:
            s.year_wrong += 1
        cells, right = s.cells, s.right
        for table, row, col, want in _truth(entry):
            cell = getattr(report, table).get((row, col))
            got = None if cell is None else cell.value
            if want is None and (got is None or cell.imputed):
                continue  # a blank read as null, or offered the value the identities force, marked imputed
            s.cells += 1
            if want is not None and got is not None and abs(float(got) - float(want)) < TOLERANCE:
                s.right += 1
                continue
            if has_error:
                s.flagged += 1
            else:
                s.silent += 1
            s.wrong.append(f"{entry['file']} {table}/{row}/{col} {got}≠{want} ({'flagged' if has_error else 'SILENT'})")
        s.per_report[path.stem] = (s.cells - cells, s.right - right)
    return s


def table(scores: list[Score]) -> list[str]:
    head = (
        f"{'tool':<18} {'reports':>7} {'cells':>7} {'right':>7} {'right%':>7} {'wrong+err':>9} {'SILENT':>6} "
        f"{'agency✗':>7} {'year✗':>5} {'crash':>5} {'ms mean':>8} {'ms max':>7}"
    )
    lines = [head, "-" * len(head)]
    for s in scores:
        pct = 100 * s.right / s.cells if s.cells else 0.0
        mean = sum(s.millis) / len(s.millis) if s.millis else 0.0
        lines.append(
            f"{s.tool:<18} {s.reports:>7} {s.cells:>7} {s.right:>7} {pct:>6.1f}% {s.flagged:>9} "
            f"{s.silent:>6} {s.agency_wrong:>7} {s.year_wrong:>5} {s.crashed:>5} {mean:>8.1f} "
            f"{max(s.millis, default=0):>7.0f}"
        )
    return lines


GROUPS = {  # what an author varied -> which reports have it; plain: 2021, no blank, no 小计
    "plain 2021": lambda f: f["template"] == "2021" and not f["blank_cells"] and not f["subtotal_column"],
    "2019 template": lambda f: f["template"] == "2019",
    "小计 column": lambda f: f["subtotal_column"],
    "blank zeros in 三": lambda f: f["blank_in_applications"],
    "thousands 1,234": lambda f: f["thousands_separators"],
}


def by_feature(scores: list[Score], plans: list[dict]) -> list[str]:
    """Cells right per tool for each group of reports (a report may be in several groups)."""
    lines = [f"{'cells right by feature':<24}" + "".join(f"{s.tool[:11]:>12}" for s in scores)]
    for group, member in GROUPS.items():
        stems = {f["stem"] for f in plans if member(f)}
        row = f"{group[:20] + f' ({len(stems)})':<24}"
        for s in scores:
            cells = sum(c for stem, (c, _) in s.per_report.items() if stem in stems)
            right = sum(r for stem, (_, r) in s.per_report.items() if stem in stems)
            row += f"{100 * right / cells:>11.1f}%" if cells else f"{'-':>12}"
        lines.append(row)
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=ROOT / "data" / "corpus")
    ap.add_argument("--tools", default="", help="comma-separated tool folders (default: every folder)")
    ap.add_argument("--show-wrong", type=int, default=0, metavar="K", help="print the first K wrong cells per tool")
    ap.add_argument("--by-feature", action="store_true", help="also split cells right by FOLDER/plans.json")
    a = ap.parse_args(argv)
    folders = sorted(f for f in a.folder.iterdir() if (f / "expected.json").exists()) if a.folder.is_dir() else []
    if a.tools:
        wanted = a.tools.split(",")
        folders = [f for f in folders if f.name in wanted]
        missing = set(wanted) - {f.name for f in folders}
        if missing:
            print(f"no tool folder with expected.json in {a.folder}: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    if not folders:
        print(f"{a.folder}: no tool folder with an expected.json (build one with `make corpus`)", file=sys.stderr)
        return 2
    scores = []
    for folder in folders:
        scores.append(score_tool(folder))
        if a.show_wrong:
            s = scores[-1]
            print(f"== {s.tool}: {len(s.wrong)} wrong cells" + (", first:" if s.wrong else ""))
            for line in s.wrong[: a.show_wrong]:
                print("   " + line)
    print("\n".join(table(scores)))
    if a.by_feature and (a.folder / "plans.json").exists():
        print("\n".join(by_feature(scores, json.loads((a.folder / "plans.json").read_text(encoding="utf-8")))))
    cells = sum(s.cells for s in scores)
    right = sum(s.right for s in scores)
    silent = sum(s.silent for s in scores)
    print(f"cells {right}/{cells} right ({100 * right / cells if cells else 0:.2f}%), wrong without an error {silent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
