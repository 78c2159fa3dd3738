"""Places visited that the places registry does not know yet, proposed like partners: the countries a
delegation went to, the cities named after them ("호주 시드니와 일본의 나고야, 고베"), cities and states
with their own spelling ("프랑크푸르트(Frankfurt)", "…시(City)", "…주(State)"), and the foreign
governments ingest proposes as partners (니이하마시, 야즈정): they were visited where they are.

Each proposal goes to registry/proposed-places.yaml, where an editor confirms it (moves it to
places.yaml) or deletes it; a published briefing can only name confirmed places.
"""

from __future__ import annotations

import re

from site_builder.ingest.dates import sentences
from site_builder.ingest.governments import HISTORY, MET_GOVERNMENT, governments_met
from site_builder.ingest.proposals import Proposal, make_proposal

# Countries Korean delegations visit, with the ASCII slug a confirmed entry would have.
COUNTRY_SLUGS = {
    "미국": "united-states", "일본": "japan", "중국": "china", "베트남": "vietnam", "호주": "australia",
    "캐나다": "canada", "영국": "united-kingdom", "독일": "germany", "프랑스": "france",
    "말레이시아": "malaysia", "인도네시아": "indonesia", "태국": "thailand", "몽골": "mongolia",
    "필리핀": "philippines", "싱가포르": "singapore", "뉴질랜드": "new-zealand", "아일랜드": "ireland",
    "이탈리아": "italy", "스페인": "spain", "러시아": "russia", "인도": "india", "대만": "taiwan",
    "우즈베키스탄": "uzbekistan", "카자흐스탄": "kazakhstan", "멕시코": "mexico", "브라질": "brazil",
    "칠레": "chile", "아랍에미리트": "united-arab-emirates", "이스라엘": "israel", "네덜란드": "netherlands",
    "사우디아라비아": "saudi-arabia", "카타르": "qatar", "튀르키예": "turkiye", "터키": "turkiye",
    "폴란드": "poland", "헝가리": "hungary", "체코": "czechia", "스웨덴": "sweden", "핀란드": "finland",
    "덴마크": "denmark", "노르웨이": "norway", "벨기에": "belgium", "스위스": "switzerland",
    "오스트리아": "austria", "캄보디아": "cambodia", "라오스": "laos", "미얀마": "myanmar",
    "UAE": "united-arab-emirates", "아랍에미리트연합": "united-arab-emirates", "사우디": "saudi-arabia",
    "키르기스스탄": "kyrgyzstan", "키르기스공화국": "kyrgyzstan", "쿠웨이트": "kuwait",
    "이라크": "iraq", "그리스": "greece", "레바논": "lebanon", "요르단": "jordan", "이집트": "egypt", "모로코": "morocco",
    "알제리": "algeria", "튀니지": "tunisia", "케냐": "kenya", "나이지리아": "nigeria", "에티오피아": "ethiopia",
    "남아프리카공화국": "south-africa", "남아공": "south-africa", "페루": "peru", "콜롬비아": "colombia",
    "아르헨티나": "argentina", "에콰도르": "ecuador", "파나마": "panama", "쿠바": "cuba", "파키스탄": "pakistan",
    "방글라데시": "bangladesh", "스리랑카": "sri-lanka", "네팔": "nepal", "포르투갈": "portugal", "루마니아": "romania",
    "불가리아": "bulgaria", "우크라이나": "ukraine", "몰타": "malta", "바레인": "bahrain", "타지키스탄": "tajikistan",
    "투르크메니스탄": "turkmenistan", "아제르바이잔": "azerbaijan", "브루나이": "brunei", "피지": "fiji",
}
# Words of a sentence that says someone went somewhere.
WENT = re.compile(r"방문|출장|순방|찾아|찾았|찾는|향한|향했|도착|파견|출국|열린|열리는|개최|참석|참가|일정")
_COUNTRY = re.compile(r"(?<![가-힣])(" + "|".join(sorted(COUNTRY_SLUGS, key=len, reverse=True)) + r")(?=[^가-힣]|과|와|을|를|의|에|으로|로|은|는|이|가|·|$)")
COUNTRY_MENTION = _COUNTRY   # a country named in a text, its name as group 1
# A word after a country ("일본의 나고야, 고베 도쿄를", "호주 시드니와"): a list of names that ends
# with its particle, the words separated by commas, 와/과 or spaces.
_NEXT_WORD = re.compile(r"(?:의)?\s*(?:,|·|및)?\s*(?P<word>[가-힣]{2,10})(?P<sep>[,·]?)")
_LIST_ENDING = re.compile(r"(?:에서는|에서도|에서|과의|와의|으로|은|는|을|를|에|로|의)$")
_JOINING = re.compile(r"(?:와|과)$")
# A word that describes rather than names: 자매도시인, 열리는, 차례로, 굴지의.
_DESCRIBING = re.compile(r"(?:인|한|된|는|던|고|며|서|게|히|적|의|도|만)$")
# What makes a word after a country a place: a government's ending (나라시, 사가현, 동나이성, 상봉정; not
# 자매도시), or the list it is in ending where a place is gone to: "…을 (차례로) 방문", "…에 도착",
# "…로 향해", "…에서 열리는", "…에서는". A word with no such evidence is a common noun (경기회복, 대상,
# 도자문화, 수학여행단), whatever country it follows.
_PLACE_SUFFIX = re.compile(r"[가-힣]{2}(?:시|주|성|현|군|정)$")
_NOT_A_GOVERNMENT = re.compile(r"(?:도시|자매시|현지|가능성|정책|과정|일정)$")
_LOCATIVE = re.compile(r"(?:에서는|에서도|에서)$")
WENT_AFTER = re.compile(r"\s*(?:(?:차례로|차례대로|잇따라|잇달아|연이어|각각|직접|공식|함께|다시|처음으로|모두)\s+)?(?:방문|찾|순방|들러|들르|들렀|거쳐|거친|둘러|향하|향한|향했|향해|향할|도착|"
                         r"이동|출국|출장|머물|체류|시찰|탐방)")
