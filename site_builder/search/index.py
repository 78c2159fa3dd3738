"""Build the search index files from the pipeline's outputs (the Site, rendered body text, relations).

This docstring is the one description of the index format (the build writes it, ``static/search.js``
reads it; change both and this together). Files, all under ``search/data/`` and all but the manifest
gzip-compressed (level 9, mtime 0: the browser decompresses them, so transfer size does not depend on
the host's compression):

- ``manifest.json``  {"format", "version", "documents", "shards", "vocabulary"}; ``version`` is the first 16
                     hex digits of SHA-256 over every other index file's path and BLAKE2b-128 digest (sorted
                     by path), so browsers re-fetch (``?v=``) exactly when a file changed;
- ``facets.bin``     JSON: city, partner and destination terms (slug, name, aliases) for facets and 초성 queries;
- ``docs.bin``       binary table: document count, then per document (newest first) its day number (the first
                     absolute, then the decrease from the previous one) and, per facet, the count of its
                     facet term numbers and each one's ascending gap (number - previous - 1, previous
                     starting at -1); all varints;
- ``s/N.bin``        postings shards, N = FNV-1a of ``shard_key(term)`` & (shards - 1): varint term count, then
                     per term (sorted): UTF-8 length, the term, document count, byte length of its postings,
                     and the postings: per document in id order the varint ``(id - previous id) << 4 | flags``
                     (previous id starts at -1; flags TITLE 1, NAMES 2, BODY 4, SPANS_SPACE 8)
                     (the kinds of terms are listed in ``site_builder.search.terms``);
- ``v/N.bin``        vocabulary shards for spelling variants, keyed by a word's first three initials or vowels:
                     the words, sorted, one per line;
- ``d/ID.bin``       JSON per document: link ``u``, title ``t``, date ``d`` and in Korean ``k``, cities ``c``, and
                     the text snippets are cut from (in this order of preference): body ``b``, meta ``m``,
                     names ``n``, mentions ``a``. A body longer than ``documents.DISPLAY_HEAD`` characters is
                     cut there, the file is marked ``"r": 1`` and leaves ``a`` out;
- ``r/ID.bin``       for such a document, JSON {"b": the rest of its body, "a": its mentions}: fetched only when
                     no snippet fits in the first part of the body.

A document's id is its position in the site's briefings, newest first. Shard counts are powers of two
chosen from the total size (``layout_of``), so that one edit changes only the shards its terms fall in:
``search.memo`` rewrites those in place after an edit (byte-identical to a clean build).

What a query fetches (the bytes a cold search costs): the manifest, the shards of its terms, the vocabulary
shards of words that look for spelling variants (a word of three syllables only when it is not found as
typed), the display files of the first page of results and the ``r/`` files of those whose snippet lies
further in; ``facets.bin`` and ``docs.bin`` (the document table grows with the archive) only for facet
filters, 초성 words, browsing without a query, or when the reader asks for the facet counts.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from site_builder.markup import RenderedBody
from site_builder.model import Site, TermKind
from site_builder.engine.fingerprint import file_digest
from site_builder.engine.parallel import parallel_map
from site_builder.relate import Relations
from site_builder.search.documents import IndexedDocument, gzip_bytes, index_articles, to_json
from site_builder.search.normalize import fnv1a, initials, jamo
from site_builder.search.postings import FLAG_BITS, NumberedDocument, TermTable, invert, numbered, read_varint, varint
from site_builder.search.terms import MARKED

DATA_DIR = "search/data/"
FORMAT = 2
# Aim for shards of about this many bytes before compression (one or two KB after): a query fetches a few.
SHARD_TARGET = 4_000
VOCABULARY_TARGET = 12_000
MAX_SHARDS = 1 << 16
FACET_KINDS = {"city": TermKind.CITY, "partner": TermKind.PARTNER, "destination": TermKind.PLACE}
_EPOCH = date(1970, 1, 1)


def build_search_files(site: Site, bodies: dict[str, RenderedBody], relations: Relations,
                       jobs: int = 1) -> dict[str, bytes]:
    """Every search index file, keyed by its site path."""
    table = TermTable()
    indexed = index_articles(site.articles, site, bodies, jobs)
    documents = [number_document(document, table) for document in indexed]
    return index_files(site, relations, table, documents, [document.display for document in indexed], jobs)[0]


def number_document(document: IndexedDocument, table: TermTable) -> NumberedDocument:
    return numbered(document.terms.split("\n") if document.terms else [], document.flags,
                    document.words.split("\n") if document.words else [], table)


@dataclass(frozen=True)
class Layout:
    """How the postings and vocabulary are cut into shards, and the sizes that chose it: an edit that keeps
    the shard counts can rewrite the shards its terms fall in and leave every other file as it is."""
    shards: int
    vocabulary: int
    postings_size: int          # ``postings_size`` of every term: picks ``shards``
    vocabulary_size: int        # ``vocabulary_size`` of every word: picks ``vocabulary``


def postings_size(term: str, encoded: bytes) -> int:
    return len(encoded) + len(term) * 3 + 4


def vocabulary_size(word: str) -> int:
    return (len(word) * 3 + 1) * 2


def layout_of(postings_total: int, vocabulary_total: int) -> Layout:
    return Layout(_shard_count(postings_total, SHARD_TARGET), _shard_count(vocabulary_total, VOCABULARY_TARGET),
                  postings_total, vocabulary_total)


def index_files(site: Site, relations: Relations, table: TermTable, documents: list[NumberedDocument | bytes],
                displays: list[tuple[bytes, bytes]], jobs: int = 1
                ) -> tuple[dict[str, bytes], Layout, dict[str, int]]:
    """(the index files of ``site.articles`` given each one's numbered terms and display files, their layout,
    vocabulary word -> number of documents that have it)."""
    postings, vocabulary = invert(documents, table, jobs)
    layout = layout_of(sum(postings_size(t, p) for t, (p, _) in postings.items()),
                       sum(map(vocabulary_size, vocabulary)))
    raw: dict[str, bytes] = {}
    for number, terms in enumerate(_split(postings, layout.shards)):
        raw[shard_path(number)] = encode_shard(terms, postings)
    for number, words in enumerate(_split_vocabulary(vocabulary, layout.vocabulary)):
        raw[vocabulary_path(number)] = encode_vocabulary(words)
    raw.update(table_files(site, relations))
    files = dict(zip(raw, parallel_map(_gzip_one, list(raw.values()), jobs)))
    for number, (head, rest) in enumerate(displays):
        files[display_path(number)] = head
        if rest:
            files[rest_path(number)] = rest
    files[MANIFEST] = manifest(len(documents), layout, {path: file_digest(data) for path, data in files.items()})
    return files, layout, vocabulary


MANIFEST = f"{DATA_DIR}manifest.json"


def shard_path(number: int) -> str:
    return f"{DATA_DIR}s/{number}.bin"


def vocabulary_path(number: int) -> str:
    return f"{DATA_DIR}v/{number}.bin"


def display_path(number: int) -> str:
    return f"{DATA_DIR}d/{number}.bin"


def rest_path(number: int) -> str:
    return f"{DATA_DIR}r/{number}.bin"


def table_files(site: Site, relations: Relations) -> dict[str, bytes]:
    """facets.bin and docs.bin, uncompressed: made whole each build (a few bytes per document)."""
    facets, table_bytes = _facets(site, relations)
    return {f"{DATA_DIR}facets.bin": to_json(facets), f"{DATA_DIR}docs.bin": table_bytes}


def manifest(documents: int, layout: Layout, digests: dict[str, str]) -> bytes:
    """``digests``: every other index file -> ``file_digest`` of its bytes (the version browsers cache by)."""
    version = hashlib.sha256()
    for path in sorted(digests):
        if path != MANIFEST:
            version.update(path.encode() + b"\0" + digests[path].encode() + b"\n")
    return to_json({"format": FORMAT, "version": version.hexdigest()[:16], "documents": documents,
                  "shards": layout.shards, "vocabulary": layout.vocabulary})


_varint = varint


def _shard_count(total_bytes: int, target: int) -> int:
    count = 1
    while count * target < total_bytes and count < MAX_SHARDS:
        count *= 2
    return count


def shard_key(term: str) -> str:
    """What picks a term's shard: the term, but for ``@ ! ~`` terms the first three characters after the mark,
    so that a query word's name, only-inside and loose terms mostly share the shard of its first trigram."""
    return term[1:4] if term[:1] in MARKED else term


