"""Partners the registries do not know yet, proposed from what an article says: organisations met or
signed with, and foreign governments visited ("풀러턴(Fullerton)시", "야즈정", "꽝남성", "…구청" abroad).

Each proposal has a guessed ``kind`` and ``country`` and the spellings seen; ingest lists it in the draft
and writes it to registry/proposed-partners.yaml, where an editor confirms it (moves it to partners.yaml)
or deletes it. A published briefing can only name confirmed partners.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from site_builder.ingest.dates import sentences
from site_builder.ingest.governments import HISTORY, governments_met
from site_builder.korean import name_key
from site_builder.model import Registry
from site_builder.registry import lookup

# Words of a sentence that says the organisation was met, visited or signed with.
_MET = re.compile(r"방문|협약|체결|자매|우호|면담|만나|만난|만날|만났|교류|초청|협력|MOU|양해각서|찾아|찾았|간담회|조인식|"
                  r"참석|참가|견학|예방|접견|회담|환담|협의")
COUNTRIES = ("미국", "일본", "중국", "베트남", "호주", "캐나다", "영국", "독일", "프랑스", "말레이시아", "인도네시아",
             "태국", "몽골", "필리핀", "싱가포르", "뉴질랜드", "아일랜드", "이탈리아", "스페인", "러시아", "인도", "대만",
             "우즈베키스탄", "카자흐스탄", "멕시코", "브라질", "칠레", "아랍에미리트", "UAE", "이스라엘", "네덜란드")
_COUNTRY = re.compile("|".join(COUNTRIES))
# A country a ministry signs with: "우즈베키스탄과는 ‘아프칸 재건사업 공동진출 MOU’를", "카타르와 양해각서를".
_COUNTRY_SIGNED = re.compile(r"(?<![가-힣])(?P<country>" + _COUNTRY.pattern + r")(?:과|와)는?\s+[^,.]{0,40}?(?:MOU|양해각서|협정)")
# The kind of a proposed partner by its name's ending; the first that fits (지부 before 부).
_KIND_BY_ENDING = (("대학교", "대학"), ("대학", "대학"), ("캠퍼스", "대학"), ("학교", "단체"), ("연구소", "연구기관"),
                   ("연구원", "연구기관"), ("센터", "연구기관"), ("은행", "금융기관"), ("협회", "단체"),
                   ("상공회의소", "단체"), ("협동조합", "단체"), ("협의회", "단체"), ("재단", "단체"), ("지부", "단체"),
                   ("박람회", "행사"), ("심포지엄", "행사"), ("포럼", "행사"), ("엑스포", "행사"), ("회합", "행사"),
                   ("총회", "행사"), ("콘퍼런스", "행사"), ("컨퍼런스", "행사"), ("페스티벌", "행사"),
                   ("교육청", "정부기관"), ("교육지원청", "정부기관"), ("의회", "정부기관"), ("위원회", "정부기관"),
                   ("대사관", "정부기관"), ("영사관", "정부기관"), ("무역관", "정부기관"), ("부", "정부기관"),
                   ("본사", "기업"), ("유한공사", "기업"), ("그룹", "기업"), ("사", "기업"))


@dataclass(frozen=True)
class Proposal:
    name: str
    slug: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]


def propose(text: str, organisations: tuple[str, ...], cities: Registry, partners: Registry,
            is_known) -> tuple[Proposal, ...]:
    """Proposals from the article ``text``: the organisation-like ``organisations`` found elsewhere and
    the foreign governments here, each only when a sentence says it was met, visited or signed with.
    Governments first: "뉴포트비치(Newport Beach)시" is the city, not an organisation "뉴포트비치"."""
    found: dict[str, Proposal] = {}
    parts = sentences([text])
    organs_of: set[str] = set()
    for sentence in parts:
        if HISTORY.search(sentence):
            continue
        for government in governments_met(sentence, lambda at: _country_before(sentence, at, text), cities, partners,
                                          is_known):
            _add(found, government.name, "정부기관", government.country, government.aliases)
            organs_of.add(government.organ_of or "")
        for match in _COUNTRY_SIGNED.finditer(sentence):   # 우즈베키스탄과는 ‘… MOU’를 교환: its government
            _add(found, f"{match.group('country')} 정부", "정부기관", match.group("country"), (match.group("country"),))
    for key in [key for key, proposal in found.items() if proposal.name in organs_of]:
        del found[key]    # 빈증성 인민의회 was met: it stands for 빈증성
    plains = [re.sub(r"^(?:(?:" + _COUNTRY.pattern + r"|이날|열린|지난|현지|당시|오는|물론)\s+)+", "",
                     re.sub(r"\s*\(.*\)$", "", organisation)) for organisation in organisations]
    for organisation, plain in zip(organisations, plains):
        if _is_person(organisation) or _is_government_spelling(organisation, text):
            continue
        if re.fullmatch(r"[가-힣]{1,6}부|교육지원청|교육청|교육위원회|의회|정부", plain):
            plain = re.sub(r"\s*\(.*\)$", "", organisation)   # 대만 교육부, 영국 교육지원청: named by its country
        if re.fullmatch(r"(?:" + _COUNTRY.pattern + r")(?:연합|공화국)?", plain):
            continue      # 아랍에미리트연합 (UAE): a country, a destination
        if any(plain != other and f" {plain} " in f" {other} " for other in plains):
            continue      # 백두학원 in 백두학원 건국학교: the longer name is the one met
        spoken = plain if plain in text else plain.split()[-1]   # 사우디 교통부, written 교통부 after 사우디
        context = next((s for s in parts if spoken in s), "")
        if _NOT_MET_BODY.search(plain) or HISTORY.search(context) or _opened(plain, context):
            continue
        if (not _MET.search(context) or is_known(organisation) or _is_own(plain, cities)
                or (_MISSION.search(plain) and not _visited(plain, context))
                or held_at_home(context, plain, cities)):
            continue
        latin = re.search(r"\(([^)]+)\)$", organisation)
        _add(found, plain, _kind(plain), _country(context, text), (latin.group(1),) if latin else ())
    return tuple(found.values())


# Bodies that are no partner whoever meets them: a party committee (선짜군 당위원회) is not the government
# signed with, and a government's seat (빈증성 행정센터, …청사) is a building of a government already named.
_NOT_MET_BODY = re.compile(r"(?:당위원회|행정센터|청사)$")


def _opened(name: str, sentence: str) -> bool:
    """'중동 건설인프라 수주지원센터' 개소식에 참석: an office opened by the delegation's side, not a body met."""
    return bool(re.search(re.escape(name) + r"['’”]?\s*(?:개소식|개관식|출범식|현판식|발대식)", sentence))


