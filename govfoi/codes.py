"""The data dictionary: codes, their labels and groups, read once from package data.

Everything that names a cell (the parser, the checks, the frames' Enum dtypes, the charts' labels and the
docs) reads this module, so a code is defined in exactly one place: ``data/codes.csv``.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

import polars as pl


@dataclass(frozen=True, slots=True)
class Code:
    """One row of codes.csv."""

    table: str
    code: str
    label_zh: str
    label_en: str
    group: str


@cache
def _rows() -> tuple[Code, ...]:
    text = resources.files("govfoi").joinpath("data/codes.csv").read_text(encoding="utf-8")
    return tuple(Code(**row) for row in csv.DictReader(text.splitlines()))


def codes(table: str) -> tuple[str, ...]:
    """The codes of one set (``outcome``, ``applicant``, ...) in template order."""
    return tuple(c.code for c in _rows() if c.table == table)


def label(table: str, code: str, lang: str = "zh") -> str:
    """The Chinese (default) or English label of a code; the code itself when unknown."""
    return _labels(lang).get((table, code), code)


@cache
def _labels(lang: str) -> dict[tuple[str, str], str]:
    return {(c.table, c.code): (c.label_en if lang == "en" else c.label_zh) for c in _rows()}


def labels(table: str, lang: str = "zh") -> dict[str, str]:
    """Code → label for one set, in template order."""
    return {c.code: (c.label_en if lang == "en" else c.label_zh) for c in _rows() if c.table == table}


def group_of(table: str) -> dict[str, str]:
    """Code → group (e.g. outcome → withheld / unavailable / ...)."""
    return {c.code: c.group for c in _rows() if c.table == table}


def codes_frame() -> pl.DataFrame:
    """The whole dictionary as a frame, for docs and notebooks."""
    return pl.DataFrame([asdict(c) for c in _rows()])


@cache
def _measure_rows() -> tuple[dict[str, str], ...]:
    text = resources.files("govfoi").joinpath("data/disclosure_measures.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def disclosure_measures(template: str) -> dict[str, tuple[str, ...]]:
    """Table 二 of one template era (``2021`` or ``2019``): each item with its measures, in print order."""
    items: dict[str, list[str]] = {}
    for row in _measure_rows():
        if row["template"] == template:
            items.setdefault(row["item"], []).append(row["measure"])
    return {item: tuple(measures) for item, measures in items.items()}


def enum(table: str) -> pl.Enum:
    """The Polars Enum dtype of one code set (codes sort in template order)."""
    return pl.Enum(codes(table))


OUTCOMES = codes("outcome")
APPLICANTS = codes("applicant")
CHANNELS = codes("channel")
RESULTS = codes("result")
MEASURES = codes("measure")
OUTCOME_GROUP = group_of("outcome")
# Outcomes that sum to (七)总计: the six handling groups of 三、本年度办理结果.
HANDLING_GROUPS = ("granted", "withheld", "unavailable", "not_processed", "other")
HANDLED_OUTCOMES = tuple(o for o in OUTCOMES if OUTCOME_GROUP[o] in HANDLING_GROUPS)
ORGANISATIONS = tuple(a for a, g in group_of("applicant").items() if g == "organisation")
# Table 二: which measures each item reports, in print order, per template era (data/disclosure_measures.csv):
# the 2021 template's, and the 2019 template's (国办公开办函〔2019〕60号, used for the 2019 and 2020 reports).
DISCLOSURE_MEASURES = disclosure_measures("2021")
ITEMS = tuple(DISCLOSURE_MEASURES)
DISCLOSURE_MEASURES_2019 = disclosure_measures("2019")
ITEMS_2019 = tuple(DISCLOSURE_MEASURES_2019)
NOT_WHOLE = ("amount_10k_yuan", "procurement_amount")  # measures in 万元, with decimals
# The municipalities directly under the central government (北京, 天津, 上海, 重庆), by the first two digits of
# their division codes: each is a province and its own city (a district's city is the municipality).
MUNICIPALITIES = ("11", "12", "31", "50")
# In every synthetic example report's title (govfoi.testing.example), so that a chart or brief can never pass
# one off as real (briefing.is_synthetic).
SYNTHETIC_MARK = "【合成示例】"
SYNTHETIC_PREFIX = "synthetic_"  # and in each one's file name, for reports whose title a reader lost
