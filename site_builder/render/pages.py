"""Jinja2 templates -> pages. One Environment; each page is (site path, template, context).

Templates see plain records (Article, Term, Figure) plus a few helpers: ``url()`` for
links under the base path, ``term()``/``article()`` lookups, and Korean formatting filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date

from urllib.parse import urlsplit
from collections.abc import Mapping
from typing import Any, Callable, Iterator

from site_builder.config import Config
from site_builder.render.environment import make_environment, render_template
from site_builder.render.reads import (AllDescriptionsRead, ArticleRead, DescriptionRead, FooterPagesRead, Read,
                                       SummaryRead, TermListRead, TermRead, sorted_reads)
from site_builder.render.charts import Bar, Span, bar_chart, timeline_chart
from site_builder.render.feeds import FeedInfo, json_feed
from site_builder.render.ical import TripEvent, calendar
from site_builder.korean import format_quantity
from site_builder.linking import BRIEFING, References, Target, collect_references
from site_builder.markup import BodyFacts, RenderedBody
from site_builder.render.agreements import LEGEND as AGREEMENT_LEGEND, AgreementRow, agreement_rows, count_by_kind, records
from site_builder.render.ledger import LEGEND, Ledger, LedgerRow, summarize, to_csv, to_json
from site_builder.render.record_pages import event_path, plan_record_pages
from site_builder.render.metadata import article_ld, breadcrumbs_ld, json_ld, profile_ld
from site_builder.model import Article, Site, Term, TermKind
from site_builder.relate import Profiles, Relations, count_by_city
from site_builder.render.timeline import plan_timeline_pages
from site_builder.urls import UrlBuilder, briefing_path, term_index_path, term_path, year_path

FEED_LIMIT = 50
BRIEFINGS_LATEST = 30
FIGURES_PATH = "figures/"
HOME_LATEST = 10
SUMMARY_LENGTH = 140


@dataclass(frozen=True)
class Crumb:
    title: str
    path: str | None  # None for the current page


@dataclass(frozen=True)
class Page:
    path: str                      # site path: "briefings/x/" or "feed.xml"
    template: str
    title: str
    description: str = ""
    crumbs: tuple[Crumb, ...] = ()
    context: dict[str, Any] = field(default_factory=dict)
    in_sitemap: bool = True
    producer: Callable[[], bytes] | None = None    # data files (CSV, JSON, ICS) made without a template
    alternates: tuple[Alternate, ...] = ()          # feeds and calendars of this page: <link rel="alternate">
    structured: dict[str, Any] | Deferred | None = None   # schema.org JSON-LD of the page's main thing
    og_type: str = "website"


@dataclass(frozen=True)
class Deferred:
    """A part of a page made when the page is rendered, not when the site is planned (what it looks up is
    recorded as the page's reads then); ``key`` stands for it in the page's fingerprint."""
    key: str
    make: Callable[[], Any]


@dataclass(frozen=True)
class Alternate:
    path: str
    media_type: str
    title: str


class SiteRenderer:
    """Plans every page of the site and renders it."""

    def __init__(self, config: Config, site: Site, relations: Relations, bodies: Mapping[str, RenderedBody],
                 descriptions: dict[tuple[TermKind, str], str], facts: Mapping[str, BodyFacts] | None = None):
        self.config = config
        self.site = site
        self.relations = relations
        self.bodies = bodies   # may load lazily: only briefing pages read whole bodies
        self.facts = facts if facts is not None else {slug: BodyFacts.of(body) for slug, body in bodies.items()}
        self.reads: set[Read] = set()
        self.urls = UrlBuilder(config.base_url)
        self.articles = {a.slug: a for a in site.articles}
        self.env = make_environment(config.templates_dir, config.root)
        self.env.globals.update(
            site=config, url=self.urls.link, absolute_url=self.urls.absolute,
            term=self.term, article=self.article, articles_of=self.articles_of,
            briefing_url=lambda slug: self.urls.link(briefing_path(slug)),
            term_url=lambda kind, slug: self.urls.link(term_path(kind, slug)),
            TermKind=TermKind, descriptions=_RecordingDescriptions(descriptions, self.reads),
            summary=self.summary, breadcrumbs_json=self.breadcrumbs_json,
            json_ld=lambda value: json_ld(value.make() if isinstance(value, Deferred) else value),
            footer_pages=self.footer_pages,
            totals_chart=self.totals_chart, trips_chart=self.trips_chart, metric_url=lambda m: self.urls.link(
                metric_path(m)), figure_url=lambda row: self.urls.link(briefing_path(row.briefing)) + (
                f"#{row.anchor}" if row.anchor else ""),
            event_url=lambda key: self.urls.link(event_path(key)),
            agreement_counts=count_by_kind,
        )
        self.profiles = Profiles(site, relations)

    # Tables made from every briefing, made when a page first needs them: rendering only the pages of
    # edited briefings (``briefing_page``) never builds the ledger or the agreements.
    @cached_property
    def references(self) -> References:
        return collect_references([a.slug for a in self.site.articles], {s: f.links for s, f in self.facts.items()},
                                  {s: f.mentions for s, f in self.facts.items()})

    @cached_property
    def ledger(self) -> Ledger:
        return Ledger(self.site.articles, self.site.registries, lambda slug: self.facts[slug].anchored_figures)

    @cached_property
    def agreement_rows(self) -> list[AgreementRow]:
        return agreement_rows(self.site.articles, self.site.registries)

    # -- lookups for templates; each records what it read, for the build cache ----------------
    def term(self, kind: TermKind, slug: str) -> Term:
        self.reads.add(TermRead(kind, slug))
        return self.site.registries.of(kind).by_slug[slug]

    def article(self, slug: str) -> Article:
        self.reads.add(ArticleRead(slug))
        return self.articles[slug]

    def articles_of(self, kind: TermKind, slug: str) -> list[Article]:
        self.reads.add(TermListRead(kind, slug))
        return [self.articles[s] for s in self.relations.articles_of(kind, slug)]

    def footer_pages(self):
        """The editors' pages linked from every page's footer."""
        self.reads.add(FooterPagesRead())
        return [page for page in self.site.pages if page.footer]

    def summary(self, article: Article) -> str:
        if article.summary:
            return article.summary
        self.reads.add(SummaryRead(article.slug))
        text = self.facts[article.slug].lead
        return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH].rstrip() + "…"

    def totals_chart(self, chart_id: str, title: str, totals) -> str:
        return bar_chart(chart_id, title, [Bar(t.label, t.value, format_quantity(t.value, t.unit, t.approx, t.bound))
                                           for t in totals])

    def trips_chart(self, chart_id: str, year) -> str:
        return timeline_chart(chart_id, year.year, [Span(self._who(e.article, short=True) or e.article.title,
                                                         e.start, e.end) for e in year.trips])

    def breadcrumbs_json(self, page: Page) -> str:
        crumbs = [(crumb.title, self.urls.absolute(page.path if crumb.path is None else crumb.path))
                  for crumb in page.crumbs]
        return json_ld(breadcrumbs_ld(crumbs))

    # -- the page plan ----------------------------------------------------------------------
    def plan(self) -> Iterator[Page]:
        home = Crumb("홈", "")
        yield Page("", "home.html", self.config.title, self.config.description, context={
            "latest": self.site.articles[:HOME_LATEST],
            "city_counts": count_by_city(self.site, self.relations),
            "year_counts": [(year, len(slugs)) for year, slugs in self.relations.by_year.items()],
            "total": len(self.site.articles),
        })
        # The newest briefings and a link per year: a list of every briefing would grow with the archive
        # (4 MB at 10,000) and change with every edit.
        yield Page("briefings/", "briefings.html", "브리핑",
                   f"해외교류 브리핑 {len(self.site.articles)}건: 최근 브리핑과 연도별 목록", (home, Crumb("브리핑", None)),
                   {"latest": self.site.articles[:BRIEFINGS_LATEST],
                    "years": [(year, len(slugs)) for year, slugs in self.relations.by_year.items()]})
        for article in self.site.articles:
            yield self._briefing_page(article)
        for kind in TermKind:
            yield from self._term_pages(kind, home)
        years_crumb = Crumb("연도", "years/")
        yield Page("years/", "years.html", "연도별 브리핑", "연도별 해외교류 브리핑 목록", (home, Crumb("연도", None)),
                   {"years": [(year, len(slugs)) for year, slugs in self.relations.by_year.items()]})
        for year, slugs in self.relations.by_year.items():
            yield Page(year_path(year), "year.html", f"{year}년 브리핑", f"{year}년의 해외교류 브리핑 {len(slugs)}건",
                       (home, years_crumb, Crumb(f"{year}년", None)),
                       {"year": year, "articles": [self.articles[s] for s in slugs]})
        yield Page("search/", "search.html", "검색", "브리핑 제목·본문·도시·파트너를 한국어로 검색합니다.",
                   (home, Crumb("검색", None)), {}, in_sitemap=False)
        for standalone in self.site.pages:
            yield Page(standalone.path, "page.html", standalone.title, standalone.description,
                       (home, Crumb(standalone.title, None)), {"standalone": standalone})
        yield Page("404.html", "404.html", "페이지를 찾을 수 없습니다", "", (), {}, in_sitemap=False)
        latest = self.site.articles[:FEED_LIMIT]
        yield Page("feed.xml", "feed.xml", self.config.title, self.config.description, (), {
            "entries": latest, "updated": _latest_date(latest),
        }, in_sitemap=False)
        yield Page("robots.txt", "robots.txt", "", "", (), {}, in_sitemap=False)
        yield from self._archive_pages(home)

    def briefing_page(self, path: str) -> Page | None:
        """The page ``plan()`` gives for a briefing's path, made directly (the preview asks for one page)."""
        slug = path.removeprefix("briefings/").removesuffix("/")
        article = self.articles.get(slug)
        return self._briefing_page(article) if article is not None and briefing_path(slug) == path else None

    def _briefing_page(self, article: Article) -> Page:
        older, newer = self.relations.older[article.slug], self.relations.newer[article.slug]
        crumbs = (Crumb("홈", ""), Crumb("브리핑", "briefings/"), Crumb(article.title, None))
        return Page(briefing_path(article.slug), "briefing.html", article.title, self.summary(article), crumbs, {
            "article": article, "body": self.bodies[article.slug],
            "older": older and self.articles[older], "newer": newer and self.articles[newer],
            "related": [(self.articles[r.slug], r) for r in self.relations.related[article.slug]],
            "event_reports": self.relations.events.get(article.event or "", ()),
            **self._briefing_links(article),
        }, structured=Deferred("article", lambda: self._article_structured(article)), og_type="article")

    def _term_pages(self, kind: TermKind, home: Crumb) -> Iterator[Page]:
        """Index and profile of every entry that a briefing lists in its front matter or names in its body."""
        referenced = self.references.mentioned_terms(kind)
        used = [term for term in self.site.registries.of(kind).terms
                if self.relations.articles_of(kind, term.slug) or term.slug in referenced]
        used.sort(key=lambda t: (-len(self.relations.articles_of(kind, t.slug)), t.name))
        title = {TermKind.CITY: "도시별", TermKind.PARTNER: "파트너별", TermKind.PLACE: "방문지별",
                 TermKind.TAG: "태그별"}[kind] + " 브리핑"
        section = Crumb(kind.label, term_index_path(kind))
        yield Page(term_index_path(kind), "terms.html", title, f"{kind.label} {len(used)}곳의 해외교류 브리핑",
                   (home, Crumb(kind.label, None)),
                   {"kind": kind, "terms": used, "mention_counts": {t.slug: len(self._mentioning(kind, t.slug))
                                                                   for t in used}})
        for term in used:
            yield from self._profile_pages(kind, term, (home, section, Crumb(term.name, None)))

    def _mentioning(self, kind: TermKind, slug: str) -> list[Article]:
        """Briefings that name the entry in their body ([[link]] or first mention) without listing it."""
        target = Target(kind.value, slug)
        listed = set(self.relations.articles_of(kind, slug))
        slugs = dict.fromkeys(self.references.links_to(target) + self.references.mentions_of(target))
        return [a for a in self._newest_first(slugs) if a.slug not in listed]

    def _newest_first(self, slugs) -> list[Article]:
        return sorted((self.articles[s] for s in slugs), key=lambda a: (a.date, a.slug), reverse=True)

    def _profile_pages(self, kind: TermKind, term: Term, crumbs: tuple[Crumb, ...]) -> Iterator[Page]:
        profile = self.profiles.of(kind, term.slug)
        articles = [self.articles[s] for s in profile.articles]
        path = term_path(kind, term.slug)
        alternates = []
        newest_first = articles[::-1][:FEED_LIMIT]
        if kind in (TermKind.CITY, TermKind.PARTNER) and articles:
            feed = Alternate(path + "feed.xml", "application/atom+xml", f"{term.name} 브리핑 (Atom)")
            alternates.append(feed)
            yield Page(feed.path, "feed.xml", f"{term.name} · {self.config.title}",
                       f"{term.name} 관련 해외교류 브리핑", (), {
                           "entries": newest_first, "updated": _latest_date(newest_first), "home_path": path,
                       }, in_sitemap=False)
        trips = [a for a in articles if a.trip]
        if kind is TermKind.CITY and trips:
            ics = Alternate(path + "calendar.ics", "text/calendar", f"{term.name} 출장 일정 (iCalendar)")
            alternates.append(ics)
            # The context names what the calendar is made of, so the build cache redoes it only when they change.
            yield Page(ics.path, "", ics.title, "", context={"name": term.name, "trips": trips}, in_sitemap=False,
                       producer=lambda: self._calendar(f"{term.name} 해외 출장", trips))
        count = len(articles)
        description = (f"{term.name}: 해외교류 브리핑 {count}건" if count else f"{term.name}: 본문에서 언급한 브리핑")
        yield Page(path, "term.html", term.name, description, crumbs, {
            "kind": kind, "entry": term, "profile": profile, "articles": articles,
            "mentioning": self._mentioning(kind, term.slug),
            "figures": summarize(self.ledger.rows_of(profile.articles)) if kind is TermKind.CITY else [],
            "agreements": self._agreements_of(kind, term.slug, profile.articles),
        }, alternates=tuple(alternates), structured=profile_ld(
            term, self.urls.absolute(path), description,
            [(a.title, self.urls.absolute(briefing_path(a.slug))) for a in newest_first]))

    def _agreements_of(self, kind: TermKind, slug: str, briefings: tuple[str, ...]) -> list[AgreementRow]:
        """A city's agreements are those of its briefings; a partner's those that name it as a party."""
        if kind is TermKind.CITY:
            listed = set(briefings)
            return [row for row in self.agreement_rows if listed.intersection(row.reports)]
        if kind is TermKind.PARTNER:
            return [row for row in self.agreement_rows if slug in row.partners]
        return []

    def agreement_url(self, row: AgreementRow) -> str:
        return self.urls.absolute(briefing_path(row.briefing)) + f"#{row.anchor}"

    def _briefing_links(self, article: Article) -> dict[str, Any]:
        """Before/after in each city, and the briefings whose [[links]] point here."""
        around = []
        for city in article.cities:
            older, newer = self.profiles.around(TermKind.CITY, city, article.slug)
            if older or newer:
                around.append((self.term(TermKind.CITY, city), older and self.articles[older],
                               newer and self.articles[newer]))
        linked_from = self._newest_first(self.references.links_to(Target(BRIEFING, article.slug)))
        return {"around": around, "linked_from": linked_from}

    def _article_structured(self, article: Article) -> dict[str, Any]:
        def entry(kind: TermKind, slug: str) -> tuple[Term, str]:
            return self.term(kind, slug), self.urls.absolute(term_path(kind, slug))
        about = [entry(kind, slug) for kind in (TermKind.CITY, TermKind.PARTNER, TermKind.PLACE)
                 for slug in article.terms(kind)]
        listed = {(term.kind, term.slug) for term, _ in about}
        body = self.facts[article.slug]
        mentioned = [entry(t.term_kind, t.slug) for t in dict.fromkeys(body.links + body.mentions)
                     if t.term_kind in (TermKind.CITY, TermKind.PARTNER, TermKind.PLACE)
                     and (t.term_kind, t.slug) not in listed]
        return article_ld(article, self.urls.absolute(briefing_path(article.slug)), self.summary(article), about,
                          mentioned, self.config.title, [self.term(TermKind.TAG, t).name for t in article.tags])

    def _archive_pages(self, home: Crumb) -> Iterator[Page]:
        """Timeline, figures ledger, JSON Feed and calendars."""
        yield from plan_timeline_pages(self, home)
        yield Page("calendar.ics", "", "calendar", "", in_sitemap=False,
                   producer=lambda: self._calendar(f"{self.config.title} 출장 일정", self.site.articles))
        yield Page("feed.json", "", "feed", "", in_sitemap=False, producer=self._json_feed)
        figures_crumb = Crumb("수치", FIGURES_PATH)
        summaries = self.ledger.summaries
        yield Page(FIGURES_PATH, "figures.html", "수치 장부",
                   f"브리핑 {len(self.site.articles)}건이 밝힌 수치 {len(self.ledger.rows)}개를 지표별로 모았습니다.",
                   (home, Crumb("수치", None)), {"summaries": summaries, "rows": self.ledger.rows, "legend": LEGEND,
                                               "agreement_legend": AGREEMENT_LEGEND,
                                               "agreement_kinds_count": count_by_kind(self.agreement_rows)})
        for summary in summaries:
            yield Page(metric_path(summary.metric), "metric.html", f"{summary.name} 수치",
                       f"{summary.name}: 브리핑이 밝힌 수치 {len(summary.rows)}개, 도시별·연도별 합계",
                       (home, figures_crumb, Crumb(summary.name, None)),
                       {"summary": summary, "cities_with_pages": dict.fromkeys(sorted(self.site.registries.cities.by_slug))})
        yield Page(FIGURES_PATH + "ledger.csv", "", "ledger", "", in_sitemap=False,
                   producer=lambda: to_csv(self.ledger.rows, self._figure_url))
        yield Page(FIGURES_PATH + "ledger.json", "", "ledger", "", in_sitemap=False,
                   producer=lambda: to_json(self.ledger.rows, self._figure_url, f"{self.config.title} 수치 장부",
                                            self.urls.absolute(FIGURES_PATH), self._license(),
                                            records(self.agreement_rows, self.agreement_url), AGREEMENT_LEGEND))
        yield from plan_record_pages(self, home)

    def _license(self) -> str:
        license_ = self.config.data_license
        return f"{license_} ({self.config.data_license_url})" if license_ and self.config.data_license_url else license_

    def _figure_url(self, row: LedgerRow) -> str:
        url = self.urls.absolute(briefing_path(row.briefing))
        return f"{url}#{row.anchor}" if row.anchor else url

    def _who(self, article: Article, short: bool = False) -> str:
        names = [(lambda t: t.short_name if short else t.name)(self.term(TermKind.CITY, c)) for c in article.cities]
        return ", ".join(names) or article.agency or ""

    def _calendar(self, name: str, articles) -> bytes:
        events = [TripEvent(a, self.urls.absolute(briefing_path(a.slug)), self._who(a),
                            ", ".join(self.term(TermKind.PLACE, p).name for p in a.destinations))
                  for a in sorted(articles, key=lambda a: (a.trip.start, a.slug) if a.trip else (a.date, a.slug))
                  if a.trip]
        return calendar(name, events, urlsplit(self.config.base_url).hostname or "localhost", self.config.timezone)

    def _json_feed(self) -> bytes:
        info = FeedInfo(self.config.title, self.config.description, self.urls.absolute(""),
                        self.urls.absolute("feed.json"), self.config.language, self.config.author)
        return json_feed(info, self.site.articles[:FEED_LIMIT], lambda a: self.urls.absolute(briefing_path(a.slug)),
                         self.summary, lambda a: [self.term(TermKind.TAG, t).name for t in a.tags])

    def render_recording(self, page: Page) -> tuple[bytes, tuple[Read, ...]]:
        """The page's bytes and the inputs its template looked up beyond its own context."""
        self.reads.clear()
        data = self.render(page)
        return data, sorted_reads(self.reads)

    def render(self, page: Page) -> bytes:
        if page.producer is not None:
            return page.producer()
        return render_template(self.env, page.template, {"page": page, **page.context}, self.config,
                               page.path or "home")

    def sitemap(self, pages: list[Page]) -> bytes:
        entries = [(self.urls.absolute(p.path), _page_date(p)) for p in pages if p.in_sitemap]
        return render_template(self.env, "sitemap.xml", {"entries": sorted(entries)}, self.config, "sitemap.xml")


class _RecordingDescriptions(Mapping):
    """The registry descriptions, read-only, noting each one a template reads."""

    def __init__(self, data: Mapping[tuple[TermKind, str], str], reads: set[Read]):
        self._data, self._reads = data, reads

    def __getitem__(self, key: tuple[TermKind, str]) -> str:
        self._reads.add(DescriptionRead(*key))
        return self._data[key]

    def __contains__(self, key) -> bool:
        self._reads.add(DescriptionRead(*key))
        return key in self._data

    def __iter__(self):
        self._reads.add(AllDescriptionsRead())
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add(AllDescriptionsRead())
        return len(self._data)


def metric_path(metric: str) -> str:
    return f"{FIGURES_PATH}{metric.replace('_', '-')}/"


def _latest_date(articles) -> date | None:
    return max((a.date for a in articles), default=None)


def _page_date(page: Page) -> date | None:
    if "article" in page.context:
        return page.context["article"].date
    articles = page.context.get("articles")
    return _latest_date(articles) if articles else None
