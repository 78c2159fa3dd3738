"""Who and where: the Korean city or national agency, its officials, partners and destinations met,
tags, and organisation names the registries do not know yet (listed for an editor to review).

Registry names and aliases are found with the same matcher that links first mentions on the site, so
ingest and the published page agree on what a name is.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from site_builder.korean import name_key
from site_builder.linking import MentionMatcher
from site_builder.model import Registries, Registry, Term, TermKind
from site_builder.ingest.organisations import organisation_names
from site_builder.ingest.agencies import agency_heads, national_agency
from site_builder.ingest.governments import HISTORY, MET_GOVERNMENT
from site_builder.ingest.names import HANJA as _HANJA, NAME as _NAME, ROLE_END as _ROLE_END, SURNAMES as _SURNAMES
from site_builder.ingest.places import COMPANIES_OF, COUNTRY_SLUGS, WENT, governments_visited, propose_places
from site_builder.ingest.proposals import Proposal, misspelled, propose
from site_builder.registry import lookup

# Where a name appears says how much it is about the article: the title most, the body least.
_WEIGHTS = {"title": 3, "subtitle": 2, "body": 1}
# The kind of government each role heads ("" for a 교육감: the education office of a 광역 government).
_ROLE_SUFFIX = {"시장": "시", "군수": "군", "구청장": "구", "도지사": "도", "지사": "도", "교육감": ""}
_ROLES = "구청장|도지사|교육감|시장|군수|지사"
# 이장우 대전시장 / 남유진 구미시장 / 박준희 구청장 / 대전시 이장우시장 / 안희정 충남지사 / 김혁규(金爀珪)지사
_HEAD_AFTER_NAME = re.compile(_NAME + _HANJA + r"\s?(?P<place>[가-힣]{0,8}?)(?P<role>" + _ROLES + ")" + _ROLE_END)
_HEAD_BEFORE_NAME = re.compile(r"(?P<place>[가-힣]{2,8}(?:시|군|구|도))\s+" + _NAME[len("(?<![가-힣])"):]
                               + _HANJA + r"\s?(?P<role>" + _ROLES + ")" + _ROLE_END)
# 시장 개척단, 시장 진출: a market, not a mayor
_MARKET_AFTER = re.compile(r"\s*(?:개척|진출|조사|동향|점유|공략|규모|확대|선점|다변화|진입|경쟁|환경|정보)")
# A local council ("대전시의회", "성남시의회") and its chair ("이상래 의장", not 부의장).
_COUNCIL = re.compile(r"(?<![가-힣])(?P<place>[가-힣]{2,10}?)의회(?![가-힣]{2})")
_CHAIR = re.compile(_NAME + _HANJA + r"\s(?P<council>[가-힣]{2,10}의회\s?)?의장" + _ROLE_END)
# An education office as the subject of the article: "대전광역시교육청은", "제주도교육청이".
_EDUCATION_OFFICE = re.compile(r"(?<![가-힣])(?P<place>[가-힣]{2,10}?)교육청(?:은|는|이|가)\s")
# A news desk's section label opening a title, "[부산/경남]": the desk's region, not the story's.
_DESK_LABEL = re.compile(r"^\s*\[[^\]]{1,20}\]\s*")

# 박대희 대전창조경제혁신센터장: the head of a local body named after the city
_ORG_HEAD = re.compile(_NAME + r"\s(?P<org>[가-힣A-Za-z0-9]{2,20}?(?:센터|진흥원|연구원|재단|공사|공단|본부|사업단|협회|청))"
                       r"(?P<role>장|이사장|사장|원장)(?![가-힣]{2})")
# 칼아이티(Calit2), KSEA(재미한인과학기술협회)
_LATIN_INSIDE = re.compile(r"(?<![가-힣])([가-힣]{2,10}?)(?:\s?\([A-Za-z][A-Za-z .'-]{1,40}\))?(시|구)(?![가-힣]{2})")


@dataclass(frozen=True)
class Entities:
    cities: tuple[str, ...]        # canonical names
    agency: str | None
    officials: tuple[str, ...]
    partners: tuple[str, ...]
    destinations: tuple[str, ...]
    tags: tuple[str, ...]
    candidates: tuple[str, ...]    # organisation-like names that no registry knows
    proposals: tuple[Proposal, ...] = ()   # those met or signed with, proposed as new partners
    notes: tuple[str, ...] = ()            # review lines: what was found but left to the editor
    place_proposals: tuple[Proposal, ...] = ()   # places visited that the places registry does not know


@dataclass(frozen=True)
class Texts:
    title: str
    subtitles: tuple[str, ...]
    body: str

    def weighted(self) -> Iterable[tuple[str, int]]:
        yield self.title, _WEIGHTS["title"]
        for line in self.subtitles:
            yield line, _WEIGHTS["subtitle"]
        yield self.body, _WEIGHTS["body"]

    @property
    def all(self) -> str:
        return "\n".join((self.title, *self.subtitles, self.body))


class EntityFinder:
    """Finds entities in articles; the registries' matchers are built once, for all the files of a run."""

    def __init__(self, registries: Registries):
        self.registries = registries
        self._cities = _matcher(registries.cities)
        self._tags = _matcher(registries.tags)
        # One matcher for partners and places, so the longest name wins (실리콘밸리은행 is the bank, not the
        # place 실리콘밸리); places alone, for the place in a partner's name.
        self._partners_or_places = _matcher(registries.partners, registries.places)
        self._places = _matcher(registries.places)
        # 기초 names several cities have (중구, 동구, 고성군): the registry spells them only with their parent.
        by_short: dict[str, list[Term]] = {}
        for term in registries.cities.terms:
            if term.level == "기초":
                by_short.setdefault(name_key(term.short_name), []).append(term)
        self._shared_names = {key: tuple(terms) for key, terms in by_short.items() if len(terms) > 1}
        known = {name_key(n) for kind in TermKind for t in registries.of(kind).terms for n in (t.name, *t.aliases)}
        # Every ending of a registered name, so '에임스 연구센터' is known as the end of 'NASA 에임스 연구센터'.
        self._known_endings = {key[start:] for key in known for start in range(len(key))}

    def find(self, texts: Texts) -> Entities:
        registries = self.registries
        texts = Texts(_DESK_LABEL.sub("", texts.title), texts.subtitles, texts.body)
        resolve = _Resolver(registries.cities, self._shared_names, texts.all)
        scores = _mentions(texts, registries.cities, self._cities) + _shared_mentions(texts, resolve)
        heads = _heads(texts.all, resolve, chosen=())
        # '김혁규 지사' with no place: the head of the one government with that role the article names
        mentioned = [t for t in registries.cities.terms if scores[t.name]]
        heads += [h for h in _heads(texts.all, resolve, mentioned) if h.start not in {p.start for p in heads}]
        for head in heads:
            scores[head.term.name] += 5  # an official's title names the city most surely
        # An education office (교육감, "…교육청은") is an agency of its province, not the province itself.
        education = _education_offices(texts.all, heads, resolve)
        for term in education:
            scores.pop(term.name, None)
        cities = _choose_cities(scores, registries.cities)
        if education:  # places where an education office meets are not its partners in government
            cities = tuple(c for c in cities if any(h.term.name == c for h in heads))
        officials = _officials(texts.all, cities, education, resolve)
        agency = f"{education[0].name}교육청" if education else None if cities else national_agency(texts.all)
        if agency and not education:
            officials = agency_heads(texts.all, agency)
        notes = resolve.notes(cities)
        partners, destinations = self._partners_and_places(texts)
        # 풀러턴(Fullerton)시 or 풀러턴시 for the registered 풀러턴시청: a city named for its city hall
        partners += tuple(dict.fromkeys(
            term.name for match in _LATIN_INSIDE.finditer(texts.all) for name in (match.group(1) + match.group(2),
                                                                                 match.group(1) + match.group(2) + "청")
            if (term := lookup(registries.partners, name)) and term.name not in partners))
        tags = tuple(name for name, _ in _mentions(texts, registries.tags, self._tags).most_common(5))
        candidates = tuple(name for name in organisation_names(texts.all, self._is_foreign_place)
                           if not self._is_known(name))
        proposals = propose(texts.all, candidates, registries.cities, registries.partners, self._is_known)
        # 풀런턴시 beside the registered 풀러턴시청: the same city with a typo, not a second partner
        proposals = tuple(p for p in proposals if not any(misspelled(p.name, known) for known in partners))
        proposed = {name_key(p.name) for p in proposals}
        candidates = tuple(c for c in candidates if name_key(re.sub(r"\s*\(.*\)$", "", c)) not in proposed)
        visited = governments_visited(texts.all, registries.cities, registries.partners, self._is_known)
        places = propose_places(texts.all, self._is_known_place, proposals + visited,
                                lambda slug: term.name if (term := registries.places.by_slug.get(slug)) else None)
        places = tuple(p for p in places if not any(misspelled(p.name, known) for known in partners))
        # A country registered under another name (호주 -> 오스트레일리아) is that entry, said in review.
        destinations += tuple(p.name for p in places if p.kind == "registered" and p.name not in destinations)
        notes += tuple(f"destinations: 본문의 '{p.aliases[0]}'을(를) 레지스트리의 '{p.name}'(으)로 넣었습니다. "
                       f"places.yaml에 별칭으로 더하세요" for p in places
                       if p.kind == "registered" and lookup(registries.places, p.aliases[0]) is None)
        places = tuple(p for p in places if p.kind != "registered")
        return Entities(cities, agency, officials, partners, destinations, tags, candidates, proposals, notes, places)

    def _partners_and_places(self, texts: Texts) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Partners and places in order of first mention."""
        partners, places = self.registries.partners, self.registries.places
        found: dict[TermKind, dict[str, None]] = {TermKind.PARTNER: {}, TermKind.PLACE: {}}
        for text, _ in texts.weighted():
            for start, end in self._partners_or_places.finditer(text):
                name = text[start:end]
                if not _ends_word(text, end):
                    continue   # 빈 in 빈증성, 후쿠오카 in 후쿠오카현, 시애틀 in 시애틀총영사관: another name
                if (partner := lookup(partners, name)) is not None:
                    found[TermKind.PARTNER].setdefault(partner.name)
                    # A partner named after its place (샌프란시스코시청, 오렌지카운티 한인상공회의소) was met there.
                    for inner_start, inner_end in self._places.finditer(name):
                        if (place := lookup(places, name[inner_start:inner_end])) is not None:
                            found[TermKind.PLACE].setdefault(place.name)
                elif (place := lookup(places, name)) is not None:
                    if place.country is None and (not _about_going(text, start) or COMPANIES_OF.match(text, end)):
                        continue   # 동남아, 인도 등 5개 지역 … 지원할 계획, 독일 2개 기업과: a country named, not gone to
                    found[TermKind.PLACE].setdefault(place.name)
        # The places registry knows countries too: a country is no destination when a place in it is one.
        countries = {lookup(places, name).country for name in found[TermKind.PLACE]} - {None}
        return tuple(found[TermKind.PARTNER]), tuple(n for n in found[TermKind.PLACE] if n not in countries)

    def _is_foreign_place(self, word: str) -> bool:
        return bool(self._is_known_place(word) or word in COUNTRY_SLUGS)

    def _is_known_place(self, name: str) -> str | None:
        term = lookup(self.registries.places, name)
        return term.name if term else None

    def _is_known(self, name: str) -> bool:
        keys = [name_key(part) for part in (name, *re.split(r"\s*[()]\s*", name)) if part.strip()]
        return any(key in self._known_endings for key in keys)


# What may follow a registered name in the same word: a particle, or the 시/주 of the same place.
_WORD_REST = re.compile(r"(?:시|주|시청|교육청|시교육청)?(?:에서는|에서도|에서|에게|에는|에도|으로|로|에|의|와의|과의|와|과|은|는|이|가|을|를|도|만|"
                        r"까지|부터|처럼|측|쪽|행|발|간|내|등)?(?![가-힣])")


def _about_going(text: str, at: int) -> bool:
    """Is the sentence around ``at`` about going somewhere or meeting someone?"""
    start = max(text.rfind(mark, 0, at) for mark in (". ", "\n", "다.")) + 1
    ends = [i for i in (text.find(mark, at) for mark in (". ", "\n")) if i >= 0]
    sentence = text[start:min(ends) if ends else len(text)]
    return bool(WENT.search(sentence) or MET_GOVERNMENT.search(sentence)) and not HISTORY.search(sentence)


def _ends_word(text: str, end: int) -> bool:
    return bool(_WORD_REST.match(text, end))


def find_entities(texts: Texts, registries: Registries) -> Entities:
    return EntityFinder(registries).find(texts)


def _matcher(*registries: Registry) -> MentionMatcher:
    return MentionMatcher(n for registry in registries for t in registry.terms for n in (t.name, *t.aliases))


def _mentions(texts: Texts, registry: Registry, matcher: MentionMatcher) -> Counter:
    """How often each entry is named, weighted by where (title, deck, body)."""
    counts: Counter = Counter()
    for text, weight in texts.weighted():
        for start, end in matcher.finditer(text):
            term = lookup(registry, text[start:end])
            if term is not None and not _bare_district(term, text[start:end]):
                counts[term.name] += weight
    return counts


def _bare_district(term: Term, written: str) -> bool:
    """연수 (training) for 연수구, 중 for 중구: a district's name without 구 is a common word more often than
    the district; cities (구미, 사천) are written so, districts rarely."""
    return term.level == "기초" and term.name.endswith("구") and bool(re.fullmatch(r"[가-힣]+", written)) \
        and not written.endswith("구")


def _choose_cities(scores: Counter, registry: Registry) -> tuple[str, ...]:
    if not scores:
        return ()
    by_name = {t.name: t for t in registry.terms}
    # A district over its province or metropolitan city: 관악구 articles also say 서울.
    for name in list(scores):
        parent_term = registry.by_slug.get(by_name[name].parent or "")
        parent = parent_term.name if parent_term else None
        if parent and parent in scores and scores[name] * 2 >= scores[parent]:
            scores[parent + "\0parent"] = scores.pop(parent)
    ranked = [(name, score) for name, score in scores.most_common() if "\0" not in name]
    if not ranked or ranked[0][1] < 2:
        return ()
    top_score = ranked[0][1]
    return tuple(name for name, score in ranked if score * 2 >= top_score)[:3]


class _Resolver:
    """A city's name to its registry entry, also for a name several cities share ("동구"): the one whose
    parent the article names ("대전", "대전시"), else none, remembered for a review line."""

    def __init__(self, registry: Registry, shared: dict[str, tuple[Term, ...]], text: str):
        self.registry = registry
        self.shared = shared
        parents = {t.parent for terms in shared.values() for t in terms}
        self._named_parents = {slug for slug in parents if (term := registry.by_slug.get(slug)) and any(
            len(alias) >= 2 and re.fullmatch(r"[가-힣]+", alias) and alias in text for alias in (term.name, *term.aliases))}
        self.unresolved: dict[str, tuple[Term, ...]] = {}

    def __call__(self, name: str) -> Term | None:
        term = lookup(self.registry, name)
        if term is not None:
            return term
        candidates = self.shared.get(name_key(name))
        if not candidates:
            return None
        fitting = [t for t in candidates if t.parent in self._named_parents]
        if len(fitting) == 1:
            return fitting[0]
        self.unresolved.setdefault(name, tuple(fitting or candidates))
        return None

    def notes(self, cities: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(f"city: '{name}'은(는) 여러 곳에 있어 ({', '.join(t.name for t in terms)}) 본문만으로 고르지 않았습니다. "
                     "맞는 곳을 넣으세요" for name, terms in self.unresolved.items()
                     if not any(t.name in cities for t in terms))


def _shared_mentions(texts: Texts, resolve: _Resolver) -> Counter:
    """Mentions of a name several cities share (동구청, 서구는), for the one the article places."""
    counts: Counter = Counter()
    if not resolve.shared:
        return counts
    pattern = re.compile(r"(?<![가-힣])(" + "|".join(sorted(map(re.escape, resolve.shared), key=len, reverse=True))
                         + r")(?:청장|청|의회)?" + _ROLE_END)
    for text, weight in texts.weighted():
        for match in pattern.finditer(text):
            if (term := resolve(match.group(1))) is not None:
                counts[term.name] += weight
    return counts


@dataclass(frozen=True)
class _Head:
    start: int
    person: str
    term: Term
    role: str
    title: str     # as the draft writes it: 대전시장, 관악구청장, 대전시의회 의장


def _heads(text: str, resolve: _Resolver, chosen: list[Term] | tuple[()]) -> list[_Head]:
    """Each '이장우 대전시장'-style mention of a registered city's head, and a council's chair.
    A head named without a place ('박준희 구청장', '박동식 시장') is of the one ``chosen`` city that has
    that role."""
    heads = []
    for pattern in (_HEAD_AFTER_NAME, _HEAD_BEFORE_NAME):
        for match in pattern.finditer(text):
            name, place, role = match.group("name", "place", "role")
            if (name[0] not in _SURNAMES or (not place and role == "시장" and len(name) != 3)
                    or _government(resolve, name) is not None
                    or (role == "시장" and _MARKET_AFTER.match(text, match.end()))):
                continue  # '유럽 시장' is a market, '전북도지사' a title: a head needs a person's full name
            term = _city_for_role(resolve, place, role) if place else _only_city_with_role(chosen, role)
            if term is not None:
                heads.append(_Head(match.start(), name, term, role, official_title(term, role)))
    councils = {term.name: (term, match.group(0)) for match in _COUNCIL.finditer(text)
                if (term := _government(resolve, match.group("place")))}
    opening = _COUNCIL.search(text[:300])
    about_council = bool(opening and re.match(r"(?:은|는|이|가)\s", text[opening.end():]))
    if len(councils) == 1 and (about_council or not heads):
        # "이상래 의장" of the one council the article names, when the council is what it is about or
        # no head of a government acts in it (박광순 의장 receives a delegation at 성남시의회)
        [(term, council)] = councils.values()
        heads += [_Head(match.start(), match.group("name"), term, "의장", f"{council} 의장")
                  for match in _CHAIR.finditer(text) if match.group("name")[0] in _SURNAMES]
    return sorted(heads, key=lambda head: head.start)


def _government(resolve: _Resolver, place: str) -> Term | None:
    """대전시 / 대전광역시 / 성남시 / 경기도 -> the registry entry, if the place is a Korean government."""
    return resolve(place) or (resolve(place[:-1]) if len(place) > 2 and place[-1] in "시도군구" else None)


def _city_for_role(resolve: _Resolver, place: str, role: str) -> Term | None:
    suffix = _ROLE_SUFFIX[role]
    if not suffix:  # 교육감: 대전광역시교육감, 대전시교육감, 제주도교육감
        term = _government(resolve, place)
        return term if term is not None and term.level == "광역" else None
    for candidate in (place, place + suffix) if not place.endswith(suffix) else (place,):
        term = resolve(candidate)
        if term is not None:
            return term
    return None


def _only_city_with_role(chosen: list[Term] | tuple[()], role: str) -> Term | None:
    suffix = _ROLE_SUFFIX[role]
    fitting = [t for t in chosen if (t.level == "광역" if not suffix else t.name.split()[-1].endswith(suffix))]
    return fitting[0] if len(fitting) == 1 else None


def _education_offices(text: str, heads: list[_Head], resolve: _Resolver) -> tuple[Term, ...]:
    """The provinces whose education office the article is about: a 교육감 named, or the office as the
    subject of its opening."""
    found = {head.term.name: head.term for head in heads if head.role == "교육감"}
    for match in _EDUCATION_OFFICE.finditer(text[:600]):
        term = _government(resolve, match.group("place"))
        if term is not None and term.level == "광역":
            found.setdefault(term.name, term)
    return tuple(found.values())


def official_title(term: Term, role: str) -> str:
    """How Korean writes a head's title: 대전시장, 경북도지사, 구미시장, 관악구청장."""
    local = term.name.split()[-1]
    if term.level == "기초":
        return local[:-1] + role
    short = min((a for a in term.aliases if re.fullmatch(r"[가-힣]{2}", a)), default=local[:2])
    return short + ("도지사" if role == "지사" else role)


