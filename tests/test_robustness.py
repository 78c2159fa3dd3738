"""Inputs that used to crash or leak: each builds correctly or gives its path:line message, no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.linking import MentionMatcher
from site_builder.markup import MarkdownRenderer
from tests.support import FIXTURES, TEMPLATES, snapshot


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """These tests read the tool's English messages; Korean ones: tests/test_i18n.py, tests/test_validate.py."""
    monkeypatch.setenv("LANGUAGE", "en")


CES = "content/briefings/2024-02-17-daejeon-ces.md"


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic", root)
    shutil.copytree(TEMPLATES, root / "templates")
    return root


def _build(root: Path, monkeypatch, *extra: str) -> int:
    monkeypatch.chdir(root)
    return main(["build", "--jobs", "1", *extra])


@pytest.mark.parametrize("body", ["", "\n", "   \n\t\n  \n"])
def test_an_empty_or_blank_body_builds(site, monkeypatch, capsys, body):
    (site / "content/briefings/2024-05-01-empty.md").write_text(f"---\ntitle: 빈 본문\ndate: 2024-05-01\n---\n{body}",
                                                                 encoding="utf-8")
    assert _build(site, monkeypatch) == 0, capsys.readouterr().err
    assert "빈 본문" in (site / "output/briefings/empty/index.html").read_text(encoding="utf-8")


def test_a_blank_body_renders_to_nothing():
    body = MarkdownRenderer().render("  \n\n")
    assert body.html == "" and body.anchored_figures == frozenset()


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_old_mac_and_windows_line_endings_are_read(site, monkeypatch, capsys, newline):
    path = site / CES
    path.write_bytes(path.read_bytes().replace(b"\n", newline.encode()))
    monkeypatch.chdir(site)
    assert main(["check"]) == 0, capsys.readouterr().err


def test_a_static_file_linked_outside_is_refused_and_nothing_is_published(site, tmp_path, monkeypatch, capsys):
    secret = tmp_path / "environ"
    secret.write_text("CI_TOKEN=do-not-publish", encoding="utf-8")
    assert _build(site, monkeypatch) == 0
    before = snapshot(site / "output")
    (site / "templates/static/env.txt").symlink_to(secret)
    (site / "content/briefings/2024-02-17-daejeon-ces.md").touch()  # a content change, so the build really runs
    assert _build(site, monkeypatch) == 1
    err = capsys.readouterr().err
    assert f"templates/static/env.txt:1: symbolic link leads outside the project (to {secret})" in err
    assert "Traceback" not in err
    assert snapshot(site / "output") == before
    assert not any(b"do-not-publish" in data for data in before.values())


def test_a_linked_folder_of_static_files_outside_is_refused(site, tmp_path, monkeypatch, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0", encoding="utf-8")
    (site / "templates/static/more").symlink_to(outside, target_is_directory=True)
    assert _build(site, monkeypatch) == 1
    assert "templates/static/more:1: symbolic link leads outside the project" in capsys.readouterr().err
    assert not (site / "output").exists()


def test_a_template_linked_outside_is_refused(site, tmp_path, monkeypatch, capsys):
    outside = tmp_path / "robots.txt"
    outside.write_text("User-agent: *\nSECRET", encoding="utf-8")
    (site / "templates/robots.txt").unlink()
    (site / "templates/robots.txt").symlink_to(outside)
    assert _build(site, monkeypatch) == 1
    err = capsys.readouterr().err
    assert "templates/robots.txt:1: symbolic link leads outside the project" in err
    assert "Traceback" not in err and not (site / "output").exists()


def test_links_inside_the_project_are_followed(site, monkeypatch, capsys):
    shared = site / "templates/shared.css"  # static files may link within the templates folder
    shared.write_text("body{}", encoding="utf-8")
    (site / "templates/static/extra.css").symlink_to(shared)
    moved = site / "drafts-elsewhere.md"
    shutil.move(site / CES, moved)
    (site / CES).symlink_to(moved)
    assert _build(site, monkeypatch) == 0, capsys.readouterr().err
    assert (site / "output/static/extra.css").read_text(encoding="utf-8") == "body{}"
    assert (site / "output/briefings/daejeon-ces/index.html").is_file()


def test_a_file_deleted_while_the_build_reads_it_is_a_message(site, monkeypatch, capsys):
    victim = (site / CES).resolve()
    real_read_bytes = Path.read_bytes

    def vanishing(path: Path) -> bytes:
        if path.resolve() == victim:
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", vanishing)
    monkeypatch.chdir(site)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert f"{CES}:1: file disappeared while the site was being read" in err and "Traceback" not in err


def test_a_500_character_alias_does_not_break_the_mention_matcher():
    matcher = MentionMatcher(["가" * 500, "SVB", "실리콘밸리", "실리콘밸리은행"])
    text = "실리콘밸리은행과 SVB, " + "가" * 500
    assert list(matcher.finditer(text)) == [(0, 7), (9, 12), (14, 514)]


@pytest.mark.parametrize("title", ["첫 줄\n둘째 줄", "제목\r", "제목\x0b끝"])
def test_new_refuses_a_title_with_a_line_break_or_control_character(tmp_path, capsys, title):
    assert main(["new", title, "--slug", "x", "--root", str(tmp_path)]) == 2
    assert "expected one line of text" in capsys.readouterr().err
    assert not (tmp_path / "content").exists()
