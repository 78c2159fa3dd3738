"""The figures ledger: one row per figure of every briefing, totals per metric, CSV and JSON downloads.

Totals are kept per (metric, unit): values of different metrics or units are never added together.
The metric ``other`` collects unrelated counts and percentages never add up, so neither has totals.
A total that includes an approximate value is itself approximate.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from site_builder.model import METRICS, Article, Registries

CSV_FIELDS = ("briefing", "title", "city", "agency", "date", "metric", "label", "value", "unit", "approx",
              "text", "url")
UNSUMMABLE_METRICS = frozenset({"other"})
UNSUMMABLE_UNITS = frozenset({"%"})
NO_CITY = "-"


@dataclass(frozen=True)
class LedgerRow:
    briefing: str                 # slug
    title: str
    cities: tuple[str, ...]       # city slugs
    city_names: tuple[str, ...]
    agency: str | None
    date: date
    metric: str
    label: str
    value: int | float
    unit: str
    approx: bool
    text: str
    anchor: str | None            # figure-N when the body has the sentence, else None
    index: int

    @property
    def who(self) -> tuple[tuple[str, str], ...]:
        """(key, name) of whoever announced it: each city, else the agency."""
        if self.cities:
            return tuple(zip(self.cities, self.city_names))
        if self.agency:
            return ((f"agency:{self.agency}", self.agency),)
        return ((NO_CITY, "미상"),)


@dataclass(frozen=True)
class Total:
    key: str          # city slug, "agency:..." or year
    label: str
    value: int | float
    unit: str
    approx: bool
    count: int        # figures added


@dataclass(frozen=True)
class UnitTotals:
    unit: str
    total: Total
    by_city: tuple[Total, ...]    # largest first
    by_year: tuple[Total, ...]    # oldest first


@dataclass(frozen=True)
class MetricSummary:
    metric: str
    name: str
    rows: tuple[LedgerRow, ...]   # newest first
    units: tuple[UnitTotals, ...]  # empty when the metric's values do not add up

    @property
    def summable(self) -> bool:
        return bool(self.units)


def ledger_rows(articles: Iterable[Article], registries: Registries,
                anchored: Callable[[str], frozenset[int]]) -> list[LedgerRow]:
    """Every figure, newest briefing first, in the order of its figures table."""
    cities = registries.cities.by_slug
    rows = []
    for article in articles:
        anchors = anchored(article.slug)
        for figure in article.figures:
            rows.append(LedgerRow(
                briefing=article.slug, title=article.title, cities=article.cities,
                city_names=tuple(cities[c].name for c in article.cities), agency=article.agency,
                date=article.date, metric=figure.metric, label=figure.label, value=figure.value, unit=figure.unit,
                approx=figure.approx, text=figure.text,
                anchor=figure.anchor if figure.index in anchors else None, index=figure.index,
            ))
    return rows


def summarize(rows: Iterable[LedgerRow]) -> list[MetricSummary]:
    """One summary per metric that has figures, in the order of ``METRICS``."""
    by_metric: dict[str, list[LedgerRow]] = defaultdict(list)
    for row in rows:
        by_metric[row.metric].append(row)
    summaries = []
    for metric in METRICS:
        metric_rows = by_metric.get(metric)
        if not metric_rows:
            continue
        units = []
        if metric not in UNSUMMABLE_METRICS:
            for unit in sorted({row.unit for row in metric_rows} - UNSUMMABLE_UNITS):
                units.append(_unit_totals(unit, [row for row in metric_rows if row.unit == unit]))
        summaries.append(MetricSummary(metric, METRICS[metric], tuple(metric_rows), tuple(units)))
    return summaries


def _unit_totals(unit: str, rows: list[LedgerRow]) -> UnitTotals:
    by_city: dict[tuple[str, str], list[LedgerRow]] = defaultdict(list)
    by_year: dict[int, list[LedgerRow]] = defaultdict(list)
    for row in rows:
        for key, name in row.who:
            by_city[(key, name)].append(row)
        by_year[row.date.year].append(row)
    cities = [_total(key, name, unit, items) for (key, name), items in by_city.items()]
    cities.sort(key=lambda t: (-t.value, t.label, t.key))
    years = [_total(str(year), f"{year}년", unit, items) for year, items in sorted(by_year.items())]
    return UnitTotals(unit, _total("all", "전체", unit, rows), tuple(cities), tuple(years))


def _total(key: str, label: str, unit: str, rows: list[LedgerRow]) -> Total:
    value = sum(row.value for row in rows)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Total(key, label, value, unit, any(row.approx for row in rows), len(rows))


def _record(row: LedgerRow, url: Callable[[LedgerRow], str]) -> dict:
    return {
        "briefing": row.briefing, "title": row.title, "city": list(row.city_names), "agency": row.agency,
        "date": row.date.isoformat(), "metric": row.metric, "label": row.label, "value": row.value,
        "unit": row.unit, "approx": row.approx, "text": row.text, "url": url(row),
    }


def to_json(rows: Iterable[LedgerRow], url: Callable[[LedgerRow], str], title: str, source: str) -> bytes:
    document = {
        "title": title,
        "source": source,
        "fields": list(CSV_FIELDS),
        "metrics": dict(METRICS),
        "figures": [_record(row, url) for row in rows],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def to_csv(rows: Iterable[LedgerRow], url: Callable[[LedgerRow], str]) -> bytes:
    """RFC 4180 CSV (UTF-8, CRLF); several cities are joined with '; '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for row in rows:
        record = _record(row, url)
        record["city"] = "; ".join(record["city"])
        record["agency"] = record["agency"] or ""
        record["approx"] = "true" if row.approx else "false"
        writer.writerow([record[field] for field in CSV_FIELDS])
    return buffer.getvalue().encode("utf-8")


class Ledger:
    """All rows and their per-metric summaries, computed once for the site."""

    def __init__(self, articles: Iterable[Article], registries: Registries,
                 anchored: Callable[[str], frozenset[int]]):
        self.rows = ledger_rows(articles, registries, anchored)
        self.summaries = summarize(self.rows)
        self._by_briefing: dict[str, list[LedgerRow]] = defaultdict(list)
        for row in self.rows:
            self._by_briefing[row.briefing].append(row)

    def rows_of(self, briefings: Iterable[str]) -> list[LedgerRow]:
        """Rows of some briefings (a city's, say), newest briefing first."""
        rows = [row for slug in dict.fromkeys(briefings) for row in self._by_briefing.get(slug, ())]
        return sorted(rows, key=lambda r: (r.date, r.briefing), reverse=True)
