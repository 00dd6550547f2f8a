"""One report: text → sections → rows → cells → findings. ``parse_report`` is the parser's front door."""

from __future__ import annotations

import hashlib
import math
import os
import stat
from dataclasses import dataclass, field, replace
from itertools import product
from pathlib import Path

from govfoi.check.narrative import check_narrative
from govfoi.check.validate import check_identities, offer_blank_values
from govfoi.codes import APPLICANTS, ITEMS, ITEMS_2019, NOT_WHOLE, OUTCOMES
from govfoi.errors import FormatError
from govfoi.findings import ERROR, WARNING, Finding, finding
from govfoi.parse.cells import place
from govfoi.parse.columns import blanks_from_columns
from govfoi.parse.grid import CellValue, Run
from govfoi.parse.meta import detect_layout, detect_template, read_identity
from govfoi.parse.order import Cut, read_by_order, table_values, token_keys
from govfoi.parse.rows import Row, label_of, read_rows, read_sequence
from govfoi.parse.run_together import split_with_subtotal
from govfoi.parse.seating import report_budget, work_spent
from govfoi.parse.tokens import BAD, NUM, Sections, Token, compact_lines, find_sections, normalize, tokenize
from govfoi.places import Place, resolve
from govfoi.read.decode import DecodeError, decode
from govfoi.read.docx import from_docx
from govfoi.read.formats import sniff
from govfoi.read.html import from_html
from govfoi.read.limits import ResourceLimit
from govfoi.read.linebreaks import restore_line_breaks
from govfoi.read.manifest import ManifestRow
from govfoi.read.options import MAX_BYTES, MAX_UNZIPPED, OcrOptions
from govfoi.read.pdf import from_pdf
from govfoi.template import (
    Cell,
    appeal_identities,
    appeal_slots,
    application_identities,
    application_slots,
    disclosure_slots,
)

UNREAD_PREFIX = "x"  # ids of files with no readable content; content ids are hex and never start with x


@dataclass(slots=True)
class Report:
    """A parsed report: its identity, its cells and what the checks found. Frames come from ``Corpus``."""

    report_id: str
    source: str
    sha256: str
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    layout: str | None = None
    place: Place = field(default_factory=Place)
    geo_source: str | None = None  # where the place was found: title / body / manifest
    disclosure: dict[Cell, CellValue] = field(default_factory=dict)
    applications: dict[Cell, CellValue] = field(default_factory=dict)
    appeals: dict[Cell, CellValue] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    tables_found: int = 0

    @property
    def n_errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def n_warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def status(self) -> str:
        if self.tables_found == 0:
            return "failed"
        return "errors" if self.n_errors else "warnings" if self.n_warnings else "ok"

    def value(self, table: str, row: str, column: str) -> float | None:
        """A cell's value, e.g. ``report.value("applications", "granted", "total")``."""
        cell = getattr(self, table).get((row, column))
        return None if cell is None else cell.value


def parse_report(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    manifest: ManifestRow | None = None,
    max_bytes: int = MAX_BYTES,
    max_unzipped: int = MAX_UNZIPPED,
    ocr: OcrOptions = OcrOptions(),
) -> Report:
    """Parse one report from a path, raw bytes, or its text.

    Args:
        source: a file path, the file's bytes, or the report's text (a ``str`` with a line break).
        name: what to call the report in ``reports.source`` when it is not a path.
        manifest: metadata overrides for this file (see ``data/raw/manifest.csv``).
        max_bytes: larger files are refused with a ``too_large`` finding, not read.
        max_unzipped: a Word file that would expand past this is refused (``too_large``) before unpacking.
        ocr: when to read images and scanned PDFs by OCR, and how many pages at most (see ``OcrOptions``).

    Returns:
        A ``Report``; it never raises for bad input: problems are findings, and a file that could not be
        read at all has status ``failed``.

    Example:
        >>> r = parse_report("data/raw/003_7352bb2a8fa12f0b.txt")
        >>> r.agency, r.year, r.value("applications", "granted", "total")
        ('北仑区人民政府', 2023, 105.0)
    """
    if isinstance(source, bytes):
        return _parse_safely(source, name or "<bytes>", manifest, max_unzipped, ocr)
    if isinstance(source, str) and ("\n" in source or not os.path.exists(source)):
        return _parse_safely(source.encode("utf-8", "replace"), name or "<text>", manifest, max_unzipped, ocr)
    label = name or str(source)
    data = read_file(Path(source), label, max_bytes)
    return data if isinstance(data, Report) else _parse_safely(data, label, manifest, max_unzipped, ocr)


