"""What a rebuild can reuse: cached parsing and validation, bodies and pages, keyed by content.

Every reuse is keyed by a digest of everything the result depends on, so a cached result is
either exactly what a clean build would compute or it is not used:
- a briefing's Article: the file's bytes + the registries' bytes;
- a rendered body: the body, its figures, the registries, the base URL, and (only when the body has
  [[links]]) every briefing's slug and title;
- a page: its plan (template sources, context, title, ...) + the versions of the inputs its
  template looked up through term()/article()/articles_of()/summary()/descriptions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Iterator

import jinja2
import jinja2.meta

from site_builder.engine.memo import BuildCache, SourceRecord
from site_builder.config import Config
from site_builder.diagnostics import Diagnostics
from site_builder.engine.fingerprint import digest, fingerprint
from site_builder.linking import NameIndex
from site_builder.load import UnreadableInput, body_of, briefing_paths, display_path, load_source, read_input
from site_builder.markup import BodyFacts, MarkdownRenderer, RenderedBody
from site_builder.model import Article, Registries, Term
from site_builder.engine.parallel import parallel_map
from site_builder.registry import REGISTRY_FILES
from site_builder.validate import validate_article

# -- sources: parse + validate, memoised by file digest -------------------------------------------


def registries_version(config: Config) -> str:
    parts = []
    for name in sorted(REGISTRY_FILES.values()):
        path = config.registry_dir / name
        parts.append(_read_or_none(path, config.root) or b"-")
    return digest(*parts)


def article_versions(article: Article) -> tuple[str, str]:
    """(without body, whole): relations depend only on the first."""
    meta = fingerprint(dataclasses.replace(article, body="", body_line=0))
    return meta, digest(meta, article.body, str(article.body_line))


def _check_one(task: tuple[Path, str, Path, Registries]) -> tuple[SourceRecord, str]:
    path, key, root, registries = task
    diagnostics = Diagnostics()
    source = load_source(path, root, diagnostics)
    article = validate_article(source, registries, diagnostics) if source is not None else None
    meta, whole = article_versions(article) if article else ("", "")
    return SourceRecord(key, article, tuple(diagnostics), meta, whole), display_path(path, root)


def check_sources(config: Config, registries: Registries, previous: dict[str, SourceRecord], jobs: int
                  ) -> dict[str, SourceRecord]:
    """A record for every briefing file; only files whose bytes (or the registries) changed are parsed."""
    registry_version = registries_version(config)
    records: dict[str, SourceRecord] = {}
    missing = []
    for path in briefing_paths(config.briefings_dir, config.root):
        label = display_path(path, config.root)
        data = _read_or_none(path, config.root)
        key = digest(data, registry_version) if data is not None else None  # unreadable: load_source says why
        cached = previous.get(label)
        if cached is not None and cached.key == key:
            if cached.article is not None and not cached.article.body:
                # The saved state leaves bodies out; this file's bytes are the ones it was parsed from.
                cached = dataclasses.replace(cached, article=dataclasses.replace(cached.article, body=body_of(data)))
            records[label] = cached
        else:
            missing.append((path, key, config.root, registries))
    for record, label in parallel_map(_check_one, missing, jobs):
        records[label] = record
    return dict(sorted(records.items()))


def _read_or_none(path: Path, root: Path) -> bytes | None:
    try:
        return read_input(path, root)
    except UnreadableInput:
        return None


# -- bodies ------------------------------------------------------------------------------------------


def body_key(article: Article, registry_version: str, base_url: str, titles_version: str) -> str:
    links_version = titles_version if "[[" in article.body else ""
    return digest(article.body, fingerprint(article.figures), registry_version, base_url, links_version)


class StoredBody:
    """A rendered body loaded from the cache on first use; the key stands for it in fingerprints."""

    __slots__ = ("key", "_cache", "_body")

    def __init__(self, key: str, cache: BuildCache, body: RenderedBody | None = None):
        self.key, self._cache, self._body = key, cache, body

    def load(self) -> RenderedBody:
        if self._body is None:
            self._body = self._cache.get(self.key)
            if self._body is None:
                raise RuntimeError(f"build cache entry {self.key} vanished during the build")
        return self._body

    def __getattr__(self, name: str) -> Any:
        return getattr(self.load(), name)


class BodyStore(Mapping):
    """slug -> StoredBody; whole bodies stay on disk until a page needs one."""

    def __init__(self, keys: dict[str, str], cache: BuildCache):
        self.keys = keys
        self._cache = cache

    def __getitem__(self, slug: str) -> StoredBody:
        return StoredBody(self.keys[slug], self._cache)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


_renderer_for_workers: MarkdownRenderer | None = None


def _render_one(task: tuple[Article, str, BuildCache]) -> tuple[str, BodyFacts, tuple]:
    article, key, cache = task
    body = _renderer_for_workers.render(article.body, article.figures)
    cache.put(key, body)
    return article.slug, BodyFacts.of(body), body.broken


def render_bodies_cached(articles: tuple[Article, ...], registries: Registries, config: Config,
                         registry_version: str, cache: BuildCache, previous_facts: dict[str, tuple],
                         jobs: int) -> tuple[dict[str, str], dict[str, BodyFacts], dict[str, tuple]]:
    """(slug -> body key, slug -> facts, slug -> broken links); renders only bodies not in the cache."""
    global _renderer_for_workers
    titles_version = fingerprint(sorted((a.slug, a.title) for a in articles))
    keys = {a.slug: body_key(a, registry_version, config.base_url, titles_version) for a in articles}
    facts: dict[str, BodyFacts] = {}
    broken: dict[str, tuple] = {}
    missing = []
    for article in articles:
        key = keys[article.slug]
        known = previous_facts.get(key)
        if known is not None and cache.has(key):
            facts[article.slug], broken[article.slug] = known
        else:
            missing.append((article, key, cache))
    if missing:
        from site_builder.urls import UrlBuilder
        _renderer_for_workers = MarkdownRenderer(NameIndex(registries, articles), UrlBuilder(config.base_url).link)
        try:
            for slug, fact, problems in parallel_map(_render_one, missing, jobs):
                facts[slug], broken[slug] = fact, problems
        finally:
            _renderer_for_workers = None
    return keys, facts, broken


# -- pages ------------------------------------------------------------------------------------------


class TemplateVersions:
    """Digest of a template and everything it extends, includes or imports."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self._sources: dict[str, tuple[str, set[str]]] = {}
        self._versions: dict[str, str] = {}

    def _read(self, name: str) -> tuple[str, set[str]]:
        if name not in self._sources:
            source, _, _ = self.env.loader.get_source(self.env, name)
            try:
                referenced = {n for n in jinja2.meta.find_referenced_templates(self.env.parse(source)) if n}
            except jinja2.TemplateSyntaxError:
                referenced = set()  # rendering reports the syntax error with its line
            self._sources[name] = (source, referenced)
        return self._sources[name]

    def version(self, name: str) -> str:
        if name not in self._versions:
            seen, stack, parts = set(), [name], []
            while stack:
                current = stack.pop()
                if current in seen:
                    continue
                seen.add(current)
                try:
                    source, referenced = self._read(current)
                except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError):  # rendering reports it at its line
                    source, referenced = "\0missing", set()
                parts.append(f"{current}\0{source}")
                stack.extend(sorted(referenced))
            self._versions[name] = digest(*sorted(parts))
        return self._versions[name]


