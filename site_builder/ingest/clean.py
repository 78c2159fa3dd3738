"""Clean a news page saved as text into its article: title, deck, paragraphs, headings and captions.

A saved page is one line per element: the site's furniture (skip links, weather widget, share bar,
counters), the headline and its deck, the article, then sidebars and other articles. Every line
is placed, never silently dropped (``place_lines`` says where each one went), using these signals:

- widget vocabulary: lines that are page furniture on any Korean news or city site (``lines.is_page_noise``);
  some of them (e-mail, [출처: ...], copyright, sidebar headings) only follow an article, so they end it;
- repetition: a photo caption is printed twice (image text and figure caption), so a line repeated
  within a few lines is a caption, kept once;
- line shape: article sentences end with a full stop or in the narrative register (했다, 있다, 이다);
  headlines, decks and headings end in a noun, the dictionary form or the present (찾다, 도약한다);
  a caption either carries a photo credit "(사진=...)", or describes people in a picture
  ("... 방문한 관악구 대표단");
- position: the article starts at its first paragraph; short lines after the title and before it are
  the deck, noise before it is the header, and whatever follows the article's end is the trailer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.ingest.lines import CREDIT_LINE, ends_article, ends_like_sentence, is_page_noise, reads_as_report

# Where a line can go; the last three kinds of a page's lines are its article.
KINDS = ("title", "subtitle", "header", "trailer", "removed", "paragraph", "heading", "caption")
BLOCK_KINDS = KINDS[-3:]

# Deck lines may start with a dash or bullet; headings with a box or arrow. Long marked lines are
# list-style paragraphs ("○ 중기부는 ...했다.") and keep their marker.
_DECK_MARKER = re.compile(r"^[-–—·•▶▷■□◆◇○●◎]\s*")
_HEADING_MARKER = re.compile(r"^[■□◆◇▶▷●○◎]\s*")
_BRACKETED = re.compile(r"^[<〈【]\s*(.+?)\s*[>〉】]$")
_CAPTION_MARKER = re.compile(r"^[▲△]\s*")
# A credit closing a caption: "(사진=정태경 기자)", "ⓒ구미시", "/사진=구미시", "/구미시 제공".
_PHOTO_CREDIT = re.compile(r"\s*(?:[(\[<]\s*(?:사진|사진\s*제공|자료\s*사진|제공)\s*[=:][^)\]>]{1,40}[)\]>]|[ⓒ©]\s*\S.{0,30}"
                           r"|/\s*(?:사진\s*[=:]\s*\S.{0,20}|\S.{0,20}\s제공))$")
# A lede may open with the dateline "데일리연합(월간, 한국뉴스신문) 박주리 기자 | " or "(서울=연합뉴스) 홍길동 기자 = ".
_CLOSING_BYLINE = re.compile(r"\s*(?:\([가-힣]{1,6}\s?=\s?[^)]{2,15}\)\s*)?[가-힣]{2,4}\s?(?:기자|특파원)\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                             r"(?:\s*입력(?:시간)?\s*[\d/.\-: ]+)?\s*$")
_LEDE_BYLINE = re.compile(r"^.{0,60}?[가-힣]{2,4} ?(?:기자|특파원|통신원) ?(?:[|=]|\](?=\s))(?=\s*\S)")   # or "[더팩트 | 전주=전광훈 기자]"

# The final noun of a caption phrase names who or what is in the picture.
_PHOTO_SUBJECTS = ("모습", "장면", "전경", "현장", "기념촬영", "대표단", "방문단", "사절단", "일행", "관계자",
                   "참석자", "참가자", "시장", "구청장", "군수", "지사", "장관", "차관", "회장", "대표", "위원장",
                   "센터장", "원장", "총장", "의원", "직원", "학생", "시민", "기업인")
# Adnominal endings ("방문한", "듣고 있는", "참석한"): a clause describing the noun after it.
_ADNOMINAL_ENDINGS = ("는", "한", "된", "던", "은", "운", "른")

_REPEAT_WINDOW = 3          # a caption's second copy follows within this many lines
_PARAGRAPH_MIN_CHARS = 90   # a line this long is prose even without a full stop
_HEADING_MAX_CHARS = 60     # longer marked lines are list-style paragraphs
_BRACKET_HEADING_MAX_CHARS = 50

# Web pages space words with no-break and typographic spaces; the archive writes plain ones, one for
# one (doubled spaces of the source stay doubled). Zero-width characters are dropped.
_SPACES = {ord(char): " " for char in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                                      "\u2009\u200a\u202f\u205f\u3000"}
_SPACES.update({ord(char): None for char in "\u200b\u2060\ufeff"})
_STAMP_DATE = re.compile(r"\s*\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}\.?$")
# A photo laid out as a table keeps its cell borders in the saved text: "![]() |", "| ▲ 캡션 [제공] |".
_TABLE_CELL = re.compile(r"^\|\s*|\s*\|$")
# A photo agency's stamp after a caption's credit: "[사진=대전시의회] 2023.02.16 name@agency.com" keeps
# the credit and its date (evidence of the publication date); the photographer's e-mail is the page's.
_CREDIT_STAMP = re.compile(r"(?P<credit>[\[(]\s*(?:사진|사진\s*제공|제공)\s*[=:][^\])]{1,40}[\])]"
                           r"(?:\s*\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}\.?)?)\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")



@dataclass(frozen=True)
class Block:
    kind: str   # "paragraph" | "heading" | "caption"
    text: str


@dataclass(frozen=True)
class Placement:
    """Where one input line (or, for a lede's dateline, part of it) went."""
    line: int   # 1-based line number in the text given to ``clean``
    kind: str   # one of KINDS
    text: str   # the line as stored: stripped, and without heading, deck or caption markers


@dataclass(frozen=True)
class CleanPage:
    title: str | None
    subtitles: tuple[str, ...]   # deck lines between title and article, in order
    blocks: tuple[Block, ...]    # the article itself, in order
    header: tuple[str, ...]      # lines before the article that are not title or deck, as on the page
    trailer: tuple[str, ...]     # lines after the article
    removed: tuple[str, ...]     # lines dropped from inside the article, for review

    def markdown(self) -> str:
        """The body as the archive writes it: paragraphs, ``## heading``, ``*사진: caption*``."""
        if not self.blocks:
            return ""
        return "\n\n".join(_block_markdown(block) for block in self.blocks) + "\n"


def clean(text: str) -> CleanPage:
    placements = place_lines(text)

    def texts(kind: str) -> tuple[str, ...]:
        return tuple(p.text for p in placements if p.kind == kind)

    return CleanPage(title=next(iter(texts("title")), None), subtitles=texts("subtitle"),
                     blocks=tuple(Block(p.kind, p.text) for p in placements if p.kind in BLOCK_KINDS),
                     header=texts("header"), trailer=texts("trailer"), removed=texts("removed"))


def place_lines(text: str) -> tuple[Placement, ...]:
    """Every non-blank line of ``text`` with the place it went to, in page order."""
    text = text.translate(_SPACES)
    numbered = [(number, piece) for number, line in enumerate(text.split("\n"), 1) if _unwrap(line)
                for piece in _without_closing_byline(_unwrap(line))]
    numbers = [number for number, _ in numbered]
    lines = [line for _, line in numbered]
    seen = _Evidence.of(lines)
    start = _first_paragraph(lines, seen)
    end = _article_end(lines, start)
    title_at = _find_title(lines, start, seen)

    placed: list[list[tuple[str, str]]] = []
    for index, line in enumerate(lines):
        if index < start:
            placed.append([_place_lead(lines, index, title_at, seen)])
        elif index < end:
            placed.append([_place_body(line, index, seen)])
        else:
            placed.append([("trailer", line)])
    if start < end:
        placed[start] = _split_lede_dateline(lines[start], placed[start])
    _move_tail_to_trailer(lines, placed, start, end)
    return tuple(Placement(numbers[index], kind, piece)
                 for index, pieces in enumerate(placed) for kind, piece in pieces)


def _without_closing_byline(line: str) -> tuple[str, ...]:
    """A sentence closed by a byline with its e-mail ("… 계획이다. (부산=연합뉴스) 이영희기자 lyh@…") is two
    lines: the article's sentence and the page's byline."""
    match = _CLOSING_BYLINE.search(line)
    if match is None or not ends_like_sentence(line[:match.start()].rstrip()):
        return (line,)
    return line[:match.start()].rstrip(), match.group(0).strip()


def _unwrap(line: str) -> str:
    """A line without the table borders and photo stamp around what it says."""
    line = _TABLE_CELL.sub("", line.strip())
    return _CREDIT_STAMP.sub(r"\g<credit>", line)


# --- what the page says about its lines ---------------------------------------------------------

@dataclass(frozen=True)
class _Evidence:
    """What neighbouring lines say about a line, beyond its own shape (indexes into the lines)."""
    copies: frozenset[int]        # repeats of a line a few lines above: a caption's second copy
    shown_twice: frozenset[int]   # the first copies of those lines
    photo_titles: frozenset[int]  # short lines right above a credit line: "부산시 투자설명회" / "[부산시 제공]"

    @classmethod
    def of(cls, lines: list[str]) -> _Evidence:
        first_copy_of: dict[int, int] = {}
        keys = [_repeat_key(line) for line in lines]
        for index, key in enumerate(keys):
            if len(key) < 6 or is_page_noise(lines[index]):
                continue
            for earlier in range(index - 1, max(index - 1 - _REPEAT_WINDOW, -1), -1):
                if keys[earlier] == key:
                    first_copy_of[index] = first_copy_of.get(earlier, earlier)
                    break
        # A lede repeated below as the photo's caption, credit added: the lede stays a paragraph.
        quoted_ledes = {first for index, first in first_copy_of.items()
                        if _PHOTO_CREDIT.search(_STAMP_DATE.sub("", lines[index]))
                        and not _PHOTO_CREDIT.search(lines[first])
                        and _is_paragraph(lines[first])}
        photo_titles = {index for index in range(len(lines) - 1)
                        if CREDIT_LINE.fullmatch(lines[index + 1]) and not _is_paragraph(lines[index])
                        and not is_page_noise(lines[index])}
        return cls(frozenset(first_copy_of), frozenset(first_copy_of.values()) - quoted_ledes,
                   frozenset(photo_titles))

    def is_caption(self, index: int) -> bool:
        return index in self.shown_twice or index in self.photo_titles


def _repeat_key(line: str) -> str:
    """Two copies of a caption may differ in their credit: (사진=대전시) / (사진=정태경 기자)."""
    undated = _STAMP_DATE.sub("", _LEDE_BYLINE.sub("", line))
    return "".join(_PHOTO_CREDIT.sub("", undated).split())


# --- finding the parts of the page -------------------------------------------------------------

def _first_paragraph(lines: list[str], seen: _Evidence) -> int:
    """Index of the article's first paragraph (len(lines) if it has none)."""
    for index, line in enumerate(lines):
        if (index not in seen.copies and not seen.is_caption(index) and not is_page_noise(line)
                and _caption_text(line, False) is None and _marked_heading_text(line) is None
                and _is_paragraph(line)):
            return index
    return len(lines)


def _article_end(lines: list[str], start: int) -> int:
    for index in range(start, len(lines)):
        if ends_article(lines[index]):
            return index
    return len(lines)


def _find_title(lines: list[str], start: int, seen: _Evidence) -> int | None:
    """The headline: printed twice at the top of many pages, else the first headline-shaped line.

    A lone line needs three words, so section labels and site names ("시정이야기", "정치/경제/사회")
    that sit above the headline are not taken for it.
    """
    candidates = [index for index in range(start)
                  if _is_headline_shaped(lines[index]) and index not in seen.photo_titles]
    # printed twice, a headline may end like a sentence ("여주시, 일본 우호교류 도시 방문길 올랐다"), not with a period
    repeated = [index for index in range(start) if index in seen.shown_twice and (
        index in candidates or (_HEADLINE_MAX_CHARS >= len(lines[index]) and not lines[index].endswith(".")
                                and len(lines[index].split()) >= 2 and not is_page_noise(lines[index])))]
    if repeated:
        return repeated[0]
    return next((index for index in candidates if len(lines[index].split()) >= 3), None)


_HEADLINE_MAX_CHARS = 80


def _is_headline_shaped(line: str) -> bool:
    return (len(line.split()) >= 2 and 8 <= len(line) <= 150 and not is_page_noise(line)
            and _caption_text(line, False) is None and _marked_heading_text(line) is None
            and not _is_paragraph(line))


# --- placing one line -----------------------------------------------------------------------------

def _place_lead(lines: list[str], index: int, title_at: int | None, seen: _Evidence) -> tuple[str, str]:
    """A line above the first paragraph: header, title, deck, or an opening caption or heading."""
    line = lines[index]
    if title_at is not None and index < title_at:
        return "header", line
    if title_at is None:
        return _lead_block(line, index, seen) or ("header", line)
    if index == title_at:
        return "title", line
    if is_page_noise(line) or line == lines[title_at]:
        return "header", line
    if index in seen.copies:
        return "removed", line
    block = _lead_block(line, index, seen)
    if block:
        return block
    # A deck is a phrase; a single word there is a label or a value of the page ("경제", "투자유치과").
    return ("subtitle", _DECK_MARKER.sub("", line)) if len(line.split()) > 1 else ("header", line)


def _lead_block(line: str, index: int, seen: _Evidence) -> tuple[str, str] | None:
    caption = _caption_text(line, seen.is_caption(index))
    if caption is not None:
        return "caption", caption
    heading = _marked_heading_text(line)
    return ("heading", heading) if heading is not None else None


def _place_body(line: str, index: int, seen: _Evidence) -> tuple[str, str]:
    if is_page_noise(line) or index in seen.copies:
        return "removed", line
    caption = _caption_text(line, seen.is_caption(index))
    if caption is not None:
        return "caption", caption
    heading = _marked_heading_text(line)
    if heading is not None:
        return "heading", heading
    return ("paragraph" if _is_paragraph(line) else "heading"), line


def _split_lede_dateline(line: str, placed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The dateline before the lede's first word is metadata: it goes to the header."""
    match = _LEDE_BYLINE.match(line)
    if placed[0][0] != "paragraph" or match is None:
        return placed
    return [("header", match.group(0).strip()), ("paragraph", line[match.end():].strip())]


def _move_tail_to_trailer(lines: list[str], placed: list[list[tuple[str, str]]], start: int, end: int) -> None:
    """Short lines and furniture after the last paragraph or caption are not the article's:
    a heading needs text under it, and credits or banners there are the page's."""
    for index in range(end - 1, start - 1, -1):
        kind = placed[index][-1][0]
        if kind == "heading" or (kind == "removed" and is_page_noise(lines[index])):
            placed[index] = [("trailer", lines[index])]
        else:
            break


# --- line shape -------------------------------------------------------------------------------------

def _is_paragraph(line: str) -> bool:
    return ends_like_sentence(line) or len(line) >= _PARAGRAPH_MIN_CHARS


def _caption_text(line: str, known_caption: bool) -> str | None:
    """The caption in ``line`` without its markers, or None if the line is not a photo caption.

    ``known_caption``: the page already shows it is one (printed twice, or right above a credit).
    """
    bracketed = _BRACKETED.match(line)
    if bracketed:
        inner = bracketed.group(1)
        is_caption = reads_as_report(inner) or len(inner) > _BRACKET_HEADING_MAX_CHARS
        return inner if is_caption else None
    if _CAPTION_MARKER.match(line):
        return _CAPTION_MARKER.sub("", line)
    if known_caption or _PHOTO_CREDIT.search(line) or _is_caption_phrase(line):
        return line
    return None


def _is_caption_phrase(line: str) -> bool:
    """"스탠퍼드 대학교에 방문한 관악구 대표단": a clause describing the people in the picture."""
    words = line.split()
    if len(words) < 2 or ends_like_sentence(line) or len(line) > _HEADING_MAX_CHARS * 2:
        return False
    subject = words[-1].removesuffix("들")
    describes = any(word.endswith(_ADNOMINAL_ENDINGS) for word in words[-3:-1])
    return describes and subject.endswith(_PHOTO_SUBJECTS)


def _marked_heading_text(line: str) -> str | None:
    """"■ 보스턴" -> "보스턴"; "<관악S밸리의 롤모델, ...>" -> its text; None for other lines."""
    bracketed = _BRACKETED.match(line)
    if bracketed:
        return None if _caption_text(line, False) is not None else bracketed.group(1)
    marker = _HEADING_MARKER.match(line)
    if marker and len(line) <= _HEADING_MAX_CHARS and not ends_like_sentence(line):
        return line[marker.end():]
    return None


# --- writing Markdown ---------------------------------------------------------------------------------

# Paragraph starts that Markdown would read as a heading, quote or list item; a backslash keeps them text.
_BLOCK_MARK = re.compile(r"^(?=#|>|[-+*]\s)")
_LIST_NUMBER = re.compile(r"^(\d+)(?=[.)]\s)")


def _block_markdown(block: Block) -> str:
    text = block.text.replace("[[", r"\[\[")   # [[...]] is the archive's link syntax
    if block.kind == "heading":
        return f"## {text}"
    if block.kind == "caption":
        return "*사진: " + text.replace("*", r"\*") + "*"
    return _LIST_NUMBER.sub(r"\1\\", _BLOCK_MARK.sub(r"\\", text, count=1), count=1)
