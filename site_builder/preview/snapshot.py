"""The site held in memory for the preview, rebuilt after each save from what changed.

``SiteBuilder.build()`` runs the pipeline in ``build``'s order (load -> validate -> relate
-> markup -> render) with the same stage functions, but keeps what unchanged inputs gave
last time: parsed and validated files, relations, rendered bodies. Pages are rendered
when a browser asks for them, so a save costs one file's parsing plus one page, not the
whole site. A template or settings change renders every page up front, so a template
mistake is reported at once. ``tests/test_preview.py`` checks that every file equals
``build.render_site``'s.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import jinja2

from site_builder.build import render_descriptions, static_files
from site_builder.config import Config
from site_builder.diagnostics import Diagnostic, Diagnostics, SiteError
from site_builder.linking import NameIndex
from site_builder.load import SourceFile, briefing_paths, display_path, load_source
from site_builder.markup import MarkdownRenderer, RenderedBody, render_articles
from site_builder.model import Article, Registries, Site
from site_builder.registry import REGISTRY_FILES, load_registries
from site_builder.relate import Relations, relate
from site_builder.search import build_search_files
from site_builder.render import Page, SiteRenderer, TemplateError
from site_builder.urls import UrlBuilder, briefing_path
from site_builder.validate import check_unique_slugs, validate_article

SITEMAP = "sitemap.xml"


@dataclass
class Snapshot:
    """One successful build: pages are rendered on first request and kept."""
    config: Config
    site: Site
    renderer: SiteRenderer
    pages: dict[str, Page]
    static: dict[str, bytes]
    make_extras: Callable[[], dict[str, bytes]]   # files made from the whole site at once (search index)
    rendered: dict[str, bytes] = field(default_factory=dict)
    _extras: dict[str, bytes] | None = None
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
                data = self.renderer.sitemap(list(self.pages.values()))
            elif site_path in self.pages:
                data = self.renderer.render(self.pages[site_path])
            else:
                return self.extras().get(site_path)
        except TemplateError as error:
            raise SiteError([error.diagnostic]) from None
        self.rendered[site_path] = data
        return data

    def extras(self) -> dict[str, bytes]:
        """Made on the first request that needs them: a save does not wait for the search index."""
        with self._lock:
            if self._extras is None:
                self._extras = self.make_extras()
            return self._extras

    def paths(self) -> list[str]:
        return sorted({*self.pages, SITEMAP, *self.static, *self.extras()})

    def render_all(self) -> dict[str, bytes]:
        """Every file, as ``build.render_site`` would write it; raises SiteError."""
        return {path: data for path in self.paths() if (data := self.get(path)) is not None}

    def with_static(self, static: dict[str, bytes]) -> Snapshot:
        """The same pages with new static files (a CSS-only change)."""
        return replace(self, static=static, _lock=threading.Lock())


@dataclass(frozen=True)
class _ParsedFile:
    data: bytes
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
        self._bodies: tuple[object, dict[tuple, RenderedBody]] = (None, {})
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
            self._preload_templates(renderer.env, config)
            snapshot = Snapshot(config, site, renderer, {page.path: page for page in renderer.plan()},
                                static_files(config.templates_dir / "static"),
                                lambda: build_search_files(site, bodies, relations))
            templates = _read_templates(config.templates_dir)
            if self.last is None or templates != self._templates:
                snapshot.render_all()
            else:
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
            self.last = self.last.with_static(static_files(self._config.templates_dir / "static"))
            return self.last

    # -- the stages, each reusing what its unchanged inputs gave last time ------------------
    def _load(self, config: Config) -> Site:
        """``build.load_site``, reading only files whose bytes changed."""
        diagnostics = Diagnostics()
        registries = self._load_registries(config, diagnostics)
        if not config.briefings_dir.is_dir():
            diagnostics.add(display_path(config.briefings_dir, config.root), 1, "briefings folder not found",
                            "expected a folder of Markdown files at content/briefings/")
        files: dict[Path, _ParsedFile] = {}
        articles: list[Article] = []
        for path in briefing_paths(config.briefings_dir):
            try:
                data = path.read_bytes()
            except OSError:  # removed since it was listed
                continue
            parsed = self._files.get(path)
            if parsed is None or parsed.data != data:
                found = Diagnostics()
                source = load_source(path, config.root, found)
                parsed = _ParsedFile(data, source, tuple(found))
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
        diagnostics.raise_if_any()
        published = [a for a in articles if config.drafts or not a.draft]
        published.sort(key=lambda a: (a.date, a.slug), reverse=True)
        return Site(tuple(published), registries)

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
        # Everything of each article except its body, which relate() does not read.
        key = (id(site.registries), tuple(replace(a, body="", body_line=0) for a in site.articles))
        if self._relations is None or self._relations[0] != key:
            self._relations = (key, relate(site))
        return self._relations[1]

    def _render_bodies(self, site: Site, config: Config) -> dict[str, RenderedBody]:
        """``build.render_bodies``; a body is rendered again only when it, or the names it can link to, changed."""
        names_key = (id(site.registries), config.base_url, tuple((a.slug, a.title) for a in site.articles))
        previous_key, cache = self._bodies
        if previous_key != names_key:
            cache = {}
        todo = [a for a in site.articles if (a.body, a.figures) not in cache]
        if todo:
            renderer = MarkdownRenderer(NameIndex(site.registries, site.articles), UrlBuilder(config.base_url).link)
            rendered, problems = render_articles(todo, renderer)
            if problems:
                raise SiteError(problems)
            for article in todo:
                cache[(article.body, article.figures)] = rendered[article.slug]
        bodies = {a.slug: cache[(a.body, a.figures)] for a in site.articles}
        self._bodies = (names_key, {(a.body, a.figures): bodies[a.slug] for a in site.articles})
        return bodies

    def _render_descriptions(self, site: Site) -> dict:
        if self._descriptions[0] is not site.registries:
            self._descriptions = (site.registries, render_descriptions(site))
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
