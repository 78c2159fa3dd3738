"""Publication date, reporter and publisher from a page's furniture (bylines, 승인/입력 lines, e-mail).

A scraped page often shows the day it was *displayed* at the top ("2024.06.11 (화)"); that is never taken
as the publication date. Only a date next to a publication marker counts; without one the caller infers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

# Markers of the first publication, strongest first; 수정 (last edited) only when nothing else is there.
_PUBLISHED_MARKERS = ("기사입력", "입력", "승인", "등록일", "등록", "게재일", "게재", "발행일", "작성일")
_EDITED_MARKERS = ("최종수정", "수정일", "수정")
_DATE = r"(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})"
_MARKED_DATE = re.compile(
    r"(?P<marker>" + "|".join(sorted(_PUBLISHED_MARKERS + _EDITED_MARKERS, key=len, reverse=True)) + r")"
    r"\s*(?:일시|시간)?\s*[:：]?\s*" + _DATE)
# A date standing alone on a line at the top of the page: the day the page was viewed.
_VIEW_DATE = re.compile(r"^\s*" + _DATE + r"\.?\s*(?:\([월화수목금토일]\))?\s*$")
_NAME = r"[가-힣]{2,4}"
_REPORTER = re.compile(r"(?:^|[\s•·|(=])(?P<name>" + _NAME + r")\s?(?:기자|특파원|통신원)(?![가-힣])")
_PUBLISHER_BEFORE_REPORTER = re.compile(
    r"^\s*(?P<publisher>[가-힣A-Za-z0-9]{2,20})(?:\s*\([^)]*\))?\s+" + _NAME + r"\s?기자\s*[|=｜]")
# A newsletter's closing credit: "김동희 사진 윤기중" or "글 김동희 사진 윤기중" (writer, then photographer).
_WRITER_CREDIT = re.compile(r"^(?:글\s*)?(?P<name>" + _NAME + r")\s+사진\s*" + _NAME + r"$")
# "저작권자 © 수원일보 무단전재 및 재배포 금지", "Copyright ⓒ 신아일보": the publisher's own name.
_COPYRIGHT = re.compile(r"(?:저작권자|Copyright|copyright|COPYRIGHT)\s*(?:[©ⓒ]|\([cC]\))?\s*(?:\d{4}\s*)?"
                        r"(?P<publisher>[가-힣A-Za-z0-9]{2,20}(?:\s[가-힣A-Za-z]{2,10})?)(?=\s*(?:[.,]|무단|All|$))")
# The publisher's legal footer ("등록번호: 인천 아 01208 | 등록일 : 2014년9월16일 | 발행인 …"): its 등록일 is
# the day the newspaper was registered, not the article's.
_MASTHEAD = re.compile(r"등록번호|발행인|편집인|사업자")
_EMAIL = re.compile(r"[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
_SOURCE_LINE = re.compile(r"^\s*\[?\s*(?:출처|자료제공|자료 제공)\s*[:：=]\s*(?P<name>[^\]]+?)\s*\]?\s*$")


@dataclass(frozen=True)
class Dated:
    value: date
    evidence: str      # the page text it was read from


@dataclass(frozen=True)
class Byline:
    published: Dated | None     # from a publication marker (승인, 입력, 등록일 ...)
    edited: Dated | None        # from a 수정 marker
    viewed: Dated | None        # a bare date at the top of the page (the day it was shown)
    reporter: str | None
    publisher: str | None
    publisher_evidence: str | None
    credited_source: str | None  # [출처: 중소벤처기업부]: the press release the article reprints


def read_byline(lines: Iterable[str]) -> Byline:
    """Read the byline facts from the page's non-article lines (header, trailer) and its first paragraph."""
    lines = [line.strip() for line in lines if line.strip()]
    published = edited = viewed = None
    reporter = publisher = publisher_evidence = credited = None
    for line in lines:
        for match in _MARKED_DATE.finditer("" if _MASTHEAD.search(line) else line):
            found = _date(match.group(2, 3, 4), match.group(0))
            if found is None:
                continue
            if match.group("marker") in _EDITED_MARKERS:
                edited = edited or found
            elif published is None or found.value < published.value:
                published = found  # several markers (입력, 수정 …): the earliest is the first publication
        if viewed is None and (match := _VIEW_DATE.match(line)):
            viewed = _date(match.group(1, 2, 3), line)
        if publisher is None and (match := _PUBLISHER_BEFORE_REPORTER.match(line) or _COPYRIGHT.search(line)):
            publisher, publisher_evidence = match.group("publisher"), match.group(0).strip()
        if reporter is None and (match := _REPORTER.search(line) or _WRITER_CREDIT.match(line)):
            reporter = match.group("name")
        if credited is None and (match := _SOURCE_LINE.match(line)):
            credited = match.group("name").strip()
    if publisher is None:
        domains = [m.group("domain") for line in lines for m in _EMAIL.finditer(line)]
        if domains:
            publisher, publisher_evidence = domains[0], f"기자 e-mail 도메인 {domains[0]}"
    return Byline(published, edited, viewed, reporter, publisher, publisher_evidence, credited)


def _date(parts: tuple[str, str, str], evidence: str) -> Dated | None:
    try:
        return Dated(date(*(int(part) for part in parts)), evidence.strip())
    except ValueError:
        return None
