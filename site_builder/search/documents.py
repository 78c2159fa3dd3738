"""One briefing's search document: its text split by field, its terms, its display file, and the key it is
kept by between builds.

A document's key (``document_key``) is a digest of everything ``index_document`` reads, taken from the
search document itself rather than from the inputs it was made of: a registry edit changes the key of
exactly the briefings whose names, aliases, mentions or only-inside names change with it (the ones that list
the entry, mention it by any of its names, or contain a name it now claims), and only they are indexed again.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace

from site_builder.korean import format_date
from site_builder.markup import RenderedBody
from site_builder.model import Article, Site, TermKind
from site_builder.engine.parallel import parallel_map
from site_builder.rights import public_text
from site_builder.search.names import containment, entry_names
from site_builder.search.normalize import normalize
from site_builder.search.terms import ALIAS, ONLY_INSIDE, loose_terms, text_terms, vocabulary_words
from site_builder.urls import briefing_path

TITLE, NAMES, BODY, SPANS_SPACE = 1, 2, 4, 8


@dataclass(frozen=True)
class SearchDocument:
    """The searchable text of one briefing, split by field."""
    title: str
    names: str      # city, partner, destination and tag names with their registry aliases
    meta: str       # subtitle, summary, agency, officials
    body: str
    mentions: str = ""                  # entries the body names but the front matter does not list, with aliases
    listed_keys: tuple[str, ...] = ()   # name_form of every name and alias of the listed entries
    mentioned_keys: tuple[str, ...] = ()
    only_inside: tuple[str, ...] = ()   # registered names found only inside longer names of other entries


def search_document(article: Article, body: RenderedBody, site: Site) -> SearchDocument:
    names, listed, listed_keys = [], set(), []
    cities = site.registries.cities.by_slug
    for kind in TermKind:
        slugs = list(article.terms(kind))
        if kind is TermKind.CITY:  # 구미시 briefings are found by 경북 too, as on the city pages
            slugs += [cities[s].parent for s in article.cities if cities[s].parent]
        for slug in dict.fromkeys(slugs):
            term = site.registries.of(kind).by_slug[slug]
            names.append(_with_aliases(term))
            listed.add((kind.value, slug))
            if kind is not TermKind.TAG:
                listed_keys += entry_names(term)
    mentions, mentioned_keys = [], []
    for target in dict.fromkeys((*body.mentions, *body.links)):
        kind = target.term_kind
        if kind is None or kind is TermKind.TAG or (kind.value, target.slug) in listed:
            continue
        term = site.registries.of(kind).by_slug.get(target.slug)
        if term is not None:
            mentions.append(_with_aliases(term))
            mentioned_keys += entry_names(term)
    meta = [article.subtitle or "", article.summary or "", article.agency or "", " ".join(article.officials)]
    # A source whose full text may not be republished is searchable by its summary and quoted sentences only.
    document = SearchDocument(article.title, " / ".join(names), " / ".join(m for m in meta if m),
                              public_text(article, body.text),
                              " / ".join(mentions), tuple(dict.fromkeys(listed_keys)),
                              tuple(dict.fromkeys(k for k in mentioned_keys if k not in listed_keys)))
    text = normalize(" / ".join((document.title, document.names, document.meta, document.body)))
    return replace(document, only_inside=tuple(containment(site.registries).only_inside(text)))


def _with_aliases(term) -> str:
    return f"{term.name} ({', '.join(term.aliases)})" if term.aliases else term.name


@dataclass(frozen=True)
class IndexedDocument:
    """What one document adds to the index, computed from it alone so that a build can keep it
    between runs; strings and bytes rather than a dict per term keep the kept state small and quick to load."""
    terms: str      # its index terms, "\n"-separated (terms never contain a line break)
    flags: bytes    # each term's field flags (TITLE | NAMES | BODY | SPANS_SPACE), in the order of ``terms``
    words: str      # its vocabulary words, sorted, "\n"-separated
    display: tuple[bytes, bytes]    # the gzipped d/ID.bin and r/ID.bin files (b"": no r/ID.bin)
    key: str        # ``document_key`` of what it was made of


def index_article(article: Article, body: RenderedBody, site: Site) -> IndexedDocument:
    document = search_document(article, body, site)
    return index_document(document, _display(article, document, site))


# Part of every document key: change it when index_document's output or the display file changes.
KEY_VERSION = "7"


def document_key(document: SearchDocument, display: dict) -> str:
    """A digest of everything ``index_document(document, display)`` reads: equal keys, equal documents."""
    digest = hashlib.blake2b(KEY_VERSION.encode(), digest_size=16)
    for part in (document.title, document.names, document.meta, document.body, document.mentions,
                 "\n".join(document.listed_keys), "\n".join(document.mentioned_keys),
                 "\n".join(document.only_inside)):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "little") + data)
    digest.update(to_json(display))
    return digest.hexdigest()


def article_key(article: Article, body: RenderedBody, site: Site) -> str:
    """``document_key`` of an article's search document (cheap beside indexing it: no terms are made)."""
    document = search_document(article, body, site)
    return document_key(document, _display(article, document, site))


