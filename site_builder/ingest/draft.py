"""A draft briefing from a cleaned page: front matter filled in from what the page states, and a
``review`` list naming every field that was guessed or not found, so an editor knows what to check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from site_builder.ingest.byline import Byline, read_byline
from site_builder.ingest.clean import CleanPage
from site_builder.ingest.dates import DateGuess, durations, find_trip, sentences
from site_builder.ingest.entities import Entities, EntityFinder, Texts
from site_builder.ingest.figures import extract_figures
from site_builder.ingest.proposals import Proposal
from site_builder.ingest.published import Published, find_published
from site_builder.model import Figure, Registries
from site_builder.registry import lookup


@dataclass(frozen=True)
class Draft:
    slug: str                  # ASCII, from the registries' slugs: <city>-<destination>
    published: date | None    # None: the page gives no evidence of it, the editor fills it in
    front_matter: str          # YAML without the fences and without raw/review
    body: str                  # Markdown
    review: tuple[str, ...]
    proposals: tuple[Proposal, ...] = ()   # partners the draft names that registry/proposed-partners.yaml must hold
    place_proposals: tuple[Proposal, ...] = ()   # places it names that registry/proposed-places.yaml must hold

    def text(self, raw_path: str) -> str:
        """The briefing file, given where its raw article is kept (relative to content/)."""
        review = "".join(f"  - {_scalar(item)}\n" for item in self.review)
        return (f"---\n{self.front_matter}draft: true\nraw: {_scalar(raw_path)}\nreview:\n{review}---\n\n"
                f"{self.body}")


def compose_draft(page: CleanPage, finder: EntityFinder, fallback_slug: str, today: date) -> Draft:
    """Everything the page says, in front matter. ``fallback_slug`` names the briefing when no city or
    place does; ``today`` only rules out dates in the future, it is never a date of the draft."""
    review: list[str] = []
    body = page.markdown()
    byline = read_byline([*page.header, *_first_paragraph(page), *page.trailer])
    title = page.title or (page.subtitles[0] if page.subtitles else None)
    if page.title is None:
        review.append("title: 제목을 찾지 못해 " + ("부제 첫 줄을 썼습니다" if title else "파일 이름을 썼습니다"))
        title = title or fallback_slug

    article_text = [*page.subtitles, *(b.text for b in page.blocks if b.kind == "paragraph")]
    # Removed lines count as evidence too: a caption's second copy may carry the photo's dated credit.
    page_lines = [*page.header, *(page.title or "",), *page.subtitles, *(b.text for b in page.blocks), *page.removed,
                  *page.trailer[:6]]
    published, date_note, trip = _dates(byline, find_published(byline, page_lines, today), article_text, review)
    # A title made from the file name is no evidence of what the article is about (daejeon-… is a city).
    entities = finder.find(Texts(title if page.title or page.subtitles else "", page.subtitles, body))
    _review_entities(entities, review)
    figures = extract_figures(body)
    review.append(f"figures: {len(figures)}개를 자동으로 뽑았습니다. label과 metric은 추정이니 확인하세요"
                  if figures else "figures: 수치를 찾지 못했습니다")
    if figures:
        roles = {role: sum(1 for f in figures if f.role == role) for role in ("result", "plan", "context")}
        review.append("figures.role: 문장의 동사로 추정했습니다(성과 {result}개, 계획 {plan}개, 배경 {context}개). "
                      "합계에는 성과만 들어가니 확인하세요".format(**roles))
    if entities.tags:
        review.append("tags: 본문에 나온 태그 이름으로 고른 추정입니다")
    _review_source(byline, review)
    summary = _lead_sentence(page)
    if summary:
        review.append("summary: 첫 문장을 그대로 옮겼습니다. 한두 문장으로 요약하세요")

    slug = _slug(entities, finder.registries, fallback_slug)
    # Reports of one trip share an event key; this one is made of the trip's month, city and place, so two
    # drafts of one trip propose the same key.
    event = f"{trip.start:%Y-%m}-{slug}" if trip else None
    if event:
        review.append("event: 출장 달·도시·방문지로 만든 키입니다. 같은 출장의 다른 보도와 같게, 다른 출장이면 다르게 적으세요")
    lines = [
        f"title: {_scalar(title)}",
        *([f"subtitle: {_scalar(_join_deck(page.subtitles))}"] if page.subtitles else []),
        f"date: {published.isoformat()}" if published else "date:  # 게재일 근거가 기사에 없습니다: YYYY-MM-DD로 넣으세요",
        *([f"date_note: {_scalar(date_note)}"] if date_note else []),
        f"city: {_flow(entities.cities)}",
        *([f"agency: {_scalar(entities.agency)}"] if entities.agency else []),
        f"officials: {_flow(entities.officials)}",
        *([f"trip: {{start: {trip.start.isoformat()}, end: {trip.end.isoformat()}}}"] if trip else []),
        f"destinations: {_flow(_destinations(entities))}",
        f"partners: {_flow(entities.partners + tuple(p.name for p in entities.proposals))}",
        *_figure_lines(figures),
        *([f"event: {event}"] if event else []),
        f"tags: {_flow(entities.tags)}",
        *_source_lines(byline, published),
        *([f"summary: {_scalar(summary)}"] if summary else []),
    ]
    return Draft(slug, published, "\n".join(lines) + "\n", body, tuple(review), entities.proposals,
                 entities.place_proposals)


def _destinations(entities: Entities) -> tuple[str, ...]:
    return tuple(dict.fromkeys(entities.destinations + tuple(p.name for p in entities.place_proposals)))


def _join_deck(lines: tuple[str, ...]) -> str:
    """Deck lines as one subtitle: a line ending in a comma continues on the next, others are separate."""
    text = lines[0]
    for line in lines[1:]:
        text += (" " if text.endswith(",") else " / ") + line
    return text


def _first_paragraph(page: CleanPage) -> list[str]:
    """Bylines often open the first paragraph ("데일리연합 박주리 기자 | ...")."""
    return [b.text for b in page.blocks[:3] if b.kind == "paragraph"][:1]


def _dates(byline: Byline, published: Published | None, texts: list[str],
           review: list[str]) -> tuple[date | None, str | None, DateGuess | None]:
    """The publication date from the strongest evidence, or none; the trip's year from that date, or
    from the article's own words ("2023년 1월 4일부터"), never from today or the page header's date."""
    viewed = (f" 페이지 위쪽의 '{byline.viewed.evidence}'는 페이지를 본 날이라 게재일로 쓰지 않았다."
              if byline.viewed else "")
    if published is not None:
        note = f"기사의 {published.kind} '{published.evidence}' 기준." + viewed
        if not published.stated:
            review.append(f"date: 게재 표시가 없어 {published.kind}('{published.evidence}')로 정했습니다. 원문에서 확인하세요")
    else:
        note = "기사에 게재일을 뒷받침하는 표시가 없어 날짜를 비워 두었다." + viewed
        review.append("date: 게재일 근거(승인·입력·등록일, 기자 이름·사진 설명 옆 날짜, 기사 주소)가 없어 비워 두었습니다. "
                      "원문에서 확인해 넣으세요 (날짜 없는 초안은 게시되지 않습니다)")
    trip = find_trip(texts, published.value if published else None)
    if trip is None:
        stated = durations(texts)
        review.append("trip: 출장 기간을 찾지 못했습니다" + (f" (본문에 '{stated[0]}' 표현이 있음)" if stated else "")
                      + ("" if published else ". 연도를 알 수 없는 날짜는 넣지 않았습니다"))
    else:
        note += (f" 출장 기간은 본문의 '{trip.evidence}'에서 읽었다." if trip.stated
                 else f" 출장 기간은 {trip.evidence}로 추정했다.")
        if not trip.stated:
            review.append(f"trip: 기간이 명시되지 않아 {trip.evidence}로 추정했습니다")
        elif published is not None and not published.stated:
            review.append("trip: 연도와 달을 게재일에서 가져왔습니다. 확인하세요")
    return (published.value if published else None), note, trip


def _review_entities(entities: Entities, review: list[str]) -> None:
    if not entities.cities and not entities.agency:
        review.append("city: 지자체나 기관을 찾지 못했습니다")
    elif entities.cities:
        review.append("city: 본문에 나온 지자체 이름으로 고른 추정입니다" if not entities.officials
                      else "city: 단체장 직함과 본문 언급으로 골랐습니다. 확인하세요")
    else:
        review.append("agency: 본문 첫머리의 기관 이름으로 고른 추정입니다")
    review.extend(entities.notes)
    if not entities.officials:
        review.append("officials: 단체장·기관장을 찾지 못했습니다")
    if entities.proposals:
        review.append("partners: 레지스트리에 없어 새로 제안한 파트너 — " + ", ".join(
            f"{p.name}({p.kind}, {p.country or '국가 미상'})" for p in entities.proposals)
            + " (registry/proposed-partners.yaml에서 확인해 partners.yaml로 옮기거나 지우세요)")
    if entities.place_proposals:
        review.append("destinations: 레지스트리에 없어 새로 제안한 방문지 — " + ", ".join(
            f"{p.name}({p.country})" if p.country else p.name for p in entities.place_proposals)
            + " (registry/proposed-places.yaml에서 확인해 places.yaml로 옮기거나 지우세요)")
    for field, found in (("destinations", _destinations(entities)),
                         ("partners", entities.partners + tuple(p.name for p in entities.proposals))):
        if not found:
            review.append(f"{field}: 레지스트리에 있는 이름을 찾지 못했습니다")
    if entities.candidates:
        review.append("partners: 레지스트리에 없는 기관 이름 후보 — " + ", ".join(entities.candidates)
                      + " (맞으면 registry/partners.yaml에 추가하세요)")


def _review_source(byline: Byline, review: list[str]) -> None:
    if byline.publisher is None and byline.credited_source:
        review.append(f"source.publisher: 기사의 [출처: {byline.credited_source}]에서 가져왔습니다. 보도한 매체를 확인하세요")
    elif byline.publisher is None:
        review.append("source: 언론사·발행 기관을 찾지 못했습니다"
                      + (f" (기자: {byline.reporter})" if byline.reporter else ""))
    elif byline.publisher_evidence and "도메인" in byline.publisher_evidence:
        review.append(f"source.publisher: {byline.publisher_evidence}에서 추정했습니다. 언론사 이름으로 바꾸세요")
    if byline.reporter is None and byline.publisher is not None:
        review.append("source.reporter: 기자 이름을 찾지 못했습니다")
    review.append("source.url: 텍스트에는 원문 주소가 없습니다. 넣어 주세요")


def _source_lines(byline: Byline, published: date | None) -> list[str]:
    publisher = byline.publisher or byline.credited_source
    if publisher is None:
        return []
    lines = ["source:", f"  publisher: {_scalar(publisher)}"]
    if byline.reporter:
        lines.append(f"  reporter: {_scalar(byline.reporter)}")
    if byline.published and published:
        lines.append(f"  published: {published.isoformat()}")
    return lines


def _figure_lines(figures: tuple[Figure, ...]) -> list[str]:
    if not figures:
        return ["figures: []"]
    lines = ["figures:"]
    for figure in figures:
        lines += [f"  - label: {_scalar(figure.label)}",
                  f"    metric: {figure.metric}",
                  f"    role: {figure.role}",
                  f"    value: {figure.value!r}",
                  f"    unit: {_scalar(figure.unit)}",
                  f"    approx: {'true' if figure.approx else 'false'}",
                  *([f"    bound: {figure.bound}"] if figure.bound else []),
                  f"    text: {_scalar(figure.text)}"]
    return lines


def _lead_sentence(page: CleanPage) -> str | None:
    for block in page.blocks:
        if block.kind == "paragraph":
            found = sentences([block.text])
            return found[0] if found else None
    return None


def _slug(entities: Entities, registries: Registries, fallback: str) -> str:
    parts = [term.slug for name in entities.cities[:1] if (term := lookup(registries.cities, name))]
    parts += [term.slug for name in entities.destinations[:1] if (term := lookup(registries.places, name))]
    return "-".join(parts) or fallback


# Plain YAML scalars: text that YAML would not read as a number, date, boolean, list or comment.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\[\]{},]*")
_SPECIAL = re.compile(r"^(?:true|false|yes|no|on|off|null|~|[-+]?[\d.,_:]+(?:e[-+]?\d+)?|\d{4}-\d\d-\d\d.*)$", re.I)


def _scalar(text: str) -> str:
    text = text.strip()
    if _PLAIN.fullmatch(text) and not _SPECIAL.match(text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _flow(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_scalar(item) for item in items) + "]"


