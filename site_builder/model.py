"""Typed, immutable records of the archive. No I/O here.

Records refer to each other by slug, never by object, so every stage can pass plain
data along and nothing can be mutated behind another stage's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class TermKind(str, Enum):
    CITY = "city"
    PARTNER = "partner"
    PLACE = "place"
    TAG = "tag"

    @property
    def section(self) -> str:
        """URL section of this kind's pages."""
        return {"city": "cities", "partner": "partners", "place": "destinations", "tag": "tags"}[self.value]

    @property
    def label(self) -> str:
        return {"city": "도시", "partner": "파트너", "place": "방문지", "tag": "태그"}[self.value]


METRICS: dict[str, str] = {
    "investment": "투자",
    "export": "수출",
    "consultation_amount": "상담액",
    "fund": "기금·펀드",
    "budget": "예산",
    "visitors": "방문자",
    "consultations": "상담 건수",
    "mou": "업무협약",
    "companies": "참여 기업",
    "delegation": "대표단",
    "other": "기타",
}

UNITS: tuple[str, ...] = ("KRW", "USD", "명", "건", "개사", "개", "%")

# The units each metric is counted in: money in won or dollars (never added together), people in 명,
# companies in 개사. ``other`` collects unrelated counts and takes any unit.
MONEY_UNITS = ("KRW", "USD")
METRIC_UNITS: dict[str, tuple[str, ...]] = {
    "investment": MONEY_UNITS, "export": MONEY_UNITS, "consultation_amount": MONEY_UNITS, "fund": MONEY_UNITS,
    "budget": MONEY_UNITS, "visitors": ("명",), "consultations": ("건",), "mou": ("건",), "companies": ("개사",),
    "delegation": ("명",), "other": UNITS,
}

# What kind of number a figure is. Totals add only results; plans are listed beside them; context
# (background such as a partner's own track record) is shown on its briefing only.
ROLES: dict[str, str] = {"result": "성과", "plan": "계획", "context": "배경"}
# A bound: 최대 5,000억 원 (at most), 20개 이상 (at least).
BOUNDS: dict[str, str] = {"max": "최대", "min": "이상"}

# Agreements a briefing reports, by kind, with the Korean name pages show.
AGREEMENT_KINDS: dict[str, str] = {
    "mou": "업무협약(MOU)",
    "loi": "투자의향서(LOI)",
    "agreement": "협약",
    "sister_city": "자매결연",
    "friendship": "우호협력",
    "contract": "계약",
}


@dataclass(frozen=True)
class Term:
    """A registry entry (city, partner, place) or a tag."""
    kind: TermKind
    name: str
    slug: str
    aliases: tuple[str, ...] = ()
    description: str = ""          # Markdown
    parent: str | None = None      # cities: parent's slug
    level: str | None = None       # cities: 광역 / 기초
    country: str | None = None     # partners, places
    category: str | None = None    # partners: 기업, 대학, ...
    line: int = 1                  # where it is defined, for messages
    path: str = ""
    proposed: bool = False         # partners: proposed by ingest, usable by drafts until an editor confirms it

    @property
    def short_name(self) -> str:
        """기초 names drop the parent prefix on their own (서울특별시 관악구 -> 관악구)."""
        return self.name.split(" ", 1)[1] if self.level == "기초" and " " in self.name else self.name


@dataclass(frozen=True)
class Registry:
    kind: TermKind
    terms: tuple[Term, ...]
    by_slug: dict[str, Term] = field(hash=False, compare=False, default_factory=dict)
    by_key: dict[str, Term] = field(hash=False, compare=False, default_factory=dict)


@dataclass(frozen=True)
class Figure:
    index: int          # 1-based position in the briefing, used for anchors
    label: str
    metric: str
    value: int | float
    unit: str
    approx: bool
    text: str
    bound: str | None = None     # "max" (최대, 까지) or "min" (이상, 넘는, 돌파); see BOUNDS
    role: str = "result"         # "result", "plan" or "context"; see ROLES

    @property
    def anchor(self) -> str:
        return f"figure-{self.index}"


@dataclass(frozen=True)
class Agreement:
    """An agreement the briefing reports: who signed what with whom, when, and the sentence saying so."""
    index: int                      # 1-based position in the briefing, used for anchors
    kind: str                       # see AGREEMENT_KINDS
    text: str                       # verbatim phrase of the body
    partners: tuple[str, ...] = ()  # partner slugs
    parties: str | None = None      # who signed, when not the briefing's city or agency ("참가 기업 간")
    date: date | None = None        # the day it was signed, when the article says
    count: int = 1                  # how many agreements the phrase reports (MOU 6건)

    @property
    def anchor(self) -> str:
        return f"agreement-{self.index}"


@dataclass(frozen=True)
class Trip:
    start: date
    end: date
    line: int = field(default=1, compare=False)   # where the front matter states it, for messages


@dataclass(frozen=True)
class Source:
    publisher: str
    reporter: str | None = None
    url: str | None = None
    published: date | None = None
    licence: str | None = None      # reuse terms, a key of rights.LICENCES (None: the archive may publish the text)
    url_note: str | None = None     # why there is no URL


@dataclass(frozen=True)
class Article:
    slug: str
    path: str                       # source file, relative to the site root
    title: str
    date: date
    body: str | None                # Markdown; None when only the file holds it (build.stages.with_body)
    body_line: int
    subtitle: str | None = None
    date_note: str | None = None
    cities: tuple[str, ...] = ()    # slugs
    agency: str | None = None
    officials: tuple[str, ...] = ()
    trip: Trip | None = None
    destinations: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    tags: tuple[str, ...] = ()      # slugs
    source: Source | None = None
    summary: str | None = None
    draft: bool = False
    review: tuple[str, ...] = ()    # what an editor must still check (written by ingest)
    raw: str | None = None          # the raw article this draft was ingested from, relative to content/
    event: str | None = None        # the trip or event this briefing reports; reports of one event share it
    agreements: tuple[Agreement, ...] = ()
    slug_line: int = 1              # line of 'slug:' in the file (1 when the slug comes from the file name)

    def terms(self, kind: TermKind) -> tuple[str, ...]:
        return {TermKind.CITY: self.cities, TermKind.PARTNER: self.partners,
                TermKind.PLACE: self.destinations, TermKind.TAG: self.tags}[kind]


@dataclass(frozen=True)
class Registries:
    cities: Registry
    partners: Registry
    places: Registry
    tags: Registry

    def of(self, kind: TermKind) -> Registry:
        return {TermKind.CITY: self.cities, TermKind.PARTNER: self.partners,
                TermKind.PLACE: self.places, TermKind.TAG: self.tags}[kind]


@dataclass(frozen=True)
class Site:
    """Everything validated: articles newest first, and the registries."""
    articles: tuple[Article, ...]
    registries: Registries
    pages: tuple = ()               # editor_pages.StandalonePage: about, methodology, ... (content/pages/*.md)