def _split(postings: dict, shards: int) -> list[list[str]]:
    buckets: list[list[str]] = [[] for _ in range(shards)]
    for term in postings:
        buckets[fnv1a(shard_key(term)) & (shards - 1)].append(term)
    return [sorted(bucket) for bucket in buckets]


def encode_shard(terms: list[str], postings: dict) -> bytes:
    """``terms`` (sorted) with their (encoded postings, document count)."""
    out = bytearray()
    _varint(out, len(terms))
    for term in terms:
        encoded, count = postings[term]
        name = term.encode("utf-8")
        _varint(out, len(name))
        out += name
        _varint(out, count)
        _varint(out, len(encoded))
        out += encoded
    return bytes(out)


def decode_shard(data: bytes) -> dict[str, tuple[bytes, int]]:
    """term -> (encoded postings, document count): the inverse of ``encode_shard``."""
    terms: dict[str, tuple[bytes, int]] = {}
    count, position = read_varint(data, 0)
    for _ in range(count):
        length, position = read_varint(data, position)
        term = data[position:position + length].decode("utf-8")
        documents, position = read_varint(data, position + length)
        size, position = read_varint(data, position)
        terms[term] = (data[position:position + size], documents)
        position += size
    return terms


def decode_postings(encoded: bytes) -> dict[int, int]:
    """document id -> field flags, from a term's encoded postings."""
    result: dict[int, int] = {}
    doc_id, position = -1, 0
    while position < len(encoded):
        value, position = read_varint(encoded, position)
        doc_id += value >> FLAG_BITS
        result[doc_id] = value & ((1 << FLAG_BITS) - 1)
    return result


