"""What readers see: editors' pages, sources and rights, the favicon, and the briefing layout on a phone."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
import yaml

from site_builder.cli import main
from site_builder.load import split_front_matter
from tests.support import FIXTURES, PROJECT, build_site, serve_directory


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """These tests read the tool's English messages; Korean ones: tests/test_i18n.py, tests/test_validate.py."""
    monkeypatch.setenv("LANGUAGE", "en")


RESTRICTED = "2024-02-17-daejeon-ces-2024-results.md"


def output_texts(output: Path):
    """Every file of the site as text; gzipped search data decompressed."""
    for path in sorted(output.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            yield path, data.decode("utf-8", errors="replace")


def body_paragraphs(briefing: Path) -> list[str]:
    """Paragraphs of a briefing's body beyond its quotable part: long, and not a single sentence stating a figure
    (such a sentence is quoted, with its source, as the evidence for the figure)."""
    front, body, _ = split_front_matter(briefing.read_text(encoding="utf-8"))
    phrases = [" ".join(f["text"].split()) for f in yaml.safe_load(front)["figures"]]
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n")]
    return [p for p in paragraphs if len(p) > 80 and not p.startswith(("#", "*"))
            and not (len(re.split(r"(?<=[.!?])\s+", p)) == 1 and any(phrase in p for phrase in phrases))]


def test_a_restricted_sources_full_text_appears_nowhere_in_output(content_site):
    source = PROJECT / "content" / "briefings" / RESTRICTED
    assert "licence: 전재 금지" in source.read_text(encoding="utf-8")
    paragraphs = body_paragraphs(source)
    assert len(paragraphs) >= 5
    for path, text in output_texts(content_site):
        flat = " ".join(text.split())
        for paragraph in paragraphs:
            assert paragraph not in flat, (path, paragraph[:40])
    page = (content_site / "briefings" / "daejeon-ces-2024-results" / "index.html").read_text(encoding="utf-8")
    # What it shows instead: the summary as lede, the quoted sentences that back figures (anchored), the terms.
    assert '<p class="lede">대전시가 CES 2024 대전관 첫 단독 운영 결과를' in page
    assert re.search(r'<mark class="figure-source" id="figure-3">대전관 방문자 3,500여 명</mark>', page)
    assert "저작권 보호 (무단 전재·재배포 금지)" in page
    assert '<section class="body"' not in page


def test_a_source_without_url_says_why(content_site):
    page = (content_site / "briefings" / "mss-us-state-visit" / "index.html").read_text(encoding="utf-8")
    assert '<p class="no-url">원문 주소 없음: 원문을 텍스트로 저장한 스크랩에 인터넷 주소가 남아 있지 않습니다.</p>' in page


def test_a_republishable_briefing_shows_its_body_lede_and_contents(content_site):
    page = (content_site / "briefings" / "daejeon-silicon-valley" / "index.html").read_text(encoding="utf-8")
    assert '<section class="body"' in page and '<p class="lede">' in page
    lede, body, figures = page.index('class="lede"'), page.index('class="body"'), page.index('id="figures-title"')
    assert lede < body < figures    # summary, then the article, then the full figures table
    assert '<nav class="toc"' in page


def test_editors_pages_are_built_and_linked_from_every_footer(content_site):
    for slug in ("about", "methodology", "licence", "corrections"):
        assert (content_site / slug / "index.html").is_file(), slug
    about = (content_site / "about" / "index.html").read_text(encoding="utf-8")
    assert "<h1 id=\"page-title\">이 아카이브에 대하여</h1>" in about and "수치는 어떻게 확인하나요" in about
    for page in content_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        footer = text[text.index('<footer class="site-footer">'):]
        assert 'href="/about/">소개</a>' in footer and 'href="/corrections/">정정·문의</a>' in footer, page
    assert "https://briefings.example.kr/about/" in (content_site / "sitemap.xml").read_text() or \
        "/about/" in (content_site / "sitemap.xml").read_text()


def test_favicon_is_published_and_linked_from_every_page(content_site):
    assert (content_site / "static" / "favicon.svg").read_bytes().startswith(b"<svg")
    for page in content_site.rglob("*.html"):
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page.read_text(), page


def test_profiles_list_briefings_newest_first(content_site):
    page = (content_site / "cities" / "daejeon" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="term-articles"'):]
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', section.split("</section>")[0])
    assert dates == sorted(dates, reverse=True) and len(dates) == 2


@pytest.mark.parametrize("name, text, expected", [
    ("search.md", "---\ntitle: 검색 안내\n---\n본문\n",
     "content/pages/search.md:1: page file name 'search' cannot be a URL (the site uses it) "
     "(expected an ASCII name such as about.md that no section of the site uses)"),
    ("about.md", "---\ndescription: 소개\n---\n본문\n",
     "content/pages/about.md:1: page title is missing or empty (expected 'title: ...')"),
    ("about.md", "---\ntitle: 소개\norder: 첫째\n---\n본문\n",
     "content/pages/about.md:3: page order must be a whole number, not '첫째' (expected e.g. order: 1)"),
])
def test_page_problems_are_reported_with_path_and_line(tmp_path, capsys, monkeypatch, name, text, expected):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic", site)
    (site / "content" / "pages").mkdir()
    (site / "content" / "pages" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(site)
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == expected


def test_unknown_licence_is_an_error(tmp_path, capsys, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic", site)
    path = site / "content" / "briefings" / "2024-02-17-daejeon-ces.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "source: {publisher: 신문, licence: 마음대로}\ntitle:", 1), encoding="utf-8")
    monkeypatch.chdir(site)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "unknown licence '마음대로' (expected one of 공공누리 제1유형," in err


def test_a_page_added_to_the_footer_rebuilds_every_page(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic", site)
    output = tmp_path / "output"
    build_site(site, output)
    (site / "content" / "pages").mkdir()
    (site / "content" / "pages" / "about.md").write_text("---\ntitle: 소개\n---\n본문\n", encoding="utf-8")
    build_site(site, output)
    clean = tmp_path / "clean"
    build_site(site, clean)
    for page in clean.rglob("*.html"):
        assert (output / page.relative_to(clean)).read_bytes() == page.read_bytes(), page
    assert 'href="/about/">소개</a>' in (output / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["briefings/daejeon-silicon-valley/", "briefings/daejeon-ces-2024-results/",
                                  "briefings/mss-us-state-visit/"])
def test_on_a_phone_the_article_starts_on_the_first_screen_without_sideways_scroll(browser, content_site, path):
    with serve_directory(content_site) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        missing = []
        page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
        page.goto(base + path)
        layout = page.evaluate("""() => {
            const text = document.querySelector('.body p:not(.caption), .excerpt blockquote');
            const nav = document.querySelector('.site-nav ul');
            return {top: text.getBoundingClientRect().top, width: document.documentElement.scrollWidth,
                    header: document.querySelector('.site-header').getBoundingClientRect().height,
                    navLines: new Set([...nav.children].map(li => li.getBoundingClientRect().top)).size};
        }""")
        context.close()
    assert layout["top"] < 844 - 60, layout        # at least a line of the article on the first screen
    assert layout["width"] <= 390, layout
    assert layout["navLines"] == 1 and layout["header"] < 110, layout
    assert missing == []                            # no 404, the favicon included
