"""Dates written in an article body: the trip's first and last day. Without a publication date to take
the year from, only a range that states its year is a trip: a year is never guessed.

Korean articles rarely give the year of a trip ("1월 4일부터 12일까지"), so a year is chosen to put the
trip nearest the publication date: the year before for a January article about December, the next year
for an announcement of a trip ahead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

_TRAVEL_WORDS = ("출장", "방문", "순방", "일정", "사절단", "대표단", "방문단", "국외", "해외", "다녀", "출국", "파견", "참가",
                 "향한", "향해", "향했", "떠난", "떠나", "길에 오")
_RANGE_PATTERNS = (
    # 2023년 1월 4일부터 12일까지 / 1월 4일~1월 12일 / 7월 5일(수)부터 13일(목)까지
    re.compile(r"(?:(?P<y>\d{4})년\s*)?(?P<m1>\d{1,2})월\s*(?P<d1>\d{1,2})일\s*(?:\([^)]{1,6}\))?\s*"
               r"(?:부터|~|∼|〜|-|–)\s*(?:(?:오는|지난)\s*)?(?:(?P<m2>\d{1,2})월\s*)?(?P<d2>\d{1,2})일(?:\s*\([^)]{1,6}\))?"),
    # 1월 5~6일
    re.compile(r"(?:(?P<y>\d{4})년\s*)?(?P<m1>\d{1,2})월\s*(?P<d1>\d{1,2})\s*(?:~|∼|〜|-|–)\s*(?P<d2>\d{1,2})일"),
    # 2.15일부터 2.23일 / 2. 15.~2. 23. / 2023.2.15~2.23
    re.compile(r"(?:(?P<y>\d{4})\.\s*)?(?<![\d.])(?P<m1>\d{1,2})\.\s?(?P<d1>\d{1,2})\.?\s*일?\s*(?:\([^)]{1,6}\))?\s*"
               r"(?:부터|~|∼|〜|-|–)\s*(?:(?P<m2>\d{1,2})\.\s?)?(?P<d2>\d{1,2})(?![\d.]\d)\.?\s*일?"),
)
# 17∼24일 / 9일부터 11일까지 / 31일부터 4월4일까지: the month comes from the publication date.
_DAY_RANGE = re.compile(r"(?<![\d.월])(?P<before>(?:지난|오는)\s*)?(?P<d1>\d{1,2})일?\s*(?:\([^)]{1,6}\))?\s*(?:부터|~|∼|〜|-|–)\s*"
                        r"(?:(?:오는|지난)\s*)?(?:(?P<m2>\d{1,2})월\s*)?(?P<d2>\d{1,2})일")
_DURATION = re.compile(r"(?P<nights>\d{1,2})박\s*(?P<days>\d{1,2})일")
_MONTH_DAY = re.compile(r"(?<!\d)(?P<m>\d{1,2})월\s*(?P<d>\d{1,2})일")
_DAY = re.compile(_MONTH_DAY.pattern + r"|\((?P<pm>\d{1,2})\.(?P<pd>\d{1,2})\.?\)")   # 4월 28일, (4.26)
_SENTENCE_END = re.compile(r"(?<=[다요음임함][.!?])\s+|\n+")


@dataclass(frozen=True)
class DateGuess:
    start: date
    end: date
    evidence: str       # the words it was read from
    stated: bool        # False: inferred, needs a human to confirm


def sentences(texts: Iterable[str]) -> list[str]:
    return [part.strip() for text in texts for part in _SENTENCE_END.split(text) if part.strip()]


def find_trip(texts: Iterable[str], near: date | None, not_after: bool = False) -> DateGuess | None:
    """The trip's dates: the longest date range in a sentence about travel; else the span of the event
    days the article names (inferred). ``near`` is the publication date, for the year; with
    ``not_after`` it is only a bound (the day the page was viewed) and the trip is the latest before it."""
    texts = list(texts)
    parts = sentences(texts)
    if near is None and (month := _only_stated_month(parts)) is not None:
        # "15~30일 … 출장" in an undated article that names one month, "2019년 1월 … 총회": that month
        found = find_trip(texts, month)
        if found is None or abs((found.start - month).days) > 31:
            return None   # 2019년 5월 named for an earlier visit says nothing of this trip's year
        return DateGuess(found.start, found.end, f"{found.evidence} ({month.year}년 {month.month}월)", stated=False)
    ranges = [(guess, sentence) for sentence in parts for guess in _ranges(sentence, near, not_after)]
    travel = [(guess, s) for guess, s in ranges if any(word in s for word in _TRAVEL_WORDS)]
    if travel:
        return max(travel, key=lambda item: (item[0].end - item[0].start, -parts.index(item[1])))[0]
    for sentence in parts:  # "7월 5일 출국해 7박 9일 일정으로": a first day and a length
        duration = _DURATION.search(sentence)
        first = next(_days_in(sentence, near, not_after), None) or _day_before_or_after(sentence, near)
        if duration and first and any(word in sentence for word in _TRAVEL_WORDS):
            end = first + timedelta(days=int(duration.group("days")) - 1)
            return DateGuess(first, end, f"{first.month}월 {first.day}일, {duration.group(0)}", stated=True)
    if near is None:
        return None
    days = sorted({day for sentence in parts for day in _event_days(sentence, near)})
    if len(days) >= 2 and (days[-1] - days[0]).days <= 14:
        return DateGuess(days[0], days[-1], "본문에 나온 일정 날짜 " + ", ".join(f"{d.month}월 {d.day}일" for d in days),
                         stated=False)
    return None


_YEAR_MONTH = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})년\s*(?P<m>\d{1,2})월")


def _only_stated_month(parts: list[str]) -> date | None:
    """The middle of the one month an article names with its year, if it names exactly one."""
    months = {(int(m.group("y")), int(m.group("m"))) for part in parts for m in _YEAR_MONTH.finditer(part)}
    if len(months) != 1:
        return None
    [(year, month)] = months
    return date(year, month, 15) if 1 <= month <= 12 else None


def durations(texts: Iterable[str]) -> list[str]:
    """'7박 9일'-style phrases, for the review note when no dates go with them."""
    return sorted({m.group(0) for text in texts for m in _DURATION.finditer(text)})


def _ranges(sentence: str, near: date | None, not_after: bool) -> Iterable[DateGuess]:
    seen: set[tuple[int, int]] = set()
    for pattern in _RANGE_PATTERNS:
        for match in pattern.finditer(sentence):
            if any(start <= match.start() < end for start, end in seen):
                continue
            seen.add(match.span())
            parts = match.groupdict()
            m1, d1, d2 = int(parts["m1"]), int(parts["d1"]), int(parts["d2"])
            m2 = int(parts["m2"]) if parts.get("m2") else m1
            year = int(parts["y"]) if parts.get("y") else None
            start = _resolve(year, m1, d1, near, not_after)
            if start is None:
                continue
            end = _resolve(start.year, m2, d2, near)
            if end is not None and end < start:  # 12월 28일부터 1월 3일까지
                end = _resolve(start.year + 1, m2, d2, near)
            if end is not None and not_after and end > near:
                continue
            if end is None or (end - start).days > 60:
                continue
            yield DateGuess(start, end, match.group(0).strip(), stated=True)
    if near is None:
        return
    for match in _DAY_RANGE.finditer(sentence):
        if any(start <= match.start("d1") < end for start, end in seen):
            continue
        guess = _day_range(match, near)
        if guess is not None:
            yield guess


def _day_range(match: re.Match, near: date) -> DateGuess | None:
    """A range of days without its month: the month that puts it nearest the publication date, before it
    after '지난', after it after '오는'."""
    d1, d2 = int(match.group("d1")), int(match.group("d2"))
    before = (match.group("before") or "").strip()
    found = []
    for shift in (-1, 0, 1):
        year, month = divmod(near.year * 12 + near.month - 1 + shift, 12)
        month += 1
        end_month = int(match.group("m2")) if match.group("m2") else month
        try:
            start = date(year, month, d1)
            end = date(year + (end_month < month), end_month, d2)
        except ValueError:
            continue
        if end < start or (end - start).days > 60 or (match.group("m2") and end_month not in (month, month % 12 + 1)):
            continue
        if (before == "지난" and start > near) or (before == "오는" and start < near):
            continue
        found.append((abs((start - near).days), start, end))
    if not found:
        return None
    _, start, end = min(found)
    return DateGuess(start, end, match.group(0).strip(), stated=True)


def _days_in(sentence: str, near: date | None, not_after: bool) -> Iterable[date]:
    if near is None:
        return
    for match in _MONTH_DAY.finditer(sentence):
        found = _resolve(None, int(match.group("m")), int(match.group("d")), near, not_after)
        if found is not None:
            yield found


def _day_before_or_after(sentence: str, near: date | None) -> date | None:
    """지난 29일, 전날(9일) (the last such day before the publication date), 오는 3일 (the next one after it)."""
    match = re.search(r"(?P<when>지난|오는|전날|어제)\s*\(?(?P<d>\d{1,2})일", sentence)
    if match is None or near is None:
        return None
    step = 1 if match.group("when") == "오는" else -1
    for shift in (0, step, 2 * step):
        year, month = divmod(near.year * 12 + near.month - 1 + shift, 12)
        try:
            found = date(year, month + 1, int(match.group("d")))
        except ValueError:
            continue
        if (found <= near) if step < 0 else (found >= near):
            return found
    return None


def _event_days(sentence: str, near: date) -> Iterable[date]:
    for match in _DAY.finditer(sentence):
        month, day = (match.group("m"), match.group("d")) if match.group("m") else (match.group("pm"), match.group("pd"))
        found = _resolve(None, int(month), int(day), near)
        if found is not None and found <= near:
            yield found


def _resolve(year: int | None, month: int, day: int, near: date | None, not_after: bool = False) -> date | None:
    """The date with this month and day; without a year, the one nearest ``near`` (or the latest not
    after it); without a year or ``near``, none: a year is never guessed."""
    if year is None and near is None:
        return None
    candidates = [year] if year else [near.year - 1, near.year, near.year + 1]
    found = []
    for candidate in candidates:
        try:
            found.append(date(candidate, month, day))
        except ValueError:
            continue
    if not_after:
        found = [d for d in found if d <= near]
        return max(found) if found else None
    return min(found, key=lambda d: (abs((d - near).days), d)) if found else None

