"""Registries of cities, partners, places and tags: load, check, and look names up.

Each registry is a YAML list of entries with ``name``, ``slug``, ``aliases`` and an optional
Markdown ``description``. A name or alias may belong to one entry only; lookups ignore case
and spaces (``svb`` finds 실리콘밸리은행).
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

from site_builder.body_limits import CONTROL_CHARACTER
from site_builder.diagnostics import Diagnostics
from site_builder.i18n import _
from site_builder.korean import name_key
from site_builder.load import YamlDocument, load_yaml_file
from site_builder.model import Registries, Registry, Term, TermKind
from site_builder.urls import is_valid_slug

REGISTRY_FILES = {
    TermKind.CITY: "cities.yaml",
    TermKind.PARTNER: "partners.yaml",
    TermKind.PLACE: "places.yaml",
    TermKind.TAG: "tags.yaml",
}
PARTNER_CATEGORIES = ("기업", "금융기관", "대학", "연구기관", "정부기관", "단체", "행사", "기타")
CITY_LEVELS = ("광역", "기초")
MAX_NAME_LENGTH = 100   # longer names are mistakes, and would make the mention matcher's pattern nest too deep

# Partners that ingest found in articles but no editor has confirmed yet: drafts may name them, a
# published briefing may not. Confirming one is moving its entry to partners.yaml.
PROPOSED_PARTNERS_FILE = "proposed-partners.yaml"
PROPOSED_PLACES_FILE = "proposed-places.yaml"     # places visited, the same way
PROPOSED_FILES = {TermKind.PARTNER: PROPOSED_PARTNERS_FILE, TermKind.PLACE: PROPOSED_PLACES_FILE}
_PROPOSED_KEYS = ("proposed", "seen_in")
_COMMON_KEYS = ("name", "slug", "aliases", "description")
_EXTRA_KEYS = {
    TermKind.CITY: ("parent", "level"),
    TermKind.PARTNER: ("kind", "country"),
    TermKind.PLACE: ("country",),
    TermKind.TAG: (),
}


def lookup(registry: Registry, name: str) -> Term | None:
    return registry.by_key.get(name_key(name))


def suggest(registry: Registry, name: str) -> str | None:
    """The canonical name closest to ``name`` among all names and aliases, if any is close."""
    matches = difflib.get_close_matches(name_key(name), list(registry.by_key), n=1, cutoff=0.6)
    return registry.by_key[matches[0]].name if matches else None


def make_registry(kind: TermKind, terms: list[Term]) -> Registry:
    return Registry(kind, tuple(terms), {t.slug: t for t in terms},
                    {name_key(alias): t for t in terms for alias in (t.name,) + t.aliases})


def load_registries(registry_dir: Path, root: Path, diagnostics: Diagnostics) -> Registries:
    terms = {kind: _load_terms(kind, registry_dir / filename, root, diagnostics)
             for kind, filename in REGISTRY_FILES.items()}
    terms[TermKind.CITY] = _resolve_city_parents(terms[TermKind.CITY], diagnostics)
    for kind, filename in PROPOSED_FILES.items():
        confirmed = {name_key(n) for t in terms[kind] for n in (t.name, *t.aliases)}
        slugs = {t.slug for t in terms[kind]}
        terms[kind] += [  # an entry already confirmed under a name, alias or slug is not proposed twice
            t for t in _load_terms(kind, registry_dir / filename, root, diagnostics, proposed=True)
            if t.slug not in slugs and not any(name_key(n) in confirmed for n in (t.name, *t.aliases))]
    built = {kind: make_registry(kind, kind_terms) for kind, kind_terms in terms.items()}
    return Registries(cities=built[TermKind.CITY], partners=built[TermKind.PARTNER],
                      places=built[TermKind.PLACE], tags=built[TermKind.TAG])


def _load_terms(kind: TermKind, path: Path, root: Path, diagnostics: Diagnostics,
                proposed: bool = False) -> list[Term]:
    if not path.is_file():
        return []
    label, document = load_yaml_file(path, root, diagnostics)
    if document is None or document.data is None:
        return []
    if not isinstance(document.data, list):
        diagnostics.add(label, document.line(), _("{file} must be a list of entries").format(file=path.name),
                        _("expected lines starting with '- name: ...'"))
        return []
    terms: list[Term] = []
    by_slug: dict[str, Term] = {}
    by_key: dict[str, Term] = {}
    for index, entry in enumerate(document.data):
        term = _read_entry(kind, label, document, index, entry, diagnostics, proposed)
        if term is None:
            continue
        if term.slug in by_slug:
            first = by_slug[term.slug]
            diagnostics.add(label, document.line(index, "slug"), _("duplicate slug {slug!r}").format(slug=term.slug),
                            _("expected a slug not already used by {name!r} on line {line}").format(
                                name=first.name, line=first.line))
            continue
        clashes = [(position, alias) for position, alias in enumerate((term.name,) + term.aliases)
                   if name_key(alias) in by_key]
        for position, alias in clashes:
            owner = by_key[name_key(alias)]
            line = document.line(index, "aliases", position - 1) if position else document.line(index, "name")
            diagnostics.add(label, line, _("name or alias {alias!r} already belongs to {owner!r} (line {line})").format(
                alias=alias, owner=owner.name, line=owner.line), _("expected each name and alias in one entry only"))
        if clashes:
            continue
        by_slug[term.slug] = term
        by_key.update((name_key(alias), term) for alias in (term.name,) + term.aliases)
        terms.append(term)
    return terms


def _read_entry(kind: TermKind, label: str, document: YamlDocument, index: int, entry: object,
                diagnostics: Diagnostics, proposed: bool = False) -> Term | None:
    line = document.line(index)
    if not isinstance(entry, dict):
        diagnostics.add(label, line, _("registry entry must be a mapping"), _("expected 'name:' and 'slug:' keys"))
        return None
    allowed = _COMMON_KEYS + _EXTRA_KEYS[kind]
    ok = True
    for key in entry:
        if proposed and key in _PROPOSED_KEYS:
            continue
        if key not in allowed:
            diagnostics.add(label, document.line(index, key), _("unknown key {key!r}").format(key=key),
                            _("expected one of {choices}").format(choices=", ".join(allowed)))
            ok = False
    values: dict[str, str | None] = {}
    for key in allowed:
        if key == "aliases":
            continue
        value = entry.get(key)
        if value is None:
            values[key] = None
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            values[key] = str(value).strip()
        else:
            diagnostics.add(label, document.line(index, key), _("{key!r} must be text").format(key=key),
                            _("expected a single line of text"))
            ok = False
    for key in ("name", "slug"):
        if key not in entry:
            diagnostics.add(label, line, _("registry entry is missing {key!r}").format(key=key),
                            _("expected '{key}:'").format(key=key))
        if not values.get(key):
            ok = False
    slug = values.get("slug")
    if slug and not is_valid_slug(slug):
        diagnostics.add(label, document.line(index, "slug"), _("invalid slug {slug!r}").format(slug=slug),
                        _("expected ASCII lower-case letters, digits and single hyphens, e.g. {example!r}")
                        .format(example="silicon-valley-bank"))
        ok = False
    aliases = entry.get("aliases", [])
    if aliases is None:
        aliases = []
    if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) and str(a).strip() for a in aliases):
        diagnostics.add(label, document.line(index, "aliases"), _("'aliases' must be a list of names"),
                        _("expected e.g. aliases: [SVB, Silicon Valley Bank]"))
        ok = False
        aliases = []
    for position, alias in enumerate([values.get("name") or ""] + [str(a) for a in aliases]):
        if len(alias) > MAX_NAME_LENGTH or CONTROL_CHARACTER.search(alias):
            where = document.line(index, "aliases", position - 1) if position else document.line(index, "name")
            problem = (_("name or alias is {count:,} characters long").format(count=len(alias))
                       if len(alias) > MAX_NAME_LENGTH else _("name or alias contains an invisible control character"))
            diagnostics.add(label, where, problem,
                            _("expected a name of at most {limit} visible characters").format(limit=MAX_NAME_LENGTH))
            ok = False
    if kind is TermKind.CITY and values.get("level") and values["level"] not in CITY_LEVELS:
        diagnostics.add(label, document.line(index, "level"), _("unknown level {level!r}").format(level=values["level"]),
                        _("expected 광역 or 기초"))
        ok = False
    if kind is TermKind.PARTNER and values.get("kind") and values["kind"] not in PARTNER_CATEGORIES:
        diagnostics.add(label, document.line(index, "kind"), _("unknown partner kind {kind!r}").format(kind=values["kind"]),
                        _("expected one of {choices}").format(choices=", ".join(PARTNER_CATEGORIES)))
        ok = False
    if not ok:
        return None
    unique_aliases = tuple(dict.fromkeys(str(a).strip() for a in aliases
                                         if name_key(str(a)) != name_key(values["name"] or "")))
    # Aliases that differ only in spacing or case are one key; keep the first spelling.
    seen_keys: set[str] = set()
    deduplicated = []
    for alias in unique_aliases:
        if name_key(alias) not in seen_keys:
            seen_keys.add(name_key(alias))
            deduplicated.append(alias)
    return Term(
        kind=kind, name=values["name"], slug=slug, aliases=tuple(deduplicated),
        description=entry.get("description") and str(entry["description"]).strip() or "",
        parent=values.get("parent"), level=_city_level(kind, values),
        country=values.get("country"), category=values.get("kind"), line=line, path=label, proposed=proposed,
    )


def _city_level(kind: TermKind, values: dict[str, str | None]) -> str | None:
    if kind is not TermKind.CITY:
        return None
    return values.get("level") or ("기초" if values.get("parent") else "광역")


def _resolve_city_parents(cities: list[Term], diagnostics: Diagnostics) -> list[Term]:
    """Replace each city's parent name by the parent's slug; report parents that do not exist."""
    registry = make_registry(TermKind.CITY, cities)
    resolved = []
    for term in cities:
        if term.parent is not None:
            parent = lookup(registry, term.parent)
            if parent is None or parent.parent is not None:
                hint = suggest(registry, term.parent)
                diagnostics.add(term.path, term.line, _("unknown parent {parent!r} of {name!r}").format(
                    parent=term.parent, name=term.name), _("did you mean {hint!r}?").format(hint=hint) if hint
                    else _("expected the name of a 광역 government in cities.yaml"))
            else:
                term = replace(term, parent=parent.slug)
        resolved.append(term)
    return resolved
