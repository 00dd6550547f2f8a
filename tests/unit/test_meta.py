"""Agency and year from a report's title, as the tools that made the text left it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govfoi.parse.meta import read_identity
from govfoi.testing import synth

BODY = ["本报告根据《中华人民共和国政府信息公开条例》（以下简称《条", "例》）要求编制。", "一、总体情况", "略。"]
SUFFIXES = st.sampled_from(["", "（中医药管理局）", "（区人民防空办公室）", "（林业局）"])


def _identity(head: list[str]) -> tuple[str | None, int | None]:
    lines = head + BODY
    found = read_identity(lines, len(lines))
    return found.agency, found.year


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 999), SUFFIXES, st.integers(2019, 2025), st.data())
def test_a_title_wrapped_after_the_name_is_read_whole(i, suffix, year, data):
    """A PDF wraps a long title where its line ends (…2025 年度政府信息公开工 / 作年度报告): the two
    lines are one title, whatever the tail left on the second line."""
    agency = synth.agency_name(i) + suffix
    title = f"{agency} {year} 年度政府信息公开工作年度报告"
    cut = data.draw(st.integers(len(agency) + 6, len(title) - 2))
    assert _identity([title[:cut], title[cut:]]) == (agency, year)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 999), st.integers(2019, 2025), st.booleans())
def test_a_title_in_a_converters_table_cells_is_read(i, year, name_apart):
    """markitdown puts a wrapped title in table cells: | 2022 | 年政府信息公开工作年度报告 | with the name
    on the line before, or | XX局关于 | | 2024 | 年政府信息公开工作年度 | with 报告 on the line after."""
    agency = synth.agency_name(i)
    if name_apart:
        head = [agency, f"| {year} | 年政府信息公开工作年度报告 |     |     |", "| ---- | ------------- | --- | --- |"]
    else:
        head = [
            f"| {agency}关于 |     |     | {year} | 年政府信息公开工作年度 |     |",
            "| ------------ | --- | --- | ---- | ----------- | --- |",
            "报告",
        ]
    assert _identity(head) == (agency, year)


def test_brackets_ocr_misreads_in_a_name_are_round_brackets():
    head = ["青山县卫生健康委员会〈中医药管理局)2021年政府信息公开工作年度报告"]
    agency, year = _identity(head)
    assert (agency, year) == ("青山县卫生健康委员会（中医药管理局)", 2021)


def test_a_sentence_naming_the_report_is_not_its_title():
    head = ["如对本报告有疑问，请与白沙市应急管理局办公室联系。"]
    assert _identity(head)[0] is None
