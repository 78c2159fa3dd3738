"""Taxonomies, chronology and related briefings, computed once from the validated site.

Related briefings come from an inverted index (term -> briefings) with a window of
the nearest briefings in time for very common terms and a top-k cut, so the cost grows
with the number of briefings, not with its square.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from site_builder.model import Article, Site, TermKind

RELATED_LIMIT = 5
# For a term shared by many briefings, only this many neighbours in time on each side are candidates.
POSTING_WINDOW = 60
TAG_WINDOW = 20  # tags are broad and light: fewer neighbours
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
    events: dict[str, tuple[str, ...]] = field(default_factory=dict)   # event key -> its reports, oldest first

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
        events=events_of(articles),
    )


def events_of(articles: tuple[Article, ...]) -> dict[str, tuple[str, ...]]:
    """Every event key and the briefings that report it, oldest first: one trip, many reports."""
    events: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.event:
            events[article.event].append(article)
    return {key: tuple(a.slug for a in sorted(reports, key=lambda a: (a.date, a.slug))) for key, reports in sorted(events.items())}


def _related(site: Site) -> dict[str, tuple[Related, ...]]:
    """Top related briefings of each briefing, scored from the terms they share and closeness in time.

    Candidates come from the posting lists of the briefing's own terms, each cut to a window of the
    briefings nearest in time (wider for rare, heavy terms), so the work per briefing is bounded.
    """
    articles = site.articles
    postings: dict[tuple[TermKind, str], list[int]] = defaultdict(list)
    for index, article in enumerate(articles):
        for kind in _WEIGHTS:
            for slug in article.terms(kind):
                postings[(kind, slug)].append(index)  # ascending index = newest first
    ordinals = [article.date.toordinal() for article in articles]
    names = {kind: site.registries.of(kind).by_slug for kind in _WEIGHTS}
    result: dict[str, tuple[Related, ...]] = {}
    for index, article in enumerate(articles):
        scores: dict[int, float] = {}
        for kind, weight in _WEIGHTS.items():
            window = POSTING_WINDOW if weight > 1 else TAG_WINDOW
            for slug in article.terms(kind):
                for other in _window(postings[(kind, slug)], index, window):
                    scores[other] = scores.get(other, 0.0) + weight
        day = ordinals[index]
        # The time bonus is at most 1, so a candidate more than 1 below the k-th best shared score cannot rank.
        floor = min(heapq.nlargest(RELATED_LIMIT, scores.values()), default=0.0) - 1.0
        ranked = heapq.nsmallest(RELATED_LIMIT, (
            (-(score + 1.0 / (1.0 + abs(day - ordinals[other]) / 180.0)), abs(day - ordinals[other]),
             articles[other].slug, other)
            for other, score in scores.items() if score >= floor))
        result[article.slug] = tuple(
            Related(slug, round(-negative, 4), _reasons(article, articles[other], _shared(article, articles[other]),
                                                        names))
            for negative, _, slug, other in ranked
        )
    return result


def _window(posting: list[int], index: int, window: int = POSTING_WINDOW) -> list[int]:
    """Neighbours of ``index`` in a posting list, limited to the ``window`` nearest in time on each side."""
    if len(posting) > 2 * window + 1:
        at = bisect_left(posting, index)
        posting = posting[max(0, at - window):at + window + 1]
    return [i for i in posting if i != index]


def _shared(article: Article, other: Article) -> list[tuple[TermKind, str]]:
    """Terms of ``article`` that ``other`` has too, in the article's order, heaviest kind first."""
    return [(kind, slug) for kind in _WEIGHTS for slug in article.terms(kind) if slug in other.terms(kind)]


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
