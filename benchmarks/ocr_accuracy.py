"""OCR accuracy and speed on scans made with real tools (benchmarks/ocr_corpus.py builds them).

    python benchmarks/ocr_accuracy.py [--corpus data/processed/ocr-corpus] [--variants 200 150-rot-jpg ...]

Each image-only PDF is parsed with ``--ocr auto`` and every cell of tables 二, 三 and 四 compared with the
figures it was made from. A cell is right (the value, to the cent), wrong with an error (null or another value,
in a report with an error-severity finding: a reader is warned), or wrong and silent (the worst case: a
report without any error holding a wrong value). Prints the counts per variant and the seconds per page.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

import pypdfium2 as pdfium

from govfoi import parse_report
from govfoi.read.options import OcrOptions

ROOT = Path(__file__).resolve().parents[1]


def score(pdf: Path, truth: dict) -> tuple[Counter, float, int, list[str]]:
    start = time.perf_counter()
    report = parse_report(pdf, ocr=OcrOptions("auto", progress=False))
    seconds = time.perf_counter() - start
    pages = len(pdfium.PdfDocument(str(pdf)))
    has_error = report.n_errors > 0
    counts: Counter = Counter()
    wrong: list[str] = []
    for table in ("disclosure", "applications", "appeals"):
        for key, expected in truth[table].items():
            row, column = key.split("|")
            got = report.value(table, row, column)
            if got is not None and abs(got - expected) < 0.005:
                counts["right"] += 1
            else:
                counts["wrong_with_error" if has_error else "wrong_silent"] += 1
                wrong.append(f"{table}.{row}.{column}: {got} for {expected}")
    counts["ocr_confirmed"] = sum(f.check == "ocr_confirmed" for f in report.findings)
    counts["ocr_repaired"] = sum(f.check == "ocr_repaired" for f in report.findings)
    counts["errors"] = report.n_errors
    return counts, seconds, pages, wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "processed" / "ocr-corpus")
    ap.add_argument("--variants", nargs="*", help="only these variants (e.g. 200 150-rot-jpg)")
    ap.add_argument("--show", action="store_true", help="list every wrong cell")
    args = ap.parse_args()
    by_variant: dict[str, Counter] = defaultdict(Counter)
    time_by_variant: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for answer in sorted(args.corpus.glob("r*.json")):
        truth = json.loads(answer.read_text())
        for pdf in sorted(args.corpus.glob(f"{answer.stem}-*.pdf")):
            variant = pdf.stem[len(answer.stem) + 1 :]
            if args.variants and variant not in args.variants:
                continue
            counts, seconds, pages, wrong = score(pdf, truth)
            by_variant[variant].update(counts)
            time_by_variant[variant][0] += seconds
            time_by_variant[variant][1] += pages
            print(
                f"{pdf.name:32} right {counts['right']:3}  wrong+error {counts['wrong_with_error']:3}  "
                f"wrong silent {counts['wrong_silent']:2}  {seconds / pages:5.1f} s/page",
                flush=True,
            )
            if args.show:
                for line in wrong:
                    print("    ", line)
    print(
        f"\n{'variant':20} {'cells':>6} {'right':>7} {'wrong+err':>9} {'silent':>6} {'confirmed':>9} "
        f"{'repaired':>8} {'s/page':>6}"
    )
    total: Counter = Counter()
    for variant, c in sorted(by_variant.items()):
        total.update(c)
        cells = c["right"] + c["wrong_with_error"] + c["wrong_silent"]
        secs, pages = time_by_variant[variant]
        print(
            f"{variant:20} {cells:6} {c['right'] / cells:7.1%} {c['wrong_with_error']:9} {c['wrong_silent']:6} "
            f"{c['ocr_confirmed']:9} {c['ocr_repaired']:8} {secs / pages:6.1f}"
        )
    cells = total["right"] + total["wrong_with_error"] + total["wrong_silent"]
    secs = sum(t[0] for t in time_by_variant.values())
    pages = sum(t[1] for t in time_by_variant.values())
    if cells:
        print(
            f"{'all':20} {cells:6} {total['right'] / cells:7.1%} {total['wrong_with_error']:9} "
            f"{total['wrong_silent']:6} {total['ocr_confirmed']:9} {total['ocr_repaired']:8} {secs / pages:6.1f}"
        )


if __name__ == "__main__":
    main()