# Korea's own missions abroad (주나고야총영사관, 주다낭 대한민국 부영사관) help a delegation; they are partners
# only when it goes to them (주일한국대사관을 찾아), not when their consul attends its ceremony.
_MISSION = re.compile(r"(?:대사관|영사관|무역관)$")   # 무역관: KOTRA's offices abroad
_KOREAN_OFFICE = re.compile(r"(?:교육청|교육지원청|시청|군청|구청|도청|청|의회)$")


def _visited(name: str, sentence: str) -> bool:
    return bool(re.search(re.escape(name) + r"(?:을|를)\s*(?:\S+\s+)?(?:방문|찾|예방)", sentence))


def _is_own(name: str, cities: Registry) -> bool:
    """대전광역시교육청, 유성구청, 고수형 도교육청, 한국…원: the delegation's own side, not partners abroad."""
    words = name.split()
    if re.match(r"(?:한국|대한민국)", name) and not re.search(r"(?:지부|지회|지사)$", name):
        return True   # 한국산업기술원 지방자치연구소: a Korean body (한국차문화협회 교토지부 is its branch abroad)
    office = _KOREAN_OFFICE.sub("", words[-1])
    if words[-1] in ("도교육청", "시교육청", "군청", "구청", "도청") and not re.search(r"[시현성주군정]$", " ".join(words[:-1])):
        return True
    prefixes = (words[0][:2], words[0][:3]) if len(words) == 1 and len(words[0]) >= 5 else ()   # 전북국제교류센터
    return any(lookup(cities, candidate) for candidate in (words[0], office, office + "시",
                                                           office[:-1] if len(office) > 2 else "", *prefixes))


