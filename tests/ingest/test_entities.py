from pathlib import Path

import pytest

from site_builder.ingest.entities import Texts, find_entities, official_title
from site_builder.registry import lookup

ROOT = Path(__file__).resolve().parents[2]


def entities(registries, body, title="", subtitles=()):
    return find_entities(Texts(title, tuple(subtitles), body), registries)


@pytest.mark.parametrize("body, city, officials", [
    ("이재준 수원시장은 3일 독일 뮌헨을 방문해 협력 방안을 논의했다. 수원시는 이번 방문으로 교류를 넓혔다.",
     ("경기도 수원시",), ("이재준 수원시장",)),
    ("부산시 박형준시장은 12일 일본 후쿠오카를 찾았다. 부산시 대표단은 이틀간 머물렀다.",
     ("부산광역시",), ("박형준 부산시장",)),
    ("관악구 대표단이 미국을 찾았다. 박준희 구청장은 관악구 기업의 진출을 약속했다. 서울대와 서울 캠퍼스타운도 소개했다.",
     ("서울특별시 관악구",), ("박준희 관악구청장",)),
    ("김관영 전북도지사는 전북 기업과 함께 베트남을 찾았다. 전라북도 방문단은 하노이에서 설명회를 열었다.",
     None, None),
])
def test_city_and_its_head(registries, body, city, officials):
    found = entities(registries, body)
    if city is None:  # 전라북도 became 전북특별자치도: whatever the registry calls it, the head follows the city
        assert found.cities and found.officials and found.officials[0].startswith("김관영 ")
        return
    assert found.cities == city
    assert found.officials == officials


def test_a_market_is_not_a_mayor(registries):
    found = entities(registries, "이재준 수원시장이 독일을 찾았다. 수원시는 \"유럽 시장에 진출할 발판\"을 마련했다.")
    assert found.officials == ("이재준 수원시장",)


def test_a_foreign_mayor_is_not_an_official(registries):
    found = entities(registries, "대전시 대표단은 풀러턴 시장과 만났다. 대전시는 협력을 약속했다. 대전시 관계자가 말했다.")
    assert found.cities == ("대전광역시",)
    assert found.officials == ()


def test_a_national_agency_when_no_city_leads(registries):
    found = entities(registries, "산업통상자원부(장관 안덕근)는 미국 보스턴에서 투자 설명회를 열었다고 밝혔다.")
    assert found.cities == () and found.agency == "산업통상자원부"
    assert found.destinations == ("보스턴",)


def test_partners_by_alias_and_the_longest_name_wins(registries):
    found = entities(registries, "시장은 실리콘밸리은행(SVB)을 찾았다. 이어 Stanford 관계자를 만났다.")
    assert found.partners == ("실리콘밸리은행", "스탠퍼드대학교")  # the bank, not the place 실리콘밸리 + 은행


def test_a_partner_named_after_its_place_puts_the_place_among_destinations(registries):
    found = entities(registries, "대표단은 샌프란시스코시청과 오렌지카운티 한인상공회의소를 방문했다.")
    assert found.partners == ("샌프란시스코시청", "오렌지카운티 한인상공회의소")
    assert found.destinations == ("샌프란시스코", "오렌지카운티")


def test_unregistered_organisations_met_are_proposed_as_partners(registries):
    found = entities(registries, "대표단은 독일 뮌헨공과대학교와 바이에른 상공회의소를 방문했다. "
                                 "또한 프라운호퍼 연구소(Fraunhofer)와 협력을 논의했다. 세계적인 유수의 대학교와도 만났다.")
    proposed = {p.name: p for p in found.proposals}
    assert proposed["뮌헨공과대학교"].kind == "대학" and proposed["뮌헨공과대학교"].country == "독일"
    assert proposed["바이에른 상공회의소"].kind == "단체"
    assert proposed["프라운호퍼 연구소"].aliases == ("Fraunhofer",)
    assert proposed["프라운호퍼 연구소"].slug == "proposed-fraunhofer"
    assert not any(name.endswith("유수의 대학교") or name == "대학교" for name in proposed)


