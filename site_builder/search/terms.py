"""Index terms of a text; the query side in search.js asks for the same terms.

Hangul is indexed without morphology: syllable bigrams and trigrams over each run of Hangul
words with the spaces removed (so 실리콘밸리 은행 = 실리콘밸리은행, and 투자청 is found inside
대전투자청), plus word-start grams prefixed with ``^`` that let ranking put a match at the start
of a word above a match inside a longer one. Latin words are whole terms plus ``>`` prefixes;
digit runs are terms; numbers as Korean writes them add ``#value`` and ``#value+counter``.
"""

from __future__ import annotations

import re
from operator import itemgetter

from site_builder.search.normalize import numbers_in

_LATIN_WORD = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
LATIN_PREFIX_MIN, LATIN_PREFIX_MAX = 2, 12
VOCABULARY_MIN, VOCABULARY_MAX = 3, 10   # syllables of a word kept for spelling variants


# Overlapping matches (lookaheads) over the whole text: a gram inside one word never spans a space,
# one across words does unless it also occurs inside a word somewhere in the text.
_H = "[가-힣]"
_WORD_BIGRAMS = re.compile(f"(?=({_H}{{2}}))")
_WORD_TRIGRAMS = re.compile(f"(?=({_H}{{3}}))")
_WORD_HEADS = re.compile(f"(?<!{_H}){_H}{{1,3}}")
_ACROSS_BIGRAMS = re.compile(f"(?=({_H}) +({_H}))")
_ACROSS_TRIGRAMS = re.compile(f"(?=({_H}) +({_H}) *({_H})|({_H})({_H}) +({_H}))")
# Word-start grams longer than their word: 대 전시 -> ^대전, ^대전시; 대전 시청 -> ^대전시.
_ACROSS_HEADS = re.compile(f"(?<!{_H})(?=({_H}) +({_H})(?: *({_H}))?|({_H})({_H}) +({_H}))")
_HEAD_TWO = slice(None, 2)


def text_terms(text: str) -> dict[str, bool]:
    """Every term of normalized ``text`` -> True when each of its occurrences spans a space."""
    within: set[str] = set(_WORD_BIGRAMS.findall(text))
    within.update(_WORD_TRIGRAMS.findall(text))
    heads = _WORD_HEADS.findall(text)
    within.update(map("^".__add__, heads))
    within.update(map("^".__add__, map(itemgetter(_HEAD_TWO), heads)))
    within.update(map("^".__add__, map(itemgetter(0), heads)))
    across: set[str] = set(map("".join, _ACROSS_BIGRAMS.findall(text)))
    across.update(map("".join, _ACROSS_TRIGRAMS.findall(text)))
    for one, two, three, first, second, third in _ACROSS_HEADS.findall(text):
        if one:
            across.add("^" + one + two)
            if three:
                across.add("^" + one + two + three)
        else:
            across.add("^" + first + second + third)
    for match in _LATIN_WORD.finditer(text):
        word = match.group(0)
        within.add(word)
        within.update([">" + word[:n] for n in range(LATIN_PREFIX_MIN, min(len(word) - 1, LATIN_PREFIX_MAX) + 1)])
    within.update(_DIGITS.findall(text))
    for value, counter in numbers_in(text):
        within.add("#" + value)
        if counter:
            within.add("#" + value + counter)
    terms = dict.fromkeys(across - within, True)
    terms.update(dict.fromkeys(within, False))
    return terms


def vocabulary_words(text: str) -> set[str]:
    """Hangul words (whitespace-separated runs) for spelling-variant and prefix lookups."""
    return {word[:VOCABULARY_MAX] for word in re.findall(r"[가-힣]+", text) if len(word) >= VOCABULARY_MIN}
