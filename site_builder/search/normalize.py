"""Search normalization, mirrored line for line by ``templates/static/search.js``.

Both sides are checked against the same golden cases (tests/fixtures/search/golden.json),
so a word is spelled the same way when it is indexed and when it is typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from site_builder.korean import parse_korean_number

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
JUNGSEONG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
JONGSEONG = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ", "ㅂ",
             "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")
# NFKC turns compatibility jamo (ㄷ) into conjoining jamo (U+1103); map them back so that
# an initial-consonant query stays readable and matches CHOSEONG.
_CONJOINING = {**{0x1100 + i: c for i, c in enumerate(CHOSEONG)},
               **{0x1161 + i: c for i, c in enumerate(JUNGSEONG)},
               **{0x11A8 + i: c for i, c in enumerate(JONGSEONG[1:])}}
_SPACES = "\t\n\r\f\v"
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")

# Particles (조사) and copula endings removed from the end of a query word when the word
# itself is not found; longest first.
PARTICLES = ("에서는", "으로는", "에서", "으로", "에게", "께서", "부터", "까지", "처럼", "보다", "이나", "이다",
             "과의", "와의", "에는", "에도", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만")

# A number as Korean writes it: 845억, 5천억, 1조 2천억, 3,500 (commas are gone by now).
_DECIMAL = r"[0-9]+(?:\.[0-9]+)?"
_UNIT_PART = rf"{_DECIMAL}(?:[천백십][조억만]?|[조억만])"
NUMBER_EXPRESSION = re.compile(rf"{_UNIT_PART}(?: ?{_UNIT_PART})*|{_DECIMAL}")
# Counters that may follow a number (after an optional 여 and space): 3,500여 명, 845억 원.
COUNTERS = ("개국", "개사", "달러", "원", "명", "건", "개", "곳", "년", "월", "일", "배", "위", "회", "%")
_COUNTER_AFTER = re.compile(r"여? ?(" + "|".join(COUNTERS) + ")")
NUMBER_WORD = re.compile(rf"({_UNIT_PART}(?: ?{_UNIT_PART})*|{_DECIMAL})(?:여? ?({'|'.join(COUNTERS)}))?")


@lru_cache(maxsize=65536)
def normalize_char(char: str) -> str:
    if 0x3131 <= ord(char) <= 0x318E:  # compatibility jamo stay as typed (ㄷ, and ㆍ used as a middle dot)
        return char
    text = unicodedata.normalize("NFKC", char).lower()
    out = []
    for c in text:
        code = ord(c)
        if code in _CONJOINING:
            c = _CONJOINING[code]
        elif c in _SPACES:
            c = " "
        elif 0x00C0 <= code <= 0x024F:  # Latin letters with diacritics: è -> e
            c = "".join(d for d in unicodedata.normalize("NFD", c) if not 0x0300 <= ord(d) <= 0x036F)
        out.append(c)
    return "".join(out)


def normalize(text: str) -> str:
    """NFC, then per character NFKC + lower case + jamo and space mapping; thousands commas dropped."""
    text = unicodedata.normalize("NFC", text)
    return _THOUSANDS.sub("", "".join(map(normalize_char, text)))


def is_hangul(char: str) -> bool:
    return HANGUL_FIRST <= ord(char) <= HANGUL_LAST


def is_initials(word: str) -> bool:
    """An initial-consonant (초성) query word such as ㄷㅈ."""
    return bool(word) and all(c in CHOSEONG for c in word)


def jamo(syllable: str) -> tuple[str, str, str]:
    """(initial, vowel, final) of a Hangul syllable."""
    index = ord(syllable) - HANGUL_FIRST
    return CHOSEONG[index // 588], JUNGSEONG[(index % 588) // 28], JONGSEONG[index % 28]


def initials(text: str) -> str:
    """초성 of each Hangul syllable; other characters are left out."""
    return "".join(CHOSEONG[(ord(c) - HANGUL_FIRST) // 588] for c in text if is_hangul(c))


def strip_particle(word: str) -> str | None:
    """대전시의 -> 대전시; None when no particle ends the word or too little would remain."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return None


