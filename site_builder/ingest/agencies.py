"""A national agency an article is about (중소벤처기업부(장관 이영), 신국환 산업자원부 장관은, 국토해양부는)
and its head, when no city or education office is."""

from __future__ import annotations

import re

from site_builder.ingest.names import HANJA as _HANJA, NAME as _NAME, ROLE_END as _ROLE_END, SURNAMES as _SURNAMES

# 중소벤처기업부(장관 이영): a national agency introduced with its head
_AGENCY = re.compile(r"(?P<agency>[가-힣]{2,12}(?:부|청|처|위원회))\s*\((?:장관|청장|처장|위원장|차관)\s+[가-힣]{2,4}\)")
_MINISTRY = re.compile(r"(?<![가-힣])(?P<agency>(?:[가-힣]{2,10})(?:부|청|처))(?:는|은|가|이|와|과|도)\s")
# 신국환 산업자원부 장관은, 김현미(사진) 국토교통부 장관이: a national agency named with its head
_AGENCY_ROLES = r"(?P<role>장관|청장|처장|위원장)"
_AGENCY_HEAD = re.compile(_NAME + _HANJA + r"\s?(?P<agency>[가-힣]{2,12}(?:부|청|처|위원회))\s?" + _AGENCY_ROLES + _ROLE_END)


def national_agency(text: str) -> str | None:
    """The agency the article is about: named with its head, introduced with (장관 …), or the subject of
    its opening; by its full name when the text has one (국토해양부 over a title's 국토부)."""
    head = _AGENCY_HEAD.search(text[:400])
    match = head if head and head.group("name")[0] in _SURNAMES else _AGENCY.search(text) or _MINISTRY.search(text[:400])
    if match is None:
        return None
    agency = match.group("agency")
    # 국토부 in a title, 국토해양부는 in the lede: the full name
    longer = [m.group(1) for m in re.finditer(r"(?<![가-힣])([가-힣]{3,12}" + agency[-1] + r")(?:는|은|가|이|와|과|의|도|\s)", text)
              if m.group(1).startswith(agency[:2]) and len(m.group(1)) > len(agency)]
    return max(longer, key=longer.count) if longer else agency


def agency_heads(text: str, agency: str) -> tuple[str, ...]:
    """The agency's head: 신국환 산업자원부 장관, or 권도엽 장관 of the 국토해양부 the article is about."""
    alone = re.compile(_NAME + _HANJA + r"\s?" + _AGENCY_ROLES + _ROLE_END)
    found = [(m.start(), m.group("name"), m.group("role")) for m in _AGENCY_HEAD.finditer(text) if m.group("agency") == agency]
    found += [(m.start(), m.group("name"), m.group("role")) for m in alone.finditer(text)]
    people: dict[str, str] = {}
    for _, name, role in sorted(found):
        if name[0] in _SURNAMES and not re.search(r"[부청처원회]$", name):   # not 주택부 장관
            people.setdefault(name, f"{name} {agency} {role}")
    return tuple(people.values())
