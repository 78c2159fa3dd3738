"""Organisation-like names in an article that may be partners: words ending like an organisation
(…대학교, …협동조합, …인민의회, …재단), Latin names in parentheses, events attended (…심포지엄,
‘Explore K-Industry Trends’에 참석), and the foreign companies named with 사 (보잉사, 테스코사).

Only names: whether one was met or signed with, and is not the delegation's own office, is decided in
proposals.py.
"""

from __future__ import annotations

import re

from site_builder.ingest.places import COUNTRY_MENTION

_ORG_SUFFIXES = tuple(sorted((
    "대학교", "대학", "연구소", "연구센터", "연구원", "은행", "협회", "상공회의소", "상공회", "시청", "재단", "병원", "무역관",
    "영사관", "대사관", "진흥원", "박람회", "위원회", "협동조합", "조합", "인민의회", "교육청", "교육지원청", "학교", "학원",
    "센터", "지부", "본사", "유한공사", "그룹", "이사회", "심포지엄", "포럼", "엑스포", "회합", "총회", "콘퍼런스", "컨퍼런스"),
    key=len, reverse=True))
# Events: a partner when attended abroad, not when held at home (see proposals.held_at_home).
EVENT_SUFFIXES = ("박람회", "심포지엄", "포럼", "엑스포", "회합", "총회", "콘퍼런스", "컨퍼런스")
# Names that are only a kind of body, with no one's name in them (군 인민위원회, 조직위원회).
_GENERIC = {"인민위원회", "인민의회", "조직위원회", "운영위원회", "집행위원회", "당위원회", "위원회", "협동조합", "교육청",
            "상공회의소", "총회", "본사", "센터", "지부", "학교", "학원", "그룹", "포럼"}
_PARTICLE_END = re.compile(r"(?:으로는|에서는|으로|에서|에게|에는|와의|과의|와는|과는|라는|이라는|까지|부터|"
                           r"[와과은는이가을를의에로도])$")
# A word that cannot be part of a name before it: a verb or adjective form (하고, 가진, 위치한, 추진해),
# a particle, or a linking adverb (또한, 이후).
_NOT_NAME_WORD = re.compile(r"(?:[은는이가을를의에로와과도고며서게지니면다요해]|에서|으로|하여)$|^\d|년$|"
                            r"(?:청장|시장|군수|지사|의장|회장|장관|총영사|교육감|위원장|사장|총재|이사장)$")   # 이장우청장
_LINKING_WORDS = {"또한", "이후", "더불어", "특히", "그래서", "아울러", "한편", "이어", "먼저", "현재", "이외에도",
                  "이에", "그리고", "하지만", "및", "등", "이번", "지난", "최근", "당시", "모두", "함께", "각각", "미국", "세계",
                  "기간", "동안", "이날", "오전", "오후", "같은", "또", "현지", "현지시각", "소재", "내", "해외"}
_MODIFIER_ENDINGS = set("한된는인진할될운")
_TOKEN = re.compile(r"[가-힣A-Za-z0-9&]+")
_QUOTES = "'\"‘’“”「」『』<>"
# (사)한국차문화협회, (재)…, ㈜…: the legal form before a name is not part of it
_LEGAL_FORM = re.compile(r"^(?:\((?:사|재|주|유)\)|㈜|㈔)")
_PAREN_LATIN = re.compile(r"(?P<korean>(?:[가-힣]{1,15}\s){0,2}[가-힣][가-힣·]{1,15})\s?\((?P<latin>[A-Z][A-Za-z0-9&.\- ]{1,40})\)")
# A foreign company named with 사 (보잉사, 테스코사): not the many Korean nouns that end in 사.
_COMPANY_SA = re.compile(r"^[가-힣]{2,10}사$")
_NOT_COMPANY_SA = re.compile(
    r"(?:회|지|본|자회|계열|협력|제조|개발|부품|통신|항공|여행|건설|증권|보험|운용|투자|고객|회원|경쟁|신문|방송|언론|출판|"
    r"공|행|검|감|조|기|대|의|교|역|이|판|상|인|봉|수|답|선|장|전|외|국|도|변호|회계|설계|주|복|시|모|강|학|박|석|영|"
    r"여|해|업|통|내|각|당|귀|본|분|식|관|실|청)사$")
# A thing, not a body, spelled out with its acronym: 지능형 교통체계(ITS), 무역투자촉진프레임워크(TIPF).
_CONCEPT = re.compile(r"(?:체계|시스템|기술|산업|사업|정책|전략|프로그램|플랫폼|서비스|분야|협정|프레임워크|관계|지구|구역|단지|"
                      r"제도|펀드|지수|공정|장비|소재|부품|에너지|백신)$")
