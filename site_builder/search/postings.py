"""Documents' terms as numbers, and the inversion of documents -> terms into term -> postings.

A TermTable numbers every term and vocabulary word once; a document is then two
arrays of numbers and a flags string. Numbers instead of strings make the whole-index step cheap
(each term's postings appended without a Python-level loop per posting) and make a document small
enough to keep between builds (``pack``: number gaps, zlib-compressed).
"""

from __future__ import annotations

import zlib
from array import array
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import and_, or_, sub

from site_builder.engine.parallel import parallel_map

FLAG_BITS = 4
_NUMBER = "I"          # unsigned 32-bit on every platform CPython runs on
_PACK_LEVEL = 6


class TermTable:
    """term or word <-> number; numbers never change once given, so kept documents stay valid."""

    def __init__(self, strings: list[str] | None = None):
        self.strings: list[str] = strings if strings is not None else []
        self._numbers = dict(zip(self.strings, range(len(self.strings))))

    def numbers(self, strings: list[str]) -> list[int]:
        found = list(map(self._numbers.get, strings))
        if None in found:
            new = dict.fromkeys(string for string, number in zip(strings, found) if number is None)
            self._numbers.update(zip(new, range(len(self.strings), len(self.strings) + len(new))))
            self.strings += new
            found = list(map(self._numbers.__getitem__, strings))
        return found


@dataclass(frozen=True)
class NumberedDocument:
    terms: array    # term numbers
    flags: bytes    # field flags of each term in ``terms``
    words: array    # vocabulary word numbers


def numbered(terms: list[str], flags: bytes, words: list[str], table: TermTable) -> NumberedDocument:
    return NumberedDocument(array(_NUMBER, table.numbers(terms)), flags, array(_NUMBER, table.numbers(words)))


def pack(document: NumberedDocument) -> bytes:
    """Compact bytes of a document: term count, gaps between its ascending term numbers, flags, word gaps."""
    order = sorted(range(len(document.terms)), key=document.terms.__getitem__)
    terms = array(_NUMBER, map(document.terms.__getitem__, order))
    parts = array(_NUMBER, [len(terms)])
    parts.extend(_gaps(terms))
    flags = bytes(map(document.flags.__getitem__, order))
    data = parts.tobytes() + flags + _gaps(array(_NUMBER, sorted(document.words))).tobytes()
    return zlib.compress(data, _PACK_LEVEL)


def unpack(data: bytes) -> NumberedDocument:
    data = zlib.decompress(data)
    size = array(_NUMBER).itemsize
    count = array(_NUMBER, data[:size])[0]
    terms_end = size * (1 + count)
    terms = array(_NUMBER, accumulate(array(_NUMBER, data[size:terms_end])))
    flags = data[terms_end:terms_end + count]
    words = array(_NUMBER, accumulate(array(_NUMBER, data[terms_end + count:])))
    return NumberedDocument(terms, flags, words)


def _gaps(numbers: array) -> array:
    if not numbers:
        return array(_NUMBER)
    return array(_NUMBER, [numbers[0], *map(sub, numbers[1:], numbers)])


# Below this many documents a second process costs more than it saves.
MIN_PARALLEL_DOCUMENTS = 400

