"""Pages editors write: ``content/pages/*.md`` (about, methodology, data licence, corrections).

Each file has front matter (``title`` required; ``description``, ``footer`` label, ``order``) and a Markdown
body; it becomes ``<slug>/`` with the slug taken from the file name. Only loading and checking live here:
the page plan and the templates (``page.html``, the footer of ``base.html``) show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.config import Config
from site_builder.diagnostics import Diagnostics
from site_builder.i18n import _
from site_builder.load import load_source
from site_builder.markup import MarkdownRenderer
from site_builder.model import TermKind
from site_builder.urls import is_valid_slug

KEYS = ("title", "description", "footer", "order")
# First path segments the site already uses: a page may not take one.
RESERVED = frozenset({kind.section for kind in TermKind} | {
    "briefings", "years", "timeline", "figures", "search", "static", "feed.xml", "feed.json", "calendar.ics",
    "sitemap.xml", "robots.txt", "404.html", "index.html"})


@dataclass(frozen=True)
class StandalonePage:
    slug: str
    source: str             # file, relative to the site root
    title: str
    description: str
    footer: str             # link text in the footer ("" keeps the page out of the footer)
    order: int              # footer order, then slug
    html: str
    headings: tuple[tuple[str, str], ...]   # (id, text), for an in-page table of contents

    @property
    def path(self) -> str:
        return f"{self.slug}/"


def load_pages(config: Config, paths: tuple[Path, ...], diagnostics: Diagnostics) -> tuple[StandalonePage, ...]:
    """The pages at ``paths`` (content/pages/*.md), in footer order; adds a diagnostic for each problem."""
    renderer = MarkdownRenderer()
    pages = []
    for path in paths:
        source = load_source(path, config.root, diagnostics)
        if source is None:
            continue
        page = _page(source, path.stem, renderer, diagnostics)
        if page is not None:
            pages.append(page)
    return tuple(sorted(pages, key=lambda p: (p.order, p.slug)))


def _page(source, stem: str, renderer: MarkdownRenderer, diagnostics: Diagnostics) -> StandalonePage | None:
    data = source.front.data

    def problem(key: str | None, message: str, expected: str) -> None:
        diagnostics.add(source.path, source.front.line(key) if key else 1, message, expected)

    if not isinstance(data, dict):
        problem(None, _("front matter must be a mapping of keys"), _("expected lines such as 'title: 소개'"))
        return None
    ok = True
    for key in data:
        if key not in KEYS:
            problem(key, _("unknown key {key!r} in page front matter").format(key=key),
                    _("expected one of {choices}").format(choices=", ".join(KEYS)))
            ok = False
    title = _text(data.get("title"))
    if not title:
        problem("title" if "title" in data else None, _("page title is missing or empty"),
                _("expected '{key}: ...'").format(key="title"))
        ok = False
    if not is_valid_slug(stem) or stem in RESERVED:
        problem(None, (_("page file name {name!r} cannot be a URL (the site uses it)") if stem in RESERVED
                       else _("page file name {name!r} cannot be a URL")).format(name=stem),
                _("expected an ASCII name such as about.md that no section of the site uses"))
        ok = False
    order = data.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        problem("order", _("page order must be a whole number, not {order!r}").format(order=order),
                _("expected e.g. order: 1"))
        ok = False
    footer = data.get("footer", title)
    if footer is not False and not _text(footer):
        problem("footer", _("footer must be link text or false"), _("expected e.g. footer: 소개, or footer: false"))
        ok = False
    if not ok:
        return None
    body = renderer.render(source.body)
    return StandalonePage(stem, source.path, title, _text(data.get("description")) or "", _text(footer) or "",
                          order, body.html, body.headings)


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None
