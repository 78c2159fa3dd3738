"""Agreements as data: who signed what with whom and when, from every briefing's ``agreements``.

Reports of one event that list the same agreement (kind, partners, count) count it once. MOU counts on
the site come from here, never from a figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from site_builder.model import AGREEMENT_KINDS, Article, Registries

FIELDS = ("briefing", "title", "city", "agency", "date", "event", "kind", "kind_name", "partners", "parties",
          "signed", "count", "text", "url")
LEGEND = {
    "briefing": "브리핑 식별자(주소의 slug)",
    "title": "브리핑 제목",
    "city": "브리핑의 지방자치단체(여럿이면 '; '로 구분)",
    "agency": "주관 기관",
    "date": "브리핑 게재일(YYYY-MM-DD)",
    "event": "같은 출장·행사를 다룬 보도가 함께 쓰는 식별자",
    "kind": "협약 종류 코드(" + ", ".join(AGREEMENT_KINDS) + ")",
    "kind_name": "협약 종류",
    "partners": "상대 기관(레지스트리 이름, 여럿이면 '; '로 구분)",
    "parties": "서명 주체가 브리핑의 도시·기관이 아닐 때 그 주체(예: 참가 기업 간)",
    "signed": "체결일(기사에 있을 때, YYYY-MM-DD)",
    "count": "이 문구가 밝힌 협약 건수",
    "text": "체결을 밝힌 본문 문구(원문 그대로)",
    "url": "그 협약이 있는 브리핑 주소",
}


@dataclass(frozen=True)
class AgreementRow:
    briefing: str
    title: str
    cities: tuple[str, ...]
    city_names: tuple[str, ...]
    agency: str | None
    date: date                     # the briefing's
    event: str | None
    index: int
    kind: str
    partners: tuple[str, ...]      # slugs
    partner_names: tuple[str, ...]
    parties: str | None
    signed: date | None
    count: int
    text: str
    reports: tuple[str, ...] = ()  # every briefing of the event that lists it (itself included)

    @property
    def anchor(self) -> str:
        return f"agreement-{self.index}"

    @property
    def kind_name(self) -> str:
        return AGREEMENT_KINDS[self.kind]

    @property
    def who(self) -> str:
        return self.parties or ", ".join(self.city_names) or self.agency or ""


@dataclass(frozen=True)
class KindCount:
    kind: str
    name: str
    count: int                     # agreements (MOU 6건 counts 6)
    rows: int                      # entries in the list
    briefings: tuple[str, ...]


def agreement_rows(articles: Iterable[Article], registries: Registries) -> list[AgreementRow]:
    """Every agreement once, newest briefing first; reports of one event that repeat it are merged."""
    cities, partners = registries.cities.by_slug, registries.partners.by_slug
    rows: list[AgreementRow] = []
    for article in articles:
        for agreement in article.agreements:
            rows.append(AgreementRow(
                article.slug, article.title, article.cities, tuple(cities[c].name for c in article.cities),
                article.agency, article.date, article.event, agreement.index, agreement.kind, agreement.partners,
                tuple(partners[p].name for p in agreement.partners), agreement.parties, agreement.date,
                agreement.count, agreement.text, (article.slug,)))
    return _merge_reports(rows)


def _merge_reports(rows: list[AgreementRow]) -> list[AgreementRow]:
    groups: dict[tuple, list[AgreementRow]] = {}
    seen: dict[tuple, int] = defaultdict(int)
    for row in sorted(rows, key=lambda r: (r.date, r.briefing, r.index)):
        if row.event is None:
            groups[("briefing", row.briefing, row.index)] = [row]
            continue
        key = (row.event, row.kind, tuple(sorted(row.partners)), row.count)
        occurrence = seen[key + (row.briefing,)]
        seen[key + (row.briefing,)] += 1
        groups.setdefault(key + (occurrence,), []).append(row)
    merged = []
    for group in groups.values():
        first = group[0]   # the earliest report
        reports = tuple(dict.fromkeys(r.briefing for r in reversed(group)))
        merged.append(AgreementRow(**{**first.__dict__, "reports": reports,
                                      "signed": first.signed or next((r.signed for r in group if r.signed), None)}))
    merged.sort(key=lambda r: (r.signed or r.date, r.date, r.briefing, -r.index), reverse=True)
    return merged


def count_by_kind(rows: Iterable[AgreementRow]) -> list[KindCount]:
    """Agreements per kind, in the order of AGREEMENT_KINDS."""
    by_kind: dict[str, list[AgreementRow]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    return [KindCount(kind, name, sum(r.count for r in by_kind[kind]), len(by_kind[kind]),
                      tuple(dict.fromkeys(s for r in by_kind[kind] for s in r.reports)))
            for kind, name in AGREEMENT_KINDS.items() if by_kind.get(kind)]


def records(rows: Iterable[AgreementRow], url: Callable[[AgreementRow], str]) -> list[dict]:
    return [{
        "briefing": row.briefing, "title": row.title, "city": list(row.city_names), "agency": row.agency,
        "date": row.date.isoformat(), "event": row.event, "kind": row.kind, "kind_name": row.kind_name,
        "partners": list(row.partner_names), "parties": row.parties,
        "signed": row.signed.isoformat() if row.signed else None, "count": row.count, "text": row.text,
        "url": url(row),
    } for row in rows]
