"""Jinja2 templates -> pages. One Environment; each page is (site path, template, context).

Templates see plain records (Article, Term, Figure) plus a few helpers: ``url()`` for
links under the base path, ``term()``/``article()`` lookups, and Korean formatting filters.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import jinja2

from site_builder import __version__
from site_builder.config import Config
from site_builder.diagnostics import Diagnostic
from site_builder.korean import format_date, format_month, format_quantity, format_range, group_korean
from site_builder.markup import RenderedBody
from site_builder.model import METRICS, Article, Site, Term, TermKind
from site_builder.relate import Relations, count_by_city
from site_builder.urls import UrlBuilder, briefing_path, term_index_path, term_path, year_path

FEED_LIMIT = 50
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


class TemplateError(Exception):
    """A template could not be loaded or rendered."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def make_environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        korean_date=format_date,
        korean_range=format_range,
        quantity=lambda figure: format_quantity(figure.value, figure.unit, figure.approx),
        amount=format_quantity,
        korean_number=group_korean,
        iso=lambda value: value.isoformat(),
    )
    env.globals.update(metric_names=METRICS, format_month=format_month, version=__version__)
    return env


class SiteRenderer:
    """Plans every page of the site and renders it."""

    def __init__(self, config: Config, site: Site, relations: Relations, bodies: dict[str, RenderedBody],
                 descriptions: dict[tuple[TermKind, str], str]):
        self.config = config
        self.site = site
        self.relations = relations
        self.bodies = bodies
        self.urls = UrlBuilder(config.base_url)
        self.articles = {a.slug: a for a in site.articles}
        self.env = make_environment(config.templates_dir)
        self.env.globals.update(
            site=config, url=self.urls.link, absolute_url=self.urls.absolute,
            term=self.term, article=self.article, articles_of=self.articles_of,
            briefing_url=lambda slug: self.urls.link(briefing_path(slug)),
            term_url=lambda kind, slug: self.urls.link(term_path(kind, slug)),
            TermKind=TermKind, descriptions=descriptions,
        )

    # -- lookups for templates --------------------------------------------------------------
    def term(self, kind: TermKind, slug: str) -> Term:
        return self.site.registries.of(kind).by_slug[slug]

    def article(self, slug: str) -> Article:
        return self.articles[slug]

    def articles_of(self, kind: TermKind, slug: str) -> list[Article]:
        return [self.articles[s] for s in self.relations.articles_of(kind, slug)]

    def summary(self, article: Article) -> str:
        if article.summary:
            return article.summary
        text = self.bodies[article.slug].text
        return text if len(text) <= SUMMARY_LENGTH else text[:SUMMARY_LENGTH].rstrip() + "…"

    # -- the page plan ----------------------------------------------------------------------
    def plan(self) -> Iterator[Page]:
        home = Crumb("홈", "")
        yield Page("", "home.html", self.config.title, self.config.description, context={
            "latest": self.site.articles[:HOME_LATEST],
            "city_counts": count_by_city(self.site, self.relations),
            "year_counts": [(year, len(slugs)) for year, slugs in self.relations.by_year.items()],
            "total": len(self.site.articles),
        })
        briefings_crumb = Crumb("브리핑", "briefings/")
        yield Page("briefings/", "briefings.html", "모든 브리핑",
                   f"해외교류 브리핑 {len(self.site.articles)}건을 연도별로 모았습니다.", (home, Crumb("브리핑", None)),
                   {"by_year": [(year, [self.articles[s] for s in slugs]) for year, slugs in self.relations.by_year.items()]})
        for article in self.site.articles:
            older, newer = self.relations.older[article.slug], self.relations.newer[article.slug]
            yield Page(briefing_path(article.slug), "briefing.html", article.title, self.summary(article),
                       (home, briefings_crumb, Crumb(article.title, None)), {
                           "article": article, "body": self.bodies[article.slug],
                           "older": older and self.articles[older], "newer": newer and self.articles[newer],
                           "related": [(self.articles[r.slug], r) for r in self.relations.related[article.slug]],
                       })
        for kind in TermKind:
            yield from self._term_pages(kind, home)
        years_crumb = Crumb("연도", "years/")
        yield Page("years/", "years.html", "연도별 브리핑", "연도별 해외교류 브리핑 목록", (home, Crumb("연도", None)),
                   {"years": [(year, len(slugs)) for year, slugs in self.relations.by_year.items()]})
        for year, slugs in self.relations.by_year.items():
            yield Page(year_path(year), "year.html", f"{year}년 브리핑", f"{year}년의 해외교류 브리핑 {len(slugs)}건",
                       (home, years_crumb, Crumb(f"{year}년", None)),
                       {"year": year, "articles": [self.articles[s] for s in slugs]})
        yield Page("404.html", "404.html", "페이지를 찾을 수 없습니다", "", (), {}, in_sitemap=False)
        latest = self.site.articles[:FEED_LIMIT]
        yield Page("feed.xml", "feed.xml", self.config.title, self.config.description, (), {
            "entries": latest, "updated": _latest_date(latest),
        }, in_sitemap=False)
        yield Page("robots.txt", "robots.txt", "", "", (), {}, in_sitemap=False)

    def _term_pages(self, kind: TermKind, home: Crumb) -> Iterator[Page]:
        used = [term for term in self.site.registries.of(kind).terms if self.relations.articles_of(kind, term.slug)]
        used.sort(key=lambda t: (-len(self.relations.articles_of(kind, t.slug)), t.name))
        title = {TermKind.CITY: "도시별", TermKind.PARTNER: "파트너별", TermKind.PLACE: "방문지별",
                 TermKind.TAG: "태그별"}[kind] + " 브리핑"
        section = Crumb(kind.label, term_index_path(kind))
        yield Page(term_index_path(kind), "terms.html", title, f"{kind.label} {len(used)}곳의 해외교류 브리핑",
                   (home, Crumb(kind.label, None)), {"kind": kind, "terms": used})
        for term in used:
            articles = self.articles_of(kind, term.slug)
            yield Page(term_path(kind, term.slug), "term.html", term.name,
                       f"{term.name} 관련 해외교류 브리핑 {len(articles)}건", (home, section, Crumb(term.name, None)),
                       {"kind": kind, "entry": term, "articles": articles})

    def render(self, page: Page) -> bytes:
        try:
            template = self.env.get_template(page.template)
            text = template.render(page=page, **page.context)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(Diagnostic(self._label(error.filename or page.template), error.lineno or 1,
                                           f"template syntax error: {error.message}")) from None
        except jinja2.TemplateNotFound as error:
            raise TemplateError(Diagnostic(self._label(page.template), 1, f"template not found: {error.name}",
                                           f"expected a file in {self._label('')}")) from None
        except jinja2.UndefinedError as error:
            name, line = _template_frame(error, page.template)
            raise TemplateError(Diagnostic(self._label(name), line,
                                           f"undefined value in template: {error.message}")) from None
        except Exception as error:  # a template bug (wrong call, bad filter argument) is an editor's mistake too
            name, line = _template_frame(error, page.template)
            raise TemplateError(Diagnostic(self._label(name), line,
                                           f"template error while rendering {page.path or 'home'}: "
                                           f"{type(error).__name__}: {error}")) from None
        return text.encode("utf-8")

    def _label(self, name: str) -> str:
        path = Path(name)
        if not path.is_absolute():
            path = self.config.templates_dir / name
        try:
            return path.relative_to(self.config.root).as_posix()
        except ValueError:
            return path.as_posix()

    def sitemap(self, pages: list[Page]) -> bytes:
        entries = [(self.urls.absolute(p.path), _page_date(p)) for p in pages if p.in_sitemap]
        template = self.env.get_template("sitemap.xml")
        return template.render(entries=sorted(entries)).encode("utf-8")


def _latest_date(articles) -> date | None:
    return max((a.date for a in articles), default=None)


def _page_date(page: Page) -> date | None:
    if "article" in page.context:
        return page.context["article"].date
    articles = page.context.get("articles")
    return _latest_date(articles) if articles else None


def _template_frame(error: Exception, fallback: str) -> tuple[str, int]:
    """Template file and line of an error, from the traceback Jinja rewrites for us."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if not frame.filename.endswith(".py") and frame.filename != "<template>":
            return frame.filename, frame.lineno or 1
    return fallback, 1