def test_foreign_governments_visited_are_proposed(registries):
    found = entities(registries, "가평군 방문단이 호주 자매도시인 스트라스필드시를 방문한다. "
                                 "함양군은 베트남 남짜미현과 꽝남성을 방문해 교류했다. 일정과 가능성을 논의했다. "
                                 "시장은 미국 풀러턴(Fullerton)시와 뉴포트비치(Newport Beach)시를 방문해 협력을 논의했다.")
    proposed = {p.name: p for p in found.proposals}
    assert {"스트라스필드시", "남짜미현", "꽝남성", "뉴포트비치시"} <= set(proposed)
    assert "풀러턴시청" in found.partners  # registered as 풀러턴시청, alias 풀러턴시
    assert "Newport Beach" in proposed["뉴포트비치시"].aliases and proposed["뉴포트비치시"].slug == "proposed-newport-beach"
    assert proposed["꽝남성"].country == "베트남" and proposed["꽝남성"].kind == "정부기관"
    assert not {"일정", "가능성", "자매도시", "가평군"} & set(proposed)


def test_official_title_follows_the_level(registries):
    assert official_title(lookup(registries.cities, "대전광역시"), "시장") == "대전시장"
    assert official_title(lookup(registries.cities, "구미시"), "시장") == "구미시장"
    assert official_title(lookup(registries.cities, "관악구"), "구청장") == "관악구청장"


# --- Heads of every level, education offices, councils, shared district names (issue 14, item 2) ----

@pytest.mark.parametrize("body, city, agency, officials", [
    # a governor with hanja and no place, for the one province the article names
    ("홍길동(洪吉童)지사가 이끈 전북도 투자유치단이 미국을 찾았다. 전북도는 성과를 밝혔다.",
     ("전북특별자치도",), None, ("홍길동 전북도지사",)),
    # 지사 with its province's short name, and a particle glued on
    ("투자유치를 위해 미국을 방문한 김철수 강원지사는 협약을 맺었다.", ("강원특별자치도",), None, ("김철수 강원도지사",)),
    # a mayor without a place, when one city with a 시장 is named
    ("경남 김해시는 대표단을 보낸다고 밝혔다. 김해시 대표단은 일본을 찾는다. 나영수 시장은 기대를 밝혔다.",
     ("경상남도 김해시",), None, ("나영수 김해시장",)),
    # an education office is the agency, not its province; its superintendent is the official
    ("홍민수 부산광역시교육감이 호주를 방문한다. 부산광역시교육청은 교류를 넓힌다고 밝혔다.",
     (), "부산광역시교육청", ("홍민수 부산교육감",)),
    # a council's chair when the council is what the article is about
    ("광주시의회는 최영수 의장을 비롯한 방문단이 독일을 찾았다고 밝혔다. 최영수 의장은 감사를 전했다.",
     ("광주광역시",), None, ("최영수 광주시의회 의장",)),
])
def test_heads_of_every_level(registries, body, city, agency, officials):
    found = entities(registries, body)
    assert (found.cities, found.agency, found.officials) == (city, agency, officials)


def test_a_council_chair_along_with_the_head_is_not_listed(registries):
    found = entities(registries, "이번 조인식에는 김영수 김해시장과 박철수 김해시의회 의장 등 일행이 참석했다. 김해시는 밝혔다.")
    assert found.officials == ("김영수 김해시장",)


def test_a_shared_district_name_is_placed_by_its_parent_in_the_text(registries):
    found = entities(registries, "대구 지역 기업과 함께 홍길순(洪吉順)동구청장은 일본을 찾았다. 동구청은 성과를 밝혔다.")
    assert found.cities == ("대구광역시 동구",) and not found.notes


def test_a_shared_district_name_without_its_parent_is_left_to_the_editor(registries):
    found = entities(registries, "홍길순(洪吉順)동구청장은 9일 일본에서 열리는 회의에 참석한다. 동구청은 밝혔다.")
    assert found.cities == ()
    assert len(found.notes) == 1 and "동구" in found.notes[0] and "대전광역시 동구" in found.notes[0]


def test_a_desk_label_in_the_title_is_not_the_story_city(registries):
    found = entities(registries, "경남도 투자유치단이 호주를 방문했다. 경남도는 성과를 밝혔다.", title="[부산/경남] 道 투자유치단 귀국")
    assert found.cities == ("경상남도",)


@pytest.mark.parametrize("body, unexpected", [
    ("방문단은 베트남 빈증성 인민의회를 방문해 양해각서를 체결했다.", "빈"),            # 빈 (Vienna) in 빈증성
    ("이어 주시애틀총영사 주재 만찬에 참석해 수출 방안을 논의한다.", "시애틀"),
])
def test_a_registered_name_inside_a_longer_word_is_not_that_place(registries, body, unexpected):
    assert unexpected not in entities(registries, body).destinations


def test_a_registered_name_with_its_particle_or_suffix_is_found(registries):
    found = entities(registries, "대표단은 오스트리아 빈에서 협약을 맺고 호주 시드니를 찾았다.")
    assert "빈" in found.destinations and "시드니" in found.destinations


