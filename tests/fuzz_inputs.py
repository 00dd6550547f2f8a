"""Hostile examples of every kind of input govfoi reads, for the fuzz test and benchmarks/fuzz_inputs.py.

Each example is a synthetic report damaged the way issue 15 found files damaged or made hostile: text and
web pages with long digit runs, UTF-8 cut inside a character, control characters in a JavaScript string,
inflated spans, deep nesting and an XML declaration; Word files with inflated gridSpan, damaged or lying
zips; PDFs with flipped bytes, cut short, or a content-stream flate bomb; manifests in other encodings with
hostile fields. ``Example.touched`` holds the lines (of the text the parser reads) whose printed values the
damage changed; ``None`` where no truth can be compared (Word, PDF: robustness only).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from govfoi.testing import synth

KINDS = ("text", "html", "html_script", "docx", "pdf", "manifest")
TEXT_DAMAGE = ("long_digits", "cut_utf8", "noise_bytes", "none")
HTML_DAMAGE = ("long_digits", "cut_utf8", "js_control", "inflate_span", "deep", "xml_declaration", "none")
DOCX_DAMAGE = ("grid_span", "flip_bytes", "truncate", "lying_size", "none")
PDF_DAMAGE = ("flip_bytes", "truncate", "flate_bomb", "many_objects", "none")
MANIFEST_VALUES = (
    "²",
    "99999999999",
    "99999",
    "２０２３",
    "2023",
    "",
    "\x00",
    '=HYPERLINK("x")',
    "\x1b[31m",
    "长" * 5000,
    "x" * 300_000,
    "330206",
    "999999",
    "12345x",
    "北仑区人民政府",
    "\t=1+1",
    '"',
)


@dataclass
class Example:
    kind: str
    damage: str
    data: bytes
    fig: synth.Figures | None = None
    touched: set[int] | None = field(default_factory=set)
    manifest: bytes | None = None


def example(seed: int, kind: str | None = None) -> Example:
    rng = random.Random(seed)
    kind = kind or rng.choice(KINDS)
    fig = synth.random_figures(rng)
    if kind == "text":
        return _text(fig, rng)
    if kind in ("html", "html_script"):
        return _html(fig, rng, kind)
    if kind == "docx":
        return _docx(fig, rng)
    if kind == "pdf":
        return _pdf_example(rng)
    return _manifest(fig, rng)


def _digit_spots(lines: list[str]) -> list[tuple[int, re.Match[str]]]:
    return [(n, m) for n, line in enumerate(lines) for m in re.finditer(r"(?<![\d.])\d+(?![\d.])", line)]


def _long_digits(lines: list[str], rng: random.Random, touched: set[int]) -> None:
    spots = _digit_spots(lines)
    if spots:
        n, m = rng.choice(spots)
        first = str(rng.randint(1, 9))
        length = rng.choice((15, 18, 19, 30, 400))
        run = first + "".join(rng.choice("0123456789") for _ in range(length - 1))
        lines[n] = lines[n][: m.start()] + run + lines[n][m.end() :]
        touched.add(n + 1)


def _text(fig: synth.Figures, rng: random.Random) -> Example:
    text = synth.render(fig, rng.choice(synth.LAYOUTS), rng)
    damage = rng.choice(TEXT_DAMAGE)
    touched: set[int] = set()
    lines = text.split("\n")
    if damage == "long_digits":
        _long_digits(lines, rng, touched)
    data = "\n".join(lines).encode("utf-8")
    if damage == "cut_utf8":  # cut inside a multi-byte character (a truncated download)
        starts = [i for i in range(1, len(data)) if data[i] >= 0xC0]
        data = data[: rng.choice(starts) + 1] if starts else data
    elif damage == "noise_bytes":  # control characters and stray bytes, never a line break or a digit
        k = rng.randrange(len(data))
        while k < len(data) and (48 <= data[k] <= 57 or (data[k] & 0xC0) == 0x80):
            k += 1
        junk = bytes(rng.choice([0, 1, 7, 8, 0x1B, 0x7F, 0xC0, 0xFF]) for _ in range(rng.randint(1, 4)))
        data = data[:k] + junk + data[k:]
        touched.add(data[:k].count(b"\n") + 1)
    return Example("text", damage, data, fig, touched)


def _html(fig: synth.Figures, rng: random.Random, kind: str) -> Example:
    page = synth.render_html(fig, rng, in_script=kind == "html_script")
    damage = rng.choice(HTML_DAMAGE)
    touched: set[int] = set()
    lines = page.split("\n")
    if damage == "long_digits" and kind == "html":
        _long_digits(lines, rng, touched)
    elif damage == "long_digits":  # the whole report is on the script's line
        script = next(n for n, line in enumerate(lines) if "let content" in line)
        _long_digits(lines, rng, set())
        touched.add(script + 1)
    elif damage == "js_control":
        # An escape or a raw control character inside label text (after a tag, before a Chinese character):
        # it must neither lose the page nor move a value.
        spots = [(n, m.end()) for n, line in enumerate(lines) for m in re.finditer(r">(?=[\u4e00-\u9fff])", line)]
        if spots:
            n, at = rng.choice(spots)
            what = rng.choice(("\\x01", "\\u0000", "\\ud800", "\x01", "\\x1b", "\\u2028"))
            lines[n] = lines[n][:at] + what + lines[n][at:]
    elif damage == "inflate_span" and kind == "html":
        rows = [n for n, line in enumerate(lines) if line.startswith("<tr>")]
        if rows:
            n = rng.choice(rows)
            big = rng.choice((2, 100, 1000, 10**6, 10**12))
            lines[n] = lines[n].replace("<td", f"<td rowspan='{big}' colspan='{big}'", 1)
            touched.update(range(n + 1, len(lines) + 1))  # every row below may shift
    elif damage == "deep":
        depth = rng.choice((300, 1000, 1900, 3000, 8000))  # libxml2 stops at 2,048: read again flattened
        at = next(n for n, line in enumerate(lines) if "<body>" in line or "<div" in line)
        lines[at] = "<div>" * depth + lines[at]
        lines[-1] = lines[-1] + "</div>" * depth
    elif damage == "xml_declaration":
        lines[0] = '<?xml version="1.0" encoding="utf-8"?>' + lines[0]
    data = "\n".join(lines).encode("utf-8")
    if damage == "cut_utf8":
        starts = [i for i in range(len(data) // 2, len(data)) if data[i] >= 0xC0]
        data = data[: rng.choice(starts) + 1] if starts else data
        touched = set(range(1, len(lines) + 1))  # the tables may end anywhere
    return Example(kind, damage, data, fig, touched)


def _docx(fig: synth.Figures, rng: random.Random) -> Example:
    data = synth.render_docx(fig, rng)
    damage = rng.choice(DOCX_DAMAGE)
    if damage == "grid_span":
        data = _rewrite_member(data, "word/document.xml", lambda xml: _inflate_grid_span(xml, rng))
    elif damage in ("flip_bytes", "truncate"):
        data = _corrupt(data, damage, rng)
    elif damage == "lying_size":
        data = _lie(data, rng.choice((1, 1024, 2**31)))
    return Example("docx", damage, data, fig, None)


def _inflate_grid_span(xml: bytes, rng: random.Random) -> bytes:
    cells = [m.end() for m in re.finditer(rb"<w:tc>", xml)]
    if not cells:
        return xml
    at = rng.choice(cells)
    span = rng.choice((2, 64, 10**4, 400_000_000, 10**12))
    return xml[:at] + b'<w:tcPr><w:gridSpan w:val="%d"/></w:tcPr>' % span + xml[at:]


def _rewrite_member(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, change(body) if info.filename == name else body)
    return out.getvalue()


def _lie(data: bytes, size: int) -> bytes:
    """Every member's stated size in the central directory set to ``size``."""
    buf = bytearray(data)
    start = 0
    while (i := buf.find(b"PK\x01\x02", start)) >= 0:
        buf[i + 24 : i + 28] = (size % 2**32).to_bytes(4, "little")
        start = i + 4
    return bytes(buf)