# Things a body's name can describe with no particle between: 걸프협력회의(GCC) 철도, …(ABC) 회원국.
_OWNED_THINGS = {"철도", "노선", "구간", "회원국", "가입국", "프로젝트", "규정", "기준", "인증", "표준"}
# A foreign ministry, named after its country or city: 대만 교육부, 사우디 주택부, 아부다비 교통부.
_MINISTRY = re.compile(r"^(?!(?:동|서|남|북|중|일|전|내|외|본|정|간|세|상|하)부$)(?![가-힣]*정부$)[가-힣]{1,6}부$")   # not 미국 동부, 중앙정부
# A body named before its head's title, in a sentence about a foreign place: "공공사업부 장관, 통신부·수전력부
# 장관을 만나", "연방교통청 사무차관을 만나" (Korea's own ministries are the delegation's side, not partners).
_BODY_BEFORE_HEAD = re.compile(r"(?<![가-힣])(?P<body>[가-힣]{2,12}(?:부|청|처|위원회|공사|은행))(?=(?:·[가-힣]{2,6}부)?\s?"
                               r"(?:사무차관|차관|장관|청장|총재|부총재|이사장|위원장|의장)(?:을|를|과|와|이|가|은|는|,|\s))")
_KOREAN_MINISTRIES = {"기획재정부", "교육부", "과학기술정보통신부", "외교부", "외교통상부", "통일부", "법무부", "국방부", "행정안전부",
                      "행정자치부", "문화체육관광부", "농림축산식품부", "산업통상자원부", "산업자원부", "보건복지부", "환경부",
                      "고용노동부", "여성가족부", "국토교통부", "국토해양부", "해양수산부", "중소벤처기업부", "국가보훈부", "산업부",
                      "국토부", "산자부", "중기부", "복지부", "문체부", "농식품부", "중소기업청", "특허청", "관세청", "조달청"}
# Bodies named right after their kind: "중소기업협회 회원사인 억양기업과 중순기업을 차례로 방문",
# "민간우호친선단체인 “사쿠라와무궁화회“와 ”국제교류협회“에" (quotes taken out first); not the companies a
# delegation takes along ("유망기업인 노타, 레보스케치, … 플라즈맵을 비롯해 대전기업").
_NAMED_KIND = re.compile(r"(?:회원사|업체|기업|회사|단체|기관)인\s+(?P<list>(?:[가-힣A-Za-z0-9]{2,15}(?:과|와|,)\s+){0,4}"
                         r"[가-힣A-Za-z0-9]{2,15}?)(?:을|를|에게|에|과|와|의)(?=\s)(?!\s*(?:비롯|포함|함께|등))")
_LIST_ITEM = re.compile(r"(?P<name>[가-힣A-Za-z0-9]{2,15}?)(?:(?:과|와|,)\s+|$)")
# An international body's headquarters visited: "뉴욕 맨해튼의 유엔 본부를 방문해".
_HEADQUARTERS = re.compile(r"(?<![가-힣A-Za-z])(?P<name>[가-힣A-Za-z]{2,12})\s본부(?:를|에서)\s*(?:\S+\s+)?(?:방문|찾)")
# An event attended, quoted: ‘Explore K-Industry Trends (대한민국 산업 트렌드 탐구)’에 참석한다.
_QUOTED_EVENT = re.compile(r"[‘'“\"「『](?P<name>[^’'”\"」』\n]{4,80})[’'”\"」』]\s*(?:행사)?(?:에|에서)\s*(?:참석|참가|참여)")


