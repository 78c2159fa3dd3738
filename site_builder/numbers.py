"""Korean numerals and units: parse and format numbers, and find the quantities a text states.

Korean groups digits by ten thousands: 1조 2,000억 원 is 1.2 × 10^12 won, 3만 명 is 30,000 people.
Articles mix Arabic digits with these units (5천억, 370여억 원) and, rarely, spell numbers in
Sino-Korean numerals (일억 오천만 원). Native counting words (한, 두, 세, 다섯) are not numbers
here: 세 and 두 are too often other words, and articles write counts that matter in digits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

BIG_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
SMALL_UNITS = {"천": 1000, "백": 100, "십": 10}
HANGUL_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}

# One group of a number: a coefficient below 10^4 (3,500 / 5천 / 3천5백 / 삼천오백), an optional
# 여 ("more than", as in 370여억) and an optional big unit. Either all Arabic digits or all Hangul:
# a Hangul digit after Arabic ones is a particle (845억이 is 845억 + 이, not 845억 2).
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_HANGUL = "[" + "".join(HANGUL_DIGITS) + "]"


def _group_pattern(digit: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<thousands>{digit}?천)?(?P<hundreds>{digit}?백)?(?P<tens>{digit}?십)?(?P<ones>{digit})?"
                      r"(?P<about>여)?(?P<big>[조억만])?")


_ARABIC_GROUP = _group_pattern(_ARABIC)
_HANGUL_GROUP = _group_pattern(_HANGUL)


_SPACES = (" ", "\u00a0")        # scraped pages often keep no-break spaces


@dataclass(frozen=True)
class _Reading:
    """A number read from a position: where it ends, its value, whether it said 여, its big units."""
    end: int
    value: Decimal
    about: bool
    big_units: str


_PLACES = ("thousands", "hundreds", "tens", "ones")


def _coefficient(group: re.Match[str]) -> Decimal:
    """3천5백 -> 3500, 삼천오백 -> 3500, 2.5 -> 2.5, 천 -> 1000."""
    total = Decimal(0)
    for part in filter(None, (group[place] for place in _PLACES)):
        size = SMALL_UNITS.get(part[-1], 1)
        digits = part[:-1] if size > 1 else part
        if not digits:
            amount = Decimal(1)
        elif digits in HANGUL_DIGITS:
            amount = Decimal(HANGUL_DIGITS[digits])
        else:
            amount = Decimal(digits.replace(",", ""))
        total += amount * size
    return total


def _read(text: str, start: int, hangul: bool, allow_about: bool) -> list[_Reading]:
    """Every way a number can end when read from start, shortest first.

    1조 2천억 원 reads as 1조 and as 1조 2천억; a caller takes the longest that is followed by a unit.
    Big units must fall (5억 3억 is two numbers) and groups may be one space apart.
    """
    pattern = _HANGUL_GROUP if hangul else _ARABIC_GROUP
    readings: list[_Reading] = []
    total, about, bigs = Decimal(0), False, ""
    position = start
    while True:
        group = pattern.match(text, position)       # always matches, if only the empty string
        if not any(group[place] for place in _PLACES) or (group["about"] and not allow_about):
            break                                   # 억 alone is no number
        if not (hangul or text[position].isdigit()):
            break                                   # Arabic groups start with a digit: 3만 천안 is 3만
        big = group["big"]
        if big and bigs and BIG_UNITS[big] >= BIG_UNITS[bigs[-1]]:
            break
        size = BIG_UNITS[big] if big else 1
        total += _coefficient(group) * size
        about = about or bool(group["about"])
        end = group.end()
        if not big:
            readings.append(_Reading(end, total, about, bigs))
            break
        bigs += big
        if allow_about and text.startswith("여", end):  # 1만여 명
            readings.append(_Reading(end + 1, total, True, bigs))
            break
        readings.append(_Reading(end, total, about, bigs))
        position = end + 1 if text[end:end + 1] in _SPACES else end
    return readings


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _lone_digit(numeral: str) -> bool:
    return numeral.replace("여", "").strip() in HANGUL_DIGITS


def parse_number(text: str) -> int | float | None:
    """'3,500' -> 3500, '5천억' -> 500000000000, '1조 2천억', '2.59' -> 2.59, '일억 오천만' -> 150000000.

    Whole values are ints (KRW amounts are whole won). None when text is not exactly one number.
    A lone Hangul digit (이, 사, 구) is not taken for a number: it is usually a word or a particle.
    """
    compact = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    sign = -1 if compact.startswith("-") else 1
    compact = compact.removeprefix("-")
    for hangul in (False, True):
        readings = _read(compact, 0, hangul, allow_about=False)
        if readings and readings[-1].end == len(compact):
            if hangul and _lone_digit(compact):
                return None
            return _plain(sign * readings[-1].value)
    return None


def format_number(value: int) -> str:
    """Korean notation as the site prints it: 37000000000 -> '370억', 1200000000000 -> '1조 2,000억',
    3500 -> '3,500', 1234567 -> '123만 4,567'."""
    if value < 0:
        return "-" + format_number(-value)
    if value < 10**4:
        return f"{value:,}"
    parts = []
    rest = value
    for unit, size in BIG_UNITS.items():
        if rest >= size:
            parts.append(f"{rest // size:,}{unit}")
            rest %= size
    if rest:
        parts.append(f"{rest:,}")
    return " ".join(parts)


# --- Quantities in running text -------------------------------------------------------------------

@dataclass(frozen=True)
class Quantity:
    """A number with one of the archive's units, as a text states it.

    text is text[start:end] verbatim: the number, 여 if any, and the unit (370여억 원, 10개 사, $1.2 million).
    Words that only qualify it (약, 최대, 규모, 이상) stay outside the span and set approx.
    estimate says whether the text calls it approximate apart from a bound (여, 약, 규모, 정도; not 최대
    or 이상); bound is "max" (최대, 까지, 이하, 미만, 이내) or "min" (최소, 이상, 넘는, 돌파, 초과).
    """
    start: int
    end: int
    text: str
    value: int | float
    unit: str
    approx: bool
    estimate: bool = False
    bound: str | None = None


# Full-width forms (１２％, ＄) as ASCII, one character for one, so spans stay those of the original text.
_ASCII_FORMS = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF01, 0xFF5F)}

# After a unit, Korean continues with a particle or copula (명이, 건의, 개사와, 개일), an approximation
# word, or stops. Anything else makes another word: 개월, 원칙, 명단, 건설.
_PARTICLE_STARTS = "이가은는을를의에와과도만까부보로으씩중일인입였며밖나랑다"  # 다: 8천만 달러다
_APPROXIMATION_WORDS = ("가량", "정도", "규모", "이상", "이하", "미만", "이내", "초과", "남짓", "안팎", "내외", "수준",
                        "가까이", "넘게", "넘는", "넘은", "넘어", "넘었")
_WORD_ENDS = (rf"(?:(?![가-힣A-Za-z0-9])|(?=[{_PARTICLE_STARTS}])|(?=어치)"   # 77만달러어치: worth
              rf"|(?={'|'.join(word for word in _APPROXIMATION_WORDS if word[0] not in _PARTICLE_STARTS)}))")

# Unit words and the archive unit each stands for; a regex alternation tries them in this order.
UNIT_WORDS = {
    "개 사": "개사", "개사": "개사", "社": "개사",
    "개소": "개", "개국": "개", "개": "개", "곳": "개",
    "명": "명", "건": "건", "원": "KRW",
    "달러": "USD", "불": "USD", "dollars": "USD", "dollar": "USD", "USD": "USD",
    "퍼센트": "%", "%": "%",
}
# 불과 (merely), 불가 (impossible), 불만 (complaint) follow numbers too, and are not dollars.
_UNIT_PATTERNS = {"개 사": "개[ \u00a0]사", "불": "불(?!과|가|만|편|법)", "%": "%(?!포인트)"}
_UNIT_AFTER = re.compile(
    r"[ \u00a0]?(?P<word>" + "|".join(_UNIT_PATTERNS.get(word, re.escape(word)) for word in UNIT_WORDS) + ")"
    + rf"(?P<range>대)?{_WORD_ENDS}"      # 800억원대: in the 800억s
)
_ENGLISH_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ENGLISH_SCALE = re.compile(r" ?(thousand|million|billion|trillion)\b", re.IGNORECASE)
_DOLLAR_PREFIX = re.compile(r"(?<![A-Za-z])(?:US ?\$|\$|USD) ?$")

# Words glued before a number that still leave it a number of its own: 약3천명, 총10건.
_GLUED_PREFIX = re.compile(r"(?<![가-힣])(?:약|총|최대|최소|대략|무려|각)$")
_RANGE_BEFORE = re.compile(r"[~∼〜]\s*$")
_APPROX_BEFORE = re.compile(r"(?<![가-힣])(?:약|대략|최대|최소|거의|얼추)\s*$")
_APPROX_AFTER = re.compile(r"\s*(?:[을를이가은는의에]\s*)?(?:" + "|".join(_APPROXIMATION_WORDS) + ")")
# The same words, sorted into bounds and estimates (a bound is not an estimate: 최대 5,000억 원 is exact
# about its ceiling). 까지 and 돌파 bound a number without making it approximate.
_BOUND_WORDS = {"최대": "max", "최소": "min", "이상": "min", "초과": "min", "넘는": "min", "넘게": "min",
                "넘은": "min", "넘어": "min", "넘었": "min", "돌파": "min", "이하": "max", "미만": "max",
                "이내": "max", "까지": "max"}
_BOUND_BEFORE = re.compile(r"(?<![가-힣])(?P<word>최대|최소)\s*$")
_BOUND_AFTER = re.compile(r"대?\s*(?:[을를이가은는의에]\s*)?(?P<word>이상|초과|넘는|넘게|넘은|넘어|넘었|돌파|이하|미만|이내"
                          r"|까지)")
_ESTIMATE_BEFORE = re.compile(r"(?<![가-힣])(?:약|대략|거의|얼추)\s*$")
_ESTIMATE_AFTER = re.compile(r"대?\s*(?:[을를이가은는의에]\s*)?(?:가량|정도|규모|남짓|안팎|내외|수준|가까이)")
# What a bare 억/조 amount may not be followed by for it to be won: other currencies and counters.
_NOT_WON = re.compile(r"[ \u00a0]?(?:달러|유로|엔|위안|파운드|루피|페소|동|뷰|회|번|년|광년|톤|배|마리|대|명|개|건|주|장|권)"
                      r"(?![가-힣])")
# Counts that are written in 억 without a unit and are not money: 인구 14억.
_NOT_MONEY_BEFORE = re.compile(r"(?:인구|가입자|이용자|회원|조회수?|관객|관람객|방문객|관광객)\s*$")

_NUMBER_START = re.compile(rf"(?<![\d,.])\d|(?<![가-힣]){_HANGUL}|(?<![가-힣])[십백천]")


def find_quantities(text: str) -> list[Quantity]:
    """Every number with an archive unit in text, in order: 3,500여 명, 370여억 원, MOU 10건 -> 10건.

    Not reported: numbers without such a unit (2023년, 1월 4일, 5.3일, 17:41, 1차, 2회, 1위, 3대, 7박 9일,
    CES 2023, 2.59㎢), ranges (3~5명: which of them?), vague amounts (수천 명), and numbers glued
    into a word or name (민선8기, A123@mail, 010-1234-5678). A bare amount in 억 or 조 is won (1,213억).
    approx: 여 (370여억), 약/대략/최대/최소/거의/얼추 before it, 대 after it (800억원대), or 규모, 정도,
    가량, 이상/이하/미만/이내/초과, 넘는/넘게, 남짓, 안팎, 내외, 수준, 가까이 after it (with or without
    a particle: 3,500명을 넘는): every estimate or bound is approximate. 수 (수천 명) gives no value at all.
    """
    folded = text.translate(_ASCII_FORMS)
    found: list[Quantity] = []
    resume = 0
    for number_start in _NUMBER_START.finditer(folded):
        start = number_start.start()
        if start < resume:
            continue
        quantity = _quantity_at(text, folded, start)
        if quantity:
            found.append(quantity)
            resume = quantity.end
    return found


def _stands_alone(folded: str, start: int) -> bool:
    """Is the number at start a number of its own, not part of a word, date, range or code?"""
    if start == 0:
        return True
    previous = folded[start - 1]
    if previous.isascii() and previous.isalnum():
        return False                                  # A1, x2
    if "가" <= previous <= "힣":                     # 민선8기 is a name, 약3천명 a number
        return bool(_GLUED_PREFIX.search(folded, max(0, start - 3), start))
    if previous in ".,:/-_@#" and start > 1 and folded[start - 2].isalnum():
        return False                                  # 2024.02.17, 17:41, COVID-19, 02-123-4567
    return not _RANGE_BEFORE.search(folded, max(0, start - 4), start)     # the second number of a range


def _continues(folded: str, end: int) -> bool:
    """Does the text after a number go on as a date, time, range, code or list (2.15, 3~5, 1:1)?"""
    return bool(re.match(r"(?:[.:/\-]\d|\s*[~∼〜])", folded[end:end + 3]))


def _quantity_at(text: str, folded: str, start: int) -> Quantity | None:
    """The quantity whose number starts at start, if a unit follows it (or it is an amount in 억/조)."""
    if not _stands_alone(folded, start):
        return None
    hangul = not folded[start].isdigit()
    dollar = None if hangul else _DOLLAR_PREFIX.search(folded, max(0, start - 4), start)
    span_start = dollar.start() if dollar else start
    for reading in reversed(_read(folded, start, hangul, allow_about=True)):      # longest first
        if (hangul and _lone_digit(folded[start:reading.end])) or _continues(folded, reading.end):
            continue
        measured = _measured(folded, start, reading, hangul, bool(dollar))
        if measured:
            value, unit, end, approx_after = measured
            approx = (reading.about or approx_after
                      or bool(_APPROX_BEFORE.search(folded, max(0, span_start - 8), span_start)))
            estimate, bound = _qualifiers(folded, span_start, end)
            return Quantity(span_start, end, text[span_start:end], _plain(value), unit, approx,
                            estimate or reading.about or folded.startswith("대", end), bound)
    return None


def _qualifiers(folded: str, start: int, end: int) -> tuple[bool, str | None]:
    """(estimate, bound) from the words around the quantity folded[start:end]: 약 .. 규모, 최대 .. 이상."""
    before = max(0, start - 8)
    estimate = bool(_ESTIMATE_BEFORE.search(folded, before, start) or _ESTIMATE_AFTER.match(folded, end))
    word = _BOUND_BEFORE.search(folded, before, start) or _BOUND_AFTER.match(folded, end)
    return estimate, (_BOUND_WORDS[word["word"]] if word else None)


def _measured(folded: str, start: int, reading: _Reading, hangul: bool,
              dollar: bool) -> tuple[Decimal, str, int, bool] | None:
    """(value, unit, end of the unit, approximate by what follows) for a number read from start."""
    value, end = reading.value, reading.end
    scale = None if hangul or reading.big_units else _ENGLISH_SCALE.match(folded, end)
    if scale:                                                                   # $1.2 million
        value, end = value * _ENGLISH_SCALES[scale.group(1).lower()], scale.end()
    unit_match = _UNIT_AFTER.match(folded, end)
    if unit_match:
        unit = UNIT_WORDS[unit_match["word"].replace("\u00a0", " ")]
        if (dollar and unit != "USD") or (unit == "%" and reading.big_units):
            return None
        approx = bool(unit_match["range"] or _APPROX_AFTER.match(folded, unit_match.end()))
        return value, unit, unit_match.end("word"), approx
    if dollar:
        return value, "USD", end, bool(_APPROX_AFTER.match(folded, end))
    if not (scale or hangul) and set(reading.big_units) & {"억", "조"} and _bare_won(folded, start, end):
        return value, "KRW", end, bool(_APPROX_AFTER.match(folded, end))
    return None


def _bare_won(folded: str, start: int, end: int) -> bool:
    """Is an amount in 억/조 with no unit after it won (사업(1,213억), 845억 규모)?"""
    if _NOT_MONEY_BEFORE.search(folded, max(0, start - 8), start) or _NOT_WON.match(folded, end):
        return False
    return bool(re.match(_WORD_ENDS, folded[end:]))