def pdf(content: bytes, filtered: bool = True, compressed: bool = False) -> bytes:
    """A one-page PDF with this content stream (FlateDecode-compressed when ``filtered``; ``compressed``:
    the content is already the compressed stream, as a flate bomb is written)."""
    stream = zlib.compress(content, 9) if filtered and not compressed else content
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        (b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if filtered else b""))
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def _pdf_example(rng: random.Random) -> Example:
    lines = [
        b"BT /F1 10 Tf 20 %d Td (%d %d %d applications) Tj ET" % (780 - 12 * i, rng.randrange(999), i, i * 7)
        for i in range(40)
    ]
    content = b"\n".join(lines)
    damage = rng.choice(PDF_DAMAGE)
    if damage == "flate_bomb":  # a content stream that inflates to 50-300 MB from well under 1 MB
        comp = zlib.compressobj(9)
        pad = b" " * (1 << 20)
        body = comp.compress(content) + b"".join(comp.compress(pad) for _ in range(rng.choice((50, 150, 300))))
        data = pdf(body + comp.flush(), filtered=False).replace(b"/Length", b"/Filter /FlateDecode /Length", 1)
    elif damage == "many_objects":
        data = pdf(b"BT /F1 1 Tf 1 1 Td (a) Tj ET\n" * rng.choice((10_000, 100_000, 500_000)))
    else:
        data = _corrupt(pdf(content), damage, rng)
    return Example("pdf", damage, data, None, None)


