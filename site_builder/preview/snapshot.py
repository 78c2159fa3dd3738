"""The site held in memory for the preview, rebuilt after each save from what changed.

``SiteBuilder.build()`` runs the pipeline in ``build``'s order (load -> validate -> relate
-> markup -> render) with the same stage functions, but keeps what unchanged inputs gave
last time: parsed and validated files, relations, rendered bodies. Pages are rendered
when a browser asks for them, so a save costs one file's parsing plus one page, not the
whole site. The first build renders every page, so every template mistake is reported
at once; after a template edit, one page of each template is rendered before the reload.
``tests/test_preview.py`` checks that every file equals ``build.render_site``'s.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

import jinja2

from site_builder.config import Config
from site_builder.diagnostics import Diagnostic, Diagnostics, SiteError
from site_builder.linking import EXPLICIT_LINK, NameIndex
from site_builder.load import SourceFile, display_path, load_source, read_static_files
from site_builder.markup import MarkdownRenderer, RenderedBody, render_articles, render_descriptions
from site_builder.model import Article, Registries, Site
from site_builder.editor_pages import load_pages
from site_builder.registry import REGISTRY_FILES, load_registries
from site_builder.relate import Relations, relate
from site_builder.search import build_search_files
from site_builder.search.index import DATA_DIR as SEARCH_DATA
from site_builder.render.pages import Page, SiteRenderer, TemplateError
from site_builder.urls import UrlBuilder, briefing_path
from site_builder.validate import check_unique_slugs, validate_article

SITEMAP = "sitemap.xml"
_EXPLICIT_LINK = re.compile(EXPLICIT_LINK)


class _Plan:
    """``SiteRenderer.plan()`` read only as far as requests need: a save does not wait for every page's context."""

    def __init__(self, pages: Iterator[Page]):
        self._pending: Iterator[Page] | None = pages
        self.pages: dict[str, Page] = {}
        self._lock = threading.RLock()

    def find(self, site_path: str) -> Page | None:
        with self._lock:
            while site_path not in self.pages and self._pending is not None:
                self._next()
            return self.pages.get(site_path)

    def all(self) -> list[Page]:
        with self._lock:
            while self._pending is not None:
                self._next()
            return list(self.pages.values())

    def _next(self) -> None:
        page = next(self._pending, None)
        if page is None:
            self._pending = None
        else:
            self.pages[page.path] = page


@dataclass
class Snapshot:
    """One successful build: pages are planned and rendered on first request, then kept."""
    config: Config
    site: Site
    renderer: SiteRenderer
    plan: _Plan
    static: dict[str, bytes]
    make_extras: Callable[[], dict[str, bytes]]   # files made from the whole site at once (search index)
    extras_prefix: str                            # ... all under this folder, so other paths never wait for them
    rendered: dict[str, bytes] = field(default_factory=dict)
    _extras: list[dict[str, bytes]] = field(default_factory=list)   # shared with with_static() copies
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, site_path: str) -> bytes | None:
        """The file at ``site_path`` ("" is the home page), or None; raises SiteError for a template mistake."""
        if site_path in self.static:
            return self.static[site_path]
        cached = self.rendered.get(site_path)
        if cached is not None:
            return cached
        try:
            if site_path == SITEMAP:
                data = self.renderer.sitemap(self.plan.all())
            elif (page := self.plan.find(site_path)) is not None:
                data = self.renderer.render(page)
            elif site_path.startswith(self.extras_prefix):
                return self.extras().get(site_path)
            else:
                return None
        except TemplateError as error:
            raise SiteError([error.diagnostic]) from None
        self.rendered[site_path] = data
        return data

    def has_page(self, site_path: str) -> bool:
        return self.plan.find(site_path) is not None

    def extras(self) -> dict[str, bytes]:
        """Made on the first request that needs them: a save does not wait for the search index."""
        with self._lock:
            if not self._extras:
                self._extras.append(self.make_extras())
            return self._extras[0]

    def paths(self) -> list[str]:
        return sorted({*(page.path for page in self.plan.all()), SITEMAP, *self.static, *self.extras()})

    def render_pages(self) -> None:
        """Render every page now, so a template mistake anywhere fails this build; raises SiteError."""
        for page in self.plan.all():
            self.get(page.path)
        self.get(SITEMAP)

    def render_one_page_per_template(self) -> None:
        templates: set[str] = set()
        for page in self.plan.all():
            if page.template not in templates:
                templates.add(page.template)
                self.get(page.path)
        self.get(SITEMAP)

    def render_all(self) -> dict[str, bytes]:
        """Every file, as ``build.render_site`` would write it; raises SiteError."""
        return {path: data for path in self.paths() if (data := self.get(path)) is not None}

    def with_static(self, static: dict[str, bytes]) -> Snapshot:
        """The same pages with new static files (a CSS-only change)."""
        return replace(self, static=static)


