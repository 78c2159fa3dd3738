"""Index terms of a text; the query side in search.js asks for the same terms.

Hangul is indexed without morphology: syllable bigrams and trigrams over each run of Hangul
words with the spaces removed (so 실리콘밸리 은행 = 실리콘밸리은행, and 투자청 is found inside
대전투자청), plus word-start grams prefixed with ``^`` that let ranking put a match at the start
of a word above a match inside a longer one. Latin words are whole terms plus ``>`` prefixes;
digit runs are terms; numbers as Korean writes them add ``#value`` and ``#value+counter``.
"""

from __future__ import annotations

import re

from site_builder.search.normalize import numbers_in

# A run of Hangul words separated only by spaces: grams cross the spaces inside it.
_HANGUL_PHRASE = re.compile(r"[가-힣]+(?: +[가-힣]+)*")
_LATIN_WORD = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
LATIN_PREFIX_MIN, LATIN_PREFIX_MAX = 2, 12
VOCABULARY_MIN, VOCABULARY_MAX = 3, 10   # syllables of a word kept for spelling variants


def text_terms(text: str) -> dict[str, bool]:
    """Every term of normalized ``text`` -> True when each of its occurrences spans a space."""
    terms: dict[str, bool] = {}

    def add(term: str, spans_space: bool) -> None:
        terms[term] = terms.get(term, True) and spans_space

    for match in _HANGUL_PHRASE.finditer(text):
        phrase = match.group(0)
        joined = phrase.replace(" ", "")
        # gap[i]: a space stands between joined[i - 1] and joined[i]
        gap = [False] * len(joined)
        starts = [0]
        position = 0
        for index, char in enumerate(phrase):
            if char == " ":
                continue
            if index and phrase[index - 1] == " ":
                gap[position] = True
                starts.append(position)
            position += 1
        size = len(joined)
        for i in range(size - 1):
            add(joined[i:i + 2], gap[i + 1])
            if i + 2 < size:
                add(joined[i:i + 3], gap[i + 1] or gap[i + 2])
        for start in starts:
            add("^" + joined[start], False)
            if start + 1 < size:
                add("^" + joined[start:start + 2], gap[start + 1])
            if start + 2 < size:
                add("^" + joined[start:start + 3], gap[start + 1] or gap[start + 2])
    for match in _LATIN_WORD.finditer(text):
        word = match.group(0)
        add(word, False)
        for length in range(LATIN_PREFIX_MIN, min(len(word) - 1, LATIN_PREFIX_MAX) + 1):
            add(">" + word[:length], False)
    for match in _DIGITS.finditer(text):
        add(match.group(0), False)
    for value, counter in numbers_in(text):
        add("#" + value, False)
        if counter:
            add("#" + value + counter, False)
    return terms


def vocabulary_words(text: str) -> set[str]:
    """Hangul words (whitespace-separated runs) for spelling-variant and prefix lookups."""
    return {word[:VOCABULARY_MAX] for word in re.findall(r"[가-힣]+", text) if len(word) >= VOCABULARY_MIN}
