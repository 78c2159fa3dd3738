"""Taxonomies, chronology and related briefings, computed once from the validated site.

Related briefings come from an inverted index (term -> briefings) with a window of
the nearest briefings in time for very common terms, so the cost grows with the
number of briefings, not with its square.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from site_builder.model import Article, Site, TermKind

RELATED_LIMIT = 5
# For a term shared by many briefings, only this many neighbours in time on each side are candidates.
POSTING_WINDOW = 60
_WEIGHTS = {TermKind.PARTNER: 6.0, TermKind.PLACE: 3.0, TermKind.CITY: 3.0, TermKind.TAG: 1.0}


@dataclass(frozen=True)
class Related:
    slug: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Relations:
    by_term: dict[tuple[TermKind, str], tuple[str, ...]]   # (kind, slug) -> article slugs, newest first
    by_year: dict[int, tuple[str, ...]]
    older: dict[str, str | None]
    newer: dict[str, str | None]
    related: dict[str, tuple[Related, ...]]

    def articles_of(self, kind: TermKind, slug: str) -> tuple[str, ...]:
        return self.by_term.get((kind, slug), ())


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def relative_month(then: date, now: date) -> str:
    """'13개월 전', '2개월 후', '같은 달' of ``then`` seen from ``now``."""
    months = months_between(then, now)
    if months == 0:
        return "같은 달"
    return f"{abs(months)}개월 {'전' if months > 0 else '후'}"


def relate(site: Site) -> Relations:
    articles = site.articles  # newest first
    by_term: dict[tuple[TermKind, str], list[str]] = defaultdict(list)
    cities = site.registries.cities.by_slug
    for article in articles:
        for kind in TermKind:
            for slug in article.terms(kind):
                by_term[(kind, slug)].append(article.slug)
        # A 광역 government's page also lists the briefings of its 기초 governments.
        for parent in sorted({cities[c].parent for c in article.cities if cities[c].parent} - set(article.cities)):
            by_term[(TermKind.CITY, parent)].append(article.slug)
    by_year: dict[int, list[str]] = defaultdict(list)
    for article in articles:
        by_year[article.date.year].append(article.slug)
    slugs = [a.slug for a in articles]
    older = {slug: (slugs[i + 1] if i + 1 < len(slugs) else None) for i, slug in enumerate(slugs)}
    newer = {slug: (slugs[i - 1] if i > 0 else None) for i, slug in enumerate(slugs)}
    return Relations(
        by_term={key: tuple(value) for key, value in sorted(by_term.items())},
        by_year={year: tuple(value) for year, value in sorted(by_year.items(), reverse=True)},
        older=older, newer=newer,
        related=_related(site),
    )


def _related(site: Site) -> dict[str, tuple[Related, ...]]:
    articles = site.articles
    postings: dict[tuple[TermKind, str], list[int]] = defaultdict(list)
    for index, article in enumerate(articles):
        for kind in _WEIGHTS:
            for slug in article.terms(kind):
                postings[(kind, slug)].append(index)  # ascending index = newest first
    names = {kind: site.registries.of(kind).by_slug for kind in _WEIGHTS}
    result: dict[str, tuple[Related, ...]] = {}
    for index, article in enumerate(articles):
        shared: dict[int, list[tuple[TermKind, str]]] = defaultdict(list)
        for kind in _WEIGHTS:
            for slug in article.terms(kind):
                posting = postings[(kind, slug)]
                for other in _window(posting, index):
                    shared[other].append((kind, slug))
        scored = []
        for other, terms in shared.items():
            candidate = articles[other]
            score = sum(_WEIGHTS[kind] for kind, _ in terms)
            gap = abs((article.date - candidate.date).days)
            score += 1.0 / (1.0 + gap / 180.0)  # closeness in time breaks ties and lifts near events
            scored.append((-score, gap, candidate.slug, other, terms))
        scored.sort()
        result[article.slug] = tuple(
            Related(slug, round(-negative, 4), _reasons(article, articles[other], terms, names))
            for negative, _, slug, other, terms in scored[:RELATED_LIMIT]
        )
    return result


def _window(posting: list[int], index: int) -> list[int]:
    """Neighbours of ``index`` in a posting list, limited to the nearest in time."""
    if len(posting) <= 2 * POSTING_WINDOW + 1:
        return [i for i in posting if i != index]
    at = bisect_left(posting, index)
    low, high = max(0, at - POSTING_WINDOW), min(len(posting), at + POSTING_WINDOW + 1)
    return [i for i in posting[low:high] if i != index]


def _reasons(article: Article, other: Article, terms, names) -> tuple[str, ...]:
    grouped: dict[TermKind, list[str]] = defaultdict(list)
    for kind, slug in terms:
        grouped[kind].append(names[kind][slug].short_name if kind is TermKind.CITY else names[kind][slug].name)
    reasons = []
    for kind in (TermKind.PARTNER, TermKind.PLACE):
        if grouped[kind]:
            reasons.append(f"같은 {kind.label}: {', '.join(grouped[kind])}")
    if grouped[TermKind.CITY]:
        # One shared city is named on the page already; several are spelled out.
        which = "" if len(grouped[TermKind.CITY]) == 1 else f"({', '.join(grouped[TermKind.CITY])})"
        reasons.append(f"같은 도시{which}, {relative_month(other.date, article.date)}")
    if grouped[TermKind.TAG]:
        reasons.append(f"같은 태그: {', '.join(grouped[TermKind.TAG])}")
    return tuple(reasons)


def count_by_city(site: Site, relations: Relations) -> list[tuple[str, int]]:
    """(city slug, briefing count), most first, then by name."""
    counts = Counter({slug: len(items) for (kind, slug), items in relations.by_term.items() if kind is TermKind.CITY})
    names = site.registries.cities.by_slug
    return sorted(counts.items(), key=lambda item: (-item[1], names[item[0]].name))


# What a profile page lists beside its briefings, and how it titles each list.
_NEIGHBOURS = {
    TermKind.CITY: ((TermKind.PARTNER, "만난 파트너"), (TermKind.PLACE, "방문한 곳")),
    TermKind.PARTNER: ((TermKind.CITY, "만난 도시"), (TermKind.PLACE, "만난 곳")),
    TermKind.PLACE: ((TermKind.CITY, "방문한 도시"), (TermKind.PARTNER, "이곳에서 만난 파트너")),
    TermKind.TAG: ((TermKind.CITY, "도시"), (TermKind.PARTNER, "파트너")),
}


@dataclass(frozen=True)
class Profile:
    """A city, partner, place or tag seen through its briefings."""
    kind: TermKind
    slug: str
    articles: tuple[str, ...]                                            # oldest first
    neighbours: tuple[tuple[TermKind, str, tuple[tuple[str, int], ...]], ...]  # (kind, title, (slug, briefings)), most first
    agencies: tuple[tuple[str, int], ...]                                 # national agencies, for briefings without a city


class Profiles:
    """Profiles and per-term chronology, computed from the term -> briefings lists of ``Relations``."""

    def __init__(self, site: Site, relations: Relations):
        self.site = site
        self.relations = relations
        self.articles = {a.slug: a for a in site.articles}
        self._positions: dict[tuple[TermKind, str], dict[str, int]] = {}

    def of(self, kind: TermKind, slug: str) -> Profile:
        slugs = self.relations.articles_of(kind, slug)
        articles = [self.articles[s] for s in slugs]
        neighbours = []
        for other_kind, title in _NEIGHBOURS[kind]:
            counts = Counter(other for a in articles for other in a.terms(other_kind)
                             if not (other_kind is kind and other == slug))
            names = self.site.registries.of(other_kind).by_slug
            ranked = sorted(counts.items(), key=lambda item: (-item[1], names[item[0]].name))
            if ranked:
                neighbours.append((other_kind, title, tuple(ranked)))
        agencies = Counter(a.agency for a in articles if a.agency and not a.cities)
        return Profile(kind, slug, tuple(reversed(slugs)), tuple(neighbours),
                       tuple(sorted(agencies.items(), key=lambda item: (-item[1], item[0]))))

    def around(self, kind: TermKind, slug: str, article: str) -> tuple[str | None, str | None]:
        """(older, newer) briefing of the same term as ``article``: what the city did before and after."""
        slugs = self.relations.articles_of(kind, slug)  # newest first
        positions = self._positions.get((kind, slug))
        if positions is None:
            positions = self._positions[(kind, slug)] = {s: i for i, s in enumerate(slugs)}
        at = positions.get(article)
        if at is None:
            return None, None
        return (slugs[at + 1] if at + 1 < len(slugs) else None), (slugs[at - 1] if at > 0 else None)


def oldest_first(articles: Iterable[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date, a.slug))
