"""OCR accuracy on scans of the real-tool corpus and of real reports (issue 12, "Test data").

    python benchmarks/ocr_real_tools.py [--stems rt0000,...] [--variants 200 150-rot-jpg] [--real] [--show-wrong K]

1. Real-tool corpus: each chosen LibreOffice PDF of data/corpus/pdf (the official template filled with known
   figures) is rendered to page images and damaged with benchmarks/ocr_corpus.py's variants (dpi, rotation,
   blur, JPEG), then saved as an image-only PDF in data/processed/ocr-real-tools/VARIANT/STEM.pdf beside an
   expected.json. Each variant folder is scored like a tool by benchmarks/real_tools_accuracy.py (cells right,
   wrong with an error, wrong without one = SILENT), split by what the report varies (plans.json).
2. ``--real``: the real reports of /work/shared/real (HTML) printed to PDF by headless Chromium, rendered and
   damaged the same way, image-only, in data/processed/ocr-real-scans/VARIANT/; scored with the rules of
   /work/shared/tools/score.py (a blank expected cell is not counted; 2019 table 二 not scored).

Every scan is parsed in this process with ``govfoi.parse_report(ocr=auto)``; seconds per page are wall time
(the machine is shared: read them as an upper bound). The scans are generated, gitignored, never committed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pypdfium2 as pdfium  # noqa: E402
from ocr_corpus import VARIANTS, damage  # noqa: E402
from real_tools_accuracy import agency_right, by_feature, score_tool, table  # noqa: E402

from govfoi import parse_report  # noqa: E402
from govfoi.read.options import OcrOptions  # noqa: E402

CORPUS = Path("/work/main/data/corpus") if not (ROOT / "data" / "corpus" / "pdf").exists() else ROOT / "data" / "corpus"
# Two or more of each feature: 2019 template, 小计 column, blank cells in 三, thousands separators, plain 2021
# (a 7.5 pt table among them).
STEMS = [
    "rt0000",
    "rt0002",
    "rt0003",
    "rt0004",
    "rt0005",
    "rt0007",
    "rt0015",
    "rt0026",
    "rt0037",
    "rt0045",
    "rt0052",
    "rt0053",
]
REAL = [
    (Path("/work/shared/real/shuyang-fgj-2023.html"), Path("/work/shared/real/expected.json")),
    (Path("/work/shared/real/pingtan/pingtan-2025.html"), Path("/work/shared/real/pingtan/expected.json")),
]
OUT = ROOT / "data" / "processed"


def scan(pdf: Path, variant: str, target: Path) -> int:
    """``pdf`` rendered and damaged as ``variant``, saved as the image-only PDF ``target``; its page count."""
    from PIL import Image

    dpi, rotation, blur, quality = VARIANTS[variant]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(tmp / "p")], check=True)
        pages = [damage(p, rotation, blur, quality, tmp / f"d-{p.stem}") for p in sorted(tmp.glob("p-*.png"))]
        images = [Image.open(p).convert("L") for p in pages]
        images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return len(images)


def build_corpus(stems: list[str], variants: list[str], out: Path) -> None:
    entries = {e["file"]: e for e in json.loads((CORPUS / "pdf" / "expected.json").read_text(encoding="utf-8"))}
    for variant in variants:
        folder = out / variant
        folder.mkdir(parents=True, exist_ok=True)
        for stem in stems:
            if not (folder / f"{stem}.pdf").exists():
                scan(CORPUS / "pdf" / f"{stem}.pdf", variant, folder / f"{stem}.pdf")
        (folder / "expected.json").write_text(
            json.dumps([entries[f"{s}.pdf"] for s in stems], ensure_ascii=False), encoding="utf-8"
        )


def build_real(variants: list[str], out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for html, expected in REAL:
            printed = tmp / f"{html.stem}.pdf"
            subprocess.run(
                [
                    "chromium",
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    f"--print-to-pdf={printed}",
                    "--no-pdf-header-footer",
                    html.resolve().as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            entry = next(e for e in json.loads(expected.read_text(encoding="utf-8")) if e["file"] == html.name)
            for variant in variants:
                folder = out / variant
                folder.mkdir(parents=True, exist_ok=True)
                if not (folder / f"{html.stem}.pdf").exists():
                    scan(printed, variant, folder / f"{html.stem}.pdf")
                answers = folder / "expected.json"
                known = json.loads(answers.read_text(encoding="utf-8")) if answers.exists() else []
                known = [e for e in known if e["file"] != f"{html.stem}.pdf"] + [{**entry, "file": f"{html.stem}.pdf"}]
                answers.write_text(json.dumps(known, ensure_ascii=False), encoding="utf-8")


def pages(folder: Path) -> int:
    return sum(len(pdfium.PdfDocument(str(p))) for p in folder.glob("*.pdf"))


def _score_py_checks(entry: dict) -> list[tuple[str, str, str, float]]:
    """The cells /work/shared/tools/score.py compares: (table, row, column, value), blanks left out."""
    checks = []
    apps = entry.get("applications", {})
    if isinstance(next(iter(apps.values()), None), dict):
        checks += [("applications", o, c, v) for o, cols in apps.items() for c, v in cols.items()]
    for name, column in (("applications_total", "total"), ("applications_natural_person", "natural_person")):
        checks += [("applications", o, column, v) for o, v in (entry.get(name) or {}).items()]
    checks += [("appeals", *k.split("."), v) for k, v in (entry.get("appeals") or {}).items()]
    if entry.get("template") != "2019":
        checks += [("disclosure", *k.split("."), v) for k, v in (entry.get("disclosure") or {}).items()]
    return [c for c in checks if c[3] is not None]


def score_real(folder: Path, show: int) -> list[str]:
    lines = []
    for entry in json.loads((folder / "expected.json").read_text(encoding="utf-8")):
        path = folder / entry["file"]
        n_pages = len(pdfium.PdfDocument(str(path)))
        start = time.perf_counter()
        report = parse_report(path, ocr=OcrOptions("auto", progress=False))
        seconds = time.perf_counter() - start
        has_error = report.n_errors > 0
        right, wrong = 0, []
        for tbl, row, col, want in _score_py_checks(entry):
            cell = getattr(report, tbl).get((row, col))
            got = None if cell is None else cell.value
            if got is not None and abs(float(got) - float(want)) < 1e-6:
                right += 1
            else:
                wrong.append(f"{tbl}/{row}/{col} {got}≠{want}")
        total = right + len(wrong)
        meta = ("" if agency_right(entry.get("agency"), report.agency) else f" agency={report.agency!r}") + (
            "" if report.year == entry.get("year") else f" year={report.year}"
        )
        out = [
            (
                f"{folder.name:14} {entry['file']:26} {right:4}/{total:<4} {100 * right / total:6.1f}% "
                f"wrong+err {len(wrong) if has_error else 0:3} SILENT {0 if has_error else len(wrong):3} "
                f"errors {report.n_errors:2} {seconds / n_pages:5.1f} s/page ({n_pages} p){meta}"
            )
        ]
        out += [f"    {w} ({'flagged' if has_error else 'SILENT'})" for w in wrong[:show]]
        if show:
            out += [f"    error {f.check}: {f.message}"[:200] for f in report.findings if f.severity == "error"][:5]
        print("\n".join(out), flush=True)
        lines += out
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stems", default=",".join(STEMS), help="corpus reports to scan ('' for none)")
    ap.add_argument("--variants", nargs="*", default=["200", "150-rot-jpg"], choices=sorted(VARIANTS))
    ap.add_argument("--real", action="store_true", help="also the real reports of /work/shared/real")
    ap.add_argument("--show-wrong", type=int, default=0, metavar="K")
    a = ap.parse_args(argv)
    stems = [s for s in a.stems.split(",") if s]
    if a.real:
        build_real(a.variants, OUT / "ocr-real-scans")
        for variant in a.variants:
            score_real(OUT / "ocr-real-scans" / variant, a.show_wrong)
    if stems:
        build_corpus(stems, a.variants, OUT / "ocr-real-tools")
        scores, n_pages = [], {}
        for variant in a.variants:
            folder = OUT / "ocr-real-tools" / variant
            scores.append(score_tool(folder))
            n_pages[variant] = pages(folder)
            s = scores[-1]
            print(
                f"== {variant}: {len(s.wrong)} wrong cells, {sum(s.millis) / 1000 / n_pages[variant]:.1f} s/page "
                f"({n_pages[variant]} pages)",
                flush=True,
            )
            for stem, (cells, right) in sorted(s.per_report.items()):
                silent = sum(w.startswith(f"{stem}.pdf ") and w.endswith("(SILENT)") for w in s.wrong)
                print(f"   {stem}: {right}/{cells} right, {cells - right - silent} wrong+err, {silent} SILENT")
            for line in [w for w in s.wrong if w.endswith("(SILENT)")] + [
                w for w in s.wrong if not w.endswith("(SILENT)")
            ][: a.show_wrong]:
                print("   " + line)
        print("\n".join(table(scores)))
        print("\n".join(by_feature(scores, json.loads((CORPUS / "plans.json").read_text(encoding="utf-8")))))
        for s in scores:
            print(
                f"{s.tool:14} s/page {sum(s.millis) / 1000 / n_pages[s.tool]:5.1f}  "
                f"cells {s.right}/{s.cells} right ({100 * s.right / s.cells if s.cells else 0:.2f}%), "
                f"wrong without an error {s.silent}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
