"""One build that renders and writes only what changed since the last build into the same output.

Order: stamp check -> registries -> briefings (cached by file digest) -> relations (cached by the
articles' metadata) -> bodies (cached by content) -> page plan -> render changed pages in parallel
into a pending folder -> move them into ``output/`` and delete what no longer belongs -> save state.
Nothing reaches ``output/`` until every page rendered; a first build (or one after a settings
change) writes a complete staging folder and swaps it in.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from site_builder.engine.memo import BuildCache, BuildState, PageRecord
from site_builder.config import Config
from site_builder.diagnostics import Diagnostic, Diagnostics, SiteError
from site_builder.engine.fingerprint import digest
from site_builder.build.stages import (BodyStore, PageVersions, TemplateVersions, check_sources,
                                      registries_version, render_bodies_cached)
from site_builder.drafts import draft_warnings, report as report_drafts
from site_builder.engine.stamp import BuildResult, all_present, input_stamp, settings_version
from site_builder.load import display_path, read_static_files
from site_builder.markup import broken_link_diagnostics, render_descriptions
from site_builder.model import Site
from site_builder.engine.parallel import parallel_map
from site_builder.editor_pages import load_pages
from site_builder.registry import load_registries
from site_builder.relate import relate
from site_builder.render.pages import Page, SiteRenderer, TemplateError
from site_builder.search.memo import build_search_files_kept
from site_builder.urls import output_file
from site_builder.validate import check_unique_slugs
from site_builder.write import swap_into_place


@dataclass(frozen=True)
class Outcome:
    articles: int
    files: int
    written: int
    unchanged: int
    removed: int


def _sha(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# Set before forking render workers: (renderer, versions, pending folder).
_worker: tuple[SiteRenderer, PageVersions, Path] | None = None


def _render_page(task: tuple[Page, str]) -> tuple[str, str, tuple, Diagnostic | None]:
    page, fingerprint = task
    renderer, versions, pending = _worker
    try:
        data, reads = renderer.render_recording(page)
    except TemplateError as error:
        return page.path, "", (), error.diagnostic
    target = pending / output_file(page.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    keys = tuple(sorted(reads))
    return page.path, _sha(data), (keys, versions.reads_version(keys)), None


class IncrementalBuild:
    def __init__(self, config: Config, jobs: int, progress: Callable[[str], None]):
        self.config = config
        self.jobs = jobs
        self.progress = progress
        self.cache = BuildCache(config.cache_folder, config.output_dir)

    def run(self, started: float) -> BuildResult:
        outcome = self._run()
        return BuildResult(outcome.articles, outcome.files, outcome.written, outcome.unchanged, outcome.removed,
                           time.perf_counter() - started)

    def _run(self) -> Outcome:
        config = self.config
        stamp = input_stamp(config)
        settings = settings_version(config)
        state = self.cache.load_state()
        output_ok = all_present(config.output_dir, state.files)
        if state.settings != settings or not output_ok:
            # Reuse parsing and bodies (their keys cover every setting they read); redo every page.
            state = BuildState(sources=state.sources, extras={"facts": state.extras.get("facts", {})})

        site, versions, registry_version = self._load(state)
        relations = self._relations(site, versions, state)
        keys, facts = self._bodies(site, registry_version, state)
        descriptions = render_descriptions(site.registries)
        renderer = SiteRenderer(config, site, relations, BodyStore(keys, self.cache), descriptions, facts)
        self.progress("planning pages")
        pages = list(renderer.plan())
        everything = digest(registry_version, *(versions[a.slug] + keys[a.slug] for a in site.articles))
        page_versions = PageVersions({a.slug: a for a in site.articles}, versions, site.registries, relations,
                                     facts, descriptions, everything, site.pages)
        templates = TemplateVersions(renderer.env)

        tasks, kept = [], {}
        for page in pages:
            fingerprint = page_versions.page(page, templates.version(page.template) if page.template else "")
            previous = state.pages.get(page.path)
            if (previous is not None and previous.fingerprint == fingerprint and page.path in state.files
                    and page_versions.reads_version(previous.reads) == previous.reads_version):
                kept[page.path] = previous
            else:
                tasks.append((page, fingerprint))

        config.output_dir.parent.mkdir(parents=True, exist_ok=True)
        pending = Path(tempfile.mkdtemp(prefix=f".{config.output_dir.name}.pending-", dir=config.output_dir.parent))
        try:
            records, written = self._render(renderer, page_versions, pending, tasks)
            search, search_kept = self._search_files(site, relations, everything, renderer, state)
            extras = {"sitemap.xml": renderer.sitemap(pages), **read_static_files(config.templates_dir / "static"),
                      **search}
            files = {path: record.written for path, record in {**kept, **records}.items()}
            files.update(search_kept)
            written = [path for path in written if state.files.get(path) != files[path]]
            for path, data in sorted(extras.items()):
                files[path] = _sha(data)
                if state.files.get(path) != files[path]:
                    _write(pending / output_file(path), data)
                    written.append(path)
            removed = sorted(set(state.files) - set(files))
            self.progress(f"writing {len(written):,} files")
            if state.pages or state.files:
                removed = _apply(pending, config.output_dir, written, set(files))
            else:
                swap_into_place(pending, config.output_dir)
        finally:
            shutil.rmtree(pending, ignore_errors=True)

        state.settings, state.inputs = settings, stamp
        state.pages = {**kept, **records}
        state.files = dict(sorted(files.items()))
        self.cache.save_state(state)
        self.cache.save_stamp(settings, stamp, state.files, len(site.articles))
        return Outcome(len(site.articles), len(files), len(written), len(files) - len(written), len(removed))

    # -- stages ---------------------------------------------------------------------------------
    def _load(self, state: BuildState) -> tuple[Site, dict[str, str], str]:
        config = self.config
        diagnostics = Diagnostics()
        registries = load_registries(config.registry_dir, config.root, diagnostics)
        if not config.briefings_dir.is_dir():
            diagnostics.add(display_path(config.briefings_dir, config.root), 1, "briefings folder not found",
                            "expected a folder of Markdown files at content/briefings/")
        if diagnostics:
            diagnostics.raise_if_any()
        self.progress("reading briefings")
        records = check_sources(config, registries, state.sources, self.jobs)
        state.sources = records
        articles = []
        for record in records.values():
            diagnostics.extend(record.problems)
            if record.article is not None:
                articles.append(record.article)
        check_unique_slugs(articles, diagnostics)
        errors, warnings = draft_warnings(diagnostics, {p for p, r in records.items() if r.draft}, config.drafts)
        if errors:
            raise SiteError(errors)
        report_drafts(warnings)
        page_problems = Diagnostics()
        pages = load_pages(config, page_problems)
        page_problems.raise_if_any()
        published = sorted((a for a in articles if config.drafts or not a.draft),
                           key=lambda a: (a.date, a.slug), reverse=True)
        versions = {record.article.slug: record.version for record in records.values() if record.article}
        state.extras["meta"] = {record.article.slug: record.meta_version for record in records.values()
                                if record.article}
        return Site(tuple(published), registries, pages), versions, registries_version(config)

    def _relations(self, site: Site, versions: dict[str, str], state: BuildState):
        meta = state.extras["meta"]
        key = digest(registries_version(self.config), *(meta[a.slug] for a in site.articles))
        cached = state.extras.get("relations")
        if cached is not None and cached[0] == key:
            return cached[1]
        self.progress("relating briefings")
        relations = relate(site)
        state.extras["relations"] = (key, relations)
        return relations

    def _bodies(self, site: Site, registry_version: str, state: BuildState):
        self.progress("rendering bodies")
        previous = state.extras.get("facts", {})
        keys, facts, broken = render_bodies_cached(site.articles, site.registries, self.config, registry_version,
                                                   self.cache, previous, self.jobs)
        problems = [d for article in site.articles for d in broken_link_diagnostics(article, broken[article.slug])]
        if problems:
            raise SiteError(problems)
        state.extras["facts"] = {keys[slug]: (facts[slug], broken[slug]) for slug in keys}
        return keys, facts

    def _render(self, renderer: SiteRenderer, versions: PageVersions, pending: Path, tasks: list):
        global _worker
        total = len(tasks)
        self.progress(f"rendering {total:,} pages")
        _worker = (renderer, versions, pending)
        try:
            results = parallel_map(_render_page, tasks, self.jobs,
                                   lambda done: self.progress(f"rendering pages {done:,}/{total:,}"))
        finally:
            _worker = None
        problems = [problem for _, _, _, problem in results if problem is not None]
        if problems:
            raise SiteError(problems)
        shared: dict[tuple, tuple] = {}  # one object per distinct key keeps the state small
        records = {path: PageRecord(fingerprint, tuple(shared.setdefault(key, key) for key in keys), version, sha)
                   for (path, sha, (keys, version), _), (_, fingerprint) in zip(results, tasks)}
        return records, [path for path, _, _, _ in results]

    def _search_files(self, site, relations, everything, renderer, state: BuildState
                      ) -> tuple[dict[str, bytes], dict[str, str]]:
        """(files to write, files already in output/ and unchanged) of the search index."""
        key = digest(everything, *(a.slug for a in site.articles))
        cached = state.extras.get("search")
        if cached is not None and cached[0] == key and all(state.files.get(p) == sha for p, sha in cached[1].items()):
            return {}, cached[1]
        self.progress("indexing for search")
        # Each briefing's terms are kept by a digest of its article and body: only edited ones are indexed again.
        article_versions = {record.article.slug: record.version for record in state.sources.values() if record.article}
        keys = {a.slug: digest(article_versions[a.slug], renderer.bodies.keys[a.slug]) for a in site.articles}
        files, state.extras["search documents"] = build_search_files_kept(
            site, renderer.bodies, relations, keys, state.extras.get("search documents"), self.jobs)
        state.extras["search"] = (key, {path: _sha(data) for path, data in files.items()})
        return files, {}


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _apply(pending: Path, output_dir: Path, written: list[str], keep: set[str]) -> list[str]:
    """Move the new files into ``output/`` (each replace is atomic); delete every file that does not belong.

    Returns the deleted files' paths.
    """
    for path in written:
        target = output_dir / output_file(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(pending / output_file(path), target)
    belongs = {output_file(path).as_posix() for path in keep}
    removed = []
    for directory, subdirectories, names in os.walk(output_dir, topdown=False):
        folder = Path(directory)
        for name in names:
            relative = (folder / name).relative_to(output_dir).as_posix()
            if relative not in belongs:
                (folder / name).unlink()
                removed.append(relative)
        if folder != output_dir and not any(folder.iterdir()):
            folder.rmdir()
    return sorted(removed)
