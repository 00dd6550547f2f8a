"""What there is to render: a brief job per agency, trend, comparison and data-quality brief, with its title
and parameters, and what rendering it gave (``Rendered``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from govfoi.briefs import briefing
from govfoi.briefs.names import safe_name
from govfoi.codes import SYNTHETIC_MARK
from govfoi.corpus.frames import Corpus


@dataclass(frozen=True)
class BriefJob:
    name: str  # file stem
    title: str
    notebook: str  # stem in notebooks/
    parameters: dict = field(default_factory=dict)


@dataclass
class Rendered:
    job: BriefJob
    body: str = ""
    notebook_json: str = ""
    error: str = ""
    seconds: float = 0.0


_TITLES = {
    "zh": {
        "agency": "{} · 数据简报",
        "trends": "{} · 逐年趋势",
        "compare": "机关比较",
        "compare-province": "按省比较",
        "quality": "数据质量",
    },
    "en": {
        "agency": "{} · data brief",
        "trends": "{} · trends",
        "compare": "Agencies compared",
        "compare-province": "Provinces compared",
        "quality": "Data quality",
    },
}


def _title(kind: str, lang: str, name: str = "") -> str:
    return _TITLES["en" if lang == "en" else "zh"][kind].format(name)


def agency_job(name: str, data_dir: Path, lang: str = "zh", **extra: object) -> BriefJob:
    return BriefJob(
        safe_name(name, "agency"),
        _title("agency", lang, name),
        "agency_brief",
        {"agency": name, "data_dir": str(data_dir), "lang": lang, **extra},
    )


def trend_jobs(corpus: Corpus, data_dir: Path, lang: str = "zh") -> list[BriefJob]:
    """A trends brief per agency with reports of 2+ years, and per province or city with 2+ such agencies."""
    jobs = [
        BriefJob(
            safe_name(a, "trends"),
            _title("trends", lang, a),
            "trends",
            {"agency": a, "region": "", "data_dir": str(data_dir), "lang": lang},
        )
        for a in briefing.multi_year_agencies(corpus)
    ]
    jobs += [
        BriefJob(
            safe_name(name, f"trends-{kind}"),
            _title("trends", lang, name),
            "trends",
            {"agency": "", "region": name, "data_dir": str(data_dir), "lang": lang},
        )
        for kind, name in briefing.regions(corpus)
    ]
    return jobs


KINDS = ("agency", "compare", "quality", "trends")


def all_jobs(corpus: Corpus, data_dir: Path, kinds: tuple[str, ...] = KINDS, lang: str = "zh") -> list[BriefJob]:
    """One brief per agency, the comparison (by agency, and by province when there are several), the
    data-quality brief, and trends where agencies have reports of several years."""
    jobs = [agency_job(a, data_dir, lang) for a in briefing.agencies(corpus)] if "agency" in kinds else []
    if "compare" in kinds:
        jobs.append(
            BriefJob("compare", _title("compare", lang), "compare_agencies", {"data_dir": str(data_dir), "lang": lang})
        )
        if corpus.panel().reports["province"].n_unique() > 1:
            jobs.append(
                BriefJob(
                    "compare-province",
                    _title("compare-province", lang),
                    "compare_agencies",
                    {"data_dir": str(data_dir), "group_by": "province", "lang": lang},
                )
            )
    if "quality" in kinds:
        jobs.append(
            BriefJob("data-quality", _title("quality", lang), "data_quality", {"data_dir": str(data_dir), "lang": lang})
        )
    if "trends" in kinds:
        jobs += trend_jobs(corpus, data_dir, lang)
    return marked(jobs, corpus)


def marked(jobs: list[BriefJob], corpus: Corpus) -> list[BriefJob]:
    """Briefs of the synthetic example set: invented figures say so in every file name and title (and one
    agency's brief gets the name the whole set gave it, so the index lists it once)."""
    if not briefing.is_synthetic(corpus):
        return jobs
    mark = SYNTHETIC_MARK
    return [
        BriefJob(
            f"synthetic-{j.name}", j.title if j.title.startswith(mark) else mark + j.title, j.notebook, j.parameters
        )
        for j in jobs
    ]
