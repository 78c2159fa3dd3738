"""``site-builder new "제목"``: a briefing file with today's date and every key, commented."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from site_builder.model import AGREEMENT_KINDS, METRICS, UNITS

_TEMPLATE = """---
title: {title}
# subtitle: 부제 또는 기사 요약 한 줄
date: {today}                  # 게재일 (YYYY-MM-DD)
# date_note: 게재일이 불확실하면 근거를 적습니다
city: {cities}                        # 예: [대전광역시] (registry/cities.yaml의 이름이나 별칭)
# agency: 주관 기관 (예: 중소벤처기업부)
officials: []                   # 예: [이장우 대전시장]
# trip: {{start: {today}, end: {today}}}
# event: {month}-{slug}        # 같은 출장·행사를 다룬 보도끼리 같은 키 (ASCII 소문자·숫자·하이픈)
destinations: {destinations}                # 예: [샌프란시스코] (registry/places.yaml)
partners: []                    # 예: [실리콘밸리은행] (registry/partners.yaml)
figures: []
# figures:
#   - label: 투자·상담액
#     metric: consultation_amount   # {metrics}
#     role: result                  # result(성과: 합계에 들어감), plan(계획·추진·예정), context(배경)
#     value: 37000000000            # 원 단위 정수 (370억 원); 문구의 수와 같아야 합니다
#     unit: KRW                     # {units}
#     approx: true                  # 여·약·규모·정도
#     # bound: max                  # max(최대·까지) 또는 min(이상·넘는·돌파)
#     text: 투자ㆍ상담 금액은 370여억 원     # 본문에 그대로 있는 문구
agreements: []
# agreements:
#   - kind: mou                     # {kinds}
#     partners: [실리콘밸리은행]     # 상대 기관 (registry/partners.yaml)
#     # parties: 참가 기업 간        # 서명 주체가 이 브리핑의 도시·기관이 아닐 때
#     date: {today}                 # 체결일 (기사에 있을 때)
#     # count: 6                    # 한 문구가 여러 건을 밝힐 때 (MOU 6건)
#     text: 실리콘밸리은행과 업무협약을 체결했다   # 본문에 그대로 있는 문구
tags: []                        # registry/tags.yaml
# source:
#   publisher: 언론사 또는 기관
#   reporter: 기자 이름
#   url: https://
#   published: {today}
# summary: 목록과 검색 결과에 쓰이는 한두 문장 요약
# slug: {slug}
draft: true
---

본문을 Markdown으로 씁니다. 소제목은 `## 소제목`, 사진 설명은 `*사진: 설명*` 한 줄로.
"""


@dataclass(frozen=True)
class TitleNames:
    """Registered names found in a title, as ingest finds them in an article."""
    cities: tuple[str, ...]
    destinations: tuple[str, ...]
    slug: str | None       # <city>-<destination> from the registries' slugs, None when the title names neither


def scaffold(briefings_dir: Path, title: str, slug: str, today: date,
             names: TitleNames = TitleNames((), (), None)) -> Path:
    """Create the file; raises FileExistsError rather than overwrite an editor's work."""
    path = briefings_dir / f"{today.isoformat()}-{slug}.md"
    briefings_dir.mkdir(parents=True, exist_ok=True)
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = _TEMPLATE.format(title=quoted, today=today.isoformat(), slug=slug,
                            metrics=", ".join(METRICS), units=", ".join(UNITS), kinds=", ".join(AGREEMENT_KINDS),
                            month=today.strftime("%Y-%m"), cities=_flow(names.cities),
                            destinations=_flow(names.destinations))
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def _flow(names: tuple[str, ...]) -> str:
    return "[" + ", ".join(names) + "]"
