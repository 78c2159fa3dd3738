"""The benchmark corpus as a Pelican site (Markdown reader, content cache on)."""

from __future__ import annotations

from pathlib import Path

import yaml

CONFIG = """AUTHOR = "bench"
SITENAME = "briefings"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Seoul"
DEFAULT_LANG = "ko"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
DEFAULT_PAGINATION = False
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "mtime"
CACHE_PATH = "cache"
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "briefings/{slug}/"
ARTICLE_SAVE_AS = "briefings/{slug}/index.html"
"""


def write_pelican_site(source_root: Path, target: Path) -> None:
    (target / "content").mkdir(parents=True, exist_ok=True)
    (target / "pelicanconf.py").write_text(CONFIG, encoding="utf-8")
    for path in sorted((source_root / "content" / "briefings").glob("*.md")):
        _, front_text, body = path.read_text(encoding="utf-8").split("---\n", 2)
        front = yaml.safe_load(front_text)
        header = [f"Title: {front['title']}", f"Date: {front['date']}", f"Slug: {path.stem[11:]}",
                  f"Category: {(front.get('city') or ['none'])[0]}",
                  "Tags: " + ", ".join(front.get("tags", []) + front.get("partners", []) + front.get("destinations", [])),
                  f"Summary: {front.get('summary', '')}"]
        (target / "content" / path.name).write_text("\n".join(header) + "\n\n" + body, encoding="utf-8")