def _parse_safely(
    data: bytes, source: str, manifest: ManifestRow | None, max_unzipped: int, ocr: OcrOptions = OcrOptions()
) -> Report:
    """``_parse_bytes``, with any failure a bug that costs this one file (``internal_error``), never the run.
    The last resort only: every expected problem is a finding of its own before it gets here."""
    try:
        return _parse_bytes(data, source, manifest, max_unzipped, ocr)
    except (MemoryError, ResourceLimit) as exc:
        check, detail = "resource_limit", str(exc) or "out of memory"
    except Exception as exc:  # noqa: BLE001 - RecursionError included: the file is lost, not the run
        check, detail = "internal_error", f"{type(exc).__name__}: {exc}"
    digest = hashlib.sha256(data).hexdigest()
    report = Report(report_id=_report_id(digest if data else "", source), source=source, sha256=digest)
    report.findings.append(finding(check, detail=f"{source}: {detail}"))
    return report


def read_file(path: str | os.PathLike[str], label: str, max_bytes: int = MAX_BYTES) -> bytes | Report:
    """The file's bytes, or a failed report saying why; a file over the limit is refused unread.

    Regular files only: a device (a link to /dev/zero) has no size to trust and never ends, and a FIFO
    blocks for ever; the file is opened without blocking and checked before a byte is read. No more than
    ``max_bytes`` are ever read, whatever the size said."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return failed_report(label, "read_failed", f"{label}: {exc.strerror or exc}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return failed_report(label, "read_failed", f"{label}: not a regular file (a device, FIFO or socket)")
        if info.st_size > max_bytes:
            return failed_report(label, "too_large", f"{label}: {info.st_size:,} bytes > limit {max_bytes:,}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:  # it grew while being read
            return failed_report(label, "too_large", f"{label}: more than {max_bytes:,} bytes")
        return data
    except OSError as exc:
        return failed_report(label, "read_failed", f"{label}: {exc.strerror or exc}")
    finally:
        os.close(fd)


def failed_report(source: str, check: str, detail: str) -> Report:
    """A report for a file whose bytes could not be had (missing, unreadable, too large)."""
    r = Report(report_id=_report_id("", source), source=source, sha256="")
    r.findings.append(finding(check, detail=detail))
    return r


def _report_id(digest: str, source: str) -> str:
    """The content's sha256 prefix; a file with no content to derive an id from is named by its path."""
    if digest:
        return digest[:16]
    return UNREAD_PREFIX + hashlib.sha256(source.encode("utf-8", "replace")).hexdigest()[:15]


def _parse_bytes(data: bytes, source: str, manifest: ManifestRow | None, max_unzipped: int = MAX_UNZIPPED,  # noqa: C901
                 ocr: OcrOptions = OcrOptions()) -> Report:
    digest = hashlib.sha256(data).hexdigest()
    report = Report(report_id=_report_id(digest if data else "", source), source=source, sha256=digest)
    if not data.strip():
        report.findings.append(finding("not_a_report", detail=f"{source}: empty file"))
        return report
    kind = sniff(data, source)
    source_lines: list[int] | None = None
    notes: tuple[tuple[str, str], ...] = ()  # what reading the format lost (a page cut short)
    scanned = None
    try:
        if kind in ("image", "pdf") and ocr.mode != "never":
            from govfoi.read import ocr as ocr_reader  # Pillow and numpy load only for scans

            extracted = ocr_reader.extract(data, kind, ocr, source)
            scanned = extracted.format == "ocr"
            text, source_lines = extracted.text, extracted.source_lines
        elif kind in ("docx", "pdf"):
            extracted = from_docx(data, max_unzipped) if kind == "docx" else from_pdf(data)
            text, source_lines = extracted.text, extracted.source_lines
        elif kind in UNREADABLE_FORMATS:
            check, detail = UNREADABLE_FORMATS[kind]
            report.findings.append(finding(check, detail=f"{source}: {detail}"))
            return report
        else:
            text, _encoding = decode(data)
            if kind == "html":
                extracted = from_html(text)
                text, source_lines, notes = extracted.text, extracted.source_lines, extracted.notes
    except DecodeError as exc:
        report.findings.append(finding("unknown_encoding", detail=f"{source}: {exc}"))
        return report
    except FormatError as exc:
        report.findings.append(finding(exc.check, detail=f"{source}: {exc}"))
        return report
    lines, origin = restore_line_breaks(normalize(text).split("\n"))
    if origin is not None:
        source_lines = origin if source_lines is None else [source_lines[i - 1] for i in origin]
    compacts = compact_lines(lines)
    sections = find_sections(lines, compacts)
    with report_budget():
        _read_tables(report, lines, compacts, sections, run_together=origin is not None)
    if scanned:
        ocr_reader.settle(report)
    _read_identity(report, lines, sections, manifest)
    if report.tables_found == 0:  # the other findings would only repeat this one
        report.findings[:] = [finding("not_a_report", detail=f"{source}: none of tables 二, 三, 四 was found")]
    report.findings.extend(finding(check, detail=f"{source}: {detail}") for check, detail in notes)
    if kind != "text":
        report.layout = "ocr" if scanned else kind
    if source_lines is not None:
        _trace_to_source(report, source_lines)
    return report


