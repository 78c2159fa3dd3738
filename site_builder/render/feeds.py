"""JSON Feed 1.1 for the whole archive (Atom feeds are templates: templates/feed.xml)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Iterable

from site_builder.model import Article

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class FeedInfo:
    title: str
    description: str
    home_url: str
    feed_url: str
    language: str
    author: str


def rfc3339(article: Article) -> str:
    """Briefings carry a day, not a time: midnight in Korea."""
    return f"{article.date.isoformat()}T00:00:00+09:00"


def json_feed(info: FeedInfo, articles: Iterable[Article], url: Callable[[Article], str],
              summary: Callable[[Article], str], tags: Callable[[Article], list[str]]) -> bytes:
    items = []
    for article in articles:
        item = {
            "id": url(article),
            "url": url(article),
            "title": article.title,
            "content_text": summary(article),
            "summary": summary(article),
            "date_published": rfc3339(article),
            "language": info.language,
        }
        if article.trip is not None:
            item["_trip"] = {"start": article.trip.start.isoformat(), "end": article.trip.end.isoformat()}
        if article.source and article.source.url:
            item["external_url"] = article.source.url
        if names := tags(article):
            item["tags"] = names
        items.append(item)
    document = {
        "version": JSON_FEED_VERSION,
        "title": info.title,
        "home_page_url": info.home_url,
        "feed_url": info.feed_url,
        "description": info.description,
        "language": info.language,
        "authors": [{"name": info.author}],
        "items": items,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")
