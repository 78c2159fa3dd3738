"""The search index of a rebuild, made with work proportional to the edit.

Only new or changed briefings are normalized and split into terms; every other one comes back from the
build state as its numbered terms. A kept document is keyed by ``documents.document_key``, a digest of its
search document and display file (what indexing reads), so it is exactly what indexing it again would give.
That key is found without reading the body when the caller's key of the article and its body and the
registries are those of the last build; otherwise (a registry edit) the search document is made again,
which is cheap beside indexing, and only the briefings whose names, aliases, mentions or only-inside
names the edit changed are indexed again.

Then, when every briefing keeps its place in the index (document ids are positions, newest first: an edit
to a body, the front matter without the date, or the registry names a briefing shows), the last build's
files are *patched*: only the postings shards that hold a term of an edited document's old or new
version, the vocabulary shards of words that appeared or disappeared, that document's display file,
the document table and the manifest are written again; everything else stays as it is on disk. The
patched files are byte-identical to a clean build's (same shard counts, same encoding), which the
incremental tests check. When places shift (a briefing added, deleted or re-dated) or a shard count
would change, every document is inverted again from the kept numbered terms, as a clean build does.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Callable

from site_builder.markup import RenderedBody
from site_builder.model import Site, TermKind
from site_builder.relate import Relations
from site_builder.engine.fingerprint import file_digest
from site_builder.search.documents import article_keys, gzip_bytes, index_articles
from site_builder.search.index import (FORMAT, MANIFEST, Layout, decode_postings, decode_shard, decode_vocabulary,
                                       display_path, encode_postings, encode_shard, encode_vocabulary, index_files,
                                       rest_path,
                                       layout_of, manifest, number_document, postings_size, shard_key, shard_path,
                                       table_files, vocabulary_keys, vocabulary_path, vocabulary_size)
from site_builder.search.normalize import fnv1a
from site_builder.search.postings import NumberedDocument, TermTable, numbered, pack, unpack

# Part of every kept document's validity: change it when the packed documents or the index format change.
VERSION = f"{FORMAT}.4"
# Above this share of edited documents, inverting everything again is as quick as patching.
PATCH_SHARE = 0.05

# Documents indexed at once in a full build (each worker's share is returned, numbered and packed).
INDEX_BATCH = 1000

PreviousFile = Callable[[str], "bytes | None"]


@dataclass
class KeptDocuments:
    version: str
    strings: list[str]                          # the TermTable's terms and words, by number
    numbered_size: int                          # the table's size when it was last numbered afresh
    documents: dict[str, bytes]                 # document key -> packed NumberedDocument
    order: tuple[str, ...] = ()                 # document keys by document id in the files last written
    layout: Layout | None = None                # their shard counts and sizes
    word_counts: dict[str, int] = field(default_factory=dict)   # vocabulary word -> documents with it
    digests: dict[str, str] = field(default_factory=dict)       # every index file -> file_digest
    registry: str = ""                          # ``registry_digest`` of the last build's registries
    known: dict[str, str] = field(default_factory=dict)         # the caller's key -> document key, last build


@dataclass(frozen=True)
class SearchFiles:
    changed: dict[str, bytes]       # files to write (every file after a full build)
    digests: dict[str, str]         # every index file -> file_digest of its bytes


def build_search_files_kept(site: Site, bodies: Mapping[str, RenderedBody], relations: Relations, keys: dict[str, str],
                            kept: KeptDocuments | None, jobs: int = 1,
                            previous_file: PreviousFile = lambda path: None) -> tuple[SearchFiles, KeptDocuments]:
    """(the search index files, what to keep for the next build). ``keys``: slug -> the caller's digest of the
    article and its rendered body; ``bodies`` is read only for articles whose key the last build did not see
    with the same registries; ``previous_file(path)`` gives an index file the last build wrote (gzipped as
    written), or None when it is not at hand."""
    if kept is None or kept.version != VERSION:
        kept = KeptDocuments(VERSION, [], 0, {})
    registry = registry_digest(site)
    document_keys = _document_keys(site, bodies, keys, kept, registry, jobs)
    table = TermTable(kept.strings)
    missing = [article for article in site.articles if document_keys[article.slug] not in kept.documents]
    fresh = {}
    if len(missing) <= _patch_limit(len(site.articles)):
        fresh = dict(zip((article.slug for article in missing), index_articles(missing, site, bodies, jobs)))
        document_keys.update((slug, document.key) for slug, document in fresh.items())
        order = tuple(document_keys[article.slug] for article in site.articles)
        patched = _patch(site, relations, table, kept, order, fresh, previous_file)
        if patched is not None:
            return patched[0], _known(patched[1], registry, keys, document_keys)
    # Indexed a batch at a time and kept packed: the terms of every document are never in memory at once.
    made: dict[str, tuple[bytes, tuple[bytes, bytes]]] = {}
    for start in range(0, len(missing), INDEX_BATCH):
        batch = missing[start:start + INDEX_BATCH]
        indexed = [fresh[a.slug] for a in batch] if fresh else index_articles(batch, site, bodies, jobs)
        for article, document in zip(batch, indexed):
            made[article.slug] = (pack(number_document(document, table)), document.display)
            document_keys[article.slug] = document.key
    del fresh
    documents: list[NumberedDocument | bytes] = []
    displays: list[tuple[bytes, bytes]] = []
    entries: dict[str, bytes] = {}
    old_ids = {key: doc_id for doc_id, key in enumerate(kept.order)}
    for article in site.articles:
        key = document_keys[article.slug]
        packed = kept.documents.get(key)
        display = _previous_display(previous_file, kept, old_ids.get(key)) if packed is not None else None
        if packed is None or display is None:
            if article.slug not in made:  # kept, but its display file is not at hand
                document = index_articles([article], site, bodies)[0]
                made[article.slug] = (pack(number_document(document, table)), document.display)
            packed, display = made.pop(article.slug)
        documents.append(packed)  # unpacked while inverting
        displays.append(display)
        entries[key] = packed
    order = tuple(document_keys[article.slug] for article in site.articles)
    numbered_size = kept.numbered_size or len(table.strings)
    if len(table.strings) > 2 * numbered_size:
        # Terms of edited or deleted briefings pile up in the table: number the live ones afresh.
        table, documents = _renumber(table, [unpack(d) if isinstance(d, bytes) else d for d in documents])
        entries = {key: pack(document) for key, document in zip(entries, documents)}
        numbered_size = len(table.strings)
    files, layout, word_counts = index_files(site, relations, table, documents, displays, jobs)
    digests = {path: file_digest(data) for path, data in files.items()}
    made_kept = KeptDocuments(VERSION, table.strings, numbered_size, entries, order, layout, word_counts, digests)
    return SearchFiles(files, digests), _known(made_kept, registry, keys, document_keys)


def _document_keys(site: Site, bodies: Mapping[str, RenderedBody], keys: dict[str, str], kept: KeptDocuments,
                   registry: str, jobs: int) -> dict[str, str | None]:
    """slug -> document key, where it can be had without indexing: the last build's, when the caller's key
    and the registries are the same; else made from the search document, when there are kept documents it may
    be among (a registry edit: only the briefings whose search document changed are indexed again)."""
    known = kept.known if kept.registry == registry else {}
    document_keys = {article.slug: known.get(keys[article.slug]) for article in site.articles}
    unknown = [article for article in site.articles if document_keys[article.slug] is None]
    if unknown and kept.documents:
        document_keys.update(zip((article.slug for article in unknown), article_keys(unknown, site, bodies, jobs)))
    return document_keys


def _known(kept: KeptDocuments, registry: str, keys: dict[str, str], document_keys: dict[str, str | None]
           ) -> KeptDocuments:
    kept.registry = registry
    kept.known = {keys[slug]: key for slug, key in document_keys.items() if key is not None}
    return kept


def _patch_limit(documents: int) -> int:
    return max(1, int(PATCH_SHARE * documents))


def _previous_display(previous_file: PreviousFile, kept: KeptDocuments, doc_id: int | None
                      ) -> tuple[bytes, bytes] | None:
    """A kept document's display files as the last build wrote them (its id may have moved since)."""
    if doc_id is None:
        return None
    found = []
    for path in (display_path(doc_id), rest_path(doc_id)):
        if path not in kept.digests and path == rest_path(doc_id):
            found.append(b"")  # its body fits in the display file
            continue
        data = previous_file(path)
        if data is None or file_digest(data) != kept.digests.get(path):
            return None
        found.append(data)
    return found[0], found[1]


