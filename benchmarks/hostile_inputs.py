"""Hostile inputs (issue 15): each case of the issue built in a folder and parsed by `govfoi parse`, one
process per case; prints wall time, peak memory (the parse process and any child it forked) and the rows.

    python benchmarks/hostile_inputs.py [--workers 1] [--only NAME ...]

Target: every case at most 30 s and 1 GB, each hostile file one `failed` (or `errors`) row, never a
traceback, a hang or a lost run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's govfoi, whatever the virtualenv has installed
RAW = ROOT / "data" / "raw"
SEED = RAW / "003_7352bb2a8fa12f0b.txt"

from tests.fuzz_inputs import pdf  # noqa: E402  (one minimal PDF writer for the fuzz and these cases)

CASES: dict[str, Callable[[Path], None]] = {}


def case(fn: Callable[[Path], None]) -> Callable[[Path], None]:
    CASES[fn.__name__] = fn
    return fn


@case
def count_19_digits(folder: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[79] = "\t9223372036854775808"
    (folder / "huge.txt").write_text("\n".join(lines), encoding="utf-8")


@case
def count_400_digits_table_2(folder: Path) -> None:
    text = (RAW / "000_02af573a1c1ea7c0.txt").read_text(encoding="utf-8")
    (folder / "huge.txt").write_text(text.replace("行政许可\t11381", "行政许可\t" + "9" * 400), encoding="utf-8")


@case
def manifest_gbk_utf16_long_field_bad_year(folder: Path) -> None:
    shutil.copy(SEED, folder / "a.txt")
    shutil.copy(RAW / "001_b5a7a5de05f46fe6.txt", folder / "b.txt")
    rows = [
        "file,agency,year,notes,division_code,colour",
        "a.txt,北仑区人民政府,²,,999999,red",
        "b.txt,湛河区," + "9" * 11 + "," + "长" * 200_000 + ",,",
    ]
    (folder / "manifest.csv").write_bytes("\r\n".join(rows).encode("utf-16"))


def _html_spans(n: int) -> str:
    cells = "".join(f'<tr><td rowspan="100" colspan="100">{i}</td></tr>' for i in range(n))
    return f"<html><body><table>{cells}</table></body></html>"


@case
def html_spans_21kb(folder: Path) -> None:
    (folder / "spans.html").write_text(_html_spans(600), encoding="utf-8")


@case
def html_spans_700kb(folder: Path) -> None:
    (folder / "spans.html").write_text(_html_spans(20_000), encoding="utf-8")


@case
def html_js_string_quadratic(folder: Path) -> None:
    (folder / "js.html").write_text('<html><body><script>var s="' + "<table" * 20_000, encoding="utf-8")


@case
def html_js_escaped_quotes(folder: Path) -> None:
    (folder / "js.html").write_text('<html><body><script>var s="' + '<table\\"' * 200_000, encoding="utf-8")


@case
def html_deep_and_huge_text_node(folder: Path) -> None:
    from govfoi.testing.synth import random_figures, render_html

    page = render_html(random_figures(random.Random(1)), random.Random(1))
    deep = "<div>" * 1000 + page.split("<body>", 1)[1].split("</body>", 1)[0] + "</div>" * 1000
    image = '<img src="data:image/png;base64,' + "A" * 12_000_000 + '">'
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n'
    (folder / "deep.html").write_text(f"{xhtml}<html><body>{image}{deep}</body></html>", encoding="utf-8")


@case
def html_nested_past_libxml2(folder: Path) -> None:
    """A report inside 100,000 open elements: libxml2 stops at 2,048, so the page is read again flattened."""
    from govfoi.testing.synth import random_figures, render_html

    page = render_html(random_figures(random.Random(1)), random.Random(1))
    nest = "<div><font>" * 50_000
    (folder / "nested.html").write_text(page.replace("<body>", "<body>" + nest), encoding="utf-8")


@case
def html_nested_49mb(folder: Path) -> None:
    """Nothing but open elements, just under the 50 MB file limit: the flattened reading is bounded by the
    file's time budget."""
    (folder / "nested.html").write_text("<html><body>" + "<div>" * (49 * 2**20 // 5), encoding="utf-8")


def _docx(document_xml: bytes) -> bytes:
    from govfoi.testing.synth import random_figures, render_docx

    honest = render_docx(random_figures(random.Random(2)), random.Random(2))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(honest)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info))
        dst.writestr("word/document.xml", document_xml)
    return out.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@case
