"""The metrics page written beside the briefs: every rate's numerator and denominator in the page's language,
then docs/METRICS.md in full, so that no brief links outside its folder.
"""

from __future__ import annotations

import re

from govfoi.briefs.briefing import PROJECT
from govfoi.briefs.bulletin import _DEFINITIONS, definitions_html

METRICS_DOC = PROJECT / "docs" / "METRICS.md"


def metrics_page(lang: str = "zh") -> str:
    """The body of metrics.html: every rate's numerator and denominator in the page's language, then the
    full text of docs/METRICS.md (English), so that no brief links outside its folder."""
    en = lang == "en"
    doc = METRICS_DOC.read_text(encoding="utf-8") if METRICS_DOC.exists() else ""
    note = "The full text of docs/METRICS.md follows." if en else "以下为 docs/METRICS.md 全文（英文）。"
    # the document's headings one level down: its "# govfoi metrics" comes under this page's h1
    text = re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m[1]}h{int(m[2]) + 1}>", markdown_html(doc))
    full = f'<p class="note">{note}</p><div class="doc">{text}</div>' if doc else ""
    return (
        f"<h1>{'Definitions of the rates' if en else '指标定义'}</h1>"
        + definitions_html(tuple(_DEFINITIONS), lang, small_n=None, refusal=True, link=False)
        + full
    )


def markdown_html(text: str) -> str:
    """Markdown as HTML (govfoi.briefs.nbhtml.markdown), kept in the user cache: markdown-it is slow to import."""
    from govfoi.briefs.nbhtml import markdown
    from govfoi.briefs.usercache import cached_text, key

    return cached_text(f"markdown/{key(text)}.html", lambda: markdown(text), keep=8)