def number_value(expression: str) -> str | None:
    """Canonical value of a number expression as text: '845억' -> '84500000000', '12.5' -> '12.5'."""
    if re.fullmatch(_DECIMAL, expression):
        whole, _, fraction = expression.partition(".")
        whole = whole.lstrip("0") or "0"
        fraction = fraction.rstrip("0")
        return f"{whole}.{fraction}" if fraction else whole
    value = parse_korean_number(expression)
    return None if value is None else str(value)


def parse_number_word(word: str) -> tuple[str, str] | None:
    """A whole query word that is a number: '3500명' -> ('3500', '명'), '5천억' -> ('500000000000', '')."""
    match = NUMBER_WORD.fullmatch(word)
    if not match:
        return None
    value = number_value(match.group(1))
    return None if value is None else (value, match.group(2) or "")


def numbers_in(text: str) -> list[tuple[str, str]]:
    """(value, counter) of every number expression in normalized text."""
    found = []
    for match in NUMBER_EXPRESSION.finditer(text):
        if match.start() and text[match.start() - 1] in "0123456789.":
            continue
        value = number_value(match.group(0).rstrip())
        if value is None:
            continue
        counter = _COUNTER_AFTER.match(text, match.end())
        found.append((value, counter.group(1) if counter else ""))
    return found


# The loose form of a Hangul word folds the spellings that alternate when foreign names are written in
# Hangul (라스베가스/라스베이거스, 로스엔젤레스/로스앤젤레스, 스탠포드/스탠퍼드, 호찌민/호치민, 샌프란씨스코,
# 싱가폴/싱가포르, 워싱튼/워싱턴, 달라스/댈라스): a loose hit ranks below every exact one.
LOOSE_MIN = 3   # syllables of a query word (and of an indexed word start) before the loose form is used
_LOOSE_INITIALS = {"ㄲ": "ㅋ", "ㄸ": "ㅌ", "ㅃ": "ㅍ", "ㅉ": "ㅊ", "ㅆ": "ㅅ"}
_LOOSE_VOWELS = {"ㅐ": "ㅔ", "ㅒ": "ㅖ", "ㅓ": "ㅗ", "ㅙ": "ㅞ", "ㅚ": "ㅞ"}


def compose(initial: str, vowel: str, final: str) -> str:
    return chr(HANGUL_FIRST + (CHOSEONG.index(initial) * 21 + JUNGSEONG.index(vowel)) * 28 + JONGSEONG.index(final))


@lru_cache(maxsize=1 << 16)
def loose(word: str) -> str:
    """Loose form of a run of Hangul syllables (other characters are kept as they are). Cached: an archive
    repeats its words (and their starts) from briefing to briefing."""
    word = word.replace("이거", "가")                                   # 라스베이거스 -> 라스베가스
    syllables = []
    for char in word:
        if not is_hangul(char):
            syllables.append([char])
            continue
        initial, vowel, final = jamo(char)
        if (char == "이" and syllables and len(syllables[-1]) == 3 and not syllables[-1][2]
                and syllables[-1][1] in "ㅐㅔ"):
            continue                                                        # 샌디에이고 -> 샌디에고
        if initial == "ㅌ" and vowel == "ㅡ" and final == "ㄴ":
            vowel = "ㅓ"                                                     # 워싱튼 -> 워싱턴
        syllables.append([_LOOSE_INITIALS.get(initial, initial), _LOOSE_VOWELS.get(vowel, vowel), final])
    for before, after in zip(syllables, syllables[1:]):
        if len(before) == 3 and len(after) == 3 and before[2] and before[2] == after[0]:
            before[2] = ""                                                  # 달라스 = 다라스, 맨네튼 = 매네튼
    if (len(syllables) >= 2 and syllables[-1] == ["ㄹ", "ㅡ", ""] and len(syllables[-2]) == 3
            and not syllables[-2][2]):
        syllables[-2][2] = "ㄹ"                                              # 싱가포르 -> 싱가폴
        syllables.pop()
    return "".join(compose(*s) if len(s) == 3 else s[0] for s in syllables)


def name_form(name: str) -> str:
    """A registry name as a search key: normalized letters, digits and Hangul only (Washington, D.C. = washingtondc)."""
    return re.sub(r"[^0-9a-z\uac00-\ud7a3\u3131-\u318e]+", "", normalize(name))


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: picks a term's shard, the same way in JavaScript."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value
