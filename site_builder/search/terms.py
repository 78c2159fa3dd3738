"""Index terms of a text; the query side in search.js asks for the same terms.

Hangul is indexed without morphology: syllable bigrams and trigrams over each run of Hangul
words with the spaces removed (so 실리콘밸리 은행 = 실리콘밸리은행, and 투자청 is found inside
대전투자청), plus word-start grams prefixed with ``^`` that let ranking put a match at the start
of a word above a match inside a longer one. Latin words are whole terms plus ``>`` prefixes;
digit runs are terms; numbers as Korean writes them add ``#value`` and ``#value+counter``.

Terms of other kinds, each marked by its first character:

- ``~`` + the loose form (``normalize.loose``) of each start of a Hangul word of 3 or more syllables,
  so 라스베가스 finds 라스베이거스에서;
- ``@`` + ``normalize.name_form`` of each name and alias of a registry entry the briefing lists (names field)
  or mentions in its body (body field), so "Las Vegas" finds a briefing that only writes 라스베이거스;
- ``!`` + a registered name that occurs in the briefing only inside a longer registered name of another
  entry (``site_builder.search.names``).

This docstring, ``site_builder.search.index`` (files) and ``postings`` (encoding) are the index format.
"""

from __future__ import annotations

import re
from functools import lru_cache

from site_builder.search.normalize import LOOSE_MIN, loose, numbers_in

LOOSE, ALIAS, ONLY_INSIDE = "~", "@", "!"
MARKED = (LOOSE, ALIAS, ONLY_INSIDE)

# A run of Hangul words separated only by spaces: grams cross the spaces inside it.
_HANGUL_PHRASE = re.compile(r"[가-힣]+(?: +[가-힣]+)*")
_LATIN_WORD = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
LATIN_PREFIX_MIN, LATIN_PREFIX_MAX = 2, 12
VOCABULARY_MIN, VOCABULARY_MAX = 3, 10   # syllables of a word kept for spelling variants


@lru_cache(maxsize=1 << 16)
def _word_terms(word: str) -> dict[str, bool]:
    """The terms inside one Hangul word: its 2- and 3-grams and its starts (cached: words repeat; callers
    only read the dict)."""
    length = len(word)
    terms = dict.fromkeys([word[i:i + 2] for i in range(length - 1)], False)
    terms.update(dict.fromkeys([word[i:i + 3] for i in range(length - 2)], False))
    terms.update(dict.fromkeys(["^" + word[:n] for n in (1, 2, 3) if n <= length], False))
    return terms


def text_terms(text: str) -> dict[str, bool]:
    """Every term of normalized ``text`` -> True when each of its occurrences spans a space."""
    terms: dict[str, bool] = {}
    within = terms.update          # grams inside one word never span a space
    across = terms.setdefault      # grams across words: True unless also found inside a word
    for match in _HANGUL_PHRASE.finditer(text):
        words = match.group(0).split()
        joined = "".join(words)
        size = len(joined)
        for word in words:
            within(_word_terms(word))
        position = 0
        for word in words:
            for n in (2, 3):
                if len(word) < n <= size - position:
                    across("^" + joined[position:position + n], True)
            if position:
                across(joined[position - 1:position + 1], True)
                if position >= 2:
                    across(joined[position - 2:position + 1], True)
                if position + 2 <= size:
                    across(joined[position - 1:position + 2], True)
            position += len(word)
    for match in _LATIN_WORD.finditer(text):
        word = match.group(0)
        terms[word] = False
        within(dict.fromkeys([">" + word[:n] for n in range(LATIN_PREFIX_MIN, min(len(word) - 1, LATIN_PREFIX_MAX) + 1)],
                             False))
    within(dict.fromkeys(_DIGITS.findall(text), False))
    for value, counter in numbers_in(text):
        terms["#" + value] = False
        if counter:
            terms["#" + value + counter] = False
    return terms


def vocabulary_words(text: str) -> set[str]:
    """Hangul words (whitespace-separated runs) for spelling-variant and prefix lookups."""
    return {word[:VOCABULARY_MAX] for word in re.findall(r"[가-힣]+", text) if len(word) >= VOCABULARY_MIN}


def loose_terms(words: set[str]) -> list[str]:
    """``~`` + the loose form of every start of 3 syllables or more of each vocabulary word."""
    return list(dict.fromkeys(LOOSE + loose(word[:n]) for word in sorted(words)
                              for n in range(LOOSE_MIN, len(word) + 1)))
