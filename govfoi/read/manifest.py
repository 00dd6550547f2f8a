"""manifest.csv → per-file metadata overrides (agency, year, place), read as warily as a report.

A manifest is typed by hand and saved by whatever spreadsheet was at hand (Chinese Excel writes GBK or
UTF-16), so it is decoded like report text, and a bad row or field is a problem noted on the files it
concerns, never an abort: what could not be used is named and left out, the rest is applied.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from govfoi.read.decode import DecodeError, decode, printable

COLUMNS = ("file", "agency", "year", "source", "notes", "division_code", "agency_id")
# Longest value taken per column: an agency name is a few dozen characters; anything far longer is not one.
_MAX_CHARS = {"file": 1024, "agency": 200, "agency_id": 200, "source": 2048, "notes": 4096}
YEARS = range(2000, 2050)  # the years the parser reads from titles (20[0-4]x)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PROBLEMS_SHOWN = 20  # per manifest; a manifest with thousands of bad rows needs no thousands of lines


@dataclass(frozen=True, slots=True)
class ManifestRow:
    agency: str | None
    year: int | None
    source: str | None
    notes: str | None
    division_code: str | None = None  # 6 digits: the issuer's place, when its name does not settle it
    agency_id: str | None = None  # to join spellings the parser keeps apart
    problems: tuple[str, ...] = ()  # what this row (or the manifest as a whole) gave that was not applied


@dataclass(frozen=True, slots=True)
class Manifest:
    """A folder's manifest: rows by file name, and problems with the manifest as a whole (undecodable,
    unknown columns, rows naming no file), which concern every file of the folder."""

    rows: dict[str, ManifestRow] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def row(self, name: str) -> ManifestRow | None:
        """The row for a file, carrying the manifest's own problems too; None when there is nothing to say."""
        row = self.rows.get(name)
        if not self.problems:
            return row
        if row is None:
            return ManifestRow(None, None, None, None, problems=self.problems)
        return ManifestRow(
            row.agency, row.year, row.source, row.notes, row.division_code, row.agency_id, self.problems + row.problems
        )


def read_manifest(data: bytes, label: str = "manifest.csv") -> Manifest:
    """A manifest's rows by file name (columns: file, agency, year, source, notes; optional division_code,
    agency_id). Never raises: an unreadable manifest is a Manifest with only a problem saying so."""
    try:
        text, _encoding = decode(data)
    except DecodeError as exc:
        return Manifest(problems=(f"{label}: {exc}; nothing in it was applied",))
    reader = csv.reader(io.StringIO(text.replace("\x00", "")), strict=False)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, len(text) + 1))  # an over-long field is judged below, not a csv.Error
    try:
        return _rows(reader, label)
    finally:
        csv.field_size_limit(old_limit)


def _rows(reader: csv.Reader, label: str) -> Manifest:  # type: ignore[name-defined]
    problems: list[str] = []
    rows: dict[str, ManifestRow] = {}
    try:
        header = [unicodedata.normalize("NFKC", h).strip().lstrip("\ufeff").lower() for h in next(reader, [])]
        unknown = [h for h in header if h and h not in COLUMNS]
        if unknown:
            problems.append(
                f"{label}: unknown column(s) {', '.join(repr(_shown(h)) for h in unknown[:10])} "
                f"ignored (known: {', '.join(COLUMNS)})"
            )
        if "file" not in header:
            return Manifest(problems=(*problems, f"{label}: no 'file' column; nothing in it was applied"))
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            values = dict(zip(header, cells))
            extra = ["more fields than columns: the extra ignored"] if len(cells) > len(header) else []
            name = values.get("file", "").strip()
            if not name or len(name) > _MAX_CHARS["file"]:
                if len(problems) < _PROBLEMS_SHOWN:
                    problems.append(f"{label} row {number}: no usable file name; row not applied")
                continue
            row = _row(values, f"{label} row {number}", extra)
            if name in rows:
                first = rows[name]
                rows[name] = _with_problem(first, f"{label} row {number} repeats {_shown(name)}: not applied")
                continue
            rows[name] = row
    except csv.Error as exc:
        problems.append(f"{label}: {exc}; the rows from there on were not applied")
    return Manifest(rows, tuple(problems))


def _row(values: dict[str, str], where: str, extra: list[str]) -> ManifestRow:
    """One row's overrides; each field that cannot be used is left out and said so."""
    problems = list(extra)

    def text(column: str) -> str | None:
        value = (values.get(column) or "").strip()
        if not value:
            return None
        if len(value) > _MAX_CHARS[column]:
            problems.append(f"{column}: {len(value):,} characters > {_MAX_CHARS[column]}, not applied")
            return None
        if _CONTROL.search(value) and column not in ("notes",):
            problems.append(f"{column} {_shown(value)} holds control characters, not applied")
            return None
        return value

    year = None
    raw_year = (values.get("year") or "").strip()
    if raw_year:
        digits = unicodedata.normalize("NFKC", raw_year)  # full-width ２０２３ is a year; ² is not
        if re.fullmatch(r"[0-9]{4}", digits) and raw_year.isdecimal() and int(digits) in YEARS:
            year = int(digits)
        else:
            problems.append(f"year {_shown(raw_year)} is not a year {YEARS.start}–{YEARS.stop - 1}, not applied")
    code = unicodedata.normalize("NFKC", (values.get("division_code") or "")).strip() or None
    if code is not None and not re.fullmatch(r"[0-9]{6}", code):
        problems.append(f"division_code {_shown(code)} is not 6 digits, not applied")
        code = None
    row = ManifestRow(text("agency"), year, text("source"), text("notes"), code, text("agency_id"))
    if problems:
        return _with_problem(row, f"{where}: " + "; ".join(problems))
    return row


def _with_problem(row: ManifestRow, problem: str) -> ManifestRow:
    return ManifestRow(
        row.agency, row.year, row.source, row.notes, row.division_code, row.agency_id, (*row.problems, problem)
    )


def _shown(value: str) -> str:
    return printable(value, 40)
