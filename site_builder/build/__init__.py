"""The only module that knows the whole order: load -> validate -> relate -> render -> write.

Everything is checked before anything is written; a problem anywhere raises SiteError
with all diagnostics and leaves ``output/`` as it was.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from site_builder.config import Config
from site_builder.diagnostics import Diagnostics, SiteError
from site_builder.build.pipeline import IncrementalBuild
from site_builder.engine.stamp import BuildResult, unchanged_build
from site_builder.drafts import draft_warnings, is_draft, report as report_drafts
from site_builder.load import load_briefings, read_static_files
from site_builder.linking import NameIndex
from site_builder.markup import MarkdownRenderer, RenderedBody, render_articles
from site_builder.markup import render_descriptions
from site_builder.model import Site
from site_builder.editor_pages import load_pages
from site_builder.registry import load_registries
from site_builder.relate import Relations, relate
from site_builder.render.pages import SiteRenderer, TemplateError
from site_builder.search import build_search_files
from site_builder.validate import check_unique_slugs, validate_article
from site_builder.urls import UrlBuilder
from site_builder.engine.parallel import default_jobs
from site_builder.write import check_output_dir


def load_site(config: Config) -> Site:
    """Read and validate all content; raises SiteError listing every problem."""
    diagnostics = Diagnostics()
    registries = load_registries(config.registry_dir, config.root, diagnostics)
    if not config.briefings_dir.is_dir():
        diagnostics.add(_label(config, config.briefings_dir), 1, "briefings folder not found",
                        "expected a folder of Markdown files at content/briefings/")
    sources = load_briefings(config.briefings_dir, config.root, diagnostics)
    articles = [a for source in sources if (a := validate_article(source, registries, diagnostics))]
    check_unique_slugs(articles, diagnostics)
    errors, warnings = draft_warnings(diagnostics, {s.path for s in sources if is_draft(s)}, config.drafts)
    if errors:
        raise SiteError(errors)
    report_drafts(warnings)
    page_problems = Diagnostics()
    pages = load_pages(config, page_problems)
    page_problems.raise_if_any()
    published = [a for a in articles if config.drafts or not a.draft]
    published.sort(key=lambda a: (a.date, a.slug), reverse=True)
    return Site(tuple(published), registries, pages)


def render_bodies(site: Site, base_url: str = "/") -> dict[str, RenderedBody]:
    """Every body as HTML; raises SiteError for [[links]] to names or briefings that do not exist."""
    renderer = MarkdownRenderer(NameIndex(site.registries, site.articles), UrlBuilder(base_url).link)
    bodies, problems = render_articles(site.articles, renderer)
    if problems:
        raise SiteError(problems)
    return bodies


def check_site(config: Config) -> Site:
    """Everything ``build`` checks before writing: content, registries and [[links]] in bodies."""
    site = load_site(config)
    render_bodies(site, config.base_url)
    return site


def render_site(config: Config, site: Site, relations: Relations | None = None) -> dict[str, bytes]:
    """Every output file, keyed by its site path; raises SiteError on template problems."""
    relations = relations or relate(site)
    bodies = render_bodies(site, config.base_url)
    renderer = SiteRenderer(config, site, relations, bodies, render_descriptions(site.registries))
    files: dict[str, bytes] = {}
    pages = list(renderer.plan())
    try:
        for page in pages:
            files[page.path] = renderer.render(page)
        files["sitemap.xml"] = renderer.sitemap(pages)
    except TemplateError as error:
        raise SiteError([error.diagnostic]) from None
    files.update(read_static_files(config.templates_dir / "static"))
    files.update(build_search_files(site, bodies, relations))
    return files


def build(config: Config, jobs: int | None = None, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Validate, then write only what changed since the last build into ``output/``.

    Raises SiteError (nothing written) for any content, link or template problem.
    """
    started = time.perf_counter()
    check_output_dir(config.output_dir, [config.root, config.content_dir, config.templates_dir])
    return unchanged_build(config, started) or IncrementalBuild(config, jobs or default_jobs(), progress or (lambda message: None)).run(started)


def _label(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()
