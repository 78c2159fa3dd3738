"""The publication date from every piece of evidence a saved page holds, strongest first, or none.

A date is never made up: without evidence the draft leaves ``date`` for the editor. The date a page header
shows alone on a line ("2024.06.11 (화)") is the day the page was viewed and is never evidence; a date
with a clock time ("2023.10.27 06:00:33") is the page's own time stamp and is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from site_builder.ingest.byline import Byline

_DATE = r"(?P<y>(?:19|20)\d\d)\s*[.\-/년]\s*(?P<m>\d{1,2})\s*[.\-/월]\s*(?P<d>\d{1,2})\.?\s*일?"
# "2023.10.27 06:00:33" or "2023-11-08 10:21" alone on a line: a publication time stamp.
_TIME = r"\s*(?:\([월화수목금토일]\))?\s*(?:[0-2]?\d:[0-5]\d(?::[0-5]\d)?)"
# ... or followed by the time it was modified: "2011-09-13 11:00:00 2011-09-13 11:00:00"
_STAMP = re.compile(r"^\s*" + _DATE + _TIME + r"(?:\s+(?:19|20)\d\d[.\-/]\d{1,2}[.\-/]\d{1,2}\.?" + _TIME + r")?\s*$")
# "2007-11-08 정병철 기자", "정병철 기자 2007-11-08": a dated byline.
_DATED_BYLINE = (re.compile(_DATE + r"\s+[가-힣]{2,4}\s?(?:기자|특파원)"),
                 re.compile(r"[가-힣]{2,4}\s?(?:기자|특파원)\s*[|·,/]?\s*" + _DATE))   # 손임규 기자 / 2024-12-10
# "(서울=뉴스1) 2021.05.07", "2021.05.07 (홍성=연합뉴스)": a news agency's dateline with its date.
_DATELINE_MARK = r"[(\[【](?!사진)[가-힣]{1,6}\s?=\s?[가-힣A-Za-z0-9]{2,10}[)\]】]"
_DATELINE = (re.compile(_DATELINE_MARK + r"\s*" + _DATE), re.compile(_DATE + r"\s*" + _DATELINE_MARK))
# "[사진=대전시의회] 2023.02.16", "ⓒ○○일보 2021.5.7", "사진제공=경남도청 2023.5.24": a dated photo credit.
_PHOTO_CREDIT = re.compile(r"(?:\[\s*사진\s*[=:][^\]]{1,30}\]|사진\s*(?:제공)?\s*[=:]\s*\S{1,20}|[ⓒ©]\s*\S{1,20})\s*" + _DATE)
# A page address with the date in its path: /2023/05/25/, /view/20250525..., /20031108011001
_ADDRESS = re.compile(r"https?://\S+?[/=](?P<y>(?:19|20)\d\d)[/-]?(?P<m>[01]\d)[/-]?(?P<d>[0-3]\d)(?=\d{0,12}(?:[/?&#.]|$))")
# "2019년 1월" in the body and "16일 밝혔다": the day stated, the month and year from the text.
_YEAR_MONTH = re.compile(r"(?P<y>(?:19|20)\d\d)년\s*(?P<m>\d{1,2})월")
_SAID_ON = re.compile(r"(?<![\d.월])(?P<d>\d{1,2})일\s*(?:밝혔다|발표했다|전했다|알렸다)")

# Strongest first: the page's own time stamp, a dated byline, a dateline, a photo credit, the address.
_RANKED = (("게재 시각 표시", (_STAMP,)), ("기자 이름 옆의 날짜", _DATED_BYLINE), ("통신사 날짜 표시", _DATELINE),
           ("사진 설명의 날짜", (_PHOTO_CREDIT,)), ("기사 주소의 날짜", (_ADDRESS,)))


@dataclass(frozen=True)
class Published:
    value: date
    kind: str          # which evidence, for the draft's date_note and review ("게재 표시", "사진 설명의 날짜", ...)
    evidence: str      # the words it was read from
    stated: bool       # a marker of the page itself; False: read from other evidence an editor should confirm


def find_published(byline: Byline, lines: Iterable[str], today: date) -> Published | None:
    """The strongest evidence of the publication date among the page's lines (header, body and trailer),
    or None. Dates after ``today`` or before 1990 are not evidence of anything."""
    if byline.published:
        return Published(byline.published.value, "게재 표시", byline.published.evidence, stated=True)
    lines = [line for line in lines if line.strip()]
    for kind, patterns in _RANKED:
        for line in lines:
            for pattern in patterns:
                match = pattern.search(line)
                found = _date_of(match, today) if match else None
                if found is not None:
                    return Published(found, kind, match.group(0).strip(), stated=kind == "게재 시각 표시")
    return _said_on(lines, today)


def _said_on(lines: list[str], today: date) -> Published | None:
    """'16일 밝혔다' in an article that states one year and month ('2019년 1월'), and only one."""
    months = {(int(m.group("y")), int(m.group("m"))) for line in lines for m in _YEAR_MONTH.finditer(line)}
    said = [(m, line) for line in lines for m in _SAID_ON.finditer(line)]
    if len(months) != 1 or not said:
        return None
    (year, month), (match, _) = next(iter(months)), said[0]
    try:
        found = date(year, month, int(match.group("d")))
    except ValueError:
        return None
    if found > today:
        return None
    return Published(found, "본문의 연월과 '밝혔다'의 날짜", f"{year}년 {month}월 … {match.group(0)}", stated=False)


def _date_of(match: re.Match, today: date) -> date | None:
    parts = [match.group(name) for name in ("y", "m", "d")]
    try:
        found = date(*(int(part) for part in parts))
    except ValueError:
        return None
    return found if date(1990, 1, 1) <= found <= today else None
