"""Proposed partners: what a sentence must say for a body to be met, and what is no partner (issue 14)."""

from pathlib import Path

import pytest

from site_builder.ingest.entities import Texts, find_entities
from site_builder.ingest.organisations import organisation_names
from site_builder.ingest.proposals import misspelled

ROOT = Path(__file__).resolve().parents[2]


def found(registries, body):
    return find_entities(Texts("", (), body), registries)


def proposed(registries, body):
    return [p.name for p in found(registries, body).proposals]


def test_a_party_committee_and_a_governments_seat_are_no_partners(registries):
    body = ("구례군은 11일 베트남 다낭시 선짜군청에서 선짜군과 우호교류 협약을 체결했다. 협약식에는 선짜군 당위원회 "
            "서기관이 참석했다. 방문단은 이날 동방국제대학교, 빈증성 행정센터, 빈증성 인민의회 등을 찾아 교류 협력 "
            "의견을 교환했다.")
    assert proposed(registries, body) == ["선짜군", "빈증성 인민의회", "동방국제대학교"]   # governments first


def test_a_sentence_about_the_ties_history_meets_no_one(registries):
    body = ("여주시 방문단이 31일 일본 상봉정을 방문해 우호 교류를 논의했다. 그동안 여주시와 일본 상봉정은 대신중학교와 민간 "
            "홈스테이를 이어나가며 결연을 돈독히 해왔다. 전북도교육청은 지난해에는 미국 워싱턴주 교육청과 업무협약을 "
            "맺고 교류 협력을 추진하고 있다.")
    assert proposed(registries, body) == ["상봉정"]


def test_an_office_opened_by_the_delegation_is_not_met(registries):
    body = ("장관은 16일 중동지역 수주지원을 위해 설치되는 '중동 건설인프라 수주지원센터' 개소식에도 참석한다. "
            "이어 아부다비 상공회의소를 방문해 협력을 논의한다.")
    assert proposed(registries, body) == ["아부다비 상공회의소"]


def test_the_host_of_an_event_held_elsewhere_is_neither_met_nor_visited(registries):
    body = ("이번 방문은 나라현(奈良縣)의 주최로 나라시에서 개최되는 제2회 동아시아지방정부회합에 참가한 후, "
            "자매도시인 나라시의 시장과 교류협력 방안에 대해 논의하기 위한 것이다.")
    result = found(registries, body)
    assert "나라현" not in {p.name for p in result.proposals}
    assert "나라현" not in {p.name for p in result.place_proposals}


def test_a_body_named_for_what_it_owns_is_not_met():
    text = "교통부 차관을 만나서는 걸프협력회의(GCC) 철도 중 사우디 구간에 대한 참여방안을 논의할 예정이다."
    assert organisation_names(text) == ()
    assert organisation_names("코리아소사이어티(Korea Society) 회장을 만나 협력을 논의했다.") == (
        "코리아소사이어티 (Korea Society)",)


def test_a_kind_of_body_after_or_is_no_name():
    assert organisation_names("지자체나 교육청과의 교류를 확대하고, 길림성교육청과 협약을 맺었다.") == ("길림성교육청",)


@pytest.mark.parametrize("one, other, same", [
    ("풀러턴시청", "풀런턴시", True),     # one syllable with an extra final consonant, 청 of 시청 aside
    ("풀러턴시", "풀러턴시", False),      # the same spelling is no typo
    ("나라시", "나가시", False),          # another sound: another city
    ("하노이시", "하노이성", False),      # another kind of government
    ("풀러턴", "풀러텀", True),
])
def test_a_typo_is_one_syllable_apart_in_its_final_consonant(one, other, same):
    assert misspelled(one, other) is same


def test_a_misspelling_of_a_registered_partner_is_not_proposed(registries):
    body = ("성남시와 자매결연 협약을 체결한 미국 풀런턴시의 시장을 비롯한 대표단이 방문했다. 의장단은 풀러턴시 대표단과 "
            "면담을 진행했다.")
    result = found(registries, body)
    assert "풀런턴시" not in {p.name for p in result.proposals} | {p.name for p in result.place_proposals}
    assert "풀러턴시청" in result.partners


def test_a_country_whose_companies_sign_is_not_gone_to(registries):
    body = ("지사는 24일 일본 도쿄에서 4개 기업과 투자협약을 한다. 이어 25일 공항 귀빈실에서 독일 및 이스라엘 2개 "
            "기업과 투자협약을 한 뒤 미국으로 이동해 3개 기업과 투자협약을 할 예정이다.")
    destinations = set(found(registries, body).destinations) | {p.name for p in found(registries, body).place_proposals}
    assert {"독일", "이스라엘"}.isdisjoint(destinations)
    assert {"도쿄", "미국"} <= destinations


def test_a_ministry_met_through_its_head_is_named_with_whose_it_is(registries):
    body = ("장관은 UAE에서 머무르며 아부다비 교통부 의장을 만나 양해각서를 체결한다. 사우디아라비아에서는 사우디 "
            "주택부 장관을 만나 협의한다. 이후 교통부 차관을 만나서는 사우디 구간 참여방안을 논의한다. 또 "
            "연방교통청 사무차관을 만나 UAE내 철도사업 참여를 요청한다.")
    # 사우디 주택부 is named after its country in the text itself, so it is found first
    assert proposed(registries, body) == ["사우디 주택부", "아부다비 교통부", "사우디 교통부", "연방교통청"]


@pytest.mark.parametrize("text, names", [
    ("투자유치단은 베이징의 중국 중소기업협회 회원사인 억양기업과 중순기업을 차례로 방문한다.",
     ("중국 중소기업협회", "억양기업", "중순기업")),
    ("시장은 민간우호친선단체인 “사쿠라와무궁화회“와 ”국제교류협회“에 감사를 표하고 교류를 당부했다.",
     ("국제교류협회", "사쿠라와무궁화회")),
    # the companies a delegation takes along are not bodies met
    ("또한 유망기업인 노타, 레보스케치, 플라즈맵을 비롯해 대전기업 관계자들이 참가했다.", ()),
])
def test_bodies_named_right_after_their_kind(text, names):
    assert organisation_names(text) == names


def test_an_international_bodys_headquarters_visited(registries):
    body = "지사는 6일 뉴욕 맨해튼의 유엔 본부를 방문해 반기문 사무총장을 만나 연맹 결성을 논의할 예정이다."
    assert organisation_names(body) == ("유엔 본부",)
    assert proposed(registries, body) == ["유엔 본부"]
    assert organisation_names("도는 투자유치본부를 방문해 설명을 들었다.") == ()
