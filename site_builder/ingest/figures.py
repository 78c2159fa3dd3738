"""Figures: every quantitative claim of a briefing body, as draft front-matter figures.

Each quantity that site_builder.numbers finds in a paragraph becomes a Figure whose text is a short
phrase of its sentence around the number ("대전관 방문자 3,500여 명", "845억원 규모(5.3일 기준)의
투자유치 논의"), with a metric guessed from the words near it and a label for the figures table.
Headings and photo captions are left out: they repeat the paragraphs or describe pictures.
Everything here is a draft: a person reviews each figure before it is published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from site_builder.model import METRICS, Figure
from site_builder.numbers import Quantity, find_quantities

# --- Paragraphs, sentences, words -----------------------------------------------------------------

# Headings, captions (*사진: ...*, even unclosed), other emphasized lines, images, comments and rules.
_NOT_PROSE = re.compile(r"\s*(?:#{1,6}\s|\*\s*사진|\*[^*].*\*\s*$|_[^_].*_\s*$|!\[|<!--|[-*_]+\s*$)")
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")           # a list item is a block of its own
# A full stop before a space or quote (not 5.3일 or 2.59), or a line break: scraped text and lists put
# one item on a line, and a phrase broken over two lines would read badly in the figures table.
_SENTENCE_END = re.compile(r"[.!?。](?=[\s\"'”’」』)]|$)|\n")
_BULLET = re.compile(r"^[-*+▲△■□●○◆◇▶►•※]+")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str


def _paragraphs(body: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph or list item: a run of prose lines, not blank lines, headings,
    captions (*사진: ...*) or images."""
    start = None
    offset = 0
    for line in body.split("\n") + [""]:
        prose = bool(line.strip()) and not _NOT_PROSE.match(line)
        if start is not None and (not prose or _LIST_ITEM.match(line)):
            yield start, offset - 1
            start = None
        if prose and start is None:
            start = offset
        offset += len(line) + 1