def encode_postings(postings: dict[int, int]) -> bytes:
    """The inverse of ``decode_postings``: gaps of ``doc_id << FLAG_BITS | flags`` in document order."""
    out = bytearray()
    previous = -1
    for doc_id in sorted(postings):
        _varint(out, ((doc_id - previous) << FLAG_BITS) | postings[doc_id])
        previous = doc_id
    return bytes(out)


def encode_vocabulary(words) -> bytes:
    return "\n".join(sorted(words)).encode("utf-8")


def decode_vocabulary(data: bytes) -> set[str]:
    return set(data.decode("utf-8").split("\n")) if data else set()


def vocabulary_keys(word: str) -> tuple[str, str]:
    """A word is filed under its first three initials and its first three vowels: one jamo
    changed among the first three syllables leaves at least one of the two keys intact."""
    head = word[:3]
    return "c" + initials(head), "v" + "".join(jamo(s)[1] for s in head)


def _split_vocabulary(vocabulary: set[str], shards: int) -> list[set[str]]:
    buckets: list[set[str]] = [set() for _ in range(shards)]
    for word in vocabulary:
        for key in vocabulary_keys(word):
            buckets[fnv1a(key) & (shards - 1)].add(word)
    return buckets


def _facets(site: Site, relations: Relations) -> tuple[dict, bytes]:
    """Facet terms in registry order, and the binary document table that refers to them."""
    index = {a.slug: i for i, a in enumerate(site.articles)}
    members: dict[str, list[list[int]]] = {name: [[] for _ in site.articles] for name in FACET_KINDS}
    facets: dict[str, list] = {}
    for name, kind in FACET_KINDS.items():
        facets[name] = []
        for term in site.registries.of(kind).terms:
            slugs = relations.articles_of(kind, term.slug)
            if not slugs:
                continue
            for slug in slugs:
                members[name][index[slug]].append(len(facets[name]))
            facets[name].append([term.slug, term.name, list(term.aliases)])
    table = bytearray()
    _varint(table, len(site.articles))
    previous = None
    for i, article in enumerate(site.articles):
        days = (article.date - _EPOCH).days
        _varint(table, days if previous is None else previous - days)  # newest first: deltas are >= 0
        previous = days
        for name in FACET_KINDS:
            values = sorted(members[name][i])
            _varint(table, len(values))
            for value, before in zip(values, [-1] + values):
                _varint(table, value - before - 1)  # ascending: small gaps fit in one byte
    return facets, bytes(table)


def _gzip_one(_: None, data: bytes) -> bytes:
    return gzip_bytes(data)
