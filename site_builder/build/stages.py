"""The build's stages, each a function with typed inputs and a returned value; ``pipeline`` calls them in order.

Every stage that can reuse last build's work takes the memo's previous entry and returns its new one
beside its result; reuse is keyed by a digest of everything the result depends on, so a reused result
is exactly what a clean build would compute:
- the registries: their files' bytes;
- a briefing's Article: the file's bytes + what its validation read of the registries (``registry_reads``);
- relations: what relations read of every article + the registries' names and parents;
- a rendered body: the body, its figures, the names it may mention and their entries, the base URL, and
  (only when the body has [[links]]) every registry and every briefing's slug and title.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from site_builder.config import Config
from site_builder.diagnostics import Diagnostic, Diagnostics, SiteError
from site_builder.engine.fingerprint import digest, fingerprint
from site_builder.engine.memo import MemoStore, SourceRecord
from site_builder.engine.parallel import parallel_map
from site_builder.i18n import _
from site_builder.linking import NameIndex
from site_builder.build.registry_reads import MentionNames, Recorder
from site_builder.config import outside_project
from site_builder.load import UnreadableInput, body_of, display_path, load_source, read_input
from site_builder.markup import BodyFacts, MarkdownRenderer, RenderedBody, broken_link_diagnostics, render_descriptions
from site_builder.model import Article, Registries, Site, TermKind
from site_builder.registry import PROPOSED_FILES, REGISTRY_FILES, load_registries
from site_builder.relate import Relations, relate
from site_builder.urls import UrlBuilder
from site_builder.validate import check_unique_slugs, validate_article
from site_builder.drafts import draft_warnings, is_draft
from site_builder.editor_pages import StandalonePage, load_pages

# -- registries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedRegistries:
    registries: Registries
    version: str                         # digest of the registry files' bytes
    problems: tuple[Diagnostic, ...]


def read_registries(config: Config, previous: CheckedRegistries | None) -> CheckedRegistries:
    """Every registry, with its problems (reported together with the briefings'); parsed again only when
    one of the registry files changed."""
    parts = []
    for name in sorted({*REGISTRY_FILES.values(), *PROPOSED_FILES.values()}):
        path = config.registry_dir / name
        parts.append(name.encode() + b"\0" + (_read_or_none(path, config.root) or b"-"))
    version = digest(*parts)
    if previous is not None and previous.version == version:
        return previous
    diagnostics = Diagnostics()
    registries = load_registries(config.registry_dir, config.root, diagnostics)
    return CheckedRegistries(registries, version, tuple(diagnostics))


def describe_registries(checked: CheckedRegistries, previous: tuple[str, dict] | None) -> tuple[str, dict]:
    """(registries version, every registry description rendered from Markdown), kept while the registries are."""
    if previous is not None and previous[0] == checked.version:
        return previous
    return checked.version, render_descriptions(checked.registries)


def _read_or_none(path: Path, root: Path) -> bytes | None:
    try:
        return read_input(path, root)
    except UnreadableInput:
        return None


# -- briefings: load + validate, memoised by file digest -----------------------------------------


def article_versions(article: Article) -> tuple[str, str, str]:
    """(without its body, the whole article, what relations read): a title, body or figure edit leaves the
    relations as they are."""
    meta = fingerprint(dataclasses.replace(article, body="", body_line=0))
    related = fingerprint((article.slug, article.date, article.cities, article.destinations, article.partners,
                           article.tags, article.event))
    return meta, digest(meta, article.body, str(article.body_line)), related


def _check_one(state: tuple[Path, Registries], task: tuple[Path, str, tuple | None]
               ) -> tuple[str, SourceRecord]:
    root, registries = state
    path, key, stat = task
    diagnostics = Diagnostics()
    label = display_path(path, root)
    source = load_source(path, root, diagnostics)
    recorder = Recorder(registries)
    article = validate_article(source, recorder.registries, diagnostics) if source is not None else None
    meta, whole, related = article_versions(article) if article else ("", "", "")
    body_version = digest(article.body, fingerprint(article.figures)) if article else ""
    reads = recorder.reads()
    linked = article is not None and "[[" in article.body
    return label, SourceRecord(key, article, tuple(diagnostics), meta, whole, is_draft(source), related,
                               body_version, reads, reads.version(registries), linked, stat)


def check_briefings(config: Config, paths: tuple[Path, ...], stats: Mapping[Path, tuple | None],
                    checked: CheckedRegistries, previous: Mapping[str, SourceRecord],
                    previous_registries: CheckedRegistries | None, jobs: int) -> dict[str, SourceRecord]:
    """A record for every briefing file; only files whose bytes changed, or whose registry look-ups answer
    differently now, are parsed and checked again, and only files whose stat (``stats``, from the input walk)
    changed are read at all. A kept record's article holds no body once it came from the disk memo:
    ``with_body`` reads it when a stage needs it."""
    registries_changed = previous_registries is None or previous_registries.version != checked.version
    answers: dict = {}   # registry look-ups answered once for every briefing that made them
    records: dict[str, SourceRecord] = {}
    missing = []
    for path in paths:
        label = display_path(path, config.root)
        cached = previous.get(label)
        stat = stats.get(path)
        if cached is not None and stat is not None and cached.stat == stat:
            key = cached.key  # the same stat as when these bytes were read: not read again
        else:
            try:
                key = digest(path.read_bytes())  # the input walk already refused links that leave the project
            except OSError:
                missing.append((path, "", None))  # removed or unreadable: loading it says why, at its path
                continue
        if cached is not None and cached.key == key and (
                not registries_changed or cached.registry_reads is not None
                and cached.registry_reads.version(checked.registries, answers) == cached.registry_version):
            records[label] = cached if cached.stat == stat else dataclasses.replace(cached, stat=stat)
        else:
            missing.append((path, key, stat))
    for label, record in parallel_map(_check_one, missing, jobs, (config.root, checked.registries)):
        records[label] = record
    return dict(sorted(records.items()))


def with_body(article: Article, record: SourceRecord, root: Path) -> Article:
    """``article`` with its body: a record kept from the disk memo holds none, so it is read from the file, whose
    bytes must still be the ones the record was made from. Raises UnreadableInput (the file's path, line 1)."""
    if article.body is not None:
        return article
    data = read_input(root / article.path, root, article.path)
    if digest(data) != record.key:
        raise UnreadableInput(Diagnostic(article.path, 1, _("file changed while the site was being built"),
                                         _("expected the file to stay as it was; run the command again")))
    return dataclasses.replace(article, body=body_of(data))


@dataclass(frozen=True)
class Selected:
    site: Site
    warnings: tuple[Diagnostic, ...]     # problems of drafts that this build leaves out


def select_site(config: Config, checked: CheckedRegistries, sources: Mapping[str, SourceRecord],
                pages: tuple[StandalonePage, ...], page_problems: tuple[Diagnostic, ...],
                outside: tuple[Path, ...]) -> Selected:
    """The published site; raises SiteError listing every problem of registries, briefings and pages together.

    A draft's problems do not stop the rest from being published: without --drafts (drafts left out) they
    are warnings, with --drafts they are errors.
    """
    diagnostics = Diagnostics()
    diagnostics.extend(checked.problems)
    diagnostics.extend(page_problems)
    for path in outside:  # nothing from outside the project is read or published
        diagnostics.add(display_path(path, config.root), 1,
                        _("symbolic link leads outside the project (to {target})").format(
                            target=outside_project(path, config.root)), _("expected a file inside the project folder"))
    if not config.briefings_dir.is_dir():
        diagnostics.add(display_path(config.briefings_dir, config.root), 1, _("briefings folder not found"),
                        _("expected a folder of Markdown files at content/briefings/"))
    articles = []
    for record in sources.values():
        diagnostics.extend(record.problems)
        if record.article is not None:
            articles.append(record.article)
    check_unique_slugs(articles, diagnostics)
    drafts = {label for label, record in sources.items() if record.draft}
    errors, warnings = draft_warnings(diagnostics, drafts, config.drafts)
    if errors:
        raise SiteError(errors)
    published = sorted((a for a in articles if config.drafts or not a.draft and a.path not in drafts),
                       key=lambda a: (a.date, a.slug), reverse=True)
    return Selected(Site(tuple(published), checked.registries, pages), tuple(sorted(set(warnings))))


def read_pages(config: Config, paths: tuple[Path, ...]) -> tuple[tuple[StandalonePage, ...], tuple[Diagnostic, ...]]:
    """The editors' standalone pages (content/pages/*.md) and their problems."""
    diagnostics = Diagnostics()
    pages = load_pages(config, paths, diagnostics)
    return pages, tuple(diagnostics)


def versions_of(sources: Mapping[str, SourceRecord]) -> dict[str, str]:
    """slug -> version of the whole article."""
    return {record.article.slug: record.version for record in sources.values() if record.article}


def meta_versions_of(sources: Mapping[str, SourceRecord]) -> dict[str, str]:
    """slug -> version of the article without its body: what pages other than its own read of it
    (a body reaches pages only through its rendered ``Bodies`` entry and its ``BodyFacts``)."""
    return {record.article.slug: record.meta_version for record in sources.values() if record.article}


# -- relations ---------------------------------------------------------------------------------------


def relate_site(site: Site, sources: Mapping[str, SourceRecord], checked: CheckedRegistries,
                previous: tuple[str, Relations] | None) -> tuple[str, Relations]:
    """(key, relations); a title, a body, a figure's wording or an alias never changes them."""
    related = {record.article.slug: record.relation_version for record in sources.values() if record.article}
    # Relations read entries' names (to order and explain) and cities' parents, nothing else of the registries.
    names = fingerprint([(kind.value, term.slug, term.name, term.parent) for kind in TermKind
                         for term in checked.registries.of(kind).terms])
    key = digest(names, *(related[a.slug] for a in site.articles))
    if previous is not None and previous[0] == key:
        return previous
    return key, relate(site)


# -- bodies ------------------------------------------------------------------------------------------


class StoredBody:
    """A rendered body loaded from the memo store on first use; the key stands for it in fingerprints."""

    __slots__ = ("key", "_store", "_body")

    def __init__(self, key: str, store: MemoStore, body: RenderedBody | None = None):
        self.key, self._store, self._body = key, store, body

    def load(self) -> RenderedBody:
        if self._body is None:
            self._body = self._store.get(self.key)
            if self._body is None:
                raise RuntimeError(f"build cache entry {self.key} vanished during the build")
        return self._body

    def __getattr__(self, name: str) -> Any:
        return getattr(self.load(), name)


class Bodies(Mapping):
    """slug -> StoredBody; whole bodies stay in the store until a page needs one. ``facts``: the small part
    of every body that other pages read (kept in memory); ``facts_versions``: a digest of each one."""

    def __init__(self, keys: dict[str, str], facts: dict[str, BodyFacts], facts_versions: dict[str, str],
                 store: MemoStore):
        self.keys = keys
        self.facts = facts
        self.facts_versions = facts_versions
        self._store = store

    def __getitem__(self, slug: str) -> StoredBody:
        return StoredBody(self.keys[slug], self._store)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


@dataclass
class _BodyJob:
    """What a worker needs to render bodies; the Markdown renderer is made once per process."""
    registries: Registries
    articles: tuple[Article, ...]
    base_url: str
    store: MemoStore | None          # a store every process can write to, or None to send bodies back
    renderer: MarkdownRenderer | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "renderer": None}

    def markdown(self) -> MarkdownRenderer:
        if self.renderer is None:
            self.renderer = MarkdownRenderer(NameIndex(self.registries, self.articles), UrlBuilder(self.base_url).link)
        return self.renderer


def _render_one(job: _BodyJob, task: tuple[Article, str]) -> tuple[str, BodyFacts, tuple, RenderedBody | None]:
    article, key = task
    body = job.markdown().render(article.body, article.figures)
    if job.store is not None:
        job.store.put(key, body)
        return article.slug, BodyFacts.of(body), body.broken, None
    return article.slug, BodyFacts.of(body), body.broken, body


@dataclass(frozen=True)
class MentionsEntry:
    """The memo's record of which mentionable names occur in each body (by body version)."""
    names: MentionNames
    occurring: dict[str, tuple[str, ...]]


def mentions_of(site: Site, registries: Registries, sources: Mapping[str, SourceRecord],
                previous: MentionsEntry | None, root: Path) -> MentionsEntry:
    """The names each published body may mention; unchanged bodies are searched only for added names (their
    bodies read from their files when the memo kept none). Raises SiteError when such a file is unreadable."""
    names = MentionNames(registries)
    if previous is not None and previous.names.version == names.version:
        names = previous.names
    added = names.added_since(previous.names if previous is not None else None)
    records = {record.article.slug: record for record in sources.values() if record.article}
    occurring = {}
    unreadable = []
    for article in site.articles:
        record = records[article.slug]
        version = record.body_version
        known = previous.occurring.get(version) if previous is not None else None
        if known is not None and names is previous.names:
            occurring[version] = known
            continue
        try:
            occurring[version] = names.update(lambda: with_body(article, record, root).body, known or (),
                                              added if known is not None else None)
        except UnreadableInput as error:
            unreadable.append(error.diagnostic)
    if unreadable:
        raise SiteError(unreadable)
    return MentionsEntry(names, occurring)


def body_key(linked: bool, body_version: str, mentions: str, registries_version: str, base_url: str,
             titles_version: str) -> str:
    """``body_version``: the source record's digest of the body and its figures; ``mentions``: the version of
    the names it may mention. A body with [[links]] (``linked``) may name anything in any registry or briefing
    title."""
    links_version = digest(titles_version, registries_version) if linked else ""
    return digest(body_version, mentions, base_url, links_version)


def render_bodies(config: Config, site: Site, checked: CheckedRegistries, sources: Mapping[str, SourceRecord],
                  store: MemoStore, previous: Mapping[str, tuple], mentions: MentionsEntry,
                  jobs: int) -> tuple[Bodies, dict[str, tuple]]:
    """(every body, the memo entry: body key -> (facts, broken links, facts version)); renders only bodies
    not in the store.

    Raises SiteError for [[links]] to names or briefings that do not exist.
    """
    titles_version = fingerprint(sorted((a.slug, a.title) for a in site.articles))
    records = {record.article.slug: record for record in sources.values() if record.article}
    names = mentions.names
    keys = {a.slug: body_key(records[a.slug].linked, records[a.slug].body_version,
                             names.version_of(mentions.occurring[records[a.slug].body_version]),
                             checked.version, config.base_url, titles_version)
            for a in site.articles}
    facts: dict[str, BodyFacts] = {}
    facts_versions: dict[str, str] = {}
    broken: dict[str, tuple] = {}
    missing = []
    unreadable = []
    kept: dict[str, tuple] = {}
    for article in site.articles:
        key = keys[article.slug]
        known = previous.get(key)
        if known is not None and store.has(key):
            facts[article.slug], broken[article.slug], facts_versions[article.slug] = kept[key] = known
            continue
        try:
            missing.append((with_body(article, records[article.slug], config.root), key))
        except UnreadableInput as error:
            unreadable.append(error.diagnostic)
    if unreadable:
        raise SiteError(unreadable)
    if missing:
        job = _BodyJob(site.registries, site.articles, config.base_url, store if store.shared_by_processes else None)
        for (article, key), (slug, fact, problems, body) in zip(missing, parallel_map(_render_one, missing, jobs, job)):
            facts[slug], broken[slug], facts_versions[slug] = fact, problems, fingerprint(fact)
            if body is not None:
                store.put(key, body)
    problems = []
    for article in site.articles:
        if broken[article.slug]:
            try:
                problems += broken_link_diagnostics(with_body(article, records[article.slug], config.root),
                                                    broken[article.slug])
            except UnreadableInput as error:
                problems.append(error.diagnostic)
    if problems:
        raise SiteError(problems)
    entry = {key: kept[key] if key in kept else (facts[slug], broken[slug], facts_versions[slug])
             for slug, key in keys.items()}  # kept entries stay the same objects: the memo's part is not rewritten
    return Bodies(keys, facts, facts_versions, store), entry
