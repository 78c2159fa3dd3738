"""Korean numbers: parse_number, format_number and the quantities find_quantities reads in running text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.numbers import HANGUL_DIGITS, Quantity, find_quantities, format_number, parse_number


@pytest.mark.parametrize("text, expected", [
    ("3,500", 3500), ("370억", 37000000000), ("5천억", 500000000000), ("1조 2천억", 1200000000000),
    ("1조2천억", 1200000000000), ("1,213억", 121300000000), ("2.5조", 2500000000000), ("13조", 13000000000000),
    ("3만", 30000), ("10", 10), ("41", 41), ("2.59", 2.59), ("0.5조", 500000000000), ("123만 4,567", 1234567),
    ("3천5백만", 35000000), ("10,000조", 10**16), ("-5만", -50000), ("  845억 ", 84500000000),
    ("１２만", 120000), ("３,５００", 3500),                      # full-width digits
    ("삼천", 3000), ("이십", 20), ("일억 오천만", 150000000), ("천", 1000), ("삼천오백", 3500), ("이십사", 24),
    ("백만", 1000000), ("일조 이천억", 1200000000000),
])
def test_parse_number(text, expected):
    value = parse_number(text)
    assert value == expected
    assert type(value) is type(expected)             # whole values stay int: KRW amounts are whole won


@pytest.mark.parametrize("text", [
    "", "억", "만", "대전", "5억 3억", "5만 3억", "370여억", "3,50", "1.2.3", "10명", "2023년", "이", "사", "구",
    "삼성", "12 34", "5억원",
])
def test_parse_number_rejects_what_is_not_exactly_one_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("value, expected", [
    (0, "0"), (10, "10"), (3500, "3,500"), (9999, "9,999"), (10000, "1만"), (37000000000, "370억"),
    (84500000000, "845억"), (120000000000, "1,200억"), (1200000000000, "1조 2,000억"), (1234567, "123만 4,567"),
    (13000000000000, "13조"), (10**16, "10,000조"), (-50000, "-5만"),
])
def test_format_number(value, expected):
    assert format_number(value) == expected


@given(st.integers(min_value=0, max_value=10**16))
def test_format_then_parse_gives_the_value_back(value):
    assert parse_number(format_number(value)) == value


def spelled(value: int) -> str:
    """A number in Sino-Korean numerals, as it is written out: 12345 -> 일만 이천삼백사십오."""
    names = {digit: name for name, digit in HANGUL_DIGITS.items()}
    groups = []
    for big, size in (("조", 10**12), ("억", 10**8), ("만", 10**4), ("", 1)):
        group, value = divmod(value, size)
        if group:
            words = "".join(("" if digit == 1 and small else names[digit]) + small
                            for digit, small in zip(map(int, f"{group:04d}"), ("천", "백", "십", "")) if digit)
            groups.append(words + big)
    return " ".join(groups)


@given(st.integers(min_value=10, max_value=10**15))
def test_spelled_out_numbers_parse(value):
    assert parse_number(spelled(value)) == value


def quantities(text: str) -> list[tuple[str, int | float, str, bool]]:
    return [(q.text, q.value, q.unit, q.approx) for q in find_quantities(text)]


@pytest.mark.parametrize("text, expected", [
    ("투자ㆍ상담 금액은 370여억 원으로 추산했다", [("370여억 원", 37000000000, "KRW", True)]),
    ("대전관 방문자 3,500여 명, 상담 350여 건", [("3,500여 명", 3500, "명", True), ("350여 건", 350, "건", True)]),
    ("최대 5천억원 규모의 기술수출", [("5천억원", 500000000000, "KRW", True)]),
    ("845억원 규모(5.3일 기준)의 투자유치 논의", [("845억원", 84500000000, "KRW", True)]),
    ("구축사업(1,213억)을 미국의", [("1,213억", 121300000000, "KRW", False)]),
    ("현재 약 2,000억 원 정도 투자금을", [("2,000억 원", 200000000000, "KRW", True)]),
    ("3만 개 이상의 벤처기업", [("3만 개", 30000, "개", True)]),
    ("기업 간 MOU 10건 체결", [("10건", 10, "건", False)]),
    ("청년 인구 비율이 41%에 달하고", [("41%", 41, "%", False)]),
    ("싯가총액은 우리가 13조원이 크다", [("13조원", 13000000000000, "KRW", False)]),
    ("혁신상 수상기업 10개 사와", [("10개 사", 10, "개사", False)]),
    ("혁신상 수상기업 10개\u00a0사와", [("10개\u00a0사", 10, "개사", False)]),       # a scraped no-break space
    ("스타트업 15개사가 참여하여", [("15개사", 15, "개사", False)]),
    ("일본 기업 10社", [("10社", 10, "개사", False)]),
    ("수출 계약 500만 달러", [("500만 달러", 5000000, "USD", False)]),
    ("$1.2 million 규모의 투자", [("$1.2 million", 1200000, "USD", True)]),
    ("US$ 500 and 1.5 million dollars", [("US$ 500", 500, "USD", False),
                                         ("1.5 million dollars", 1500000, "USD", False)]),
    ("100만 불을 투자", [("100만 불", 1000000, "USD", False)]),
    ("1조 2천억 원을 투입", [("1조 2천억 원", 1200000000000, "KRW", False)]),
    ("사업비 2.5조 원", [("2.5조 원", 2500000000000, "KRW", False)]),
    ("인구 130만명으로", [("130만명", 1300000, "명", False)]),
    ("창업 인프라 시설 16개소를", [("16개소", 16, "개", False)]),
    ("10여 곳을 방문", [("10여 곳", 10, "개", True)]),
    ("15개국 바이어", [("15개국", 15, "개", False)]),
    ("1만여 명이 찾았다", [("1만여 명", 10000, "명", True)]),
    ("3천여 명", [("3천여 명", 3000, "명", True)]),
    ("약3천명이 방문", [("3천명", 3000, "명", True)]),
    ("800억원대 투자유치", [("800억원", 80000000000, "KRW", True)]),
    ("3,500명을 넘는 관람객", [("3,500명", 3500, "명", True)]),
    ("일억 오천만 원을 지원", [("일억 오천만 원", 150000000, "KRW", False)]),
    ("삼천 명이 모였다", [("삼천 명", 3000, "명", False)]),
    ("만족도 50 퍼센트", [("50 퍼센트", 50, "%", False)]),
    ("１２％ 증가", [("１２％", 12, "%", False)]),
    ("곳이 5개일 정도로", [("5개", 5, "개", False)]),
    ("최고혁신상 23개중 5개를", [("23개", 23, "개", False), ("5개", 5, "개", False)]),
    ("1명당 10만원", [("10만원", 100000, "KRW", False)]),
])
def test_find_quantities(text, expected):
    assert quantities(text) == expected


@pytest.mark.parametrize("text", [
    "2023년", "1983년 설립", "1월 4일부터 12일까지", "2.15일부터 2.23일", "(5.3일 기준)", "승인 2024.02.17 17:41",
    "1차 상담", "2회 연속", "아시아 1위, 세계 3위", "3대 컨설팅 회사", "세계 제1의 스타트업 요람", "6박9일", "7박 9일",
    "5박 7일", "CES 2023을 참관", "6~70년대", "1 스퀘어마일(2.59㎢)", "문의 042-270-2114", "hong123@daejeon.go.kr",
    "민선8기 관악구", "관악S밸리 2.0을", "K-바이오 랩허브", "A회사 관계자", "COVID-19 백신", "1:1 상담", "3층 회의실",
    "5호 공약", "70세 이상", "10시 30분", "2기 신도시", "3~5명", "10~20%", "3개월", "5원칙", "50%p 상승",
    "10%포인트 올랐다", "수천 명", "수백억 원", "5억 유로", "10억 뷰", "인구 14억, 세계 최대", "10건째", "1,000불과",
    "이사 명단", "2023 명예", "10개대학", "이 명", "(4.26)", "(1차)", "3자 간 MOU",
])
def test_find_quantities_leaves_out_what_is_no_quantity(text):
    assert quantities(text) == []


UNIT_WORDS = {"KRW": "원", "USD": "달러", "명": "명", "건": "건", "개사": "개사", "개": "개", "%": "%"}


@given(value=st.integers(min_value=0, max_value=10**16), unit=st.sampled_from(sorted(UNIT_WORDS)),
       spaced=st.booleans(), about=st.booleans())
def test_a_formatted_quantity_is_found_with_its_value_and_unit(value, unit, spaced, about):
    number = f"{value:,}" if unit == "%" else format_number(value)
    text = f"이번 행사에서 {number}{'여' if about else ''}{' ' if spaced else ''}{UNIT_WORDS[unit]}의 성과를 거뒀다."
    [quantity] = find_quantities(text)
    assert (quantity.value, quantity.unit, quantity.approx) == (value, unit, about)
    assert quantity.text == text[quantity.start:quantity.end]
    assert quantity.text.startswith(number)


_PIECES = st.sampled_from(["1", "23", "3,500", "2.5", "억", "만", "천", "조", "여", " ", "원", "명", "건", "개", "사", "%", "$",
                           "년", "월", "일", "~", "-", ".", ":", "약", "대", "규모", "이상", "삼", "이", "(", ")", "\u00a0",
                           "１", "％", "million", "달러", "기업", "MOU"])


@settings(max_examples=500)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_spans_are_verbatim_ordered_and_apart(text):
    found = find_quantities(text)
    for quantity in found:
        assert isinstance(quantity, Quantity)
        assert quantity.text == text[quantity.start:quantity.end]
        assert quantity.unit in UNIT_WORDS
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_a_sum_worth_어치_is_a_quantity():
    from site_builder.numbers import find_quantities
    assert [(q.value, q.unit) for q in find_quantities("주방용품 77만달러어치를 판 업체")] == [(770000, "USD")]
