"""Every class of bad input gives its exact path:line message, in Korean (expected.txt, the default) and in
English (expected.en.txt, --lang en), and output/ stays untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.cli import main
from tests.support import FIXTURES, TEMPLATES, snapshot

INVALID = FIXTURES / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def make_case(name: str, tmp_path: Path) -> Path:
    """The basic fixture's registries with the case's files laid over them."""
    root = tmp_path / name
    shutil.copytree(FIXTURES / "basic" / "content" / "registry", root / "content" / "registry")
    for path in sorted((INVALID / name).rglob("*")):
        target = root / path.relative_to(INVALID / name)
        if path.is_symlink():  # kept as a link (a case of a link that leaves the project)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            target.symlink_to(path.readlink())
        elif path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    (root / "expected.txt").unlink(missing_ok=True)
    (root / "expected.en.txt").unlink(missing_ok=True)
    (root / "args.txt").unlink(missing_ok=True)
    return root


def case_args(name: str) -> list[str]:
    """Extra command-line arguments of a case (args.txt): cases made of drafts are checked with --drafts,
    since without it a draft's problems are only warnings."""
    path = INVALID / name / "args.txt"
    return path.read_text(encoding="utf-8").split() if path.exists() else []


# language -> (its expected file, the arguments that choose it, the last line of a failed run)
LANGUAGES = {
    "ko": ("expected.txt", [], "아무것도 쓰지 않았습니다."),
    "en": ("expected.en.txt", ["--lang", "en"], "nothing was written."),
}


def expected_lines(name: str, language: str = "ko") -> list[str]:
    return (INVALID / name / LANGUAGES[language][0]).read_text(encoding="utf-8").splitlines()


def test_every_class_of_bad_input_has_a_case():
    assert set(CASES) >= {
        "yaml-syntax", "missing-front-matter", "missing-required", "unknown-key", "wrong-type", "invalid-date",
        "trip-end-before-start", "unknown-names", "figure-text", "unknown-metric-unit", "duplicate-slug",
        "unsafe-slug", "registry-errors", "not-utf8", "review-and-raw",
        # figures agree with their text, metric and unit; bound and role; agreements; events
        "figure-value-mismatch", "figure-metric-unit", "figure-bound-role", "agreement-errors", "event-errors",
        "symlink-outside", "control-characters", "number-limits", "dates-out-of-range", "yaml-limits",
        "body-limits", "registry-long-name", "symlink-registry",
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES)
def test_check_reports_exact_messages(case, language, tmp_path, capsys, monkeypatch):
    root = make_case(case, tmp_path)
    monkeypatch.chdir(root)
    _, choice, last_line = LANGUAGES[language]
    assert main([*choice, "check", *case_args(case)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[:-1] == expected_lines(case, language)
    assert lines[-1].endswith(last_line)
    assert "Traceback" not in captured.err


def test_every_case_has_both_languages():
    for case in CASES:
        korean, english = expected_lines(case, "ko"), expected_lines(case, "en")
        assert len(korean) == len(english) and korean != english, case
        # the same places, in the same order
        assert [line.split(": ")[0] for line in korean] == [line.split(": ")[0] for line in english], case


@pytest.mark.parametrize("case", CASES)
def test_failed_build_leaves_previous_output_untouched(case, tmp_path, capsys, monkeypatch):
    root = make_case(case, tmp_path)
    output = root / "output"
    output.mkdir()
    (output / "index.html").write_text("<!DOCTYPE html><title>previous</title>", encoding="utf-8")
    (output / "briefings").mkdir()
    (output / "briefings" / "old.html").write_bytes(b"old")
    before = snapshot(output)
    monkeypatch.chdir(root)
    assert main(["build", "--templates", str(TEMPLATES), *case_args(case)]) == 1
    assert snapshot(output) == before
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".output")]
    assert leftovers == []
    assert capsys.readouterr().err.splitlines()[:-1] == expected_lines(case)


def test_all_problems_of_all_files_in_one_run(tmp_path, capsys, monkeypatch):
    root = tmp_path / "many"
    shutil.copytree(FIXTURES / "basic" / "content" / "registry", root / "content" / "registry")
    expected = []
    for case in ("unknown-names", "invalid-date", "wrong-type"):
        shutil.copytree(INVALID / case / "content", root / "content", dirs_exist_ok=True)
        expected += expected_lines(case)
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    by_place = sorted(expected, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert capsys.readouterr().err.splitlines()[:-1] == by_place


def test_template_error_is_reported_with_its_line(tmp_path, capsys, monkeypatch):
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic", root)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    text = (templates / "year.html").read_text(encoding="utf-8")
    (templates / "year.html").write_text(text.replace("{{ page.title }}", "{{ page.no_such_field }}"), encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["build", "--templates", str(templates)]) == 1
    err = capsys.readouterr().err
    assert "year.html:3: 템플릿에 정의되지 않은 값" in err
    assert "Traceback" not in err
    assert not (root / "output").exists()
