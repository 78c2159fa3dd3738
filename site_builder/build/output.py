"""Render: pages made into files, by the sink's rhythm.

``write_directory`` renders every page whose inputs changed (in worker processes) into a
``DirectorySink`` and commits it; ``MemorySite`` holds the preview's site and renders a page when a
browser asks for it. Both decide reuse with the same ``PageMemo`` rules, so the preview serves the
bytes ``build`` writes.
"""

from __future__ import annotations

import threading
from pathlib import Path
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Callable

from site_builder.config import Config
from site_builder.diagnostics import Diagnostic, SiteError
from site_builder.engine.fingerprint import file_digest, fingerprint
from site_builder.engine.memo import PageRecord
from site_builder.engine.parallel import parallel_map
from site_builder.i18n import _, ngettext
from site_builder.render.environment import TemplateError
from site_builder.render.pages import Page, SiteRenderer
from site_builder.render.reads import Read
from site_builder.build.versions import PageMemo
from site_builder.urls import output_file
from site_builder.write import DirectorySink

SITEMAP = "sitemap.xml"


sha = file_digest  # every file of the site is named by this digest in the build state


@dataclass(frozen=True)
class Planned:
    """The planned site: its renderer, every page in order, and the memo that judges reuse."""
    renderer: SiteRenderer
    pages: tuple[Page, ...]
    memo: PageMemo
    whole: bool = True          # False: only some pages, the rest are as last built


@dataclass
class PageJob:
    """What a page-rendering worker needs. Forked workers inherit ``planned``; spawned ones get ``make``
    (picklable inputs) and plan the site once for themselves."""
    make: Callable[[], Planned]
    staging: str
    written: Mapping[str, str]        # digest of each file output/ holds now: the same bytes are not staged again
    planned: Planned | None = None
    _by_path: dict[str, Page] | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "planned": None, "_by_path": None}

    def page(self, path: str) -> tuple[Planned, Page]:
        if self.planned is None:
            self.planned = self.make()
        if self._by_path is None:
            self._by_path = {page.path: page for page in self.planned.pages}
        return self.planned, self._by_path[path]