def _corrupt(data: bytes, damage: str, rng: random.Random) -> bytes:
    """A file with a few bytes flipped, or cut short; any other damage leaves it as it is."""
    if damage == "flip_bytes":
        buf = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    if damage == "truncate":
        return data[: rng.randrange(len(data))]
    return data


def _manifest(fig: synth.Figures, rng: random.Random) -> Example:
    columns = ["file", "agency", "year", "source", "notes", "division_code", "agency_id"]
    rng.shuffle(columns)
    columns = columns[: rng.randint(1, len(columns))] + (["colour"] if rng.random() < 0.3 else [])
    rows = []
    for i in range(rng.randint(1, 5)):
        row = {c: rng.choice(MANIFEST_VALUES) for c in columns}
        if "file" in row and i == 0:
            row["file"] = "report.txt"
        rows.append(row)
    text = (
        ",".join(columns)
        + "\r\n"
        + "\r\n".join(",".join('"' + v.replace('"', '""') + '"' for v in row.values()) for row in rows)
        + "\r\n"
    )
    encoding = rng.choice(("utf-8", "utf-8-sig", "gbk", "utf-16", "gb18030"))
    manifest = text.encode(encoding, "replace")
    if rng.random() < 0.2:
        manifest = manifest[: rng.randrange(len(manifest) + 1)]
    report = synth.render(fig, "tab", rng).encode("utf-8")
    return Example("manifest", encoding, report, fig, set(), manifest)


def judge(ex: Example) -> list[str]:
    """``judge_report``'s problems."""
    return judge_report(ex)[0]


def judge_report(ex: Example) -> tuple[list[str], set[str]]:
    """What is wrong with govfoi's reading of an example: an internal error (a bug reached the catch-all),
    a value no report prints, a manifest field applied though invalid, or a value that differs from the
    truth without an error (on a line the damage did not touch), and the checks found. No problems when all
    is well."""
    from govfoi.parse.report import parse_report
    from govfoi.read.manifest import YEARS, read_manifest

    problems = []
    row = None
    if ex.manifest is not None:
        row = read_manifest(ex.manifest).row("report.txt")
        if row is not None and (
            (row.year is not None and row.year not in YEARS)
            or (row.division_code is not None and not re.fullmatch(r"[0-9]{6}", row.division_code))
        ):
            problems.append(f"manifest applied an invalid field: {row}")
    r = parse_report(ex.data, name=f"fuzz.{ex.kind}", manifest=row)
    problems += [f.message[:300] for f in r.findings if f.check == "internal_error"]
    for table in ("applications", "appeals", "disclosure"):
        for cell, got in getattr(r, table).items():
            if got.value is not None and not -1e15 < got.value < 1e15:
                problems.append(f"{table} {cell}: {got.value} is no printed value")
    checks = {f.check for f in r.findings}
    if ex.fig is None or ex.touched is None or r.n_errors:
        return problems, checks
    inferred = {(f.table, f.row) for f in r.findings if f.check == "imputed_cell"}
    for table in ("applications", "appeals", "disclosure"):
        truth = getattr(ex.fig, table)
        for cell, got in getattr(r, table).items():
            if got.value is None or got.value == truth[cell] or got.line in ex.touched or (table, cell[0]) in inferred:
                continue
            problems.append(f"{ex.kind}/{ex.damage} {table} {cell}: {got.value} != {truth[cell]} (line {got.line})")
    return problems, checks