def index_document(document: SearchDocument, display: dict) -> IndexedDocument:
    """Normalization, terms with their field flags, vocabulary words and the display file of one document."""
    vocabulary: set[str] = set()
    fields = []
    # Mentioned entries' names and aliases count as body text: found by every alias, ranked below a listing.
    body_text = " / ".join(t for t in (document.meta, document.body, document.mentions) if t)
    for text in (document.title, document.names, body_text):
        normalized = normalize(text)
        vocabulary.update(vocabulary_words(normalized))
        fields.append(text_terms(normalized))
    title, names, body = fields
    body.update(dict.fromkeys(loose_terms(vocabulary), False))
    body.update(dict.fromkeys([ONLY_INSIDE + name.replace(" ", "") for name in document.only_inside], False))
    body.update(dict.fromkeys([ALIAS + key for key in document.mentioned_keys], False))
    names.update(dict.fromkeys([ALIAS + key for key in document.listed_keys], False))
    # A term spans a space only when it does so in every field it occurs in.
    flags = {term: BODY | SPANS_SPACE if spans_space else BODY for term, spans_space in body.items()}
    for field, flag in ((names, NAMES), (title, TITLE)):
        for term, spans_space in field.items():
            bits = flags.get(term)
            if bits is None:
                flags[term] = flag | SPANS_SPACE if spans_space else flag
            else:
                flags[term] = bits | flag if spans_space else (bits | flag) & ~SPANS_SPACE
    return IndexedDocument("\n".join(flags), bytes(flags.values()), "\n".join(sorted(vocabulary)),
                           display_files(display), document_key(document, display))


# The characters of a body a display file carries; the rest, with the mentions (the last place a snippet is
# looked for), is in a file of its own, fetched only when no snippet fits in them.
DISPLAY_HEAD = 1000


def display_files(display: dict) -> tuple[bytes, bytes]:
    """(d/ID.bin: the display JSON, r/ID.bin: b"" or, for a body longer than ``DISPLAY_HEAD`` characters, the
    JSON {"b": the rest of the body, "a": the mentions} that d/ID.bin then leaves out, marking it ``"r": 1``),
    both gzipped."""
    body = display["b"]
    if len(body) <= DISPLAY_HEAD:
        return gzip_bytes(to_json(display)), b""
    head = {key: value for key, value in display.items() if key != "a"}
    head.update(b=body[:DISPLAY_HEAD], r=1)
    return gzip_bytes(to_json(head)), gzip_bytes(to_json({"a": display["a"], "b": body[DISPLAY_HEAD:]}))


def _index_one(state: tuple[Site, dict[str, RenderedBody]], article: Article) -> IndexedDocument:
    site, bodies = state
    return index_article(article, bodies[article.slug], site)


def index_articles(articles, site: Site, bodies: Mapping[str, RenderedBody], jobs: int = 1) -> list[IndexedDocument]:
    """``index_article`` of each article, spread over ``jobs`` processes."""
    return parallel_map(_index_one, list(articles), jobs, (site, bodies))


def _key_one(state: tuple[Site, Mapping[str, RenderedBody]], article: Article) -> str:
    site, bodies = state
    return article_key(article, bodies[article.slug], site)


def article_keys(articles, site: Site, bodies: Mapping[str, RenderedBody], jobs: int = 1) -> list[str]:
    """``article_key`` of each article, spread over ``jobs`` processes."""
    return parallel_map(_key_one, list(articles), jobs, (site, bodies))


def _display(article: Article, document: SearchDocument, site: Site) -> dict:
    return {
        "u": briefing_path(article.slug),
        "t": article.title,
        "d": article.date.isoformat(),
        "k": format_date(article.date),
        "c": [site.registries.cities.by_slug[s].name for s in article.cities],
        "m": document.meta,
        "n": document.names,
        "a": document.mentions,
        "b": document.body,
    }


def to_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)