# Formats govfoi recognises but cannot read: the check and what to do about it.
UNREADABLE_FORMATS = {
    "doc": ("legacy_doc", "legacy Word .doc: convert it first, e.g. `libreoffice --headless --convert-to docx FILE`"),
    "image": ("needs_ocr", "an image: it needs OCR before govfoi can read it"),
    "zip": ("not_a_report", "a zip archive that is not a Word document: unpack it and parse its files"),
}


def _trace_to_source(report: Report, source_lines: list[int]) -> None:
    """Replace lines of the extracted text by lines of the source file (HTML: the element's line)."""

    def source(line: int | None) -> int | None:
        return source_lines[line - 1] if line is not None and 0 < line <= len(source_lines) else line

    for grid in (report.disclosure, report.applications, report.appeals):
        for cell, value in grid.items():
            grid[cell] = value._replace(line=source(value.line))
    report.findings[:] = [replace(f, line=source(f.line)) for f in report.findings]


def _read_tables(
    report: Report, lines: list[str], compacts: list[str], sections: Sections, *, run_together: bool = False
) -> None:
    """``run_together``: the text was one run-on line (a crawler capture), whose cells run together and
    whose blank cells vanish, so a short row of digits is read as cells run together, never as a lost cell."""
    found = report.findings
    single_other = False
    if sections.applications:
        report.tables_found += 1
        single_other = _read_applications(report, lines, sections.applications, run_together)
        found.extend(check_narrative(compacts, sections.first_table_line, report.applications))
    else:
        found.append(finding("missing_table", table="applications", detail="三、收到和处理政府信息公开申请情况"))

    if sections.disclosure:
        report.tables_found += 1
        report.template = detect_template(lines, *sections.disclosure, single_other)
        items = ITEMS_2019 if report.template == "2019" else ITEMS
        tokens = tokenize(lines, *sections.disclosure)
        rows = read_rows(tokens, "disclosure", items)
        _note_repairs(rows, "disclosure", found)
        slots = disclosure_slots("2019" if report.template == "2019" else "2021")
        runs = [_run(item, slots[item], rows.get(item)) for item in items]
        grid, problems = place(runs, (), "disclosure", counts=False, run_together=run_together)
        for (item, measure), cell in grid.items():
            whole = measure not in NOT_WHOLE
            if cell.value is not None and ((whole and cell.value != int(cell.value))
                                           or (cell.value < 0 and measure != "items_change")):
                problems.append(finding("not_integer", table="disclosure", row=item, column=measure,
                                        actual=cell.value, line=cell.line))
                grid[(item, measure)] = CellValue(None, cell.line)
        report.disclosure.update(grid)
        found.extend(problems)
    else:
        report.template = "2021-hybrid" if single_other else ("2021" if sections.applications else None)
        found.append(finding("missing_table", table="disclosure", detail="二、主动公开政府信息情况"))

    if sections.appeals:
        report.tables_found += 1
        values = read_sequence(tokenize(lines, *sections.appeals))
        line = values[0].line if values else sections.appeals[0] + 1
        grid, problems = place([Run("appeals", appeal_slots(), tuple(values), line)], appeal_identities(), "appeals",
                               run_together=run_together)
        report.appeals.update(grid)
        found.extend(offer_blank_values(report.appeals, problems, appeal_identities()))
        found.extend(check_identities(report.appeals, appeal_identities()))
    else:
        found.append(finding("missing_table", table="appeals", detail="四、政府信息公开行政复议、行政诉讼情况"))

    region = sections.applications or sections.disclosure or sections.appeals
    if region:
        report.layout = detect_layout(lines, *region)


