"""Scans: OCR of images and image-only PDFs, and how doubtful OCR values are settled by the identities.

The samples in tests/data are the official 2021 template filled with the figures in scan-figures.json,
printed to PDF by LibreOffice and rendered by pdftoppm (benchmarks/ocr_corpus.py): a three-page TIFF at
150 dpi turned by 1.2°, and table 三 alone as a 200 dpi PNG. Accuracy on the full set of scans is measured
by benchmarks/ocr_accuracy.py, not here.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govfoi
from govfoi.codes import APPLICANTS, OUTCOMES
from govfoi.read import ocr
from govfoi.read.ocr import confirm, labels, lines, rules, tables, values
from govfoi.read.options import OcrOptions
from govfoi.testing.synth import random_figures, render
from tests.conftest import DATA

pytestmark = pytest.mark.slow  # Tesseract on every test

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract with chi_sim is not installed (make ocr)")
QUIET = OcrOptions(progress=False)


@pytest.fixture(scope="module")
def figures() -> dict:
    return json.loads((DATA / "scan-figures.json").read_text())


def _compare(report, figures: dict, table: str) -> tuple[int, int, list[str]]:
    right = null = 0
    wrong = []
    for key, expected in figures[table].items():
        got = report.value(table, *key.split("|"))
        if got is None:
            null += 1
        elif abs(got - expected) < 0.005:
            right += 1
        else:
            wrong.append(f"{key}: {got} for {expected}")
    return right, null, wrong


def _null_cells_have_errors(report, table: str) -> None:
    """Every null cell of the table is named by an error (its own, its row's, or the whole table's: one with no
    row, or one named after the table, as table 四's is, read as one run of 15 values)."""
    grid = getattr(report, table)
    flagged = {(f.row, f.column) for f in report.findings if f.severity == "error" and f.table == table}
    rows = {r for r, c in flagged if c is None}
    whole = rows & {None, table}
    assert rows - whole <= {row for row, _ in grid}, f"{table}: errors on rows it does not have: {rows - whole}"
    for cell, value in grid.items():
        if value.value is None:
            assert whole or cell in flagged or cell[0] in rows, f"{table} {cell} is null without an error"


@needs_tesseract
def test_a_rotated_multipage_tiff_is_read_with_no_wrong_value(figures):
    r = govfoi.parse_report(DATA / "scan-150dpi-rotated.tiff", ocr=QUIET)
    assert r.layout == "ocr" and r.tables_found == 3
    assert (r.agency, r.year) == (figures["agency"], figures["year"])
    for table, at_least in (("disclosure", 10), ("applications", 170), ("appeals", 15)):
        right, null, wrong = _compare(r, figures, table)
        assert wrong == [], f"{table}: a wrong value: {wrong}"
        assert right >= at_least, f"{table}: {right} right, {null} null"
        _null_cells_have_errors(r, table)


@needs_tesseract
def test_a_png_of_table_three_is_read_cell_for_cell(figures):
    r = govfoi.parse_report(DATA / "scan-table3-200dpi.png", ocr=QUIET)
    right, null, wrong = _compare(r, figures, "applications")
    assert wrong == [] and right >= 170, (right, null, wrong)
    _null_cells_have_errors(r, "applications")


@needs_tesseract
def test_an_image_only_pdf_is_read_by_ocr_and_never_reads_it_not():
    from PIL import Image

    page = Image.open(DATA / "scan-table3-200dpi.png")
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=200)
    scanned = govfoi.parse_report(buffer.getvalue(), name="scan.pdf", ocr=QUIET)
    assert scanned.layout == "ocr" and scanned.tables_found == 1
    refused = govfoi.parse_report(buffer.getvalue(), name="scan.pdf", ocr=OcrOptions("never"))
    assert [f.check for f in refused.findings] == ["needs_ocr"]


