from datetime import date

import pytest

from site_builder.ingest.dates import durations, find_trip


@pytest.mark.parametrize("text, near, start, end", [
    ("이장우 시장은 1월 4일부터 12일까지 미국 출장길에 나섰다.", date(2023, 1, 26), date(2023, 1, 4), date(2023, 1, 12)),
    ("사절단은 2.15일부터 2.23일(6박9일)까지 일정으로 방문했다.", date(2013, 2, 25), date(2013, 2, 15), date(2013, 2, 23)),
    ("대표단은 2023년 7월 5일부터 7월 13일까지 미국을 방문했다.", date(2024, 1, 1), date(2023, 7, 5), date(2023, 7, 13)),
    ("시장은 12월 28일부터 1월 3일까지 해외 순방에 나섰다.", date(2025, 1, 10), date(2024, 12, 28), date(2025, 1, 3)),
    # an announcement of a trip ahead: the next year's dates are nearer than last year's
    ("시장은 오는 1월 8일~12일 미국을 방문할 예정이다.", date(2024, 12, 20), date(2025, 1, 8), date(2025, 1, 12)),
])
def test_trip_range_in_a_sentence_about_travel(text, near, start, end):
    trip = find_trip([text], near)
    assert (trip.start, trip.end, trip.stated) == (start, end, True)


def test_the_longest_travel_range_is_the_trip_not_one_event_within_it():
    text = ("시장은 1월 4일부터 12일까지 미국 출장길에 나섰다. 1월 5~6일(현지시간) 이틀간 열린 CES를 방문했다.")
    trip = find_trip([text], date(2023, 1, 26))
    assert (trip.start, trip.end) == (date(2023, 1, 4), date(2023, 1, 12))


def test_a_range_in_a_sentence_about_something_else_is_not_a_trip():
    assert find_trip(["접수 기간은 3월 2일부터 20일까지다."], date(2024, 3, 1)) is None


def test_event_days_give_an_inferred_trip():
    text = "4월 25일 만찬이 열렸다. 4월 28일 라운드 테이블이 개최됐다. 협약을 체결(4.26)했다."
    trip = find_trip([text], date(2023, 5, 3))
    assert (trip.start, trip.end, trip.stated) == (date(2023, 4, 25), date(2023, 4, 28), False)


def test_without_a_publication_date_the_trip_is_not_after_the_day_viewed():
    trip = find_trip(["사절단은 2.15일부터 2.23일까지 일정으로 방문했다."], date(2024, 10, 4), not_after=True)
    assert (trip.start, trip.end) == (date(2024, 2, 15), date(2024, 2, 23))


def test_durations_are_reported_for_review():
    assert durations(["관악구 대표단 8명, 7박 9일간 미국 방문", "(6박9일)"]) == ["6박9일", "7박 9일"]


def test_a_first_day_and_a_length_give_the_trip():
    trip = find_trip(["대표단은 7월 5일 출국해 7박 9일 일정으로 미국 캘리포니아주를 방문했다."], date(2023, 8, 23))
    assert (trip.start, trip.end, trip.stated) == (date(2023, 7, 5), date(2023, 7, 13), True)


def test_a_trip_to_a_month_the_next_month_and_a_heading():
    from datetime import date as day
    from site_builder.ingest.dates import find_trip
    # 부터 오는 11월 3일: the end in the next month
    trip = find_trip(["원 시장 일행은 31일부터 오는 11월 3일까지 3박 4일 일정으로 의회를 예방한다."], day(2017, 10, 31))
    assert (trip.start, trip.end) == (day(2017, 10, 31), day(2017, 11, 3))
    # 향한다 is travel
    trip = find_trip(["이완섭 서산시장이 10월 29일부터 11월 1일까지 독일 프랑크푸르트로 향한다."], day(2023, 10, 27))
    assert (trip.start, trip.end) == (day(2023, 10, 29), day(2023, 11, 1))


def test_an_undated_article_that_names_one_month_gives_the_trip_its_year_inferred():
    from datetime import date as day
    from site_builder.ingest.dates import find_trip
    text = ["교육감이 15~30일 런던·일본 출장에 나선다.", "17일 대전에서 열리는 '2019년 1월 교육감협의회 총회'에 참석한다."]
    trip = find_trip(text, None)
    assert (trip.start, trip.end, trip.stated) == (day(2019, 1, 15), day(2019, 1, 30), False)
    # a month named for an earlier visit says nothing of this trip
    assert find_trip(["구는 10월 31일부터 11월 4일까지 출장을 다녀왔다.", "2019년 5월 대표단이 방문했다."], None) is None


def test_a_time_stamp_line_with_its_modified_time_is_the_publication_date():
    from site_builder.ingest.published import _STAMP
    assert _STAMP.match("2011-09-13 11:00:00 2011-09-13 11:00:00").group("y", "m", "d") == ("2011", "09", "13")


def test_a_trip_from_지난_day_and_its_length():
    from datetime import date as day
    from site_builder.ingest.dates import find_trip
    trip = find_trip(["창원시는 지난 29일 파견된 세일즈단이 8박9일 일정중 터키에서 계약을 올렸다고 11일 밝혔다."], day(2000, 5, 11))
    assert (trip.start, trip.end) == (day(2000, 4, 29), day(2000, 5, 7))


def test_a_trip_from_the_day_before_and_a_dated_byline_with_a_slash():
    from datetime import date as day
    from site_builder.ingest.dates import find_trip
    from site_builder.ingest.published import _DATED_BYLINE
    trip = find_trip(["총 16명은 4박 5일 일정으로 전날(9일) 일본으로 출장을 떠났다."], day(2024, 12, 10))
    assert (trip.start, trip.end) == (day(2024, 12, 9), day(2024, 12, 13))
    assert _DATED_BYLINE[1].search("손임규 기자 / 2024-12-10 11:46:10").group(1, 2, 3) == ("2024", "12", "10")
