"""Web pages, Word files and PDFs: the real report, the official blank template, and synthetic reports
written in each format (tables with rowspan, split text runs, reports hidden in a script string)."""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
import tempfile
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govfoi
from govfoi.errors import FormatError
from govfoi.read.docx import from_docx
from govfoi.read.formats import sniff
from govfoi.read.options import OcrOptions
from govfoi.testing.synth import random_figures, render_docx, render_html
from tests.conftest import DATA
from tests.property.test_roundtrip import assert_same_numbers

REAL = json.loads((DATA / "real_expected.json").read_text(encoding="utf-8"))[0]


@pytest.fixture(scope="module")
def shuyang():
    return govfoi.parse_report(DATA / "shuyang-fgj-2023.html")


def test_real_web_page_every_cell_matches_including_blanks(shuyang):
    wrong = []
    for outcome, cols in REAL["applications"].items():
        for applicant, expected in cols.items():
            if shuyang.value("applications", outcome, applicant) != expected:
                wrong.append((outcome, applicant, expected))
    for table in ("disclosure", "appeals"):
        for key, expected in REAL[table].items():
            if shuyang.value(table, *key.split(".")) != expected:
                wrong.append((table, key, expected))
    assert not wrong
    assert (shuyang.agency, shuyang.year, shuyang.template) == ("沭阳县发展和改革局", 2023, "2021")


def test_real_web_page_blanks_are_flagged_not_zero(shuyang):
    assert shuyang.n_errors == 0
    blanks = [f for f in shuyang.findings if f.check == "blank_cell"]
    assert len(blanks) == 25 * 5  # five organisation columns left blank in every row
    assert all(f.severity == "warning" and f.expected == 0 for f in blanks)  # the identities allow only 0


def test_real_web_page_lines_are_lines_of_the_html(shuyang):
    html_lines = (DATA / "shuyang-fgj-2023.html").read_text(encoding="utf-8").split("\n")
    cell = shuyang.applications[("received", "natural_person")]
    assert cell.value == 26
    assert cell.line == 413 and html_lines[cell.line - 1] == "    <tr>"  # a cell's line is its row's <tr>
    assert shuyang.applications[("received", "total")].line == cell.line


def test_official_blank_template_is_read_structurally():
    r = govfoi.parse_report(DATA / "template-2021-blank.docx")
    assert r.tables_found == 3 and r.template == "2021" and r.layout == "docx"
    assert all(c.value is None for c in r.applications.values())
    assert all(c.value is None for c in r.disclosure.values())
    # Word says which cells are empty: every cell of tables 二 and 三 is a blank (null, warned), never a
    # lost cell; table 四's data row has no cell with anything in it, so the row is missing.
    assert len([f for f in r.findings if f.check == "blank_cell"]) == 25 * 7 + 10
    assert [(f.check, f.table) for f in r.findings if f.severity == "error"] == [("missing_row", "appeals")]


SLOW = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example]
)


@pytest.mark.slow
@SLOW
@given(rng=st.randoms(use_true_random=False), in_script=st.booleans())
def test_web_pages_round_trip(rng, in_script):
    fig = random_figures(rng)
    report = govfoi.parse_report(render_html(fig, rng, in_script=in_script).encode(), name="r.html")
    assert_same_numbers(fig, report)
    assert report.agency == fig.agency and report.layout == "html"
    assert not [f for f in report.findings if f.severity != "info"]


@pytest.mark.slow
@SLOW
@given(rng=st.randoms(use_true_random=False))
def test_word_files_round_trip(rng):
    fig = random_figures(rng)
    report = govfoi.parse_report(render_docx(fig, rng), name="r.docx")
    assert_same_numbers(fig, report)
    assert report.agency == fig.agency and report.layout == "docx"


@pytest.mark.slow
def test_pdfs_printed_by_a_browser_read_back_cell_for_cell():
    """Chromium prints narrow columns with numbers wrapped onto the next line (18 / 8 for 188): each is
    joined the one way the identities allow, so every cell reads back."""
    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("chromium not installed (`make browser`)")
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(5):
            fig = random_figures(rng)
            page, pdf = f"{tmp}/r{k}.html", f"{tmp}/r{k}.pdf"
            with open(page, "w", encoding="utf-8") as fh:
                fh.write(render_html(fig, rng))
            subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    f"--user-data-dir={tmp}/profile",
                    "--host-resolver-rules=MAP * ~NOTFOUND",
                    f"--print-to-pdf={pdf}",
                    "--no-pdf-header-footer",
                    f"file://{page}",
                ],
                capture_output=True,
                timeout=120,
                check=True,
            )
            report = govfoi.parse_report(pdf)
            assert report.layout == "pdf" and report.agency == fig.agency and report.n_errors == 0
            assert_same_numbers(fig, report)


@pytest.mark.parametrize(
    ("data", "check"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy_doc"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "needs_ocr"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "needs_ocr"),
        (b"PK\x03\x04" + b"\x00" * 100, "not_a_report"),
        (b"%PDF-1.4 broken", "not_a_report"),
    ],
)
def test_formats_govfoi_cannot_read_say_why(data, check):
    r = govfoi.parse_report(data, name="f.bin", ocr=OcrOptions("never"))
    assert r.status == "failed" and [f.check for f in r.findings] == [check]
    assert "f.bin" in r.findings[0].message


def test_legacy_doc_message_names_the_conversion():
    r = govfoi.parse_report(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, name="old.doc")
    assert "libreoffice --headless --convert-to docx" in r.findings[0].message


def test_scanned_pdf_needs_ocr():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    r = govfoi.parse_report(buffer.getvalue(), name="scan.pdf", ocr=OcrOptions("never"))
    assert [f.check for f in r.findings] == ["needs_ocr"] and r.status == "failed"


def test_docx_expanding_past_the_limit_is_refused_without_reading():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"0" * 5_000_000)
    with pytest.raises(FormatError, match=r"^DOCX expands to 5,000,000 bytes > limit 1,000,000$") as info:
        from_docx(buffer.getvalue(), max_unzipped=1_000_000)
    assert info.value.check == "too_large"


def test_sniff_by_content_not_name():
    assert sniff(b"%PDF-1.7", "x.txt") == "pdf"
    assert sniff(b"<html><body><table><tr><td>1</td></tr></table>", "x.txt") == "html"
    assert sniff("一、总体情况".encode(), "x.html") == "html"
    assert sniff("一、总体情况".encode(), "x.txt") == "text"


def test_the_unzip_limit_is_a_parameter_of_the_library_and_the_cli(tmp_path):
    from govfoi.cli.commands import main

    data = render_docx(random_figures(random.Random(2)), random.Random(2))
    assert govfoi.parse_report(data, name="r.docx").status != "failed"
    small = govfoi.parse_report(data, name="r.docx", max_unzipped=10_000)
    assert small.status == "failed" and small.findings[0].check == "too_large"
    (tmp_path / "r.docx").write_bytes(data)
    assert (
        main(
            ["parse", str(tmp_path / "r.docx"), "--out", str(tmp_path / "out"), "--max-unzip-mb", "1", "--no-progress"]
        )
        == 0
    )