def _read_applications(report: Report, lines: list[str], section: tuple[int, int], run_together: bool) -> bool:
    """Table 三 into ``report``: read by its labels, and where that leaves an error, by template order
    (``order.py``), taken only when it leaves none. Returns whether (六)其他处理 is one row."""
    subtotal = "小计" in "\n".join(lines[slice(*section)])  # a 法人或其他组织 小计 column
    width = len(APPLICANTS) + subtotal
    tokens = tokenize(lines if run_together else blanks_from_columns(lines, *section, width), *section)
    rows = read_rows(tokens, "applications", OUTCOMES, width=width)
    single_other = bool(rows.get("other") and rows["other"].single)
    label_rows = {c: Row(r.code, r.line, list(r.values)) for c, r in rows.items()} if subtotal else rows
    grid, found = _applications_grid(rows, _codes(single_other), single_other, subtotal, run_together)
    values = None if run_together or not any(f.severity == ERROR for f in found) else table_values(tokens)
    # By order: as many rows as the labels say (2019: (六)其他处理 one row), else as many as the other era has
    # (labels too broken to tell): the row sums allow a cut into one of them at most, as a rule.
    for single in (single_other, not single_other) if values else ():
        codes = _codes(single)
        cut = read_by_order(values, codes, width, label_rows, subtotal)  # type: ignore[arg-type]
        if cut is None:
            continue
        if any(token_keys(cut.rows[c].values) != token_keys(label_rows[c].values if c in label_rows else [])
               for c in codes):  # the same rows again would only fail the same way
            taken = _by_order(cut, codes, single, subtotal, run_together)
            if taken is not None and _better(taken, (grid, found)):
                (grid, found), single_other = taken, single
                found.insert(0, finding("read_by_order", table="applications", line=values[0].line,  # type: ignore[index]
                                        detail=f"{len(values)} values cut into {len(codes)} rows"))  # type: ignore[arg-type]
        break
    report.applications.update(grid)
    report.findings.extend(found)
    return single_other


MAX_READINGS = 4  # combinations of rows that read two ways (lines in either order) tried against the table


def _by_order(cut: Cut, codes: tuple[str, ...], single_other: bool, subtotal: bool,
              run_together: bool) -> tuple[dict[Cell, CellValue], list[Finding]] | None:
    """Table 三 from rows cut by order: the one reading (of the rows that read two ways) that leaves fewest
    errors, and none but cells whose column the identities leave open or the sums broken by the cut's rows
    that do not add up; None when none does, or two different ones do equally well."""
    choices = list(cut.readings.items())
    if math.prod(len(r) for _, r in choices) > MAX_READINGS:
        return None
    clean: dict[tuple[object, ...], tuple[dict[Cell, CellValue], list[Finding]]] = {}
    for picked in product(*(r for _, r in choices)):
        if work_spent():
            return None  # the report's solver work is spent: no reading is taken on a partial look
        rows = {c: Row(r.code, r.line, list(r.values)) for c, r in cut.rows.items()}
        for (code, _), row in zip(choices, picked):
            rows[code].values[:] = row
        grid, found = _applications_grid(rows, codes, single_other, subtotal, run_together)
        if all(_broken_sum(f, cut.broken) or _unseated(f) for f in found if f.severity == ERROR):
            clean.setdefault(tuple(sorted((k, v.value) for k, v in grid.items())), (grid, found))
    fewest = min((_errors(found) for _, found in clean.values()), default=0)
    best = [taken for taken in clean.values() if _errors(taken[1]) == fewest]
    if len(best) != 1:
        return None
    grid, found = best[0]
    found[:0] = [finding("wrapped_number_joined", table="applications", row=code, line=cut.rows[code].line)
                 for code in cut.joined]
    return grid, found


SINGLE_OTHER_PARTS = ("other_no_correction", "other_no_fee")
_SUMS = frozenset({"row_sum", "column_sum", "intake_balance"})


def _broken_sum(error: Finding, broken: list[str]) -> bool:
    """Whether ``error`` is a sum that a row taken though it does not add up breaks: its own row's, or a
    column's or the intake's, which hold it."""
    return bool(broken) and error.check in _SUMS and (error.check != "row_sum" or error.row in broken)