def _patch(site: Site, relations: Relations, table: TermTable, kept: KeptDocuments, order: tuple[str, ...],
           fresh: dict, previous_file: PreviousFile) -> tuple[SearchFiles, KeptDocuments] | None:
    """The last build's files with the edited documents changed in place; None when that is not possible."""
    if kept.layout is None or len(order) != len(kept.order) or not order:
        return None
    last_manifest = previous_file(MANIFEST)  # the last build's files are at hand (unchanged ones stay as they are)
    if last_manifest is None or file_digest(last_manifest) != kept.digests.get(MANIFEST):
        return None
    edited = [doc_id for doc_id, (key, before) in enumerate(zip(order, kept.order)) if key != before]
    if len(edited) > _patch_limit(len(order)) or any(kept.order[i] not in kept.documents for i in edited):
        return None
    # term -> {document id: new flags, or None when the document no longer has the term}
    changes: dict[str, dict[int, int | None]] = {}
    word_changes: dict[str, int] = {}
    entries = dict(kept.documents)
    strings = table.strings
    if any(site.articles[doc_id].slug not in fresh for doc_id in edited):
        return None
    for doc_id in edited:
        old = unpack(kept.documents[kept.order[doc_id]])
        indexed = fresh[site.articles[doc_id].slug]
        new = number_document(indexed, table)
        entries.pop(kept.order[doc_id], None)
        entries[order[doc_id]] = pack(new)
        before = dict(zip(old.terms, old.flags))
        after = dict(zip(new.terms, new.flags))
        # Only terms the document gained, lost or holds in other fields change their postings.
        for number in before.keys() - after.keys():
            changes.setdefault(strings[number], {})[doc_id] = None
        for number, flags in after.items():
            if before.get(number) != flags:
                changes.setdefault(strings[number], {})[doc_id] = flags
        for number in old.words:
            word_changes[strings[number]] = word_changes.get(strings[number], 0) - 1
        for number in new.words:
            word_changes[strings[number]] = word_changes.get(strings[number], 0) + 1
    layout = kept.layout
    files: dict[str, bytes] = {}
    postings_total = layout.postings_size
    by_shard: dict[int, list[str]] = {}
    for term in changes:
        by_shard.setdefault(fnv1a(shard_key(term)) & (layout.shards - 1), []).append(term)
    for number, terms in by_shard.items():
        shard = _previous_raw(previous_file, kept, shard_path(number))
        if shard is None:
            return None
        postings = decode_shard(shard)
        for term in terms:
            before = postings.get(term)
            documents = decode_postings(before[0]) if before else {}
            for doc_id, flags in changes[term].items():
                if flags is None:
                    documents.pop(doc_id, None)
                else:
                    documents[doc_id] = flags
            if before:
                postings_total -= postings_size(term, before[0])
            if documents:
                encoded = encode_postings(documents)
                postings[term] = (encoded, len(documents))
                postings_total += postings_size(term, encoded)
            else:
                postings.pop(term, None)
        files[shard_path(number)] = encode_shard(sorted(postings), postings)
    word_counts = dict(kept.word_counts)
    vocabulary_total = layout.vocabulary_size
    appeared, gone = set(), set()
    for word, change in word_changes.items():
        before = word_counts.get(word, 0)
        after = before + change
        if after:
            word_counts[word] = after
        else:
            word_counts.pop(word, None)
        if before and not after:
            gone.add(word)
            vocabulary_total -= vocabulary_size(word)
        elif after and not before:
            appeared.add(word)
            vocabulary_total += vocabulary_size(word)
    new_layout = layout_of(postings_total, vocabulary_total)
    if (new_layout.shards, new_layout.vocabulary) != (layout.shards, layout.vocabulary):
        return None  # the shards are cut anew: every term moves
    vocabulary_shards: dict[int, tuple[set, set]] = {}
    for words, side in ((appeared, 0), (gone, 1)):
        for word in words:
            for key in vocabulary_keys(word):
                vocabulary_shards.setdefault(fnv1a(key) & (layout.vocabulary - 1), (set(), set()))[side].add(word)
    for number, (added, removed) in vocabulary_shards.items():
        data = _previous_raw(previous_file, kept, vocabulary_path(number))
        if data is None:
            return None
        files[vocabulary_path(number)] = encode_vocabulary((decode_vocabulary(data) - removed) | added)
    files.update(table_files(site, relations))
    files = {path: gzip_bytes(data) for path, data in files.items()}
    digests = dict(kept.digests)
    for doc_id in edited:
        files[display_path(doc_id)], rest = fresh[site.articles[doc_id].slug].display
        if rest:
            files[rest_path(doc_id)] = rest
        else:
            digests.pop(rest_path(doc_id), None)  # its body fits in the display file now
    digests.update((path, file_digest(data)) for path, data in files.items())
    files[MANIFEST] = manifest(len(order), new_layout, digests)
    digests[MANIFEST] = file_digest(files[MANIFEST])
    changed = {path: data for path, data in files.items() if kept.digests.get(path) != digests[path]}
    return SearchFiles(changed, digests), KeptDocuments(kept.version, table.strings, kept.numbered_size, entries, order,
                                                        new_layout, word_counts, digests)


def _previous_raw(previous_file: PreviousFile, kept: KeptDocuments, path: str) -> bytes | None:
    data = previous_file(path)
    if data is None or file_digest(data) != kept.digests.get(path):
        return None
    return gzip.decompress(data)


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
