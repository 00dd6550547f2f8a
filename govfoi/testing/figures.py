"""Synthetic figures: random counts that satisfy every identity of the template, one agency and year, or
a run of years that follow on from each other. Nothing here is real: agency names are made up from place
names and office types.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from govfoi.codes import (
    APPLICANTS,
    CHANNELS,
    DISCLOSURE_MEASURES,
    HANDLED_OUTCOMES,
    OUTCOMES,
    RESULTS,
)
from govfoi.template import Cell

_PLACES = (
    "青山",
    "临江",
    "东湖",
    "西岭",
    "南川",
    "北坪",
    "长宁",
    "安平",
    "永和",
    "新丰",
    "石桥",
    "白沙",
    "金台",
    "玉泉",
    "云溪",
    "龙门",
    "凤城",
    "平湖",
    "清河",
    "松原",
    "桃源",
    "柳林",
    "梅山",
    "竹溪",
    "兰亭",
    "华阳",
    "建安",
    "宁远",
)
_LEVELS = ("区", "县", "市")
_BODIES = (
    "人民政府",
    "人民政府办公室",
    "发展和改革局",
    "司法局",
    "自然资源局",
    "住房和城乡建设局",
    "市场监督管理局",
    "生态环境局",
    "交通运输局",
    "卫生健康委员会",
    "教育局",
    "民政局",
)


def agency_name(i: int) -> str:
    """A made-up but plausible issuer name; distinct for i < 1008."""
    place = _PLACES[i % len(_PLACES)] + _LEVELS[(i // len(_PLACES)) % len(_LEVELS)]
    return place + _BODIES[(i // (len(_PLACES) * len(_LEVELS))) % len(_BODIES)]


@dataclass
class Figures:
    """Everything a report's tables state, keyed by (row, column) codes."""

    agency: str
    year: int
    disclosure: dict[Cell, float] = field(default_factory=dict)
    applications: dict[Cell, int] = field(default_factory=dict)
    appeals: dict[Cell, int] = field(default_factory=dict)

    def with_cell(self, table: str, cell: Cell, value: float | str) -> Figures:
        """A copy with one cell changed; a ``str`` is printed as it is (for damage tests)."""
        new = replace(
            self, disclosure=dict(self.disclosure), applications=dict(self.applications), appeals=dict(self.appeals)
        )
        getattr(new, table)[cell] = value
        return new


def random_figures(  # noqa: C901
    rng: random.Random,
    *,
    agency: str | None = None,
    year: int | None = None,
    last_year: Figures | None = None,
    scale: int | None = None,
) -> Figures:
    """Random figures satisfying every identity of the 2021 template (sparse, with a few large counts).

    With ``last_year``, the figures follow on from it as a real agency's next report does: 上年结转 equals
    last year's 结转下年度 per column, and documents in force = last year's + issued − abolished.
    ``scale`` fixes the size of the natural-person counts (else one of 3, 20, 200, 2000 at random).
    """
    fig = Figures(agency or agency_name(rng.randrange(1000)), year or rng.randint(2021, 2025))
    big = scale or rng.choice((3, 20, 200, 2000))
    apps: dict[Cell, int] = {}
    for a in APPLICANTS[:-1]:
        scale = big if a == "natural_person" else max(1, big // 10)
        for o in HANDLED_OUTCOMES:
            apps[(o, a)] = 0 if rng.random() < 0.55 else rng.randint(0, scale)
        handled = sum(apps[(o, a)] for o in HANDLED_OUTCOMES)
        apps[("processed_total", a)] = handled
        apps[("carried_forward", a)] = rng.randint(0, max(0, handled // 10))
        if last_year is not None:
            apps[("carried_over", a)] = int(last_year.applications[("carried_forward", a)])
            # received = handled + forward - carried_over must stay >= 0
            apps[("carried_forward", a)] = max(apps[("carried_forward", a)], apps[("carried_over", a)] - handled)
        else:
            apps[("carried_over", a)] = rng.randint(
                0, min(handled + apps[("carried_forward", a)], max(1, handled // 10))
            )
        apps[("received", a)] = handled + apps[("carried_forward", a)] - apps[("carried_over", a)]
    for o in OUTCOMES:
        apps[(o, "total")] = sum(apps[(o, a)] for a in APPLICANTS[:-1])
    fig.applications = apps
    for c in CHANNELS:
        parts = {r: (0 if rng.random() < 0.6 else rng.randint(0, 12)) for r in RESULTS[:-1]}
        fig.appeals.update({(c, r): v for r, v in parts.items()})
        fig.appeals[(c, "total")] = sum(parts.values())
    for item, measures in DISCLOSURE_MEASURES.items():
        for m in measures:
            if m == "amount_10k_yuan":
                value = rng.randint(0, 2_000_000) / 100 if rng.random() < 0.7 else 0.0
            elif m == "decisions":
                value = float(rng.choice((0, rng.randint(0, 999), rng.randint(0, 999_999))))
            else:
                value = float(rng.randint(0, 300) if item == "normative_documents" else rng.randint(0, 5))
            fig.disclosure[(item, m)] = value
        if last_year is not None and "in_force" in measures:
            before = last_year.disclosure[(item, "in_force")]
            abolished = min(fig.disclosure[(item, "abolished")], before + fig.disclosure[(item, "issued")])
            fig.disclosure[(item, "abolished")] = abolished
            fig.disclosure[(item, "in_force")] = before + fig.disclosure[(item, "issued")] - abolished
    return fig


def panel_figures(rng: random.Random, agency: str, years: range) -> list[Figures]:
    """One agency's figures over consecutive years, each following on from the year before.

    An agency keeps its size from year to year (counts drift by −20% to +25% a year), as real ones do: a
    trend of 11,501 → 158 requests in two years would teach a reader of the example the wrong thing.
    """
    out: list[Figures] = []
    size = rng.choice((20, 200, 2000))
    for year in years:
        size = max(5, round(size * rng.uniform(0.8, 1.25)))
        out.append(random_figures(rng, agency=agency, year=year, last_year=out[-1] if out else None, scale=size))
    return out
