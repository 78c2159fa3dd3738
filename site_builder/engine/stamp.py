"""Every input file, found by one walk per build, and the stamp that says whether any of them changed.

The walk lists the briefings, the static files and a digest of every input's path and stat (size,
modification and change time, inode) (content, templates, site.yaml). ``unchanged_build`` answers from
that stamp alone, before the pipeline is even imported, so ``site-builder build`` with nothing to do
returns at once; when something did change the pipeline takes the same walk's lists and each briefing's
stat instead of walking again, and reads only the briefings whose stat differs from the last build's.

A stat is trusted the way git trusts its index, with git's "racy" rule: a file whose modification or
change time is not clearly older than the moment the walk began (``RACY_NS``: above the 2 s timestamp
granularity of the coarsest filesystems, and the few milliseconds a kernel's file clock lags the wall
clock) could be edited again within the same timestamp tick without its stat changing. Such a file's stat
is not recorded (it is read and digested by the next build too), and the walk digests its bytes, so the
next build's no-change shortcut compares them as well as the stats.

Which output the stamp belongs to is the marker file the commit writes into ``output/`` (see
``build.output.MARKER``): output files are not looked at one by one. A file deleted from ``output/`` by
hand is therefore not noticed (as in Hugo and Zola); ``build --clean``, or deleting the marker, writes
the whole site again.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import Config, outside_project
from site_builder.engine.fingerprint import digest, fingerprint
from site_builder.engine.memo import DiskStore
from site_builder.i18n import _
from site_builder.write import DirectorySink


@dataclass(frozen=True)
class BuildResult:
    articles: int
    files: int          # files in the site after the build
    written: int
    unchanged: int
    removed: int
    seconds: float
    warnings: tuple = ()  # diagnostics of drafts left out of this build

    def summary(self) -> str:
        summary = (_("{articles:,} briefings, {files:,} pages: {written:,} written, {unchanged:,} unchanged, "
                     "{removed:,} removed, {seconds:.2f} s") if self.removed else
                   _("{articles:,} briefings, {files:,} pages: {written:,} written, {unchanged:,} unchanged, "
                     "{seconds:.2f} s"))
        return summary.format(articles=self.articles, files=self.files, written=self.written,
                              unchanged=self.unchanged, removed=self.removed, seconds=self.seconds)


@dataclass(frozen=True)
class InputFiles:
    briefings: tuple[Path, ...]     # Markdown files under content/briefings/, sorted; hidden and _ names skipped
    static: tuple[Path, ...]        # files under templates/static/, sorted; hidden ones skipped
    templates: tuple[Path, ...]     # the other files under templates/, sorted
    pages: tuple[Path, ...]         # the editors' standalone pages: content/pages/*.md, sorted
    outside: tuple[Path, ...]       # symbolic links that lead outside the project: refused, never read
    stamp: str                      # digest of every input's path and stat
    stats: Mapping[Path, FileStat | None] = dataclasses.field(default_factory=dict)
    # ^ each briefing's stat as the walk saw it; None when it is too recent to trust (the racy rule)
    racy: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # ^ every input too recent to trust its stat -> digest of its bytes when the walk saw it


FileStat = tuple  # (size, modification time ns, inode, change time ns): equal stats, unchanged bytes
RACY_NS = 3_000_000_000


def file_stat(status: os.stat_result) -> FileStat:
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns


def trusted_stat(status: os.stat_result, walk_began_ns: int) -> FileStat | None:
    """The stat to record, or None when the file changed too recently for its stat to tell a later edit."""
    if max(status.st_mtime_ns, status.st_ctime_ns) >= walk_began_ns - RACY_NS:
        return None
    return file_stat(status)


def scan_inputs(config: Config) -> InputFiles:
    """One walk over content/, templates/ and site.yaml (string work per file: this runs for every input)."""
    began = time.time_ns()
    parts: list[str] = []
    stats: dict[Path, FileStat | None] = {}
    racy: dict[str, str] = {}
    briefings: list[Path] = []
    static: list[Path] = []
    templates: list[Path] = []
    pages: list[Path] = []
    briefings_top, pages_top, static_top = (_top(folder) for folder in
                                            (config.briefings_dir, config.content_dir / "pages",
                                             config.templates_dir / "static"))
    outside: list[Path] = []
    for folder in (config.content_dir, config.templates_dir):
        in_templates = folder == config.templates_dir
        for text, status in _walk(os.fspath(folder), config.root, outside):
            stat = trusted_stat(status, began)
            if stat is None:  # (a link out of the project is never read: its own stat stands for it)
                linked_out = bool(outside) and os.fspath(outside[-1]) == text
                racy[text] = "" if linked_out else content_digest(Path(text))
            parts.append(f"{text}\0{file_stat(status)}")
            if _is_briefing(text, briefings_top):
                path = Path(text)
                briefings.append(path)
                stats[path] = stat
            elif _is_briefing(text, pages_top):  # the same file rules as briefings
                pages.append(Path(text))
            elif _is_static(text, static_top):
                static.append(Path(text))
            elif in_templates and not text.startswith(static_top):
                templates.append(Path(text))
    if config.site_file is not None:
        try:
            status = config.site_file.stat()
            if trusted_stat(status, began) is None:
                racy[os.fspath(config.site_file)] = content_digest(config.site_file)
            parts.append(f"{config.site_file}\0{file_stat(status)}")
        except OSError:
            pass
    return InputFiles(tuple(sorted(briefings)), tuple(sorted(static)), tuple(sorted(templates)), tuple(sorted(pages)),
                      tuple(sorted(outside)), digest("\n".join(parts)), stats, racy)


def content_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return ""


def _walk(folder: str, root: Path, outside: list[Path]):
    """(path, stat) of every file under ``folder``, in a fixed order. Symbolic links are followed only while
    they stay inside the project; one that leads outside is put on ``outside`` and not read."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_symlink() and outside_project(Path(entry.path), root) is not None:
                if not entry.name.startswith("."):
                    outside.append(Path(entry.path))
                    yield entry.path, entry.stat(follow_symlinks=False)
            elif entry.is_dir():
                yield from _walk(entry.path, root, outside)
            elif entry.is_file():
                yield entry.path, entry.stat()
        except OSError:  # removed while we looked
            continue