def docx_gridspan_400m(folder: Path) -> None:
    xml = (
        f'<w:document {_W}><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="400000000"/></w:tcPr>'
        "<w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    )
    (folder / "span.docx").write_bytes(_docx(xml.encode()))


@case
def docx_directory_lies_1gb(folder: Path) -> None:
    head = f"<w:document {_W}><w:body><w:p><w:r><w:t>".encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = [comp.compress(head)]
    chunk = b"x" * (1 << 20)
    body += [comp.compress(chunk) for _ in range(1024)]
    body.append(comp.compress(tail) + comp.flush())
    deflated = b"".join(body)
    from govfoi.testing.synth import random_figures, render_docx

    honest = render_docx(random_figures(random.Random(2)), random.Random(2))
    (folder / "lies.docx").write_bytes(_raw_member_zip(honest, deflated))


def _raw_member_zip(template: bytes, deflated: bytes) -> bytes:
    """A zip with the template's members and word/document.xml as the given raw deflate stream, stated
    as 1,024 bytes inflated (the lie)."""
    import struct

    entries = []
    with zipfile.ZipFile(io.BytesIO(template)) as src:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                entries.append((info.filename.encode(), deflated, 1024, 0))
            else:
                raw = src.read(info)
                comp = zlib.compressobj(6, zlib.DEFLATED, -15)
                entries.append((info.filename.encode(), comp.compress(raw) + comp.flush(), len(raw), zlib.crc32(raw)))
    out = io.BytesIO()
    central = []
    for name, body, size, crc in entries:
        offset = out.tell()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(body), size, len(name), 0))
        out.write(name)
        out.write(body)
        central.append(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(body),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    for c in central:
        out.write(c)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


@case
def docx_honest_190mb(folder: Path) -> None:
    row = "<w:p><w:r><w:t>本年新收政府信息公开申请数量 一二三四五六七八九十</w:t></w:r></w:p>".encode()
    head, tail = f"<w:document {_W}><w:body>".encode(), b"</w:body></w:document>"
    xml = head + row * (190 * 2**20 // len(row)) + tail
    (folder / "big.docx").write_bytes(_docx(xml))


@case
def pdf_flate_bomb(folder: Path) -> None:
    comp = zlib.compressobj(9)
    parts = [comp.compress(b"BT /F1 12 Tf 10 10 Td (x) Tj ET\n")]
    zeros = b" " * (1 << 20)
    parts += [comp.compress(zeros) for _ in range(2048)]
    parts.append(comp.flush())
    (folder / "bomb.pdf").write_bytes(pdf(b"".join(parts), compressed=True))


@case
def pdf_2m_text_objects(folder: Path) -> None:
    content = b"BT /F1 1 Tf 1 1 Td (a) Tj ET\n" * 2_000_000
    (folder / "objects.pdf").write_bytes(pdf(content))


@case
def symlink_to_dev_zero(folder: Path) -> None:
    shutil.copy(SEED, folder / "a.txt")
    os.symlink("/dev/zero", folder / "zero.txt")


@case
def fifo(folder: Path) -> None:
    shutil.copy(SEED, folder / "a.txt")
    os.mkfifo(folder / "pipe.txt")


@case
def symlink_out_of_folder(folder: Path) -> None:
    shutil.copy(SEED, folder / "a.txt")
    os.symlink("/etc/passwd", folder / "passwd.txt")


def run_case(name: str, workers: int) -> dict:
    """Build one case, parse it in this process (peak RSS of this process and of its children)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "in")
        folder.mkdir()
        CASES[name](folder)
        size = sum(p.lstat().st_size for p in folder.iterdir())
        from govfoi.cli.commands import main

        start = time.perf_counter()
        stdout, stderr = io.StringIO(), io.StringIO()
        from contextlib import redirect_stderr, redirect_stdout

        with redirect_stdout(stdout), redirect_stderr(stderr):
            code = main(
                ["parse", str(folder), "--out", str(Path(tmp, "out")), "--workers", str(workers), "--no-progress"]
            )
        wall = time.perf_counter() - start
        import polars as pl

        reports = pl.read_parquet(Path(tmp, "out", "reports.parquet"))
        checks = pl.read_parquet(Path(tmp, "out", "checks.parquet"))
        errors = checks.filter(pl.col("severity") == "error")
        rows = [f"{Path(s).name}:{st}" for s, st in zip(reports["source"], reports["status"])]
        why = sorted(set(errors["check"]))
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    return {
        "case": name,
        "input_bytes": size,
        "exit": code,
        "seconds": round(wall, 2),
        "peak_mb": round(peak / 1024),
        "rows": rows,
        "error_checks": why,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--case", help=argparse.SUPPRESS)  # the child's side: run one case, print JSON
    args = ap.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.workers), ensure_ascii=False))
        return
    print(f"{'case':<40} {'input':>10} {'s':>6} {'peak MB':>8} {'exit':>4}  rows / error checks")
    worst_s = worst_mb = 0.0
    for name in args.only or CASES:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, "--case", name, "--workers", str(args.workers)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=600,
        )
        if proc.returncode != 0 or not proc.stdout.strip():
            print(f"{name:<40} CRASHED after {time.perf_counter() - t0:.1f} s: {proc.stderr.strip()[-300:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        worst_s, worst_mb = max(worst_s, r["seconds"]), max(worst_mb, r["peak_mb"])
        print(
            f"{name:<40} {r['input_bytes']:>10,} {r['seconds']:>6.2f} {r['peak_mb']:>8,} {r['exit']:>4}  "
            f"{' '.join(r['rows'])} / {','.join(r['error_checks'])}"
        )
    print(f"worst: {worst_s:.2f} s, {worst_mb:,.0f} MB (target: 30 s, 1,024 MB)")


if __name__ == "__main__":
    main()