def organisation_names(text: str, is_foreign_place=lambda word: False) -> tuple[str, ...]:
    """Organisation-like names in ``text`` in order of first mention, as ``name`` or ``name (Latin)``;
    a ministry only after the foreign place it belongs to (``is_foreign_place``: 대만 교육부)."""
    found: dict[str, None] = {}
    for line in text.splitlines():
        # 타코마시교육청-전북국제교류센터: two names joined by a hyphen
        raw = [_LEGAL_FORM.sub("", token.translate(_NO_QUOTES)) for token in re.sub(r"(?<=[가-힣])-(?=[가-힣])", " , ", line).split()]
        for index, token in enumerate(raw):
            word = _TOKEN.fullmatch(token.strip("()[].,:;!?·")) if token else None
            stem = _PARTICLE_END.sub("", word.group(0)) if word else ""
            suffix = next((s for s in _ORG_SUFFIXES if stem.endswith(s)), None)
            if (suffix is None and _MINISTRY.match(stem) and index > 0
                    and is_foreign_place(_PARTICLE_END.sub("", raw[index - 1].strip("()[].,:;!?·")))):
                found.setdefault(f"{_PARTICLE_END.sub('', raw[index - 1].strip('()[].,:;!?·'))} {stem}")
                continue
            if suffix is None and not (_COMPANY_SA.match(stem) and not _NOT_COMPANY_SA.search(stem)):
                continue
            words = _name_words(raw[max(0, index - 2):index]) + [stem]
            if len(words[0]) == 1:
                words = words[1:]    # 군 인민위원회: a word of one syllable is a fragment (세계 걷기의 날)
            name = " ".join(words)
            if len(words) == 2 and words[1] in _GENERIC and re.search(r"[가-힣]나$", words[0]):
                continue     # 지자체나 교육청: "a local government or an education office", a kind of body
            if name and name not in _GENERIC and (len(words) > 1 or len(stem) > len(suffix or "")):
                found.setdefault(name)
    for match in _PAREN_LATIN.finditer(text):
        words = _name_words(match.group("korean").split()[:-1]) + match.group("korean").split()[-1:]
        words = words[1:] if len(words) > 1 and len(words[0]) == 1 else words    # 15∼19일 아랍에미리트연합(UAE)
        owned = re.match(r"\s+(?P<thing>[가-힣]{2,8})(?=[\s,.]|$)", text[match.end():])
        if owned and (_CONCEPT.search(owned.group("thing")) or owned.group("thing") in _OWNED_THINGS):
            continue     # 걸프협력회의(GCC) 철도 중 사우디 구간: the thing is talked about, not the body met
        if not _CONCEPT.search(words[-1]):
            found.setdefault(f"{' '.join(words)} ({match.group('latin').strip()})")
    position = 0
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        position = max(position, text.find(sentence, position))
        if any(_names_foreign_place(word, is_foreign_place) for word in sentence.split()):
            for match in _BODY_BEFORE_HEAD.finditer(sentence):
                body = match.group("body")
                if (body not in _KOREAN_MINISTRIES and body not in _GENERIC
                        and not body.endswith(("본부", "지부", "일부", "내부", "외부", "전부"))):
                    found.setdefault(_ministry_of(body, sentence[:match.start()].split(), text, position + match.start()))
    unquoted = text.translate(_NO_QUOTES)
    for match in _NAMED_KIND.finditer(unquoted):   # 회원사인 억양기업과 중순기업을, 단체인 “사쿠라와무궁화회“와
        for item in _LIST_ITEM.finditer(match.group("list")):
            if not _CONCEPT.search(item.group("name")):
                found.setdefault(item.group("name"))
    for match in _HEADQUARTERS.finditer(unquoted):   # 맨해튼의 유엔 본부를 방문해
        found.setdefault(f"{match.group('name')} 본부")
    for match in _QUOTED_EVENT.finditer(text):
        name = re.sub(r"\s+", " ", match.group("name")).strip()
        if not re.search(r"[가-힣A-Za-z]{2}", name):
            continue
        inner = re.search(r"\s*\(([^)]+)\)$", name)
        found.setdefault(f"{name[:inner.start()]} ({inner.group(1)})" if inner else name)
    return tuple(found)


_NO_QUOTES = str.maketrans("", "", _QUOTES)


def _names_foreign_place(word: str, is_foreign_place) -> bool:
    """UAE내, 쿠웨이트(18일~20일)에서는, 사우디: a word that starts with a foreign place."""
    lead = re.match(r"[A-Za-z]+|[가-힣]+", word.strip("()[]'\"‘’“”"))
    if lead is None:
        return False
    name = lead.group(0)
    return any(is_foreign_place(n) for n in (name, _PARTICLE_END.sub("", name), re.sub("내$", "", name)) if n)


def _ministry_of(body: str, before: list[str], text: str, at: int) -> str:
    """A foreign ministry met through its head, with whose it is: the name it is written with (아부다비
    교통부 의장), else the country the text was last in (사우디 주택부 … 이후 교통부 차관을 만나: 사우디 교통부).
    Only ministries (…부): a 청 or 위원회 keeps its own name."""
    if not body.endswith("부"):
        return body
    named = _name_words(before[-1:])
    if named:
        return f"{named[0]} {body}"
    countries = list(COUNTRY_MENTION.finditer(text, 0, at))
    return f"{countries[-1].group(1)} {body}" if countries else body


def is_event(name: str) -> bool:
    return name.endswith(EVENT_SUFFIXES)


def _name_words(before: list[str]) -> list[str]:
    """The words just before a name's last word that still belong to it: none after punctuation, a
    particle, a verb form or a linking adverb."""
    words: list[str] = []
    for word in reversed(before):
        if (not _TOKEN.fullmatch(word) or _NOT_NAME_WORD.search(word) or _is_modifier(word)
                or word in _LINKING_WORDS):
            break
        words.insert(0, word)
    return words


def _is_modifier(word: str) -> bool:
    """Verb and adjective forms that describe a name (가진, 위치한, 발달된, 추진 중인, 할) are not part of it.
    Only the common endings: place names end in ㄴ too (베를린, 바이에른)."""
    return len(word) >= 2 and word[-1] in _MODIFIER_ENDINGS
