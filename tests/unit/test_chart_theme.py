"""Every chart carries the briefs' font and never cuts a label (Vega cuts axis labels past 180 px by default)."""

from __future__ import annotations

from govfoi.briefs import charts
from govfoi.briefs.chart_theme import FONT


def test_a_chart_has_the_font_no_view_border_and_uncut_labels():
    config = charts.message("没有可显示的数据", title="标题").to_dict()["config"]
    assert config["font"] == FONT
    assert config["view"]["stroke"] is None
    assert config["axis"]["labelLimit"] == 0
    assert config["legend"]["labelLimit"] == 0
