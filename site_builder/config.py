"""The one frozen ``Config``, built once from ``site.yaml`` and command-line flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from site_builder.diagnostics import Diagnostics
from site_builder.i18n import _

SITE_FILE = "site.yaml"

_SITE_KEYS = {
    "title": str,
    "description": str,
    "base_url": str,
    "language": str,
    "timezone": str,
    "author": str,
    "data_license": str,
    "data_license_url": str,
}


@dataclass(frozen=True)
class Config:
    root: Path
    content_dir: Path
    templates_dir: Path
    output_dir: Path
    title: str = "해외교류 브리핑 아카이브"
    description: str = "지방정부와 공공기관의 해외 출장, 업무협약, 투자·수출 성과를 원문 문장과 함께 기록하는 공개 아카이브"
    author: str = "site_builder"
    base_url: str = "http://127.0.0.1:8000/"
    language: str = "ko"
    timezone: str = "Asia/Seoul"
    data_license: str = ""          # licence of the figures and agreements data (downloads say it)
    data_license_url: str = ""
    drafts: bool = False
    site_file: Path | None = field(default=None)
    cache_dir: Path | None = None   # default: ROOT/.site_builder_cache

    @property
    def base_path(self) -> str:
        """The URL path the site is served under: ``/`` or ``/archive/``."""
        return urlsplit(self.base_url).path or "/"

    @property
    def cache_folder(self) -> Path:
        return self.cache_dir or self.root / ".site_builder_cache"

    @property
    def registry_dir(self) -> Path:
        return self.content_dir / "registry"

    @property
    def briefings_dir(self) -> Path:
        return self.content_dir / "briefings"


def outside_project(path: Path, root: Path, *more_roots: Path) -> str | None:
    """Where ``path`` really leads when a symbolic link takes it outside ``root``; None when it may be read.

    A path reached without any link is the user's own choice (e.g. ``--templates /elsewhere``); a link
    must stay inside the project, or a file such as ``static/env.txt -> /proc/self/environ`` would be published.
    """
    real = os.path.realpath(path)
    if real == os.path.abspath(path):
        return None
    for folder in (root, *more_roots):
        project = os.path.realpath(folder)
        if real == project or real.startswith(project.rstrip(os.sep) + os.sep):
            return None
    return real


def normalize_base_url(url: str) -> str | None:
    """Absolute http(s) URL ending in ``/``, or None when it is not one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    return url if url.endswith("/") else url + "/"


def load_config(
    root: Path,
    *,
    content: Path | None = None,
    templates: Path | None = None,
    output: Path | None = None,
    base_url: str | None = None,
    drafts: bool = False,
    cache: Path | None = None,
) -> Config:
    """Read ``site.yaml`` (optional) under ``root`` and apply flags; raises SiteError."""
    root = root.resolve()
    config = Config(
        root=root,
        content_dir=(content or root / "content").resolve(),
        templates_dir=(templates or root / "templates").resolve(),
        output_dir=(output or root / "output").resolve(),
        drafts=drafts,
        cache_dir=cache.resolve() if cache else None,
    )
    diagnostics = Diagnostics()
    site_path = root / SITE_FILE
    settings: dict[str, str] = {}
    if site_path.is_file():
        config = replace(config, site_file=site_path)
        settings = _read_site_file(site_path, diagnostics)
    if base_url is not None:
        settings["base_url"] = base_url
    if "base_url" in settings:
        normalized = normalize_base_url(settings["base_url"])
        if normalized is None:
            where = "--base-url" if base_url is not None else str(site_path)
            diagnostics.add(where, 1, _("invalid base URL {url!r}").format(url=settings["base_url"]),
                            _("expected an absolute http(s) URL such as https://example.org/archive/"))
        else:
            settings["base_url"] = normalized
    if "timezone" in settings and not _is_time_zone(settings["timezone"]):
        diagnostics.add(SITE_FILE, 1, _("unknown time zone {zone!r}").format(zone=settings["timezone"]),
                        _("expected an IANA time zone name such as Asia/Seoul"))
    diagnostics.raise_if_any()
    return replace(config, **settings)


def _is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _read_site_file(path: Path, diagnostics: Diagnostics) -> dict[str, str]:
    label = path.name
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        diagnostics.add(label, 1, _("file is not UTF-8"), _("expected UTF-8 text"))
        return {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        diagnostics.add(label, (mark.line + 1) if mark else 1,
                        _("YAML syntax error: {problem}").format(problem=getattr(error, "problem", error)))
        return {}
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        diagnostics.add(label, node.start_mark.line + 1, _("site settings must be a mapping"), _("expected key: value lines"))
        return {}
    settings: dict[str, str] = {}
    for key_node, value_node in node.value:
        key, line = key_node.value, key_node.start_mark.line + 1
        if key not in _SITE_KEYS:
            diagnostics.add(label, line, _("unknown setting {key!r}").format(key=key),
                            _("expected one of {choices}").format(choices=", ".join(sorted(_SITE_KEYS))))
        elif not isinstance(value_node, yaml.ScalarNode) or not value_node.value.strip():
            diagnostics.add(label, line, _("setting {key!r} must be a non-empty text").format(key=key), _("expected text"))
        else:
            settings[key] = value_node.value.strip()
    return settings
