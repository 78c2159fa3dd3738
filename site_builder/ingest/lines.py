"""What one line of a saved page is: site furniture (widgets, toolbars, bylines, sidebars) or prose.

The vocabularies are of Korean news and city-government sites in general, not of one site; ``clean``
combines these per-line signals with position and repetition on the page.
"""

from __future__ import annotations

import re

# A photo credit on a line of its own: "사진=구미시", "(사진제공=대전시)", "[부산시 제공. 재판매 및 DB 금지]".
_STANDALONE_CREDIT = (r"[(\[]?\s*(사진|사진\s*제공|자료\s*사진)\s*[:=]\s*[^)\]]{1,30}[)\]]?"
                      r"|\[[^\]]{0,30}(제공|재판매|DB\s*금지)[^\]]{0,30}\]")
# Furniture that may sit anywhere on a page, even between paragraphs (banners, ad slots).
_WIDGET_PATTERNS = (
    r"(본문|본문\s*내용|주\s*메뉴|메뉴|콘텐츠)\s*바로\s*가기",
    r"상태바|배너|광고|AD|Advertisement|ADVERTISEMENT",
    # The weather strip of Korean news sites: "• 맑음서울 28.5℃", "구름많음강진군 25.9℃", and a station whose
    # sky is missing ("• 제주 24.5℃", once taken for a headline).
    r"[•·*-]?\s*((맑음|흐림|구름\s*조금|구름\s*많음|연무|박무|안개|황사|비|눈|소나기|진눈깨비|뇌우|약간\s*흐림)\s*)?"
    r"\S{1,8}\s*-?\d{1,2}(\.\d)?\s*(℃|°C)",
    r"기상청\s*제공",
    # The day the page was shown ("2024.06.11 (화)") or the newsletter issue ("2023.02").
    r"\d{4}[.\-/]\s?\d{1,2}[.\-/]\s?\d{1,2}\.?\s*(\(?[월화수목금토일](요일)?\)?)?",
    r"\d{4}\.\s?\d{1,2}\.?",
    r"[•·]?\s*(조회수?|추천수?|공감|좋아요)\s*[:：]?\s*[\d,]+",
    # Who to ask at a city hall or ministry page: "담당부서 국제통상과", "문의: 055-211-3000"; alone, the
    # labels of a bulletin board's rows ("작성자", "조회수", each above its value).
    r"(담당\s*부서|담당자|작성자|첨부\s*파일)(?![가-힣])\s*[:：]?\s*\S.{0,40}",
    r"(담당|연락처|전화|문의)\s*[:：]\s*\S.{0,40}",
    r"(제목|작성자|작성일|등록일|조회수|조회|담당\s*부서|담당자|연락처|첨부\s*파일)\s*[:：]?",
    _STANDALONE_CREDIT,
    # An image the saved text kept as Markdown ("![]()", "![사진](https://...)"): the archive publishes
    # no remote images, and the picture's caption, if any, is on a line of its own.
    r"!\[[^\]]*\]\([^)]*\)",
    # A link to another article inside this one: "▶ 관련기사 부산시, 동남아 투자유치 본격화", "[관련기사]".
    r"[\[(]?\s*관련\s*(기사|뉴스)\s*[\])]?\s*[:：]?\s*\S.*",
    # Writer and photographer credits of a city newsletter: "김동희 사진 윤기중", "글 김동희 · 사진 윤기중".
    r"(글\s*)?[가-힣]{2,4}\s*[,·/]?\s*사진\s*[가-힣]{2,4}",
)
# Furniture that follows an article and never sits inside one: the first such line ends the article.
_ARTICLE_END_PATTERNS = (
    r"(.{0,30}\s)?[\w.+-]+@[\w-]+(\.[\w-]+)+\.?",                     # reporter's e-mail
    r"[•·/]?\s*[가-힣]{2,4}\s*(기자|특파원|통신원|객원기자|명예기자)",     # byline: "• 금정아 기자"
    r"[\[(【]\s*출처\s*[:：]\s*[^\])】]{1,40}[\])】]|(출처|자료\s*제공)\s*[:：].{1,40}",
    r".*([Cc]opyright|COPYRIGHT|[Aa]ll [Rr]ights [Rr]eserved|저작권자|무단\s*전재|재배포\s*금지).*",
    r"[ⓒ©]\s*\S.{0,40}",
    r"[•·]?\s*(승인|입력|수정|등록|등록일|작성일|게재일|발행일|기사\s*입력|최종\s*수정|업데이트|송고)\s*[:：]?\s*"
    r"\d{4}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}.*",
    r"이\s*기사를\s*공유합니다|(기사\s*)?공유하기|[•·]?\s*댓글\s*[\d,]*|댓글\s*(목록|쓰기|달기|작성)",
    r"SNS\s*TV|\+?\s*더\s*보기|(가장\s*)?많이\s*본\s*(뉴스|기사)|인기\s*(뉴스|기사)|포토\s*뉴스|관련\s*(뉴스|기사)"
    r"|(최신|주요|추천)\s*(뉴스|기사)|오늘의\s*주요\s*뉴스|이\s*시각\s*주요\s*뉴스|기자의\s*다른\s*기사"
    r"|다른\s*기사\s*보기|실시간\s*뉴스|핫\s*이슈",
    r"(이전|다음)\s*(글|기사)(\s.*)?",                                 # "이전글 경남도, 추석 연휴 ..."
)
# Words of navigation bars, share buttons and reading tools. A line made only of them is a toolbar:
# "전체기사 로그인 회원가입", "페이스북 트위터 카카오톡 URL복사", "글자크기 인쇄하기".
_TOOLBAR_WORDS = frozenset("""
    전체기사 전체메뉴 메뉴 홈 HOME 로그인 로그아웃 회원가입 마이페이지 검색 기사검색 구독 구독신청 뉴스레터 지면보기
    페이스북 트위터 X 카카오톡 카카오스토리 카카오 네이버 네이버밴드 밴드 라인 텔레그램 링크드인 핀터레스트 이메일
    URL복사 링크복사 URL 복사 기사 공유 공유하기 스크랩 저장 북마크 인쇄 인쇄하기 프린트 글자크기 글씨크기 글자 크기
    확대 축소 가 닫기 목록 맨위로 TOP
""".split())
NOISE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in _WIDGET_PATTERNS + _ARTICLE_END_PATTERNS)
_ARTICLE_END = tuple(re.compile(p) for p in _ARTICLE_END_PATTERNS)
CREDIT_LINE = re.compile(_STANDALONE_CREDIT)
# Sites put bullets or arrows before their furniture too: "• 승인 ...", "▶ 관련기사".
_LEADING_BULLET = re.compile(r"^[•·▶▷■□◆◇●○◎☞\-*]\s*")
_SENTENCE_END = re.compile(r"[가-힣][.!?…]+[\"'”’」』)\]]*$")
_CLOSERS = "\"'”’」』)]>〉.!?… "
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_FINAL_SS = 20  # jongseong index of ㅆ, the past tense (했다) and 있다


