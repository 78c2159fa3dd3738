"""Korean dates, numbers and units, and the name normalization shared by registries and search."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_WEEKDAYS = "월화수목금토일"
_BIG_UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))
_SMALL_DIGITS = {"천": 1000, "백": 100, "십": 10}


def format_date(value: date) -> str:
    """2024-02-17 -> 2024년 2월 17일"""
    return f"{value.year}년 {value.month}월 {value.day}일"


def format_date_with_weekday(value: date) -> str:
    return f"{format_date(value)}({_WEEKDAYS[value.weekday()]})"


def format_month(year: int, month: int) -> str:
    return f"{year}년 {month}월"


def format_range(start: date, end: date) -> str:
    """Trip ranges: 2023년 1월 4일 ~ 12일, or across months/years in full."""
    if start == end:
        return format_date(start)
    if start.year != end.year:
        return f"{format_date(start)} ~ {format_date(end)}"
    if start.month != end.month:
        return f"{format_date(start)} ~ {end.month}월 {end.day}일"
    return f"{format_date(start)} ~ {end.day}일"


def group_korean(value: int) -> str:
    """37000000000 -> '370억', 120000000000 -> '1,200억', 1234567 -> '123만 4,567'."""
    if value < 0:
        return "-" + group_korean(-value)
    if value < 10**4:
        return f"{value:,}"
    parts = []
    rest = value
    for size, unit in _BIG_UNITS:
        if rest >= size:
            parts.append(f"{rest // size:,}{unit}")
            rest %= size
    if rest:
        parts.append(f"{rest:,}")
    return " ".join(parts)


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def format_quantity(value: int | float, unit: str, approx: bool = False) -> str:
    """A figure as Korean writes it: 370억 원, 500만 달러, 3,500명, 12.5%; 약 ... when approximate."""
    prefix = "약 " if approx else ""
    if unit in ("KRW", "USD"):
        word = "원" if unit == "KRW" else "달러"
        if isinstance(value, float) and not value.is_integer():
            number = _number_text(value)
        else:
            number = group_korean(int(value))
        spacer = " " if number[-1] in "조억만" else ""
        return f"{prefix}{number}{spacer}{word}"
    if unit == "%":
        return f"{prefix}{_number_text(value)}%"
    number = _number_text(value) if isinstance(value, float) and not value.is_integer() else group_korean(int(value))
    spacer = " " if number[-1] in "조억만" else ""
    return f"{prefix}{number}{spacer}{unit}"


_NUMBER_WORD = re.compile(r"(\d+(?:\.\d+)?)\s*([천백십]?)\s*([조억만]?)")


def parse_korean_number(text: str) -> int | None:
    """'845억' -> 84500000000, '5천억' -> 500000000000, '3,500' -> 3500, '1조 2천억' -> 1.2e12."""
    compact = re.sub(r"[\s,]", "", unicodedata.normalize("NFKC", text))
    if not compact or not re.fullmatch(r"(?:\d+(?:\.\d+)?[천백십]?[조억만]?)+", compact):
        return None
    total = 0.0
    last_big = None
    for number, small, big in _NUMBER_WORD.findall(compact):
        amount = float(number) * (_SMALL_DIGITS[small] if small else 1)
        size = dict((u, s) for s, u in _BIG_UNITS).get(big, 1)
        if last_big is not None and size >= last_big:
            return None  # '5억 3억' is not a number
        last_big = size if big else 0
        total += amount * size
    return int(round(total))


def name_key(name: str) -> str:
    """Key for matching names and aliases: NFKC, case-folded, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()
