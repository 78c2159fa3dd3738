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
from site_builder.korean import name_key
from site_builder.model import Registry
from site_builder.registry import lookup

# Words of a sentence that says the organisation was met, visited or signed with.
_MET = re.compile(r"방문|협약|체결|자매|우호|면담|만나|만난|교류|초청|협력|MOU|양해각서|찾아|찾았|간담회|조인식|참석|견학")
COUNTRIES = ("미국", "일본", "중국", "베트남", "호주", "캐나다", "영국", "독일", "프랑스", "말레이시아", "인도네시아",
             "태국", "몽골", "필리핀", "싱가포르", "뉴질랜드", "아일랜드", "이탈리아", "스페인", "러시아", "인도", "대만",
             "우즈베키스탄", "카자흐스탄", "멕시코", "브라질", "칠레", "아랍에미리트", "UAE", "이스라엘", "네덜란드")
_COUNTRY = re.compile("|".join(COUNTRIES))
# A foreign government's name: a city hall or district office, a city, a prefecture, province or town.
_GOVERNMENT = re.compile(r"^(?P<stem>[가-힣]{2,10})(?:\((?P<latin>[A-Za-z][A-Za-z .'-]{1,40})\))?"
                         r"(?P<suffix>시청|구청|시|현|성|정|주)(?P<rest>.*)$")
_PARTICLE = re.compile(r"(?:으로부터|로부터|에서는|에서|와의|과의|으로|이며|인|와|과|은|는|이|가|을|를|의|에|로|도)$")
_NOT_GOVERNMENT = {"당시", "동시", "실시", "개시", "표시", "제시", "지시", "게시", "수시", "즉시", "역시", "임시", "중시",
                   "감시", "전시", "무시", "착시", "가능성", "필요성", "중요성", "다양성", "전문성", "방향성", "구성",
                   "완성", "작성", "조성", "육성", "형성", "양성", "달성", "편성", "결성", "활성", "수정", "일정", "결정",
                   "규정", "과정", "예정", "인정", "선정", "조정", "측정", "확정", "지정", "추정", "설정", "안정",
                   "행정", "재정", "주정", "우정", "열정", "협정", "일정", "방문단", "관계자", "민주", "자주", "매주", "이번주"}
_KIND_BY_ENDING = (("대학교", "대학"), ("대학", "대학"), ("캠퍼스", "대학"), ("학교", "단체"), ("연구소", "연구기관"),
                   ("연구원", "연구기관"), ("센터", "연구기관"), ("은행", "금융기관"), ("협회", "단체"),
                   ("상공회의소", "단체"), ("협동조합", "단체"), ("협의회", "단체"), ("재단", "단체"),
                   ("박람회", "행사"), ("심포지엄", "행사"), ("포럼", "행사"), ("엑스포", "행사"),
                   ("교육청", "정부기관"), ("의회", "정부기관"), ("위원회", "정부기관"), ("대사관", "정부기관"),
                   ("영사관", "정부기관"), ("무역관", "정부기관"))


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
    for sentence in parts:
        if not _MET.search(sentence):
            continue
        # "뉴포트비치(Newport Beach)시를": a Latin spelling with spaces stays one word
        joined = re.sub(r"\([A-Za-z][A-Za-z .'-]+\)", lambda m: m.group(0).replace(" ", "\u2060"), sentence)
        for token in joined.split():
            word = token.strip("'\"‘’“”「」<>[].,:;!?·").replace("\u2060", " ")
            match = _GOVERNMENT.match(word)
            if not match or _PARTICLE.sub("", match.group("rest")) not in ("", "장"):
                continue
            stem, suffix, latin = match.group("stem"), match.group("suffix"), match.group("latin")
            name = stem + suffix
            if (name in _NOT_GOVERNMENT or name[-2:] in _NOT_GOVERNMENT or stem.endswith("도") or len(name) < 3 or lookup(cities, name)
                    or lookup(cities, stem) or lookup(partners, name) or is_known(name)):
                continue
            country = _country(sentence, text)
            if suffix in ("현", "성", "정", "주") and not _COUNTRY.search(sentence):
                continue  # 가능성, 일정: only a name beside a foreign country is a government
            if country is None:
                continue  # a Korean city the registry spells otherwise, most likely
            aliases = ((f"{stem}({latin}){suffix}", latin) if latin else ()) + ((stem,) if suffix in ("시", "시청") else ())
            _add(found, name, "정부기관", country, aliases)
    for organisation in organisations:
        if re.fullmatch(r"[가-힣]{1,3} [가-힣]{1,4} \([A-Z][a-z]+ [A-Z][a-z]+\)", organisation):
            continue  # 밥 휠너 (Bob Filner): a person
        plain = re.sub(r"^(?:(?:" + _COUNTRY.pattern + r"|이날|열린|지난|현지|당시|오는)\s+)+", "",
                       re.sub(r"\s*\(.*\)$", "", organisation))
        context = next((s for s in parts if plain in s), "")
        if _MET.search(context) and not is_known(organisation):
            latin = re.search(r"\(([^)]+)\)$", organisation)
            _add(found, plain, _kind(plain), _country(context, text), (latin.group(1),) if latin else ())
    return tuple(found.values())


def _add(found: dict[str, Proposal], name: str, kind: str, country: str | None, aliases: tuple[str, ...]) -> None:
    key = name_key(name)
    if key in found or any(key in {name_key(a) for a in p.aliases} for p in found.values()):
        return
    found[key] = make_proposal(name, kind, country, aliases)


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
    match = _COUNTRY.search(sentence) or _COUNTRY.search(text)
    return match.group(0) if match else None
