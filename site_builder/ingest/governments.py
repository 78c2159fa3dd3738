"""Foreign governments an article says were met or signed with: "풀러턴(Fullerton)시와 자매결연",
"야즈정을 방문해 교류", "빈증성 인민의회를 방문해 양해각서를 체결", "선짜군과 우호교류 협약".

A government is a partner only where a sentence says it was met or signed with (MET_GOVERNMENT); a
place a delegation only goes to is a destination (places.py). Its name must end the way that country
names its governments (현 in Japan, 성 in China and Vietnam, 주 in the United States: 히메지성 is a castle
and 기린맥주 a beer in Japan), and a mention that only places something else ("산동성 조장시",
"가나가와현 소재 기업", "니이하마시에서") is an address, not a partner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from site_builder.model import Registry
from site_builder.registry import lookup

MET_GOVERNMENT = re.compile(r"협약|체결|자매|우호|면담|만나|만난|만날|만났|교류|초청|협력|MOU|양해각서|간담회|조인식|"
                             r"예방|접견|회담|환담|협의|논의")
# A sentence about the ties' history, not this trip: "그동안 … 대신중학교와 홈스테이를 이어나가며 … 돈독히
# 해왔다", "지난해에는 미국 워싱턴주 교육청과 업무협약을 맺고": no one met, nowhere gone.
HISTORY = re.compile(r"(?:^|\s)(?:그동안|그간|지난해에는|작년에는)\s|(?:해|와|어)\s?왔다\.?$")
_VISITED = re.compile(r"방문|찾아|찾았|예방")
_GOVERNMENT = re.compile(r"^(?P<stem>[가-힣]{2,10})(?:\((?P<latin>[A-Za-z][A-Za-z .'-]{1,40})\))?"
                         r"(?P<suffix>시청|구청|군청|시|현|성|정|주|군)(?P<rest>.*)$")
_PARTICLE = re.compile(r"(?:으로부터|로부터|에서는|에서|와의|과의|와는|과는|으로|이며|인|와|과|은|는|이|가|을|를|의|에|로|도)$")
# Where a thing is, not who was met: 니이하마시에서, 제원시로 이동해, 레이크우드시에 있는.
_LOCATIVE = re.compile(r"(?:에서는|에서|으로|로|에)$")
# What may follow a government named without a particle and still be about it: its head, or the
# visit or tie itself (야즈정 방문, 풀러턴시 시장). Anything else makes it an address (산동성 조장시).
_ABOUT_IT = re.compile(r"^(?:방문|교류|협약|자매|우호|답방|예방|면담|시장|주지사|지사|정장|현지사|성장|당서기|대표단|방문단|"
                       r"관계자|공무원|의회|정부|시청)")
# A Korean head's title after a name: 안희정 충남지사, 이완섭 서산시장.
_KOREAN_HEAD = re.compile(r"^(?P<place>[가-힣]{2,8}?)(?:도지사|지사|시장|군수|구청장|교육감)")
# Its own organs, named with it: 빈증성 인민의회, 다낭시 인민위원회 (a party committee is not the government).
_ORGAN = re.compile(r"^(?P<organ>인민의회|인민위원회|시의회|주의회|의회|시정부|주정부|정부|시청|현청|성청|주청|교육청)"
                    r"장?(?:으로부터|에서는|에서|와의|과의|으로|와|과|은|는|이|가|을|를|의|에|로|도)?$")
# The endings of each country's governments; 시 and 구 are everywhere.
_ENDINGS = {
    "현": ("일본", "중국", "대만", "베트남"), "정": ("일본",), "군": ("베트남", "일본", "중국", "대만"),
    "성": ("중국", "베트남", "라오스", "캄보디아"),
    "주": ("미국", "호주", "캐나다", "인도", "멕시코", "브라질", "독일", "말레이시아", "오스트리아", "나이지리아"),
}
_NOT_GOVERNMENT = {"당시", "동시", "실시", "개시", "표시", "제시", "지시", "게시", "수시", "즉시", "역시", "임시", "중시",
                   "감시", "전시", "무시", "착시", "가능성", "필요성", "중요성", "다양성", "전문성", "방향성", "구성",
                   "완성", "작성", "조성", "육성", "형성", "양성", "달성", "편성", "결성", "활성", "수정", "일정", "결정",
                   "규정", "과정", "예정", "인정", "선정", "조정", "측정", "확정", "지정", "추정", "설정", "안정",
                   "행정", "재정", "주정", "우정", "열정", "협정", "방문단", "관계자", "민주", "자주", "매주", "이번주",
                   "도시", "자매도시", "우호도시", "고분군", "산업군", "기업군", "품목군", "직업군", "유적군", "대표단", "사절단", "방문단", "교류단", "해군", "육군", "공군", "장군"}


# Words that make 시장 a market, not a mayor: 핵심시장, 해외시장, 신흥시장.
_COMMON_STEMS = {"핵심", "주요", "해외", "국내", "세계", "수출", "신흥", "현지", "전통", "유망", "글로벌", "중동", "동남아", "북미",
                 "유럽", "미주", "중남미", "아시아", "아프리카", "내수", "거대", "틈새", "국제", "도매", "농수산"}


@dataclass(frozen=True)
class Government:
    name: str                       # 풀러턴시, 빈증성 인민의회
    country: str
    aliases: tuple[str, ...]
    organ_of: str | None = None     # 빈증성 for 빈증성 인민의회: the organ stands for it


def governments_met(sentence: str, country_at, cities: Registry, partners: Registry, is_known,
                    named: bool = False) -> Iterator[Government]:
    """The foreign governments ``sentence`` says were met or signed with; ``country_at(index)`` is the
    country the sentence speaks of at a position (the nearest one before it, else the article's). With
    ``named``, every foreign government it names, met or not, by its own name (선짜군 for 선짜군청): the
    places of a sentence about going somewhere."""
    met = bool(MET_GOVERNMENT.search(_without_purpose(sentence)))
    if not named and not met and not _VISITED.search(sentence):
        return
    # "뉴포트비치(Newport Beach)시를": a Latin spelling with spaces stays one word
    joined = re.sub(r"\([A-Za-z][A-Za-z .'-]+\)", lambda m: m.group(0).replace(" ", "\u2060"), sentence)
    tokens = re.sub(r"(?<=[가-힣0-9])·(?=[가-힣])", "· ", joined).split()   # 미나토미라이21·요코하마시 청사
    for index, token in enumerate(tokens[1:] if not named else (), 1):   # 하와이 주지사 면담: the state of its governor
        previous = tokens[index - 1]
        if re.fullmatch(r"주지사(?:와|과|를|을|의|는|가)?", token) and re.fullmatch(r"[가-힣]{2,8}", previous) \
                and not is_known(previous) and (country := country_at(joined.find(previous))) in _ENDINGS["주"]:
            yield Government(previous + "주", country, (previous,))
    offset = 0
    for index, token in enumerate(tokens):
        offset = joined.find(token, offset)
        word = token.strip("'\"‘’“”「」<>[].,:;!?·").replace("\u2060", " ")
        word = re.sub(r"\((?:[\u4e00-\u9fff]+|[가-힣]+)\)", "", word)   # 나라시(奈良市)와, 상봉정(카미미네마치)
        match = _GOVERNMENT.match(word)
        if not match:
            continue
        rest = match.group("rest")
        if _PARTICLE.sub("", rest) not in (("", "장", "교육청", "청", "의회", "시청") if named else ("", "장")) or (match.group("suffix") in ("구청", "군청", "시청") and rest.startswith("장")):
            continue   # 동구청장: a Korean title (a district's head abroad is its 구장)
        stem, suffix, latin = match.group("stem"), match.group("suffix"), match.group("latin")
        name = stem + suffix
        previous = tokens[index - 1].strip("'\"‘’“”「」<>[].,:;!?·") if index else ""
        if rest.startswith("장") and previous and (lookup(cities, previous) or lookup(cities, previous[:-1] or "-")):
            continue   # 대전시 이장우시장은: a Korean mayor, named after his city
        if (name in _NOT_GOVERNMENT or stem in _COMMON_STEMS or name[-2:] in _NOT_GOVERNMENT or name[-3:] in _NOT_GOVERNMENT
                or stem.endswith("도") or len(name) < 3 or _is_korean(stem, suffix, cities)
                or lookup(partners, name) or is_known(name)):
            continue
        country = country_at(offset)
        if country is None or (suffix[0] in _ENDINGS and country not in _ENDINGS[suffix[0]]):
            continue  # a Korean city the registry spells otherwise, or a castle (성) or a beer (주) in Japan
        aliases = ((f"{stem}({latin}){suffix}", latin) if latin else ()) + ((stem,) if suffix in ("시", "시청") else ())
        following = tokens[index + 1].strip("'\"‘’“”「」<>[].,:;!?·") if index + 1 < len(tokens) else ""
        head = _KOREAN_HEAD.match(following)
        if head and _is_korean(head.group("place"), "", cities):
            continue      # 안희정 충남지사: a person named before a Korean title
        if re.match(r"(?:주최|주관)", following):
            continue      # 나라현(奈良縣)의 주최로 나라시에서 개최되는 …: the host of an event held elsewhere
        if named:
            yield Government(stem + suffix[0], country, (name,) if suffix[1:] else ())
        elif not rest:
            organ = _ORGAN.match(following)
            if organ:   # a council or city hall visited is met (요코하마시 의회를 방문한다)
                yield Government(f"{name} {organ.group('organ')}", country, (), organ_of=name)
                continue
            if not met:
                continue
            listed = token.endswith((",", "·"))   # 에히메현, 니이하마시 기계산업협동조합 및 …: an item of a list
            if following and not listed and not _ABOUT_IT.match(following):
                continue  # 산동성 조장시, 가나가와현 소재: where something else is
        elif _LOCATIVE.search(rest) and not rest.endswith(("와", "과")):
            continue      # 니이하마시에서 …을 만난다: where they met, not whom
        elif not met:
            continue
        if not named:
            yield Government(name, country, aliases)


def _without_purpose(sentence: str) -> str:
    """What a trip is for ("교류 협력 확대를 위해 … 브리즈번시와 시드니를 방문한다") says nothing of whom it
    met: the sentence without each clause ending in 위해/위하여 (back to the comma before it)."""
    parts, position = [], 0
    for match in re.finditer(r"위(?:해|하여)\s", sentence):
        clause_start = sentence.rfind(",", position, match.start()) + 1 or position
        parts.append(sentence[position:max(clause_start, position)])
        position = match.end()
    return "".join(parts) + sentence[position:]


def _is_korean(stem: str, suffix: str, cities: Registry) -> bool:
    """유성구청, 대전시, 창원특례시: a Korean government the article names, not a foreign one."""
    bare = re.sub(r"(?:특례|광역|특별자치|특별)$", "", stem)
    return any(lookup(cities, name) for name in (stem, stem + suffix, stem + suffix[:1], bare, bare + suffix[:1]) if name)
