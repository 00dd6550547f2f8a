"""Reports → the five frames of the data contract (docs/CONTRACT.md), and the ``Corpus`` that holds them."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import polars as pl

from govfoi.codes import APPLICANTS, CHANNELS, DISCLOSURE_MEASURES, DISCLOSURE_MEASURES_2019, OUTCOMES, RESULTS
from govfoi.corpus.panel import link_years
from govfoi.corpus.schema import FRAMES, schemas
from govfoi.errors import FramesError
from govfoi.findings import Status
from govfoi.parse.report import Report

# Each table's cells in frame order: every report that has the table contributes exactly these rows.
_TABLE_CELLS = {
    "disclosure": tuple((i, m) for i, ms in DISCLOSURE_MEASURES.items() for m in ms),
    "disclosure_2019": tuple((i, m) for i, ms in DISCLOSURE_MEASURES_2019.items() for m in ms),
    "applications": tuple((o, a) for o in OUTCOMES for a in APPLICANTS),
    "appeals": tuple((c, r) for c in CHANNELS for r in RESULTS),
}

_GETTERS = {name: itemgetter(*keys) for name, keys in _TABLE_CELLS.items()}
_ABSENT = (None, None, False)  # a cell the report's grid lacks: (value, line, imputed)


class FrameBuilder:
    """Accumulates reports column by column and builds the five frames.

    Reports arrive by the thousand, so building frames must not cost more than parsing: each table keeps
    only its value columns per report; the id and code columns are made at the end by a cross join of the
    report ids with the table's fixed cell keys.
    """

    def __init__(self) -> None:
        self._schemas = schemas()
        self._reports: dict[str, list] = {col: [] for col in self._schemas["reports"]}
        self._checks: dict[str, list] = {col: [] for col in self._schemas["checks"]}
        self._tables: dict[str, dict[str, list]] = {
            name: {"ids": [], "value": [], "imputed": [], "line": []} for name in _TABLE_CELLS
        }

    def add(self, r: Report) -> None:
        p = r.place
        for col, value in zip(
            self._reports,
            (
                r.report_id,
                r.source,
                r.sha256,
                r.agency,
                r.year,
                r.template,
                r.layout,
                r.status,
                r.n_errors,
                r.n_warnings,
                p.agency_id,
                p.province,
                p.city,
                p.county,
                p.division_code,
                p.level,
                p.government_level,
                r.geo_source,
                None,
            ),
            strict=True,
        ):
            self._reports[col].append(value)
        era = "disclosure_2019" if r.template == "2019" else "disclosure"  # table 二's cells differ by template
        for name, keys in _TABLE_CELLS.items():
            if name.startswith("disclosure") and name != era:
                continue
            grid = getattr(r, name.removesuffix("_2019"))
            if grid:
                t = self._tables[name]
                try:
                    cells = _GETTERS[name](grid)  # every cell there (the common case): one C call
                except KeyError:
                    cells = [grid.get(k, _ABSENT) for k in keys]
                values, lines, imputed = zip(*cells)
                t["ids"].append(r.report_id)
                t["value"].extend(values)
                t["line"].extend(lines)
                if name == "applications":
                    t["imputed"].extend(imputed)
        for f in r.findings:
            for col, field in zip(self._checks, f.checks_row(r.report_id), strict=True):
                self._checks[col].append(field)

    def frames(self) -> dict[str, pl.DataFrame]:
        out = {"reports": pl.DataFrame(self._reports, schema=self._schemas["reports"])}
        for name, keys in _TABLE_CELLS.items():
            schema = self._schemas[name.removesuffix("_2019")]
            row_col, col_col = [c for c in schema if c not in ("report_id", "count", "value", "imputed", "line")]
            cell_keys = pl.DataFrame(
                {row_col: [k[0] for k in keys], col_col: [k[1] for k in keys]},
                schema={row_col: schema[row_col], col_col: schema[col_col]},
            )
            t = self._tables[name]
            ids = pl.DataFrame({"report_id": t["ids"]}, schema={"report_id": pl.String()})
            values = {("value" if "value" in schema else "count"): t["value"], "line": t["line"]}
            if "imputed" in schema:
                values["imputed"] = t["imputed"]
            frame = ids.join(cell_keys, how="cross").hstack(
                pl.DataFrame(values).with_columns(pl.col(v).cast(schema[v]) for v in values).get_columns()
            )
            out[name] = frame.select(list(schema)).cast(schema)  # type: ignore[arg-type]
        out["disclosure"] = pl.concat([out["disclosure"], out.pop("disclosure_2019")])
        out["checks"] = pl.DataFrame(self._checks, schema=self._schemas["checks"])
        return {name: out[name] for name in FRAMES}


@dataclass(frozen=True)
class Corpus:
    """The parsed reports as the contract's five Polars frames."""

    reports: pl.DataFrame
    disclosure: pl.DataFrame
    applications: pl.DataFrame
    appeals: pl.DataFrame
    checks: pl.DataFrame

    def __len__(self) -> int:
        return self.reports.height

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: getattr(self, name) for name in FRAMES}

    def where(self, report_ids: Iterable[str]) -> Corpus:
        """The same frames restricted to some reports."""
        ids = pl.Series(list(report_ids), dtype=pl.String)
        return Corpus(
            **{name: frame.filter(pl.col("report_id").is_in(ids.implode())) for name, frame in self.frames().items()}
        )

    def summary(self) -> dict[str, int]:
        """Files read, and how many ended ok / with warnings / with errors / failed."""
        counts = dict(self.reports.group_by("status").len().iter_rows())
        return {"files": self.reports.height, **{s.value: counts.get(s.value, 0) for s in Status}}

    def panel(self) -> Corpus:
        """One report per agency and year: readable reports with an ``agency_id`` and a year, without the
        ones superseded by a better report of the same agency-year (``reports.superseded_by``)."""
        r = self.reports
        kept = r.filter(
            (r["status"] != Status.FAILED)
            & r["agency_id"].is_not_null()
            & r["year"].is_not_null()
            & r["superseded_by"].is_null()
        )
        return self.where(kept["report_id"])

    @classmethod
    def from_reports(cls, reports: Iterable[Report]) -> Corpus:
        """Frames of parsed reports, with the checks across reports (same agency-year, year to year)."""
        builder = FrameBuilder()
        for r in reports:
            builder.add(r)
        return cls(**link_years(builder.frames()))

    @classmethod
    def read(cls, folder: str | os.PathLike[str]) -> Corpus:
        """Load frames written by ``govfoi parse --out folder`` (Parquet), with Enum dtypes restored."""
        folder = Path(folder)
        out = {}
        _check_one_run(folder)
        for name, schema in schemas().items():
            path = folder / f"{name}.parquet"
            if not path.exists():
                raise FramesError(f"{path}: no such frame; run `govfoi parse INPUT --out {folder}` first", file=path)
            frame = pl.read_parquet(path)
            missing = [c for c in schema if c not in frame.columns]
            if missing:
                raise FramesError(
                    f"{path}: written by an older govfoi (no {', '.join(missing)}); run "
                    f"`govfoi parse INPUT --out {folder}` again",
                    file=path,
                )
            out[name] = frame.select(list(schema)).cast(schema)  # type: ignore[arg-type]
        return cls(**out)