@dataclass(frozen=True)
class _ParsedFile:
    signature: tuple[int, int, int, int]      # mtime, ctime, size, inode: read again when any differs
    source: SourceFile | None
    problems: tuple[Diagnostic, ...]
    registries: Registries | None = None      # the registries ``article`` was validated against
    article: Article | None = None
    article_problems: tuple[Diagnostic, ...] = ()


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept across rebuilds; Jinja checks each source's checksum."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


class SiteBuilder:
    """Builds Snapshots; ``make_config`` is called on every build so site.yaml edits apply."""

    def __init__(self, make_config: Callable[[], Config]):
        self._make_config = make_config
        self._lock = threading.Lock()
        self._bytecode = _MemoryBytecodeCache()
        self._reset(None)
        self.last: Snapshot | None = None

    def _reset(self, config: Config | None) -> None:
        self._config = config
        self._registry_inputs: tuple | None = None
        self._registries: tuple[Registries, tuple[Diagnostic, ...]] | None = None
        self._files: dict[Path, _ParsedFile] = {}
        self._relations: tuple[object, Relations] | None = None
        self._bodies: tuple[object, tuple, dict[tuple, RenderedBody]] = (None, (), {})
        self._names: tuple[object, NameIndex] | None = None
        self._descriptions: tuple[Registries | None, dict] = (None, {})
        self._templates: dict[Path, bytes] | None = None

    @property
    def static_dir(self) -> Path | None:
        return self._config.templates_dir / "static" if self._config else None

    def build(self) -> Snapshot:
        """A new Snapshot of the whole site; raises SiteError listing every problem."""
        with self._lock:
            config = self._make_config()
            if config != self._config:
                self._reset(config)
                self.last = None
            site = self._load(config)
            relations = self._relate(site)
            bodies = self._render_bodies(site, config)
            renderer = SiteRenderer(config, site, relations, bodies, self._render_descriptions(site))
            # Templates are read once per snapshot, so a half-saved template never mixes with the last good site.
            renderer.env.auto_reload = False
            renderer.env.bytecode_cache = self._bytecode
            templates = _read_templates(config.templates_dir)
            self._preload_templates(renderer.env, config)
            snapshot = Snapshot(config, site, renderer, _Plan(renderer.plan()),
                                read_static_files(config.templates_dir / "static"),
                                lambda: build_search_files(site, bodies, relations), SEARCH_DATA)
            # Render now what a mistake is likely to break, so it fails this build instead of one page:
            # everything at the start, a page of each template after a template edit, and edited briefings.
            if self.last is None:
                snapshot.render_pages()
            else:
                if templates != self._templates:
                    snapshot.render_one_page_per_template()
                for path in _changed_pages(self.last.site, site):
                    snapshot.get(path)
            self._templates = templates
            self.last = snapshot
            return snapshot

    def refresh_static(self) -> Snapshot | None:
        """The last snapshot with static files read again, or None before the first good build."""
        with self._lock:
            if self.last is None or self._config is None:
                return None
            self.last = self.last.with_static(read_static_files(self._config.templates_dir / "static"))
            return self.last

    # -- the stages, each reusing what its unchanged inputs gave last time ------------------
    def _load(self, config: Config) -> Site:
        """``build.load_site``, parsing only files that changed since the last build."""
        diagnostics = Diagnostics()
        registries = self._load_registries(config, diagnostics)
        if not config.briefings_dir.is_dir():
            diagnostics.add(display_path(config.briefings_dir, config.root), 1, "briefings folder not found",
                            "expected a folder of Markdown files at content/briefings/")
        files: dict[Path, _ParsedFile] = {}
        articles: list[Article] = []
        for name, signature in sorted(_briefing_files(config.briefings_dir)):
            path = Path(name)
            parsed = self._files.get(path)
            if parsed is None or parsed.signature != signature:
                found = Diagnostics()
                try:
                    source = load_source(path, config.root, found)
                except OSError:  # removed since it was listed
                    continue
                parsed = _ParsedFile(signature, source, tuple(found))
            if parsed.source is not None and parsed.registries is not registries:
                found = Diagnostics()
                article = validate_article(parsed.source, registries, found)
                parsed = replace(parsed, registries=registries, article=article, article_problems=tuple(found))
            files[path] = parsed
            diagnostics.extend(parsed.problems + parsed.article_problems)
            if parsed.article is not None:
                articles.append(parsed.article)
        self._files = files
        check_unique_slugs(articles, diagnostics)
        pages = load_pages(config, diagnostics)
        diagnostics.raise_if_any()
        published = [a for a in articles if config.drafts or not a.draft]
        published.sort(key=lambda a: (a.date, a.slug), reverse=True)
        return Site(tuple(published), registries, pages)

    def _load_registries(self, config: Config, diagnostics: Diagnostics) -> Registries:
        inputs = tuple(_read_or_none(config.registry_dir / name) for name in REGISTRY_FILES.values())
        if self._registries is None or inputs != self._registry_inputs:
            found = Diagnostics()
            self._registries = (load_registries(config.registry_dir, config.root, found), tuple(found))
            self._registry_inputs = inputs
        registries, problems = self._registries
        diagnostics.extend(problems)
        return registries

    def _relate(self, site: Site) -> Relations:
        # What relate() reads of each article; a body or title edit keeps the relations.
        key = (id(site.registries),
               tuple((a.slug, a.date, a.cities, a.destinations, a.partners, a.tags) for a in site.articles))
        if self._relations is None or self._relations[0] != key:
            self._relations = (key, relate(site))
        return self._relations[1]

    def _render_bodies(self, site: Site, config: Config) -> dict[str, RenderedBody]:
        """``build.render_bodies``, rendering again only bodies that changed or whose links may read differently.

        Mentions depend on the registries; explicit [[links]] also on the briefings' slugs and titles.
        """
        names_key = (id(site.registries), config.base_url)
        titles = tuple((a.slug, a.title) for a in site.articles)
        previous_key, previous_titles, cache = self._bodies
        if previous_key != names_key:
            cache = {}
        elif previous_titles != titles:
            cache = {key: body for key, body in cache.items() if not _EXPLICIT_LINK.search(key[0])}
        todo = [a for a in site.articles if (a.body, a.figures) not in cache]
        if todo:
            if self._names is None or self._names[0] != (names_key, titles):
                self._names = ((names_key, titles), NameIndex(site.registries, site.articles))
            renderer = MarkdownRenderer(self._names[1], UrlBuilder(config.base_url).link)
            rendered, problems = render_articles(todo, renderer)
            if problems:
                raise SiteError(problems)
            for article in todo:
                cache[(article.body, article.figures)] = rendered[article.slug]
        bodies = {a.slug: cache[(a.body, a.figures)] for a in site.articles}
        self._bodies = (names_key, titles, {(a.body, a.figures): bodies[a.slug] for a in site.articles})
        return bodies

    def _render_descriptions(self, site: Site) -> dict:
        if self._descriptions[0] is not site.registries:
            self._descriptions = (site.registries, render_descriptions(site.registries))
        return self._descriptions[1]

    def _preload_templates(self, env: jinja2.Environment, config: Config) -> None:
        problems = []
        for name in env.list_templates(filter_func=lambda name: not name.startswith("static/")):
            try:
                env.get_template(name)
            except jinja2.TemplateSyntaxError as error:
                label = display_path(Path(error.filename or config.templates_dir / name), config.root)
                problems.append(Diagnostic(label, error.lineno or 1, f"template syntax error: {error.message}"))
        if problems:
            raise SiteError(problems)


def _briefing_files(folder: Path) -> list[tuple[str, tuple[int, int, int, int]]]:
    """``load.briefing_paths`` (Markdown files, hidden and ``_`` names skipped), with stat signatures, via scandir."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        try:
            if entry.is_dir():
                found.extend(_briefing_files(Path(entry.path)))
            elif entry.name.endswith(".md") and entry.is_file():
                info = entry.stat()
                found.append((entry.path, (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)))
        except OSError:
            continue
    return found


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _read_templates(templates_dir: Path) -> dict[Path, bytes]:
    if not templates_dir.is_dir():
        return {}
    static = templates_dir / "static"
    return {path: data for path in sorted(templates_dir.rglob("*"))
            if path.is_file() and static not in path.parents and (data := _read_or_none(path)) is not None}


def _changed_pages(before: Site, after: Site) -> list[str]:
    """The home page and the pages of briefings that are new or differ: rendered at once to catch template errors."""
    old = {a.slug: a for a in before.articles}
    return [""] + [briefing_path(a.slug) for a in after.articles
                   if old.get(a.slug) is not a and old.get(a.slug) != a]