# Three or more short names separated by commas, ending the list: "미시간, 뉴욕, 코네티컷, 펜실베니아 등".
# (matched greedily, its end checked apart: a lookahead here backtracks over long lists)
_LISTS = re.compile(r"(?<![가-힣A-Za-z])(?:[가-힣]{2,8}\s*,\s*){2,}[가-힣]{2,8}")
# Sites inside a place: a list that runs into one (정주 신정국제공항에 도착) names the site, not places.
_SITE = re.compile(r"(?:공항|호텔|공장|회관|박물관|미술관|기념관|전시관|대학교|대학|학교|터미널|청사|공원|센터)$")
# After a country, its companies (with more countries listed before them): 독일 및 이스라엘 2개 기업과,
# 일본 업체, 미국계 기업.
COMPANIES_OF = re.compile(r"(?:\s*(?:및|·|,|과|와)\s*[가-힣]{2,8}?)*(?:계)?\s*(?:\d+\s*개\s*)?(?:기업|업체|회사)(?![가-힣]*(?:을|를)\s*(?:방문|찾))")
# A government named after a registered place, where the delegation goes: "도쿄 후쿠이현을 방문해".
_PLACE_IN_PLACE = re.compile(r"(?<![가-힣])(?P<known>[가-힣]{2,10})\s+(?P<name>[가-힣]{2,8}(?:현|주|성))(?:을|를|에)(?=\s)")
# Sites named after the place they are in: 하코네 국립공원, 아리타 도자기단지, 신주쿠 도청사 전망대.
_SITES = r"(?:국립공원|국정공원|온천|도자기단지|도자기마을|도청사|시청사|현청사|전망대)"
_SITE_OF_PLACE = re.compile(r"(?<![가-힣A-Za-z0-9])(?!" + _SITES + r")(?P<name>[가-힣]{2,6})\s+" + _SITES)
# A city or state with its own Latin spelling: "뉴포트비치(Newport Beach)시", "미시간(Michigan)주" (a Latin
# spelling alone is as often a company's: 애플(Apple)).
_LATIN_PLACE = re.compile(r"(?<![가-힣])(?P<name>[가-힣]{2,10})\((?P<latin>[A-Z][A-Za-z .'-]{1,30})\)(?P<suffix>시|주)"
                          r"(?:를|을|에서|에|으로|로|와|과|의|,|\s)")