def invert(documents: list[NumberedDocument | bytes], table: TermTable, jobs: int = 1
           ) -> tuple[dict[str, tuple[bytes, int]], dict[str, int]]:
    """term -> (encoded postings, document count); and vocabulary word -> how many documents have it
    (so an edit can tell when a word's last document is gone). A document may be ``pack``ed
    (it is unpacked where it is inverted, so in parallel too).

    With ``jobs`` > 1 each forked process inverts one run of documents; runs are joined per term by
    re-encoding only the first gap of the later run.
    """
    runs = jobs if jobs > 1 and len(documents) >= MIN_PARALLEL_DOCUMENTS else 1
    bounds = [(len(documents) * n // runs, len(documents) * (n + 1) // runs) for n in range(runs)]
    parts = parallel_map(_invert_run, bounds, runs, (documents, len(table.strings)), min_items=2, chunk=1)
    joined, words = parts[0]
    for later, later_words in parts[1:]:
        words.update(later_words)
        for number, entry in later.items():
            earlier = joined.get(number)
            if earlier is None:
                joined[number] = entry
                continue
            encoded, count, last = earlier
            later_encoded, later_count, later_last = entry
            first, position = read_varint(later_encoded)
            joined[number] = (encoded + _VARINTS[first - ((last + 1) << FLAG_BITS)] + later_encoded[position:],
                              count + later_count, later_last)
    strings = table.strings
    postings = {strings[number]: (encoded, count) for number, (encoded, count, _) in joined.items()}
    return postings, {strings[number]: count for number, count in words.items()}


# Documents whose postings are held as Python ints at once; each run's postings are otherwise kept as varint
# bytes (about 1.5 bytes a posting instead of 36), which bounds a worker's memory by the index it makes.
INVERT_CHUNK = 1000


def _invert_run(state: tuple[list[NumberedDocument | bytes], int], bounds: tuple[int, int]
                ) -> tuple[dict[int, tuple[bytes, int, int]], Counter]:
    """term number -> (encoded postings, count, last document) of documents ``range(*bounds)``; word number ->
    documents.

    Documents are inverted ``INVERT_CHUNK`` at a time: a posting is first ``doc_id << FLAG_BITS | flags`` in
    its term's list for the chunk; a term's gaps then come from subtracting its previous document's
    ``doc_id << FLAG_BITS`` from each value, and are appended to the term's bytes.
    """
    documents, size = state
    encoded: dict[int, bytes | bytearray] = {}
    counts = array("I", bytes(4 * size))
    lasts = array("q", [-1]) * size
    words: Counter = Counter()
    mask = ~((1 << FLAG_BITS) - 1)
    for start in range(bounds[0], bounds[1], INVERT_CHUNK):
        lists: defaultdict[int, list[int]] = defaultdict(list)
        of_term = lists.__getitem__
        for doc_id in range(start, min(start + INVERT_CHUNK, bounds[1])):
            document = documents[doc_id]
            if isinstance(document, bytes):
                document = unpack(document)
            deque(map(list.append, map(of_term, document.terms),
                      map(or_, repeat(doc_id << FLAG_BITS), document.flags)), maxlen=0)
            words.update(document.words)
        for number, values in lists.items():
            first = lasts[number] << FLAG_BITS
            if len(values) == 1:
                gaps = [values[0] - first]
            else:
                previous = [first]
                previous += map(and_, values, repeat(mask, len(values) - 1))
                gaps = list(map(sub, values, previous))
            part = _varints(gaps)
            before = encoded.get(number)
            if before is None:
                encoded[number] = part
            elif type(before) is bytes:
                encoded[number] = bytearray(before) + part   # appended to again: grows in place from now on
            else:
                before += part
            counts[number] += len(values)
            lasts[number] = values[-1] >> FLAG_BITS
        del lists, of_term
    postings = {}
    for number in list(encoded):
        postings[number] = (bytes(encoded.pop(number)), counts[number], lasts[number])
    return postings, words


def read_varint(data: bytes, position: int = 0) -> tuple[int, int]:
    """(value, position after it) of the varint at ``position`` of ``data``."""
    value = shift = 0
    while True:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, position



class _Varints(dict):
    """value -> its varint bytes, made on first use: a term's postings are then one C-level join."""

    def __missing__(self, value: int) -> bytes:
        out = bytearray()
        varint(out, value)
        self[value] = encoded = bytes(out)
        return encoded


_VARINTS = _Varints()


def _varints(values: list[int]) -> bytes:
    if max(values) < 0x80:
        return bytes(values)
    return b"".join(map(_VARINTS.__getitem__, values))


def varint(out: bytearray, value: int) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