def test_a_scan_over_the_page_limit_is_refused_before_ocr():
    from PIL import Image

    frames = [Image.new("L", (50, 50), 255) for _ in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    r = govfoi.parse_report(buffer.getvalue(), name="big.tiff", ocr=OcrOptions(max_pages=2, progress=False))
    assert [f.check for f in r.findings] == ["too_large"] and "3 pages" in r.findings[0].message


def test_a_damaged_image_says_so():
    r = govfoi.parse_report(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, name="f.png", ocr=QUIET)
    assert [f.check for f in r.findings] == ["not_a_report"] and "image could not be read" in r.findings[0].message


@pytest.mark.parametrize(
    ("text", "usable"),
    [
        ("三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 21 8", True),
        ("(cid:123)(cid:456)(cid:789)" * 40 + "政府信息公开" * 4, False),
        ("\ue001\ue002\ue003" * 100, False),
        ("12 34 56", False),
    ],
)
def test_a_text_layer_of_cid_codes_or_private_characters_is_not_usable(text, usable):
    assert ocr.usable_text(text) is usable


# ---- settling doubtful values (no Tesseract needed) -----------------------------------------------------------


def _doubtful_report(fig, cell, printed: str):
    """A report whose one table-三 cell reached the parser as OCR's doubtful ``?N``, then settled."""
    text = render(fig.with_cell("applications", cell, printed), "tab", random.Random(0))
    r = govfoi.parse_text(text)
    ocr.settle(r)
    return r


cells = st.tuples(st.sampled_from(OUTCOMES), st.sampled_from(APPLICANTS))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), cell=cells)
def test_a_doubtful_value_the_identities_force_is_kept(seed, cell):
    fig = random_figures(random.Random(seed))
    true = fig.applications[cell]
    r = _doubtful_report(fig, cell, f"?{true}")
    assert r.value("applications", *cell) == true
    assert any(f.check == "ocr_confirmed" and (f.row, f.column) == cell for f in r.findings)
    assert r.n_errors == 0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), cell=cells, offset=st.integers(1, 500))
def test_a_doubtful_value_the_identities_contradict_is_never_kept(seed, cell, offset):
    fig = random_figures(random.Random(seed))
    true = fig.applications[cell]
    r = _doubtful_report(fig, cell, f"?{true + offset}")
    got = r.value("applications", *cell)
    if got is None:
        assert any(
            f.check == "ocr_unconfirmed" and f.severity == "error" and (f.row, f.column) == cell for f in r.findings
        )
    else:  # only a one-digit confusion (1/7, 0/8, 3/8, 5/6) is repaired, to the value the identities force
        assert got == true
        assert any(f.check == "ocr_repaired" and f.severity == "warning" for f in r.findings)
        assert confirm._one_confusion(str(true + offset), str(true))


def test_a_confused_digit_is_repaired_with_a_warning_naming_the_row():
    fig = random_figures(random.Random(7))
    cell = ("granted", "natural_person")
    fig = fig.with_cell("applications", cell, 1)
    fig.applications.update({("granted", "total"): sum(fig.applications[("granted", a)] for a in APPLICANTS[:-1])})
    fig = _consistent(fig)
    r = _doubtful_report(fig, cell, "?7")
    assert r.value("applications", *cell) == 1
    [repair] = [f for f in r.findings if f.check == "ocr_repaired"]
    assert repair.row == "granted" and repair.severity == "warning" and "read 7" in repair.message


def _consistent(fig):
    """Column totals recomputed after a change to one cell of table 三 (rows 予以公开 … 总计)."""
    from govfoi.codes import HANDLED_OUTCOMES

    for a in APPLICANTS:
        handled = sum(fig.applications[(o, a)] for o in HANDLED_OUTCOMES)
        fig.applications[("processed_total", a)] = handled
        fig.applications[("received", a)] = (
            handled + fig.applications[("carried_forward", a)] - fig.applications[("carried_over", a)]
        )
    return fig


def test_a_doubtful_value_in_table_two_has_no_identity_and_stays_null():
    fig = random_figures(random.Random(3))
    fig = fig.with_cell("disclosure", ("penalty", "decisions"), "?12")
    r = govfoi.parse_text(render(fig, "tab", random.Random(0)))
    ocr.settle(r)
    assert r.value("disclosure", "penalty", "decisions") is None
    assert any(f.check == "ocr_unconfirmed" and f.severity == "error" for f in r.findings)


def _cell(first, english=None, chinese=None, ink: int = 200):
    def words(pairs):
        return [ocr.Word(t, c, 10 * k, 0, 8, 10, (1, 1, 1)) for k, (t, c) in enumerate(pairs)]

    rereads = {} if english is None else {"eng": words(english), "chi_sim": words(chinese or [])}
    return ocr.GridCell(0, 0, (0, 0, 50, 20), words(first), rereads, ink)


