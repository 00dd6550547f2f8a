"""An executed notebook → the HTML body of a brief: outputs only, code hidden, charts as Vega-Lite specs.

Why not nbconvert: a brief shows outputs and nothing else, and nbconvert's HTML export is slow (it compiles
its Jinja templates in each process, then re-reads every result with BeautifulSoup), too slow for the time
budget of ``govfoi brief``. This writes the same markup as nbconvert's basic template (its cell, output_area
and output_subarea classes).
govfoi.briefs.page then wraps the body into a self-contained page.
"""

from __future__ import annotations

import html
import json

from govfoi.briefs.page import CHART_MIME, script_safe

# What to show of an output holding several representations, best first (as nbconvert's display priority).
PRIORITY = (CHART_MIME, "text/html", "image/svg+xml", "image/png", "text/markdown", "text/plain")


def body(nb) -> str:
    """Every cell of an executed notebook as HTML, inputs left out."""
    return "\n".join(_cell(cell) for cell in nb.cells if cell.cell_type in ("code", "markdown"))


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def _attributes(cell) -> str:
    tags = "".join(f" celltag_{html.escape(t)}" for t in cell.metadata.get("tags", []))
    kind = "code_cell" if cell.cell_type == "code" else "text_cell"
    anchor = f' id="cell-id={html.escape(cell.id)}"' if cell.get("id") else ""
    return f'<div{anchor} class="cell border-box-sizing {kind} rendered{tags}">'


def _cell(cell) -> str:
    if cell.cell_type == "markdown":
        return (
            f'{_attributes(cell)}\n<div class="inner_cell">\n<div class="text_cell_render border-box-sizing '
            f'rendered_html">\n{markdown(_text(cell.source))}\n</div>\n</div>\n</div>'
        )
    outputs = [o for o in (_output(out) for out in cell.get("outputs", [])) if o]
    if not outputs:
        return f"{_attributes(cell)}\n</div>"
    areas = "\n".join(f'<div class="output_area">\n{o}\n</div>' for o in outputs)
    return f'{_attributes(cell)}\n<div class="output_wrapper">\n<div class="output">\n{areas}\n</div>\n</div>\n</div>'


def _output(out) -> str:
    kind = out.get("output_type")
    if kind == "stream":
        name = "stderr" if out.get("name") == "stderr" else "stdout"
        return (
            f'<div class="output_subarea output_stream output_{name} output_text">\n'
            f"<pre>{html.escape(_text(out.get('text', '')))}</pre>\n</div>"
        )
    if kind == "error":
        return (
            f'<div class="output_subarea output_text output_error">\n'
            f"<pre>{html.escape(out.get('ename', ''))}: {html.escape(out.get('evalue', ''))}</pre>\n</div>"
        )
    if kind in ("display_data", "execute_result"):
        extra = " output_execute_result" if kind == "execute_result" else ""
        data = out.get("data", {})
        mime = next((m for m in PRIORITY if m in data), None)
        return _data(mime, data[mime], extra) if mime else ""
    return ""


def _data(mime: str, value, extra: str) -> str:
    """One representation of an output, as nbconvert's basic template writes it."""
    if mime == CHART_MIME:
        spec = value if isinstance(value, dict) else json.loads(_text(value))
        return (
            f'<div class="govfoi-chart"><div class="vis"></div><script type="application/json">'
            f"{script_safe(json.dumps(spec, ensure_ascii=False))}</script></div>"
        )
    text = _text(value)
    if mime == "text/html":
        return f'<div class="output_html rendered_html output_subarea{extra}">\n{text}\n</div>'
    if mime == "image/svg+xml":
        return f'<div class="output_svg output_subarea{extra}">\n{text}\n</div>'
    if mime == "image/png":
        data = html.escape(text.replace("\n", ""))
        return (
            f'<div class="output_png output_subarea{extra}">\n<img alt="" src="data:image/png;base64,{data}">\n</div>'
        )
    if mime == "text/markdown":
        return f'<div class="output_markdown rendered_html output_subarea{extra}">\n{markdown(text)}\n</div>'
    return f'<div class="output_text output_subarea{extra}">\n<pre>{html.escape(text)}</pre>\n</div>'


def markdown(text: str) -> str:
    """Markdown (CommonMark with tables, raw HTML escaped) as HTML; markdown-it is imported only when needed."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
