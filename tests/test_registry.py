"""Registries: the real cities.yaml, alias lookups and suggestions."""

from pathlib import Path

from site_builder.diagnostics import Diagnostics
from site_builder.registry import load_registries, lookup, suggest
from tests.support import PROJECT

METROPOLITAN = ["서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시",
                "세종특별자치시", "경기도", "강원특별자치도", "충청북도", "충청남도", "전북특별자치도", "전라남도",
                "경상북도", "경상남도", "제주특별자치도"]


def real_registries():
    diagnostics = Diagnostics()
    registries = load_registries(PROJECT / "content" / "registry", PROJECT, diagnostics)
    assert list(diagnostics) == []
    return registries


def test_cities_cover_every_local_government():
    cities = real_registries().cities
    top = [t.name for t in cities.terms if t.level == "광역"]
    assert top == METROPOLITAN
    basic = [t for t in cities.terms if t.level == "기초"]
    assert len(basic) >= 226
    for term in basic:
        assert term.parent in cities.by_slug and cities.by_slug[term.parent].level == "광역", term.name
        assert term.name.startswith(cities.by_slug[term.parent].name + " "), term.name
    counts = {name: sum(1 for t in basic if cities.by_slug[t.parent].name == name) for name in METROPOLITAN}
    assert counts["서울특별시"] == 25 and counts["부산광역시"] == 16 and counts["경기도"] == 31
    assert counts["세종특별자치시"] == 0 and counts["제주특별자치도"] == 0


def test_short_forms_resolve_to_canonical_names():
    cities = real_registries().cities
    for short, canonical in [("대전", "대전광역시"), ("대전시", "대전광역시"), ("관악구", "서울특별시 관악구"),
                             ("구미시", "경상북도 구미시"), ("Daejeon", "대전광역시"), ("부산 중구", "부산광역시 중구"),
                             ("부산중구", "부산광역시 중구")]:
        assert lookup(cities, short).name == canonical, short
    assert lookup(cities, "중구") is None  # ambiguous: many cities have a 중구


def test_partner_aliases_are_case_and_space_insensitive():
    partners = real_registries().partners
    for alias in ("SVB", "svb", "Silicon Valley Bank", "실리콘밸리 은행", "실리콘밸리은행"):
        assert lookup(partners, alias).slug == "silicon-valley-bank", alias


def test_suggestions_come_from_names_and_aliases():
    registries = real_registries()
    assert suggest(registries.cities, "대전광역시X") == "대전광역시"
    assert suggest(registries.partners, "실리콘밸리 은헹") == "실리콘밸리은행"
    assert suggest(registries.partners, "전혀 다른 이름 가나다라") is None


def test_missing_registry_files_are_empty_registries(tmp_path: Path):
    diagnostics = Diagnostics()
    registries = load_registries(tmp_path / "nothing", tmp_path, diagnostics)
    assert registries.cities.terms == () and not diagnostics
