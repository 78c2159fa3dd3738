"""The build: entry points for ``site-builder build``, ``check`` and the preview server.

All three run the one pipeline in ``build.pipeline`` (the only module that knows the stage order).
Everything is checked before anything is written; a problem anywhere raises SiteError with all
diagnostics and leaves ``output/`` as it was.

    build/pipeline.py   the stage order, and the three ways to run it (directory, check, memory)
    build/stages.py     load + validate, relate and bodies, each memoised by what it depends on
    build/versions.py   the memo's rules for pages: fingerprints and the versions of what they read
    build/output.py     render: changed pages into the directory sink, or on request in memory
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from site_builder.config import Config
from site_builder.engine.parallel import default_jobs
from site_builder.engine.stamp import BuildResult, InputFiles, scan_inputs
from site_builder.build.output import MemorySite
from site_builder.build.pipeline import (CheckResult, MemoryBuild, build_directory, build_memory, check_site,
                                         read_static)
from site_builder.write import check_output_dir

__all__ = ["BuildResult", "CheckResult", "MemorySite", "PreviewBuilder", "build", "check"]


def build(config: Config, jobs: int | None = None, progress: Callable[[str], None] | None = None,
          inputs: InputFiles | None = None, clean: bool = False) -> BuildResult:
    """Validate, then write only what changed since the last build into ``output/`` (everything with ``clean``).

    Raises SiteError (nothing written) for any content, link or template problem; UnsafeOutputError
    when the output folder would replace the project.
    """
    check_output_dir(config.output_dir, [config.root, config.content_dir, config.templates_dir])
    return build_directory(config, inputs or scan_inputs(config), jobs or default_jobs(),
                           progress or (lambda message: None), clean)


def check(config: Config) -> CheckResult:
    """Everything ``build`` checks before rendering pages: content, registries and [[links]] in bodies."""
    return check_site(config, scan_inputs(config), default_jobs())


class PreviewBuilder:
    """What the preview server is handed: builds the site into memory after each save.

    ``make_config`` is called on every build, so site.yaml edits apply.
    """

    def __init__(self, make_config: Callable[[], Config]):
        self._make_config = make_config
        self._lock = threading.Lock()
        self._memory = MemoryBuild.empty()
        self._config: Config | None = None

    @property
    def static_dir(self) -> Path | None:
        return self._config.templates_dir / "static" if self._config else None

    def build(self) -> MemorySite:
        """A new site; raises SiteError listing every problem (the last good site is kept)."""
        with self._lock:
            config = self._make_config()
            if config != self._config:
                self._memory = MemoryBuild.empty()
            self._config = config
            return build_memory(config, scan_inputs(config), self._memory)

    def refresh_static(self) -> MemorySite | None:
        """The last site with static files read again (a CSS-only change), or None before the first good build."""
        with self._lock:
            if self._memory.site is None or self._config is None:
                return None
            self._memory.site = self._memory.site.with_static(read_static(scan_inputs(self._config), self._config))
            return self._memory.site
