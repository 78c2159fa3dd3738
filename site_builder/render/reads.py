"""What a page's template looked up beyond its own context, as typed values.

Render records one of these for every lookup (``term()``, ``article()``, ``articles_of()``, a generated
summary, a registry description); the build's memo stores them with the page and, on the next build,
asks for each one's current version. A page is reused only when every input it read is unchanged.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import Union

from site_builder.model import TermKind


@dataclass(frozen=True)
class TermRead:
    """A registry entry (its names, aliases, fields)."""
    kind: TermKind
    slug: str


@dataclass(frozen=True)
class ArticleRead:
    """A briefing's front matter and body."""
    slug: str


@dataclass(frozen=True)
class TermListRead:
    """The briefings that list a registry entry, in order, and what each of them says."""
    kind: TermKind
    slug: str


@dataclass(frozen=True)
class SummaryRead:
    """The summary made from a briefing's first paragraph (when its front matter has none)."""
    slug: str


@dataclass(frozen=True)
class DescriptionRead:
    """A registry entry's rendered description."""
    kind: TermKind
    slug: str


@dataclass(frozen=True)
class AllDescriptionsRead:
    """Every registry description (a template iterated over them)."""


@dataclass(frozen=True)
class FooterPagesRead:
    """The editors' pages that the footer links to (their titles and order)."""


Read = Union[TermRead, ArticleRead, TermListRead, SummaryRead, DescriptionRead, AllDescriptionsRead, FooterPagesRead]


def sorted_reads(reads) -> tuple[Read, ...]:
    """A stable order for a page's reads, whatever order its template made them in."""
    return tuple(sorted(reads, key=lambda read: (type(read).__name__, tuple(map(str, astuple(read))))))