@pytest.mark.parametrize("body, proposed, not_proposed", [
    # a place only gone to is a destination, not a partner
    ("교육감은 호주 브리즈번시와 시드니를 방문한다.", set(), {"브리즈번시"}),
    # a government named only to place another (an address) is not the one met
    ("방문단이 자매도시인 중국 산동성 조장시를 방문해 교류한다.", {"조장시"}, {"산동성"}),
    ("일본에서는 가나가와현 소재 혁신기업 2곳과 투자협약을 체결한다.", set(), {"가나가와현"}),
    ("21일에는 일본 니이하마시에서 에히메현, 상공회의소 관계자들을 만난다.", {"에히메현"}, {"니이하마시"}),
    # a name must end the way its country names governments: a castle and a beer in Japan are not
    ("대표단은 일본 기린맥주 고베공장, 히메지성 등을 방문해 교류 사례를 살핀다.", set(), {"히메지성", "기린맥주"}),
    # an organ named with its government is the partner, and stands for it
    ("방문단은 베트남 빈증성 인민의회를 방문해 양해각서를 체결했다.", {"빈증성 인민의회"}, {"빈증성"}),
    ("구례군은 베트남 다낭시 선짜군청에서 선짜군과 우호교류 협약을 체결했다.", {"선짜군"}, {"다낭시"}),
    ("시장은 일본 나라시(奈良市)와 우호도시인 닛코시(日光市)를 방문해 교류를 논의한다.", {"나라시", "닛코시"}, set()),
    # what a trip is for says nothing of whom it met
    ("교육감은 교육교류 협력 확대를 위해 호주 브리즈번시와 시드니를 방문한다.", set(), {"브리즈번시"}),
    # a Korean head's title, a group of tombs: no governments
    ("이장우(李莊雨)동구청장은 일본 교토에서 열리는 심포지엄에 참석해 교류를 논의한다.", set(), {"이장우동구청"}),
    ("가야고분군의 세계유산 등재에 일본 무나카타시에서 협력을 약속했다.", set(), {"가야고분군"}),
    # a governor met names the state
    ("미국 방문 기간 데이비드 이게(David Ige) 하와이 주지사 면담 등의 일정을 소화한다.", {"하와이주"}, set()),
])
def test_foreign_governments_met_or_signed_with(registries, body, proposed, not_proposed):
    names = {p.name for p in entities(registries, body).proposals}
    assert proposed <= names and not (not_proposed & names)


@pytest.mark.parametrize("body, proposed, not_proposed", [
    ("니이하마시 기계산업협동조합 및 에히메 도요산업창조센터 관계자들을 만난다.",
     {"니이하마시 기계산업협동조합", "에히메 도요산업창조센터"}, set()),
    ("(사)한국차문화협회 교토지부를 방문하여 회원들을 격려했다.", {"한국차문화협회 교토지부"}, {"한국차문화협회"}),
    ("일본 교토에서 열리는 한일 지방자치센터 심포지엄에 참석한다.", {"한일 지방자치센터 심포지엄"}, {"한일 지방자치센터"}),
    ("독일 프랑크푸르트 호텔에서 열리는 ‘Explore K-Industry Trends (대한민국 산업 트렌드 탐구)’에 참석한다.",
     {"Explore K-Industry Trends"}, set()),
    ("송 지사는 미국 워싱턴주의 보잉사를 찾아 항공분야 협력방안을 모색한다.", {"보잉사"}, set()),
    ("미국 타코마시교육청-전북국제교류센터 MOU 협약 일정을 소화한다.", {"타코마시교육청"}, {"전북국제교류센터"}),
    ("세계스카우트 이사회 부의장을 만나 협조를 구한다.", {"세계스카우트 이사회"}, set()),
    ("15일 서울 세종문화회관에서 열린 '서울제주특별자치도민회 신년 인사회'에 참석한다.", set(),
     {"서울제주특별자치도민회 신년 인사회"}),
    # events held at home, Korea's own missions that only attend, the delegation's own offices, people
    ("의장은 \"지난해 대전에서 열린 세계지방정부연합총회에 참여해 감사하다\"며 협력을 말했다.", set(), {"세계지방정부연합총회"}),
    ("조인식에는 군수 일행과 주나고야총영사관 이태우 총영사가 참석하였다.", set(), {"주나고야총영사관"}),
    ("대전광역시교육청은 호주 교육부를 방문해 협력을 논의한다.", set(), {"대전광역시교육청"}),
    ("27일에는 세계스카우트 이사회 댄 오웬비(Dan Owenby)부의장을 만나 협조를 구한다.", set(), {"이사회 댄 오웬비"}),
    ("박세직 세계 걷기의 날 조직위원회 총재 등과 함께 유엔을 방문해 만난다.", set(), {"날 조직위원회", "조직위원회"}),
])
def test_organisations_met_are_proposed_and_others_are_not(registries, body, proposed, not_proposed):
    names = {p.name for p in entities(registries, body).proposals}
    assert proposed <= names and not (not_proposed & names)


