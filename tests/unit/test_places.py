"""Who and where: each issuer's province, city, county, division code and level, never guessed."""

from __future__ import annotations

import pytest

from govfoi.places import resolve
from tests.conftest import DATA


def _row(corpus, stem: str) -> dict:
    rows = [r for r in corpus.reports.iter_rows(named=True) if stem in r["source"]]
    assert len(rows) == 1, stem
    return rows[0]


@pytest.mark.parametrize(
    ("stem", "province", "city", "county", "code", "level", "government_level", "geo_source"),
    [
        ("003_", "浙江省", "宁波市", "北仑区", "330206", "county", "county", "title"),  # 北仑区人民政府
        ("004_", "黑龙江省", "双鸭山市", None, "230500", "city", "city", "title"),  # 双鸭山市
        ("000_", "辽宁省", "阜新市", "海州区", "210902", "county", "county", "title"),  # 阜新市海州区 (not 连云港)
        ("001_", "河南省", "平顶山市", "湛河区", "410411", "department", "county", "title"),  # 湛河区人民政府办公室
        # the industrial-park centre: no place in its name; the body says 三门沿海工业城 → 三门县, not a government
        ("002_", "浙江省", "台州市", "三门县", "331022", "department", "county", "body"),
    ],
)
def test_the_seeds_issuers_resolve_to_their_places(
    seed_corpus, stem, province, city, county, code, level, government_level, geo_source
):
    r = _row(seed_corpus, stem)
    assert (r["province"], r["city"], r["county"], r["division_code"]) == (province, city, county, code)
    assert (r["level"], r["government_level"], r["geo_source"]) == (level, government_level, geo_source)
    assert r["agency_id"].startswith(code + ":")


def test_every_report_in_data_raw_has_a_place_and_level(seed_corpus):
    r = seed_corpus.reports
    assert r["division_code"].null_count() == 0 and r["level"].null_count() == 0


def test_the_real_page_resolves():
    import govfoi

    r = govfoi.parse_report(DATA / "shuyang-fgj-2023.html")
    assert (r.place.province, r.place.city, r.place.county, r.place.level) == (
        "江苏省",
        "宿迁市",
        "沭阳县",
        "department",
    )


@pytest.mark.parametrize("name", ["朝阳区人民政府", "鼓楼区人民政府", "海州区人民政府", "普陀区人民政府"])
def test_a_shared_name_is_never_guessed(name):
    p = resolve(name)
    assert p.division_code is None and p.province is None
    assert p.agency_id is None  # two agencies of one name must never merge in a panel
    assert p.note is not None and p.note[0] == "place_ambiguous"


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        ("朝阳区人民政府", "在长春市委、市政府的领导下", "220104"),
        ("海州区人民政府", "连云港市海州区", "320706"),
        ("北京市朝阳区人民政府", "", "110105"),
        ("吉林省长春市朝阳区", "", "220104"),
    ],
)
def test_other_places_the_report_names_settle_a_shared_name(name, body, code):
    assert resolve(name, body).division_code == code


def test_an_ocr_misspelling_is_corrected_only_when_the_body_names_the_place():
    fixed = resolve("沐阳县发展和改革局", "沭阳县发展和改革局2023年度报告。全县")
    assert (fixed.division_code, fixed.level, fixed.note[0]) == ("321322", "department", "place_corrected")
    assert fixed.agency_id == "321322:发展改革局"  # same id as the correctly spelt name
    assert resolve("沭阳县发展和改革局").agency_id == fixed.agency_id
    # 宿迁市 alone leaves two look-alikes (沭阳县, 泗阳县): not clearly meant, so not resolved
    assert resolve("沐阳县发展和改革局", "宿迁市").division_code is None
    assert resolve("沐阳县发展和改革局").division_code is None


def test_a_place_the_data_set_does_not_know_is_left_null_with_a_note():
    p = resolve("平潭综合实验区管理委员会", "")
    assert p.division_code is None and p.note[0] == "place_unknown"


@pytest.mark.parametrize(
    ("name", "level", "government_level"),
    [
        ("浙江省人民政府", "province", "province"),
        ("浙江省人民政府办公厅", "department", "province"),
        ("宁波市人民政府", "city", "city"),
        ("宁波市北仑区住房和城乡建设局", "department", "county"),  # 城乡 is not a township
        ("宁波市北仑区大碶街道办事处", "township", "township"),
        ("苏州工业园区管理委员会", "department", "county"),
    ],
)
def test_levels(name, level, government_level):
    p = resolve(name)
    assert (p.level, p.government_level) == (level, government_level)


def test_agency_id_is_stable_across_spellings():
    assert resolve("北仑区人民政府").agency_id == resolve("宁波市北仑区政府").agency_id == "330206:人民政府"
    assert resolve("宁波市北仑区 发展和改革局").agency_id == resolve("北仑区发展改革局").agency_id


def test_a_manifest_division_code_overrides_the_name():
    assert resolve("某某管委会", division_code="330206").county == "北仑区"
    assert resolve("某某管委会", division_code="999999").note[0] == "place_unknown"
