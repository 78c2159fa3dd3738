"""iCalendar (RFC 5545) files of trips: all-day events from the first to the last day abroad.

Deterministic: DTSTAMP is the briefing's date, never the time of the build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Iterable

from site_builder.model import Article

PRODUCT_ID = "-//site_builder//해외교류 브리핑 아카이브//KO"


@dataclass(frozen=True)
class TripEvent:
    article: Article
    url: str
    who: str            # cities or agency
    location: str       # destinations


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (never inside a character)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def calendar(name: str, events: Iterable[TripEvent], host: str, timezone: str = "Asia/Seoul") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT_ID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}", f"X-WR-TIMEZONE:{_escape(timezone)}"]
    for event in events:
        article, trip = event.article, event.article.trip
        if trip is None:
            continue
        summary = f"{event.who}: {article.title}" if event.who else article.title
        lines += [
            "BEGIN:VEVENT",
            f"UID:{article.slug}@{host}",
            f"DTSTAMP:{article.date.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{trip.start.strftime('%Y%m%d')}",
            # DTEND of an all-day event is exclusive: the day after the last day.
            f"DTEND;VALUE=DATE:{(trip.end + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{_escape(event.location)}")
        if article.summary:
            lines.append(f"DESCRIPTION:{_escape(article.summary)}")
        lines += [f"URL:{event.url}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
