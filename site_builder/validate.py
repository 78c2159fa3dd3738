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

from site_builder.body_limits import CONTROL_CHARACTER, body_problems
from site_builder.diagnostics import Diagnostics
from site_builder.load import SourceFile
from site_builder.model import METRICS, UNITS, Article, Figure, Registries, Source, TermKind, Trip
from site_builder.registry import REGISTRY_FILES, lookup, suggest
from site_builder.urls import is_valid_slug, slug_from_filename

KEYS = ("title", "subtitle", "date", "date_note", "city", "agency", "officials", "trip", "destinations",
        "partners", "figures", "tags", "source", "summary", "slug", "draft", "review", "raw")
REQUIRED = ("title", "date")
FIGURE_KEYS = ("label", "metric", "value", "unit", "approx", "text")
FIGURE_REQUIRED = ("metric", "value", "unit", "text")
SOURCE_KEYS = ("publisher", "reporter", "url", "published")
TRIP_KEYS = ("start", "end")
_TERM_KEYS = {"city": TermKind.CITY, "partners": TermKind.PARTNER, "destinations": TermKind.PLACE,
              "tags": TermKind.TAG}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Dates a briefing can carry: anything else is a typo (0001-01-01 and 9999-12-31 also break calendars).
FIRST_YEAR, LAST_YEAR = 1900, 2100
# Figures are amounts of won, people or items: 10^18 is beyond any of them, and sums of 100,000 stay finite.
MAX_FIGURE_VALUE = 10 ** 18


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
        if (bad := CONTROL_CHARACTER.search(text)) is not None:
            self.error(path, f"{_name(path)} contains the invisible control character U+{ord(bad.group()):04X}",
                       "expected visible text; delete the character")
            return None
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
            day = date.fromisoformat(text)
        except ValueError:
            self.error(path, f"invalid date {text!r} for {_name(path)}: no such day", "expected a real calendar date")
            return None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.error(path, f"date {text!r} for {_name(path)} is out of range",
                       f"expected a year from {FIRST_YEAR} to {LAST_YEAR}")
            return None
        return day

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

    def terms(self, key: str, registries: Registries) -> tuple[str, ...]:
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
    published = check.date(data.get("date"), ("date",), required=True)
    subtitle = check.text(data.get("subtitle"), ("subtitle",))
    date_note = check.text(data.get("date_note"), ("date_note",))
    agency = check.text(data.get("agency"), ("agency",))
    summary = check.text(data.get("summary"), ("summary",))
    officials = tuple(text for _, text in check.text_list(data.get("officials"), ("officials",)))
    terms = {key: check.terms(key, registries) for key in _TERM_KEYS}
    trip = _trip(check, data.get("trip"))
    source_info = _source(check, data.get("source"))
    figures = _figures(check, data.get("figures"), source.body)
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        check.error(("draft",), "'draft' must be true or false", "expected draft: true")
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
        review=review, raw=raw, slug_line=source.front.line("slug") if "slug" in data else 1,
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
    return Trip(start, end) if start and end else None


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
    return Source(publisher, reporter, url, published) if publisher else None


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
        elif "value" in item and not -MAX_FIGURE_VALUE <= number <= MAX_FIGURE_VALUE:
            shown = "infinite" if number in (float("inf"), float("-inf")) else f"{number:.3g}"
            check.error(path + ("value",), f"figure value is too large ({shown})",
                        f"expected a finite number of at most {MAX_FIGURE_VALUE:.0e}; KRW in won: 370억 원 -> 37000000000")
        approx = item.get("approx", False)
        if not isinstance(approx, bool):
            check.error(path + ("approx",), "'approx' must be true or false", "expected approx: true")
        text = check.text(item.get("text"), path + ("text",))
        if text is not None and _squash(text) not in squashed_body:
            check.error(path + ("text",), f"figure text {text!r} does not occur in the body",
                        "expected a phrase copied verbatim from the body")
        label = check.text(item.get("label"), path + ("label",)) or (METRICS.get(metric or "", "") if metric else "")
        if check.ok and metric in METRICS and unit in UNITS and text and isinstance(number, (int, float)):
            figures.append(Figure(index + 1, label, metric, number, unit, bool(approx), _squash(text)))
    return tuple(figures)


def check_unique_slugs(articles: list[Article], diagnostics: Diagnostics) -> None:
    first: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        if article.slug in first:
            other = first[article.slug]
            diagnostics.add(article.path, article.slug_line, f"duplicate slug {article.slug!r}, also used by {other.path}",
                            "expected a unique slug; set 'slug:' or rename one file")
        else:
            first[article.slug] = article


def _name(path: tuple) -> str:
    return "'" + ".".join(str(p) for p in path) + "'" if path else "front matter"


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)
