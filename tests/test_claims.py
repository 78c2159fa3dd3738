"""A figure against its own text, read with the Korean number parser."""

from __future__ import annotations

import pytest

from site_builder.claims import count_problems, figure_problems
from site_builder.korean import format_quantity


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """These tests read the tool's English messages; Korean ones: tests/test_i18n.py, tests/test_validate.py."""
    monkeypatch.setenv("LANGUAGE", "en")


@pytest.mark.parametrize("metric, value, unit, approx, bound, text", [
    ("consultation_amount", 37000000000, "KRW", True, None, "투자ㆍ상담 금액은 370여억 원"),
    ("export", 500000000000, "KRW", True, "max", "최대 5천억원 규모의 기술수출"),
    ("export", 125000000, "USD", False, None, "1억2천5백만 달러 수출 계약"),
    ("visitors", 3500, "명", True, None, "대전관 방문자 3,500여 명"),
    ("other", 41, "%", False, None, "청년 인구 비율이 41%"),
    ("other", 5, "개", False, None, "최고혁신상 23개중 5개"),           # several numbers: the value is one of them
    ("companies", 5, "개사", False, None, "한국인이 미국에서 창업한 곳이 5개"),  # N개 counts companies in 개사
    ("other", 30000, "개", False, "min", "3만 개 이상의 벤처기업"),
    ("visitors", 3500, "명", True, "min", "방문자 3,500명을 넘는"),      # approx may be set where a bound is
])

def test_figures_that_agree_with_their_text(metric, value, unit, approx, bound, text):
    assert figure_problems(metric, value, unit, approx, bound, text) == []


def test_a_value_that_is_not_the_number_of_its_text():
    assert figure_problems("investment", 50000000000, "KRW", True, None, "300억 원 규모의 투자") == [
        ("value", "value 50000000000 (500억) does not match '300억 원' in text", "expected 30000000000")]


def test_an_estimate_must_be_marked_approximate():
    assert figure_problems("visitors", 3500, "명", False, None, "방문자 3,500여 명") == [
        ("approx", "text '방문자 3,500여 명' states an approximate number ('3,500여 명')", "expected approx: true")]


def test_money_is_never_counted_in_people():
    [(key, message, expected)] = figure_problems("fund", 60, "명", False, None, "60명")
    assert (key, expected) == ("unit", "expected unit 'KRW' or 'USD'")


def test_agreement_counts_follow_their_text():
    assert count_problems("기업 간 MOU 6건", 6) == []
    assert count_problems("양해각서(MOU)를 체결", 1) == []      # no count stated: one agreement
    assert count_problems("기업 간 MOU 6건", 1) == [("count", "count 1 does not match '6건' in text",
                                                     "expected count: 6")]


@pytest.mark.parametrize("value, unit, approx, bound, shown", [
    (500000000000, "KRW", True, "max", "최대 5,000억 원"),
    (20, "개", False, "min", "20개 이상"),
    (37000000000, "KRW", True, None, "약 370억 원"),
])
def test_bounds_are_shown_as_the_article_says_them(value, unit, approx, bound, shown):
    assert format_quantity(value, unit, approx, bound) == shown
