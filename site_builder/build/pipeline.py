"""The one place that knows the build's order:

    inputs -> registries -> briefings (load + validate) -> site -> relate -> bodies
           -> plan -> render -> index -> write

``build_directory`` (``site-builder build``: the disk memo, a ``DirectorySink`` into ``output/``),
``check_site`` (``site-builder check``: stops after the bodies, writes nothing) and ``build_memory``
(the preview: the memory memo, a ``MemorySite`` that renders pages on request) all run these stages in
this order. Each stage is a function that returns its value; what a stage may reuse from the last
build comes from the memo's previous ``BuildState``, and the new state is saved only after a build
succeeded, so a failed build leaves both ``output/`` and the memo as they were.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path
from dataclasses import dataclass, replace
from functools import partial
from typing import Callable

import jinja2

from site_builder.config import Config
from site_builder.diagnostics import Diagnostic, SiteError
from site_builder.engine.fingerprint import digest, fingerprint
from site_builder.i18n import _
from site_builder.engine.memo import (BuildState, DiskStore, MemoStore, MemoryStore, PlanRecord, SearchRecord,
                                      SourceRecord, Stamp)
from site_builder.engine.stamp import BuildResult, InputFiles, settings_version
from site_builder.diagnostics import display_path
from site_builder.model import Site
from site_builder.relate import Relations
from site_builder.render.environment import TemplateError
from site_builder.render.pages import SiteRenderer
from site_builder.search.index import DATA_DIR as SEARCH_DATA
from site_builder.search.memo import PreviousFile, build_search_files_kept
from site_builder.build.output import SITEMAP, MemorySite, Planned, render_changed, commit
from site_builder.build.stages import (Bodies, CheckedRegistries, check_briefings, describe_registries,
                                       meta_versions_of, mentions_of, read_pages, read_registries, relate_site,
                                       render_bodies, select_site, versions_of, MentionsEntry, StoredBody)
from site_builder.build.versions import PageMemo, TemplateVersions
from site_builder.urls import briefing_path, output_file
from site_builder.write import DirectorySink, signals_held

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Checked:
    """Everything validated: the stages up to the rendered bodies."""
    registries: CheckedRegistries
    sources: dict[str, SourceRecord]
    site: Site
    warnings: tuple[Diagnostic, ...]     # problems of drafts this build leaves out
    descriptions: tuple[str, dict]       # (registries version, rendered registry descriptions)
    relations: tuple[str, Relations]
    bodies: Bodies
    bodies_entry: dict[str, tuple]
    mentions: MentionsEntry


def check_stages(config: Config, inputs: InputFiles, store: MemoStore, previous: BuildState, jobs: int,
                 progress: Progress) -> Checked:
    """inputs -> registries -> briefings -> pages -> site -> relate -> bodies; raises SiteError listing every
    problem."""
    progress(_("reading registries"))
    registries = read_registries(config, previous.registries)
    progress(_("reading briefings"))
    sources = check_briefings(config, inputs.briefings, inputs.stats, registries, previous.sources,
                              previous.registries, jobs)
    pages, page_problems = read_pages(config, inputs.pages)
    selected = select_site(config, registries, sources, pages, page_problems, inputs.outside)
    site = selected.site
    progress(_("relating briefings"))
    descriptions = describe_registries(registries, previous.descriptions)
    relations = relate_site(site, sources, registries, previous.relations)
    progress(_("rendering bodies"))
    mentions = mentions_of(site, registries.registries, sources, previous.mentions, config.root)
    bodies, bodies_entry = render_bodies(config, site, registries, sources, store, previous.bodies, mentions, jobs)
    return Checked(registries, sources, site, selected.warnings, descriptions, relations, bodies, bodies_entry,
                   mentions)


@dataclass(frozen=True)
class PlanInputs:
    """What planning reads; picklable, so a spawned worker can plan the same site for itself."""
    config: Config
    site: Site
    relations: Relations
    bodies: Bodies
    registries_version: str
    article_versions: dict[str, str]     # slug -> version of the article without its body
    descriptions: dict
    only: tuple[str, ...] | None = None  # plan only these briefings' own pages (see ``plan_version``)


def plan_version(checked: Checked, templates: str) -> str:
    """A digest of everything the pages read except whole bodies: the templates, the registries and their
    descriptions, the relations, the editors' pages and, per briefing in site order, its front matter and its
    body's facts (lead, anchored figures, links, mentions). A body reaches no page but its briefing's own, so
    while this stays the same, the pages that can differ are those of briefings whose body changed."""
    meta, facts = meta_versions_of(checked.sources), checked.bodies.facts_versions
    return digest(checked.registries.version, checked.descriptions[0], checked.relations[0], templates,
                  fingerprint(checked.site.pages), *(meta[a.slug] + facts[a.slug] for a in checked.site.articles))


def plan_stage(inputs: PlanInputs, bytecode_cache: jinja2.BytecodeCache | None = None) -> tuple[SiteRenderer, PageMemo]:
    """The renderer (pages planned lazily by ``renderer.plan()``) and the memo rules for its pages."""
    site, bodies = inputs.site, inputs.bodies
    descriptions = inputs.descriptions
    renderer = SiteRenderer(inputs.config, site, inputs.relations, bodies, descriptions, bodies.facts)
    if bytecode_cache is not None:
        # The preview reads templates once per build, so a half-saved template never mixes with the last good site.
        renderer.env.auto_reload = False
        renderer.env.bytecode_cache = bytecode_cache
    # Pages other than a briefing's own read its body only through its facts (lead, figures, links).
    everything = digest(inputs.registries_version,
                        *(inputs.article_versions[a.slug] + bodies.facts_versions[a.slug] for a in site.articles))
    memo = PageMemo({a.slug: a for a in site.articles}, inputs.article_versions, site.registries, inputs.relations,
                    bodies.facts, descriptions, TemplateVersions(renderer.env), everything, StoredBody, site.pages)
    return renderer, memo


def planned_site(inputs: PlanInputs) -> Planned:
    renderer, memo = plan_stage(inputs)
    if inputs.only is not None:
        return Planned(renderer, tuple(renderer.briefing_page(briefing_path(slug)) for slug in inputs.only), memo,
                       whole=False)
    return Planned(renderer, tuple(renderer.plan()), memo)


def _plan_inputs(config: Config, checked: Checked) -> PlanInputs:
    return PlanInputs(config, checked.site, checked.relations[1], checked.bodies, checked.registries.version,
                      meta_versions_of(checked.sources), checked.descriptions[1])


def index_stage(checked: Checked, previous: SearchRecord | None, previous_files: dict[str, str], jobs: int,
                previous_file: PreviousFile) -> tuple[dict[str, bytes], dict[str, str], SearchRecord]:
    """(index files to write, index files already written and unchanged, the memo entry).
    ``previous_file(path)``: an index file as the last build wrote it, or None."""
    site = checked.site
    # A briefing's search document is kept by a digest of its article and body: only edited ones are indexed again.
    versions = versions_of(checked.sources)
    keys = {a.slug: digest(versions[a.slug], checked.bodies.keys[a.slug]) for a in site.articles}
    key = digest(checked.registries.version, *(a.slug + keys[a.slug] for a in site.articles))
    if previous is not None and previous.key == key and all(previous_files.get(p) == s for p, s in previous.files.items()):
        return {}, previous.files, previous
    files, kept = build_search_files_kept(site, checked.bodies, checked.relations[1], keys,
                                          previous.kept if previous else None, jobs, previous_file)
    unchanged = {path: digest for path, digest in files.digests.items() if path not in files.changed}
    return files.changed, unchanged, SearchRecord(key, files.digests, kept)


def read_static(inputs: InputFiles, config: Config) -> dict[str, bytes]:
    static_dir = config.templates_dir / "static"
    return {"static/" + path.relative_to(static_dir).as_posix(): path.read_bytes() for path in inputs.static}


# -- build: output/ on disk ------------------------------------------------------------------------


def build_directory(config: Config, inputs: InputFiles, jobs: int, progress: Progress, clean: bool = False
                    ) -> BuildResult:
    """``clean``: write the whole site, whatever output/ holds (the memo of parsing and bodies is still used)."""
    try:
        return _build_directory(config, inputs, jobs, progress, clean)
    finally:
        gc.unfreeze()


def _build_directory(config: Config, inputs: InputFiles, jobs: int, progress: Progress, clean: bool) -> BuildResult:
    started = time.perf_counter()
    store = DiskStore(config.cache_folder, config.output_dir)
    previous = store.load_state()
    # The last build's state (millions of objects) lives until this build ends: the cyclic collector need not
    # scan it on every collection, and forked workers do not copy its pages to update collector headers.
    gc.freeze()
    settings = settings_version(config)
    sink = DirectorySink(config.output_dir)
    sink.recover()  # an interrupted build's journal is finished first: then the marker names what output/ holds
    if clean or previous.settings != settings or not previous.output or sink.marker() != previous.output:
        # Parsing and bodies stay valid (their keys cover every setting they read); every page is made again.
        previous = BuildState(sources=previous.sources, bodies=previous.bodies, mentions=previous.mentions)
    checked = check_stages(config, inputs, store, previous, jobs, progress)
    version = plan_version(checked, _template_sources(config, inputs))
    plan_inputs = _plan_inputs(config, checked)
    carried: dict = {}
    body_keys = checked.bodies.keys
    if previous.plan is not None and previous.plan.version == version and SITEMAP in previous.files:
        # Only bodies changed: plan just the pages of those briefings, the rest stays as last built.
        plan_inputs = replace(plan_inputs, only=tuple(slug for slug, key in body_keys.items()
                                                      if previous.plan.body_keys.get(slug) != key))
        carried = previous.pages
    progress(_("planning pages"))
    planned = planned_site(plan_inputs)
    sink.open()
    try:
        rendered = render_changed(planned, partial(planned_site, plan_inputs), previous.pages, previous.files, sink,
                                  jobs, progress, carried)
        progress(_("indexing for search"))
        search, kept_search, search_record = index_stage(checked, previous.search, previous.files, jobs,
                                                         partial(_written_file, config.output_dir))
        extras = {**read_static(inputs, config), **search}
        if planned.whole:
            extras[SITEMAP] = _sitemap(planned)
        else:  # the same pages as last time, with the same dates
            kept_search = {**kept_search, SITEMAP: previous.files[SITEMAP]}
        # output/ and the memo change together: an interruption waits until both are saved.
        with signals_held():
            written = commit(rendered, previous.files, extras, kept_search, sink, progress)
            state = BuildState(settings=settings, inputs=inputs.stamp, registries=checked.registries,
                               descriptions=checked.descriptions, sources=checked.sources,
                               relations=checked.relations, bodies=checked.bodies_entry, mentions=checked.mentions,
                               pages=rendered.pages, files=written.files, search=search_record,
                               plan=PlanRecord(version, body_keys), output=written.build)
            store.save_state(state)
            store.save_stamp(Stamp(state.salt, settings, inputs.stamp, dict(inputs.racy), written.build,
                                   len(written.files), len(checked.site.articles), checked.warnings))
    finally:
        sink.close()
    files = len(written.files)
    return BuildResult(len(checked.site.articles), files, written.written, files - written.written, written.removed,
                       time.perf_counter() - started, checked.warnings)


def _written_file(output_dir: Path, path: str) -> bytes | None:
    try:
        return (output_dir / output_file(path)).read_bytes()
    except OSError:
        return None


def _sitemap(planned: Planned) -> bytes:
    try:
        return planned.renderer.sitemap(list(planned.pages))
    except TemplateError as error:
        raise SiteError([error.diagnostic]) from None


# -- check: validate only --------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    briefings: int      # briefing files read
    site: Site          # what build would publish (drafts only with --drafts)
    bodies: Bodies      # every published body, rendered
    warnings: tuple[Diagnostic, ...]    # problems of drafts build would leave out

    @property
    def published(self) -> int:
        return len(self.site.articles)


def check_site(config: Config, inputs: InputFiles, jobs: int = 1) -> CheckResult:
    """Every check ``build`` makes before rendering pages; reuses the disk memo, writes nothing."""
    store = DiskStore(config.cache_folder, config.output_dir, read_only=True)
    checked = check_stages(config, inputs, store, store.load_state(), jobs, lambda message: None)
    return CheckResult(len(checked.sources), checked.site, checked.bodies, checked.warnings)


# -- preview: the site in memory -------------------------------------------------------------------


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept across preview builds; Jinja checks each source's checksum."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


@dataclass
class MemoryBuild:
    """What the preview keeps between its builds: the memo in memory and the last good site."""
    store: MemoryStore
    bytecode: _MemoryBytecodeCache
    site: MemorySite | None = None
    templates: str = ""          # digest of the template sources the last site was built with

    @classmethod
    def empty(cls) -> MemoryBuild:
        return cls(MemoryStore(), _MemoryBytecodeCache())


def build_memory(config: Config, inputs: InputFiles, build: MemoryBuild, progress: Progress = lambda m: None
                 ) -> MemorySite:
    """The site in memory, pages rendered when asked; raises SiteError. Renders at once what a mistake is
    likely to break, so it fails this build instead of one page: every page the first time, a page of each
    template after a template edit, and the pages of edited briefings."""
    store = build.store
    previous = store.load_state()
    if previous.settings != settings_version(config):
        previous, build.site = BuildState(), None
    checked = check_stages(config, inputs, store, previous, 1, progress)
    plan_inputs = _plan_inputs(config, checked)
    renderer, memo = plan_stage(plan_inputs, build.bytecode)
    templates = _template_sources(config, inputs)
    if templates != build.templates:
        _compile_templates(renderer.env, config)

    last_search = build.site.computed_search_files() if build.site is not None else {}

    def search() -> dict[str, bytes]:
        changed, unchanged, record = index_stage(checked, store.load_state().search, {}, 1, last_search.get)
        files = {**{path: last_search[path] for path in unchanged}, **changed}
        store.save_state(replace(store.load_state(), search=record))
        return files

    site = MemorySite(config, len(checked.site.articles), renderer.plan(), renderer, memo, read_static(inputs, config),
                      search, SEARCH_DATA, build.site.kept_pages() if build.site is not None else {})
    if build.site is None:
        site.render_pages()
    else:
        if templates != build.templates:
            site.render_one_page_per_template()
        edited = [record.article for label, record in checked.sources.items()
                  if record.article is not None and previous.sources.get(label) is not record]
        site.render_pages([""] + [f"briefings/{article.slug}/" for article in edited])
    store.save_state(BuildState(settings=settings_version(config), inputs=inputs.stamp, registries=checked.registries,
                                descriptions=checked.descriptions, sources=checked.sources,
                                relations=checked.relations, bodies=checked.bodies_entry, mentions=checked.mentions,
                                search=previous.search))
    build.site, build.templates = site, templates
    return site


def _template_sources(config: Config, inputs: InputFiles) -> str:
    return digest(*(display_path(path, config.root).encode("utf-8") + b"\0" + path.read_bytes()
                    for path in inputs.templates))


def _compile_templates(env: jinja2.Environment, config: Config) -> None:
    """Every template compiled, so a syntax error anywhere (a partial no page uses yet) is reported now."""
    problems = []
    for name in env.list_templates(filter_func=lambda name: not name.startswith("static/")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            label = display_path(Path(error.filename or config.templates_dir / name), config.root)
            problems.append(Diagnostic(label, error.lineno or 1,
                                       _("template syntax error: {problem}").format(problem=error.message)))
    if problems:
        raise SiteError(problems)