def _unseated(error: Finding) -> bool:
    """A cell of a row cut by its sum whose column the identities leave open (its row's blanks may sit
    in more than one place): null with its error, the row's other cells read."""
    return error.check == "missing_cell" and error.column is not None


def _errors(found: list[Finding]) -> int:
    return sum(f.severity == ERROR for f in found)


def _better(by_order: tuple[dict[Cell, CellValue], list[Finding]],
            by_label: tuple[dict[Cell, CellValue], list[Finding]]) -> bool:
    """Whether the order reading reads more cells than the label reading, or as many with fewer errors."""
    def read(grid: dict[Cell, CellValue]) -> int:
        return sum(v.value is not None for v in grid.values())

    return (read(by_order[0]), -_errors(by_order[1])) > (read(by_label[0]), -_errors(by_label[1]))


def _codes(single_other: bool) -> tuple[str, ...]:
    """Table 三's rows: with (六)其他处理 as one row (the 2019 template), without its two parts."""
    return tuple(c for c in OUTCOMES if not (single_other and c in SINGLE_OTHER_PARTS))


def _applications_grid(rows: dict[str, Row], codes: tuple[str, ...], single_other: bool, subtotal: bool,
                       run_together: bool) -> tuple[dict[Cell, CellValue], list[Finding]]:
    """Table 三's cells from its rows, and every finding about them (repairs, gaps, identities)."""
    found: list[Finding] = []
    _note_repairs(rows, "applications", found)
    if subtotal:
        _drop_subtotals(rows, found, run_together)
    slots = application_slots()
    grid: dict[Cell, CellValue] = {}
    if single_other:
        for code in SINGLE_OTHER_PARTS:
            grid.update({c: CellValue(None, None) for c in slots[code]})
        found.append(finding("single_other_row", table="applications", row="other", line=rows["other"].line))
    identities = application_identities(single_other)
    placed, problems = place([_run(code, slots[code], rows.get(code)) for code in codes], identities,
                             "applications", run_together=run_together)
    grid.update(placed)
    found.extend(offer_blank_values(grid, problems, identities))
    found.extend(check_identities(grid, identities))
    return grid, found


def _note_repairs(rows: dict[str, Row], table: str, found: list[Finding]) -> None:
    """A warning for each row read by a repair: values reseated from before its label, a misspelt label."""
    for code, row in rows.items():
        if row.displaced:
            found.append(finding("values_before_label", table=table, row=code, line=row.values[0].line))
        if row.misspelt:
            found.append(finding("label_misspelt", table=table, row=code, line=row.line,
                                 detail=f"{row.misspelt} read as {label_of(table, code)}"))


def _drop_subtotals(rows: dict[str, Row], found: list[Finding], run_together: bool = False) -> None:
    """Table 三 with a 法人或其他组织 小计 column: eight values a row, the seventh the organisations' sum.

    The subtotal is checked against its parts where all are numbers, and dropped (blank or not). A row with
    fewer values lost blank cells (text drops them): its subtotal is dropped where the row says which value
    it is (``_without_subtotal``), and the cell reader seats the rest; otherwise its cells stay null with an
    error rather than be read as seven.
    """
    for code, row in rows.items():
        values = row.values
        if len(values) == 8:
            orgs = sum(t.value or 0 for t in values[1:6])
            if all(t.kind == NUM for t in values[1:7]) and values[6].value != orgs:
                found.append(finding("row_sum", table="applications", row=code, column="total", expected=orgs,
                                     actual=values[6].value, line=values[6].line,
                                     detail="法人或其他组织 小计 ≠ the five kinds of organisation"))
            del values[6]
        elif 0 < len(values) < 8 and not row.single:
            kept = _without_subtotal(values)
            if kept is None and run_together and (kept := split_with_subtotal(values)) is not None:
                found.append(finding("run_together_split", table="applications", row=code, line=row.line,
                                     detail=f"{values[0].text} read as {' '.join(t.text for t in kept)} "
                                            "(its 小计 checked and dropped)"))
            if kept is not None:
                values[:] = kept
                continue
            found.append(finding("missing_cell", table="applications", row=code, line=row.line,
                                 detail=f"{len(values)} values where the table has 8 columns (with 小计): where "
                                        "the blanks were cannot be told"))
            values.clear()
            values.extend(Token(BAD, "?", row.line) for _ in range(7))


