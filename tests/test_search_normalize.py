"""Search normalization and index terms (Python side); the same golden cases run in Chromium."""

from __future__ import annotations

import json

import pytest

from site_builder.korean import parse_korean_number
from site_builder.search.index import vocabulary_keys
from site_builder.search.normalize import (fnv1a, initials, is_initials, normalize, numbers_in, parse_number_word,
                                           strip_particle)
from site_builder.search.terms import text_terms, vocabulary_words
from tests.support import FIXTURES

GOLDEN = json.loads((FIXTURES / "search" / "golden.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, expected", GOLDEN["normalize"])
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("text, expected", GOLDEN["parse_korean_number"])
def test_parse_korean_number(text, expected):
    assert parse_korean_number(text) == expected


@pytest.mark.parametrize("word, expected", GOLDEN["parse_number_word"])
def test_parse_number_word(word, expected):
    result = parse_number_word(word)
    assert (list(result) if result else None) == expected


@pytest.mark.parametrize("text, expected", GOLDEN["numbers_in"])
def test_numbers_in(text, expected):
    assert [list(found) for found in numbers_in(text)] == expected


@pytest.mark.parametrize("text, expected", GOLDEN["initials"])
def test_initials(text, expected):
    assert initials(text) == expected


@pytest.mark.parametrize("text, expected", GOLDEN["is_initials"])
def test_is_initials(text, expected):
    assert is_initials(text) is expected


@pytest.mark.parametrize("word, expected", GOLDEN["strip_particle"])
def test_strip_particle(word, expected):
    assert strip_particle(word) == expected


@pytest.mark.parametrize("text, expected", GOLDEN["fnv1a"])
def test_fnv1a(text, expected):
    assert fnv1a(text) == expected


@pytest.mark.parametrize("word, expected", GOLDEN["vocabulary_keys"])
def test_vocabulary_keys(word, expected):
    assert list(vocabulary_keys(word)) == expected


def test_hangul_grams_cross_spaces_and_mark_word_starts():
    terms = text_terms(normalize("실리콘밸리 은행을 대전투자청"))
    # bigrams and trigrams over the joined phrase; those spanning a space say so
    assert terms["실리"] is False and terms["리은"] is True and terms["밸리은"] is True
    assert terms["투자청"] is False and terms["전투자"] is False
    # word starts: the first one, two and three syllables of each space-separated word
    assert {"^실", "^실리", "^실리콘", "^은", "^은행", "^은행을", "^대", "^대전", "^대전투"} <= set(terms)
    assert "^투자청" not in terms and "^리은" not in terms
    # no lone syllables except at word starts
    assert "투" not in terms and "^투" not in terms


def test_latin_digits_and_numbers():
    terms = text_terms(normalize("Stanford와 SVB, 845억 원과 3,500여 명 (CES 2024)"))
    assert {"stanford", "svb", "ces", ">st", ">stanfor", ">sv"} <= set(terms)
    assert ">stanford" not in terms and ">s" not in terms
    assert {"845", "3500", "2024", "#84500000000", "#84500000000원", "#3500", "#3500명", "#2024"} <= set(terms)
    assert "#845" not in terms  # 845억 is one number, not 845


def test_vocabulary_words_keep_hangul_words_of_three_syllables_or_more():
    words = vocabulary_words(normalize("샌디에이고시는 대전 실리콘밸리은행과 협력했다"))
    assert words == {"샌디에이고시는", "실리콘밸리은행과", "협력했다"}
