"""Names in briefing bodies -> pages: explicit ``[[links]]``, first mentions, and who links to whom.

Explicit links (written by editors)::

    [[실리콘밸리은행]]            a partner, place, city or tag by name or alias (looked up in that order)
    [[partner:SVB]]              the same, restricted to one registry: partner, place, city, tag
    [[briefing:daejeon-ces-2024-results]]   another briefing by slug
    [[SVB|미국 실리콘밸리은행]]   any of the above with the text to show after ``|``

Mentions (automatic): the first time a body names a registered partner or place by its name or any
alias, that name links to the entry's page. At each position the longest name wins (실리콘밸리은행 before
실리콘밸리); Latin names must stand as whole words (CES is not in "success"); Korean names must not
continue a Korean word (애플 is not in 파인애플).
"""

from __future__ import annotations

import difflib
import re
import string
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

from site_builder.i18n import _
from site_builder.korean import name_key
from site_builder.model import Article, Registries, TermKind
from site_builder.registry import lookup, suggest
from site_builder.urls import briefing_path, term_path

BRIEFING = "briefing"
EXPLICIT_LINK = r"\[\[([^\[\]\n|]+)(?:\|([^\[\]\n]+))?\]\]"
_PREFIXES = {"briefing": BRIEFING, "partner": TermKind.PARTNER, "place": TermKind.PLACE,
             "city": TermKind.CITY, "tag": TermKind.TAG}