def _sentences(body: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph; a figure's phrase never leaves its sentence."""
    for stop in _SENTENCE_END.finditer(body, start, end):
        yield start, stop.end()
        start = stop.end()
    if body[start:end].strip():
        yield start, end


def _words(body: str, start: int, end: int) -> list[_Word]:
    return [_Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(body, start, end)]


# --- Korean word endings ----------------------------------------------------------------------------

# Longest first. A one-syllable particle is only taken off a word that keeps two syllables:
# 기업이 is 기업 + 이, but 국가, 성과, 회의 are nouns.
_PARTICLES = ("에서는", "으로는", "하고는", "에서", "으로", "에게", "에는", "까지", "부터", "보다", "처럼", "과의", "와의",
              "이나", "하고", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만")
_SUBJECT_PARTICLES = ("은", "는", "이", "가")
# Verb forms that close a clause or modify another noun: a phrase around a number stops there.
_CLAUSE_END = re.compile(r"(?:며|[하되했였었았있없이지받갖주]고|[은는던]데|지만|으나|면서|하여|해서|[하으]면|[통위대의]해|따라"
                         r"|[위대통관향인]한|따른|[하되있없]는|[하되했]던|[했였었았이]다|[한된있없]다)$")
# Verb forms of three syllables or more ending in 해/한 (비롯해, 포함한, 위치한) do too; shorter words
# ending so are nouns (올해, 피해, 권한).
_VERB_FORM = re.compile(r"[가-힣]{2,}[해한]$")
# Words that open a clause or close a list rather than describe the number after them.
_OPENERS = frozenset(("이", "그", "이번", "현재", "또한", "특히", "이날", "이후", "앞으로", "그리고", "이어", "한편", "먼저", "또",
                      "아울러", "더불어", "이에", "지난", "올해", "지난해", "작년", "금년", "내년", "당시", "이미", "이제", "모두",
                      "등", "중", "및"))
_PRONOUNS = frozenset(("우리", "저희", "이들", "그들"))
_APPROX_PREFIXES = frozenset(("약", "최대", "최소", "대략", "총", "무려", "거의"))
_APPROX_WORDS = frozenset(("규모", "이상", "정도", "가량", "미만", "이하", "이내", "초과", "남짓", "안팎", "내외", "수준",
                           "가까이", "넘는", "넘게", "넘어", "넘은"))
_QUOTES = "\"“”'‘’「」『』"
_COUNTS = ("명", "건", "개", "개사")
_VERB_SUFFIX = re.compile(r"(?:하였다|했다|했으며|하였으며|하는데|하면서|하여|하고|한다|하는|한)$")  # 참여했다 -> 참여


def _split_particle(word: str) -> tuple[str, str]:
    """기업이 -> ('기업', '이'), 보스턴에서 -> ('보스턴', '에서'), 국가 -> ('국가', '')."""
    for particle in _PARTICLES:
        if word.endswith(particle):
            stem = word[: -len(particle)]
            if len(stem) >= (2 if len(particle) == 1 else 1) and re.search(r"[가-힣A-Za-z0-9)]$", stem):
                return stem, particle
    return word, ""


def _ends_clause(word: str) -> bool:
    bare = word.rstrip(".")
    return (word.endswith((",", ";", ":", "…")) or bool(_CLAUSE_END.search(bare) or _VERB_FORM.search(bare))
            or any(q in word for q in _QUOTES))


# --- The phrase around a quantity -------------------------------------------------------------------

@dataclass(frozen=True)
class _Phrase:
    start: int
    end: int
    before: tuple[str, ...]      # words before the number that say what it is: 대전관, 방문자
    after: tuple[str, ...]       # the noun it counts or qualifies: 부스, 투자유치 논의
    predicate: tuple[str, ...]   # the verb phrase, when nothing else says what it is: 참여했다


def _phrase(body: str, words: list[_Word], quantity: Quantity) -> _Phrase:
    """The shortest phrase of the sentence that says what the number is about."""
    first = next(i for i, w in enumerate(words) if w.end > quantity.start)
    last = next(i for i, w in enumerate(words) if w.end >= quantity.end)
    glued = _glued_start(body, words[first], quantity)
    head = body[glued:quantity.start].rstrip("(")
    before = _words_before(words[:first]) if glued == words[first].start else []
    start = before[0].start if before else glued
    described = [w.text for w in before] + ([head] if head else [])
    end, rest = _end_of_number(body, words, last, quantity)
    end, after, rest = _noun_after(body, rest, end, quantity, body[quantity.end:words[last].end])
    predicate: list[str] = []
    if not after and not _describes(described):
        for word in rest[:3]:                    # 50여 명이 참여했다
            end = word.end
            predicate.append(word.text)
            if _ends_clause(word.text) or word.text.endswith("."):
                break
    end = _balance_parentheses(body, start, end, words[-1].end)
    return _Phrase(start, end, tuple(described), tuple(after), tuple(predicate))


def _glued_start(body: str, word: _Word, quantity: Quantity) -> int:
    """Where the phrase starts within the word holding the number: 사업(1,213억)을 keeps 사업(."""
    glued = body[word.start:quantity.start]
    quote = max(glued.rfind(q) for q in _QUOTES)
    return word.start + quote + 1 if quote >= 0 else word.start


def _words_before(words: list[_Word]) -> list[_Word]:
    """Up to three words before the number that belong to its noun phrase (투자ㆍ상담 금액은)."""
    taken: list[_Word] = []
    for word in reversed(words):
        text = word.text
        bullet = _BULLET.match(text)
        if bullet:                               # ▲방문객: 3,000명 - the item starts after its bullet
            if bullet.end() < len(text):
                taken.insert(0, _Word(word.start + bullet.end(), word.end, text[bullet.end():]))
            break
        if text in _APPROX_PREFIXES:
            taken.insert(0, word)
            continue
        if text.endswith(":") and not taken:      # 상담 실적: 45건
            text = text[:-1]
        elif len([w for w in taken if w.text not in _APPROX_PREFIXES]) == 3 or _ends_clause(text) or text in _OPENERS:
            break
        stem, particle = _split_particle(text)
        if particle and stem not in _PRONOUNS:
            if particle not in _SUBJECT_PARTICLES + ("의",):
                break                            # 계기로, 보스턴에서, 기업과: tied to another word
            if particle in _SUBJECT_PARTICLES and len(taken) >= 2:
                break                            # a topic further away is the sentence's, not the number's
        taken.insert(0, word)
        if particle == "의" and len(taken) > 1:
            break                                # CES의 최고혁신상: the genitive opens the noun phrase
    return taken


def _describes(described: list[str]) -> bool:
    """Do the words before the number say what it is (not only 약, 총 or 우리가)?"""
    return any(text not in _APPROX_PREFIXES and _split_particle(text)[0] not in _PRONOUNS for text in described)


def _end_of_number(body: str, words: list[_Word], last: int, quantity: Quantity) -> tuple[int, list[_Word]]:
    """End of the number with what qualifies it right after: 800억원대, (10명), 845억원 규모(5.3일 기준)의."""
    end = quantity.end
    if body.startswith(("대", ")"), end):
        end += 1
    if body[end:words[last].end] == "의":                    # 90개의 연구기관
        end += 1
    rest = words[last + 1:]
    if rest and end == words[last].end and _split_particle(rest[0].text)[0].split("(")[0] in _APPROX_WORDS:
        marker = rest.pop(0)
        if "(" in marker.text and ")" not in marker.text:     # 규모(5.3일 기준)의
            closing = next((w for w in rest if ")" in w.text), None)
            if closing:
                marker, rest = closing, rest[rest.index(closing) + 1:]
        stem, particle = _split_particle(marker.text)
        end = marker.start + len(stem) + (1 if particle == "의" else 0)
    return end, rest


def _noun_after(body: str, rest: list[_Word], end: int, quantity: Quantity,
                glued: str) -> tuple[int, list[str], list[_Word]]:
    """The noun the number qualifies: N개의 연구기관, 3만 개 이상의 벤처기업, 38개 VC (counts only)."""
    genitive = body[end - 1] == "의"
    if not genitive and (quantity.unit not in _COUNTS or glued or end != quantity.end):
        return end, [], rest
    after: list[str] = []
    for index, word in enumerate(rest[: 3 if genitive else 1]):
        if _ends_clause(word.text) or word.text in _OPENERS:
            break
        stem, particle = _split_particle(word.text.rstrip(".,)"))
        after.append(stem)
        end = word.start + len(stem)
        if particle or word.text[-1] in ".,)":
            return end, after, rest[index + 1:]
    return end, after, rest[len(after):]


def _balance_parentheses(body: str, start: int, end: int, limit: int) -> int:
    """Close a parenthesis the phrase opened: 정책결정자들(10명."""
    if body.count("(", start, end) > body.count(")", start, end):
        closing = body.find(")", end, limit)
        if closing >= 0:
            return closing + 1
    return end


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """Without surrounding spaces and sentence punctuation."""
    while end > start and body[end - 1] in " \t\n.,;:":
        end -= 1
    while start < end and body[start] in " \t\n":
        start += 1
    return start, end


# --- Metric, unit and label -------------------------------------------------------------------------

def _keywords(*words: str) -> re.Pattern[str]:
    """Words that may be written with or without their spaces: 상담 금액, 상담금액."""
    return re.compile("|".join(r"\s*".join(map(re.escape, word.split())) for word in words))


# Most specific first where two could match at the same place (투자금 before 투자).
_METRIC_WORDS = {
    "consultation_amount": _keywords("상담액", "상담 금액", "상담 실적", "계약 추진액", "계약 추진 금액"),
    "fund": _keywords("펀드", "기금", "투자금", "출자"),
    "investment": _keywords("투자 유치", "투자"),
    "export": _keywords("수출"),
    "budget": _keywords("예산", "사업비", "국비", "도비", "시비", "사업"),
    "visitors": _keywords("방문객", "방문자", "관람객", "참관객", "내방객", "관광객"),
    "delegation": _keywords("대표단", "사절단", "방문단", "시찰단"),
    "consultations": _keywords("상담 건수", "상담"),
    "mou": _keywords("MOU", "MOA", "양해각서", "협약", "협정"),
    "other": _keywords("시가총액", "싯가 총액", "매출", "인구", "비율", "비중", "점유율", "자산"),
}
_METRICS_FOR_UNIT = {
    "KRW": ("consultation_amount", "fund", "investment", "export", "budget", "other"),
    "USD": ("consultation_amount", "fund", "investment", "export", "budget", "other"),
    "명": ("visitors", "delegation", "other"),
    "건": ("consultations", "mou", "other"),
    "%": ("other",),
}
_NEAR = 20            # characters between a keyword and the number for the keyword to name it
_COMPANY = re.compile(r"기업|업체|회사|스타트업|벤처|유니콘")


def _metric(body: str, sentence: tuple[int, int], quantity: Quantity, phrase: _Phrase, unit: str) -> str:
    """Counts of companies by what they count. Other units by a keyword that fits the unit: the last one
    in the phrase, as Korean compounds end in their head (수출 계약 추진액 is an amount of contracts
    being pursued), else the nearest one in the sentence."""
    if unit == "개사":
        return "companies"
    if unit == "개":
        return "other"   # 4개 기업: counted in 개 as written; companies (개사) are what the text counts in 개사
    in_phrase: tuple[int, int, str] | None = None    # (end, length, metric): the last, longest keyword
    nearest: tuple[int, int, str] | None = None      # (distance, -length, metric)
    for metric in _METRICS_FOR_UNIT[unit]:
        for match in _METRIC_WORDS[metric].finditer(body, *sentence):
            if phrase.start <= match.start() and match.end() <= phrase.end:
                candidate = (match.end(), len(match.group()), metric)
                in_phrase = max(in_phrase, candidate) if in_phrase else candidate
            distance = max(quantity.start - match.end(), match.start() - quantity.end, 0)
            if distance <= _NEAR:
                candidate = (distance, -len(match.group()), metric)
                nearest = min(nearest, candidate) if nearest else candidate
    best = in_phrase or nearest
    return best[2] if best else "other"


def _counted(phrase: _Phrase) -> str:
    """What a count counts: the noun after it (250개 기업), else the one before it (현지 기업 3곳)."""
    if phrase.after:
        return phrase.after[0]
    return _split_particle(phrase.before[-1])[0] if phrase.before else ""


def _unit(quantity: Quantity, phrase: _Phrase) -> str:
    """The unit the article writes: 4개 기업 stays 개 (numbers are facts, as written), 3개사 is 개사;
    기업 3곳 (곳 is no unit of the archive) and 기업 N개 부스 count companies in 개사."""
    if quantity.unit == "개" and quantity.text.endswith("곳") and _COMPANY.search(_counted(phrase)):
        return "개사"
    if quantity.unit == "개" and phrase.after and _plain_noun(phrase.before) and _COMPANY.search(phrase.before[-1]):
        return "개사"   # 대전기업 10여 개 부스: a booth per company, so the count is of companies
    return quantity.unit


def _label(phrase: _Phrase, metric: str) -> str:
    """A noun phrase for the figures table: 대전관 방문자, 투자·상담 금액, 대전기업 부스."""
    described: list[str] = []
    for text in reversed([t.rstrip(":") for t in phrase.before if t not in _APPROX_PREFIXES]):
        stem, particle = _split_particle(text)
        if stem in _PRONOUNS:
            continue
        if particle and described and particle != "의":
            break
        described.insert(0, stem)
    words = (described if not phrase.after or _plain_noun(phrase.before) else []) + list(phrase.after)
    label = re.sub(r"\([^)]*\)|[(*`]", "", " ".join(words)).replace("ㆍ", "·")    # no asides or Markdown
    label = re.sub(r"\s+", " ", label).strip(" ,")
    if label:
        return label
    return _predicate_label(phrase.predicate) or METRICS[metric]


def _predicate_label(predicate: tuple[str, ...]) -> str:
    """The subject or object of the verb after the number, else the verb's noun: 투자금을 모았는데 -> 투자금,
    싯가 총액이 클 -> 싯가 총액, 스타트업들에 투자하는데 -> 투자, 50여 명이 참여했다 -> 참여."""
    nouns, verbs, compound = [], [], []
    for word in predicate:
        stem, particle = _split_particle(word.rstrip("."))
        if particle in ("이", "가", "을", "를"):
            nouns += compound + [stem]
        elif not particle and _VERB_SUFFIX.search(stem):
            verbs.append(_VERB_SUFFIX.sub("", stem))
        elif not particle and not _ends_clause(stem):
            compound.append(stem)                # 싯가 in 싯가 총액이
            continue
        compound = []
    return " ".join(word for word in nouns or verbs[:1] if len(word) > 1)


def _plain_noun(before: tuple[str, ...]) -> bool:
    """Does the word just before the number describe it without a particle (대전기업 10여 개 부스)?"""
    return bool(before) and not _split_particle(before[-1])[1]


# Verbs after a number that announce an intention rather than a result: 추진, 계획, 예정, 목표, 방침, 하기로.
_PLAN_WORDS = re.compile(r"계획|예정|추진|목표|방침|하기로|할 것|나설|전망")


def _role(body: str, sentence: tuple[int, int], quantity: Quantity, metric: str) -> str:
    """A proposal, flagged for review: a plan when the rest of the sentence announces one, background
    for unrelated counts (other), else a result."""
    if _PLAN_WORDS.search(body, quantity.end, sentence[1]):
        return "plan"
    return "context" if metric == "other" else "result"


# --- Figures ----------------------------------------------------------------------------------------

def extract_figures(body: str) -> tuple[Figure, ...]:
    """Every quantity stated in the body's paragraphs, in order, numbered from 1."""
    figures: list[Figure] = []
    for paragraph in _paragraphs(body):
        for sentence in _sentences(body, *paragraph):
            words = _words(body, *sentence)
            for found in find_quantities(body[sentence[0]:sentence[1]]):
                quantity = replace(found, start=found.start + sentence[0], end=found.end + sentence[0])
                phrase = _phrase(body, words, quantity)
                unit = _unit(quantity, phrase)
                metric = _metric(body, sentence, quantity, phrase, unit)
                start, end = _trimmed(body, phrase.start, phrase.end)
                figures.append(Figure(index=len(figures) + 1, label=_label(phrase, metric), metric=metric,
                                      value=quantity.value, unit=unit, approx=quantity.approx, text=body[start:end],
                                      bound=quantity.bound, role=_role(body, sentence, quantity, metric)))
    return tuple(figures)
