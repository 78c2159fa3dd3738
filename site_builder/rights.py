"""Reuse terms of a briefing's source, and what may be published when the full text may not.

A source may name its licence (``source.licence``): the four 공공누리 (KOGL) types of Korean public
bodies, Creative Commons, or ``전재 금지`` for the usual newspaper terms ("무단 전재 및 재배포 금지").
Where the full text may not be republished, the site shows the summary, the sentences of the body that
back its figures (short quotations with the source named) and the link to the original; the body stays
in ``content/`` for editors, and nothing else of it reaches ``output/`` (pages, search index, feeds).
No licence named means the editor asserts the archive may publish the text (an editor-written briefing,
or a release used with permission).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.model import Article, Figure


@dataclass(frozen=True)
class Licence:
    key: str            # what the front matter says (canonical spelling)
    name: str           # shown to readers
    full_text: bool     # may the archive republish the whole text?
    url: str | None     # the licence's own page
    aliases: tuple[str, ...] = ()


_KOGL = "https://www.kogl.or.kr/info/license.do"
LICENCES: tuple[Licence, ...] = (
    Licence("공공누리 제1유형", "공공누리 제1유형 (출처표시)", True, _KOGL, ("kogl-1", "공공누리 1유형")),
    Licence("공공누리 제2유형", "공공누리 제2유형 (출처표시, 상업적 이용금지)", True, _KOGL, ("kogl-2", "공공누리 2유형")),
    Licence("공공누리 제3유형", "공공누리 제3유형 (출처표시, 변경금지)", True, _KOGL, ("kogl-3", "공공누리 3유형")),
    Licence("공공누리 제4유형", "공공누리 제4유형 (출처표시, 상업적 이용금지, 변경금지)", True, _KOGL,
            ("kogl-4", "공공누리 4유형")),
    Licence("CC BY 4.0", "크리에이티브 커먼즈 저작자표시 4.0", True, "https://creativecommons.org/licenses/by/4.0/deed.ko",
            ("cc-by-4.0",)),
    Licence("전재 허락", "저작권자의 전재 허락을 받음", True, None, ("permission",)),
    Licence("전재 금지", "저작권 보호 (무단 전재·재배포 금지)", False, None, ("all-rights-reserved", "무단 전재 금지")),
)
_BY_NAME = {spelling.casefold(): licence for licence in LICENCES for spelling in (licence.key, *licence.aliases)}


def find_licence(text: str) -> Licence | None:
    return _BY_NAME.get(" ".join(text.split()).casefold())


def licence_of(article: Article) -> Licence | None:
    key = article.source.licence if article.source else None
    return find_licence(key) if key else None


def full_text_allowed(article: Article) -> bool:
    licence = licence_of(article)
    return licence is None or licence.full_text


# A sentence ends at . ! ? (and their full-width forms) followed by space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+")


@dataclass(frozen=True)
class Quotation:
    """One quoted sentence, cut into pieces; a piece with a figure is the phrase that states it."""
    pieces: tuple[tuple[str, Figure | None], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)


def quotations(text: str, figures: tuple[Figure, ...]) -> list[Quotation]:
    """The sentences of the plain body text that state the figures, in body order, each quoted once.

    A figure whose phrase is in no sentence (it spans two) is quoted as the phrase alone."""
    sentences = [" ".join(s.split()) for s in _SENTENCE_END.split(text) if s.strip()]
    marks: dict[int, list[tuple[int, int, Figure]]] = {}
    alone = []
    for figure in figures:
        phrase = " ".join(figure.text.split())
        found = next(((i, s.index(phrase)) for i, s in enumerate(sentences) if phrase in s), None)
        if found is None:
            alone.append(Quotation(((phrase, figure),)))
            continue
        index, start = found
        spans = marks.setdefault(index, [])
        if not any(start < end and begin < start + len(phrase) for begin, end, _ in spans):
            spans.append((start, start + len(phrase), figure))
        else:  # overlaps a phrase already marked in this sentence: quote it on its own
            alone.append(Quotation(((phrase, figure),)))
    quoted = []
    for index in sorted(marks):
        sentence, pieces, at = sentences[index], [], 0
        for begin, end, figure in sorted(marks[index], key=lambda span: span[0]):
            pieces += [(sentence[at:begin], None), (sentence[begin:end], figure)]
            at = end
        pieces.append((sentence[at:], None))
        quoted.append(Quotation(tuple((t, f) for t, f in pieces if t)))
    return quoted + alone


def public_text(article: Article, text: str) -> str:
    """The body text the public output may carry: all of it, or the summary and the quoted sentences."""
    if full_text_allowed(article):
        return text
    parts = [article.summary or ""] + [q.text for q in quotations(text, article.figures)]
    return "\n".join(dict.fromkeys(p for p in parts if p))