@pytest.mark.parametrize("body, officials", [
    ("강원도는 김진선(사진) 지사가 투자유치 활동을 벌이기 위해 미국을 방문한다고 2일 밝혔다. 강원도 관계자가 말했다.",
     ("김진선 강원도지사",)),
    ("송하진 도지사가 미국 워싱턴주를 방문한다. 전북도지사의 워싱턴주 방문은 12년 만이다. 전북도는 밝혔다.",
     ("송하진 전북도지사",)),
    ("이장우(李莊雨)동구청장은 일본 교토에서 열리는 심포지엄에 참석한다.", ("이장우 동구청장",)),
    ("미국 풀러턴시 대표단이 성남시의회를 방문했다. 박광순 의장을 비롯한 의장단은 대표단을 환대했다.",
     ("박광순 성남시의회 의장",)),
])
def test_officials_named_with_notes_titles_or_unplaced_districts(registries, body, officials):
    assert entities(registries, body).officials == officials


@pytest.mark.parametrize("body, agency, officials", [
    ("신국환 산업자원부 장관은 5일부터 13일까지 중앙아시아 3국을 방문한다. 신 장관은 독일도 방문한다.",
     "산업자원부", ("신국환 산업자원부 장관",)),
    ("김현미(사진) 국토교통부 장관이 15∼19일 쿠웨이트, 카타르 등 중동 3국을 방문한다.", "국토교통부", ("김현미 국토교통부 장관",)),
    # 국토부 in the title, 국토해양부는 in the lede: the full name; 주택부 장관 is no one's name
    ("권도엽 국토부 장관, 중동 수주 지원\n국토해양부는 권도엽 장관이 3개국을 방문한다고 밝혔다. 사우디 주택부 장관을 만난다.",
     "국토해양부", ("권도엽 국토해양부 장관",)),
])
def test_a_national_agency_and_its_head(registries, body, agency, officials):
    found = entities(registries, body)
    assert (found.agency, found.officials) == (agency, officials)


def test_a_four_syllable_word_before_a_title_is_not_a_name(registries):
    found = entities(registries, "대전광역시교육청은 밝혔다. 대만 교육부가 우리나라 교육감을 순차적으로 초청한다.")
    assert not any(o.startswith("우리나라") for o in found.officials)


@pytest.mark.parametrize("body, proposed, not_proposed", [
    ("설 교육감은 대만 교육부 차장을 만나 교류를 논의한다.", {"대만 교육부"}, {"교육부"}),
    ("베트남 중앙정부의 관심과 협조를 부탁하며 협력을 논의했다.", set(), {"베트남 중앙정부"}),
    ("권 장관은 사우디 주택부 장관을 만나 MOU 체결을 협의한다.", {"사우디 주택부"}, set()),
    ("장관이 15∼19일 아랍에미리트연합(UAE)과 카타르를 방문해 지능형 교통체계(ITS) 협력을 논의한다.", set(),
     {"아랍에미리트연합", "일 아랍에미리트연합", "지능형 교통체계"}),
    ("서 교육감은 중국 길림성을 방문해 장홍빈 길림성 교육청장과 만나 협약을 체결했다.", {"길림성 교육청"}, {"길림성"}),
    ("해외건설의 핵심시장인 중동지역 수주를 위해 아랍에미리트(UAE)를 방문해 협력을 논의한다.", set(), {"핵심시"}),
])
def test_ministries_organs_and_what_is_no_partner(registries, body, proposed, not_proposed):
    names = {p.name for p in entities(registries, body).proposals}
    assert proposed <= names and not (not_proposed & names)


def test_시장_before_개척_is_a_market_and_무역관_only_when_visited(registries):
    found = entities(registries, "성남시 시장개척단이 미국을 방문했다. 시는 해마다 5~6회 지역별 시장 개척단을 운영한다. "
                                 "세일즈단은 현지 한국무역관 사무실에서 상담활동을 벌여 만났다.")
    assert not any("지역별" in o for o in found.officials)
    assert "한국무역관" not in {p.name for p in found.proposals}


