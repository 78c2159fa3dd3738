"""Slugs, site URLs and their output paths; a join that cannot leave ``output/``.

Every page has a site path such as ``briefings/daejeon-ces/`` (no leading slash).
Links are made from the site path by prefixing the base path, so the whole site
works under a sub-path (``https://example.org/archive/``).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from site_builder.model import TermKind

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_PATTERN.match(slug)) and len(slug) <= 100


def slug_from_filename(stem: str) -> str:
    """``2024-02-17-daejeon-ces`` -> ``daejeon-ces``."""
    return _DATE_PREFIX.sub("", stem)


def briefing_path(slug: str) -> str:
    return f"briefings/{slug}/"


def term_path(kind: TermKind, slug: str) -> str:
    return f"{kind.section}/{slug}/"


def term_index_path(kind: TermKind) -> str:
    return f"{kind.section}/"


def year_path(year: int) -> str:
    return f"years/{year}/"


def output_file(site_path: str) -> PurePosixPath:
    """The file a site path is written to: ``a/b/`` -> ``a/b/index.html``.

    Raises ValueError for anything that could escape the output folder.
    """
    relative = site_path + "index.html" if site_path.endswith("/") or site_path == "" else site_path
    path = PurePosixPath(relative)
    if path.is_absolute() or any(part in ("..", ".") for part in path.parts) \
            or "\\" in relative or "//" in relative:
        raise ValueError(f"unsafe output path {site_path!r}")
    return path


class UrlBuilder:
    """Turns site paths into links under the configured base URL."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.base_path = urlsplit(base_url).path or "/"

    def link(self, site_path: str) -> str:
        """Root-relative link: ``/archive/briefings/x/``."""
        return self.base_path + site_path.lstrip("/")

    def absolute(self, site_path: str) -> str:
        return self.base_url + site_path.lstrip("/")
