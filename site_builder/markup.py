"""Markdown to safe HTML, configured once.

Raw HTML in content is shown as text, never passed through; links may only use
http(s), mailto or relative URLs.  Each figure's verbatim text gets an anchor
(``id="figure-N"``) so the figures table can point at the sentence that states it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import unescape
from typing import Iterable
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from site_builder.model import Figure

_SAFE_SCHEMES = ("", "http", "https", "mailto")
_NO_REWRITE = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style"}
_CAPTION_PREFIX = re.compile(r"^\s*사진\s*[:：]\s*")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class RenderedBody:
    html: str
    text: str                                 # plain text, for summaries and search
    headings: tuple[tuple[str, str], ...]     # (id, text) of h2/h3, for a table of contents
    anchored_figures: frozenset[int]          # figure indexes whose text got an anchor


def is_safe_url(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in _SAFE_SCHEMES and not url.strip().lower().startswith("//") or scheme in ("http", "https")


class _SafetyProcessor(Treeprocessor):
    """Drops unsafe link targets and image sources, marks photo captions."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_url(value):
                    del element.attrib[attribute]
            if element.tag == "a" and element.get("href", "").startswith(("http://", "https://")):
                element.set("rel", "noopener")
            if element.tag == "p" and len(element) == 1 and not (element.text or "").strip():
                only = element[0]
                if only.tag == "em" and not (only.tail or "").strip() and _CAPTION_PREFIX.match(only.text or ""):
                    element.set("class", "caption")


class _FigureAnchorProcessor(Treeprocessor):
    """Wraps the first occurrence of each figure's text in <span id="figure-N">."""

    figures: tuple[Figure, ...] = ()
    anchored: set[int]

    def run(self, root: etree.Element) -> None:
        self.anchored = set()
        for figure in self.figures:
            pattern = re.compile(r"\s+".join(re.escape(word) for word in figure.text.split()))
            if _wrap_first(root, pattern, lambda: _anchor(figure)):
                self.anchored.add(figure.index)


def _anchor(figure: Figure) -> etree.Element:
    span = etree.Element("span")
    span.set("id", figure.anchor)
    span.set("class", "figure-source")
    return span


def _wrap_first(parent: etree.Element, pattern: re.Pattern[str], make) -> bool:
    """Find ``pattern`` in the text nodes under ``parent`` (not inside links, code or headings)."""
    if parent.tag in _NO_REWRITE:
        return False
    if parent.text and (match := pattern.search(parent.text)):
        wrapper = make()
        wrapper.text = match.group(0)
        wrapper.tail = parent.text[match.end():]
        parent.text = parent.text[: match.start()]
        parent.insert(0, wrapper)
        return True
    for position, child in enumerate(list(parent)):
        if _wrap_first(child, pattern, make):
            return True
        if child.tail and (match := pattern.search(child.tail)):
            wrapper = make()
            wrapper.text = match.group(0)
            wrapper.tail = child.tail[match.end():]
            child.tail = child.tail[: match.start()]
            parent.insert(position + 1, wrapper)
            return True
    return False


class _SiteExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML is escaped, not passed through: content never injects markup or scripts.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafetyProcessor(md), "site_safety", 1)
        md.treeprocessors.register(_FigureAnchorProcessor(md), "site_figures", 2)


class MarkdownRenderer:
    """One configured Markdown converter, reused for every document."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["tables", "sane_lists", "footnotes", "toc", _SiteExtension()],
            extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-3"}},
            output_format="html",
        )

    def render(self, text: str, figures: Iterable[Figure] = ()) -> RenderedBody:
        self._md.reset()
        processor: _FigureAnchorProcessor = self._md.treeprocessors["site_figures"]
        processor.figures = tuple(figures)
        html = self._md.convert(text)
        headings = tuple((token["id"], token["name"]) for token in _flatten(self._md.toc_tokens))
        return RenderedBody(html, html_to_text(html), headings, frozenset(processor.anchored))

    def render_fragment(self, text: str) -> str:
        """Registry descriptions and other short Markdown."""
        self._md.reset()
        self._md.treeprocessors["site_figures"].figures = ()
        return self._md.convert(text)


def _flatten(tokens: list[dict]) -> Iterable[dict]:
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))


def html_to_text(html: str) -> str:
    text = _TAG.sub(" ", html)
    return re.sub(r"\s+", " ", unescape(text)).strip()
