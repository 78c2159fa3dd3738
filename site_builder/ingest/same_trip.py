"""Reports of one trip: a new draft whose city and trip dates overlap an existing briefing's is named in
``review``, so the editor can give both the same ``event`` key (the figures of one trip are then counted once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from site_builder.model import Registries
from site_builder.registry import lookup


@dataclass(frozen=True)
class TripReport:
    path: Path
    cities: frozenset[str]     # registry slugs
    start: date
    end: date
    event: str | None


def trip_report(path: Path, front: Any, registries: Registries) -> TripReport | None:
    """The city and trip of a briefing's front matter (already parsed), or None when it has neither."""
    if not isinstance(front, dict):
        return None
    trip, names = front.get("trip"), front.get("city")
    if not isinstance(trip, dict) or not isinstance(names, list):
        return None
    start, end = trip.get("start"), trip.get("end", trip.get("start"))
    if not isinstance(start, date) or not isinstance(end, date):
        return None
    cities = frozenset(term.slug for name in names if isinstance(name, str)
                       and (term := lookup(registries.cities, name)) is not None)
    event = front.get("event") if isinstance(front.get("event"), str) else None
    return TripReport(path, cities, start, end, event) if cities else None


def read_front(text: str) -> Any:
    """The front matter of a briefing file as YAML data (None when it has none or it does not parse)."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 4)
    try:
        return yaml.safe_load(text[4:end]) if end > 0 else None
    except yaml.YAMLError:
        return None


def same_trip_review(draft: TripReport, known: list[TripReport], shown) -> tuple[str, ...]:
    """A ``review`` line for each briefing that reports the same city's trip on overlapping days."""
    lines = []
    for other in known:
        if other.path == draft.path or not (draft.cities & other.cities):
            continue
        if draft.start <= other.end and other.start <= draft.end:
            event = (f"그 브리핑의 event: {other.event}를 이 초안에도 쓰세요" if other.event
                     else "같은 출장이면 두 브리핑에 같은 event: 키를 주세요")
            lines.append(f"event: 같은 도시의 겹치는 출장을 다룬 브리핑이 있습니다 — {shown(other.path)}. {event}")
    return tuple(lines)
