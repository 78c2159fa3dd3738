"""A registry edit checks and renders again only the briefings that read what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.build import stages
from site_builder.build.registry_reads import MentionNames, Recorder
from site_builder.model import Registries, Term, TermKind
from site_builder.registry import lookup, make_registry, suggest
from tests.support import PROJECT, build_site, snapshot


def registries(*partners: Term, places: tuple[Term, ...] = ()) -> Registries:
    return Registries(make_registry(TermKind.CITY, []), make_registry(TermKind.PARTNER, list(partners)),
                      make_registry(TermKind.PLACE, list(places)), make_registry(TermKind.TAG, []))


SVB = Term(TermKind.PARTNER, "실리콘밸리은행", "silicon-valley-bank", ("SVB", "Silicon Valley Bank"))
NASA = Term(TermKind.PARTNER, "NASA 에임스 연구센터", "nasa-ames", ("NASA Ames",))


def test_mention_names_found_whatever_the_spacing_and_ascii_case():
    names = MentionNames(registries(SVB, NASA))
    assert names.occurring("대전시는 silicon  valley\nbank 관계자와 NASA에임스 연구센터를 찾았다.") == (
        "nasa에임스연구센터", "siliconvalleybank")
    assert names.occurring("대전시는 은행을 찾았다.") == ()


def test_mention_names_read_escapes_and_entities_as_markdown_shows_them():
    names = MentionNames(registries(Term(TermKind.PARTNER, "AT&T", "att")))
    assert names.occurring("AT&amp;T 본사") == ("at&t",)
    assert names.occurring(r"AT\&T 본사") == ("at&t",)


def test_an_update_searches_only_for_added_names_and_drops_removed_ones():
    before = MentionNames(registries(SVB, NASA))
    occurring = before.occurring("SVB와 NASA Ames를 방문")
    assert occurring == ("nasaames", "svb")
    unchanged = MentionNames(registries(SVB, NASA))

    def unread():
        raise AssertionError("the text was read though no name was added")

    assert unchanged.update(unread, occurring, unchanged.added_since(before)) == occurring
    without_nasa = MentionNames(registries(SVB))
    assert without_nasa.update(unread, occurring, without_nasa.added_since(before)) == ("svb",)
    more = MentionNames(registries(SVB, NASA, Term(TermKind.PARTNER, "방문단", "visitors", ())))
    assert more.update(lambda: "SVB와 NASA Ames를 방문", occurring, more.added_since(before)) == ("nasaames", "svb")
    assert more.update(lambda: "SVB 방문단", ("svb",), more.added_since(before)) == ("svb", "방문단")


def test_a_name_moved_to_another_entry_changes_the_version_of_the_bodies_that_contain_it():
    before = MentionNames(registries(SVB, NASA))
    moved = MentionNames(registries(Term(TermKind.PARTNER, "실리콘밸리은행", "silicon-valley-bank", ("Silicon Valley Bank",)),
                                    Term(TermKind.PARTNER, "NASA 에임스 연구센터", "nasa-ames", ("NASA Ames", "SVB"))))
    assert before.version_of(("svb",)) != moved.version_of(("svb",))
    assert before.version_of(("nasaames",)) == moved.version_of(("nasaames",))


def test_recorded_reads_answer_differently_only_when_their_entry_changed():
    recorder = Recorder(registries(SVB, NASA))
    assert lookup(recorder.registries.partners, "svb") is not None
    reads = recorder.reads()
    assert reads.names == (("partner", "svb"),) and reads.whole == ()
    version = reads.version(registries(SVB, NASA))
    other_edited = registries(SVB, Term(TermKind.PARTNER, "NASA 에임스 연구센터", "nasa-ames", ("NASA Ames", "NASA")))
    assert reads.version(other_edited) == version
    own_edited = registries(Term(TermKind.PARTNER, "실리콘밸리은행", "silicon-valley-bank", ("SVB", "실밸은")), NASA)
    assert reads.version(own_edited) != version


def test_a_suggestion_reads_the_whole_registry():
    recorder = Recorder(registries(SVB, NASA))
    assert suggest(recorder.registries.partners, "실리콘밸리은헹") == "실리콘밸리은행"
    reads = recorder.reads()
    assert reads.whole == ("partner",)
    assert reads.version(registries(SVB, NASA, Term(TermKind.PARTNER, "모더나", "moderna"))) != reads.version(
        registries(SVB, NASA))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copyfile(PROJECT / "site.yaml", root / "site.yaml")
    return root


def counting(monkeypatch, name: str) -> list:
    """Calls of the stage worker ``name`` (jobs=1 runs them in this process)."""
    calls = []
    original = getattr(stages, name)

    def counted(state, task):
        calls.append(task)
        return original(state, task)

    monkeypatch.setattr(stages, name, counted)
    return calls


def test_an_alias_edit_checks_again_only_the_briefings_that_list_the_entry(site, monkeypatch):
    build_site(site, site / "output", jobs=1)
    partners = site / "content" / "registry" / "partners.yaml"
    partners.write_text(partners.read_text(encoding="utf-8").replace("aliases: [SVB, ", "aliases: [실밸은, SVB, ", 1),
                        encoding="utf-8")
    checked, rendered = counting(monkeypatch, "_check_one"), counting(monkeypatch, "_render_one")
    build_site(site, site / "output", jobs=1)
    assert [task[0].name for task in checked] == ["2023-01-26-daejeon-silicon-valley.md"]
    assert rendered == []  # no body contains the new alias, and the entry's link is where it was


def test_an_alias_found_in_a_body_renders_that_body_again_and_links_it(site, monkeypatch):
    build_site(site, site / "output", jobs=1)
    page = next((site / "output" / "briefings").glob("gumi*/index.html"))
    assert "silicon-valley-bank" not in page.read_text(encoding="utf-8")
    partners = site / "content" / "registry" / "partners.yaml"
    partners.write_text(partners.read_text(encoding="utf-8").replace("aliases: [SVB, ", "aliases: [퀄컴, SVB, ", 1),
                        encoding="utf-8")
    rendered = counting(monkeypatch, "_render_one")
    build_site(site, site / "output", jobs=1)
    assert [article.slug for article, _ in rendered] == [page.parent.name]
    assert "silicon-valley-bank" in page.read_text(encoding="utf-8")
    monkeypatch.undo()
    build_site(site, site.parent / "clean", cache=site.parent / "clean-cache")
    assert snapshot(site / "output") == snapshot(site.parent / "clean")


def test_lines_moved_in_a_registry_check_nothing_again_and_change_no_page(site, monkeypatch):
    """A comment at the top of partners.yaml moves every entry's line: no briefing reads a line."""
    build_site(site, site / "output", jobs=1)
    partners = site / "content" / "registry" / "partners.yaml"
    partners.write_text("# 파트너 명부\n\n" + partners.read_text(encoding="utf-8"), encoding="utf-8")
    checked, rendered = counting(monkeypatch, "_check_one"), counting(monkeypatch, "_render_one")
    result = build_site(site, site / "output", jobs=1)
    assert checked == [] and rendered == []
    assert result.written == 0
