"""A scan's pages as greyscale images: an image file's frames or a PDF's pages, at a working size, straightened.

Everything after this stage reads pixels: a page comes out level, large enough for chi_sim to read its
labels, with the cut between ink and paper measured on it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from govfoi.errors import FormatError

PDF_DPI = 200  # pages of a PDF are rendered at this resolution, at which OCR reads every cell of table 三


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
    (resampling) greys further, so a count would favour the unturned copy: a page scanned 1° askew would
    be read as level, its rules drifting from row to row."""
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