def _without_subtotal(values: list[Token]) -> list[Token] | None:
    """A short row's values with its 小计 dropped, the row's blanks left for the cell reader to seat: the
    value before the total is the subtotal when it adds up the values between (the organisations) and
    the total is 自然人 + 小计, or 小计 alone where 自然人 is blank; None when the row does not read so."""
    if len(values) < 3 or any(t.kind != NUM or t.value is None for t in values):
        return None
    subtotal, total = values[-2].value, values[-1].value
    natural_printed = values[0].value + subtotal == total and sum(t.value for t in values[1:-2]) == subtotal
    natural_blank = subtotal == total and sum(t.value for t in values[:-2]) == subtotal
    return values[:-2] + values[-1:] if natural_printed or natural_blank else None  # type: ignore[operator]


def _run(code: str, slots: tuple[Cell, ...], row: object) -> Run:
    if row is None:
        return Run(code, slots, (), None)
    return Run(code, slots, tuple(row.values), row.line)  # type: ignore[attr-defined]


def _read_identity(report: Report, lines: list[str], sections: Sections, manifest: ManifestRow | None) -> None:
    body_end = sections.first_table_line if sections.first_table_line >= 0 else len(lines)
    ident = read_identity(lines, body_end)
    report.agency, report.year = ident.agency, ident.year
    agency_source = ident.agency_source
    overridden = []
    if manifest is not None:
        if manifest.agency and manifest.agency != report.agency:
            report.agency = manifest.agency
            agency_source = "manifest"
            overridden.append(f"agency={manifest.agency}")
        if manifest.year and manifest.year != report.year:
            report.year = manifest.year
            overridden.append(f"year={manifest.year}")
    not_applied = _read_place(report, lines[:body_end], agency_source, manifest)
    if manifest is not None:
        if manifest.division_code and not not_applied:
            overridden.append(f"division_code={manifest.division_code}")
        if overridden:
            report.findings.append(finding("metadata_from_manifest", detail=", ".join(overridden)))
        problems = [*manifest.problems, *([not_applied] if not_applied else [])]
        if problems:
            applied = f"applied: {', '.join(overridden)}" if overridden else "nothing from it applied"
            report.findings.append(finding("manifest_invalid", detail="; ".join(problems) + f" ({applied})"))
    if report.agency is None:
        report.findings.append(finding("agency_unknown", detail="no title names the issuer; add it to manifest.csv"))
    if report.year is None:
        report.findings.append(finding("year_unknown", detail="add the year to manifest.csv"))


def _read_place(report: Report, body: list[str], agency_source: str | None,
                manifest: ManifestRow | None) -> str | None:
    """Where the issuer sits and its level; the body is read only when the name does not settle it.
    Returns what of the manifest could not be applied (a division code that names no division)."""
    code = manifest.division_code if manifest else None
    place = resolve(report.agency, lambda: "".join(body), division_code=code)
    not_applied = None
    if code and place.division_code is None:  # no such division: not applied, the name decides
        not_applied = f"division_code {code} is not a division code, not applied"
        place = resolve(report.agency, lambda: "".join(body))
        code = None
    if manifest and manifest.agency_id:
        place = replace(place, agency_id=manifest.agency_id)
    report.place = place
    if place.division_code:
        from_body = place.note is not None and place.note[0] == "place_from_body"
        report.geo_source = "manifest" if code else "body" if from_body else agency_source
    if place.note and place.note[0] != "place_from_body":
        report.findings.append(finding(place.note[0], detail=f"{report.agency}: {place.note[1]}"))
    return not_applied


def parse_text(
    text: str,
    *,
    name: str = "<text>",
    manifest: ManifestRow | None = None,
    ocr: OcrOptions = OcrOptions(),
) -> Report:
    """Parse one report given as its text, never as a path.

    ``parse_report`` also reads a ``str`` as text when it has a line break or names no existing file, as it
    always has (kept for backwards compatibility): there a mistyped path becomes a failed report about the
    path's own characters (``not_a_report``). New code passes text here and paths to ``parse_report``.

    Args:
        text: the report's text.
        name: what to call the report in ``reports.source``.
        manifest: metadata overrides for this report (see ``data/raw/manifest.csv``).
        ocr: as for ``parse_report`` (text has nothing to OCR).

    Returns:
        A ``Report``, as ``parse_report`` gives for the same text; it never raises for bad input.

    Example:
        >>> parse_text("2023年政府信息公开工作年度报告").status
        'failed'
    """
    return _parse_safely(text.encode("utf-8", "replace"), name, manifest, MAX_UNZIPPED, ocr)
