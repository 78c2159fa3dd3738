"""Mentions and explicit [[links]] in briefing bodies: what links, what never does, and build errors."""

from __future__ import annotations

from datetime import date

import html5lib
import pytest

from site_builder.build import check
from site_builder.config import load_config
from site_builder.diagnostics import SiteError
from site_builder.linking import NameIndex, Target
from site_builder.markup import MarkdownRenderer, broken_link_diagnostics
from site_builder.model import Article, Figure
from tests.support import PROJECT, build_site, copy_fixture


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """These tests read the tool's English messages; Korean ones: tests/test_i18n.py, tests/test_validate.py."""
    monkeypatch.setenv("LANGUAGE", "en")



@pytest.fixture(scope="module")
def site():
    return check(load_config(PROJECT)).site


@pytest.fixture(scope="module")
def renderer(site):
    return MarkdownRenderer(NameIndex(site.registries, site.articles), lambda path: "/archive/" + path)


def links(html: str) -> list[tuple[str, str, str]]:
    """(class, href, text) of every <a> in ``html``."""
    fragment = html5lib.parseFragment(html, namespaceHTMLElements=False)
    return [(a.get("class", ""), a.get("href"), "".join(a.itertext())) for a in fragment.iter("a")]


def mentions(html: str) -> list[tuple[str, str]]:
    return [(href, text) for cls, href, text in links(html) if cls == "mention"]


def test_longest_name_wins_at_a_position(renderer):
    body = renderer.render("미국 실리콘밸리은행을 찾았다. 실리콘밸리 내 벤처기업.")
    # 미국 is a registered place too since the places registry is seeded with countries (CLDR)
    assert mentions(body.html) == [("/archive/destinations/united-states/", "미국"),
                                   ("/archive/partners/silicon-valley-bank/", "실리콘밸리은행"),
                                   ("/archive/destinations/silicon-valley/", "실리콘밸리")]


def test_partner_named_by_alias_links_at_first_mention_only(renderer):
    body = renderer.render("SVB는 1983년 설립됐다. 실리콘밸리은행(SVB)과 SVB 관계자를 만났다.")
    assert mentions(body.html) == [("/archive/partners/silicon-valley-bank/", "SVB")]
    assert body.mentions == (Target("partner", "silicon-valley-bank"),)


def test_latin_names_need_word_boundaries(renderer):
    body = renderer.render("It was a success. Artificial intelligence at INTELLIGENT booths. Ceslaw.")
    assert mentions(body.html) == []
    body = renderer.render("They met Intel at CES, then visited Stanford.")
    assert [text for _, text in mentions(body.html)] == ["Intel", "CES", "Stanford"]


def test_korean_names_do_not_match_inside_a_longer_word(renderer):
    assert mentions(renderer.render("파인애플 농장을 방문했다.").html) == []
    assert mentions(renderer.render("애플과 구글을 방문했다.").html) == [
        ("/archive/partners/apple/", "애플"), ("/archive/partners/google/", "구글")]


def test_no_mentions_in_headings_links_code_or_figure_anchors(renderer):
    figure = Figure(1, "투자", "investment", 1, "KRW", False, "CES 현장에서 10억 원")
    text = ("## CES 참관\n\n"
            "[CES 공식 사이트](https://www.ces.tech/)와 `CES` 그리고\n\n"
            "    CES code block\n\n"
            "CES 현장에서 10억 원 투자를 약속했다. 다시 CES를 찾았다.")
    body = renderer.render(text, [figure])
    fragment = html5lib.parseFragment(body.html, namespaceHTMLElements=False)
    assert fragment.find(".//h2").find("a") is None
    assert fragment.find(".//code").find("a") is None
    anchor = fragment.find(".//span[@id='figure-1']")
    assert anchor is not None and anchor.find("a") is None and "".join(anchor.itertext()) == figure.text
    # The one mention is the first CES outside all of those.
    assert mentions(body.html) == [("/archive/partners/ces/", "CES")]
    assert body.html.index('class="mention"') > body.html.index('id="figure-1"')


def test_descriptions_do_not_get_mention_links(renderer):
    assert "<a" not in renderer.render_fragment("CES와 실리콘밸리은행을 설명하는 글.")


def test_explicit_links_by_name_kind_slug_and_label(renderer):
    body = renderer.render("[[SVB]], [[place:실리콘밸리|그 계곡]], [[city:대전]], [[tag:CES]], "
                           "[[briefing:gumi-san-diego]], [[briefing:gumi-san-diego|구미 출장]].")
    assert [(cls, href, text) for cls, href, text in links(body.html)] == [
        ("xref", "/archive/partners/silicon-valley-bank/", "SVB"),
        ("xref", "/archive/destinations/silicon-valley/", "그 계곡"),
        ("xref", "/archive/cities/daejeon/", "대전"),
        ("xref", "/archive/tags/ces/", "CES"),
        ("xref", "/archive/briefings/gumi-san-diego/", "구미시, IT, BT 산업육성 글로벌 도시와 손잡아"),
        ("xref", "/archive/briefings/gumi-san-diego/", "구미 출장"),
    ]
    assert body.links[0] == Target("partner", "silicon-valley-bank")
    assert body.broken == ()


def test_explicitly_linked_entry_gets_no_second_mention_link(renderer):
    body = renderer.render("실리콘밸리은행을 찾았다. 나중에 [[SVB|이 은행]]과 다시 만났다.")
    assert mentions(body.html) == []
    assert [text for cls, _, text in links(body.html) if cls == "xref"] == ["이 은행"]


