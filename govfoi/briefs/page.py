"""Charts and notebook bodies → self-contained HTML pages that draw offline and show Chinese without fonts.

One Vega bundle per page (not per chart), charts embedded as Vega-Lite specs drawn as SVG, and a subset
of Noto Sans CJK embedded as a web font so that a viewer without Chinese fonts still reads the page.
Nothing is loaded from the network.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from govfoi.briefs.usercache import cached_text, key

CHART_MIME = "application/vnd.govfoi.vegalite+json"
FONT_FAMILY = "govfoi-cjk"
BRIEF_ENV = "GOVFOI_BRIEF"
_sent_bundle = False


def script_safe(payload: str) -> str:
    """JSON that cannot end or derail the <script> holding it: "</" and "<!--" (which would put the HTML
    parser in a script-data escape state and lose every chart after it) written as JavaScript escapes."""
    return payload.replace("<", "\\u003c").replace(">", "\\u003e")


def chart_spec(chart: Any) -> dict:
    """The chart as a Vega-Lite spec with data inlined, and the embedded font first in every font list.

    Briefs skip Altair's schema validation, a large part of a brief's time (tests validate the briefs' specs);
    in JupyterLab, where charts are being changed, every spec is validated.
    """
    spec = chart.to_dict(validate=not os.environ.get(BRIEF_ENV))
    config = spec.setdefault("config", {})
    config["font"] = f"{FONT_FAMILY}, {config.get('font', 'sans-serif')}"
    return spec


def show(chart: Any) -> None:
    """Display a chart: as a spec for briefs (drawn by the page), or drawn in place in JupyterLab.

    Altair's own renderers either need a CDN or emit a mimetype that notebooks reject, so govfoi draws
    with a Vega bundle it embeds once per session.
    """
    from IPython.display import display

    spec = chart_spec(chart)
    title = spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    bundle: dict[str, object] = {CHART_MIME: spec, "text/plain": f"<chart: {title or 'untitled'}>"}
    if not os.environ.get(BRIEF_ENV):
        bundle["text/html"] = _inline_chart(spec)
    display(bundle, raw=True)


def _inline_chart(spec: dict) -> str:
    global _sent_bundle
    script = "" if _sent_bundle else f"<script>{vega_bundle()}</script>"
    _sent_bundle = True
    payload = script_safe(json.dumps(spec, ensure_ascii=False))
    return (
        f'{script}<div class="govfoi-chart"></div><script>(function(){{const el=document.currentScript'
        f'.previousElementSibling;vegaEmbed(el,{payload},{{renderer:"svg",actions:false}});}})();</script>'
    )


@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (from vl-convert), cached on disk: building it is slow."""
    from importlib.metadata import version

    return cached_text(f"vega-bundle-vl-convert-{version('vl-convert-python')}.js", _build_vega_bundle)


def _build_vega_bundle() -> str:
    import vl_convert  # a large native library: imported only to build the bundle

    return vl_convert.javascript_bundle()  # type: ignore[call-arg]  # its stub omits snippet's default (None)


@cache
def cjk_font() -> tuple[str, int] | None:
    """(file, index in collection) of Noto Sans CJK SC (Debian fonts-noto-cjk), or None when not installed."""
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}:%{index}", "Noto Sans CJK SC:style=Regular"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout
            file, _, index = out.rpartition(":")
            if "NotoSansCJK" in file and Path(file).exists():
                return file, int(index or 0)
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    for candidate in (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    ):
        if Path(candidate).exists():
            return candidate, 2  # index 2 is SC in Debian's collection
    return None


def font_chars(text: str) -> str:
    """The characters a font subset for ``text`` covers (sorted, with digits and common punctuation)."""
    return "".join(sorted(set(text) | set("0123456789.,%·：，。（）—–-")))


def font_face(text: str) -> str:
    """A @font-face rule embedding the glyphs of ``text`` (WOFF, base64); empty when no CJK font is installed.

    Subsetting is slow (fontTools is pure Python); the rule is kept in the user cache by its font file and
    characters, which are the same for every brief of a corpus.
    """
    found = cjk_font()
    if found is None:
        return ""
    from fontTools import version as fonttools_version

    file, index = found
    chars = font_chars(text)
    stat = os.stat(file)
    made_from = (file, index, stat.st_size, stat.st_mtime_ns, fonttools_version, _SUBSET, FONT_FAMILY, chars)
    name = f"fonts/{key(*made_from)}.css"
    return cached_text(name, lambda: _subset_face(file, index, chars), keep=32)


# How the subset is made (part of its cache key): plain glyphs, no layout or vertical-metrics tables, the
# font's own bounding box kept.
_SUBSET = "glyphs only; no GSUB GPOS GDEF BASE vhea vmtx VORG; bbox kept"


