from datetime import date

import pytest

from site_builder.korean import (format_date, format_quantity, format_range, group_korean, name_key,
                                 parse_korean_number)


def test_korean_dates():
    assert format_date(date(2024, 2, 17)) == "2024년 2월 17일"
    assert format_range(date(2023, 1, 4), date(2023, 1, 12)) == "2023년 1월 4일 ~ 12일"
    assert format_range(date(2023, 1, 30), date(2023, 2, 2)) == "2023년 1월 30일 ~ 2월 2일"
    assert format_range(date(2023, 12, 30), date(2024, 1, 2)) == "2023년 12월 30일 ~ 2024년 1월 2일"
    assert format_range(date(2023, 1, 4), date(2023, 1, 4)) == "2023년 1월 4일"


@pytest.mark.parametrize("value, expected", [
    (0, "0"), (9999, "9,999"), (10000, "1만"), (37000000000, "370억"), (120000000000, "1,200억"),
    (84500000000, "845억"), (1234567, "123만 4,567"), (1200000000000, "1조 2,000억"), (-50000, "-5만"),
])
def test_group_korean(value, expected):
    assert group_korean(value) == expected


@pytest.mark.parametrize("value, unit, approx, expected", [
    (37000000000, "KRW", True, "약 370억 원"),
    (3500, "KRW", False, "3,500원"),
    (5000000, "USD", False, "500만 달러"),
    (1500, "USD", False, "1,500달러"),
    (3500, "명", True, "약 3,500명"),
    (30000, "개", False, "3만 개"),
    (10, "개사", False, "10개사"),
    (12.5, "%", False, "12.5%"),
    (50, "%", False, "50%"),
])
def test_format_quantity(value, unit, approx, expected):
    assert format_quantity(value, unit, approx) == expected


@pytest.mark.parametrize("text, expected", [
    ("845억", 84500000000), ("5천억", 500000000000), ("3,500", 3500), ("1조 2천억", 1200000000000),
    ("370억", 37000000000), ("2.5억", 250000000), ("１２만", 120000), ("대전", None), ("", None), ("5억 3억", None),
])
def test_parse_korean_number(text, expected):
    assert parse_korean_number(text) == expected


def test_name_key_ignores_case_width_and_spaces():
    assert name_key("Silicon Valley Bank") == name_key("siliconvalleybank")
    assert name_key("실리콘밸리 은행") == name_key("실리콘밸리은행")
    assert name_key("ＳＶＢ") == name_key("svb")
