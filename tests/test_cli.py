"""The command line as an editor uses it: help, exit codes, scaffolding."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from site_builder.cli import main
from tests.support import FIXTURES, TEMPLATES


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """These tests read the tool's English messages; Korean ones: tests/test_i18n.py, tests/test_validate.py."""
    monkeypatch.setenv("LANGUAGE", "en")



def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "site_builder", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["new"]])
def test_help_everywhere(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage: site-builder" in result.stdout


def test_usage_errors_exit_2():
    assert run().returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("build", "--no-such-flag").returncode == 2


def test_bad_base_url_is_reported(tmp_path, capsys, monkeypatch):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    monkeypatch.chdir(tmp_path / "site")
    assert main(["build", "--templates", str(TEMPLATES), "--base-url", "example.org"]) == 2
    assert "site-builder: invalid --base-url 'example.org'" in capsys.readouterr().err


def test_build_prints_a_summary_and_exits_0(tmp_path):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    result = run("build", "--templates", str(TEMPLATES), cwd=tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 briefings, ")
    assert (tmp_path / "site" / "output" / "index.html").is_file()


def test_build_clean_writes_every_file_again(tmp_path, monkeypatch):
    """A page deleted from output/ by hand is not noticed by a plain build (output/ is not walked); --clean
    writes it again, even when nothing else changed (no no-change shortcut)."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic", site)
    monkeypatch.chdir(site)
    assert main(["build", "--templates", str(TEMPLATES)]) == 0
    page = site / "output" / "index.html"
    expected = page.read_bytes()
    page.unlink()
    assert main(["build", "--templates", str(TEMPLATES)]) == 0
    assert not page.exists()
    result = run("build", "--templates", str(TEMPLATES), "--clean", cwd=site)
    assert result.returncode == 0, result.stderr
    files = int(result.stdout.split(", ")[1].split()[0])
    assert f": {files} written, 0 unchanged" in result.stdout
    assert page.read_bytes() == expected


def test_check_writes_nothing(tmp_path):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    result = run("check", cwd=tmp_path / "site")
    # Three files: two published and a draft that only --drafts includes; the count says so.
    assert result.returncode == 0
    assert result.stdout == "3 briefing files OK (2 published, 1 draft left out; --drafts includes it)\n"
    assert not (tmp_path / "site" / "output").exists()
    assert not (tmp_path / "site" / ".site_builder_cache").exists()


def test_site_yaml_errors_point_at_the_line(tmp_path, capsys, monkeypatch):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    (tmp_path / "site" / "site.yaml").write_text("title: 아카이브\ncolour: blue\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "site")
    assert main(["check"]) == 1
    assert "site.yaml:2: unknown setting 'colour'" in capsys.readouterr().err


def test_new_scaffolds_a_valid_draft(tmp_path, capsys, monkeypatch):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    monkeypatch.chdir(tmp_path / "site")
    assert main(["new", "대전시 \"CES\" 결과", "--slug", "daejeon-ces-2025"]) == 0
    created = tmp_path / "site" / capsys.readouterr().out.strip()
    text = created.read_text(encoding="utf-8")
    for key in ("title", "subtitle", "date", "date_note", "city", "agency", "officials", "trip", "destinations",
                "partners", "figures", "role", "bound", "agreements", "event", "tags", "source", "summary", "slug",
                "draft"):
        assert f"{key}:" in text, key
    assert created.name.endswith("-daejeon-ces-2025.md")
    assert main(["check", "--drafts"]) == 0
    assert main(["new", "다시", "--slug", "daejeon-ces-2025"]) == 2  # never overwrites
    assert main(["new", "제목", "--slug", "대전"]) == 2


def test_check_reports_broken_body_links(tmp_path, capsys, monkeypatch):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    path = tmp_path / "site" / "content" / "briefings" / "2024-02-17-daejeon-ces.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[[없는 파트너]]와 만났다.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "site")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "content/briefings/2024-02-17-daejeon-ces.md:25: link to unknown name '없는 파트너'" in err


def test_new_derives_the_slug_from_registered_names_in_the_title(tmp_path, capsys, monkeypatch):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    monkeypatch.chdir(tmp_path / "site")
    assert main(["new", "대전시, 라스베이거스 CES 2025 대전관 운영"]) == 0
    out, err = capsys.readouterr()
    created = tmp_path / "site" / out.strip()
    assert created.name.endswith("-daejeon-las-vegas.md"), created.name
    assert "daejeon-las-vegas" in err and "--slug" in err   # says where the slug came from and how to change it
    text = created.read_text(encoding="utf-8")
    assert "city: [대전광역시]" in text and "destinations: [라스베이거스]" in text
    assert main(["check", "--drafts"]) == 0


def test_new_asks_for_a_slug_when_the_title_names_no_registered_place(tmp_path, capsys, monkeypatch):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    monkeypatch.chdir(tmp_path / "site")
    before = sorted((tmp_path / "site" / "content" / "briefings").iterdir())
    assert main(["new", "테스트 브리핑"]) == 2
    err = capsys.readouterr().err
    assert "--slug" in err and "테스트 브리핑" in err
    assert sorted((tmp_path / "site" / "content" / "briefings").iterdir()) == before


def test_a_broken_draft_does_not_stop_the_build_without_drafts(tmp_path, capsys, monkeypatch):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    draft = tmp_path / "site" / "content" / "briefings" / "2023-08-01-gumi-draft.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("city: [구미시]", "city: [없는시]"), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "site")
    assert main(["build", "--templates", str(TEMPLATES)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("2 briefings, ")
    assert "content/briefings/2023-08-01-gumi-draft.md:4: unknown" in err     # reported as a warning, path:line
    assert "1 problem in 1 draft" in err and "--drafts" in err
    assert (tmp_path / "site" / "output" / "briefings" / "daejeon-svb" / "index.html").is_file()
    # With --drafts the draft is published, so its problem is an error and nothing is written.
    assert main(["build", "--templates", str(TEMPLATES), "--drafts", "--output", "out2"]) == 1
    err = capsys.readouterr().err
    assert "content/briefings/2023-08-01-gumi-draft.md:4: unknown" in err
    assert not (tmp_path / "site" / "out2").exists()
    assert main(["check"]) == 0 and main(["check", "--drafts"]) == 1