class PageVersions:
    """Fingerprints of page plans and versions of the inputs templates look up."""

    def __init__(self, articles: dict[str, Article], article_version: dict[str, str], registries: Registries,
                 relations, facts: Mapping[str, BodyFacts], descriptions: Mapping, everything: str):
        self.articles = articles
        self.article_version = article_version
        self.registries = registries
        self.relations = relations
        self.facts = facts
        self.descriptions = descriptions
        self.everything = everything
        self._terms: dict[tuple, str] = {}
        self._substitutes = self.substitutes()

    def substitutes(self) -> dict[type, Any]:
        return {Article: lambda article: "article:" + self.article_version[article.slug],
                StoredBody: lambda body: "body:" + body.key,
                Term: lambda term: "term:" + self._term(term)}

    def _term(self, term: Term) -> str:
        key = (term.kind, term.slug)
        if key not in self._terms:
            self._terms[key] = fingerprint(term)
        return self._terms[key]

    def page(self, page, template_version: str) -> str:
        if page.producer is not None:
            if page.context:
                # A data file made from the records its context names (its lookups are recorded as a template's).
                return digest("producer", page.path, fingerprint(page.context, self._substitutes))
            # Other data files (CSV, JSON, the archive calendar) are made from the whole site.
            return digest("producer", page.path, self.everything)
        plan = dataclasses.replace(page, producer=None)
        return digest(template_version, fingerprint(plan, self._substitutes))

    def reads_version(self, keys: tuple[tuple, ...]) -> str:
        return digest(*(self.read(key) for key in keys))

    def read(self, key: tuple) -> str:
        """The current version of one looked-up input ("" when it no longer exists)."""
        kind = key[0]
        if kind == "term":
            from site_builder.model import TermKind
            term = self.registries.of(TermKind(key[1])).by_slug.get(key[2])
            return self._term(term) if term else ""
        if kind == "article":
            return self.article_version.get(key[1], "")
        if kind == "articles_of":
            from site_builder.model import TermKind
            slugs = self.relations.articles_of(TermKind(key[1]), key[2])
            return digest(*(self.article_version[s] for s in slugs)) if slugs else "none"
        if kind == "summary":
            fact = self.facts.get(key[1])
            return digest(fact.lead) if fact else ""
        if kind == "description":
            if key[1:] == ("*",):
                return fingerprint(sorted((k[0].value, k[1], v) for k, v in self.descriptions.items()))
            from site_builder.model import TermKind
            return digest(self.descriptions.get((TermKind(key[1]), key[2]), "\0none"))
        return ""
