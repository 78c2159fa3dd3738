"""Registry names for search: which entries a briefing names, and which registered names it contains only
as part of a longer registered name of another entry.

- Every alias of an entry the briefing lists (front matter) or mentions in its body (the first-mention
  matcher of ``site_builder.linking``, the same that links the name) becomes a ``@`` term, so the briefing is
  found by the English name or acronym of a place it only mentions; a listing ranks above a mention.
- A registered name whose every occurrence in the briefing lies inside a longer registered name of a different
  entry (동구 inside 강동구, 샌프란시스코 inside a partner called 샌프란시스코 한빛테크) gets a ``!`` term: the
  query side drops that briefing from the name's text hits, unless it lists or mentions the entry itself.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from site_builder.model import Registries, Term, TermKind
from site_builder.search.normalize import name_form, normalize

_NAMED_KINDS = (TermKind.CITY, TermKind.PARTNER, TermKind.PLACE)
_HANGUL = re.compile(r"[가-힣]")


def entry_names(term: Term) -> list[str]:
    """The searchable keys of an entry: each name and alias as ``name_form``, once, in registry order."""
    return list(_entry_names(term.name, term.aliases))


@lru_cache(maxsize=65536)  # every briefing that lists or mentions an entry asks again
def _entry_names(name: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(key for key in map(name_form, (name, *aliases)) if key))


@dataclass(frozen=True)
class Containment:
    """Registered names (normalized, as written) that occur inside a longer registered name of another entry.

    ``inside``: shorter name -> the longer names (of entries other than the shorter name's) that contain it.
    A city's name is also known by its last word (대구광역시 동구 -> 동구), the way articles write it.
    """
    inside: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, registries: Registries) -> Containment:
        owners: dict[str, set[str]] = {}    # name -> entries (kind:slug) that have it
        ancestors: dict[str, set[str]] = {}  # entry -> itself and its parent cities
        for kind in _NAMED_KINDS:
            for term in registries.of(kind).terms:
                entry = f"{kind.value}:{term.slug}"
                ancestors[entry] = {entry} | ({f"{kind.value}:{term.parent}"} if term.parent else set())
                for name in (term.name, *term.aliases):
                    name = " ".join(normalize(name).split())
                    forms = {name} | ({name.split()[-1]} if kind is TermKind.CITY else set())
                    for form in forms:
                        if len(form) >= 2 and _HANGUL.search(form):
                            owners.setdefault(form, set()).add(entry)
        inside: dict[str, list[str]] = {}
        names = sorted(owners, key=len)
        for longer in names:
            for shorter in _substrings_in(longer, owners):
                # a different entry, and not a parent (대전 inside 대전광역시 동구 is still 대전)
                if any(not (ancestors[o] & owners[shorter]) for o in owners[longer]):
                    inside.setdefault(shorter, []).append(longer)
        return cls({short: tuple(sorted(set(longs), key=lambda n: (-len(n), n))) for short, longs in inside.items()})

    def only_inside(self, text: str) -> list[str]:
        """The names in ``inside`` that occur in normalized ``text`` and only within their longer names."""
        found = []
        for short, longs in self.inside.items():
            start = text.find(short)
            if start < 0:
                continue
            covered = _covered(text, longs)
            alone = False
            while start >= 0:
                if not any(begin <= start and start + len(short) <= end for begin, end in covered):
                    alone = True
                    break
                start = text.find(short, start + 1)
            if not alone:
                found.append(short)
        return sorted(found)

    def digest(self) -> str:
        return hashlib.blake2b(repr(sorted(self.inside.items())).encode(), digest_size=8).hexdigest()


def _substrings_in(longer: str, names: dict) -> list[str]:
    size = len(longer)
    return [longer[i:j] for i in range(size) for j in range(i + 2, size + 1 if i else size)
            if longer[i:j] in names]


def _covered(text: str, longs: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for name in longs:
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    return spans


_containment: dict[int, tuple[Registries, Containment]] = {}


def containment(registries: Registries) -> Containment:
    """``Containment.of(registries)``, computed once per registries object (forked workers inherit it)."""
    cached = _containment.get(id(registries))
    if cached is None or cached[0] is not registries:
        _containment.clear()
        cached = _containment[id(registries)] = (registries, Containment.of(registries))
    return cached[1]
