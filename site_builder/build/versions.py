"""The memo's rules for pages: a page's fingerprint, and the current version of every input it read.

A page is reused (from ``output/`` or the preview's memory) only when its plan's fingerprint (template
sources, context, title, ...) is the same as last time and every ``render.reads`` value it recorded
still has the version it had when the page was rendered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping


import jinja2
import jinja2.meta

from site_builder.engine.fingerprint import digest, fingerprint
from site_builder.engine.memo import PageRecord
from site_builder.build.registry_reads import term_version
from site_builder.markup import BodyFacts
from site_builder.model import Article, Registries, Term, TermKind
from site_builder.relate import Relations
from site_builder.render.pages import Deferred, Page
from site_builder.render.reads import (AllDescriptionsRead, ArticleRead, DescriptionRead, FooterPagesRead, Read,
                                       SummaryRead, TermListRead, TermRead)


# Template source -> the templates it extends, includes or imports: parsing is the slow part, and a
# preview session sees the same sources build after build.
_REFERENCED: dict[str, frozenset[str]] = {}


class TemplateVersions:
    """Digest of a template and everything it extends, includes or imports."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self._sources: dict[str, tuple[str, set[str]]] = {}
        self._versions: dict[str, str] = {}

    def _read(self, name: str) -> tuple[str, set[str]]:
        if name not in self._sources:
            source, _, _ = self.env.loader.get_source(self.env, name)
            referenced = _REFERENCED.get(source)
            if referenced is None:
                try:
                    referenced = frozenset(n for n in jinja2.meta.find_referenced_templates(self.env.parse(source)) if n)
                except jinja2.TemplateSyntaxError:
                    referenced = frozenset()  # rendering reports the syntax error with its line
                if len(_REFERENCED) > 512:
                    _REFERENCED.clear()
                _REFERENCED[source] = referenced
            self._sources[name] = (source, set(referenced))
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


class PageMemo:
    """Fingerprints of page plans, versions of the inputs templates read, and the reuse decision."""

    def __init__(self, articles: Mapping[str, Article], article_versions: Mapping[str, str], registries: Registries,
                 relations: Relations, facts: Mapping[str, BodyFacts], descriptions: Mapping,
                 templates: TemplateVersions, everything: str, body_type: type, pages: tuple = ()):
        self.articles = articles
        self.article_versions = article_versions
        self.registries = registries
        self.relations = relations
        self.facts = facts
        self.descriptions = descriptions
        self.templates = templates
        self.everything = everything      # digest of the whole site, for data files made from all of it
        self.pages = pages                # the editors' standalone pages
        self._terms: dict[tuple[TermKind, str], str] = {}
        self._read_versions: dict[Read, str] = {}
        # Records with a version are fingerprinted as that version (fast, and exact).
        self._substitutes = {Article: lambda article: "article:" + self.article_versions[article.slug],
                             body_type: lambda body: "body:" + body.key,
                             Term: lambda term: "term:" + self._term(term),
                             # Made at render time from the page's own records, which its reads cover.
                             Deferred: lambda deferred: "deferred:" + deferred.key}

    def _term(self, term: Term) -> str:
        key = (term.kind, term.slug)
        if key not in self._terms:
            self._terms[key] = term_version(term)
        return self._terms[key]

    def fingerprint(self, page: Page) -> str:
        if page.producer is not None:
            if page.context:
                # A data file made from the records its context names.
                return digest("producer", page.path, fingerprint(page.context, self._substitutes))
            # Other data files (CSV, JSON, the archive calendar) are made from the whole site.
            return digest("producer", page.path, self.everything)
        plan = dataclasses.replace(page, producer=None)
        return digest(self.templates.version(page.template), fingerprint(plan, self._substitutes))

    def reusable(self, record: PageRecord | None, fingerprint: str) -> bool:
        return (record is not None and record.fingerprint == fingerprint
                and self.reads_version(record.reads) == record.reads_version)

    def record(self, fingerprint: str, reads: tuple[Read, ...], written: str) -> PageRecord:
        return PageRecord(fingerprint, reads, self.reads_version(reads), written)

    def reads_version(self, reads: tuple[Read, ...]) -> str:
        versions = self._read_versions
        return digest(*(versions[read] if read in versions else self.version(read) for read in reads))

    def version(self, read: Read) -> str:
        """The current version of one input a template read ("" when it no longer exists); each is computed
        once per build (thousands of pages read the same city or the same list of briefings)."""
        version = self._read_versions.get(read)
        if version is None:
            version = self._read_versions[read] = self._version(read)
        return version

    def _version(self, read: Read) -> str:
        match read:
            case TermRead(kind, slug):
                term = self.registries.of(kind).by_slug.get(slug)
                return self._term(term) if term else ""
            case ArticleRead(slug):
                return self.article_versions.get(slug, "")
            case TermListRead(kind, slug):
                slugs = self.relations.articles_of(kind, slug)
                return digest(*(self.article_versions[s] for s in slugs)) if slugs else "none"
            case SummaryRead(slug):
                fact = self.facts.get(slug)
                return digest(fact.lead) if fact else ""
            case DescriptionRead(kind, slug):
                return digest(self.descriptions.get((kind, slug), "\0none"))
            case FooterPagesRead():
                return fingerprint([(page.slug, page.title, page.footer, page.order) for page in self.pages
                                    if page.footer])
            case AllDescriptionsRead():
                return fingerprint(sorted((kind.value, slug, text) for (kind, slug), text in self.descriptions.items()))
        raise TypeError(f"not a page input: {read!r}")


