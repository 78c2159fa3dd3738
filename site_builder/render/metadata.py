"""Machine-readable page metadata: schema.org JSON-LD (NewsArticle, BreadcrumbList, profiles).

Serialized so that it can never end its <script> element early: <, > and & are \\u escapes.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from markupsafe import Markup

from site_builder.model import Article, Term, TermKind

_SCHEMA = "https://schema.org"
_TYPES = {TermKind.CITY: "GovernmentOrganization", TermKind.PARTNER: "Organization", TermKind.PLACE: "Place"}


def json_ld(data: dict[str, Any]) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return Markup(text)


def term_ld(term: Term, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": _TYPES.get(term.kind, "Thing"), "name": term.name, "url": url}
    if term.aliases:
        data["alternateName"] = list(term.aliases)
    if term.kind is TermKind.PLACE and term.country:
        data["containedInPlace"] = {"@type": "Country", "name": term.country}
    return data


def breadcrumbs_ld(crumbs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """(name, absolute URL) pairs, the current page last."""
    return {
        "@context": _SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": position, "name": name, "item": url}
                            for position, (name, url) in enumerate(crumbs, start=1)],
    }


def article_ld(article: Article, url: str, description: str, about: list[tuple[Term, str]],
               mentions: list[tuple[Term, str]], publisher: str, tag_names: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": _SCHEMA,
        "@type": "NewsArticle",
        "headline": article.title,
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "ko",
        "datePublished": article.date.isoformat(),
        "publisher": {"@type": "Organization", "name": publisher},
    }
    if article.source:
        data["author"] = {"@type": "Organization", "name": article.source.publisher}
        if article.source.reporter:
            data["author"] = [data["author"], {"@type": "Person", "name": article.source.reporter}]
        if article.source.url:
            data["isBasedOn"] = article.source.url
    if about:
        data["about"] = [term_ld(term, term_url) for term, term_url in about]
    if mentions:
        data["mentions"] = [term_ld(term, term_url) for term, term_url in mentions]
    if tag_names:
        data["keywords"] = tag_names
    if article.trip:
        data["temporalCoverage"] = f"{article.trip.start.isoformat()}/{article.trip.end.isoformat()}"
    return data


def profile_ld(term: Term, url: str, description: str, items: list[tuple[str, str]]) -> dict[str, Any]:
    """A profile page: CollectionPage about the entry, listing its briefings (title, URL)."""
    return {
        "@context": _SCHEMA,
        "@type": "CollectionPage",
        "name": term.name,
        "description": description,
        "url": url,
        "about": term_ld(term, url),
        "hasPart": [{"@type": "NewsArticle", "headline": title, "url": item_url} for title, item_url in items],
    }