def test_links_in_code_and_escaped_brackets_stay_text(renderer):
    body = renderer.render("`[[없는이름]]` 과 \\[\\[없는이름]] 은 링크가 아니다.")
    assert body.broken == () and links(body.html) == []
    assert "[[없는이름]]" in body.html


def test_unknown_targets_are_reported_with_hints(renderer):
    body = renderer.render("[[실리콘밸리 은핸]] [[briefing:gumi-san-dieg]] [[partner:대전]]")
    problems = [(source, resolution.problem, resolution.expected) for source, resolution in body.broken]
    assert problems[0][0] == "[[실리콘밸리 은핸]]" and "did you mean '실리콘밸리은행'" in problems[0][2]
    assert "unknown briefing 'gumi-san-dieg'" in problems[1][1] and "briefing:gumi-san-diego" in problems[1][2]
    assert "not in the partner registry" in problems[2][1]


def test_broken_link_lines_are_file_lines(site, renderer):
    body = "첫 줄\n\n`[[가짜]]` 코드 속은 무시\n\n둘째 [[가짜]] 와 [[진짜아님]]\n\n[[가짜]]\n"
    article = Article(slug="x", path="content/briefings/2024-01-01-x.md", title="x", date=date(2024, 1, 1),
                      body=body, body_line=9)
    problems = broken_link_diagnostics(article, renderer.render(article.body).broken)
    assert [f"{p.path}:{p.line}: {p.message}" for p in problems] == [
        "content/briefings/2024-01-01-x.md:13: link to unknown name '가짜' (not in the registries or briefings)",
        "content/briefings/2024-01-01-x.md:13: link to unknown name '진짜아님' (not in the registries or briefings)",
        "content/briefings/2024-01-01-x.md:15: link to unknown name '가짜' (not in the registries or briefings)",
    ]


def test_build_fails_on_a_broken_link_and_keeps_the_old_output(tmp_path):
    root = copy_fixture("basic", tmp_path)
    output = tmp_path / "output"
    build_site(root, output)
    before = sorted(p.relative_to(output).as_posix() for p in output.rglob("*"))
    source = root / "content" / "briefings" / "2024-02-17-daejeon-ces.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text + "\n같은 해 [[briefing:daejeon-svb]] 이후 [[없는 파트너]]를 만났다.\n", encoding="utf-8")
    line = len(text.split("\n")) + 1
    with pytest.raises(SiteError) as error:
        build_site(root, output)
    assert [str(d) for d in error.value.diagnostics] == [
        f"content/briefings/2024-02-17-daejeon-ces.md:{line}: link to unknown name '없는 파트너' (not in the "
        "registries or briefings) (expected a name or alias from content/registry/ or [[briefing:slug]])"]
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*")) == before


def test_every_real_body_renders_without_broken_links():
    bodies = check(load_config(PROJECT, base_url="https://example.org/archive/")).bodies
    daejeon = bodies["daejeon-silicon-valley"]
    assert Target("partner", "silicon-valley-bank") in daejeon.mentions
    assert 'href="/archive/partners/silicon-valley-bank/"' in daejeon.html
    # The heading '실리콘밸리은행 : ...' keeps its text; the first body mention is linked instead.
    assert '<h2 id="실리콘밸리은행-대전투자청-설립방안-등-모색">실리콘밸리은행' in daejeon.html


def test_spacing_inside_a_name_is_free_and_the_longest_name_wins(renderer):
    # Registered as '보스턴 다이나믹스' and 'StepStone Group': the space may be missing or doubled in the text.
    body = renderer.render("보스턴다이나믹스 로봇과 보스턴 시내, StepStone  Group 본사.")
    assert mentions(body.html) == [("/archive/partners/boston-dynamics/", "보스턴다이나믹스"),
                                   ("/archive/destinations/boston/", "보스턴"),
                                   ("/archive/partners/stepstone-group/", "StepStone  Group")]


def test_a_rejected_match_does_not_hide_a_later_one(renderer):
    # 'CES' inside 'PROCESS' is rejected; the real CES after it still links.
    body = renderer.render("PROCESS 문서와 CES 현장.")
    assert mentions(body.html) == [("/archive/partners/ces/", "CES")]


def test_plain_text_keeps_words_whole_around_inline_tags():
    from site_builder.markup import html_to_text
    html = '<p><a href="x">벡스코</a>에서 <span id="f">3,500여 명</span>, 끝.</p><p>둘째<br>줄</p><ul><li>하나</li><li>둘</li></ul>'
    assert html_to_text(html) == "벡스코에서 3,500여 명, 끝. 둘째 줄 하나 둘"


def test_entries_ingest_only_proposed_are_never_linked_from_a_body(site):
    import dataclasses
    from site_builder.model import Term, TermKind
    from site_builder.registry import make_registry
    proposed = Term(kind=TermKind.PARTNER, name="가상제안기업", slug="proposed-company", proposed=True)
    partners = make_registry(TermKind.PARTNER, list(site.registries.partners.terms) + [proposed])
    registries = dataclasses.replace(site.registries, partners=partners)
    body = MarkdownRenderer(NameIndex(registries, site.articles), lambda path: "/" + path).render(
        "가상제안기업과 실리콘밸리은행을 만났다.")
    assert [text for _, text in mentions(body.html)] == ["실리콘밸리은행"]