def _check_one_run(folder: Path) -> None:
    """Refuse frames that are not one run's set: ``govfoi parse`` replaces the five together and names the
    run in govfoi-run.json and in each frame; an interrupted replacement leaves a mix of two runs."""
    import json

    paths = {name: folder / f"{name}.parquet" for name in FRAMES}
    if not all(p.exists() for p in paths.values()):
        return  # the missing frame is named by the caller
    runs = {name: pl.read_parquet_metadata(p).get("govfoi_run") for name, p in paths.items()}
    run_file = folder / "govfoi-run.json"
    again = f"run `govfoi parse INPUT --out {folder}` again"
    if not run_file.exists():
        if any(runs.values()):  # frames of a govfoi that names its runs, without the record of their run
            raise FramesError(
                f"{folder}: the frames are not a complete set (a run was interrupted while "
                f"replacing them: no govfoi-run.json); {again}",
                file=folder,
            )
        return  # frames written before runs were named: nothing to compare
    try:
        run = json.loads(run_file.read_text(encoding="utf-8"))["run"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FramesError(f"{run_file}: unreadable ({exc}); {again}", file=run_file) from None
    mixed = sorted(name for name, r in runs.items() if r != run)
    if mixed:
        raise FramesError(
            f"{folder}: a mixed set: {', '.join(mixed)} from another run than the rest "
            f"(a run was interrupted while replacing them); {again}",
            file=folder,
        )
