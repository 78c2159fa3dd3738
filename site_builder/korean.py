"""Korean dates and quantities as the site prints them, and the name normalization shared by registries
and search. Numbers themselves are parsed and formatted in site_builder.numbers."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from site_builder.numbers import format_number, parse_number

# The names render.py, search and their tests know these by.
group_korean = format_number

_WEEKDAYS = "월화수목금토일"


def format_date(value: date) -> str:
    """2024-02-17 -> 2024년 2월 17일"""
    return f"{value.year}년 {value.month}월 {value.day}일"


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


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def format_quantity(value: int | float, unit: str, approx: bool = False, bound: str | None = None) -> str:
    """A figure as Korean writes it: 370억 원, 500만 달러, 3,500명, 12.5%; 약 ... when approximate;
    최대 5,000억 원 and 20개 이상 for a bound (the bound says more than 약: it wins)."""
    if bound == "max":
        return "최대 " + format_quantity(value, unit)
    if bound == "min":
        return format_quantity(value, unit) + " 이상"
    prefix = "약 " if approx else ""
    if unit in ("KRW", "USD"):
        word = "원" if unit == "KRW" else "달러"
        if isinstance(value, float) and not value.is_integer():
            number = _number_text(value)
        else:
            number = format_number(int(value))
        spacer = " " if number[-1] in "조억만" else ""
        return f"{prefix}{number}{spacer}{word}"
    if unit == "%":
        return f"{prefix}{_number_text(value)}%"
    number = _number_text(value) if isinstance(value, float) and not value.is_integer() else format_number(int(value))
    spacer = " " if number[-1] in "조억만" else ""
    return f"{prefix}{number}{spacer}{unit}"


def parse_korean_number(text: str) -> int | None:
    """'845억' -> 84500000000: parse_number in whole units, as search.js's parseKoreanNumber reads it."""
    value = parse_number(text)
    return None if value is None else round(value)


def name_key(name: str) -> str:
    """Key for matching names and aliases: NFKC, case-folded, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()