@pytest.mark.parametrize(
    ("first", "english", "chinese", "ink", "expected"),
    [
        ([("351", 96)], [("351", 90)], [("351", 96)], 300, "351"),  # all agree
        ([], [("0", 80)], [("0", 93)], 120, "0"),  # the page merged it into a neighbour; both cell readings agree
        ([("工", 30)], [("1", 97)], [], 100, "1"),  # chi_sim reads a lone 1 as 工 or drops it; English is sure
        ([("工", 30)], [("1", 80)], [], 100, "?1"),  # ... but not sure enough
        ([("工", 30)], [("1", 97)], [("7", 95)], 100, "?1"),  # ... and chi_sim is sure of another digit
        ([("351", 96)], [("357", 96)], [("357", 60)], 300, "?351"),  # two confident readings differ
        ([("0", 97)], [], [], 120, "?0"),  # one reading only
        ([], [("7", 10)], [], 8, ""),  # a speck in an empty cell
        ([], [("7", 10)], [], 200, "?7"),  # ink enough for a digit, read without confidence
        ([("总计", 40)], [], [], 300, "总计"),  # a header read with doubt stays text
        ([("3.其他", 95)], None, None, 300, "3.其他"),  # a label is not read again
        ([("-5", 95)], [("5", 90)], [("5", 0)], 100, "-5"),  # a negative change: the digit rereads drop the sign
        ([("-", 95), ("5", 95)], [("5", 90)], [("5", 96)], 100, "-5"),  # ... the sign read as a word of its own
        ([("-5", 60)], [("5", 90)], [("5", 96)], 100, "?5"),  # a sign read with doubt: never 5 on its own word
        ([("-5", 95)], [("6", 97)], [("6", 96)], 100, "?6"),  # the digits disagree: doubtful
        ([("+3", 93)], [("3", 0)], [("3", 0)], 100, "+3"),  # a positive change, its sign read surely
        ([], [("1,341", 90)], [("1341", 88)], 300, "1341"),  # a thousands separator seen by one reading only
    ],
)
def test_what_a_cell_gives_the_parser(first, english, chinese, ink, expected):
    assert ocr.cell_text(_cell(first, english, chinese, ink)) == expected