_LOOKUP_ORDER = (TermKind.PARTNER, TermKind.PLACE, TermKind.CITY, TermKind.TAG)
_MENTIONED_KINDS = (TermKind.PARTNER, TermKind.PLACE)
_LATIN = re.compile(r"[A-Za-z0-9]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Lower-cases ASCII only, so a string keeps its length and match offsets stay valid in the original.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@dataclass(frozen=True, order=True)
class Target:
    """A page a body can link to: a briefing (kind ``briefing``) or a registry entry (a TermKind value)."""
    kind: str
    slug: str

    @property
    def site_path(self) -> str:
        return briefing_path(self.slug) if self.kind == BRIEFING else term_path(TermKind(self.kind), self.slug)

    @property
    def term_kind(self) -> TermKind | None:
        return None if self.kind == BRIEFING else TermKind(self.kind)


@dataclass(frozen=True)
class Resolution:
    target: Target | None
    text: str               # what the link shows
    problem: str = ""       # why it did not resolve
    expected: str = ""


class NameIndex:
    """Every name a body may use: registry names and aliases, and briefing slugs."""

    def __init__(self, registries: Registries, articles: Iterable[Article]):
        self.registries = registries
        self.titles = {a.slug: a.title for a in articles}
        mentionable = mentionable_names(registries)
        self._mentionable = {name_key(alias): target for alias, target in mentionable.items()}
        self.mentions = MentionMatcher(mentionable) if mentionable else None

    def mentioned(self, text: str) -> Target | None:
        return self._mentionable.get(name_key(text))

    def resolve(self, reference: str, label: str | None = None) -> Resolution:
        """An explicit link's target, or the reason it has none."""
        reference = reference.strip()
        prefix, _colon, rest = reference.partition(":")
        kind = _PREFIXES.get(prefix.strip().lower()) if rest else None
        if kind == BRIEFING:
            slug = rest.strip()
            if slug in self.titles:
                return Resolution(Target(BRIEFING, slug), label or self.titles[slug])
            close = _closest(slug, self.titles)
            return Resolution(None, reference, _("link to unknown briefing {slug!r}").format(slug=slug),
                              _("did you mean {hint!r}?").format(hint=f"briefing:{close}") if close
                              else _("expected the slug of a published briefing, e.g. "
                                     "[[briefing:daejeon-ces-2024-results]]"))
        name = rest.strip() if kind else reference
        kinds = (kind,) if kind else _LOOKUP_ORDER
        for candidate in kinds:
            term = lookup(self.registries.of(candidate), name)
            if term is not None:
                return Resolution(Target(candidate.value, term.slug), label or name)
        if kind is None and reference in self.titles:
            return Resolution(Target(BRIEFING, reference), label or self.titles[reference])
        hints = [hint for candidate in kinds if (hint := suggest(self.registries.of(candidate), name))]
        message = (_("link to unknown name {name!r} (not in the {kind} registry)") if kind
                   else _("link to unknown name {name!r} (not in the registries or briefings)"))
        return Resolution(None, reference, message.format(name=name, kind=kind and kind.value),
                          _("did you mean {hint!r}?").format(hint=hints[0]) if hints
                          else _("expected a name or alias from content/registry/ or [[briefing:slug]]"))


def mentionable_names(registries: Registries) -> dict[str, Target]:
    """Every name or alias a body's first mention may link, with its entry, in the order they win: a partner
    over a place of the same name, the first entry over a later one."""
    names: dict[str, Target] = {}
    keys: set[str] = set()
    for kind in _MENTIONED_KINDS:
        for term in registries.of(kind).terms:
            if term.proposed:  # proposed by ingest, not confirmed by an editor: never linked from a body
                continue
            for alias in (term.name,) + term.aliases:
                key = name_key(alias)
                if key and key not in keys:
                    keys.add(key)
                    names[alias] = Target(kind.value, term.slug)
    return names


def squashed(text: str) -> str:
    """``text`` as the mention matcher compares it: ASCII lower-cased, without whitespace (a name's spaces
    match any spacing). A name that matches anywhere in a body is a substring of the body squashed so."""
    return "".join(text.split()).translate(_ASCII_LOWER)


class MentionMatcher:
    """Finds registered names in text: longest name at a position, whole Latin words, not inside Korean words.

    The names are compiled into one regular expression shaped like a trie (a branch per next character), so
    matching costs about the same with ten names or ten thousand; spaces inside a name match any spacing.
    """

    def __init__(self, names: Iterable[str]):
        trie: dict = {}
        for name in names:
            node = trie
            for char in " ".join(name.translate(_ASCII_LOWER).split()):
                node = node.setdefault(char, {})
            node[""] = {}
        self.pattern = re.compile(_trie_pattern(trie))

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each name in ``text``, left to right, not overlapping."""
        lowered = text.translate(_ASCII_LOWER)
        position = 0
        while (match := self.pattern.search(lowered, position)) is not None:
            start, end = match.span()
            if _stands_alone(text, start, end):
                yield start, end
                position = end
            else:
                position = start + 1


def _trie_pattern(node: dict) -> str:
    branches = [_chain(char, child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
    # A name may end here; the optional group is greedy, so a longer name at the same position wins.
    return body + "?" if "" in node else body


def _chain(char: str, node: dict) -> str:
    """``char`` and the characters after it up to the next branch or name end, as one literal: the
    recursion (and the pattern's nesting) follows branch points only, not every character of a long name."""
    literal = []
    while True:
        literal.append(r"\s*" if char == " " else re.escape(char))
        if len(node) != 1 or "" in node:
            return "".join(literal) + _trie_pattern(node)
        char, node = next(iter(node.items()))


def _stands_alone(text: str, start: int, end: int) -> bool:
    first, last = text[start], text[end - 1]
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if _LATIN.match(first) and before and _LATIN.match(before):
        return False
    if _HANGUL.match(first) and before and _HANGUL.match(before):
        return False
    return not (_LATIN.match(last) and after and _LATIN.match(after))


def _closest(slug: str, slugs: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(slug, sorted(slugs), n=1, cutoff=0.6)
    return matches[0] if matches else None


@dataclass(frozen=True)
class References:
    """Who links to whom, from the rendered bodies: typed backlinks for briefing and entry pages."""
    linked_from: dict[Target, tuple[str, ...]]      # explicit [[links]]: target -> briefing slugs, newest first
    mentioned_in: dict[Target, tuple[str, ...]]     # first mentions: target -> briefing slugs, newest first

    def links_to(self, target: Target) -> tuple[str, ...]:
        return self.linked_from.get(target, ())

    def mentions_of(self, target: Target) -> tuple[str, ...]:
        return self.mentioned_in.get(target, ())

    def mentioned_terms(self, kind: TermKind) -> set[str]:
        return {t.slug for t in (*self.linked_from, *self.mentioned_in) if t.kind == kind.value}


def collect_references(ordered_slugs: Iterable[str], links: dict[str, Iterable[Target]],
                       mentions: dict[str, Iterable[Target]]) -> References:
    """Inverted link lists; ``ordered_slugs`` (newest first) fixes the order of every list."""
    linked: dict[Target, list[str]] = defaultdict(list)
    mentioned: dict[Target, list[str]] = defaultdict(list)
    for slug in ordered_slugs:
        for target in sorted(set(links.get(slug, ()))):
            if target != Target(BRIEFING, slug):
                linked[target].append(slug)
        for target in sorted(set(mentions.get(slug, ()))):
            mentioned[target].append(slug)
    return References({t: tuple(s) for t, s in sorted(linked.items())},
                      {t: tuple(s) for t, s in sorted(mentioned.items())})
