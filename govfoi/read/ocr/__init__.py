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

from govfoi.read.ocr.confirm import settle
from govfoi.read.ocr.document import extract, read_page, read_pages, usable_text
from govfoi.read.ocr.grid import GridCell
from govfoi.read.ocr.lines import Line
from govfoi.read.ocr.pages import image_pages, pdf_pages, straighten
from govfoi.read.ocr.readings import cell_text
from govfoi.read.ocr.rules import Rule, Table
from govfoi.read.ocr.tesseract import Word, available

__all__ = [
    "GridCell",
    "Line",
    "Rule",
    "Table",
    "Word",
    "available",
    "cell_text",
    "extract",
    "image_pages",
    "pdf_pages",
    "read_page",
    "read_pages",
    "settle",
    "straighten",
    "usable_text",
]
