"""Pages of the archive's records beyond briefings and registries: the agreements list and the event
pages (one trip, many reports). ``plan_record_pages`` is all the page plan needs to call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from site_builder.korean import format_range
from site_builder.model import Article, TermKind
from site_builder.render.agreements import FIELDS, count_by_kind, records
from site_builder.render.ledger import csv_bytes, summarize

if TYPE_CHECKING:
    from site_builder.render.pages import Crumb, Page, SiteRenderer

AGREEMENTS_PATH = "agreements/"
AGREEMENTS_CSV = "figures/agreements.csv"
EVENTS_PATH = "events/"


def event_path(key: str) -> str:
    return f"{EVENTS_PATH}{key}/"


def plan_record_pages(renderer: SiteRenderer, home: Crumb) -> Iterator[Page]:
    from site_builder.render.pages import Crumb, Page
    rows = renderer.agreement_rows
    kinds = count_by_kind(rows)
    total = sum(kind.count for kind in kinds)
    yield Page(AGREEMENTS_PATH, "agreements.html", "협약",
               f"브리핑이 밝힌 협약 {total}건: 누가 누구와 무엇을 언제 맺었는지, 체결을 밝힌 본문 문구와 함께.",
               (home, Crumb("협약", None)), {"rows": rows, "kinds": kinds, "total": total})
    yield Page(AGREEMENTS_CSV, "", "agreements", "", in_sitemap=False,
               producer=lambda: csv_bytes(FIELDS, records(rows, renderer.agreement_url)))

    # An event reported once is its briefing; a page of its own starts with the second report.
    events = {key: reports for key, reports in renderer.relations.events.items() if len(reports) > 1}
    if not events:
        return
    section = Crumb("출장·행사", EVENTS_PATH)
    summaries = {key: event_summary(renderer, reports) for key, reports in events.items()}
    yield Page(EVENTS_PATH, "events.html", "출장·행사별 보도",
               f"같은 출장·행사를 다룬 보도 {sum(len(r) for r in events.values())}건을 {len(events)}개 출장·행사로 묶었습니다.",
               (home, Crumb("출장·행사", None)), {"events": summaries})
    for key, reports in events.items():
        summary = summaries[key]
        articles = [renderer.articles[slug] for slug in reports]
        yield Page(event_path(key), "event.html", summary["title"],
                   f"{summary['title']}: 보도 {len(reports)}건, 같은 수치는 한 번만 셉니다.",
                   (home, section, Crumb(summary["title"], None)), {
                       "event": summary, "articles": articles,
                       "figures": summarize(renderer.ledger.rows_of(reports)),
                       "agreements": [row for row in rows if row.event == key],
                   })


def event_summary(renderer: SiteRenderer, reports: tuple[str, ...]) -> dict:
    """Key facts of an event from its reports: who, where, when, and a title made of them."""
    articles: list[Article] = [renderer.articles[slug] for slug in reports]
    cities = list(dict.fromkeys(c for a in articles for c in a.cities))
    places = list(dict.fromkeys(p for a in articles for p in a.destinations))
    who = ", ".join(renderer.term(TermKind.CITY, c).name for c in cities) or next(
        (a.agency for a in articles if a.agency), "")
    where = ", ".join(renderer.term(TermKind.PLACE, p).name for p in places)
    trips = [a.trip for a in articles if a.trip]
    start = min((t.start for t in trips), default=min(a.date for a in articles))
    end = max((t.end for t in trips), default=max(a.date for a in articles))
    title = " ".join(part for part in (who, where, "출장" if trips else "행사") if part)
    return {"key": articles[0].event, "title": f"{title} ({format_range(start, end)})", "who": who, "where": where,
            "start": start, "end": end, "reports": reports, "path": event_path(articles[0].event or "")}

