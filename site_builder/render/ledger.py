"""The figures ledger: one row per figure of every briefing, totals a careful reader can sign, and the
CSV and JSON downloads.

- Totals add only results (what a trip achieved). Plans are listed beside them and never added in;
  context (background numbers) stays on its briefing and in the downloads.
- A figure that several reports of one event state (same metric, value and unit) is one fact, counted
  once, with every report it came from.
- Totals are kept per (metric, unit): won and dollars, 명 and 개사 never add up. ``other`` collects
  unrelated counts, percentages never add up, and MOUs are counted from the agreements list, so none of
  them has totals here. A total with an approximate value is approximate; bounds carry over when they
  all point one way.
- Local governments and national agencies are totalled separately: a ministry is no city.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from site_builder.model import BOUNDS, METRICS, ROLES, Article, Registries

CSV_FIELDS = ("briefing", "title", "city", "agency", "date", "event", "metric", "metric_name", "label", "role",
              "value", "unit", "approx", "bound", "text", "url")
# What each column holds: shown beside the downloads and written into the JSON.
LEGEND = {
    "briefing": "브리핑 식별자(주소의 slug)",
    "title": "브리핑 제목",
    "city": "발표한 지방자치단체(여럿이면 '; '로 구분)",
    "agency": "주관 기관(중앙부처·공공기관 등)",
    "date": "브리핑 게재일(YYYY-MM-DD)",
    "event": "같은 출장·행사를 다룬 보도가 함께 쓰는 식별자",
    "metric": "지표 코드",
    "metric_name": "지표 이름",
    "label": "수치 항목",
    "role": "result(성과: 합계에 넣음), plan(계획: 합계에 넣지 않음), context(배경: 합계에 넣지 않음)",
    "value": "값(원화는 원 단위 정수: 370억 원 = 37000000000)",
    "unit": "단위(KRW, USD, 명, 건, 개사, 개, %)",
    "approx": "추정치 여부(여·약·규모·정도): true/false",
    "bound": "한계: max(최대·까지) 또는 min(이상·넘는·돌파), 없으면 빈칸",
    "text": "값을 밝힌 본문 문구(원문 그대로)",
    "url": "그 문구가 있는 브리핑 주소",
}
UNSUMMABLE_METRICS = frozenset({"other", "mou"})
UNSUMMABLE_UNITS = frozenset({"%"})
TOTALLED_ROLE = "result"


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
    role: str = "result"
    bound: str | None = None
    event: str | None = None

    @property
    def who(self) -> tuple[tuple[str, str], ...]:
        """(key, name) of whoever announced it: each city, else the agency ("agency:<name>")."""
        if self.cities:
            return tuple(zip(self.cities, self.city_names))
        if self.agency:
            return ((f"agency:{self.agency}", self.agency),)
        return ()


@dataclass(frozen=True)
class Fact:
    """One figure as counted: the rows of every report of one event that state it."""
    rows: tuple[LedgerRow, ...]   # newest report first

    @property
    def first(self) -> LedgerRow:
        return self.rows[-1]      # the earliest report

    @property
    def value(self) -> int | float:
        return self.first.value

    @property
    def unit(self) -> str:
        return self.first.unit

    @property
    def approx(self) -> bool:
        return any(row.approx for row in self.rows)

    @property
    def bound(self) -> str | None:
        return self.first.bound

    @property
    def briefings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.briefing for row in self.rows))

    @property
    def who(self) -> tuple[tuple[str, str], ...]:
        return tuple(dict.fromkeys(pair for row in self.rows for pair in row.who))


@dataclass(frozen=True)
class Total:
    key: str          # city slug, "agency:..." or year
    label: str
    value: int | float
    unit: str
    approx: bool
    count: int                    # facts added
    briefings: tuple[str, ...] = ()   # the briefings they come from, newest first
    bound: str | None = None


@dataclass(frozen=True)
class UnitTotals:
    unit: str
    total: Total
    by_city: tuple[Total, ...]    # local governments only, largest first
    by_agency: tuple[Total, ...]  # national ministries and agencies, largest first
    by_year: tuple[Total, ...]    # oldest first


@dataclass(frozen=True)
class MetricSummary:
    metric: str
    name: str
    rows: tuple[LedgerRow, ...]   # results and plans, newest first (context stays on its briefing)
    units: tuple[UnitTotals, ...]  # totals of results; empty when the metric's values do not add up
    facts: tuple[Fact, ...] = ()  # results as counted (reports of one event merged), newest first
    plans: tuple[Fact, ...] = ()  # plans, listed beside the totals and never added in

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
                role=figure.role, bound=figure.bound, event=article.event,
            ))
    return rows


def facts_of(rows: Iterable[LedgerRow]) -> list[Fact]:
    """Rows merged into facts: the n-th figure of one metric, value, unit and role in each report of an
    event is one fact. Figures of one briefing are never merged with each other (an editor wrote both)."""
    groups: dict[tuple, list[LedgerRow]] = {}
    seen: dict[tuple, int] = defaultdict(int)
    for row in sorted(rows, key=lambda r: (r.date, r.briefing, r.index)):
        scope = f"event:{row.event}" if row.event else f"briefing:{row.briefing}"
        key = (scope, row.metric, row.value, row.unit, row.role)
        occurrence = seen[key + (row.briefing,)]
        seen[key + (row.briefing,)] += 1
        groups.setdefault(key + (occurrence,), []).append(row)
    facts = [Fact(tuple(reversed(group))) for group in groups.values()]
    facts.sort(key=lambda f: (f.rows[0].date, f.rows[0].briefing, -f.rows[0].index), reverse=True)
    return facts


def summarize(rows: Iterable[LedgerRow]) -> list[MetricSummary]:
    """One summary per metric that has results or plans, in the order of ``METRICS``."""
    by_metric: dict[str, list[LedgerRow]] = defaultdict(list)
    for row in rows:
        if row.role != "context":
            by_metric[row.metric].append(row)
    summaries = []
    for metric in METRICS:
        metric_rows = by_metric.get(metric)
        if not metric_rows:
            continue
        facts = facts_of(metric_rows)
        results = [f for f in facts if f.first.role == TOTALLED_ROLE]
        units = []
        if metric not in UNSUMMABLE_METRICS:
            for unit in sorted({f.first.unit for f in results} - UNSUMMABLE_UNITS):
                units.append(_unit_totals(unit, [f for f in results if f.first.unit == unit]))
        summaries.append(MetricSummary(metric, METRICS[metric], tuple(metric_rows), tuple(units), tuple(results),
                                       tuple(f for f in facts if f.first.role == "plan")))
    return summaries


def _unit_totals(unit: str, facts: list[Fact]) -> UnitTotals:
    by_who: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    by_year: dict[int, list[Fact]] = defaultdict(list)
    for fact in facts:
        for key, name in fact.who:
            by_who[(key, name)].append(fact)
        by_year[fact.first.date.year].append(fact)
    ranked = sorted((_total(key, name, unit, items) for (key, name), items in by_who.items()),
                    key=lambda t: (-t.value, t.label, t.key))
    years = [_total(str(year), f"{year}년", unit, items) for year, items in sorted(by_year.items())]
    return UnitTotals(unit, _total("all", "전체", unit, facts),
                      tuple(t for t in ranked if not t.key.startswith("agency:")),
                      tuple(t for t in ranked if t.key.startswith("agency:")), tuple(years))


def _total(key: str, label: str, unit: str, facts: list[Fact]) -> Total:
    value = sum(fact.value for fact in facts)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    bounds = {fact.bound for fact in facts if fact.bound}
    # Adding a ceiling to exact values keeps a ceiling, a floor a floor; ceilings and floors together
    # leave neither, only an estimate.
    bound = bounds.pop() if len(bounds) == 1 else None
    approx = any(fact.approx for fact in facts) or len(bounds) > 1
    briefings = tuple(dict.fromkeys(slug for fact in facts for slug in fact.briefings))
    return Total(key, label, value, unit, approx, len(facts), briefings, bound)


# --- Downloads ---------------------------------------------------------------------------------------

def _record(row: LedgerRow, url: Callable[[LedgerRow], str]) -> dict:
    return {
        "briefing": row.briefing, "title": row.title, "city": list(row.city_names), "agency": row.agency,
        "date": row.date.isoformat(), "event": row.event, "metric": row.metric, "metric_name": METRICS[row.metric],
        "label": row.label, "role": row.role, "value": row.value, "unit": row.unit, "approx": row.approx,
        "bound": row.bound, "text": row.text, "url": url(row),
    }


def to_json(rows: Iterable[LedgerRow], url: Callable[[LedgerRow], str], title: str, source: str,
            license: str = "", agreements: list[dict] | None = None,
            agreement_legend: dict[str, str] | None = None) -> bytes:
    document = {
        "title": title,
        "source": source,
        "license": license,
        "fields": list(CSV_FIELDS),
        "legend": LEGEND,
        "metrics": dict(METRICS),
        "roles": dict(ROLES),
        "bounds": dict(BOUNDS),
        "figures": [_record(row, url) for row in rows],
        "agreement_legend": agreement_legend or {},
        "agreements": agreements or [],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def csv_bytes(fields: tuple[str, ...], records: Iterable[dict]) -> bytes:
    """RFC 4180 CSV (CRLF) in UTF-8 with a byte order mark, so Korean Excel opens it as UTF-8.
    Lists are joined with '; ', booleans written true/false, missing values left empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow([_cell(record[field]) for field in fields])
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(value)
    return str(value)


def to_csv(rows: Iterable[LedgerRow], url: Callable[[LedgerRow], str]) -> bytes:
    return csv_bytes(CSV_FIELDS, (_record(row, url) for row in rows))


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