def _officials(text: str, cities: tuple[str, ...], education: tuple[Term, ...], resolve: _Resolver) -> tuple[str, ...]:
    chosen = [t for t in resolve.registry.terms if t.name in cities] + list(education)
    if not chosen:   # 이장우 동구청장 of a 동구 the text cannot place: the person, with the title as written
        return tuple(dict.fromkeys(
            f"{match.group('name')} {match.group('place')}{match.group('role')}" for match in _HEAD_AFTER_NAME.finditer(text)
            if match.group("name")[0] in _SURNAMES and match.group("place") + _ROLE_SUFFIX[match.group("role")] in
            resolve.unresolved))
    # Heads of the chosen governments, and of others named with their place (김태흠 충남도지사 along)
    found = [(head.start, f"{head.person} {head.title}") for head in _heads(text, resolve, chosen)]
    shorts = [official_title(t, "") for t in chosen]
    for match in _ORG_HEAD.finditer(text):
        name, org, role = match.group("name", "org", "role")
        if name[0] in _SURNAMES and any(org.startswith(short) for short in shorts if short):
            found.append((match.start(), f"{name} {org}{role}"))
    people: dict[str, str] = {}
    for _, title in sorted(found):
        people.setdefault(title.split()[0], title)
    return tuple(people.values())
