"""Has anything changed since the last build? Answered from file sizes and times, before the pipeline loads.

Kept free of the pipeline's imports so that ``site-builder build`` with nothing to do returns at once.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from site_builder.engine.memo import BuildCache
from site_builder.config import Config
from site_builder.engine.fingerprint import digest, fingerprint
from site_builder.urls import output_file


@dataclass(frozen=True)
class BuildResult:
    articles: int
    files: int          # files in the site after the build
    written: int
    unchanged: int
    removed: int
    seconds: float

    @property
    def pages(self) -> int:
        return self.files

    def summary(self) -> str:
        removed = f", {self.removed:,} removed" if self.removed else ""
        return (f"{self.articles:,} briefings, {self.files:,} pages: {self.written:,} written, "
                f"{self.unchanged:,} unchanged{removed}, {self.seconds:.2f} s")


def input_files(config: Config) -> list[Path]:
    """Every file a build reads: content, templates, static assets and site.yaml."""
    files = []
    for folder in (config.content_dir, config.templates_dir):
        for directory, subdirectories, names in os.walk(folder):
            subdirectories.sort()
            files += [Path(directory) / name for name in sorted(names)]
    if config.site_file is not None:
        files.append(config.site_file)
    return files


def input_stamp(config: Config) -> str:
    """Digest of every input's path, size and modification time (a change to any of them rebuilds)."""
    parts = []
    for path in input_files(config):
        try:
            status = path.stat()
        except FileNotFoundError:
            continue
        parts.append(f"{path}\0{status.st_size}\0{status.st_mtime_ns}")
    return digest("\n".join(parts))


def settings_version(config: Config) -> str:
    return fingerprint(tuple((f.name, str(getattr(config, f.name))) for f in dataclasses.fields(config)))


def all_present(output_dir: Path, files: dict[str, str]) -> bool:
    return output_dir.is_dir() and all((output_dir / output_file(path)).is_file() for path in files)


def unchanged_build(config: Config, started: float) -> BuildResult | None:
    """The result of a build that has nothing to do, or None when something changed."""
    import time
    stamp = BuildCache(config.cache_folder, config.output_dir).load_stamp()
    if stamp is None or not stamp.files or stamp.settings != settings_version(config):
        return None
    if stamp.inputs != input_stamp(config) or not all_present(config.output_dir, stamp.files):
        return None
    return BuildResult(stamp.articles, len(stamp.files), 0, len(stamp.files), 0, time.perf_counter() - started)
