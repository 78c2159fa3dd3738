"""The search page in real headless Chromium against the fixture site served on 127.0.0.1."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.support import FIXTURES, build_site, serve_directory

pytestmark = pytest.mark.browser

SITE = FIXTURES / "search"
GOLDEN = json.loads((SITE / "golden.json").read_text(encoding="utf-8"))
SVB, CES, GWANAK, YUSEONG = "daejeon-svb", "daejeon-ces", "gwanak-silicon-valley", "yuseong-bio-investment"
GUMI, GUMI_VISIT, BUSAN = "gumi-san-diego", "san-diego-delegation-gumi", "busan-expo"
GANGDONG, BUSAN_DONG = "gangdong-expo", "busan-dong-singapore"

# query string -> briefings in the exact order the page must list them
QUERIES = [
    # a word inside a compound; a noun with a particle in the text and in the query
    ("q=투자청", [SVB]),
    ("q=대전시", [CES, SVB, YUSEONG]),
    ("q=대전시는", [SVB, CES, YUSEONG]),
    ("q=대전시의", [CES, SVB, YUSEONG]),
    # title, partner and city above body; newer first on ties
    ("q=대전", [CES, SVB, YUSEONG, BUSAN]),
    # spacing variants
    ("q=실리콘밸리 은행", [SVB, GWANAK]),
    ("q=실리콘밸리은행", [SVB, GWANAK]),
    # Latin case-insensitive; English names and acronyms through registry aliases
    ("q=svb", [SVB]),
    ("q=SVB", [SVB]),
    ("q=Nasa", [SVB, BUSAN]),
    ("q=Stanford", [GWANAK]),
    ("q=stanford university", [GWANAK]),
    ("q=ucsd", [GUMI]),
    # numbers as Korean writes them
    ("q=845억", [YUSEONG]),
    ("q=845억원", [YUSEONG]),
    ("q=5천억", [YUSEONG]),
    ("q=3,500명", [CES]),
    ("q=3500명", [CES]),
    ("q=1213억", [GUMI]),
    # spelling variants one jamo apart, below exact matches
    ("q=샌디애이고", [GUMI_VISIT, GUMI]),
    ("q=샌디에이고", [GUMI, GUMI_VISIT]),
    ("q=벤처캐피털", [GWANAK]),   # written 벤처 캐피털 in the text
    ("q=벤처캐피탈", [GWANAK]),   # and one vowel apart
    # initial consonants
    ("q=ㄷㅈ", [CES, SVB, YUSEONG]),
    ("q=ㅅㅌㅍㄷ", [GWANAK]),
    ("q=ㅎㅅㅅ", [CES]),  # 혁신상: three or more initials also look at the words of the briefings
    # several words mean AND
    ("q=대전 ces", [CES]),
    ("q=구미 샌디에이고", [GUMI, GUMI_VISIT]),
    ("q=svb 부산", []),
    # a short query: the word-boundary match (전시회) above matches inside 대전시
    ("q=전시", [BUSAN, CES, SVB, YUSEONG]),
    ("q=없는말", []),
    # issue 15: a registered place the body only mentions finds the briefing by every alias, below listings
    ("q=Singapore", [BUSAN_DONG]),
    ("q=싱가폴", [BUSAN_DONG]),
    ("q=las vegas", [CES, GANGDONG]),
    ("q=Las Vegas", [CES, GANGDONG]),
    # a registered name inside a longer registered name of another entity is no hit (동구 in 강동구)
    ("q=동구", [BUSAN_DONG]),
    ("q=강동구", [GANGDONG]),
    # transliteration variants through the loose form, below exact hits
    ("q=샌디에고", [GUMI_VISIT, GUMI]),  # both loose hits: a title above a body
    ("q=라스베이가스", [CES, GANGDONG]),
    # numbers by value, never by digit substrings; a counter typed apart
    ("q=200억", [BUSAN_DONG]),
    ("q=2000억", [GANGDONG]),
    ("q=2,000억 원", [GANGDONG]),
    ("q=200억 원", [BUSAN_DONG]),
    # facets alone and with a query
    ("city=daejeon", [CES, SVB, YUSEONG]),
    ("year=2024", [BUSAN, CES]),
    ("city=daejeon&year=2024", [CES]),
    ("q=대전&city=daejeon-yuseong", [YUSEONG]),
    ("partner=stanford-university", [GWANAK]),
    ("destination=san-diego", [GUMI]),
    ("q=구미&year=2013", [GUMI]),
]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    output = tmp_path_factory.mktemp("search-browser") / "output"
    build_site(SITE, output)
    with serve_directory(output) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors


def wait_done(page, query: str | None = None):
    page.wait_for_selector("[data-search][data-state=done]")
    if query is not None:
        page.wait_for_function("q => document.querySelector('[data-search]').getAttribute('data-query') === q "
                               "&& document.querySelector('[data-search]').getAttribute('data-state') === 'done'",
                               arg=query)


def results(page) -> list[str]:
    return page.eval_on_selector_all("[data-search-results] [data-result]", "els => els.map(e => e.dataset.result)")


def open_search(page, site_url, query: str):
    page.goto(site_url + "search/?" + query)
    wait_done(page)


@pytest.mark.parametrize("query, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_query_results(page, site_url, query, expected):
    open_search(page, site_url, query)
    assert results(page) == expected
    status = page.text_content("[data-search-status]")
    assert status == (f"검색 결과 {len(expected)}건" if expected else "검색 결과가 없습니다.")
    assert page.is_visible("[data-search-empty]") is (not expected)


def test_javascript_normalization_matches_the_golden_cases(page, site_url):
    open_search(page, site_url, "")
    failures = page.evaluate("""golden => {
        const s = window.siteSearch, failures = [];
        const check = (name, input, got, want) => {
            if (JSON.stringify(got) !== JSON.stringify(want)) failures.push([name, input, got, want]);
        };
        golden.normalize.forEach(([a, b]) => check("normalize", a, s.normalize(a), b));
        golden.parse_korean_number.forEach(([a, b]) => check("parse_korean_number", a, s.parseKoreanNumber(a), b));
        golden.parse_number_word.forEach(([a, b]) => check("parse_number_word", a, s.parseNumberWord(a), b));
        golden.numbers_in.forEach(([a, b]) => check("numbers_in", a, s.numbersIn(a).map(f => f.slice(0, 2)), b));
        golden.initials.forEach(([a, b]) => check("initials", a, s.initials(a), b));
        golden.is_initials.forEach(([a, b]) => check("is_initials", a, s.isInitials(a), b));
        golden.strip_particle.forEach(([a, b]) => check("strip_particle", a, s.stripParticle(a), b));
        golden.loose.forEach(([a, b]) => check("loose", a, s.loose(a), b));
        golden.name_form.forEach(([a, b]) => check("name_form", a, s.nameForm(a), b));
        golden.shard_key.forEach(([a, b]) => check("shard_key", a, s.shardKey(a), b));
        golden.fnv1a.forEach(([a, b]) => check("fnv1a", a, s.fnv1a(a), b));
        golden.vocabulary_keys.forEach(([a, b]) => check("vocabulary_keys", a, s.vocabularyKeys(a), b));
        return failures;
    }""", GOLDEN)
    assert failures == []


def test_result_shows_title_link_korean_date_city_and_marked_snippet(page, site_url):
    open_search(page, site_url, "q=" + quote("투자청"))
    item = page.locator("[data-result]").first
    link = item.locator("h3 a")
    assert link.text_content() == "대전시장, 실리콘밸리은행 방문"
    assert link.get_attribute("href") == "/briefings/daejeon-svb/"
    assert item.locator("time").text_content() == "2023년 1월 26일"
    assert item.locator("time").get_attribute("datetime") == "2023-01-26"
    assert "대전광역시" in item.locator(".search-result-meta").text_content()
    assert item.locator(".search-result-snippet mark").all_text_contents() == ["투자청"]
    assert "대전투자청 설립과" in item.locator(".search-result-snippet").text_content()
    assert page.get_attribute("[data-search-status]", "aria-live") == "polite"


def test_marks_follow_what_matched(page, site_url):
    open_search(page, site_url, "q=" + quote("5천억"))
    assert page.locator("[data-result] .search-result-snippet mark").all_text_contents() == ["5,000억 원"]
    open_search(page, site_url, "q=" + quote("샌디애이고"))
    marks = page.locator("[data-result] .search-result-snippet mark").all_text_contents()
    assert marks == ["샌디애이고", "샌디에이고"]
    open_search(page, site_url, "q=" + quote("실리콘밸리은행"))
    assert page.locator("[data-result]").nth(1).locator(".search-result-snippet mark").all_text_contents() == \
        ["실리콘밸리 은행"]


def show_facets(page):
    """Facet counts come when asked for: a query alone fetches neither facets.bin nor docs.bin."""
    page.click("[data-search-facets-load]")
    page.wait_for_selector("[data-facet=city]")


def test_facet_counts(page, site_url):
    open_search(page, site_url, "q=" + quote("대전"))
    show_facets(page)
    assert page.evaluate("document.activeElement.textContent") == "대전광역시 3건"
    city = page.locator("[data-facet=city] a").all_text_contents()
    assert city == ["대전광역시 3건", "대전광역시 유성구 1건", "부산광역시 1건"]
    assert page.locator("[data-facet=year] a").all_text_contents() == ["2024년 2건", "2023년 1건", "2022년 1건"]
    assert page.locator("[data-facet=partner] a").all_text_contents()[0] == "CES 1건"


def test_url_keeps_query_and_filters_and_back_button_works(page, site_url):
    open_search(page, site_url, "q=" + quote("대전"))
    assert page.input_value("#search-q") == "대전"
    page.fill("#search-q", "투자청")
    wait_done(page, "?q=" + quote("투자청"))
    assert results(page) == [SVB]
    show_facets(page)
    page.click("[data-facet=year] a:has-text('2023년')")
    wait_done(page, "?q=" + quote("투자청") + "&year=2023")
    assert results(page) == [SVB]
    assert page.is_visible("[data-facet=year] a[aria-current=true]")
    page.go_back()
    wait_done(page, "?q=" + quote("투자청"))
    assert results(page) == [SVB] and page.input_value("#search-q") == "투자청"
    page.go_back()
    wait_done(page, "?q=" + quote("대전"))
    assert results(page) == [CES, SVB, YUSEONG, BUSAN] and page.input_value("#search-q") == "대전"
    page.go_forward()
    wait_done(page, "?q=" + quote("투자청"))
    page.reload()
    wait_done(page)
    assert results(page) == [SVB]


def test_index_files_fetched_are_those_the_query_needs(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path.rsplit("/search/data/", 1)[-1]))
    open_search(page, site_url, "q=" + quote("투자청"))
    assert "facets.bin" not in requested and "docs.bin" not in requested
    assert [p for p in requested if p.startswith("d/")] == ["d/3.bin"]
    assert page.locator("[data-facet]").count() == 0 and page.is_visible("[data-search-facets-load]")
    show_facets(page)
    assert "facets.bin" in requested and "docs.bin" in requested
    # once loaded, the next query in the page shows its facet counts at once
    page.fill("#search-q", "대전")
    page.press("#search-q", "Enter")
    wait_done(page, "?q=" + quote("대전"))
    assert page.locator("[data-facet=year] a").all_text_contents() == ["2024년 2건", "2023년 1건", "2022년 1건"]
    requested.clear()
    # a filter, an initials word or no query at all needs the tables from the start
    for query in ("city=daejeon", "q=" + quote("ㄷㅈ"), ""):
        page.goto(site_url + "search/?" + query)
        wait_done(page)
        assert "facets.bin" in requested and "docs.bin" in requested, query
        requested.clear()


def test_three_syllable_words_fetch_the_vocabulary_only_when_not_found_as_typed(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path.rsplit("/search/data/", 1)[-1]))
    for query, expected, vocabulary in (("벡스코", [BUSAN], False), ("벡스카", [BUSAN], True),
                                        ("혁신상", [CES], False), ("ㅎㅅㅅ", [CES], True),
                                        ("라스베이거스", [CES, GANGDONG], True)):
        requested.clear()
        open_search(page, site_url, "q=" + quote(query))
        assert results(page) == expected, query
        assert any(p.startswith("v/") for p in requested) is vocabulary, query


LONG_BRIEFING = """---
title: 장문 브리핑
date: 2020-01-01
city: [부산광역시 동구]
---

