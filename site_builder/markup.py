"""Markdown to safe HTML, configured once.

Raw HTML in content is shown as text, never passed through; links may only use
http(s), mailto or relative URLs.  Each figure's verbatim text gets an anchor
(``id="figure-N"``) so the figures table can point at the sentence that states it.
Editors' ``[[links]]`` and first mentions of partners and places become links
(the syntax and matching rules are in ``linking``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import unescape
from typing import Callable, Iterable
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from site_builder.diagnostics import Diagnostic
from site_builder.linking import EXPLICIT_LINK, NameIndex, Resolution, Target
from site_builder.model import Article, Figure, Registries, TermKind

_SAFE_SCHEMES = ("", "http", "https", "mailto")
_NO_REWRITE = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "sup"}
_FENCE = re.compile(r"^(```+|~~~+)[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)[^`\n].*?\1")
_CAPTION_PREFIX = re.compile(r"^\s*사진\s*[:：]\s*")
_TAG = re.compile(r"<[^>]+>")
# Tags that end a block of text become a space; inline tags (a, em, span, ...) vanish, so
# "<a>벡스코</a>에서" reads "벡스코에서", not "벡스코 에서".
_BLOCK_TAG = re.compile(r"<(?:/?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|table|thead|tbody|blockquote|pre|section|"
                        r"figure|figcaption|dt|dd|dl|hr)\b[^>]*|br\s*/?)>", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedBody:
    html: str
    text: str                                 # plain text, for summaries and search
    headings: tuple[tuple[str, str], ...]     # (id, text) of h2/h3, for a table of contents
    anchored_figures: frozenset[int]          # figure indexes whose text got an anchor
    links: tuple[Target, ...] = ()            # explicit [[links]] that resolved, in order
    mentions: tuple[Target, ...] = ()         # entries linked at their first mention, in order
    broken: tuple[tuple[str, Resolution], ...] = ()   # (source text, why) of [[links]] that did not resolve


LEAD_LENGTH = 200


@dataclass(frozen=True)
class BodyFacts:
    """The small part of a rendered body that pages other than its own read (kept in memory)."""
    lead: str                                  # start of the plain text, for summaries
    anchored_figures: frozenset[int]
    links: tuple[Target, ...]
    mentions: tuple[Target, ...]

    @classmethod
    def of(cls, body: RenderedBody) -> BodyFacts:
        return cls(body.text[:LEAD_LENGTH], body.anchored_figures, body.links, body.mentions)


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


class _LinkState:
    """Per-document state shared by the link processors; reset before each conversion."""

    def __init__(self, names: NameIndex | None, link: Callable[[str], str]):
        self.names = names
        self.link = link
        self.reset()

    def reset(self) -> None:
        self.links: list[Target] = []
        self.mentions: list[Target] = []
        self.broken: list[tuple[str, Resolution]] = []


class _ExplicitLinkProcessor(InlineProcessor):
    """``[[name]]``, ``[[kind:name]]``, ``[[briefing:slug]]``, each optionally ``|text``."""

    def __init__(self, pattern: str, md: markdown.Markdown, state: _LinkState):
        super().__init__(pattern, md)
        self.state = state

    def handleMatch(self, match: re.Match[str], data: str):  # noqa: N802 - Markdown's API
        state = self.state
        label = match.group(2).strip() if match.group(2) else None
        if state.names is None:
            return None, None, None
        resolution = state.names.resolve(match.group(1), label)
        if resolution.target is None:
            state.broken.append((match.group(0), resolution))
            return match.group(0), match.start(0), match.end(0)
        state.links.append(resolution.target)
        element = etree.Element("a")
        element.set("href", state.link(resolution.target.site_path))
        element.set("class", "xref")
        element.text = resolution.text
        return element, match.start(0), match.end(0)


class _MentionProcessor(Treeprocessor):
    """Links the first mention of each registered partner or place in the text."""

    state: _LinkState

    def run(self, root: etree.Element) -> None:
        names = self.state.names
        if names is None or names.mentions is None:
            return
        seen = {t for t in self.state.links}
        _link_mentions(root, names, seen, self.state)


def _link_mentions(parent: etree.Element, names: NameIndex, seen: set[Target], state: _LinkState) -> None:
    if parent.tag in _NO_REWRITE or "figure-source" in parent.get("class", "").split():
        return
    if parent.text:
        text, pieces = _split_mentions(parent.text, names, seen, state)
        parent.text = text
        for offset, piece in enumerate(pieces):
            parent.insert(offset, piece)
    for child in list(parent):
        if child.get("class") == "mention":
            continue
        _link_mentions(child, names, seen, state)
        if child.tail:
            child.tail, pieces = _split_mentions(child.tail, names, seen, state)
            position = list(parent).index(child)
            for offset, piece in enumerate(pieces, start=1):
                parent.insert(position + offset, piece)


def _split_mentions(text: str, names: NameIndex, seen: set[Target], state: _LinkState):
    """(text before the first link, [link elements with their tails])."""
    pieces: list[etree.Element] = []
    head, start = text, 0
    for begin, finish in names.mentions.finditer(text):
        target = names.mentioned(text[begin:finish])
        if target is None or target in seen:
            continue
        seen.add(target)
        state.mentions.append(target)
        element = etree.Element("a")
        element.set("href", state.link(target.site_path))
        element.set("class", "mention")
        element.text = text[begin:finish]
        if pieces:
            pieces[-1].tail = text[start:begin]
        else:
            head = text[:begin]
        start = finish
        pieces.append(element)
    if pieces:
        pieces[-1].tail = text[start:]
        return head, pieces
    return text, pieces


class _SiteExtension(Extension):
    def __init__(self, state: _LinkState):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML is escaped, not passed through: content never injects markup or scripts.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After code spans and backslash escapes (so `[[x]]` and \[\[x]] stay text), before links.
        md.inlinePatterns.register(_ExplicitLinkProcessor(EXPLICIT_LINK, md, self.state), "site_links", 176)
        md.treeprocessors.register(_SafetyProcessor(md), "site_safety", 1)
        md.treeprocessors.register(_FigureAnchorProcessor(md), "site_figures", 2)
        mentions = _MentionProcessor(md)
        mentions.state = self.state
        # After the figure anchors, so a mention never splits the sentence a figure points at.
        md.treeprocessors.register(mentions, "site_mentions", 1.5)


class MarkdownRenderer:
    """One configured Markdown converter, reused for every document."""

    def __init__(self, names: NameIndex | None = None, link: Callable[[str], str] = lambda path: "/" + path):
        self._links = _LinkState(names, link)
        self._md = markdown.Markdown(
            extensions=["tables", "sane_lists", "footnotes", "toc", _SiteExtension(self._links)],
            extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-3"}},
            output_format="html",
        )

    def render(self, text: str, figures: Iterable[Figure] = ()) -> RenderedBody:
        self._md.reset()
        self._links.reset()
        processor: _FigureAnchorProcessor = self._md.treeprocessors["site_figures"]
        processor.figures = tuple(figures)
        processor.anchored = set()  # Python-Markdown skips tree processors when the text is blank
        html = self._md.convert(text)
        headings = tuple((token["id"], token["name"]) for token in _flatten(self._md.toc_tokens))
        return RenderedBody(html, html_to_text(html), headings, frozenset(processor.anchored),
                            tuple(self._links.links), tuple(self._links.mentions), tuple(self._links.broken))

    def render_fragment(self, text: str) -> str:
        """Registry descriptions and other short Markdown (no mention links: they describe one entry)."""
        names, self._links.names = self._links.names, None
        try:
            self._md.reset()
            self._links.reset()
            self._md.treeprocessors["site_figures"].figures = ()
            return self._md.convert(text)
        finally:
            self._links.names = names


def broken_link_diagnostics(article: Article, broken: tuple[tuple[str, Resolution], ...]) -> list[Diagnostic]:
    lines = _source_lines(article.body, [source for source, _ in broken])
    return [Diagnostic(article.path, article.body_line + line, resolution.problem, resolution.expected)
            for (source, resolution), line in zip(broken, lines)]


def _source_lines(body: str, sources: list[str]) -> list[int]:
    """0-based body line of each source text, in order of occurrence outside code."""
    masked = _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, body))
    lines, cursor = [], {}
    for source in sources:
        found = masked.find(source, cursor.get(source, 0))
        if found < 0:
            lines.append(0)
            continue
        cursor[source] = found + len(source)
        lines.append(masked.count("\n", 0, found))
    return lines


def _blank(match: re.Match[str]) -> str:
    """Code replaced by spaces, keeping its line breaks so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _flatten(tokens: list[dict]) -> Iterable[dict]:
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))


def html_to_text(html: str) -> str:
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", html))
    return re.sub(r"\s+", " ", unescape(text)).strip()


def render_descriptions(registries: Registries) -> dict[tuple[TermKind, str], str]:
    """Each registry entry's Markdown description as HTML."""
    renderer = MarkdownRenderer()
    return {(kind, term.slug): renderer.render_fragment(term.description)
            for kind in TermKind for term in registries.of(kind).terms if term.description}