# Common nouns that follow a country name and are not places: 일본 기업, 미국 정부, 호주 현지.
_NOT_PLACE = re.compile(r"^(?:기업|업체|회사|정부|현지|측|시장|바이어|방문|출장|투자|수출|대사관|총영사관|영사관|대사|"
                        r"관계자|기관|대학|정부기관|국민|교민|동포|한인|출신|전역|내|현지법인|법인|경제|산업|정책|"
                        r"주요|전국|각지|최대|유명|대표|굴지|공업도시|도시|지역|시|주|순방|국빈|등|및|또|에서|"
                        r"관광|문화|교육|학교|학생|교사|총리|대통령|의회|지방|중앙|남부|북부|동부|서부|중부|호텔|공항|센터|회관)")


def propose_places(text: str, is_known, government_proposals: tuple[Proposal, ...],
                   registered=lambda slug: None) -> tuple[Proposal, ...]:
    """Places visited in ``text`` that ``is_known`` (the places registry) does not know. A country the
    registry has under another name (호주 for 오스트레일리아, ``registered(slug)``) is not proposed: a
    proposal named like the registered entry stands for it (see ``registered_name``)."""
    found: dict[str, Proposal] = {}

    def add(name: str, country: str | None, aliases: tuple[str, ...] = (), slug: str | None = None) -> None:
        if name in found or re.sub("시$", "", name) in found or name + "시" in found:
            return   # 제원 and 제원시: one city
        known = is_known(name) or next((k for a in aliases if (k := is_known(a))), None)
        if known:  # registered already: listed as that entry
            found[name] = Proposal(known, "", "registered", country, (name,))
            return
        if slug is not None and (other := registered(slug)) is not None:
            found[name] = Proposal(other, slug, "registered", country, (name,))
            return
        found[name] = make_proposal(name, "장소", country, aliases, slug)

    for sentence in sentences([text]):
        if not WENT.search(sentence) or HISTORY.search(sentence):
            continue
        for match in _COUNTRY.finditer(sentence):
            country = match.group(1)
            if COMPANIES_OF.match(sentence, match.end()):
                continue   # 독일 및 이스라엘 2개 기업과 협약: where the companies come from, not where one went
            add(country, None, slug=COUNTRY_SLUGS[country])
            for name in _places_after(sentence, match.end(), is_known):
                add(name, country)
        country = next((c.group(1) for c in _COUNTRY.finditer(sentence)), None) or next(
            (c.group(1) for c in _COUNTRY.finditer(text)), None)
        for match in _PLACE_IN_PLACE.finditer(sentence):   # 도쿄 후쿠이현을 방문해
            if is_known(match.group("known")) and WENT_AFTER.match(sentence, match.end()):
                add(match.group("name"), country)
        for match in _SITE_OF_PLACE.finditer(sentence):    # 하코네 국립공원 방문, 아리타 도자기단지 등을 방문
            if not (_NOT_PLACE.match(match.group("name")) or _DESCRIBING.search(match.group("name"))
                    or _COUNTRY.fullmatch(match.group("name"))):
                add(match.group("name"), country)
        for match in _LATIN_PLACE.finditer(sentence):
            name = match.group("name") + (match.group("suffix") or "")
            if not _NOT_PLACE.match(match.group("name")):
                country = next((c.group(1) for c in _COUNTRY.finditer(text)), None)
                add(name, country, (match.group("latin"),))
    for sentence in sentences([text]):
        if WENT.search(sentence):
            for found_list in _LISTS.finditer(sentence):
                if not re.match(r"\s*(?:등|및)?\s", sentence[found_list.end():]):
                    continue
                listed = [n.strip() for n in found_list.group(0).split(",")]
                # 미시간, 뉴욕, 코네티컷, 펜실베니아 등: a list with a known place in it is a list of places
                # (only names: not "참석하였으며, 모더나, 보스턴")
                if any(is_known(n) for n in listed) and not any(
                        _NOT_PLACE.match(n) or _DESCRIBING.search(n) or _LIST_ENDING.search(n) for n in listed):
                    country = next((c.group(1) for c in _COUNTRY.finditer(sentence)), None)
                    for name in listed:
                        if not _COUNTRY.fullmatch(name):
                            add(name, country)
    for government in government_proposals:  # 니이하마시, 에히메현, 빈증성, 야즈정: not an embassy or a council
        if government.kind == "정부기관" and government.country and re.search(r"[가-힣](?:시|현|성|정|주|군)$", government.name):
            add(government.name, government.country, government.aliases)
    return tuple(found.values())