def is_page_noise(line: str) -> bool:
    """True for page furniture: widgets, counters, bylines, share bars, sidebar headings, credits.

    Furniture never reads as a sentence, so a sentence that happens to start like it ("전화 상담도
    가능했다.", "저작권자의 허락 없이 ... 금지했다.") stays article text.
    """
    line = line.strip()
    if not line or ends_like_sentence(line):
        return False
    return all(word in _TOOLBAR_WORDS for word in line.split()) or _matches_any(NOISE_PATTERNS, line)


def ends_article(line: str) -> bool:
    return is_page_noise(line) and _matches_any(_ARTICLE_END, line)


def _matches_any(patterns: tuple[re.Pattern[str], ...], line: str) -> bool:
    bare = _LEADING_BULLET.sub("", line)
    return any(pattern.fullmatch(line) or pattern.fullmatch(bare) for pattern in patterns)


def ends_like_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text)) or reads_as_report(text)


def reads_as_report(text: str) -> bool:
    """Ends in the narrative register of articles and captions: 논의했다, 나눴다, 하고 있다, 계획이다.

    Headlines and headings use the dictionary form or the present instead (답을 찾다, 도약을
    기대하다, 도약한다), so a bracketed "<... 기대하다.>" is a heading and "<... 논의했다.>" a caption.
    """
    core = text.rstrip(_CLOSERS)
    if len(core) < 2 or not core.endswith("다"):
        return False
    return core.endswith("이다") or final_consonant(core[-2]) == _FINAL_SS


def final_consonant(syllable: str) -> int | None:
    code = ord(syllable)
    if not _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return None
    return (code - _HANGUL_FIRST) % 28
