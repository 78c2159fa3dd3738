"""Check each briefing's front matter against the schema and the registries.

Returns ``Article`` records for valid files and adds a diagnostic for every problem;
the caller decides when to stop (after all files are checked).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from site_builder.body_limits import body_problems
from site_builder.diagnostics import Diagnostics
from site_builder.i18n import _
from site_builder.load import SourceFile
from site_builder.model import Article, Registries, Source, Trip
from site_builder.rights import LICENCES, find_licence
from site_builder.urls import is_valid_slug, slug_from_filename
from site_builder.validate.checker import _TERM_KEYS, _Checker
from site_builder.validate.figures import FIGURE_KEYS, MAX_FIGURE_VALUE, _agreements, _event, _figures

__all__ = ["FIGURE_KEYS", "KEYS", "MAX_FIGURE_VALUE", "SOURCE_KEYS", "check_events", "check_unique_slugs",
           "validate_article"]

KEYS = ("title", "subtitle", "date", "date_note", "city", "agency", "officials", "trip", "destinations",
        "partners", "figures", "agreements", "event", "tags", "source", "summary", "slug", "draft", "review", "raw")
REQUIRED = ("title", "date")
SOURCE_KEYS = ("publisher", "reporter", "url", "published", "licence", "url_note")
TRIP_KEYS = ("start", "end")


def validate_article(source: SourceFile, registries: Registries, diagnostics: Diagnostics) -> Article | None:
    data = source.front.data
    check = _Checker(source, diagnostics)
    if not isinstance(data, dict):
        check.error((), _("front matter must be a mapping of keys"), _("expected lines such as 'title: ...'"))
        return None
    check.mapping_keys(data, (), KEYS, _("front matter"))

    title = check.text(data.get("title"), ("title",), required=True)
    # A draft may wait for its date (ingest leaves it empty rather than guess one); it is checked like any
    # briefing but stays out of builds until it has one, and cannot be published without it.
    undated_draft = data.get("draft") is True and data.get("date") is None
    published = check.date(data.get("date"), ("date",), required=not undated_draft)
    subtitle = check.text(data.get("subtitle"), ("subtitle",))
    date_note = check.text(data.get("date_note"), ("date_note",))
    agency = check.text(data.get("agency"), ("agency",))
    summary = check.text(data.get("summary"), ("summary",))
    officials = tuple(text for _, text in check.text_list(data.get("officials"), ("officials",)))
    terms = {key: check.terms(key, registries, draft=data.get("draft") is True) for key in _TERM_KEYS}
    trip = _trip(check, data.get("trip"))
    source_info = _source(check, data.get("source"))
    figures = _figures(check, data.get("figures"), source.body)
    agreements = _agreements(check, data.get("agreements"), source.body, registries)
    event = _event(check, data.get("event"))
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        check.error(("draft",), _("'draft' must be true or false"), _("expected draft: true"))
        draft = False
    slug = _slug(check, data.get("slug"), source.path)
    review = tuple(text for _, text in check.text_list(data.get("review"), ("review",)))
    raw = _raw_path(check, data.get("raw"))
    for line, message, expected in body_problems(source.body):
        diagnostics.add(source.path, source.body_line + line, message, expected)
        check.ok = False

    if not check.ok or title is None or published is None or slug is None:
        return None
    return Article(
        slug=slug, path=source.path, title=title, date=published, body=source.body, body_line=source.body_line,
        subtitle=subtitle, date_note=date_note, cities=terms["city"], agency=agency, officials=officials,
        trip=trip, destinations=terms["destinations"], partners=terms["partners"], figures=figures,
        tags=terms["tags"], source=source_info, summary=summary, draft=draft,
        review=review, raw=raw, event=event, agreements=agreements,
        slug_line=source.front.line("slug") if "slug" in data else 1,
    )


def _slug(check: _Checker, value: Any, path: str) -> str | None:
    if value is not None:
        slug = check.text(value, ("slug",), required=True)
        where = ("slug",)
    else:
        slug = slug_from_filename(PurePosixPath(path).stem)
        where = ()
    if slug is None:
        return None
    if not is_valid_slug(slug):
        example = "daejeon-ces-2024"
        if value is not None:
            check.error(where, _("invalid slug {slug!r}").format(slug=slug),
                        _("expected ASCII lower-case letters, digits and single hyphens, e.g. {example!r}")
                        .format(example=example))
        else:
            check.error(where, _("invalid slug from the file name {slug!r}").format(slug=slug),
                        _("expected ASCII lower-case letters, digits and single hyphens, e.g. {example!r}; "
                          "rename the file or set 'slug:'").format(example=example))
        return None
    return slug


def _raw_path(check: _Checker, value: Any) -> str | None:
    """The raw article kept beside the draft: a relative path inside content/ (raw/<name>.txt)."""
    text = check.text(value, ("raw",))
    if text is None:
        return None
    parts = text.split("/")
    if text.startswith("/") or "\\" in text or any(part in ("", ".", "..") for part in parts):
        check.error(("raw",), _("raw path {path!r} leaves the content folder").format(path=text),
                    _("expected a path inside content/, e.g. raw/2024-02-17-daejeon-ces.txt"))
        return None
    return text


def _trip(check: _Checker, value: Any) -> Trip | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        check.error(("trip",), _("'trip' must be a mapping"), _("expected trip: {start: 2024-01-09, end: 2024-01-12}"))
        return None
    check.mapping_keys(value, ("trip",), TRIP_KEYS, "trip")
    start = check.date(value.get("start"), ("trip", "start"), required=True)
    end = check.date(value.get("end"), ("trip", "end")) or start
    if start and end and end < start:
        check.error(("trip", "end"), _("trip ends ({end}) before it starts ({start})").format(
            end=end.isoformat(), start=start.isoformat()), _("expected end on or after start"))
        return None
    return Trip(start, end, check.document.line("trip")) if start and end else None


def _source(check: _Checker, value: Any) -> Source | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        check.error(("source",), _("'source' must be a mapping"),
                    _("expected keys {keys}").format(keys="publisher, reporter, url, published"))
        return None
    check.mapping_keys(value, ("source",), SOURCE_KEYS, "source")
    publisher = check.text(value.get("publisher"), ("source", "publisher"), required=True)
    reporter = check.text(value.get("reporter"), ("source", "reporter"))
    url = check.text(value.get("url"), ("source", "url"))
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            check.error(("source", "url"), _("invalid source URL {url!r}").format(url=url),
                        _("expected an http:// or https:// address"))
            url = None
    published = check.date(value.get("published"), ("source", "published"))
    licence = check.text(value.get("licence"), ("source", "licence"))
    if licence is not None:
        known = find_licence(licence)
        if known is None:
            check.error(("source", "licence"), _("unknown licence {licence!r}").format(licence=licence),
                        _("expected one of {choices}").format(choices=", ".join(item.key for item in LICENCES)))
        licence = known and known.key
    url_note = check.text(value.get("url_note"), ("source", "url_note"))
    return Source(publisher, reporter, url, published, licence, url_note) if publisher else None


def check_unique_slugs(articles: list[Article], diagnostics: Diagnostics) -> None:
    first: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        if article.slug in first:
            other = first[article.slug]
            diagnostics.add(article.path, article.slug_line,
                            _("duplicate slug {slug!r}, also used by {path}").format(slug=article.slug, path=other.path),
                            _("expected a unique slug; set 'slug:' or rename one file"))
        else:
            first[article.slug] = article
    check_events(articles, diagnostics)


def check_events(articles: list[Article], diagnostics: Diagnostics) -> None:
    """Two briefings of one city whose trips overlap must say whether they report the same trip: the
    same ``event`` (its figures are then counted once) or different ones. Runs with the slug check,
    which every build path calls with all briefings."""
    by_city: dict[str, list[Article]] = {}
    for article in articles:
        if article.trip:
            for city in article.cities:
                by_city.setdefault(city, []).append(article)
    reported: set[tuple[str, str]] = set()
    for city, trips in sorted(by_city.items()):
        trips.sort(key=lambda a: (a.trip.start, a.path))
        for index, article in enumerate(trips):
            for other in trips[index + 1:]:
                if other.trip.start > article.trip.end:
                    break
                confirmed = article.event and other.event
                pair = tuple(sorted((article.path, other.path)))
                if confirmed or pair in reported:
                    continue
                reported.add(pair)
                later, earlier = (other, article) if other.path > article.path else (article, other)
                diagnostics.add(later.path, later.trip.line,
                                _("trip of {city!r} ({span}) overlaps the trip in {other} ({other_span}) and the two "
                                  "do not both name an event").format(city=city, span=_span(later.trip),
                                                                      other=earlier.path, other_span=_span(earlier.trip)),
                                _("expected the same 'event:' in both if they report one trip, else a different one "
                                  "in each"))


def _span(trip: Trip) -> str:
    return f"{trip.start.isoformat()} ~ {trip.end.isoformat()}"
