"""Related briefings with their reasons, profiles and chronology, from the real content and small made-up sites."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from site_builder.build import check
from site_builder.config import load_config
from site_builder.model import Article, Site, TermKind
from site_builder import relate as relate_module
from site_builder.relate import POSTING_WINDOW, Profiles, relate, relative_month
from tests.support import PROJECT


@pytest.fixture(scope="module")
def site() -> Site:
    return check(load_config(PROJECT)).site


@pytest.fixture(scope="module")
def relations(site):
    return relate(site)


def reasons_of(relations, slug: str) -> dict[str, tuple[str, ...]]:
    return {related.slug: related.reasons for related in relations.related[slug]}


def test_the_two_daejeon_briefings_are_most_related_with_the_right_reasons(relations):
    ces = reasons_of(relations, "daejeon-ces-2024-results")
    assert list(ces)[0] == "daejeon-silicon-valley"
    assert ces["daejeon-silicon-valley"] == ("같은 파트너: CES", "같은 방문지: 라스베이거스", "같은 도시, 13개월 전",
                                             "같은 태그: CES")
    earlier = reasons_of(relations, "daejeon-silicon-valley")
    assert list(earlier)[0] == "daejeon-ces-2024-results"
    assert "같은 도시, 13개월 후" in earlier["daejeon-ces-2024-results"]


def test_shared_places_and_tags_are_named(relations):
    gwanak = reasons_of(relations, "gwanak-california")
    assert gwanak["daejeon-silicon-valley"] == ("같은 방문지: 실리콘밸리, 샌프란시스코",)
    assert gwanak["gumi-san-diego"] == ("같은 태그: MOU",)
    # No shared term, no relation: the Gumi briefing has nothing in common with the Daejeon CES one.
    assert "daejeon-ces-2024-results" not in reasons_of(relations, "gumi-san-diego")


def test_shared_partner_by_name(site):
    daejeon = next(a for a in site.articles if a.slug == "daejeon-silicon-valley")
    follow_up = replace(daejeon, slug="daejeon-svb-follow-up", path="x.md", date=date(2023, 3, 20), tags=(),
                        destinations=(), partners=("silicon-valley-bank",), cities=("daejeon",))
    small = Site((follow_up, daejeon), site.registries)
    reasons = reasons_of(relate(small), "daejeon-svb-follow-up")
    assert reasons["daejeon-silicon-valley"] == ("같은 파트너: 실리콘밸리은행", "같은 도시, 2개월 전")


def test_relative_month_wording():
    assert relative_month(date(2023, 1, 26), date(2024, 2, 17)) == "13개월 전"
    assert relative_month(date(2024, 2, 17), date(2023, 1, 26)) == "13개월 후"
    assert relative_month(date(2024, 2, 1), date(2024, 2, 28)) == "같은 달"


def test_related_candidates_come_from_a_window_not_all_pairs(site, monkeypatch):
    """A tag shared by many briefings only relates each to its nearest neighbours in time."""
    count = 10 * POSTING_WINDOW
    start = date(2000, 1, 1)
    articles = tuple(Article(slug=f"b{i:04d}", path=f"{i}.md", title=f"b{i}", date=start + timedelta(days=count - i),
                             body="", body_line=1, tags=("startup",)) for i in range(count))
    seen_pairs: list[int] = []
    original = relate_module._window

    def counting_window(posting, index, *window):
        neighbours = original(posting, index, *window)
        seen_pairs.append(len(neighbours))
        return neighbours

    monkeypatch.setattr(relate_module, "_window", counting_window)
    related = relate(Site(articles, site.registries)).related
    assert max(seen_pairs) <= 2 * POSTING_WINDOW
    assert sum(seen_pairs) <= count * 2 * POSTING_WINDOW < count * (count - 1) / 4  # far below all pairs
    # The nearest in time win among equals: b0100's related are its neighbours b0099/b0101, ...
    middle = related["b0100"]
    assert {r.slug for r in middle[:2]} == {"b0099", "b0101"}
    assert all(r.reasons == ("같은 태그: 스타트업",) for r in middle)


def test_profiles_list_briefings_oldest_first_with_neighbours(site, relations):
    profiles = Profiles(site, relations)
    daejeon = profiles.of(TermKind.CITY, "daejeon")
    assert daejeon.articles == ("daejeon-silicon-valley", "daejeon-ces-2024-results")
    neighbours = {kind: dict(counts) for kind, _, counts in daejeon.neighbours}
    assert neighbours[TermKind.PARTNER]["ces"] == 2
    assert neighbours[TermKind.PARTNER]["silicon-valley-bank"] == 1
    assert neighbours[TermKind.PLACE] == {"las-vegas": 2, "san-francisco": 1, "silicon-valley": 1}
    assert list(neighbours[TermKind.PARTNER])[0] == "ces"  # most briefings first

    bank = profiles.of(TermKind.PARTNER, "silicon-valley-bank")
    assert bank.articles == ("daejeon-silicon-valley",)
    assert dict(dict((k, c) for k, _, c in bank.neighbours)[TermKind.CITY]) == {"daejeon": 1}

    valley = profiles.of(TermKind.PLACE, "silicon-valley")
    cities = dict(dict((k, c) for k, _, c in valley.neighbours)[TermKind.CITY])
    assert cities == {"daejeon": 1, "seoul-gwanak": 1}

    boston = profiles.of(TermKind.PLACE, "boston")
    assert boston.agencies == (("중소벤처기업부", 1),)  # a national agency's trip, no city


def test_before_and_after_in_the_same_city(site, relations):
    profiles = Profiles(site, relations)
    assert profiles.around(TermKind.CITY, "daejeon", "daejeon-silicon-valley") == (None, "daejeon-ces-2024-results")
    assert profiles.around(TermKind.CITY, "daejeon", "daejeon-ces-2024-results") == ("daejeon-silicon-valley", None)
    assert profiles.around(TermKind.CITY, "daejeon", "gumi-san-diego") == (None, None)


def test_metropolitan_city_includes_its_districts(site, relations):
    assert relations.articles_of(TermKind.CITY, "seoul") == ("gwanak-california",)
    assert relations.articles_of(TermKind.CITY, "gyeongbuk") == ("gumi-san-diego",)
