"""The tool speaks Korean by default and English on request, from catalogs that stay in sync with the code."""

from __future__ import annotations

import io
import os
import re
import shutil
import string
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from site_builder import i18n
from site_builder.build import PreviewBuilder, build
from site_builder.cli import main
from site_builder.config import load_config
from site_builder.urls import output_file
from site_builder.write import MARKER
from tests.support import FIXTURES, TEMPLATES

PROJECT = Path(__file__).resolve().parent.parent
LOCALE = PROJECT / "site_builder" / "locale"


@pytest.mark.parametrize("environment, language", [
    ({}, "ko"),
    ({"LANG": "C.UTF-8"}, "ko"),
    ({"LANG": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
    ({"LC_ALL": "ko_KR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "ko"),
    ({"LANGUAGE": "en", "LC_ALL": "ko_KR.UTF-8"}, "en"),
    ({"LANGUAGE": "fr:en", "LANG": "ko_KR.UTF-8"}, "en"),       # the first language we have a catalog for
    ({"LANGUAGE": "fr", "LANG": "en_US.UTF-8"}, "en"),           # none: the next variable decides
])
def test_the_locale_chooses_the_language(environment, language):
    assert i18n.language(environment) == language


def test_korean_by_default_english_by_flag_or_locale(tmp_path, capsys, monkeypatch):
    shutil.copytree(FIXTURES / "basic", tmp_path / "site")
    monkeypatch.chdir(tmp_path / "site")
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("브리핑 파일 3개 검사 통과")
    assert main(["--lang", "en", "check"]) == 0
    assert capsys.readouterr().out.startswith("3 briefing files OK")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("3 briefing files OK")
    assert main(["--lang=ko", "check"]) == 0                     # the flag wins over the locale
    assert capsys.readouterr().out.startswith("브리핑 파일 3개 검사 통과")
    assert "LANGUAGE" not in os.environ           # --lang does not outlive the command


@pytest.mark.parametrize("argv, korean, english", [
    (["--help"], "사용법: site-builder", "usage: site-builder"),
    (["check", "--help"], "콘텐츠 폴더 (기본값: ROOT/content)", "content folder (default: ROOT/content)"),
    (["serve", "--port", "x"], "잘못된 포트 'x' (0-65535)", "invalid port 'x' (expected 0-65535)"),
    (["nope"], "잘못된 선택: 'nope'", "invalid choice: 'nope'"),
])
def test_help_and_usage_errors_in_both_languages(argv, korean, english, capsys):
    for prefix, text in (([], korean), (["--lang", "en"], english)):
        with pytest.raises(SystemExit):
            main([*prefix, *argv])
        captured = capsys.readouterr()
        assert text in captured.out + captured.err


def _catalog(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "site_builder.po").open("rb") as stream:
        return read_po(stream)


def _ids(catalog) -> set:
    return {message.id for message in catalog if message.id}


def test_the_catalogs_hold_exactly_the_messages_of_the_code():
    """Run after `pybabel extract` / `pybabel update` (README): a message added to the code and not to the
    catalogs, or left in them after it was removed, fails here."""
    extracted = {message if isinstance(message, str) else tuple(message)
                 for _, _, message, _, _ in extract_from_dir(str(PROJECT), method_map=[("site_builder/**.py", "python")])}
    with (LOCALE / "site_builder.pot").open("rb") as stream:
        template = read_po(stream)
    assert _ids(template) == extracted
    assert _ids(_catalog("ko")) == extracted
    assert _ids(_catalog("en")) == extracted


def _fields(text: str) -> tuple[list[str], list[str]]:
    """Placeholders: {name} in our messages, %(name)s and bare %s / %r in argparse's."""
    braces = sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)
    percents = sorted("".join(found) for found in re.findall(r"%\((\w+)\)|%([sr])", text))
    return braces, percents


def test_every_korean_message_is_translated_with_the_same_placeholders():
    for message in _catalog("ko"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, ids[0]
        for text in strings:
            assert _fields(text) == _fields(ids[-1]), ids[0]


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_committed_mo_is_the_compiled_po(language):
    """The .mo files are committed so the tool needs no compile step; `pybabel compile` must give these bytes."""
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(language))
    assert (LOCALE / language / "LC_MESSAGES" / "site_builder.mo").read_bytes() == compiled.getvalue()


def test_build_and_preview_count_the_same_files(tmp_path):
    """`build --drafts` and `serve` (which always shows drafts) report one number: every file of the site."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic", root)
    config = load_config(root, templates=TEMPLATES, drafts=True)
    result = build(config, jobs=1, progress=lambda message: None)
    preview = PreviewBuilder(lambda: replace(load_config(root, templates=TEMPLATES), drafts=True)).build()
    written = {path.relative_to(config.output_dir).as_posix() for path in config.output_dir.rglob("*")
               if path.is_file() and path.name != MARKER}  # the marker names the build; it is not a page
    assert result.files == len(written) == len(preview.paths())
    assert {output_file(path).as_posix() for path in preview.paths()} == written