def test_the_cli_takes_the_ocr_mode_and_the_page_limit(tmp_path, capsys):
    from PIL import Image

    from govfoi.cli.commands import main

    frames = [Image.new("L", (50, 50), 255) for _ in range(3)]
    scan = tmp_path / "scan.tiff"
    frames[0].save(scan, save_all=True, append_images=frames[1:])
    assert main(["check", str(scan), "--ocr", "never", "--no-progress"]) == 1
    assert "needs_ocr" in capsys.readouterr().out
    assert main(["check", str(scan), "--max-pages", "2", "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "too_large" in out and "3 pages > limit 2" in out


# ---- labels wrapped in narrow columns, rows cut by page breaks, blank cells ---------------------------------

CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def _ruled_page(rows: list[list[str]], widths: list[int], size: int = 25):
    """An A4 page at 200 dpi holding a ruled table; a cell's lines are split by newlines."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(CJK_FONT, size, index=2)  # Noto Serif CJK SC
    pitch, pad = int(size * 1.6), 8
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    y = 100
    for row in rows:
        height = max(len(text.split("\n")) for text in row) * pitch + 2 * pad
        x = 100
        for text, width in zip(row, widths):
            draw.rectangle([x, y, x + width, y + height], outline=0, width=2)
            for k, part in enumerate(text.split("\n")):
                draw.text((x + pad, y + pad + k * pitch), part, font=font, fill=0)
            x += width
        y += height
    return page


@needs_tesseract
@pytest.mark.skipif(not Path(CJK_FONT).exists(), reason="fonts-noto-cjk is not installed")
def test_a_label_wrapped_two_characters_a_line_is_read_whole():
    # A narrow label column: the page's reading loses these labels (?1, ?2.8 1 7); read with their lines
    # laid end to end they are whole, and the parser finds the rows.
    page = _ruled_page(
        [["1.属\n于国\n家秘\n密", "0", "12", "3"], ["2.其\n他法\n律行\n政法\n规禁\n止公\n开", "5", "0", "71"]],
        [80, 120, 120, 120],
    )
    labels = [line.split("\t")[0] for line in ocr.read_page(page)]
    assert labels[0].endswith("于国家秘密") and labels[1] == "2.其他法律行政法规禁止公开", labels


def test_the_bars_of_one_character_are_one_line_of_text():
    import numpy as np

    ink = np.zeros((120, 40), dtype=bool)
    ink[0:25, 5:30] = True  # a line of full-height characters
    for top in (43, 52, 62):  # 三 alone on a line: three bars with gaps wider than a stroke
        ink[top : top + 3, 5:30] = True
    ink[85:110, 5:30] = True
    assert values._text_bands(ink) == [(0, 24), (43, 64), (85, 109)]


def _row(cells: list[str], left: int = 0, xs: tuple[int, ...] = (0, 200, 300, 400)) -> ocr.Line:
    at = [left + x for x in xs]
    return ocr.Line(0.0, "\t".join(cells), cells, at, [(at[j], at[j + 1]) for j in range(len(cells))])


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        # a label cut by the page's end: its second half joins it, whatever side the numbers are on
        (
            [_row(["一、本年新收政府信息", "13", "10"])],
            [_row(["公开申请数量", "", ""], left=12)],
            "一、本年新收政府信息公开申请数量\t13\t10",
        ),
        ([_row(["3.补正后申请内", "", ""])], [_row(["容仍不明确", "2", "∅"])], "3.补正后申请内容仍不明确\t2\t∅"),
        # a page number between them is layout
        (
            [_row(["3.补正后申请内", "1", "2"]), ocr.Line(0.0, "- 5 -")],
            [_row(["容仍不明确", "", ""])],
            "3.补正后申请内容仍不明确\t1\t2",
        ),
        # two rows of numbers are two rows
        ([_row(["1.属于国家秘密", "1", "2"])], [_row(["2.其他法律", "3", "4"])], None),
        # words between them (a heading) end the table
        (
            [_row(["行政事业性收费", "3", "4"]), ocr.Line(0.0, "三、收到和处理政府信息公开申请情况")],
            [_row(["自然人", "", ""])],
            None,
        ),
        # a cell of another width is not the rest of a label (a new table's heading across the page)
        (
            [_row(["行政规范性文件", "245", "244"])],
            [
                ocr.Line(
                    0.0,
                    "第二十条第（五）项",
                    ["第二十条第（五）项", "", ""],
                    [0, 200, 300, 400],
                    [(0, 400), None, None],
                )
            ],
            None,
        ),
        ([_row(["3.补正后申请内", "1", "2"])], [_row(["容仍不明确", "", ""], xs=(0, 250, 300, 400))], None),
        # words under a number are not the rest of a label
        ([_row(["（七）总计", "13", "10"])], [_row(["", "自然人", ""])], None),
    ],
)
def test_a_row_cut_by_a_page_break_is_joined(before, after, joined):
    first_after = after[0].text
    lines._join_split_row(before, after)
    if joined is None:
        assert after[0].text == first_after
    else:
        assert before[-1 if before[-1].cells else -2].text == joined and not after


def _grid_of(rows: list[list[tuple[str, float] | None]], inked: int = 200):
    """A ruled table of one-word cells (None: an empty cell without ink); doubtful numbers as ``?N``."""
    xs, ys = [100 * j for j in range(len(rows[0]) + 1)], [50 * i for i in range(len(rows) + 1)]
    grid = []
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            box = (xs[j], ys[i], xs[j + 1], ys[i + 1])
            if cell is None:
                grid.append(ocr.GridCell(i, j, box, [], {}, 0))
                continue
            text, confidence = cell
            reading = ocr.Word(text.lstrip("?"), confidence, xs[j] + 5, ys[i] + 5, 20, 20, (1, i, j))
            doubt = {"eng": [replace(reading, confidence=50.0)], "chi_sim": []} if text.startswith("?") else {}
            grid.append(ocr.GridCell(i, j, box, [reading], doubt, inked))
    return ocr.Table(ys, xs, [], []), grid


def test_words_over_columns_of_numbers_are_a_header_even_when_read_as_doubtful_numbers():
    sure = 96.0
    table, grid = _grid_of(
        [
            [("?4", 40.0), ("审结", 90.0), ("?24", 40.0), ("维持", 90.0), ("?45", 40.0), ("总计1", 90.0)],
            [("0", sure), ("0", sure), ("8", sure), ("0", sure), ("8", sure), ("3", sure)],
        ]
    )
    rows = [cells for _, cells, _ in tables._table_rows(table, grid)]
    assert rows == [["", "审结", "", "维持", "", "总计"], ["0", "0", "8", "0", "8", "3"]]


def test_an_empty_cell_among_numbers_is_a_blank_and_one_with_ink_is_unreadable():
    sure = 96.0
    table, grid = _grid_of(
        [
            [("1.属于国家秘密", sure), ("5", sure), None, ("7", sure), ("12", sure)],
            [("2.其他法律", sure), None, ("3", sure), ("1", sure), ("4", sure)],
        ]
    )
    grid[-4].ink = 120  # ink where nothing was read: a value OCR missed, never a blank
    rows = [cells for _, cells, _ in tables._table_rows(table, grid)]
    assert rows == [["1.属于国家秘密", "5", "∅", "7", "12"], ["2.其他法律", "?", "3", "1", "4"]]


@needs_tesseract
@pytest.mark.skipif(not Path(CJK_FONT).exists(), reason="fonts-noto-cjk is not installed")
def test_a_number_wrapped_in_a_narrow_column_is_one_number():
    # 1,341 too wide for its column prints as 1,34 / 1: read line by line it is two numbers, one too many.
    page = _ruled_page([["一、本年新收政府信息公开申请数量", "875", "1,34\n1"]], [560, 120, 62])
    assert ocr.read_page(page) == ["一、本年新收政府信息公开申请数量\t875\t1341"]


@pytest.mark.parametrize(
    ("page", "alone", "taken"),
    [
        ([("()也MXG开", 60)], [("(一)予以公开", 50)], True),  # names a row where the page's reading does not
        ([("(一)予以公开", 90)], [("(一)也以公开", 95)], False),  # ... and not the other way round, however sure
        ([("1.属于国", 90)], [("1.属于国家秘密", 80)], True),  # both name it: the one with more words
        ([("本年新收", 90)], [("工", 20)], False),
    ],
)
def test_a_label_read_alone_is_taken_where_it_names_a_row(page, alone, taken):
    def words(pairs):
        return [ocr.Word(t, c, 10 * k, 0, 8, 10, (1, 1, 1)) for k, (t, c) in enumerate(pairs)]

    assert labels._better_label(words(page), words(alone)) is taken


def test_quotation_marks_strewn_in_labels_are_dropped():
    assert labels._label("(二)部分公”开") == "(二)部分公开"
    assert labels._label("“自然人") == "自然人"
    assert labels._label("?1,341") == "?1,341"


def test_a_row_named_by_the_template_is_no_header_however_doubtful_its_numbers():
    table, grid = _grid_of([[("政府集中采购", 96.0), ("?20", 60.0), ("?41001.75", 60.0)]])
    assert [cells for _, cells, _ in tables._table_rows(table, grid)] == [["政府集中采购", "?20", "?41001.75"]]


def test_one_character_read_surely_is_still_read_again_for_a_digit():
    import numpy as np

    seven_as_le = ocr.GridCell(0, 0, (0, 0, 50, 40), [ocr.Word("了", 92.0, 10, 10, 12, 20, (1, 1, 1))])
    label = ocr.GridCell(0, 0, (0, 0, 50, 40), [ocr.Word("其他", 92.0, 10, 10, 24, 20, (1, 1, 1))])
    ink = np.ones((40, 50), dtype=bool)
    assert values._may_hold_value(seven_as_le, ink) and not values._may_hold_value(label, ink)


def test_a_table_printed_without_its_top_or_bottom_rule_keeps_that_row():
    down = [ocr.Rule(100, 40, 400), ocr.Rule(300, 40, 400)]  # the columns' rules run on past the rules across
    assert rules._open_ends([100, 200, 300], down) == [40, 100, 200, 300, 400]
    assert rules._open_ends([45, 200, 395], down) == [45, 200, 395]  # a closed table: nothing added
