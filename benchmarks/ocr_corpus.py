"""Scans made with real tools, for the OCR benchmark: the official 2021 template filled with random figures
(python-docx) → PDF (LibreOffice) → page images (pdftoppm at 150 and 200 dpi) → damage (Pillow: a small
rotation, slight blur, JPEG artefacts), with the figures beside each scan as the answer key.

    python benchmarks/ocr_corpus.py [--reports 6] [--out data/processed/ocr-corpus]

Output (gitignored): REPORT-VARIANT.pdf (the page images as one image-only PDF, what a scanner produces),
REPORT-VARIANT-pN.png/.jpg, and REPORT.json with the figures.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import tempfile
from pathlib import Path

from govfoi.codes import APPLICANTS, CHANNELS, OUTCOMES, RESULTS
from govfoi.testing.synth import Figures, random_figures

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "tests" / "data" / "template-2021-blank.docx"  # the official blank 2021 template
# Table 二 of the template: (row, first column) of each item's measures.
DISCLOSURE_ROWS = {"regulations": 2, "normative_documents": 3, "licensing": 6, "penalty": 9, "coercion": 10, "fees": 13}
# name: (dpi, rotation in degrees, blur radius, JPEG quality or None for PNG)
VARIANTS = {
    "200": (200, 0.0, 0.0, None),
    "150": (150, 0.0, 0.0, None),
    "200-rot": (200, 1.5, 0.0, None),
    "200-rot3-blur-jpg": (200, -2.5, 0.6, 70),
    "150-rot-jpg": (150, 1.0, 0.0, 75),
    "150-blur-jpg60": (150, -1.0, 0.5, 60),
}


def _text(value: float) -> str:
    return f"{value:.2f}" if value != int(value) else str(int(value))


def fill_template(fig: Figures) -> bytes:
    """The official template with the figures in its cells and the report's title."""
    import docx

    document = docx.Document(str(TEMPLATE))
    for p in list(document.paragraphs):
        if "格式模板" in p.text:
            p.text = f"{fig.agency}{fig.year}年政府信息公开工作年度报告"
        elif "文字描述" in p.text:
            p._element.getparent().remove(p._element)
    disclosure, applications, appeals = document.tables[:3]
    for (item, _measure), value in fig.disclosure.items():
        row = DISCLOSURE_ROWS[item]
        measures = [m for (i, m) in fig.disclosure if i == item]
        disclosure.cell(row, 1 + measures.index(_measure)).text = _text(value)
    for r, outcome in enumerate(OUTCOMES):
        for c, applicant in enumerate(APPLICANTS):
            applications.cell(3 + r, 3 + c).text = _text(fig.applications[(outcome, applicant)])
    for c, (channel, result) in enumerate((ch, r) for ch in CHANNELS for r in RESULTS):
        appeals.cell(3, c).text = _text(fig.appeals[(channel, result)])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def damage(png: Path, rotation: float, blur: float, quality: int | None, out: Path) -> Path:
    from PIL import Image, ImageFilter

    image = Image.open(png).convert("L")
    if rotation:
        image = image.rotate(rotation, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    target = out.with_suffix(".jpg" if quality else ".png")
    image.save(target, **({"quality": quality} if quality else {"optimize": True}))
    return target


def figures_json(fig: Figures) -> dict:
    def cells(grid: dict) -> dict:
        return {f"{r}|{c}": v for (r, c), v in grid.items()}

    return {
        "agency": fig.agency,
        "year": fig.year,
        "disclosure": cells(fig.disclosure),
        "applications": cells(fig.applications),
        "appeals": cells(fig.appeals),
    }


def build(n_reports: int, out: Path, seed: int = 2026) -> None:
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        names = []
        for i in range(n_reports):
            fig = random_figures(rng)
            name = f"r{i:02d}"
            names.append(name)
            (tmp / f"{name}.docx").write_bytes(fill_template(fig))
            (out / f"{name}.json").write_text(json.dumps(figures_json(fig), ensure_ascii=False))
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp),
                *[str(tmp / f"{n}.docx") for n in names],
            ],
            check=True,
            capture_output=True,
        )
        for name in names:
            for variant, (dpi, rotation, blur, quality) in VARIANTS.items():
                prefix = tmp / f"{name}-{dpi}"
                if not list(tmp.glob(f"{name}-{dpi}-*.png")):
                    subprocess.run(
                        ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(tmp / f"{name}.pdf"), str(prefix)], check=True
                    )
                pages = []
                for page_png in sorted(tmp.glob(f"{name}-{dpi}-*.png")):
                    page = page_png.stem.rsplit("-", 1)[1].lstrip("0")
                    pages.append(damage(page_png, rotation, blur, quality, out / f"{name}-{variant}-p{page}"))
                images = [Image.open(p).convert("L") for p in pages]
                images[0].save(out / f"{name}-{variant}.pdf", save_all=True, append_images=images[1:], resolution=dpi)
            print(name, "done", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=6)
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "processed" / "ocr-corpus")
    args = ap.parse_args()
    build(args.reports, args.out)


if __name__ == "__main__":
    main()
