"""The most any reader can know from text that drops blank cells: the ceiling for the corpus's tools that do.

    python benchmarks/knowable_ceiling.py [FOLDER]

pdfplumber, PDFium, ``pdftotext -raw``, markdown converters and crawlers print a row's values in order but
print nothing for a blank cell, so where a row has a blank its values may sit in more than one set of
cells. The template's identities (row and column sums, the intake, table 四's totals) rule some placements
out; a cell is *knowable* when every placement they allow gives it the same value (a blank adds 0, so a
printed 0 that some placement leaves blank is knowable: a reader gives it as 0, marked ``imputed``, which is
how the corpus benchmark scores it). A cell that is not knowable is one no reader can give without guessing:
govfoi leaves it null with an error. A truth that breaks a sum, or a search that runs out of time, counts
none of its cells as knowable (neither happens on the corpus).

For each report of FOLDER (built by ``make corpus``: its ``plans.json`` and any tool's ``expected.json``) the
truth is printed that way, each row's values in order with its blanks dropped, and every non-blank cell is
judged: table 三 with CP-SAT over all its rows at once, tables 四 and 二 by listing placements. Only the
blanks are lost in this model: the ceiling of a tool is lower still where it also loses order, lines or
digits (pdftotext's default mode, pdfminer, one-line captures). Non-blank cells are counted, as
``real_tools_accuracy.py`` counts them, so the two figures compare.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations, pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ortools.sat.python import cp_model  # noqa: E402

from govfoi.codes import APPLICANTS, CHANNELS, RESULTS  # noqa: E402
from govfoi.template import application_identities  # noqa: E402

Counts = tuple[int, int]  # (non-blank cells, knowable cells)


def applications_knowable(table: dict[str, dict[str, float | None]], subtotal: bool) -> Counts:
    """Table 三: each row's printed values placed in order among its cells, every identity holding. A cell
    is knowable when no placement gives it another value: asked of CP-SAT for all cells not yet shown open
    at once (at least one of them differs), until none can."""
    model = cp_model.CpModel()
    cell: dict[tuple[str, str], cp_model.LinearExprT] = {}
    for outcome, row in table.items():
        slots = _printed_row(row, subtotal)
        values = [int(v) for v in slots if v is not None]
        at = [[model.new_bool_var("") for _ in slots] for _ in values]
        for choices in at:
            model.add_exactly_one(choices)
        for j in range(len(slots)):
            model.add_at_most_one(choices[j] for choices in at)
        place = [sum(j * b for j, b in enumerate(choices)) for choices in at]
        for a, b in pairwise(place):
            model.add(a < b)
        slot = [sum(v * at[i][j] for i, v in enumerate(values)) for j in range(len(slots))]
        cell.update({(outcome, a): slot[j] for j, a in enumerate(APPLICANTS[:6])})
        cell[(outcome, "total")] = slot[-1]
        if subtotal:
            model.add(slot[6] == sum(slot[1:6]))
    for identity in application_identities("other_no_correction" not in table):
        model.add(sum(cell[c] for c in identity.parts) == sum(cell[c] for c in identity.whole))
    truth = {(o, a): v for o, row in table.items() for a, v in row.items() if v is not None}
    return len(truth), len(truth) - len(_open_cells(model, cell, truth))


def _open_cells(
    model: cp_model.CpModel, cell: dict[tuple[str, str], cp_model.LinearExprT], truth: dict[tuple[str, str], float]
) -> set[tuple[str, str]]:
    """The cells some placement gives another value than the truth's (all of them where the truth itself
    breaks an identity: then nothing is known)."""
    undecided, open_ = set(truth), set()
    check = cp_model.CpSolver()
    check.parameters.num_workers = 1
    if check.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return undecided
    while undecided:
        differs = []
        for c in undecided:
            b = model.new_bool_var("")
            model.add(cell[c] != int(truth[c])).only_enforce_if(b)
            differs.append(b)
        asked = model.new_bool_var("")
        model.add_bool_or(differs).only_enforce_if(asked)
        model.clear_assumptions()
        model.add_assumption(asked)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 30
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            break
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # not settled in time: counted as open
            open_ |= undecided
            break
        shown = {c for c in undecided if solver.value(cell[c]) != int(truth[c])}
        open_ |= shown
        undecided -= shown
    return open_


def _printed_row(row: dict[str, float | None], subtotal: bool) -> list[float | None]:
    """A row's cells as printed: with a 小计 column, the organisations' subtotal before the total (blank as
    the corpus builder leaves it: where the five organisations are all blank)."""
    cells = [row[a] for a in APPLICANTS[:6]]
    if subtotal:
        orgs = cells[1:6]
        cells.append(None if all(v is None for v in orgs) else sum(v or 0 for v in orgs))
    return [*cells, row["total"]]


def listed_knowable(cells: list[float | None], sums: list[tuple[list[int], int]]) -> Counts:
    """One printed row (table 四's fifteen cells, or a row of table 二): every placement of its values in
    order that satisfies ``sums`` (parts' indexes, total's index) listed, and the cells they agree on."""
    values = [v for v in cells if v is not None]
    placements = []
    for where in combinations(range(len(cells)), len(values)):
        slot = [0.0] * len(cells)
        for j, v in zip(where, values):
            slot[j] = v
        if all(sum(slot[i] for i in parts) == slot[total] for parts, total in sums):
            placements.append(slot)
    printed = sum(v is not None for v in cells)
    if not placements:  # the truth itself breaks a sum: nothing is known (as for table 三)
        return printed, 0
    return printed, sum(v is not None and all(p[j] == v for p in placements) for j, v in enumerate(cells))


def report_knowable(truth: dict, subtotal: bool) -> dict[str, Counts]:
    """Each table's (non-blank cells, knowable cells) for one report's truth."""
    appeals = [truth["appeals"][f"{c}.{r}"] for c in CHANNELS for r in RESULTS]
    width = len(RESULTS)
    sums = [([g * width + i for i in range(width - 1)], g * width + width - 1) for g in range(len(CHANNELS))]
    rows: dict[str, list[float | None]] = {}
    for key, v in truth["disclosure"].items():
        rows.setdefault(key.split(".")[0], []).append(v)
    disclosure = [listed_knowable(cells, []) for cells in rows.values()]
    return {
        "applications": applications_knowable(truth["applications"], subtotal),
        "appeals": listed_knowable(appeals, sums),
        "disclosure": (sum(n for n, _ in disclosure), sum(k for _, k in disclosure)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT / "data" / "corpus"))
    args = ap.parse_args(argv)
    folder = Path(args.folder)
    if not (folder / "plans.json").is_file():
        print(f"{folder}: no plans.json; build the corpus first (make corpus)", file=sys.stderr)
        return 2
    plans = {p["stem"]: p for p in json.loads((folder / "plans.json").read_text(encoding="utf-8"))}
    expected = next(f for f in sorted(folder.glob("*/expected.json")) if f.parent.name != "ocr-tesseract")
    totals = {"applications": [0, 0], "appeals": [0, 0], "disclosure": [0, 0]}
    blank_reports = 0
    for truth in json.loads(expected.read_text(encoding="utf-8")):
        plan = plans[truth["file"].split(".")[0]]
        blank_reports += plan["blank_cells"] > 0
        for table, (cells, known) in report_knowable(truth, plan["subtotal_column"]).items():
            totals[table][0] += cells
            totals[table][1] += known
    print(f"{len(plans)} reports, {blank_reports} with blank cells")
    for table, (cells, known) in totals.items():
        print(f"  {table:<13} knowable {known}/{cells} ({known / cells:.1%})")
    cells, known = (sum(t[i] for t in totals.values()) for i in (0, 1))
    print(f"cells knowable where blanks are dropped: {known}/{cells} ({known / cells:.2%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
