"""One report: text → sections → rows → cells → findings. ``parse_report`` is the parser's front door."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from govfoi.check.narrative import check_narrative
from govfoi.codes import NOT_WHOLE
from govfoi.errors import FormatError, ReportNotFoundError
from govfoi.findings import ERROR, WARNING, Finding, Status, finding, report_status
from govfoi.parse.appeals import read_appeals
from govfoi.parse.applications import read_applications
from govfoi.parse.cells import place
from govfoi.parse.disclosure_order import reseat_by_count
from govfoi.parse.grid import _run
from govfoi.parse.headers import disclosure_blanks_from_header
from govfoi.parse.meta import detect_layout, detect_template, read_identity
from govfoi.parse.pages import page_number_lines
from govfoi.parse.rows import _note_repairs, read_rows
from govfoi.parse.seating import report_budget
from govfoi.parse.sections import Sections, compact_lines, find_sections
from govfoi.parse.tokens import Token, normalize, tokenize
from govfoi.places import Place, resolve
from govfoi.read.decode import DecodeError, decode, printable
from govfoi.read.docx import from_docx
from govfoi.read.formats import UNREADABLE_FORMATS, sniff
from govfoi.read.html import from_html
from govfoi.read.limits import ResourceLimit
from govfoi.read.linebreaks import restore_line_breaks
from govfoi.read.manifest import ManifestRow
from govfoi.read.options import MAX_BYTES, MAX_UNZIPPED, OcrOptions
from govfoi.read.pdf import from_pdf
from govfoi.template import (
    Cell,
    CellValue,
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
    def status(self) -> Status:
        return report_status(self.tables_found == 0, self.n_errors, self.n_warnings)

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
    """Parse one report from a path or the file's bytes (its text: ``parse_text``).

    Args:
        source: a file path, or the file's bytes.
        name: what to call the report in ``reports.source`` (default: the path, or ``<bytes>``).
        manifest: metadata overrides for this file (see ``data/raw/manifest.csv``).
        max_bytes: larger files are refused with a ``too_large`` finding, not read.
        max_unzipped: a Word file that would expand past this is refused (``too_large``) before unpacking.
        ocr: when to read images and scanned PDFs by OCR, and how many pages at most (see ``OcrOptions``).

    Returns:
        A ``Report``; it never raises for a bad file: problems are findings, and a file that could not be
        read at all has status ``failed``.

    Raises:
        ReportNotFoundError: ``source`` is a path that names no existing file (a ``FileNotFoundError``);
            a ``str`` is always a path, never read as report text.

    Example:
        >>> r = parse_report("data/raw/003_7352bb2a8fa12f0b.txt")
        >>> r.agency, r.year, r.value("applications", "granted", "total")
        ('北仑区人民政府', 2023, 105.0)
    """
    if isinstance(source, bytes):
        return _parse_safely(source, name or "<bytes>", manifest, max_unzipped, ocr)
    if not os.path.exists(source):
        raise ReportNotFoundError(
            f"no such file: {printable(os.fspath(source), 200)} (to parse a report's text, "
            "use govfoi.parse_text(text, name=...))",
            file=source,
        )
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


def _parse_bytes(  # noqa: C901
    data: bytes,
    source: str,
    manifest: ManifestRow | None,
    max_unzipped: int = MAX_UNZIPPED,
    ocr: OcrOptions = OcrOptions(),
) -> Report:
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
            assert extracted is not None  # None only for ocr mode never or another format, both excluded above
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
        grid, problems, single_other = read_applications(lines, sections.applications, run_together)
        report.applications.update(grid)
        found.extend(problems)
        found.extend(check_narrative(compacts, sections.first_table_line, report.applications))
    else:
        found.append(finding("missing_table", table="applications", detail="三、收到和处理政府信息公开申请情况"))

    if sections.disclosure:
        report.tables_found += 1
        report.template = detect_template(lines[slice(*sections.disclosure)], single_other)
        slots = disclosure_slots(report.template)  # table 二's cells differ by template
        items = tuple(slots)
        widths = {item: len(cells) for item, cells in slots.items()}
        laid_out = lines if run_together else disclosure_blanks_from_header(lines, *sections.disclosure, widths)
        tokens = tokenize(laid_out, *sections.disclosure)
        orphans: list[Token] = []
        rows = read_rows(tokens, "disclosure", items, orphans=orphans)
        pages = page_number_lines(laid_out, *sections.disclosure)  # no sums here to tell one from a cell
        reseat_by_count(rows, widths, laid_out, orphans, tokens, pages)
        _note_repairs(rows, "disclosure", found)
        runs = [_run(item, slots[item], rows.get(item)) for item in items]
        grid, problems = place(runs, (), "disclosure", counts=False, run_together=run_together)
        for (item, measure), cell in grid.items():
            whole = measure not in NOT_WHOLE
            if cell.value is not None and (
                (whole and cell.value != int(cell.value)) or (cell.value < 0 and measure != "items_change")
            ):
                problems.append(
                    finding(
                        "not_integer", table="disclosure", row=item, column=measure, actual=cell.value, line=cell.line
                    )
                )
                grid[(item, measure)] = CellValue(None, cell.line)
        report.disclosure.update(grid)
        found.extend(problems)
    else:
        report.template = detect_template([], single_other) if single_other or sections.applications else None
        found.append(finding("missing_table", table="disclosure", detail="二、主动公开政府信息情况"))

    if sections.appeals:
        report.tables_found += 1
        grid, problems = read_appeals(lines, sections.appeals, run_together)
        report.appeals.update(grid)
        found.extend(problems)
    else:
        found.append(finding("missing_table", table="appeals", detail="四、政府信息公开行政复议、行政诉讼情况"))

    region = sections.applications or sections.disclosure or sections.appeals
    if region:
        report.layout = detect_layout(lines, *region)


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


def _read_place(report: Report, body: list[str], agency_source: str | None, manifest: ManifestRow | None) -> str | None:
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
    """Parse one report given as its text, never as a path (a path goes to ``parse_report``).

    Args:
        text: the report's text.
        name: what to call the report in ``reports.source``.
        manifest: metadata overrides for this report (see ``data/raw/manifest.csv``).
        ocr: as for ``parse_report`` (text has nothing to OCR).

    Returns:
        A ``Report``, as ``parse_report`` gives for the same text; it never raises for bad input.

    Example:
        >>> parse_text("2023年政府信息公开工作年度报告").status
        <Status.FAILED: 'failed'>
    """
    return _parse_safely(text.encode("utf-8", "replace"), name, manifest, MAX_UNZIPPED, ocr)