@pytest.mark.parametrize("body, proposed, not_proposed", [
    # a body named before its head's title, in a sentence about a foreign place; not Korea's own ministries
    ("쿠웨이트(18일~20일)에서는 핵심 발주처인 공공사업부 장관, 통신부·수전력부 장관을 만나 협의한다.",
     {"쿠웨이트 공공사업부", "쿠웨이트 통신부", "쿠웨이트 수전력부"}, {"공공사업부", "통신부", "수전력부"}),
    ("또 연방교통청 사무차관을 만나 우리 업체의 UAE내 철도사업 참여를 요청한다.", {"연방교통청"}, set()),
    ("시장은 미국 방문에 앞서 산업통상자원부 장관을 만나 협력을 논의했다.", set(), {"산업통상자원부"}),
    # a country a ministry signs with: its government
    ("신 장관은 우즈베키스탄과는 ‘아프칸 재건사업 공동진출 MOU’를 교환한다.", {"우즈베키스탄 정부"}, set()),
])
def test_bodies_met_through_their_heads_and_countries_signed_with(registries, body, proposed, not_proposed):
    names = {p.name for p in entities(registries, body).proposals}
    assert proposed <= names and not (not_proposed & names)


def test_a_district_named_without_구_is_a_common_word(registries):
    found = entities(registries, "단양군의회가 일본으로 국외연수를 떠난다. 이번 연수에는 의원 전원이 참가한다. 단양군의회는 밝혔다.")
    assert found.cities == ("충청북도 단양군",)


@pytest.mark.parametrize("body, proposed, not_proposed", [
    # a council or city hall visited is met; a city only visited is not
    ("대표적 창조도시 일본 요코하마시 의회를 방문한다.", {"요코하마시 의회"}, {"요코하마시"}),
    # a Korean mayor named after his city
    ("대전시 이장우시장은 16일 프랑스 기업들과 협약 성과를 발표했다.", set(), {"이장우시"}),
])
def test_organs_visited_and_korean_mayors(registries, body, proposed, not_proposed):
    names = {p.name for p in entities(registries, body).proposals}
    assert proposed <= names and not (not_proposed & names)


@pytest.mark.parametrize("body, proposed, not_proposed", [
    ("연수에는 의회 연수 전문기관인 한국산업기술원 지방자치연구소에 의뢰해 일본을 방문한다.", set(),
     {"한국산업기술원 지방자치연구소"}),
    ("(사)한국차문화협회 교토지부를 방문하여 회원들을 격려했다.", {"한국차문화협회 교토지부"}, set()),
])
def test_korean_bodies_are_the_delegations_side_but_their_branches_abroad_are_met(registries, body, proposed,
                                                                                   not_proposed):
    names = {p.name for p in entities(registries, body).proposals}
    assert proposed <= names and not (not_proposed & names)


def test_a_government_in_a_list_joined_by_middle_dots_is_a_place(registries):
    from site_builder.ingest.places import governments_visited
    text = "일본 출장 일정을 보면 10일 미나토미라이21·오산바시여객터미널·요코하마시 청사를 둘러본다."
    found = governments_visited(text, registries.cities, registries.partners, lambda name: False)
    assert [p.name for p in found] == ["요코하마시"]


def test_a_trips_purpose_clause_is_set_aside_back_to_its_comma():
    from site_builder.ingest.governments import _without_purpose
    assert _without_purpose("교육감이 교류 협력 확대를 위해 오는 7월 호주 브리즈번시와 시드니를 방문한다") == \
        "오는 7월 호주 브리즈번시와 시드니를 방문한다"
    assert _without_purpose("A는, 교류를 위해 B를 방문하고, C와 협약을 위하여 D를") == "A는,B를 방문하고,D를"


def test_a_proposal_takes_the_country_the_text_was_last_in_and_a_kind_by_its_ending(registries):
    found = entities(registries, "이어 18~24일 영국 런던을 방문한다. 런던에서는 영국 교육지원청과 교육교류협약을 체결한다. "
                                 "이어 25~30일 일본을 방문한다. 오사카에서는 백두학원 건국학교와 업무협약을 체결한다.")
    proposed = {p.name: p for p in found.proposals}
    assert (proposed["영국 교육지원청"].kind, proposed["영국 교육지원청"].country) == ("정부기관", "영국")
    assert (proposed["백두학원 건국학교"].kind, proposed["백두학원 건국학교"].country) == ("단체", "일본")
