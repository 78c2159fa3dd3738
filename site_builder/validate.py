"""Check each briefing's front matter against the schema and the registries.

Returns ``Article`` records for valid files and adds a diagnostic for every problem;
the caller decides when to stop (after all files are checked).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from site_builder.diagnostics import Diagnostics
from site_builder.load import SourceFile
from site_builder.claims import count_problems, figure_problems
from site_builder.model import (AGREEMENT_KINDS, BOUNDS, METRICS, ROLES, UNITS, Agreement, Article, Figure, Registries,
                                Source, TermKind, Trip)
from site_builder.registry import REGISTRY_FILES, lookup, suggest
from site_builder.rights import LICENCES, find_licence
from site_builder.urls import is_valid_slug, slug_from_filename

KEYS = ("title", "subtitle", "date", "date_note", "city", "agency", "officials", "trip", "destinations",
        "partners", "figures", "agreements", "event", "tags", "source", "summary", "slug", "draft", "review", "raw")
REQUIRED = ("title", "date")
FIGURE_KEYS = ("label", "metric", "role", "value", "unit", "approx", "bound", "text")
FIGURE_REQUIRED = ("metric", "value", "unit", "text")
AGREEMENT_KEYS = ("kind", "partners", "parties", "date", "count", "text")
AGREEMENT_REQUIRED = ("kind", "text")
SOURCE_KEYS = ("publisher", "reporter", "url", "published", "licence", "url_note")
TRIP_KEYS = ("start", "end")
_TERM_KEYS = {"city": TermKind.CITY, "partners": TermKind.PARTNER, "destinations": TermKind.PLACE,
              "tags": TermKind.TAG}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Checker:
    """Reads one file's front matter, recording problems with their lines."""

    def __init__(self, source: SourceFile, diagnostics: Diagnostics):
        self.source = source
        self.document = source.front
        self.diagnostics = diagnostics
        self.ok = True

    def error(self, path: tuple, message: str, expected: str = "") -> None:
        self.diagnostics.add(self.source.path, self.document.line(*path), message, expected)
        self.ok = False

    def mapping_keys(self, mapping: dict, path: tuple, allowed: tuple[str, ...], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.error(path + (key,), f"unknown key {key!r} in {what}", "expected one of " + ", ".join(allowed))

    def text(self, value: Any, path: tuple, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.error(path, f"missing required key {path[-1]!r}", f"expected '{path[-1]}: ...'")
            return None
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            self.error(path, f"{_name(path)} must be text, not {_type_name(value)}", "expected a single line of text")
            return None
        text = str(value).strip()
        if not text and required:
            self.error(path, f"{_name(path)} is empty", "expected non-empty text")
            return None
        return text or None

    def date(self, value: Any, path: tuple, required: bool = False) -> date | None:
        text = self.text(value, path, required)
        if text is None:
            return None
        if not _ISO_DATE.match(text):
            self.error(path, f"invalid date {text!r} for {_name(path)}", "expected YYYY-MM-DD, e.g. 2024-02-17")
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.error(path, f"invalid date {text!r} for {_name(path)}: no such day", "expected a real calendar date")
            return None

    def text_list(self, value: Any, path: tuple) -> list[tuple[int, str]]:
        if value is None:
            return []
        if isinstance(value, str):
            self.error(path, f"{_name(path)} must be a list", f"expected e.g. {path[-1]}: [{value}]")
            return []
        if not isinstance(value, list):
            self.error(path, f"{_name(path)} must be a list, not {_type_name(value)}", "expected a YAML list")
            return []
        items = []
        for index, item in enumerate(value):
            if item is None or (isinstance(item, str) and not item.strip()):
                self.error(path + (index,), f"empty item in {_name(path)}", "expected text")
            elif (text := self.text(item, path + (index,))) is not None:
                items.append((index, text))
        return items

    def terms(self, key: str, registries: Registries, draft: bool = False) -> tuple[str, ...]:
        kind = _TERM_KEYS[key]
        registry = registries.of(kind)
        slugs: list[str] = []
        for index, name in self.text_list(self.document.data.get(key), (key,)):
            term = lookup(registry, name)
            if term is None:
                hint = suggest(registry, name)
                registry_file = f"registry/{REGISTRY_FILES[kind]}"
                self.error((key, index), f"unknown {kind.label} {name!r}",
                           f"did you mean {hint!r}?" if hint else f"expected a name or alias from {registry_file}")
            elif term.proposed and not draft:
                self.error((key, index), f"{kind.label} {name!r} is only proposed ({term.path}:{term.line})",
                           f"expected it confirmed in registry/{REGISTRY_FILES[kind]} before publishing, or draft: true")
            elif term.slug in slugs:
                self.error((key, index), f"{kind.label} {name!r} is listed twice (as {term.name!r})",
                           "expected each entry once")
            else:
                slugs.append(term.slug)
        return tuple(slugs)


def validate_article(source: SourceFile, registries: Registries, diagnostics: Diagnostics) -> Article | None:
    data = source.front.data
    check = _Checker(source, diagnostics)
    if not isinstance(data, dict):
        check.error((), "front matter must be a mapping of keys", "expected lines such as 'title: ...'")
        return None
    check.mapping_keys(data, (), KEYS, "front matter")

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
        check.error(("draft",), "'draft' must be true or false", "expected draft: true")
        draft = False
    slug = _slug(check, data.get("slug"), source.path)
    review = tuple(text for _, text in check.text_list(data.get("review"), ("review",)))
    raw = _raw_path(check, data.get("raw"))

    if not check.ok or title is None or published is None or slug is None:
        return None
    return Article(
        slug=slug, path=source.path, title=title, date=published, body=source.body, body_line=source.body_line,
        subtitle=subtitle, date_note=date_note, cities=terms["city"], agency=agency, officials=officials,
        trip=trip, destinations=terms["destinations"], partners=terms["partners"], figures=figures,
        tags=terms["tags"], source=source_info, summary=summary, draft=draft,
        review=review, raw=raw, event=event, agreements=agreements,
    )


def _slug(check: _Checker, value: Any, path: str) -> str | None:
    if value is not None:
        slug = check.text(value, ("slug",))
        where = ("slug",)
    else:
        slug = slug_from_filename(PurePosixPath(path).stem)
        where = ()
    if slug is None:
        return None
    if not is_valid_slug(slug):
        origin = "slug" if value is not None else "slug from the file name"
        check.error(where, f"invalid {origin} {slug!r}",
                    "expected ASCII lower-case letters, digits and single hyphens, e.g. 'daejeon-ces-2024'"
                    + ("" if value is not None else "; rename the file or set 'slug:'"))
        return None
    return slug


def _raw_path(check: _Checker, value: Any) -> str | None:
    """The raw article kept beside the draft: a relative path inside content/ (raw/<name>.txt)."""
    text = check.text(value, ("raw",))
    if text is None:
        return None
    parts = text.split("/")
    if text.startswith("/") or "\\" in text or any(part in ("", ".", "..") for part in parts):
        check.error(("raw",), f"raw path {text!r} leaves the content folder",
                    "expected a path inside content/, e.g. raw/2024-02-17-daejeon-ces.txt")
        return None
    return text


def _trip(check: _Checker, value: Any) -> Trip | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        check.error(("trip",), "'trip' must be a mapping", "expected trip: {start: 2024-01-09, end: 2024-01-12}")
        return None
    check.mapping_keys(value, ("trip",), TRIP_KEYS, "trip")
    start = check.date(value.get("start"), ("trip", "start"), required=True)
    end = check.date(value.get("end"), ("trip", "end")) or start
    if start and end and end < start:
        check.error(("trip", "end"), f"trip ends ({end.isoformat()}) before it starts ({start.isoformat()})",
                    "expected end on or after start")
        return None
    return Trip(start, end, check.document.line("trip")) if start and end else None


def _source(check: _Checker, value: Any) -> Source | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        check.error(("source",), "'source' must be a mapping", "expected keys publisher, reporter, url, published")
        return None
    check.mapping_keys(value, ("source",), SOURCE_KEYS, "source")
    publisher = check.text(value.get("publisher"), ("source", "publisher"), required=True)
    reporter = check.text(value.get("reporter"), ("source", "reporter"))
    url = check.text(value.get("url"), ("source", "url"))
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            check.error(("source", "url"), f"invalid source URL {url!r}", "expected an http:// or https:// address")
            url = None
    published = check.date(value.get("published"), ("source", "published"))
    licence = check.text(value.get("licence"), ("source", "licence"))
    if licence is not None:
        known = find_licence(licence)
        if known is None:
            check.error(("source", "licence"), f"unknown licence {licence!r}",
                        "expected one of " + ", ".join(item.key for item in LICENCES))
        licence = known and known.key
    url_note = check.text(value.get("url_note"), ("source", "url_note"))
    return Source(publisher, reporter, url, published, licence, url_note) if publisher else None


def _figures(check: _Checker, value: Any, body: str) -> tuple[Figure, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error(("figures",), "'figures' must be a list", "expected items like '- {metric: ..., value: ..., unit: ..., text: ...}'")
        return ()
    squashed_body = _squash(body)
    figures = []
    for index, item in enumerate(value):
        path = ("figures", index)
        if not isinstance(item, dict):
            check.error(path, f"figure {index + 1} must be a mapping", "expected keys " + ", ".join(FIGURE_KEYS))
            continue
        check.mapping_keys(item, path, FIGURE_KEYS, f"figure {index + 1}")
        for key in FIGURE_REQUIRED:
            if key not in item:
                check.error(path, f"figure {index + 1} is missing {key!r}", f"expected '{key}: ...'")
        metric = check.text(item.get("metric"), path + ("metric",))
        if metric is not None and metric not in METRICS:
            check.error(path + ("metric",), f"unknown metric {metric!r}", "expected one of " + ", ".join(METRICS))
        unit = check.text(item.get("unit"), path + ("unit",))
        if unit is not None and unit not in UNITS:
            check.error(path + ("unit",), f"unknown unit {unit!r}", "expected one of " + ", ".join(UNITS))
        number = item.get("value")
        if "value" in item and (isinstance(number, bool) or not isinstance(number, (int, float))):
            check.error(path + ("value",), f"figure value {number!r} is not a number",
                        "expected digits only, KRW in won: 370억 원 -> 37000000000")
        elif isinstance(number, float) and number != number:
            check.error(path + ("value",), "figure value is not a number", "expected a finite number")
        approx = item.get("approx", False)
        if not isinstance(approx, bool):
            check.error(path + ("approx",), "'approx' must be true or false", "expected approx: true")
        role = _choice(check, item.get("role", "result"), path + ("role",), ROLES, "role")
        bound = _choice(check, item.get("bound"), path + ("bound",), BOUNDS, "bound")
        text = check.text(item.get("text"), path + ("text",))
        if text is not None and _squash(text) not in squashed_body:
            check.error(path + ("text",), f"figure text {text!r} does not occur in the body",
                        "expected a phrase copied verbatim from the body")
        elif (text is not None and metric in METRICS and unit in UNITS and isinstance(number, (int, float))
              and not isinstance(number, bool) and isinstance(approx, bool) and bound is not False):
            for key, message, expected in figure_problems(metric, number, unit, approx, bound, _squash(text)):
                check.error(path + (key,), message, expected)
        label = check.text(item.get("label"), path + ("label",)) or (METRICS.get(metric or "", "") if metric else "")
        if check.ok and metric in METRICS and unit in UNITS and text and isinstance(number, (int, float)) and role:
            figures.append(Figure(index + 1, label, metric, number, unit, bool(approx), _squash(text),
                                  bound or None, role))
    return tuple(figures)


def _choice(check: _Checker, value: Any, path: tuple, choices: dict[str, str], what: str) -> str | None | bool:
    """One of ``choices``' keys, None when absent, False when wrong (reported)."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in choices:
        check.error(path, f"unknown {what} {value!r}",
                    "expected one of " + ", ".join(f"{key} ({name})" for key, name in choices.items()))
        return False
    return value


def _event(check: _Checker, value: Any) -> str | None:
    """The key shared by every report of one trip or event: an ASCII slug such as 2023-01-daejeon-us."""
    text = check.text(value, ("event",))
    if text is not None and not is_valid_slug(text):
        check.error(("event",), f"invalid event key {text!r}",
                    "expected ASCII lower-case letters, digits and single hyphens, e.g. '2023-01-daejeon-us'")
        return None
    return text


def _agreements(check: _Checker, value: Any, body: str, registries: Registries) -> tuple[Agreement, ...]:
    """Agreements the body reports, each with the verbatim phrase that says it was signed."""
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error(("agreements",), "'agreements' must be a list",
                    "expected items like '- {kind: mou, partners: [...], date: ..., text: ...}'")
        return ()
    squashed_body = _squash(body)
    agreements = []
    for index, item in enumerate(value):
        path = ("agreements", index)
        if not isinstance(item, dict):
            check.error(path, f"agreement {index + 1} must be a mapping", "expected keys " + ", ".join(AGREEMENT_KEYS))
            continue
        ok = check.ok
        check.ok = True
        check.mapping_keys(item, path, AGREEMENT_KEYS, f"agreement {index + 1}")
        for key in AGREEMENT_REQUIRED:
            if key not in item:
                check.error(path, f"agreement {index + 1} is missing {key!r}", f"expected '{key}: ...'")
        kind = _choice(check, item.get("kind"), path + ("kind",), AGREEMENT_KINDS, "agreement kind")
        partners = _partner_slugs(check, item.get("partners"), path + ("partners",), registries)
        parties = check.text(item.get("parties"), path + ("parties",))
        signed = check.date(item.get("date"), path + ("date",))
        count = item.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            check.error(path + ("count",), f"agreement count {count!r} is not a whole number of agreements",
                        "expected count: 1 or more")
            count = None
        text = check.text(item.get("text"), path + ("text",))
        if text is not None and _squash(text) not in squashed_body:
            check.error(path + ("text",), f"agreement text {text!r} does not occur in the body",
                        "expected a phrase copied verbatim from the body")
        elif text is not None and count is not None:
            for key, message, expected in count_problems(_squash(text), count):
                check.error(path + (key,), message, expected)
        if check.ok and kind and text and count:
            agreements.append(Agreement(index + 1, kind, _squash(text), partners, parties, signed, count))
        check.ok = ok and check.ok
    return tuple(agreements)


def _partner_slugs(check: _Checker, value: Any, path: tuple, registries: Registries) -> tuple[str, ...]:
    slugs: list[str] = []
    for index, name in check.text_list(value, path):
        term = lookup(registries.partners, name)
        if term is None:
            hint = suggest(registries.partners, name)
            check.error(path + (index,), f"unknown {TermKind.PARTNER.label} {name!r}",
                        f"did you mean {hint!r}?" if hint else "expected a name or alias from registry/partners.yaml")
        elif term.slug not in slugs:
            slugs.append(term.slug)
    return tuple(slugs)


def check_unique_slugs(articles: list[Article], diagnostics: Diagnostics) -> None:
    first: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        if article.slug in first:
            other = first[article.slug]
            diagnostics.add(article.path, 1, f"duplicate slug {article.slug!r}, also used by {other.path}",
                            "expected a unique slug; set 'slug:' or rename one file")
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
                                f"trip of {city!r} ({_span(later.trip)}) overlaps the trip in {earlier.path} "
                                f"({_span(earlier.trip)}) and the two do not both name an event",
                                "expected the same 'event:' in both if they report one trip, else a different one in each")


def _span(trip: Trip) -> str:
    return f"{trip.start.isoformat()} ~ {trip.end.isoformat()}"


def _name(path: tuple) -> str:
    return "'" + ".".join(str(p) for p in path) + "'" if path else "front matter"


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)
