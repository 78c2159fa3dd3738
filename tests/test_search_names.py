"""Issue 15 rules on the Python side: loose forms, name keys, names found only inside longer names, the index
terms of listed and mentioned entries, and the CLDR seeding merge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.model import Registries, Term, TermKind
from site_builder.places_seed import MARKER, merge, write
from site_builder.registry import make_registry
from site_builder.search.documents import SearchDocument, index_document
from site_builder.search.index import shard_key
from site_builder.search.names import Containment
from site_builder.search.normalize import loose, name_form

GOLDEN = json.loads((Path(__file__).parent / "fixtures" / "search" / "golden.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("word, expected", GOLDEN["loose"])
def test_loose_form_matches_the_golden_cases(word, expected):
    assert loose(word) == expected


@pytest.mark.parametrize("name, expected", GOLDEN["name_form"])
def test_name_form_matches_the_golden_cases(name, expected):
    assert name_form(name) == expected


@pytest.mark.parametrize("term, expected", GOLDEN["shard_key"])
def test_shard_key_matches_the_golden_cases(term, expected):
    assert shard_key(term) == expected


def test_loose_form_joins_transliterations_but_not_different_words():
    assert loose("라스베가스") == loose("라스베이거스") and loose("싱가폴") == loose("싱가포르")
    assert loose("대전시") != loose("대구시") and loose("네트워크") == "네트워크"


def _registries() -> Registries:
    cities = [Term(TermKind.CITY, "서울특별시", "seoul", ("서울",)),
              Term(TermKind.CITY, "서울특별시 강동구", "seoul-gangdong", ("강동구",), parent="seoul"),
              Term(TermKind.CITY, "부산광역시 동구", "busan-dong", ("부산 동구",)),
              Term(TermKind.CITY, "대전광역시", "daejeon", ("대전",)),
              Term(TermKind.CITY, "대전광역시 동구", "daejeon-dong", (), parent="daejeon")]
    places = [Term(TermKind.PLACE, "샌프란시스코", "san-francisco", ("San Francisco",))]
    partners = [Term(TermKind.PARTNER, "샌프란시스코 한빛테크", "p1", ("P001 HANBIT",))]
    return Registries(make_registry(TermKind.CITY, cities), make_registry(TermKind.PARTNER, partners),
                      make_registry(TermKind.PLACE, places), make_registry(TermKind.TAG, []))


def test_a_name_only_inside_a_longer_name_of_another_entry_is_reported():
    names = Containment.of(_registries())
    assert names.only_inside("강동구 대표단이 서울에 갔다") == ["동구"]
    assert names.only_inside("강동구와 동구 대표단") == []
    assert names.only_inside("샌프란시스코 한빛테크 관계자") == ["샌프란시스코"]
    assert names.only_inside("샌프란시스코 한빛테크가 샌프란시스코에서") == []
    # 대전 inside 대전광역시 동구 is still 대전 (its parent), not another entity
    assert names.only_inside("대전광역시 동구 대표단") == []


def test_listed_and_mentioned_entries_give_alias_terms_in_their_fields():
    document = SearchDocument("제목", "샌프란시스코 (San Francisco)", "", "본문", mentions="싱가포르 (Singapore)",
                              listed_keys=("샌프란시스코", "sanfrancisco"), mentioned_keys=("싱가포르", "singapore"),
                              only_inside=("동구",))
    indexed = index_document(document, {"b": document.body})
    flags = dict(zip(indexed.terms.split("\n"), indexed.flags))
    assert flags["@sanfrancisco"] == 2 and flags["@singapore"] == 4   # NAMES above BODY
    assert flags["!동구"] == 4 and "~싱가폴" in flags and "~센프란시스코" in flags


def test_seeding_keeps_editor_entries_and_lets_them_override(tmp_path):
    seeded = [{"name": "싱가포르", "slug": "singapore", "aliases": ["Singapore"]},
              {"name": "로스앤젤레스", "slug": "los-angeles", "aliases": ["Los Angeles"]},
              {"name": "카타르", "slug": "qatar-city", "aliases": ["Qatar"]}]
    editors = [{"name": "로스앤젤레스", "slug": "la", "aliases": ["LA"]}]
    assert merge(editors + [{"name": "카타르", "slug": "qatar", "aliases": []}], seeded) == seeded[:1]
    path = tmp_path / "places.yaml"
    path.write_text("# 편집자 항목\n- name: 로스앤젤레스\n  slug: la\n  aliases: [LA]\n", encoding="utf-8")
    assert write(path, seeded) == 2
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 편집자 항목\n- name: 로스앤젤레스\n  slug: la\n") and MARKER in text
    assert write(path, seeded) == 2 and path.read_text(encoding="utf-8") == text   # idempotent