def _places_after(sentence: str, position: int, is_known) -> list[str]:
    """The places named in the list after a country at ``position``: each word with a government's ending
    or registered, and the others only when the list ends where a place is gone to (see WENT_AFTER)."""
    listed: list[str] = []
    gone_to = joined = False
    own: int | None = None
    for _ in range(8):
        word = _NEXT_WORD.match(sentence, position)
        if word is None:
            break
        text_word = word.group("word")
        if joined and _COUNTRY.fullmatch(re.sub("의$", "", text_word)):
            # 캐나다 토론토와 멕시코의 몬테레이를: one list, whose end says for both; the names after the
            # next country are that country's
            own = len(listed) if own is None else own
            position = word.end()
            continue
        ending = _LIST_ENDING.search(text_word) or _JOINING.search(text_word)
        name = text_word[:ending.start()] if ending else text_word
        joined = bool(ending and _JOINING.search(text_word))
        if (len(name) < 2 or _NOT_PLACE.match(name) or _COUNTRY.fullmatch(name) or _NOT_A_GOVERNMENT.search(name)
                or (not ending and _DESCRIBING.search(name))):
            break
        if _SITE.search(name):
            listed = [n for n in listed if _is_place_name(n, is_known)]   # 정주 신정국제공항: the site's address
            break
        listed.append(name)
        position = word.end()
        if joined:
            continue
        if ending:   # the list ends with its particle
            gone_to = bool(_LOCATIVE.search(text_word) or (
                re.search(r"(?:을|를|에|으로|로)$", text_word) and WENT_AFTER.match(sentence, position)))
            break
        if WENT_AFTER.match(sentence, position) and re.match(r"\s*(?:방문|출장|순방)", sentence[position:]):
            gone_to = True   # 일본 나라시 방문
            break
    return [name for name in listed[:own] if gone_to or _is_place_name(name, is_known)]


def _is_place_name(name: str, is_known) -> bool:
    return bool(is_known(name) or (_PLACE_SUFFIX.search(name) and not _NOT_A_GOVERNMENT.search(name)))


def governments_visited(text: str, cities, partners, is_known) -> tuple[Proposal, ...]:
    """The foreign governments named in sentences about going somewhere (다낭시 선짜군청에서 협약을 체결,
    니이하마시에서 … 만난다), met or not: places visited, as 정부기관 proposals for propose_places."""
    found: dict[str, Proposal] = {}
    article_country = [(0, m.group(1)) for m in _COUNTRY.finditer(text)][:1]
    for sentence in sentences([text]):
        # the country named in the sentence, else the article's first (the registry has every Korean 시 and 구)
        countries = [(m.start(), m.group(1)) for m in _COUNTRY.finditer(sentence)] or article_country
        if not countries or not (WENT.search(sentence) or MET_GOVERNMENT.search(sentence)) or HISTORY.search(sentence):
            continue

        def country_at(index: int, countries=countries) -> str | None:
            before = [country for start, country in countries if start < index]
            return before[-1] if before else countries[0][1]

        for government in governments_met(sentence, country_at, cities, partners, is_known, named=True):
            found.setdefault(government.name, make_proposal(government.name, "정부기관", government.country,
                                                            government.aliases))
    return tuple(found.values())
