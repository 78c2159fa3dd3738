"""The cleaner on the five seed articles (against their human-cleaned briefings) and on small pages."""

import re
from pathlib import Path

import pytest
import yaml

from site_builder.ingest.clean import BLOCK_KINDS, KINDS, Block, clean, place_lines
from site_builder.ingest.lines import is_page_noise
from site_builder.ingest.decode import decode
from site_builder.load import split_front_matter

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _briefings_with_raw() -> list[Path]:
    return [path for path in sorted((CONTENT / "briefings").glob("*.md"))
            if yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8"))[0]).get("raw")]


SEEDS = _briefings_with_raw()

# Lines of page furniture in each seed; none may reach the article. Each must really be on the page.
SEED_NOISE = {
    "2023-01-26-daejeon-silicon-valley": [
        "본문내용 바로가기", "시정이야기", "2023.02", "등록일 : 2023-01-26", "조회수 : 117", "김동희 사진 윤기중"],
    "2023-08-23-gwanak-california": [
        "상태바", "• 금정아 기자", "승인 2023.08.23 17:41", "• 댓글 0", "이 기사를 공유합니다"],
    "2024-02-17-daejeon-ces-2024-results": [
        "• 정태경 기자", "승인 2024.02.17 11:43", "• 댓글 0", "이 기사를 공유합니다", "taegyeong3975@shinailbo.co.kr"],
    "2023-05-03-mss-us-state-visit": [
        "배너", "2024.06.11 (화)", "맑음동두천 27.9℃", "연무서울 28.5℃", "구름조금거제 28.2℃", "기상청 제공",
        "정치/경제/사회", "데일리연합(월간, 한국뉴스신문) 박주리 기자 |", "[출처: 중소벤처기업부]", "SNS TV", "더보기",
        "가장 많이 본 뉴스", "포토뉴스", "국립안동대-경북도립대, 국·공립대 전국 최초 '통합의 길' 열어", "김재욱 기자"],
    "2013-02-23-gumi-san-diego": [
        "2024.10.04 (금)", "구름많음동두천 22.4℃", "맑음서울 24.0℃", "맑음거제 25.1℃", "기상청 제공", "배너"],
}

_CAPTION_MARKUP = re.compile(r"^\*사진: (.*)\*$")
_HEADING_MARKUP = re.compile(r"^## (.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Markers the cleaner strips from a line: heading boxes, brackets, deck dashes, caption triangles.
_LINE_MARKERS = re.compile(r"^[<〈【■□◆◇▶▷●○◎▲△\-–—·•]|[>〉】]$")


def _squash(text: str) -> str:
    """Whitespace-insensitive form: the scrape has no-break spaces where the archive has spaces."""
    return " ".join(text.split())


def _curated(path: Path) -> tuple[dict, str]:
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(front), body


def _seed_text(path: Path) -> str:
    front, _ = _curated(path)
    raw = CONTENT / front["raw"]
    return decode(raw.read_bytes(), raw.name)


def _body_units(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) of every block of an archive body, markup removed."""
    units = []
    for block in markdown.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if match := _CAPTION_MARKUP.match(block):
            units.append(("caption", match.group(1).replace(r"\*", "*")))
        elif match := _HEADING_MARKUP.match(block):
            units.append(("heading", match.group(1)))
        else:
            units.append(("paragraph", block))
    return units


def _sentences(text: str) -> list[str]:
    return [_squash(sentence) for sentence in _SENTENCE_END.split(text) if sentence.strip()]


def assert_every_line_placed_once(text: str) -> None:
    """Nothing lost, nothing invented: each non-blank line went somewhere, whole, minus at most a marker."""
    placements = place_lines(text)
    lines = {number: line for number, line in enumerate(text.split("\n"), 1) if line.strip()}
    assert sorted({p.line for p in placements}) == sorted(lines)
    for number, line in lines.items():
        placed = "".join("".join(p.text.split()) for p in placements if p.line == number)
        whole = "".join(line.split())
        assert placed in (whole, _LINE_MARKERS.sub("", whole)), (number, line, placed)
    page = clean(text)
    kinds = [p.kind for p in placements]
    assert set(kinds) <= set(KINDS)
    assert (page.title is not None) == ("title" in kinds) and kinds.count("title") <= 1
    assert len(page.subtitles) == kinds.count("subtitle") and len(page.header) == kinds.count("header")
    assert len(page.trailer) == kinds.count("trailer") and len(page.removed) == kinds.count("removed")
    assert len(page.blocks) == sum(kinds.count(kind) for kind in BLOCK_KINDS)


# --- the five seeds -------------------------------------------------------------------------------

def test_there_are_five_seeds_with_their_noise_lists():
    assert sorted(path.stem for path in SEEDS) == sorted(SEED_NOISE)


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.stem)
def test_seed_every_line_is_placed_once(path):
    assert_every_line_placed_once(_seed_text(path))


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.stem)
def test_seed_article_has_no_page_noise(path):
    text = _seed_text(path)
    page = clean(text)
    markdown = page.markdown()
    for block in page.blocks:
        assert not is_page_noise(block.text), block
    for noise in SEED_NOISE[path.stem]:
        assert noise in text, f"{noise!r} is not on the page; the list is out of date"
        assert noise not in markdown, noise


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.stem)
def test_seed_article_keeps_every_sentence_of_the_curated_body(path):
    """Every sentence the editors kept is in the cleaned article, in the same kind of block.

    The curated bodies keep the scrape's words as they are, typos included ("관자자", "75일부터",
    captions starting with stray digits such as "2실리콘밸리에 ..."), so no sentence needs an
    exception. The two edits the editors did make are the cleaner's job too: no-break spaces became
    spaces (``_squash``), and 2023-05-03's lede lost its dateline "데일리연합(...) 박주리 기자 |".
    """
    _, body = _curated(path)
    page = clean(_seed_text(path))
    cleaned = {kind: "\n".join(_squash(b.text) for b in page.blocks if b.kind == kind)
               for kind in ("paragraph", "heading", "caption")}
    curated_units = _body_units(body)
    missing = [(kind, sentence) for kind, text in curated_units for sentence in _sentences(text)
               if sentence not in cleaned[kind]]
    assert not missing
    assert len(page.blocks) == len(curated_units)   # nothing extra either: no leftover line, no second caption copy


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.stem)
def test_seed_title_and_deck_are_the_curated_ones(path):
    front, _ = _curated(path)
    page = clean(_seed_text(path))
    assert page.title == front["title"]
    # Editors join deck lines with " / " (2023-08-23, 2013-02-23), or with a space where one sentence
    # was broken over two lines after a comma (2023-05-03: "... MOU 10건 체결," / "글로벌 10대 ...").
    joiner = " " if page.subtitles and page.subtitles[0].endswith(",") else " / "
    assert joiner.join(page.subtitles) == front.get("subtitle", "")


def test_seed_captions_shown_twice_are_kept_once():
    path = next(path for path in SEEDS if path.stem == "2024-02-17-daejeon-ces-2024-results")
    page = clean(_seed_text(path))
    captions = [b.text for b in page.blocks if b.kind == "caption"]
    assert len(captions) == len(set(captions)) == 8
    # The second copy of one caption names another photographer; the first copy is the one kept.
    assert "가졌다. (사진=대전시)" in captions[1]
    assert any(line.endswith("가졌다. (사진=정태경 기자)") for line in page.removed)


# --- small pages --------------------------------------------------------------------------------------

NEWS_PAGE = """\
본문 바로가기
정치/경제
대전시, 우주산업 클러스터 조성 본격화
연구기관 협력 네트워크 구축
  • 홍길동 기자
  • 승인 2024.03.02 10:00
  • 댓글 0
이 기사를 공유합니다

대전시는 2일 우주산업 클러스터 조성 계획을 발표했다.

배너

시는 올해 예산 120억 원을 투입할 계획이다.

hong@example.co.kr
관련기사
대전시, 반도체 특화단지 지정 신청
세종시, 스마트시티 국가시범도시 선정
가장 많이 본 뉴스
부산시는 엑스포 유치 실패 이후 새로운 국제행사 유치에 나서기로 하고 전담 조직을 꾸렸다고 3일 밝혔다.
"""


def test_a_news_page_with_a_sidebar_after_the_article():
    page = clean(NEWS_PAGE)
    assert page.title == "대전시, 우주산업 클러스터 조성 본격화"
    assert page.subtitles == ("연구기관 협력 네트워크 구축",)
    assert page.blocks == (Block("paragraph", "대전시는 2일 우주산업 클러스터 조성 계획을 발표했다."),
                           Block("paragraph", "시는 올해 예산 120억 원을 투입할 계획이다."))
    assert page.header == ("본문 바로가기", "정치/경제", "• 홍길동 기자", "• 승인 2024.03.02 10:00", "• 댓글 0",
                           "이 기사를 공유합니다")
    assert page.removed == ("배너",)
    assert page.trailer[0] == "hong@example.co.kr" and page.trailer[-1].startswith("부산시는 엑스포")
    assert len(page.trailer) == 6
    assert_every_line_placed_once(NEWS_PAGE)


WIRE_PAGE = """\
연합뉴스
전체메뉴 검색
부산시, 싱가포르서 투자유치 설명회…1억 달러 유치 성과
송고2024-05-10 14:00
홍길동기자
기사 공유
글자크기 인쇄

부산시 투자설명회
[부산시 제공. 재판매 및 DB 금지]

(부산=연합뉴스) 홍길동 기자 = 부산시는 9일 싱가포르에서 투자유치 설명회를 열어 1억 달러 규모의 투자 의향을 확인했다고 10일 밝혔다.

▶ 관련기사 부산시, 동남아 투자유치 본격화

설명회에는 현지 투자사 30여 곳이 참석했다.

hong@yna.co.kr
제보는 카카오톡 okjebo
<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>
"""


def test_a_wire_service_page():
    page = clean(WIRE_PAGE)
    assert page.title == "부산시, 싱가포르서 투자유치 설명회…1억 달러 유치 성과"
    assert page.subtitles == ()
    assert page.markdown() == (
        "*사진: 부산시 투자설명회*\n\n"
        "부산시는 9일 싱가포르에서 투자유치 설명회를 열어 1억 달러 규모의 투자 의향을 확인했다고 10일 밝혔다.\n\n"
        "설명회에는 현지 투자사 30여 곳이 참석했다.\n")
    assert page.header == ("연합뉴스", "전체메뉴 검색", "송고2024-05-10 14:00", "홍길동기자", "기사 공유", "글자크기 인쇄",
                           "[부산시 제공. 재판매 및 DB 금지]", "(부산=연합뉴스) 홍길동 기자 =")
    assert page.removed == ("▶ 관련기사 부산시, 동남아 투자유치 본격화",)
    assert page.trailer[0] == "hong@yna.co.kr" and len(page.trailer) == 3
    assert_every_line_placed_once(WIRE_PAGE)


def test_a_city_hall_bulletin_board_page():
    # Each row of the board's table is a label line above a value line; none of them is the deck.
    text = ("창원시청\n보도자료\n제목\n창원시, 일본 기업과 5천만 달러 투자협약 체결\n작성자\n투자유치과\n작성일\n"
            "2024-05-10\n조회수\n120\n\n창원시는 10일 일본 오사카에서 투자협약을 체결했다고 밝혔다.\n\n"
            "이번 협약으로 창원국가산단에 생산 공장이 들어선다.\n\n문의 : 투자유치과 055-225-3000\n목록\n")
    page = clean(text)
    assert page.title == "창원시, 일본 기업과 5천만 달러 투자협약 체결"
    assert page.subtitles == ()
    assert page.header == ("창원시청", "보도자료", "제목", "작성자", "투자유치과", "작성일", "2024-05-10", "조회수", "120")
    assert [b.kind for b in page.blocks] == ["paragraph", "paragraph"]
    assert page.trailer == ("문의 : 투자유치과 055-225-3000", "목록")


def test_a_list_of_other_headlines_after_the_article_is_not_the_article():
    text = ("구미시, 샌디에이고와 손잡아\n\n구미시는 샌디에이고시와 기술교류 협약을 맺었다.\n\n"
            "구미시, 반도체 특화단지 지정 신청\n세종시, 스마트시티 국가시범도시 선정\n")
    page = clean(text)
    assert [b.kind for b in page.blocks] == ["paragraph"]
    assert page.trailer == ("구미시, 반도체 특화단지 지정 신청", "세종시, 스마트시티 국가시범도시 선정")


def test_a_caption_repeated_three_times_is_kept_once():
    caption = "남유진 구미시장이 UCSD 관계자와 기념촬영을 하고 있다."
    text = (f"구미시 대표단, UCSD 방문\n\n구미시 대표단이 UCSD를 방문했다.\n\n"
            f"{caption}\n사진=구미시\n{caption}\n\n{caption}\n\n대표단은 칼아이티 연구소도 둘러봤다.\n")
    page = clean(text)
    assert page.blocks == (Block("paragraph", "구미시 대표단이 UCSD를 방문했다."), Block("caption", caption),
                           Block("paragraph", "대표단은 칼아이티 연구소도 둘러봤다."))
    assert page.removed == ("사진=구미시", caption, caption)
    assert page.markdown().count("*사진: ") == 1
    assert_every_line_placed_once(text)


def test_the_headline_printed_twice_is_the_title():
    text = ("이츠대전 시정 소식 모음\n대전시, 투자청 설립 본격화\n상태바\n대전시, 투자청 설립 본격화\n\n"
            "대전시는 상반기에 대전투자청을 설립하기로 했다.\n")
    page = clean(text)
    assert page.title == "대전시, 투자청 설립 본격화"
    assert page.header == ("이츠대전 시정 소식 모음", "상태바", "대전시, 투자청 설립 본격화")
    assert page.removed == () and len(page.blocks) == 1


def test_a_two_word_label_above_a_lone_headline_is_not_the_title():
    page = clean("서울로컬뉴스 관악구\n관악구 대표단, 캘리포니아 우호 도시 방문\n\n관악구 대표단 8명이 출장을 다녀왔다.\n")
    assert page.title == "관악구 대표단, 캘리포니아 우호 도시 방문"
    assert page.header == ("서울로컬뉴스 관악구",)


def test_a_page_with_no_noise_stays_unchanged():
    text = ("대전시는 2일 우주산업 클러스터 조성 계획을 발표했다.\n\n"
            "시는 올해 예산 120억 원을 투입할 계획이다.\n\n"
            "이장우 시장은 \"대전이 우주산업의 중심이 될 것\"이라고 말했다.\n")
    page = clean(text)
    assert page.markdown() == text
    assert (page.title, page.subtitles, page.header, page.trailer, page.removed) == (None, (), (), (), ())


@pytest.mark.parametrize("line, block", [
    ("<이장우 시장은 나사 에임스 연구센터를 방문해 연구인력 육성사례 등을 논의했다.>",
     Block("caption", "이장우 시장은 나사 에임스 연구센터를 방문해 연구인력 육성사례 등을 논의했다.")),
    # A bracketed sentence in the dictionary form is a heading, as headlines are written.
    ("<관악구, 글로벌 혁신경제도시로의 도약을 기대하다.>", Block("heading", "관악구, 글로벌 혁신경제도시로의 도약을 기대하다.")),
    ("<세계로 뻗어가는 대전>", Block("heading", "세계로 뻗어가는 대전")),
    # Describing a clause before the last noun makes a caption only when that noun is in the picture.
    ("캘리포니아로 진출하는 관악구", Block("heading", "캘리포니아로 진출하는 관악구")),
    ("■ 워싱턴 D.C.", Block("heading", "워싱턴 D.C.")),
    ("NASA ARC : 우주 클러스터 연구인력 육성 벤치마킹", Block("heading", "NASA ARC : 우주 클러스터 연구인력 육성 벤치마킹")),
    ("▲ 남유진 구미시장이 UCSD 관계자와 면담하고 있다.", Block("caption", "남유진 구미시장이 UCSD 관계자와 면담하고 있다.")),
    ("애플 방문상담센터에서 설명을 듣고 있는 관악구 대표단", Block("caption", "애플 방문상담센터에서 설명을 듣고 있는 관악구 대표단")),
    ("대표단이 시청을 방문했다. (사진=구미시)", Block("caption", "대표단이 시청을 방문했다. (사진=구미시)")),
    ("○ 중기부는 이번 순방을 계기로 스타트업의 미국 진출을 지원했다.",
     Block("paragraph", "○ 중기부는 이번 순방을 계기로 스타트업의 미국 진출을 지원했다.")),
])
def test_a_line_inside_the_article_by_its_shape(line, block):
    text = f"대표단은 3일 출국했다.\n\n{line}\n\n대표단은 9일 귀국했다.\n"
    assert clean(text).blocks[1] == block
    assert_every_line_placed_once(text)


def test_a_lede_dateline_goes_to_the_header():
    text = "(서울=연합뉴스) 홍길동 기자 = 산업통상자원부는 3일 한미 공급망 협의를 열었다고 밝혔다.\n"
    page = clean(text)
    assert page.header == ("(서울=연합뉴스) 홍길동 기자 =",)
    assert page.blocks == (Block("paragraph", "산업통상자원부는 3일 한미 공급망 협의를 열었다고 밝혔다."),)
    assert_every_line_placed_once(text)


def test_no_break_spaces_become_spaces_one_for_one():
    page = clean("대전시는\u00a0CES에\u00a0\u00a0참가했다.\n")
    assert page.blocks == (Block("paragraph", "대전시는 CES에  참가했다."),)


def test_markdown_keeps_text_that_looks_like_markup_as_text():
    page = clean("1. 이번 협약으로 두 도시는 교류를 넓히기로 했다.\n\n- 대표단은 [[SVB]] 본사도 찾았다.\n\n"
                 "▲ 협약서에 서명하는 *시장* 모습\n")
    assert page.markdown() == ("1\\. 이번 협약으로 두 도시는 교류를 넓히기로 했다.\n\n"
                               "\\- 대표단은 \\[\\[SVB]] 본사도 찾았다.\n\n"
                               "*사진: 협약서에 서명하는 \\*시장\\* 모습*\n")


@pytest.mark.parametrize("line", [
    "  • 맑음서울 28.5℃", "• 구름많음강진군 25.9℃", "기상청 제공", "배너", "상태바", "본문내용 바로가기",
    "• 금정아 기자", "  • 승인 2023.08.23 17:41", "• 댓글 0", "이 기사를 공유합니다", "• 조회수 : 117",
    "SNS TV", "더보기", "가장 많이 본 뉴스", "포토뉴스", "taegyeong3975@shinailbo.co.kr", "[출처: 중소벤처기업부]",
    "저작권자 © 신아일보 무단전재 및 재배포금지", "김동희 사진 윤기중", "2024.06.11 (화)",
    "  • 제주 24.5℃", "• 흐림 -1.2℃",   # a weather station with its sky or its name missing
])
def test_page_noise(line):
    assert is_page_noise(line)


@pytest.mark.parametrize("line", [
    "■ 보스턴", "6풀러턴 시장과의 기념촬영", "'CES 2023' : 글로벌 혁신성장 생태계 동향 한눈에",
    "대전시는 16일 성과공유회 시간을 가졌다. (사진=대전시)", "9일에는 실리콘밸리은행(SVB)을 찾아 간담회를 개최했다.",
    "광고 시장 동향을 살폈다.", "배너를 설치했다.", "전화 상담도 가능했다.", "담당 공무원이 현장을 점검했다.",
    "저작권자의 허락 없이 작품을 복제하는 것은 금지됐다.", "담당부서는 국제통상과",
])
def test_article_lines_are_not_noise(line):
    assert not is_page_noise(line)


def test_images_and_table_borders_of_a_photo_layout_are_not_body():
    page = clean("해외투자유치단이 일본을 방문해 투자환경을 홍보한다고 밝혔다.\n![]() |\n"
                 "| ▲ 공장 시찰 모습 [김해시 제공] |\n시장은 기대를 밝혔다고 말했다.\n")
    body = page.markdown()
    assert "![]()" not in body and "|" not in body
    assert "*사진: 공장 시찰 모습 [김해시 제공]*" in body


def test_a_lede_repeated_as_its_photo_caption_stays_the_lede_and_the_e_mail_goes():
    lede = "시의회는 의장을 비롯한 방문단이 지난 15일 자매도시를 방문해 협약을 체결했다고 16일 밝혔다."
    page = clean(f"[대전=뉴스핌] 홍길동 기자 = {lede}\n방문단은 이날 대학 두 곳을 찾아 의견을 나눴다.\n"
                 f"{lede} [사진=시의회] 2023.02.16 gildong@example.com |\n특히 양측은 교류를 약속했다.\n")
    body = page.markdown()
    assert body.startswith(lede) and "@" not in body and body.count(lede) == 1
    assert any("2023.02.16" in line for line in page.removed)  # the dated credit stays evidence


def test_a_bracketed_dateline_byline_opening_the_lede_is_dropped():
    from site_builder.ingest.clean import clean
    page = clean("서거석 교육감, 길림성 방문\n\n[더팩트 | 전주=전광훈 기자] 전북도교육청과 중국 길림성교육청이 협력관계를 강화하는 데 뜻을 모았다.\n\n"
                 "서 교육감은 24일 중국 길림성을 방문했다.\n")
    body = page.markdown() if hasattr(page, "markdown") else "\n".join(b.text for b in page.blocks)
    assert "전광훈" not in body and "전북도교육청과 중국 길림성교육청이" in body


def test_a_byline_with_its_email_closing_the_last_paragraph_is_dropped():
    from site_builder.ingest.clean import clean
    page = clean("부산시는 시장개척단이 250만달러의 계약실적을 올렸다고 11일 밝혔다.\n\n"
                 "하반기에도 시장개척단을 추가로 파견할 계획이다. (부산=연합뉴스) 이영희기자 lyh9502@yonhapnews.net\n")
    assert "계획이다." in page.markdown() and "yonhapnews" not in page.markdown() and "이영희" not in page.markdown()


def test_a_weather_station_without_its_sky_is_no_headline():
    lines = ["배너", "2025.09.11 (목)", "  • 맑음동두천 25.8℃", "  • 제주 24.5℃", "  • 구름조금천안 26.0℃", "기상청 제공",
             "경북", "박현국 봉화군수, 베트남에 봉화군 알리기 '잰걸음'",
             "봉화우호교류단, 11월26일~12월1일까지 베트남 방문",
             "박현국 봉화군수를 비롯한 5명의 봉화군 우호방문단은 지난 11월 26일부터 12월 1일까지 베트남을 공식 방문했다."]
    page = clean("\n".join(lines))
    assert page.title == "박현국 봉화군수, 베트남에 봉화군 알리기 '잰걸음'"


def test_a_headline_printed_twice_may_end_like_a_sentence():
    lines = ["online & web resolution aid", "항상 고객사와 소통하는 오라인포", "국제보도자료", "> 오라人 > 보도자료",
             "여주시, 일본 우호교류 도시 방문길 올랐다", "등록일 2017/10/31 17:05:46 조회수3645",
             "여주시, 일본 우호교류 도시 방문길 올랐다",
             "원경희 여주시장을 필두로 한 여주시 방문단이 31일, 일본 상봉정 방문길에 올랐다."]
    page = clean("\n".join(lines))
    assert page.title == "여주시, 일본 우호교류 도시 방문길 올랐다"
    assert page.markdown().startswith("원경희 여주시장을")