def _subset_face(file: str, index: int, chars: str) -> str:
    """The subset as a @font-face rule. Chinese needs no shaping here and the pages are written
    horizontally, so the layout and vertical tables go (decompiling them only to empty them is much of the
    work); the bounding box is not recomputed (that draws every glyph)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(file, fontNumber=index, lazy=True, recalcBBoxes=False)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"@font-face{{font-family:'{FONT_FAMILY}';src:url(data:font/woff;base64,{data}) format('woff');}}"


_CSS = """
body{font-family:%(font)s,'Noto Sans CJK SC',sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;
color:#212529;line-height:1.6}
h1,h2,h3{line-height:1.3} h1{font-size:1.7rem;border-bottom:2px solid #dee2e6;padding-bottom:.4rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem} th,td{border:1px solid #dee2e6;padding:.25rem .5rem;
text-align:right} th{background:#f1f3f5} td:first-child,th:first-child{text-align:left}
.govfoi-chart{margin:1rem 0;overflow-x:auto} .jp-InputPrompt,.jp-OutputPrompt,.prompt{display:none}
pre{white-space:pre-wrap;background:#f8f9fa;padding:.5rem} .note{color:#868e96;font-size:.85rem}
nav a{margin-right:1rem} .anchor-link{display:none}
table.findings-table td,table.definitions td,table.sources td,table.index td,table.findings-table th,
table.definitions th,table.index th{text-align:left;white-space:normal;
vertical-align:top} table.findings-table td:last-child{min-width:20rem}
table.findings-table td:nth-child(2){white-space:nowrap} table.findings-table td:nth-child(3){min-width:8rem}
table.findings-table td:first-child{word-break:break-all;min-width:8rem}
ul.findings li{margin:.2rem 0} a.download{white-space:nowrap}
.synthetic-banner{background:#fff3bf;border:2px solid #f08c00;padding:.6rem .8rem;margin:1rem 0;font-size:.95rem}
footer.provenance{margin-top:2rem;border-top:1px solid #dee2e6} code{font-size:.8rem;word-break:break-all}
.index-tools input,.index-tools select{font:inherit;padding:.2rem .4rem;margin-right:.5rem}
table.index th{cursor:pointer;user-select:none} table.index th[aria-sort=ascending]::after{content:" ▲"}
table.index th[aria-sort=descending]::after{content:" ▼"}
.doc td,.doc th{text-align:left;vertical-align:top}
th,table.rates td{word-break:keep-all} table.index td[data-value]{text-align:right}
table.imputed td:nth-child(-n+3),table.imputed th:nth-child(-n+3){text-align:left}
"""

_DRAW = """
(function(){
  function draw(){
    // Say whether the embedded Chinese font is in use (tests and curious readers can see it in the DOM).
    if (document.fonts) {
      var loaded = Array.from(document.fonts).some(function(f){
        return f.family.replace(/['"]/g, "") === "%(family)s" && f.status === "loaded"; });
      document.body.dataset.cjkFont = loaded ? "embedded" : "missing";
    }
    var drawn = Array.from(document.querySelectorAll('.govfoi-chart')).map(function(el){
      var spec = JSON.parse(el.querySelector('script[type="application/json"]').textContent);
      return vegaEmbed(el.querySelector('.vis'), spec, {renderer:'svg', actions:false})
        .catch(function(e){ el.querySelector('.vis').textContent = 'chart failed: ' + e; });
    });
    // Once every chart is drawn, say how wide the page became (a browser test reads it from the DOM).
    Promise.all(drawn).then(function(){
      document.body.dataset.scrollWidth = document.documentElement.scrollWidth;
    });
  }
  if (document.fonts && document.fonts.load) {
    document.fonts.load("16px %(family)s", "中").then(draw, draw);
  } else { draw(); }
})();
"""


def page(
    title: str, body: str, *, font_css: str = "", charts: bool | None = None, lang: str = "zh", script: str = ""
) -> str:
    """A complete HTML document: the body, one Vega bundle if it has charts, and the embedded font."""
    charts = ("govfoi-chart" in body) if charts is None else charts
    # A page without charts records its width at once (with charts, once they are drawn).
    scripts = "<script>document.body.dataset.scrollWidth=document.documentElement.scrollWidth;</script>"
    if charts:
        scripts = f"<script>{vega_bundle()}</script>\n<script>{_DRAW % {'family': FONT_FAMILY}}</script>"
    return (
        f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{font_css}{_CSS % {'font': FONT_FAMILY}}</style>\n"
        f"</head>\n<body>\n{body}\n{scripts}\n"
        + (f"<script>{script}</script>\n" if script else "")
        + "</body>\n</html>\n"
    )
