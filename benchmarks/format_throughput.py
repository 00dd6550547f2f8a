"""Parse throughput per input format: text, web page (HTML), Word (DOCX) and PDF, through `govfoi parse`.

    python benchmarks/format_throughput.py [--n 1000] [--pdf 200] [--workers 2]

Text, HTML and DOCX reports are written by govfoi.testing.synth; PDFs are printed from the synthetic web pages by
headless Chromium (skipped, with a note, when chromium is missing), each made distinct by a trailing PDF
comment so that none is taken for a copy of another.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from govfoi.testing.synth import agency_name, random_figures, render, render_docx, render_html


def write(folder: Path, fmt: str, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    for i in range(n):
        fig = random_figures(rng, agency=agency_name(i), year=2023)  # one report per agency: no panel checks
        r = random.Random(rng.random())
        if fmt == "text":
            (folder / f"{i:06d}.txt").write_text(render(fig, "tab", r), encoding="utf-8")
        elif fmt == "html":
            (folder / f"{i:06d}.html").write_text(render_html(fig, r), encoding="utf-8")
        elif fmt == "docx":
            (folder / f"{i:06d}.docx").write_bytes(render_docx(fig, r))


def write_pdfs(folder: Path, n: int, distinct: int = 10) -> bool:
    """``distinct`` reports printed by Chromium, copied to n files that differ by a trailing comment."""
    browser = shutil.which("chromium")
    if browser is None:
        return False
    rng = random.Random(1)
    printed = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(distinct):
            page, pdf = Path(tmp, f"{k}.html"), Path(tmp, f"{k}.pdf")
            page.write_text(render_html(random_figures(rng, agency=agency_name(k), year=2023), rng), encoding="utf-8")
            subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    f"--user-data-dir={tmp}/profile",
                    f"--print-to-pdf={pdf}",
                    "--no-pdf-header-footer",
                    f"file://{page}",
                ],
                capture_output=True,
                timeout=120,
                check=True,
            )
            printed.append(pdf.read_bytes())
    for i in range(n):
        (folder / f"{i:06d}.pdf").write_bytes(printed[i % distinct] + f"\n% copy {i}\n".encode())
    return True


def parse(folder: Path, workers: int) -> float:
    govfoi = Path(sys.executable).with_name("govfoi")
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        done = subprocess.run(
            [str(govfoi), "parse", str(folder), "--out", out, "--workers", str(workers), "--no-progress"],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t0
    print("   ", done.stdout.splitlines()[0] if done.stdout else done.stderr[-500:])
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="reports per format (text, html, docx)")
    ap.add_argument("--pdf", type=int, default=200, help="PDF files")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("text", "html", "docx", "pdf"):
            folder = Path(tmp, fmt)
            folder.mkdir()
            n = args.pdf if fmt == "pdf" else args.n
            if fmt == "pdf":
                if not write_pdfs(folder, n):
                    print("pdf: chromium not installed (`make browser`); skipped")
                    continue
            else:
                write(folder, fmt, n)
            wall = parse(folder, args.workers)
            print(
                f"{fmt:5}: {n:,} reports in {wall:.2f} s = {n / wall:,.0f} reports/s ({args.workers} workers)",
                flush=True,
            )


if __name__ == "__main__":
    main()