def _is_government_spelling(organisation: str, text: str) -> bool:
    """뉴포트비치 (Newport Beach) of 뉴포트비치(Newport Beach)시: a government's name, proposed (or not) as one."""
    match = re.fullmatch(r"(?P<korean>.+) \((?P<latin>[^)]+)\)", organisation)
    return bool(match) and bool(re.search(re.escape(match.group("korean").split()[-1]) + r"\s?\(" + re.escape(match.group("latin"))
                                          + r"\)(?:시|주|현|성|군|구)", text))


def _is_person(organisation: str) -> bool:
    """밥 휠너 (Bob Filner), 이사회 댄 오웬비 (Dan Owenby): a person named with the Latin spelling."""
    match = re.fullmatch(r"(?:.* )?(?P<korean>[가-힣]{1,4} [가-힣]{1,4}) \([A-Z][a-z]+ [A-Z][a-z]+\)", organisation)
    return bool(match) and not any(organisation.split(" (")[0].endswith(s) for s, _ in _KIND_BY_ENDING)


def held_at_home(sentence: str, event: str, cities: Registry) -> bool:
    """지난해 대전에서 열린 세계지방정부연합총회, 전남에서 개최되는 …박람회, 서울 세종문화회관에서 열린
    '… 신년 인사회': held in Korea, where the delegation did not travel to meet anyone."""
    before = sentence[:sentence.find(event)] if event in sentence else sentence
    places = re.findall(r"(\S+)\s+(\S+?)에서\s*(?:열|개최|진행)", before)
    if not places:
        return False
    last = places[-1]
    return any(lookup(cities, word) or lookup(cities, word + "시") for word in last if re.fullmatch(r"[가-힣]+", word))


def _country_before(sentence: str, index: int, text: str) -> str | None:
    before = list(_COUNTRY.finditer(sentence, 0, index))
    return before[-1].group(0) if before else _country(sentence, text)


def _add(found: dict[str, Proposal], name: str, kind: str, country: str | None, aliases: tuple[str, ...]) -> None:
    key = name_key(name)
    if key in found or any(key in {name_key(a) for a in p.aliases} for p in found.values()):
        return
    for other_key, other in found.items():
        if misspelled(other.name, name):   # 풀러턴시청 and 풀런턴시 in one article: one city, spelled twice
            found[other_key] = make_proposal(other.name, other.kind, other.country, (*other.aliases, name), other.slug)
            return
    found[key] = make_proposal(name, kind, country, aliases)


def misspelled(one: str, other: str) -> bool:
    """Two spellings of one name, one with a typo: the same length (without 청 of 시청, 군청) and one syllable
    apart that differs only in its final consonant (풀러턴/풀런턴), never in how it starts or sounds."""
    one, other = (re.sub(r"(?<=[시군구])청$", "", name) for name in (one, other))
    if len(one) != len(other) or len(one) < 3:
        return False
    different = [(a, b) for a, b in zip(one, other) if a != b]
    return len(different) == 1 and all("가" <= c <= "힣" for c in different[0]) and len(
        {(ord(c) - 0xAC00) // 28 for c in different[0]}) == 1


def make_proposal(name: str, kind: str, country: str | None, aliases: tuple[str, ...],
                  slug: str | None = None) -> Proposal:
    """A proposal whose slug is ``slug``, else its Latin spelling, else a hash of its name (ASCII URLs)."""
    key = name_key(name)
    if slug is None:
        latin = next((a for a in aliases if re.fullmatch(r"[A-Za-z][A-Za-z .'-]+", a)), "")
        slug = re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")
        slug = f"proposed-{slug}" if slug else "proposed-" + hashlib.sha1(name.encode()).hexdigest()[:8]
    clean = tuple(dict.fromkeys(a for a in aliases if name_key(a) != key))
    return Proposal(name, slug, kind, country, clean)


def _kind(name: str) -> str:
    return next((kind for ending, kind in _KIND_BY_ENDING if name.endswith(ending)), "기타")


def _country(sentence: str, text: str) -> str | None:
    """The country a sentence speaks of: named in it, else the last one named before it (오사카에서는 …
    after 일본을 방문한다), else the article's first."""
    match = _COUNTRY.search(sentence)
    if match:
        return match.group(0)
    at = text.find(sentence)
    before = list(_COUNTRY.finditer(text, 0, at)) if at > 0 else []
    match = before[-1] if before else _COUNTRY.search(text)
    return match.group(0) if match else None
