"""The search index of a rebuild from the documents the last build indexed: only new or changed
briefings are normalized and split into terms; every other one comes back from the build state.

A kept document is keyed by the caller's digest of everything its search document and display file
are made of (the article and its rendered body), so a kept document is exactly what indexing it
again would give.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from site_builder.markup import RenderedBody
from site_builder.model import Site, TermKind
from site_builder.relate import Relations
from site_builder.search.index import FORMAT, index_articles, index_files, number_document
from site_builder.search.postings import NumberedDocument, TermTable, numbered, pack, unpack

# Part of every kept document's validity: change it when index_document's output changes.
VERSION = f"{FORMAT}.1"


@dataclass
class KeptDocuments:
    version: str
    strings: list[str]                          # the TermTable's terms and words, by number
    numbered_size: int                          # the table's size when it was last numbered afresh
    documents: dict[str, tuple[bytes, bytes]]   # key -> (packed NumberedDocument, gzipped display file)
    compressed: dict[bytes, bytes]              # digest of an index file's bytes -> the file gzipped


def build_search_files_kept(site: Site, bodies: Mapping[str, RenderedBody], relations: Relations, keys: dict[str, str],
                            kept: KeptDocuments | None, jobs: int = 1) -> tuple[dict[str, bytes], KeptDocuments]:
    """(every search index file, what to keep for the next build). ``keys``: slug -> document key;
    ``bodies`` is read only for articles whose key is not among the kept documents."""
    # A document's names, aliases and only-inside terms come from the registries: a registry edit re-indexes.
    version = f"{VERSION}:{registry_digest(site)}"
    if kept is None or kept.version != version:
        kept = KeptDocuments(version, [], 0, {}, {})
    table = TermTable(kept.strings)
    missing = [article for article in site.articles if keys[article.slug] not in kept.documents]
    fresh = dict(zip((article.slug for article in missing), index_articles(missing, site, bodies, jobs)))
    documents: list[NumberedDocument | bytes] = []
    displays: list[bytes] = []
    entries: dict[str, tuple[bytes, bytes]] = {}
    for article in site.articles:
        key = keys[article.slug]
        entry = kept.documents.get(key)
        if entry is None:
            indexed = fresh[article.slug]
            document = number_document(indexed, table)
            entry = (pack(document), indexed.display)
        else:
            document = entry[0]  # unpacked while inverting
        documents.append(document)
        displays.append(entry[1])
        entries[key] = entry
    numbered_size = kept.numbered_size or len(table.strings)
    if len(table.strings) > 2 * numbered_size:
        # Terms of edited or deleted briefings pile up in the table: number the live ones afresh.
        table, documents = _renumber(table, [unpack(d) if isinstance(d, bytes) else d for d in documents])
        entries = {key: (pack(document), entry[1]) for (key, entry), document in zip(entries.items(), documents)}
        numbered_size = len(table.strings)
    compressed = dict(kept.compressed)
    files = index_files(site, relations, table, documents, displays, jobs, compressed)
    return files, KeptDocuments(version, table.strings, numbered_size, entries, compressed)


def _renumber(table: TermTable, documents: list[NumberedDocument]) -> tuple[TermTable, list[NumberedDocument]]:
    fresh = TermTable()
    strings = table.strings.__getitem__
    return fresh, [numbered(list(map(strings, document.terms)), document.flags, list(map(strings, document.words)),
                            fresh) for document in documents]


def registry_digest(site: Site) -> str:
    """Digest of the registry names, aliases and parents the search documents are made of."""
    digest = hashlib.blake2b(digest_size=8)
    for kind in TermKind:
        for term in site.registries.of(kind).terms:
            digest.update("\0".join((kind.value, term.slug, term.name, *term.aliases, "", term.parent or "")).encode())
            digest.update(b"\1")
    return digest.hexdigest()