첫머리 문단: 대표단은 항만 물류 협력을 논의했다.

""" + "지역 기업들은 현지 시장 조사 결과를 공유하고 수출 상담을 진행했다. " * 40 + """

끝부분 문단: 양측은 싱가포르에서 드론 배송 실증을 함께 하기로 합의했다.
"""


def test_snippets_are_the_same_when_bodies_are_split_across_two_files(browser, tmp_path, monkeypatch):
    """A display file carries the first part of a long body; the rest is fetched only for a result whose snippet
    does not fit in that part, and every snippet is what the whole body gives."""
    import shutil

    from site_builder.search import documents
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    (root / "content" / "briefings" / "2020-01-01-long.md").write_text(LONG_BRIEFING, encoding="utf-8")
    build_site(root, tmp_path / "split")
    assert [p.name for p in (tmp_path / "split" / "search" / "data" / "r").iterdir()] == ["7.bin"]  # the long one, between 2021 and 2014
    monkeypatch.setattr(documents, "DISPLAY_HEAD", 10 ** 6)
    build_site(root, tmp_path / "whole")
    assert not (tmp_path / "whole" / "search" / "data" / "r").exists()

    def shown(url, query):
        page = context.new_page()
        requested = []
        page.on("request", lambda request: requested.append(urlsplit(request.url).path.rsplit("/search/data/")[-1]))
        page.goto(url + "search/?q=" + quote(query))
        wait_done(page)
        results = page.eval_on_selector_all("[data-result]", "els => els.map(e => e.innerHTML)")
        return results, [p for p in requested if p.startswith("r/")]

    context = browser.new_context()
    with serve_directory(tmp_path / "split") as split, serve_directory(tmp_path / "whole") as whole:
        # singapore: an alias of a place the long body mentions, so its snippet comes from the mentions
        for query, fetched in (("항만", []), ("드론", ["r/7.bin"]), ("수출 상담", []), ("대전", []),
                               ("singapore", ["r/7.bin"])):
            expected, _ = shown(whole, query)
            got, rests = shown(split, query)
            assert got == expected and expected, query
            assert rests == fetched, query
    context.close()


def test_removing_a_filter(page, site_url):
    open_search(page, site_url, "city=daejeon&year=2024")
    page.click("[data-facet=city] a[aria-current=true]")
    wait_done(page, "?year=2024")
    assert results(page) == [BUSAN, CES]


def test_header_search_box_submits_to_the_search_page(page, site_url):
    page.goto(site_url)
    page.fill("#site-search-q", "Stanford")
    page.press("#site-search-q", "Enter")
    wait_done(page)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Stanford"]}
    assert results(page) == [GWANAK]


def test_keyboard_only(page, site_url):
    open_search(page, site_url, "")
    page.focus("#search-q")
    page.keyboard.type("투자청")
    page.keyboard.press("Enter")
    wait_done(page, "?q=" + quote("투자청"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('[data-result]') !== null"):
            break
    else:
        pytest.fail("Tab never reached a result")
    page.keyboard.press("Enter")
    page.wait_for_url("**/briefings/daejeon-svb/")


def test_without_javascript_the_page_says_so(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "search/?q=" + quote("대전"))
    text = page.text_content("main")
    assert "검색은 자바스크립트로 동작합니다" in text
    assert page.is_visible("noscript a[href='/briefings/']") or "모든 브리핑" in text
    assert page.locator("[data-result]").count() == 0
    context.close()


def test_works_under_a_base_path(browser, tmp_path):
    output = tmp_path / "output"
    build_site(SITE, output, base_url="http://127.0.0.1:8000/archive/")
    with serve_directory(output, mount="/archive/") as url:
        context = browser.new_context()
        page = context.new_page()
        requested = []
        page.on("request", lambda request: requested.append(urlsplit(request.url).path))
        page.goto(url + "search/?q=" + quote("투자청"))
        wait_done(page)
        assert results(page) == [SVB]
        assert page.get_attribute("[data-result] h3 a", "href") == "/archive/briefings/daejeon-svb/"
        data = [path for path in requested if "/search/data/" in path]
        assert data and all(path.startswith("/archive/search/data/") for path in data)
        context.close()


def test_more_results_button(browser, tmp_path):
    """A generated site of 25 briefings: ten results at a time, keyboard focus on the first new one."""
    import gzip
    import subprocess
    import sys

    from site_builder.search.normalize import normalize
    from tests.support import PROJECT

    root, output = tmp_path / "site", tmp_path / "output"
    subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "generate.py"), "25", str(root)], check=True,
                   capture_output=True)
    build_site(root, output)
    data = output / "search" / "data"
    paths = sorted((data / "d").iterdir())
    texts = [json.loads(gzip.decompress(path.read_bytes())) for path in paths]
    for doc, path in zip(texts, paths):
        if doc.get("r"):
            doc["b"] += json.loads(gzip.decompress((data / "r" / path.name).read_bytes()))["b"]
    expected = sum(1 for d in texts if "대전" in normalize(" ".join((d["t"], d["n"], d["m"], d["b"]))))
    assert expected > 20
    with serve_directory(output) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "search/?q=" + quote("대전"))
        wait_done(page)
        assert page.text_content("[data-search-status]") == f"검색 결과 {expected}건"
        assert len(results(page)) == 10
        page.focus("[data-search-more]")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelectorAll('[data-result]').length === 20")
        assert page.evaluate("document.activeElement === document.querySelectorAll('[data-result] a')[10]")
        while page.is_visible("[data-search-more]"):
            count = len(results(page))
            page.click("[data-search-more]")
            page.wait_for_function(f"document.querySelectorAll('[data-result]').length > {count}")
        shown = results(page)
        assert len(shown) == len(set(shown)) == expected
        context.close()


@pytest.mark.parametrize("scheme", ("light", "dark"))
@pytest.mark.parametrize("width", (360, 1280))
def test_results_page_passes_axe_and_fits_the_screen(browser, site_url, scheme, width):
    from tests.support import PROJECT
    axe = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.fail(f"{axe} is missing: run `npm ci` (package.json lists axe-core)")
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    for query in ("q=" + quote("대전"), "q=" + quote("없는말")):
        page.goto(site_url + "search/?" + query)
        wait_done(page)
        page.add_script_tag(path=str(axe))
        violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations'],
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}))
            .violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
        assert violations == [], query
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), query
    context.close()
