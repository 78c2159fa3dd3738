"""The archive as a timeline: years and months, each briefing at the date of its trip (or its own date)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable, Iterator

from site_builder.model import Article

if TYPE_CHECKING:
    from site_builder.render.pages import Crumb, Page, SiteRenderer


@dataclass(frozen=True)
class TimelineEntry:
    article: Article
    start: date        # the trip's first day, or the briefing's date
    end: date

    @property
    def is_trip(self) -> bool:
        return self.article.trip is not None


@dataclass(frozen=True)
class TimelineMonth:
    month: int
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class TimelineYear:
    year: int
    months: tuple[TimelineMonth, ...]
    trips: tuple[TimelineEntry, ...]   # entries with a trip, for the chart
    quiet_before: tuple[int, int] | None  # (first, last) year without any briefing just before this one

    @property
    def count(self) -> int:
        return sum(len(month.entries) for month in self.months)

    def summary(self) -> TimelineYearSummary:
        return TimelineYearSummary(self.year, self.count, len(self.trips), self.quiet_before)


@dataclass(frozen=True)
class TimelineYearSummary:
    """A year as the timeline's index lists it."""
    year: int
    count: int
    trips: int
    quiet_before: tuple[int, int] | None


def timeline_year_path(year: int) -> str:
    return f"timeline/{year}/"


def entry(article: Article) -> TimelineEntry:
    if article.trip is not None:
        return TimelineEntry(article, article.trip.start, article.trip.end)
    return TimelineEntry(article, article.date, article.date)


def build_timeline(articles: Iterable[Article]) -> list[TimelineYear]:
    """Oldest year first; months and entries in date order."""
    entries = sorted((entry(a) for a in articles), key=lambda e: (e.start, e.end, e.article.slug))
    by_year: dict[int, dict[int, list[TimelineEntry]]] = defaultdict(lambda: defaultdict(list))
    for item in entries:
        by_year[item.start.year][item.start.month].append(item)
    years = []
    previous = None
    for year in sorted(by_year):
        months = tuple(TimelineMonth(month, tuple(items)) for month, items in sorted(by_year[year].items()))
        trips = tuple(item for month in months for item in month.entries if item.is_trip)
        quiet = (previous + 1, year - 1) if previous is not None and year - previous > 1 else None
        years.append(TimelineYear(year, months, trips, quiet))
        previous = year
    return years


def plan_timeline_pages(renderer: SiteRenderer, home: Crumb) -> Iterator[Page]:
    """The timeline's index of years and a page per year, so a page's size and an edit's cost stay those of
    one year (one page of 10,000 briefings was 7 MB)."""
    from site_builder.render.pages import Alternate, Crumb, Page
    timeline = build_timeline(renderer.site.articles)
    calendar_link = (Alternate("calendar.ics", "text/calendar", "모든 출장 일정 (iCalendar)"),)
    timeline_crumb = Crumb("타임라인", "timeline/")
    yield Page("timeline/", "timeline.html", "타임라인", "모든 브리핑을 연도와 달별로, 출장 기간과 함께 봅니다.",
               (home, Crumb("타임라인", None)), {"years": [year.summary() for year in timeline]},
               alternates=calendar_link)
    for index, year in enumerate(timeline):
        yield Page(timeline_year_path(year.year), "timeline_year.html", f"{year.year}년 타임라인",
                   f"{year.year}년의 해외교류 브리핑 {year.count}건을 달별로, 출장 기간과 함께 봅니다.",
                   (home, timeline_crumb, Crumb(f"{year.year}년", None)),
                   {"year": year, "older": timeline[index - 1].year if index else None,
                    "newer": timeline[index + 1].year if index + 1 < len(timeline) else None},
                   alternates=calendar_link)
