"""Atom (archive, city, partner), JSON Feed 1.1 and iCalendar files parse with standard parsers and are linked."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from datetime import date, timedelta

import icalendar
import pytest

from site_builder.build import check
from site_builder.config import load_config
from tests.support import PROJECT, build_site, parse_page

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://briefings.example.kr/"


@pytest.fixture(scope="module")
def site():
    return check(load_config(PROJECT)).site


def atom(path):
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    return root


def entry_links(root) -> list[str]:
    return [e.find(f"{ATOM}link[@rel='alternate']").get("href") for e in root.findall(f"{ATOM}entry")]


def alternates(page) -> dict[str, str]:
    """type -> href of the page's <link rel="alternate"> elements."""
    from html.parser import HTMLParser

    found: dict[str, str] = {}

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "link" and attributes.get("rel") == "alternate":
                found.setdefault(attributes["type"] + " " + attributes["href"], attributes["href"])

    Links().feed(page.read_text(encoding="utf-8"))
    return found


def test_archive_atom_feed_lists_every_briefing_newest_first(content_site, site):
    root = atom(content_site / "feed.xml")
    assert root.find(f"{ATOM}id").text == BASE + "feed.xml"
    assert entry_links(root) == [f"{BASE}briefings/{a.slug}/" for a in site.articles]
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}summary").text.strip()
        assert entry.find(f"{ATOM}updated").text.endswith("+09:00")


def test_city_and_partner_feeds_hold_their_briefings(content_site):
    daejeon = atom(content_site / "cities" / "daejeon" / "feed.xml")
    assert entry_links(daejeon) == [f"{BASE}briefings/daejeon-ces-2024-results/",
                                    f"{BASE}briefings/daejeon-silicon-valley/"]
    assert daejeon.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "cities/daejeon/feed.xml"
    assert daejeon.find(f"{ATOM}link[@rel='alternate']").get("href") == BASE + "cities/daejeon/"
    bank = atom(content_site / "partners" / "silicon-valley-bank" / "feed.xml")
    assert entry_links(bank) == [f"{BASE}briefings/daejeon-silicon-valley/"]
    seoul = atom(content_site / "cities" / "seoul" / "feed.xml")  # 광역 feed carries its districts' briefings
    assert entry_links(seoul) == [f"{BASE}briefings/gwanak-california/"]


def test_json_feed_is_version_1_1(content_site, site):
    feed = json.loads((content_site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == BASE + "feed.json" and feed["home_page_url"] == BASE
    assert feed["language"] == "ko" and feed["authors"][0]["name"]
    assert [item["url"] for item in feed["items"]] == [f"{BASE}briefings/{a.slug}/" for a in site.articles]
    for item, article in zip(feed["items"], site.articles):
        assert item["id"] == item["url"] and item["title"] == article.title
        assert item["content_text"]
        assert item["date_published"] == f"{article.date.isoformat()}T00:00:00+09:00"
    gwanak = next(i for i in feed["items"] if i["url"].endswith("/gwanak-california/"))
    assert gwanak["tags"][:2] == ["스타트업", "창업생태계"]
    assert gwanak["external_url"].startswith("https://slnews.co.kr/")


def test_calendar_has_one_all_day_event_per_trip(content_site, site):
    raw = (content_site / "calendar.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    assert raw.endswith(b"END:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    trips = {a.slug: a for a in site.articles if a.trip}
    assert set(events) == {f"{slug}@briefings.example.kr" for slug in trips}
    for slug, article in trips.items():
        event = events[f"{slug}@briefings.example.kr"]
        assert event.decoded("DTSTART") == article.trip.start
        assert event.decoded("DTEND") == article.trip.end + timedelta(days=1)  # exclusive end
        assert str(event["URL"]) == f"{BASE}briefings/{slug}/"
        assert article.title in str(event["SUMMARY"])
    daejeon = events["daejeon-silicon-valley@briefings.example.kr"]
    assert str(daejeon["LOCATION"]) == "라스베이거스, 샌프란시스코, 실리콘밸리"
    assert str(daejeon["SUMMARY"]).startswith("대전광역시: ")
    assert daejeon.decoded("DTSTART") == date(2023, 1, 4)


def test_each_city_with_trips_has_its_own_calendar(content_site):
    for city, slugs in {"daejeon": ["daejeon-silicon-valley"], "seoul-gwanak": ["gwanak-california"],
                        "gyeongbuk": ["gumi-san-diego"]}.items():
        calendar = icalendar.Calendar.from_ical((content_site / "cities" / city / "calendar.ics").read_bytes())
        assert [str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")] == slugs


def test_feeds_and_calendars_are_linked_from_their_pages(content_site):
    home = alternates(content_site / "index.html")
    assert set(home.values()) >= {"/feed.xml", "/feed.json"}
    daejeon = alternates(content_site / "cities" / "daejeon" / "index.html")
    assert "application/atom+xml /cities/daejeon/feed.xml" in daejeon
    assert "text/calendar /cities/daejeon/calendar.ics" in daejeon
    bank = alternates(content_site / "partners" / "silicon-valley-bank" / "index.html")
    assert "application/atom+xml /partners/silicon-valley-bank/feed.xml" in bank
    assert "text/calendar /calendar.ics" in alternates(content_site / "timeline" / "index.html")
    # The visible links are there too, for people without a feed-discovering browser.
    links = {href for _, href in parse_page(content_site / "cities" / "daejeon" / "index.html").links}
    assert {"/cities/daejeon/feed.xml", "/cities/daejeon/calendar.ics"} <= links


def test_feeds_and_calendars_use_the_sub_path(tmp_path):
    output = tmp_path / "output"
    build_site(PROJECT, output, base_url="https://example.org/archive/")
    root = atom(output / "cities" / "daejeon" / "feed.xml")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/archive/cities/daejeon/feed.xml"
    feed = json.loads((output / "feed.json").read_text(encoding="utf-8"))
    assert all(item["url"].startswith("https://example.org/archive/briefings/") for item in feed["items"])
    calendar = icalendar.Calendar.from_ical((output / "calendar.ics").read_bytes())
    assert all(str(e["URL"]).startswith("https://example.org/archive/") for e in calendar.walk("VEVENT"))
    assert "/archive/feed.json" in alternates(output / "index.html").values()


def test_feeds_are_byte_identical_across_builds(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build_site(PROJECT, first)
    build_site(PROJECT, second)
    for name in ["feed.xml", "feed.json", "calendar.ics", "figures/ledger.csv", "figures/ledger.json",
                 "cities/daejeon/feed.xml", "cities/daejeon/calendar.ics"]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
