"""Cross-links of the five real briefings, asserted by name on the built pages; metadata that parses."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib

from tests.support import build_site, copy_fixture, crawl

BASE = "https://briefings.example.kr/"
SVG = "{http://www.w3.org/2000/svg}"


def parse(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def page(site: Path, path: str):
    return parse(site / path / "index.html")


def section(document, heading_id: str):
    """The <section> labelled by the heading with ``heading_id``."""
    found = document.find(f".//section[@aria-labelledby='{heading_id}']")
    assert found is not None, heading_id
    return found


def list_titles(element) -> list[str]:
    return [text_of(h) for h in element.findall(".//h3[@class='article-item-title']")]


def json_ld(document) -> list[dict]:
    return [json.loads(s.text) for s in document.iter("script") if s.get("type") == "application/ld+json"]


def test_partner_page_lists_the_briefing_that_met_it(content_site):
    document = page(content_site, "partners/silicon-valley-bank")
    assert text_of(document.find(".//h1")) == "실리콘밸리은행"
    assert "다른 이름: SVB, Silicon Valley Bank" in text_of(document.find(".//header[@class='term-header']"))
    assert "2023년 3월 예금 인출 사태로 파산" in text_of(document.find(".//div[@class='description']"))
    assert list_titles(section(document, "term-articles")) == ["대전의 미래 먹거리 실리콘밸리에서 답을 찾다"]
    cities = section(document, "neighbours-city")
    assert [text_of(li) for li in cities.findall(".//li")] == ["대전광역시 1건"]
    assert cities.find(".//a").get("href") == "/cities/daejeon/"


def test_city_page_lists_its_briefings_newest_first_with_partners_met(content_site):
    document = page(content_site, "cities/daejeon")
    assert list_titles(section(document, "term-articles")) == [
        "대전시, CES 2024 대전관 운영 성과공유회 개최",      # 2024-02-17
        "대전의 미래 먹거리 실리콘밸리에서 답을 찾다",        # 2023-01-26
    ]
    partners = [text_of(li) for li in section(document, "neighbours-partner").findall(".//li")]
    assert partners[0] == "CES 2건"
    assert "실리콘밸리은행 1건" in partners and len(partners) == 5
    places = [text_of(li) for li in section(document, "neighbours-place").findall(".//li")]
    assert places == ["라스베이거스 2건", "샌프란시스코 1건", "실리콘밸리 1건"]
    # The city's figure totals per metric link to the ledger.
    figures = section(document, "term-figures")
    assert "약 370억 원" in text_of(figures)


def test_place_page_lists_the_cities_that_visited(content_site):
    document = page(content_site, "destinations/silicon-valley")
    cities = [text_of(li) for li in section(document, "neighbours-city").findall(".//li")]
    assert cities == ["대전광역시 1건", "서울특별시 관악구 1건"]
    assert list_titles(section(document, "term-articles")) == [  # newest first
        "한국형 실리콘밸리 만나고 글로벌 혁신경제도시로 도약한다", "대전의 미래 먹거리 실리콘밸리에서 답을 찾다"]


def test_related_briefings_show_their_reasons(content_site):
    document = page(content_site, "briefings/daejeon-ces-2024-results")
    related = section(document, "related-title")
    first = related.find(".//li[@class='article-item']")
    assert text_of(first.find("h3")) == "대전의 미래 먹거리 실리콘밸리에서 답을 찾다"
    assert [text_of(li) for li in first.findall(".//ul[@class='reasons']/li")] == [
        "같은 파트너: CES", "같은 방문지: 라스베이거스", "같은 도시, 13개월 전", "같은 태그: CES"]


def test_briefing_shows_what_the_city_did_before_and_after(content_site):
    document = page(content_site, "briefings/daejeon-silicon-valley")
    around = section(document, "around-title")
    assert text_of(around.find(".//h3")) == "대전광역시"
    items = [text_of(li) for li in around.findall(".//li")]
    assert items == ["이후 대전시, CES 2024 대전관 운영 성과공유회 개최 2024년 2월 17일"]
    assert around.find(".//li/a").get("href") == "/briefings/daejeon-ces-2024-results/"


def test_first_mentions_in_the_body_link_to_profiles(content_site):
    body = section(page(content_site, "briefings/daejeon-silicon-valley"), "body-title")
    mentions = [(a.get("href"), text_of(a)) for a in body.iter("a") if a.get("class") == "mention"]
    hrefs = [href for href, _ in mentions]
    assert len(hrefs) == len(set(hrefs))  # each entry once
    assert ("/partners/silicon-valley-bank/", "실리콘밸리은행") in mentions
    assert ("/destinations/silicon-valley/", "실리콘밸리") in mentions
    assert ("/partners/kotra-silicon-valley/", "실리콘밸리 코트라 무역관") in mentions
    for heading in body.findall(".//h2"):
        assert heading.find(".//a") is None


def test_entries_named_only_in_a_body_get_a_page_listing_the_mention(content_site):
    # The SMEs ministry's briefing names Las Vegas (CES) in its text but not in its front matter.
    document = page(content_site, "destinations/las-vegas")
    assert list_titles(section(document, "term-mentions")) == ["미국 순방계기로 한-미 중소벤처 분야 협력 활기"]
    assert "미국 순방계기로" not in text_of(section(document, "term-articles"))


def test_explicit_links_make_typed_backlinks(tmp_path):
    root = copy_fixture("basic", tmp_path)
    source = root / "content" / "briefings" / "2024-02-17-daejeon-ces.md"
    source.write_text(source.read_text(encoding="utf-8")
                      + "\n1년 전 [[briefing:daejeon-svb|실리콘밸리 출장]]에서 만난 [[SVB]]와도 이야기했다.\n",
                      encoding="utf-8")
    output = tmp_path / "output"
    build_site(root, output)
    target = page(output, "briefings/daejeon-svb")
    assert list_titles(section(target, "backlinks-title")) == ["대전시, CES 2024 대전관 성과공유회"]
    source_page = page(output, "briefings/daejeon-ces")
    xrefs = [(a.get("href"), text_of(a)) for a in source_page.iter("a") if a.get("class") == "xref"]
    assert xrefs == [("/briefings/daejeon-svb/", "실리콘밸리 출장"), ("/partners/silicon-valley-bank/", "SVB")]
    # The bank page now also lists the briefing that names it without listing it in its front matter.
    bank = page(output, "partners/silicon-valley-bank")
    assert list_titles(section(bank, "term-mentions")) == ["대전시, CES 2024 대전관 성과공유회"]


def test_json_ld_parses_on_every_page_and_describes_briefings(content_site):
    for path in sorted(content_site.rglob("*.html")):
        document = parse(path)
        for data in json_ld(document):
            assert data["@context"] == "https://schema.org"
        crumbs = document.find(".//nav[@class='breadcrumbs wrap']")
        if crumbs is not None:
            listed = next(d for d in json_ld(document) if d["@type"] == "BreadcrumbList")
            assert [i["name"] for i in listed["itemListElement"]] == [text_of(li) for li in crumbs.findall(".//li")]
    document = page(content_site, "briefings/daejeon-silicon-valley")
    article = next(d for d in json_ld(document) if d["@type"] == "NewsArticle")
    assert article["headline"] == "대전의 미래 먹거리 실리콘밸리에서 답을 찾다"
    assert article["datePublished"] == "2023-01-26"
    about = {(a["@type"], a["name"]): a for a in article["about"]}
    bank = about[("Organization", "실리콘밸리은행")]
    assert bank["url"] == BASE + "partners/silicon-valley-bank/" and "SVB" in bank["alternateName"]
    assert ("Place", "실리콘밸리") in about and ("GovernmentOrganization", "대전광역시") in about
    ministry = next(d for d in json_ld(page(content_site, "briefings/mss-us-state-visit")) if d["@type"] == "NewsArticle")
    assert {"라스베이거스", "CES"} <= {m["name"] for m in ministry["mentions"]}


def test_pages_have_title_description_canonical_and_open_graph(content_site):
    for path in sorted(content_site.rglob("index.html")):
        document = parse(path)
        head = document.find("head")
        metas = {m.get("property") or m.get("name"): m.get("content") for m in head.iter("meta")}
        canonical = head.find(".//link[@rel='canonical']").get("href")
        assert text_of(head.find("title")) and metas["description"], path
        assert metas["og:url"] == canonical and canonical.startswith(BASE), path
        assert metas["og:title"] and metas["og:description"] and metas["og:locale"] == "ko_KR"
    assert 'content="article"' in (content_site / "briefings/daejeon-silicon-valley/index.html").read_text()


def test_timeline_runs_oldest_first_by_month_with_trip_ranges(content_site):
    index = page(content_site, "timeline")
    years = [text_of(item) for item in index.findall(".//ul[@class='year-index timeline-index']/li")]
    assert years == ["2013년 1건, 출장 1건", "2014년 ~ 2022년: 기록된 브리핑 없음", "2023년 3건, 출장 3건",
                     "2024년 1건"]
    links = [a.get("href") for a in index.findall(".//ul[@class='year-index timeline-index']/li/a")]
    assert links == ["/timeline/2013/", "/timeline/2023/", "/timeline/2024/"]
    document = page(content_site, "timeline/2023")
    assert "2014년 ~ 2022년: 기록된 브리핑 없음" in text_of(document.find(".//p[@class='quiet']"))
    assert [a.get("href") for a in document.findall(".//nav[@class='year-pager']//a")] == [
        "/timeline/2013/", "/timeline/", "/timeline/2024/"]
    year_2023 = document.find(".//section[@id='y2023']")
    assert [text_of(h) for h in year_2023.findall("h3")] == ["1월", "4월", "7월"]
    chart = year_2023.find(f".//{SVG}svg")
    assert chart.get("role") == "img" and text_of(chart.find(f"{SVG}title")) == "2023년 출장 기간"
    assert len(chart.findall(f".//{SVG}rect")) == 3  # three trips drawn as date ranges
    first = year_2023.find(".//ol/li")
    assert text_of(first.find("p")) == "출장 2023년 1월 4일 ~ 12일"


def test_every_new_page_is_reachable_under_a_sub_path(tmp_path):
    output = tmp_path / "output"
    build_site(Path(__file__).resolve().parent.parent, output, base_url="https://example.org/archive/")
    broken, visited = crawl(output, "https://example.org/archive/")
    assert broken == []
    reached = {p.relative_to(output).as_posix() for p in visited}
    for path in ["timeline/index.html", "timeline/2023/index.html", "figures/index.html", "figures/investment/index.html",
                 "partners/silicon-valley-bank/index.html", "destinations/las-vegas/index.html"]:
        assert path in reached