def _render_page(job: PageJob, task: tuple[str, str]) -> tuple[str, PageRecord | None, Diagnostic | None]:
    path, fingerprint = task
    planned, page = job.page(path)
    try:
        data, reads = planned.renderer.render_recording(page)
    except TemplateError as error:
        return path, None, error.diagnostic
    digest = sha(data)
    if job.written.get(path) != digest:  # a page made again with the same bytes stays as it is in output/
        target = Path(job.staging) / output_file(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return path, planned.memo.record(fingerprint, reads, digest), None


@dataclass(frozen=True)
class Rendered:
    pages: dict[str, PageRecord]     # every page's record, for the next build
    changed: tuple[str, ...]         # pages rendered into the sink this time


def render_changed(planned: Planned, make: Callable[[], Planned], previous_pages: Mapping[str, PageRecord],
                   previous_files: Mapping[str, str], sink: DirectorySink, jobs: int,
                   progress: Callable[[str], None], carried: Mapping[str, PageRecord] = {}) -> Rendered:
    """Render every page whose inputs changed into ``sink``; raises SiteError when a template fails.
    ``make`` plans the same site again (for workers that cannot inherit ``planned``); ``carried``: the
    records of pages a partial plan leaves as they are."""
    tasks, kept = [], {}
    for page in planned.pages:
        fingerprint = planned.memo.fingerprint(page)
        previous = previous_pages.get(page.path)
        if page.path in previous_files and planned.memo.reusable(previous, fingerprint):
            kept[page.path] = previous
        else:
            tasks.append((page.path, fingerprint))
    total = len(tasks)
    progress(ngettext("rendering {count:,} page", "rendering {count:,} pages", total).format(count=total))
    job = PageJob(make, str(sink.pending), previous_files, planned)
    results = parallel_map(_render_page, tasks, jobs, job, lambda done: progress(_("rendering pages {done:,}/{total:,}").format(done=done, total=total)))
    problems = [problem for _, _, problem in results if problem is not None]
    if problems:
        raise SiteError(problems)
    # Pages read many of the same inputs: one object per read keeps the saved state small and quick to load.
    shared: dict[Read, Read] = {}
    records = {path: replace(record, reads=tuple(shared.setdefault(read, read) for read in record.reads))
               for path, record, _ in results}
    pages = {**carried, **{page.path: kept.get(page.path) or records[page.path] for page in planned.pages}}
    return Rendered(pages, tuple(records))


@dataclass(frozen=True)
class Written:
    files: dict[str, str]            # every file of the site -> digest of its bytes
    written: int
    removed: int
    build: str                       # what the marker in output/ names: a digest of ``files``


def commit(rendered: Rendered, previous_files: Mapping[str, str], extras: Mapping[str, bytes],
           kept_extras: Mapping[str, str], sink: DirectorySink, progress: Callable[[str], None]) -> Written:
    """Stage ``extras`` (files made outside templates: sitemap, static, search) and make the sink's
    folder the new site. ``kept_extras``: such files already written and unchanged (path -> digest).
    ``previous_files``: what output/ holds (empty: output/ is written whole). The work done is that of the
    files written and removed; output/ itself is not walked."""
    files = {path: record.written for path, record in rendered.pages.items()}
    files.update(kept_extras)
    written = [path for path in rendered.changed if previous_files.get(path) != files[path]]
    for path, data in sorted(extras.items()):
        files[path] = sha(data)
        if previous_files.get(path) != files[path]:
            sink.put(path, data)
            written.append(path)
    progress(ngettext("writing {count:,} file", "writing {count:,} files", len(written)).format(count=len(written)))
    files = dict(sorted(files.items()))
    build = fingerprint(files)
    if previous_files:
        removed = sink.commit_changes(written, [path for path in previous_files if path not in files], build)
    else:
        sink.commit_whole(build)
        removed = 0
    return Written(files, len(written), removed, build)


class MemorySite:
    """The preview's site: pages rendered on request and kept; a page whose inputs did not change since the
    last build is served from that build's bytes (decided by the same ``PageMemo`` as ``build``)."""

    def __init__(self, config: Config, article_count: int, planned_pages, renderer: SiteRenderer, memo: PageMemo,
                 static: dict[str, bytes], search: Callable[[], dict[str, bytes]], search_prefix: str,
                 previous: Mapping[str, tuple[PageRecord, bytes]]):
        self.config = config
        self.article_count = article_count
        self.renderer = renderer
        self.memo = memo
        self.static = static
        self._search = search
        self._search_prefix = search_prefix
        self._search_files: dict[str, bytes] | None = None
        self._planned = iter(planned_pages)
        self._pages: dict[str, Page] = {}
        self._previous = previous
        self._rendered: dict[str, tuple[PageRecord, bytes]] = {}
        self._sitemap: bytes | None = None
        self._lock = threading.RLock()

    # -- the plan, read only as far as requests need: a save does not wait for every page's context --
    def _find(self, path: str) -> Page | None:
        with self._lock:
            if path not in self._pages and self._planned is not None and path.startswith("briefings/"):
                page = self.renderer.briefing_page(path)  # one briefing, without planning those before it
                if page is not None:
                    return page
            while path not in self._pages and self._planned is not None:
                page = next(self._planned, None)
                if page is None:
                    self._planned = None
                else:
                    self._pages[page.path] = page
            return self._pages.get(path)

    def pages(self) -> list[Page]:
        self._find("\0all")
        return list(self._pages.values())

    def has_page(self, path: str) -> bool:
        return self._find(path) is not None

    def get(self, path: str) -> bytes | None:
        """The file at ``path`` ("" is the home page), or None; raises SiteError for a template mistake."""
        if path in self.static:
            return self.static[path]
        if path == SITEMAP:
            return self.sitemap()
        page = self._find(path)
        if page is None:
            return self.search_files().get(path) if path.startswith(self._search_prefix) else None
        return self._page(page)

    def _page(self, page: Page) -> bytes:
        with self._lock:
            done = self._rendered.get(page.path)
            if done is not None:
                return done[1]
            fingerprint = self.memo.fingerprint(page)
            previous = self._previous.get(page.path)
            if previous is not None and self.memo.reusable(previous[0], fingerprint):
                self._rendered[page.path] = previous
                return previous[1]
            try:
                data, reads = self.renderer.render_recording(page)
            except TemplateError as error:
                raise SiteError([error.diagnostic]) from None
            self._rendered[page.path] = (self.memo.record(fingerprint, reads, sha(data)), data)
            return data

    def sitemap(self) -> bytes:
        with self._lock:
            if self._sitemap is None:
                try:
                    self._sitemap = self.renderer.sitemap(self.pages())
                except TemplateError as error:
                    raise SiteError([error.diagnostic]) from None
            return self._sitemap

    def search_files(self) -> dict[str, bytes]:
        """Made on the first request that needs them: a save does not wait for the search index."""
        with self._lock:
            if self._search_files is None:
                self._search_files = self._search()
            return self._search_files

    def computed_search_files(self) -> dict[str, bytes]:
        """The search files if a request made them (the next build may patch them), else nothing."""
        with self._lock:
            return self._search_files or {}

    def paths(self) -> list[str]:
        return sorted({*(page.path for page in self.pages()), SITEMAP, *self.static, *self.search_files()})

    def files(self) -> dict[str, bytes]:
        """Every file, as ``build`` writes it; raises SiteError."""
        return {path: data for path in self.paths() if (data := self.get(path)) is not None}

    def render_pages(self, paths: list[str] | None = None) -> None:
        """Render now (all pages and the sitemap when ``paths`` is None), so a template mistake fails this build."""
        for page in self.pages() if paths is None else filter(None, map(self._find, paths)):
            self._page(page)
        if paths is None:
            self.sitemap()

    def render_one_page_per_template(self) -> None:
        seen: set[str] = set()
        for page in self.pages():
            if page.template not in seen:
                seen.add(page.template)
                self._page(page)
        self.sitemap()

    def kept_pages(self) -> dict[str, tuple[PageRecord, bytes]]:
        """What the next preview build may reuse: last build's pages, updated with this one's."""
        with self._lock:
            return {**self._previous, **self._rendered}

    def with_static(self, static: dict[str, bytes]) -> MemorySite:
        """The same site with new static files (a CSS-only change): nothing else is rendered again."""
        with self._lock:
            copy = object.__new__(MemorySite)
            copy.__dict__.update(self.__dict__)
            copy.static = static
            return copy