def _top(folder: Path) -> str:
    return os.fspath(folder).rstrip(os.sep) + os.sep


def _is_briefing(path: str, top: str) -> bool:
    return (path.endswith(".md") and path.startswith(top)
            and not any(part.startswith((".", "_")) for part in path[len(top):].split(os.sep)))


def _is_static(path: str, top: str) -> bool:
    return path.startswith(top) and not any(part.startswith(".") for part in path[len(top):].split(os.sep))


def settings_version(config: Config) -> str:
    return fingerprint(tuple((f.name, str(getattr(config, f.name))) for f in dataclasses.fields(config)))


def racy_unchanged(racy: Mapping[str, str]) -> bool:
    """Whether the files whose stats were too recent to trust still have the bytes the last build saw."""
    return all(content_digest(Path(path)) == seen for path, seen in racy.items() if seen)


def unchanged_build(config: Config, inputs: InputFiles, started: float) -> BuildResult | None:
    """The result of a build that has nothing to do, or None when something changed."""
    stamp = DiskStore(config.cache_folder, config.output_dir).load_stamp()
    if stamp is None or not stamp.files or stamp.settings != settings_version(config):
        return None
    if stamp.inputs != inputs.stamp or not racy_unchanged(stamp.racy):
        return None
    sink = DirectorySink(config.output_dir)
    if sink.leftovers() or sink.marker() != stamp.output:  # an interrupted build, or another output/
        return None
    return BuildResult(stamp.articles, stamp.files, 0, stamp.files, 0, time.perf_counter() - started, stamp.warnings)
