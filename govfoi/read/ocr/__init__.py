"""Page images → the text the parser reads, by offline OCR (Tesseract), with tables rebuilt from word boxes.

A scan's text is not read as Tesseract's plain text: printed cell borders come out as digits there (|1351
for 351). Instead each page is straightened, its ruling lines are found (runs of dark pixels far longer than
any stroke of a character) and painted out, and Tesseract's word boxes are put into the cells those lines
draw: rows are the bands between horizontal rules, columns the gaps between vertical ones, and a merged cell
is a region with no rule inside it. Each table row then becomes one line of tab-separated cells, a merged
cell's text in its first position, exactly what the HTML and Word readers produce, so the same template
placement and identities apply. A label wrapped over several lines of a narrow column (1.属 / 于国 / 家秘 /
密), which the page's reading loses, is read again with its lines laid end to end; a row cut by a page
break is joined to its first half; an empty cell among a row's numbers is written as a blank cell (∅), as
the HTML reader writes it, so that its place is known.

Every cell that may hold a number is read three ways (the page by chi_sim; the cell alone by English and by
chi_sim, digits only), and a number is kept where two readings agree with confidence. A doubtful one is
written as ``?`` and its reading: the parser takes it for an unreadable cell (null, with an error).
``settle`` then keeps the reading where the template's identities force exactly that value, corrects it
where they force a value one commonly confused digit away (1/7, 0/8, 3/8, 5/6: a warning), and leaves every
other one null with the error ``ocr_unconfirmed``: a doubtful value is never kept on its own word.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from govfoi.errors import FormatError
from govfoi.parse.tokens import BLANK_CELL
from govfoi.read.formats import Extracted
from govfoi.read.limits import extend_budget
from govfoi.read.options import OcrOptions
from govfoi.read.pdf import from_pdf

# Tesseract (Debian tesseract-ocr 5.3 + chi_sim + eng) rather than RapidOCR: measured on the same page of
# table 三 at 200 dpi on this shared 2-core machine, RapidOCR 3.10 (PP-OCRv6 small, onnxruntime 1.32) found
# all 175 numbers too but took 29-45 s, against 4-6 s for this whole pipeline; and it needs a 400 MB
# onnxruntime install where Tesseract is one Debian package.
LANGUAGE = "chi_sim"
# Tesseract's word confidence (0-100), measured on the scans of benchmarks/ocr_corpus.py:
MIN_CONFIDENCE = 90.0  # a label read with less in a table cell may be a misread number: read it again
AGREED_CONFIDENCE = 85.0  # two readings give this number, one of them at least this sure
SOLE_CONFIDENCE = 95.0  # the English digit reading alone, where the page's reading has no digit at all
SPECK_CONFIDENCE = 50.0  # a digit read with less in a cell the first reading found empty, and
SPECK_INK = 15  # with fewer dark pixels than this (a 1 at 150 dpi has about 30), is a speck
UNSURE = "?"  # prefix of a doubtful value in the text handed to the parser: it reads as an unreadable cell
PDF_DPI = 200  # pages of a PDF are rendered at this resolution: 175/175 cells of table 三 at 200 dpi
TIMEOUT_S = 120  # one Tesseract run; a page takes 4-6 s in all (three runs) on a shared 2-core machine


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


# ---- pages ---------------------------------------------------------------------------------------------------

def image_pages(data: bytes, max_pages: int) -> list:
    """The pages of a picture (a TIFF may hold several) as greyscale Pillow images."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        count = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError) as exc:  # truncated or damaged files
        raise FormatError("not_a_report", f"image could not be read: {exc}") from None
    if count > max_pages:
        raise FormatError("too_large", f"image has {count} pages > limit {max_pages} (--max-pages)")
    try:
        return [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except (OSError, ValueError) as exc:
        raise FormatError("not_a_report", f"image could not be read: {exc}") from None


def pdf_pages(data: bytes, max_pages: int, dpi: int = PDF_DPI) -> Iterator:
    """The pages of a PDF rendered as greyscale images, one at a time (a page is ~4 MB at 200 dpi)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - PdfiumError and friends
        raise FormatError("not_a_report", f"PDF could not be opened: {exc}") from None
    try:
        if len(pdf) > max_pages:
            raise FormatError("too_large", f"PDF has {len(pdf)} pages to OCR > limit {max_pages} (--max-pages)")
        for number in range(len(pdf)):
            yield _page_image(pdf[number], dpi)
    finally:
        pdf.close()


def _page_image(page, dpi: int):
    """A scanned page's own picture when the page is one upright image (resampling it blurs the digits),
    else the page rendered at ``dpi`` (which applies the page's rotation)."""
    import pypdfium2.raw as pdfium_c

    objects = list(page.get_objects(max_depth=1))
    if len(objects) == 1 and objects[0].type == pdfium_c.FPDF_PAGEOBJ_IMAGE and page.get_rotation() == 0:
        try:
            image = objects[0].get_bitmap(render=False).to_pil().convert("L")
            if image.width >= 1000:  # a thumbnail-sized picture is better rendered
                return image
        except Exception:  # noqa: BLE001 - an image format PDFium cannot hand over raw: render the page instead
            pass
    return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")


PAGE_SECONDS = 20.0  # added to a file's time budget for each page OCR reads (a page takes 5-10 s here)


def read_pages(pages: list | Iterator, progress: Callable[[int], None] | None = None) -> Extracted:
    """OCR every page; the lines of all pages in order, as ``formats`` returns them for other formats."""
    if not available():
        raise FormatError("needs_ocr", "a scan: OCR needs Tesseract with chi_sim "
                                       "(apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
    placed: list[Line] = []
    for number, page in enumerate(pages, 1):
        extend_budget(PAGE_SECONDS)  # the file's time budget grows with its pages
        page_lines = _page_lines(page)
        _join_split_row(placed, page_lines)
        placed.extend(page_lines)
        if progress is not None:
            progress(number)
    lines = [line.text for line in placed]
    if not lines:
        raise FormatError("not_a_report", "OCR found no text on any page")
    return Extracted("\n".join(lines), list(range(1, len(lines) + 1)), "ocr")


# ---- one page ------------------------------------------------------------------------------------------------

def read_page(image) -> list[str]:
    """A page's lines: prose by Tesseract's lines, each table row as tab-separated cells."""
    return [line.text for line in _page_lines(image)]


def _page_lines(image) -> list[Line]:
    """A page's lines, table rows with their cells (a row cut by the page's end is joined across pages)."""
    import numpy as np
    from PIL import Image

    image = straighten(_at_working_size(image))
    pixels = np.asarray(image)
    threshold = _threshold(pixels)
    dark = pixels < threshold
    # Rules are found at a lighter cut than ink: a thin rule turned or blurred is a grey smear, and only a run
    # longer than any stroke of a character (at 150-300 dpi) counts as a rule.
    faint = pixels < (threshold + 255) // 2
    rule_length = max(30, image.width // 35)
    across, down = _runs(faint, rule_length, axis=1), _runs(faint, rule_length, axis=0)
    # A horizontal rule spans at least two columns; a shorter run is the stroke of a large character or a
    # smudge, and taken for a rule it would cut a row in two.
    rows = [r for r in _segments(across, axis=1) if r.end - r.start >= 3 * rule_length]
    tables = _tables(rows, _segments(down, axis=0))
    clean = pixels.copy()
    rules = _grow(_grow(across | down))
    clean[rules] = 255
    # The grey fringe of a rule that was blurred or turned is left as a faint dashed line, which chi_sim
    # reads as 1 or o beside a digit (|4 → 14); ink is far darker than the fringe.
    clean[clean >= _LIGHT] = 255
    clean_image = Image.fromarray(clean)
    words = _ocr_words(clean_image)
    grids = [_grid(table, words) for table in tables]
    cells = [cell for grid in grids for cell in grid]
    for cell in cells:
        cell.inside = _inside_rules(cell.box, across, down)
    _reread_values(clean_image, dark & ~rules, cells)
    _reread_labels(clean, dark & ~rules, [c for grid in grids for c in _label_suspects(grid)])
    return _lines(words, tables, grids)


WORKING_SHORT_SIDE = 1654  # pixels: an A4 page's short side at 200 dpi


def _at_working_size(image):
    """A page scanned below ~170 dpi, enlarged to 200 dpi: chi_sim misreads labels whose characters are
    under 20 pixels high (本机关不掌握 → 本机关下各), and the rules and cells scale with it."""
    from PIL import Image

    short = min(image.size)
    if short >= 0.85 * WORKING_SHORT_SIDE:
        return image
    scale = min(2.5, WORKING_SHORT_SIDE / short)
    return image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)


def straighten(image):
    """The page rotated so that its rows are level: the angle (±4°, 0.1° steps) whose row profile of
    ink is sharpest, measured on a quarter-size copy. The profile sums how dark each row is rather than
    counting pixels darker than a cut: at a quarter of 150 dpi a rule is a grey line, which turning
    (resampling) greys further, and the count then favoured the unturned copy: pages scanned 1° askew
    were read at 0°, their rules drifting 30 pixels from top to bottom."""
    import numpy as np
    from PIL import Image

    small = image.reduce(4)
    best_score, best_angle = -1.0, 0.0
    for angle in np.arange(-4.0, 4.01, 0.1):
        rotated = np.asarray(small.rotate(float(angle), resample=Image.BILINEAR, fillcolor=255))
        score = float(np.var((255 - rotated.astype(np.int32)).sum(axis=1)))
        if score > best_score:
            best_score, best_angle = score, float(angle)
    if abs(best_angle) < 0.05:
        return image
    return image.rotate(best_angle, resample=Image.BICUBIC, fillcolor=255)


def _threshold(pixels) -> int:
    """Otsu's threshold: blur and JPEG make the ink grey, so a fixed cut loses thin rules."""
    import numpy as np

    hist = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * np.arange(256))
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(weight * (total - weight), 1)
    return int(np.argmax(between))


def _runs(dark, length: int, axis: int):
    """Pixels inside a straight run of at least ``length`` dark pixels along ``axis`` (a morphological
    opening with a line, by cumulative sums)."""
    import numpy as np

    a = dark if axis == 1 else dark.T
    padded = np.zeros((a.shape[0], a.shape[1] + 1), dtype=np.int32)
    np.cumsum(a, axis=1, out=padded[:, 1:])
    full = (padded[:, length:] - padded[:, :-length]) == length  # the window starting here is all dark
    starts = np.zeros((a.shape[0], full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    j = np.arange(a.shape[1])
    lo, hi = np.clip(j - length + 1, 0, full.shape[1]), np.clip(j + 1, 0, full.shape[1])
    covered = (starts[:, hi] - starts[:, lo]) > 0
    return covered if axis == 1 else covered.T


def _grow(mask):
    """The mask one pixel wider each way: the grey fringe of a rule, left behind, reads as a stroke."""
    out = mask.copy()
    out[1:, :] |= mask[:-1, :]
    out[:-1, :] |= mask[1:, :]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    return out


@dataclass(frozen=True)
class Rule:
    at: int  # y of a horizontal rule, x of a vertical one
    start: int
    end: int


def _segments(mask, axis: int, gap: int = 4) -> list[Rule]:
    """The rules in a mask of rule pixels: bands of adjacent rows (columns) with their covered spans."""
    import numpy as np

    a = mask if axis == 1 else mask.T
    hit = np.flatnonzero(a.any(axis=1))
    rules: list[Rule] = []
    for band in np.split(hit, np.flatnonzero(np.diff(hit) > 1) + 1) if hit.size else []:
        covered = a[band[0]:band[-1] + 1].any(axis=0)
        xs = np.flatnonzero(covered)
        at = int(band.mean())
        for piece in np.split(xs, np.flatnonzero(np.diff(xs) > gap) + 1):
            rules.append(Rule(at, int(piece[0]), int(piece[-1])))
    return rules


@dataclass
class Table:
    """A ruled table: its row boundaries (y), column boundaries (x), and the rules drawn between them."""

    ys: list[int]
    xs: list[int]
    across: list[Rule]
    down: list[Rule]

    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


_LIGHT = 190  # lighter than this is paper, JPEG noise or the fringe of a removed rule
TOLERANCE = 6  # pixels: where a rule meets another, and how far a rule may wander from its line


def _tables(across: list[Rule], down: list[Rule]) -> list[Table]:
    """Group the rules that touch each other into tables (at least two rules each way)."""
    t = TOLERANCE
    parent = list(range(len(across) + len(down)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(across):
        for j, v in enumerate(down):
            if h.start - t <= v.at <= h.end + t and v.start - t <= h.at <= v.end + t:
                parent[find(i)] = find(len(across) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(across):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(down):
        groups.setdefault(find(len(across) + j), ([], []))[1].append(v)
    tables = []
    for hs, vs in groups.values():
        if len(hs) >= 2 and len(vs) >= 2:
            tables.append(Table(_open_ends(_positions([h.at for h in hs]), vs), _positions([v.at for v in vs]), hs, vs))
    return sorted(tables, key=lambda table: table.ys[0])


OPEN_ROW = 20  # pixels: a row without its top or bottom rule is at least a line of text high


def _open_ends(ys: list[int], down: list[Rule]) -> list[int]:
    """The row boundaries with the table's open ends closed: a table that goes on from the previous page
    (or onto the next) may be printed without its top (bottom) rule, its columns' rules running on past the
    first (last) rule across; the row there is a row all the same (5.属于三类内部事务信息 at the top of a
    page, read as prose and lost)."""
    top, bottom = min(v.start for v in down), max(v.end for v in down)
    if ys[0] - top >= OPEN_ROW:
        ys = [top, *ys]
    if bottom - ys[-1] >= OPEN_ROW:
        ys = [*ys, bottom]
    return ys


def _positions(values: list[int]) -> list[int]:
    """Distinct positions, those within the tolerance of each other taken as one."""
    out: list[int] = []
    for v in sorted(values):
        if out and v - out[-1] <= TOLERANCE:
            continue
        out.append(v)
    return out


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
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", language, "--psm", layout, *options, "tsv"],
                              input=buffer.getvalue(), capture_output=True, timeout=TIMEOUT_S, env=env)
    except subprocess.TimeoutExpired:
        raise FormatError("ocr_failed", f"OCR took over {TIMEOUT_S} s on one page") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise FormatError("ocr_failed", f"Tesseract failed: {detail[0]}")
    words = []
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        f = row.split("\t")
        if len(f) == 12 and f[0] == "5" and f[11].strip():
            words.append(Word(f[11].strip(), float(f[10]), int(f[6]), int(f[7]), int(f[8]), int(f[9]),
                              (int(f[2]), int(f[3]), int(f[4]))))
    return words


# ---- words → cells -------------------------------------------------------------------------------------------

_VALUE = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_VALUES = re.compile(r"[0-9]+(?:[.,][0-9]+)*(?: [0-9]+(?:[.,][0-9]+)*)*")  # a merged cell may hold several
_CJK = re.compile(r"[\u3400-\u9fff]")
DIGITS = "0123456789.,"
# A number with a minus sign (本年增/减 of the 2019 template may be negative) as the page's reading gives it.
_SIGNED = re.compile(r"([-－—–−+＋]) ?([0-9]+(?:[.,][0-9]+)*)")
SHEET_COLUMNS = 8
SHEET_GAP = 60


@dataclass
class GridCell:
    """One cell of a ruled table (a merged cell once, at its top-left position) and what was read in it."""

    row: int
    col: int
    box: tuple[int, int, int, int]
    words: list[Word]
    rereads: dict[str, list[Word]] = field(default_factory=dict)  # by model: the cell alone, digits only
    ink: int = 0  # dark pixels inside the cell, rules excepted
    lines: int = 0  # lines of text in the cell's ink
    inside: tuple[int, int, int, int] = (0, 0, 0, 0)  # the cell's area within its own rules
    rows: int = 1  # table rows the cell spans

    def __post_init__(self) -> None:
        if self.inside == (0, 0, 0, 0):
            x0, y0, x1, y1 = self.box
            self.inside = (x0 + 3, y0 + 3, x1 - 3, y1 - 3)

    @property
    def text(self) -> str:
        return _ordered_text(self.words)

    @property
    def wrapped(self) -> bool:
        """A cell of one table row with lines of text: a label, or a number too wide for its column."""
        return self.lines > 1 and self.rows == 1


def _ordered_text(words: list[Word]) -> str:
    tops: dict[tuple[int, int, int], int] = {}
    for w in words:
        tops[w.line] = min(tops.get(w.line, w.top), w.top)
    return _join([w.text for w in sorted(words, key=lambda w: (tops[w.line], w.line, w.left))])


def _join(texts: list[str]) -> str:
    """Words of one cell or line: Chinese runs together; two numbers keep a space (two values stay two)."""
    out = ""
    for text in texts:
        if out and out[-1].isascii() and out[-1].isalnum() and text[0].isascii() and text[0].isalnum():
            out += " "
        out += text
    return out


def _grid(table: Table, words: list[Word]) -> list[GridCell]:  # noqa: C901
    """The table's cells, merged cells (no rule inside them) as one, with the words whose centre is inside."""
    ys, xs = table.ys, table.xs
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner = {(i, j): (i, j) for i in range(n_rows) for j in range(n_cols)}

    def find(cell: tuple[int, int]) -> tuple[int, int]:
        while owner[cell] != cell:
            owner[cell] = owner[owner[cell]]
            cell = owner[cell]
        return cell

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            owner[max(ra, rb)] = min(ra, rb)  # the top-left cell owns the merged one

    for i in range(n_rows):
        mid_y = (ys[i] + ys[i + 1]) / 2
        for j in range(n_cols):
            mid_x = (xs[j] + xs[j + 1]) / 2
            if j + 1 < n_cols and not _covers(table.down, xs[j + 1], mid_y):
                union((i, j), (i, j + 1))
            if i + 1 < n_rows and not _covers(table.across, ys[i + 1], mid_x):
                union((i, j), (i + 1, j))
    extent: dict[tuple[int, int], list[int]] = {}
    for (i, j) in owner:
        root = find((i, j))
        box = extent.setdefault(root, [xs[j], ys[i], xs[j + 1], ys[i + 1]])
        box[2], box[3] = max(box[2], xs[j + 1]), max(box[3], ys[i + 1])
    cells = {root: GridCell(root[0], root[1], tuple(box), [], rows=ys.index(box[3]) - root[0])  # type: ignore[arg-type]
             for root, box in extent.items()}
    for word in words:
        x, y = word.centre
        i, j = _index(ys, y), _index(xs, x)
        if i is not None and j is not None:
            cells[find((i, j))].words.append(word)
    return sorted(cells.values(), key=lambda c: (c.row, c.col))


def _inside_rules(box: tuple[int, int, int, int], across, down) -> tuple[int, int, int, int]:
    """The part of a cell's box inside its own rules, found where they are (``across`` and ``down`` are the
    rule masks). A table's boundaries are where its rules lie on average: on a page turned by a fraction
    of a degree, or a thick rule, a cell's rule lies a few pixels off that line, and a digit printed
    against it was cut in half by a crop at a fixed inset (0 read as ``)``, then not at all)."""
    import numpy as np

    x0, y0, x1, y1 = box
    t = 2 * TOLERANCE
    if x1 - x0 <= 2 * t or y1 - y0 <= 2 * t:
        return x0 + 3, y0 + 3, x1 - 3, y1 - 3
    rows, cols = slice(y0 + t, y1 - t), slice(x0 + t, x1 - t)

    def last(mask) -> int | None:  # the last index along axis 1 with a rule pixel
        hit = np.flatnonzero(mask.any(axis=0))
        return int(hit[-1]) if hit.size else None

    def first(mask) -> int | None:
        hit = np.flatnonzero(mask.any(axis=0))
        return int(hit[0]) if hit.size else None

    left, right = last(down[rows, max(0, x0 - t):x0 + t]), first(down[rows, x1 - t:x1 + t])
    top, bottom = last(across[max(0, y0 - t):y0 + t, cols].T), first(across[y1 - t:y1 + t, cols].T)
    margin = 3  # the rules were painted out two pixels wider than found
    return (x0 + 3 if left is None else max(0, x0 - t) + left + margin,
            y0 + 3 if top is None else max(0, y0 - t) + top + margin,
            x1 - 3 if right is None else x1 - t + right - margin,
            y1 - 3 if bottom is None else y1 - t + bottom - margin)


def _covers(rules: list[Rule], at: int, point: float) -> bool:
    """A rule at ``at`` (within the tolerance) passes through ``point`` along its length."""
    return any(abs(r.at - at) <= TOLERANCE and r.start - TOLERANCE <= point <= r.end + TOLERANCE for r in rules)


def _index(bounds: list[int], at: float) -> int | None:
    for k in range(len(bounds) - 1):
        if bounds[k] <= at < bounds[k + 1]:
            return k
    return None


def _may_hold_value(cell: GridCell, ink) -> bool:
    """A cell to read again for a number: its first reading has digits or is noise (a character or two
    read with doubt, or one character alone: chi_sim reads a 7 as 了 with confidence 92), or it has ink and
    no reading at all. Headers and labels, read with confidence, are not."""
    text = cell.text
    x0, y0, x1, y1 = cell.inside
    cell.ink = int(ink[y0:y1, x0:x1].sum())
    cell.lines = len(_text_bands(ink[y0:y1, x0:x1]))
    if not text:
        return cell.ink > 15
    chinese = len(_CJK.findall(text))
    if chinese == 0:
        return True
    if len(text) == 1:
        return True
    return chinese <= 2 and not _ENUMERATED.match(text) and min(w.confidence for w in cell.words) < MIN_CONFIDENCE


def _reread_values(image, ink, cells: list[GridCell]) -> None:
    """Read every cell that may hold a number again, alone and with digits only: the cells are cut out and
    laid on a blank sheet with wide gaps, so that one Tesseract run per model reads them all and no word can
    run into a neighbouring cell (the page's reading joins two cells' 0s into one word, oo). Cells with a
    glyph's ink that no reading saw are read once more, enlarged on a sheet of their own: a lone 0 printed
    whole was missed by all three readings, and Tesseract's miss depends on the sheet around it."""
    from PIL import Image

    todo = [c for c in cells if _may_hold_value(c, ink)]
    if not todo:
        return
    _read_sheet(todo, [_value_crop(image, ink, c) for c in todo])
    unseen = [c for c in todo if c.ink >= GLYPH_INK and not any(ch.isdigit() for ch in c.text)
              and not any(c.rereads.values())]
    if unseen:
        crops = [_value_crop(image, ink, c) for c in unseen]
        _read_sheet(unseen, [c.resize((c.width * 3 // 2, c.height * 3 // 2), Image.Resampling.LANCZOS) for c in crops])


GLYPH_INK = 60  # dark pixels of the smallest digit at 200 dpi (a 1 has about 70)


def _read_sheet(todo: list[GridCell], crops: list) -> None:
    """The crops on one sheet, read as one block (--psm 6), digits only, by two models: on table 三 at
    200 dpi English found 176/176 cells but with confidence 77-88 for a lone 0; chi_sim finds 0s surely
    and drops some lone 1s. Two models agreeing on a crop is the evidence a value is kept on."""
    sheet, slots = _sheet(crops)
    for language in ("eng", LANGUAGE):
        for cell in todo:
            cell.rereads[language] = []
        for word in _ocr_words(sheet, language, "6", "-c", f"tessedit_char_whitelist={DIGITS}"):
            x, y = word.centre
            for cell, (left, top, right, bottom) in zip(todo, slots):
                if left <= x <= right and top <= y <= bottom:
                    cell.rereads[language].append(word)
                    break
        for cell in todo:
            if cell.wrapped and cell.rereads[language]:
                cell.rereads[language] = [_one_word(cell.rereads[language])]


def _sheet(crops: list) -> tuple:
    """The crops laid out in rows of SHEET_COLUMNS with wide gaps, like a table with its rules painted
    out (Tesseract drops many lone 0s from a sheet of one cell per line); the sheet and each crop's box."""
    from PIL import Image

    width = max(c.width for c in crops) + SHEET_GAP
    slots: list[tuple[int, int, int, int]] = []
    y = SHEET_GAP // 2
    for start in range(0, len(crops), SHEET_COLUMNS):
        line = crops[start:start + SHEET_COLUMNS]
        height = max(c.height for c in line)
        for k, crop in enumerate(line):
            x = SHEET_GAP // 2 + k * width
            slots.append((x, y, x + crop.width, y + crop.height))
        y += height + SHEET_GAP // 2
    sheet = Image.new("L", (SHEET_COLUMNS * width + SHEET_GAP, y + SHEET_GAP // 2), 255)
    for crop, slot in zip(crops, slots):
        sheet.paste(crop, slot[:2])
    return sheet, slots


def _value_crop(image, ink, cell: GridCell):
    """A cell cut out for the digit readings: a number wrapped in a narrow column (1,34 / 1) with its lines
    end to end, as it is meant (1,341); read line by line it was two numbers, and its row one too many."""
    import numpy as np
    from PIL import Image

    if cell.wrapped:
        line = _one_line(np.asarray(image), ink, cell.inside)
        if line is not None:
            return Image.fromarray(line)
    return image.crop(cell.inside)


def _one_word(words: list[Word]) -> Word:
    """The words of a wrapped number's one line as one word, as sure as its least sure part."""
    ordered = sorted(words, key=lambda w: w.left)
    return replace(ordered[0], text="".join(w.text for w in ordered), confidence=min(w.confidence for w in words))


def _text_bands(ink) -> list[tuple[int, int]]:
    """The lines of text in a cell's ink, as (first, last) pixel rows. A gap in the row profile splits
    lines, but a character's own strokes leave gaps too (三 is three bars): a band far thinner than the
    tallest is a piece of a character, joined to the band it is nearest to."""
    import numpy as np

    hit = np.flatnonzero(ink.any(axis=1))
    if hit.size == 0:
        return []
    bands = [(int(b[0]), int(b[-1])) for b in np.split(hit, np.flatnonzero(np.diff(hit) > 1) + 1)]
    while len(bands) > 1:
        tallest = max(b - a + 1 for a, b in bands)
        k = min(range(len(bands)), key=lambda i: bands[i][1] - bands[i][0])
        if bands[k][1] - bands[k][0] + 1 >= BAND_SHARE * tallest:
            break
        gaps = [(bands[k][0] - bands[k - 1][1], k - 1)] if k > 0 else []
        gaps += [(bands[k + 1][0] - bands[k][1], k + 1)] if k + 1 < len(bands) else []
        a, b = sorted((k, min(gaps)[1]))
        bands[a:b + 1] = [(bands[a][0], bands[b][1])]
    return bands


BAND_SHARE = 0.6  # a band less tall than this share of a cell's tallest line is a piece of a character


def _one_line(pixels, ink, box: tuple[int, int, int, int]):
    """A cell's lines of text laid side by side as one line (an array); None for a cell without ink.
    A narrow label column wraps 1.属于国家秘密 into 1.属 / 于国 / 家秘 / 密; chi_sim, reading the page,
    loses most such fragments, and reads the rest as digits (3.危 → 3.4)."""
    import numpy as np

    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return None
    inside = ink[y0:y1, x0:x1]
    bands = _text_bands(inside)
    if not bands:
        return None
    height = max(b - a + 1 for a, b in bands)
    gap = max(2, height // 6)
    pieces = []
    for a, b in bands:
        xs = np.flatnonzero(inside[a:b + 1].any(axis=0))
        pieces.append(pixels[y0 + a:y0 + b + 1, x0 + xs[0]:x0 + xs[-1] + 1])
    line = np.full((height, sum(p.shape[1] for p in pieces) + gap * (len(pieces) - 1)), 255, dtype=np.uint8)
    x = 0
    for piece in pieces:
        top = (height - piece.shape[0]) // 2
        line[top:top + piece.shape[0], x:x + piece.shape[1]] = piece
        x += piece.shape[1] + gap
    return line


def _label_suspects(grid: list[GridCell]) -> list[GridCell]:
    """The cells of a table whose words may have been lost: every cell that is not a number and whose
    ink is in several lines (a label wrapped in a narrow column); and, among cells with ink not read as
    words, those left of the table's first column of numbers (版物, the end of a label cut by a page
    break) and those of a row without a sure number (a header's 小计 in small type, which tells the
    parser that the table has a subtotal column); and, left of the numbers, every label that names no
    row of the template (（一）予以公开 read as ()也MXG开)."""
    texts = {id(c): cell_text(c) for c in grid}
    sure = [c for c in grid if _VALUES.fullmatch(texts[id(c)])]
    first_values = min((c.col for c in sure), default=0)
    numbered_rows = {c.row for c in sure}
    out = []
    for cell in grid:
        text = texts[id(cell)]
        if _VALUES.fullmatch(text) or cell.ink <= SPECK_INK:
            continue
        unread = len(_CJK.findall(text)) < 2
        if cell.lines > 1 or (cell.col < first_values and (unread or not _names_a_row(text))) or \
                (unread and cell.row not in numbered_rows):
            out.append(cell)
    return out


def _reread_labels(pixels, ink, cells: list[GridCell]) -> None:
    """Read the suspects again with their lines laid end to end: all of a page's on one sheet, one to a
    line, in one Tesseract run. The new reading replaces the cell's where it holds more Chinese (a label
    is known by its words: 2.其他法律行政法规禁止公开, read as nothing on the page, is whole here)."""
    import numpy as np
    from PIL import Image

    lines = [(cell, line) for cell in cells if (line := _one_line(pixels, ink, cell.inside)) is not None]
    if not lines:
        return
    width = max(line.shape[1] for _, line in lines) + 2 * SHEET_GAP
    sheet = np.full((sum(line.shape[0] + SHEET_GAP for _, line in lines) + SHEET_GAP, width), 255, dtype=np.uint8)
    slots, y = [], SHEET_GAP
    for _, line in lines:
        sheet[y:y + line.shape[0], SHEET_GAP:SHEET_GAP + line.shape[1]] = line
        slots.append((y - SHEET_GAP // 2, y + line.shape[0] + SHEET_GAP // 2))
        y += line.shape[0] + SHEET_GAP
    words = _ocr_words(Image.fromarray(sheet), LANGUAGE, "6")
    for (cell, _), (top, bottom) in zip(lines, slots):
        mine = [w for w in words if top <= w.centre[1] < bottom]
        if _better_label(cell.words, mine):
            cell.words, cell.rereads = mine, {}


def _better_label(page: list[Word], alone: list[Word]) -> bool:
    """The cell's reading alone is taken over the page's when it names a row of the template and the
    page's does not; else when it holds at least two Chinese characters and more than the page's, or is
    surer of them."""
    named, before = _names_a_row(_ordered_text(alone)), _names_a_row(_ordered_text(page))
    if named != before:
        return named
    chinese = len(_CJK.findall(_ordered_text(alone)))
    return chinese >= 2 and (chinese > len(_CJK.findall(_ordered_text(page)))
                             or _mean_confidence(alone) > _mean_confidence(page))


def _names_a_row(text: str) -> bool:
    """The text holds a row label of table 二 or 三 (as data/labels.csv spells them)."""
    from govfoi.parse.labels import row_patterns

    text = unicodedata.normalize("NFKC", _QUOTES.sub("", text))
    return any(p.pattern.search(text) for table in ("applications", "disclosure") for p in row_patterns(table)
               if p.kind == "row")


def _mean_confidence(words: list[Word]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def cell_text(cell: GridCell) -> str:
    """What the parser is given for a cell: a label as read; a number that two of the three readings (the
    page's, and the cell's alone by English and by chi_sim with digits only) agree on with confidence, or
    that the English digit reading is sure of where the others saw no digit (chi_sim reads a lone 1 as 工);
    otherwise ``?`` and the reading, which ``settle`` keeps only if the identities confirm it."""
    first = cell.text
    if not cell.rereads:
        return first
    signed = _SIGNED.fullmatch(first)
    if signed:  # a change with its sign (2019 table 二: -7, +3): the digit-only rereads cannot see it
        confidence = min(w.confidence for w in cell.words)
        unsigned = replace(cell.words[-1], text=signed.group(2), confidence=confidence)
        digits = cell_text(replace(cell, words=[unsigned]))
        sure = confidence >= AGREED_CONFIDENCE
        sign = "+" if signed.group(1) in "+＋" else "-"
        return sign + digits if sure and digits == signed.group(2) else UNSURE + digits.lstrip(UNSURE)
    if cell.wrapped and _VALUES.fullmatch(first):
        first = first.replace(" ", "")  # a number wrapped in its cell, read line by line
    readings = [(first, min((w.confidence for w in cell.words), default=0.0))]
    readings += [(_ordered_text(ws), min((w.confidence for w in ws), default=0.0)) for ws in cell.rereads.values()]
    # A thousands separator one reading sees and another misses changes no value: 1,341 and 1341 agree.
    numbers = [(t.replace(",", ""), c) for t, c in readings if _VALUES.fullmatch(t)]
    confident = {t for t, c in numbers if c >= AGREED_CONFIDENCE}
    for value in {t for t, _ in numbers}:
        support = [c for t, c in numbers if t == value]
        if len(support) >= 2 and max(support) >= AGREED_CONFIDENCE and confident <= {value}:
            return value
    english = readings[1]
    if _VALUE.fullmatch(english[0]) and english[1] >= SOLE_CONFIDENCE \
            and confident <= {english[0].replace(",", "")} and not any(ch.isdigit() for ch in first):
        return english[0]
    if numbers:
        if not first and max(c for _, c in numbers) < SPECK_CONFIDENCE and cell.ink < SPECK_INK:
            return ""  # a speck or a rule's remnant in an empty cell, read as a digit with no confidence
        return UNSURE + max(numbers, key=lambda n: n[1])[0]
    if _CJK.search(first):
        return first  # a label or a header read with doubt
    return UNSURE if any(ch.isdigit() for ch in first) else _NOISE


def _spread(cells: list[str], owners: list[GridCell | None], xs: list[int], in_values: bool) -> None:
    """A cell of a row of values that spans columns (a rule too faint to be found): its numbers go one to a
    column when there are as many as columns, else every column it covers is unreadable."""
    for j, owner in enumerate(owners):
        if owner is None or not in_values:
            continue
        span = sum(1 for x in xs[j + 1:] if x <= owner.box[2])
        if span < 2 or " " not in cells[j] or _CJK.search(cells[j]):
            continue  # one value in a merged cell stands in its first column, as in HTML
        parts = cells[j].split(" ")
        if cells[j][0] != UNSURE and len(parts) == span:
            cells[j:j + span] = parts
        else:
            cells[j:j + span] = [UNSURE] * span


_RULE_DIGITS = re.compile(r"(?<=[\u3400-\u9fff])[0-9]+$")
_NOISE = "\0"  # a cell holding marks that are neither digits nor Chinese: settled by its row
_ENUMERATED = re.compile(r"\d{1,2}[.、]")
# chi_sim reads the enumerator 1. of a label as 工 or I (工本机关不掌握…, I信访举报…); no label of the
# template's tables starts with 工 other than 工作.
_ONE_AS_LETTER = re.compile(r"^[工Il|](?=[\u3400-\u9fff])(?!作)")


def _label(text: str) -> str:
    """A cell's text with 1. restored where chi_sim read it as a letter, and without quotation marks: in the
    template's tables only 3.危及“三安全一稳定” has any, and chi_sim strews them (部分公”开, “自然人)."""
    if _CJK.search(text):
        text = _QUOTES.sub("", text)
    return _ONE_AS_LETTER.sub("1.", text) if text and not text[0].isdigit() else text


_QUOTES = re.compile("[\"'`“”‘’„]")


# ---- lines ---------------------------------------------------------------------------------------------------

@dataclass
class Line:
    """A line of a page's text; a table row also keeps its cells and its table's column boundaries."""

    top: float
    text: str
    cells: list[str] | None = None
    xs: list[int] | None = None
    spans: list[tuple[int, int] | None] | None = None  # each cell's left and right edge; None where covered


def _lines(words: list[Word], tables: list[Table], grids: list[list[GridCell]]) -> list[Line]:
    """Prose lines and table rows, top to bottom."""
    placed: list[Line] = []
    loose: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        x, y = word.centre
        if not any(t.box()[0] <= x <= t.box()[2] and t.box()[1] <= y <= t.box()[3] for t in tables):
            loose.setdefault(word.line, []).append(word)
    for line_words in loose.values():
        line_words.sort(key=lambda w: w.left)
        placed.append(Line(min(w.top for w in line_words), _join([w.text for w in line_words])))
    for table, grid in zip(tables, grids):
        rows = _table_rows(table, grid)
        placed.extend(Line(top, "\t".join(cells), cells, table.xs, spans) for top, cells, spans in rows)
    placed.sort(key=lambda line: line.top)
    return [line for line in placed if line.text.strip()]


def _join_split_row(before: list[Line], after: list[Line]) -> None:
    """A table row cut by a page break, joined: the last row of one page and the first of the next, with
    nothing but marks without Chinese (a page number) between them, in tables whose columns line up, when
    one of the two holds no number and the other's words go on in the same cells (一、本年新收政府信息 /
    公开申请数量; 3.补正后申请内 / 容仍不明确). Left apart, the second half reads as a row of its own:
    a label with no values, or a header's words as doubtful numbers."""
    last = next((k for k in range(len(before) - 1, -1, -1) if not _page_mark(before[k])), None)
    first = next((k for k in range(len(after)) if not _page_mark(after[k])), None)
    if last is None or first is None:
        return
    top, bottom = before[last], after[first]
    if top.cells is None or bottom.cells is None or top.spans is None or bottom.spans is None:
        return
    if _has_number(top.cells) and _has_number(bottom.cells):
        return
    # Each cell of the second row goes on a cell of the first with the same edges: the rest of a label
    # keeps its cell's width, where a new table's heading (第二十条第（五）项 across the page, under
    # 行政规范性文件) or a header does not. The pages' tables may differ in rules a merged cell hides.
    a, b = top.xs or [0], bottom.xs or [0]
    slack = max(2 * TOLERANCE, (a[-1] - a[0]) // 100)  # pages scanned apart shift and scale a little
    cells = list(top.cells)
    joined = False
    for text, span in zip(bottom.cells, bottom.spans):
        if not text:
            continue
        k = None if span is None else _same_cell(top.spans, span[0] - b[0] + a[0], span[1] - b[0] + a[0], slack)
        if k is None or (cells[k] and not (_CJK.search(cells[k]) and _CJK.search(text))):
            return
        joined = joined or bool(cells[k])
        cells[k] += text
    if joined:
        before[last] = replace(top, text="\t".join(cells), cells=cells)
        del after[first]


def _same_cell(spans: list[tuple[int, int] | None], left: int, right: int, slack: int) -> int | None:
    """The position of the cell with these left and right edges, if the row has one."""
    return next((k for k, s in enumerate(spans) if s and abs(s[0] - left) <= slack and abs(s[1] - right) <= slack),
                None)


def _page_mark(line: Line) -> bool:
    """A line outside tables without Chinese: a page number or a speck, not text a row could run into."""
    return line.cells is None and not _CJK.search(line.text)


def _has_number(cells: list[str]) -> bool:
    return any(c == UNSURE or _VALUES.fullmatch(c.lstrip(UNSURE)) for c in cells)


def _table_rows(table: Table, grid: list[GridCell]) -> list[tuple[float, list[str], list]]:
    """The table's rows as tab-separated cells; a merged cell's text stands in its first row and column,
    the positions it spans left empty (as the HTML and Word readers write them).

    In a row of values, a cell of a column of values that has ink but no reading, or marks that are neither
    digits nor Chinese, is unreadable (``?``). In a header (more Chinese cells than values) a doubtful
    number is a misread word and is dropped, as are specks: either would count as a value of table 四.
    """
    at = {(c.row, c.col): c for c in grid}
    n_rows, n_cols = len(table.ys) - 1, len(table.xs) - 1
    texts = [[_label(cell_text(at[(i, j)])) if (i, j) in at else "" for j in range(n_cols)] for i in range(n_rows)]
    is_value = [[bool(_VALUES.fullmatch(t.lstrip(UNSURE))) for t in row] for row in texts]
    is_text = [[bool(_CJK.search(t)) for t in row] for row in texts]
    sure = [sum(bool(_VALUES.fullmatch(t)) for t in row) for row in texts]
    # A header has more words than values, or a word and a doubtful number or two (行政诉讼 read as ?45),
    # or words standing in columns of sure numbers and no sure number of its own (table 四's header cut by
    # a page break: 维持 纠正 结果 审结 in small type, half of them read as ?4 ?24 ?45).
    numbered = {j for row in texts for j, t in enumerate(row) if _VALUES.fullmatch(t)}
    # A row whose label names a row of the template is no header, however doubtful its numbers (政府集中采购
    # ?20 ?41001.75).
    header = [not any(map(_names_a_row, texts[i])) and (
              sum(is_text[i]) > sum(is_value[i]) or (sum(is_text[i]) >= 1 and sure[i] == 0 and sum(is_value[i]) <= 2)
              or (sure[i] == 0 and sum(is_text[i][j] for j in numbered) >= 2)) for i in range(n_rows)]
    body = [i for i in range(n_rows) if not header[i]]
    # A column of values has more values than words in the table's body, or no words (label columns have).
    value_columns = {j for j in range(n_cols) if sum(is_value[i][j] for i in body) >= sum(is_text[i][j] for i in body)}
    rows = []
    for i, row in enumerate(texts):
        values = sum(is_value[i])
        cells = []
        for j, text in enumerate(row):
            in_values = not header[i] and values > 0 and j in value_columns
            if header[i] and _CJK.search(text):
                text = _RULE_DIGITS.sub("", text)  # 总计1: a cell's border read as a 1 beside a header word
            if text.startswith(UNSURE) and not in_values:
                text = ""  # a word misread as digits in a header or a label column
            elif text == _NOISE or (not text and in_values and (i, j) in at and at[(i, j)].ink >= SPECK_INK):
                text = UNSURE if in_values else ""
            elif not text and in_values and (i, j) in at:
                text = BLANK_CELL  # no ink where a value stands: a blank cell, told by its place as in HTML
            cells.append(text)
        _spread(cells, [at.get((i, j)) for j in range(n_cols)], table.xs, in_values=not header[i] and values > 0)
        if any(cells):
            spans = [(at[(i, j)].box[0], at[(i, j)].box[2]) if (i, j) in at else None for j in range(n_cols)]
            rows.append((table.ys[i], cells, spans))
    return rows


# ---- entry points --------------------------------------------------------------------------------------------

def extract(data: bytes, kind: str, options: OcrOptions, name: str = "") -> Extracted | None:
    """The text of an image or PDF by OCR, or a PDF's own text layer when it is usable and ``options.mode``
    is auto; None when OCR is not wanted (mode never, or a format OCR does not apply to)."""
    if options.mode == "never" or kind not in ("image", "pdf"):
        return None
    if kind == "image":
        pages = image_pages(data, options.max_pages)
        return read_pages(pages, _progress(len(pages), name, options))
    if options.mode == "auto":
        try:
            layer = from_pdf(data)
        except FormatError as exc:
            if exc.check != "needs_ocr":
                raise
        else:
            if usable_text(layer.text):
                return layer
    return read_pages(pdf_pages(data, options.max_pages), _progress(_page_count(data), name, options))


_JUNK = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\ufffd\x00-\x08\x0b-\x1f]")


def usable_text(text: str) -> bool:
    """A text layer worth reading: some Chinese, and little of what fonts without a ToUnicode map leave
    ((cid:123) from pdfminer, private-use or replacement characters, control codes)."""
    chinese = len(_CJK.findall(text))
    junk = sum(len(m.group()) for m in _JUNK.finditer(text))
    return chinese >= 20 and junk < 0.1 * max(len(text), 1)


def _page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - pdf_pages says what is wrong with it
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


def _progress(pages: int, name: str, options: OcrOptions) -> Callable[[int], None] | None:
    """A bar per page for documents of several pages (OCR takes seconds a page); none when progress is off."""
    if options.progress is False or pages < 3:
        return None
    from tqdm import tqdm

    bar = tqdm(total=pages, unit="page", desc=f"OCR {os.path.basename(name)[-30:]}", leave=False,
               disable=None if options.progress is None else False)

    def advance(done: int) -> None:
        bar.update(done - bar.n)
        if done >= pages:
            bar.close()

    return advance


_DOUBTFUL = re.compile(r": \?([0-9]+(?:[.,][0-9]+)*)$")
_CONFUSED = {"1": "7", "7": "1", "0": "8", "8": "03", "3": "8", "5": "6", "6": "5"}


def settle(report) -> None:  # a Report; typed loosely, report.py imports this module
    """Keep each doubtful OCR value that the identities confirm: the value they force, with the other
    doubtful values unknown, is the value read. One that they force to another value differing by one
    commonly confused digit is taken as that value with a warning; every other stays null with an error."""
    from govfoi.findings import finding
    from govfoi.parse.cells import CellValue, solve
    from govfoi.template import appeal_identities, application_identities

    single_other = any(f.check == "single_other_row" for f in report.findings)
    identities = {"applications": application_identities(single_other), "appeals": appeal_identities()}
    kept, added = [], []
    solved_by_table: dict[str, dict | None] = {}
    for f in report.findings:
        m = _DOUBTFUL.search(f.message) if f.check == "unreadable_cell" else None
        if m is None or f.table not in identities:
            if m is not None:  # table 二 has no identity that could confirm a value
                added.append(finding("ocr_unconfirmed", table=f.table, row=f.row, column=f.column, line=f.line,
                                     detail=f"read {m.group(1)}; no identity covers this table"))
            else:
                kept.append(f)
            continue
        grid = getattr(report, f.table)
        if f.table not in solved_by_table:
            solved_by_table[f.table] = solve({c: v.value for c, v in grid.items()}, identities[f.table])
        solved = solved_by_table[f.table] or {}
        reading = m.group(1)
        forced = solved.get((f.row, f.column))
        cell = (f.row, f.column)
        if forced is not None and _number(reading) == forced:
            grid[cell] = CellValue(forced, f.line)
            added.append(finding("ocr_confirmed", table=f.table, row=f.row, column=f.column, line=f.line,
                                 detail=f"read {reading} with doubt; the identities give the same"))
        elif forced is not None and forced == int(forced) and _one_confusion(reading, str(int(forced))):
            grid[cell] = CellValue(forced, f.line)
            added.append(finding("ocr_repaired", table=f.table, row=f.row, column=f.column, line=f.line,
                                 expected=forced, detail=f"read {reading}; the identities allow only {forced:g}"))
        else:
            added.append(finding("ocr_unconfirmed", table=f.table, row=f.row, column=f.column, line=f.line,
                                 expected=forced, detail=f"read {reading}; the identities do not confirm it"))
    report.findings[:] = kept + added


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _one_confusion(read: str, forced: str) -> bool:
    """The two differ in exactly one digit, and that digit is one OCR often mistakes for the other."""
    if len(read) != len(forced):
        return False
    diffs = [(a, b) for a, b in zip(read, forced) if a != b]
    return len(diffs) == 1 and diffs[0][1] in _CONFUSED.get(diffs[0][0], "")
