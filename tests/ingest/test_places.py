"""Places visited that the registry does not know, proposed like partners (issue 14, destinations)."""

import pytest

from site_builder.ingest.places import propose_places
from site_builder.ingest.proposals import Proposal


def names(text, known=(), governments=()):
    return [p.name for p in propose_places(text, lambda name: name if name in known else None, tuple(governments))]


def test_countries_visited_and_the_cities_listed_after_them():
    text = "시장 등은 5일부터 9일까지 캐나다 토론토와 멕시코의 몬테레이, 과달라하라 티후아나를 차례로 방문했다."
    assert names(text) == ["캐나다", "토론토", "멕시코", "몬테레이", "과달라하라", "티후아나"]


def test_a_country_slug_is_ascii_and_known_places_are_not_proposed():
    canada, toronto = propose_places("대표단이 캐나다 토론토를 방문했다.", lambda name: name if name == "토론토" else None, ())
    assert (canada.name, canada.slug, canada.kind) == ("캐나다", "canada", "장소")
    assert (toronto.name, toronto.kind) == ("토론토", "registered")  # listed as the registered entry


def test_common_nouns_and_describing_words_after_a_country_are_not_places():
    text = "구청장은 멕시코 현지 기업을 방문했다. 이어 캐나다 자매도시인 토론토를 찾았다."
    assert names(text) == ["멕시코", "캐나다"]


def test_a_country_in_a_sentence_about_no_visit_is_not_a_destination():
    assert names("캐나다 경제가 회복되고 있어 수출이 늘 것으로 기대된다.") == []


def test_a_latin_spelled_place_and_a_visited_foreign_government():
    government = Proposal("오카야마현", "proposed-x", "정부기관", "일본", ())
    embassy = Proposal("주일한국대사관", "proposed-y", "정부기관", "일본", ())
    text = "시장은 독일 뮌헨을 거쳐 뉴포트비치(Newport)시에서 열리는 애플(Apple) 박람회에 참석한다."
    assert names(text, governments=[government, embassy]) == ["독일", "뮌헨", "뉴포트비치시", "오카야마현"]


def test_a_country_registered_under_another_name_is_that_entry():
    [proposal] = propose_places("대표단이 호주를 방문했다.", lambda name: None, (),
                                lambda slug: "오스트레일리아" if slug == "australia" else None)
    assert (proposal.name, proposal.kind, proposal.aliases) == ("오스트레일리아", "registered", ("호주",))


@pytest.mark.parametrize("text, expected", [
    # a word after a country is a place only with evidence: a government's ending, or a list that ends
    # where a place is gone to (…을 방문, …에 도착, …에서)
    ("대표단은 미국 콜럼버스와 로스앤젤레스를 잇따라 방문한다.", ["미국", "콜럼버스", "로스앤젤레스"]),
    ("시장 일행은 일본 사가현 상봉정 방문길에 올랐다.", ["일본", "사가현", "상봉정"]),
    ("대표단은 일본 도쿄에서 열리는 박람회에 참석한다.", ["일본", "도쿄"]),
    ("일본의 경기회복과 대일수출 확대가 기대되어 대표단이 방문한다.", ["일본"]),
    ("일본 관동 제주도민회 신년인사회와 성인식에 참석한다.", ["일본"]),
    ("호주 대상 직업계고 글로벌 현장학습을 안정적으로 추진하려 방문한다.", ["호주"]),
    ("일본 수학여행단 유치를 위해 일본을 방문한다.", ["일본"]),
    # a list that runs into a site names the site's address, not places
    ("사절단은 중국 정주 신정국제공항에 도착했다.", ["중국"]),
    ("독일 프랑크푸르트 슈타이겐베르거 호텔에서 열리는 행사에 참석한다.", ["독일"]),
    ("일본 자매도시 방문", ["일본"]),
])
def test_a_word_after_a_country_needs_evidence_of_a_place(text, expected):
    assert names(text) == expected


def test_governments_named_where_a_delegation_goes_are_places_met_or_not():
    from site_builder.diagnostics import Diagnostics
    from site_builder.ingest.places import governments_visited
    from site_builder.registry import load_registries
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    registries = load_registries(root / "content" / "registry", root, Diagnostics())
    text = ("21일에는 일본 굴지의 공업도시인 니이하마시에서 에히메현 관계자들을 만난다. "
            "구례군은 베트남 다낭시 선짜군청에서 협약을 체결했다. 안희정 충남지사는 일본을 방문한다. "
            "시는 서산시에서 설명회를 연다.")
    found = governments_visited(text, registries.cities, registries.partners, lambda name: False)
    assert [(p.name, p.country) for p in found] == [("니이하마시", "일본"), ("에히메현", "일본"), ("다낭시", "베트남"),
                                                    ("선짜군", "베트남")]


def test_a_city_and_its_name_without_시_are_one_place():
    assert names("투자유치단은 중국 하남성 제원, 상하이를 방문한다. 이어 중국 제원시를 방문했다.") == [
        "중국", "하남성", "제원", "상하이"]


def test_a_list_with_a_known_place_in_it_is_a_list_of_places():
    text = "미국은 9일부터 15일까지 미시간, 뉴욕, 코네티컷, 펜실베니아 등 4개 지역을 방문할 예정이다."
    assert names(text, known=("뉴욕",)) == ["미국", "미시간", "뉴욕", "코네티컷", "펜실베니아"]
    # not a list of names: a verb form in it
    assert names("행사에 참석하였으며, 모더나, 보스턴 등을 방문했다.", known=("보스턴",)) == []


def test_a_korean_city_with_its_status_in_its_name_is_no_foreign_government():
    from site_builder.diagnostics import Diagnostics
    from site_builder.ingest.places import governments_visited
    from site_builder.registry import load_registries
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    registries = load_registries(root / "content" / "registry", root, Diagnostics())
    text = "창원특례시 대표단은 자매도시인 일본 야마구치시를 방문해 교류를 논의했다."
    found = governments_visited(text, registries.cities, registries.partners, lambda name: False)
    assert [p.name for p in found] == ["야마구치시"]


def test_a_government_named_after_a_registered_place_where_the_delegation_goes():
    text = "이후 방문단은 29일 도쿄 후쿠이현을 방문해 교육 사례를 살필 계획이다. 일본 방문은 처음이다."
    assert names(text, known=("도쿄",)) == ["후쿠이현", "일본"]
    assert names("방문단은 도쿄 시내 호텔에 도착했다.", known=("도쿄",)) == []


def test_a_site_names_the_place_it_is_in():
    assert names("일본 도쿄의 하코네 국립공원 방문과 아리타 도자기단지 등을 방문한다.", known=("도쿄",)) == [
        "일본", "도쿄", "하코네", "아리타"]   # 도쿄: listed as the registered entry
    assert names("일정은 9일 미치노에키·신주쿠 도청사 전망대 방문이다.") == ["신주쿠"]


def test_a_sentence_about_the_ties_history_is_no_trip():
    text = ("교육감은 중국 길림성을 방문해 협약을 맺었다. 전북도교육청은 지난해에는 미국 워싱턴주 교육청과 업무협약을 "
            "맺고 교류 협력을 추진하고 있다.")
    assert names(text) == ["중국", "길림성"]
