"""Korean full-text search for a static host: index files written at build time, queried by static/search.js."""

from __future__ import annotations

from site_builder.search.index import build_search_files

__all__ = ["build_search_files"]
