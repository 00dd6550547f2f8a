"""Tesseract: whether it is installed, and the words it reads in an image with their boxes and confidence.

Every reading of the pipeline (the page, the cells alone, the labels alone) is one run of the ``tesseract``
command on a PNG handed over stdin, read back as TSV: one place for the command line, its time limit and
its failures.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass

from govfoi.errors import FormatError

# Tesseract (Debian tesseract-ocr 5.3 + chi_sim + eng) rather than RapidOCR: both read table 三's numbers,
# but RapidOCR is several times slower and needs a large onnxruntime install, where Tesseract is one Debian package.
LANGUAGE = "chi_sim"
TIMEOUT_S = 120  # one Tesseract run: far more than a run needs, so that only a stuck one is stopped


def available() -> bool:
    """True when Tesseract and its Simplified Chinese model are installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in langs.split()


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]  # Tesseract's block, paragraph and line

    @property
    def centre(self) -> tuple[float, float]:
        return self.left + self.width / 2, self.top + self.height / 2


def _ocr_words(image, language: str = LANGUAGE, layout: str = "4", *options: str) -> list[Word]:
    """Tesseract's words with their boxes and confidence. A page is read as ``--psm 4`` (a column of text
    of varied sizes, which keeps a table row on one line; ``--psm 6`` loses the rows)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one thread: faster on a shared machine, and workers run
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", language, "--psm", layout, *options, "tsv"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=TIMEOUT_S,
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise FormatError("ocr_failed", f"OCR took over {TIMEOUT_S} s on one page") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise FormatError("ocr_failed", f"Tesseract failed: {detail[0]}")
    words = []
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        f = row.split("\t")
        if len(f) == 12 and f[0] == "5" and f[11].strip():
            words.append(
                Word(
                    f[11].strip(),
                    float(f[10]),
                    int(f[6]),
                    int(f[7]),
                    int(f[8]),
                    int(f[9]),
                    (int(f[2]), int(f[3]), int(f[4])),
                )
            )
    return words
