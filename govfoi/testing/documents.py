"""Synthetic figures rendered as documents: a web page (also inside a script, as a JavaScript string) and a
Word file, with the tables a real report's authors make; and any report text as a web page or Word file.
The text layouts are in ``layouts``, whose rows these documents hold.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from govfoi.testing.figures import Figures
from govfoi.testing.layouts import (
    Row,
    _appeal_rows,
    _application_rows,
    _closing,
    _disclosure_rows,
    _narrative,
    _Value,
)


def _sections(fig: Figures, rng: random.Random) -> list[tuple[str, list[Row] | None, int]]:
    """(heading, table rows or None for prose, header rows) in report order, shared by HTML and DOCX."""
    out: list[tuple[str, list[Row] | None, int]] = [("一、总体情况", None, 0)]
    out += [(x, None, 0) for x in _narrative(fig)]
    out.append(("二、主动公开政府信息情况", _disclosure_rows(fig, rng), 2))
    rows, header = _application_rows(fig, rng)
    out.append(("三、收到和处理政府信息公开申请情况", rows, header))
    rows, header = _appeal_rows(fig, rng)
    out.append(("四、政府信息公开行政复议、行政诉讼情况", rows, header))
    out += [(x, None, 0) for x in _closing()]
    return out


def render_html(fig: Figures, rng: random.Random | None = None, *, in_script: bool = False) -> str:
    """The report as a web page: tables with rowspan for group labels, navigation chrome around it.

    ``in_script`` hides the report in a JavaScript string, as some CMS pages do.
    """
    import html as _html

    rng = rng or random.Random(0)
    parts = [f"<h1>{fig.agency}{fig.year}年政府信息公开工作年度报告</h1>"]
    for heading, rows, _header in _sections(fig, rng):
        if rows is None:
            parts.append(f"<p>{_html.escape(heading)}</p>")
            continue
        parts.append(f"<p><strong>{_html.escape(heading)}</strong></p>")
        parts.append(_html_table(rows, rng))
    report = "\n".join(parts)
    if in_script:
        escaped = report.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("</", "<\\/")
        body = (
            f'<div id="content"></div><script>let content = "{escaped}";'
            f'document.getElementById("content").innerHTML = content;</script>'
        )
    else:
        body = f'<div class="article">{report}</div>'
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{fig.agency}</title>'
        f'<script src="https://example.invalid/analytics.js"></script></head><body>'
        f'<div class="nav"><a href="/">首页</a> &gt; <a href="/gk">政府信息公开</a></div>\n{body}\n'
        f'<div class="footer">主办单位：{fig.agency}&nbsp;&nbsp;技术支持：某公司</div></body></html>'
    )


def _html_table(rows: list[Row], rng: random.Random) -> str:
    """Rows as an HTML table; a label cell followed by empty cells below it becomes one cell with rowspan."""
    import html as _html

    width = max(len(r) for r in rows)
    grid = [list(r) + [""] * (width - len(r)) for r in rows]
    spans: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for c in range(width):
        for r in range(len(grid)):
            text = grid[r][c]
            if text and not isinstance(text, _Value) and (r, c) not in covered:
                k = r + 1
                while (
                    k < len(grid)
                    and grid[k][c] == ""
                    and any(isinstance(x, _Value) for x in grid[k])
                    and c < len(rows[k])
                    and not isinstance(grid[k][c], _Value)
                ):
                    k += 1
                if k - r > 1 and c < 2:
                    spans[(r, c)] = k - r
                    covered.update((x, c) for x in range(r + 1, k))
    out = ["<table border='1'>"]
    for r, row in enumerate(grid):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            attr = f" rowspan='{spans[(r, c)]}'" if (r, c) in spans else ""
            content = _html.escape(text)
            if content and rng.random() < 0.3:  # Word export splits text into runs
                mid = len(content) // 2
                content = f"<span>{content[:mid]}</span><span style='x'>{content[mid:]}</span>"
            cells.append(f"<td{attr}><p>{content}</p></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_docx(fig: Figures, rng: random.Random | None = None) -> bytes:
    """The report as a Word file (python-docx), one table per template table."""
    import io

    import docx

    rng = rng or random.Random(0)
    document = docx.Document()
    document.add_paragraph(f"{fig.agency}{fig.year}年政府信息公开工作年度报告")
    for heading, rows, _header in _sections(fig, rng):
        document.add_paragraph(heading)
        if rows is None:
            continue
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for row, cells in zip(rows, table.rows):  # row.cells once per row: table.cell() is quadratic
            for text, cell in zip(row, cells.cells):
                if text:
                    cell.text = str(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _blocks(text: str) -> Iterator[tuple[str, list[list[str]]]]:
    """A tab-layout text as ("table", rows of cells) for each run of tab lines and ("p", [[line]]) for the rest."""
    table: list[list[str]] = []
    for line in text.split("\n"):
        if "\t" in line:
            table.append(line.split("\t"))
            continue
        if table:
            yield "table", table
            table = []
        yield "p", [[line]]
    if table:
        yield "table", table


def text_as_html(text: str) -> str:
    """A (damaged) tab-layout report as a web page: each run of tab lines a table, cell for cell."""
    import html as _html

    out = []
    for kind, rows in _blocks(text):
        if kind == "p":
            out.append(f"<p>{_html.escape(rows[0][0])}</p>")
            continue
        width = max(len(r) for r in rows)
        cells = "".join(
            "<tr>" + "".join(f"<td>{_html.escape(c)}</td>" for c in r + [""] * (width - len(r))) + "</tr>" for r in rows
        )
        out.append(f"<table border='1'>{cells}</table>")
    return "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + "\n".join(out) + "</body></html>"


def text_as_docx(text: str) -> bytes:
    """A (damaged) tab-layout report as a Word file: each run of tab lines a table."""
    import io

    import docx

    document = docx.Document()
    for kind, rows in _blocks(text):
        if kind == "p":
            document.add_paragraph(rows[0][0])
            continue
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for row, cells in zip(rows, table.rows):  # row.cells once per row: table.cell() is quadratic
            for value, cell in zip(row, cells.cells):
                if value:
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
