from datetime import date

import pytest

from site_builder.ingest.byline import read_byline


@pytest.mark.parametrize("line, expected", [
    ("  • 승인 2023.08.23 17:41", date(2023, 8, 23)),
    ("  • 등록일 : 2023-01-26", date(2023, 1, 26)),
    ("기사입력 2025-03-14 오전 10:21", date(2025, 3, 14)),
    ("입력 2025.03.14. 10:21", date(2025, 3, 14)),
    ("게재일 2022년 11월 3일", date(2022, 11, 3)),
])
def test_publication_date_comes_from_a_marker(line, expected):
    byline = read_byline(["2024.06.11 (화)", line])
    assert byline.published.value == expected
    assert byline.viewed.value == date(2024, 6, 11)


def test_the_earliest_publication_marker_wins_and_an_edit_is_not_a_publication():
    byline = read_byline(["입력 2025.03.14 10:21  수정 2025.03.15 09:00", "등록 2025.03.14"])
    assert byline.published.value == date(2025, 3, 14)
    assert byline.edited.value == date(2025, 3, 15)


def test_a_bare_date_at_the_top_is_only_the_day_the_page_was_viewed():
    byline = read_byline(["2024.10.04 (금)", "  • 맑음서울 24.0℃"])
    assert byline.published is None and byline.viewed.value == date(2024, 10, 4)


def test_an_impossible_date_is_ignored():
    assert read_byline(["승인 2023.02.30 10:00"]).published is None


@pytest.mark.parametrize("lines, reporter, publisher", [
    (["  • 금정아 기자", "  • 승인 2023.08.23 17:41"], "금정아", None),
    (["데일리연합(월간, 한국뉴스신문) 박주리 기자 | 중소벤처기업부(장관 이영)는 ..."], "박주리", "데일리연합"),
    (["(사진=정태경 기자)", "taegyeong3975@shinailbo.co.kr"], "정태경", "shinailbo.co.kr"),
    (["김동희 사진 윤기중"], "김동희", None),
    (["글 김동희 사진 윤기중"], "김동희", None),
    (["이 기사를 공유합니다"], None, None),
    (["홍길순 기자 hong@suwon.example", "저작권자 © 수원일보 무단전재 및 재배포 금지"], "홍길순", "수원일보"),
    (["Copyright ⓒ 2024 경남신문. All rights reserved."], None, "경남신문"),
])
def test_reporter_and_publisher(lines, reporter, publisher):
    byline = read_byline(lines)
    assert (byline.reporter, byline.publisher) == (reporter, publisher)


def test_credited_press_release():
    assert read_byline(["[출처: 중소벤처기업부]"]).credited_source == "중소벤처기업부"
