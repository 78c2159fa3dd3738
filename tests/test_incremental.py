"""The build cache is never stale: after any kind of edit, an incremental build writes exactly
the bytes a clean build writes, and it renders only what changed."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from site_builder.build import PreviewBuilder
from site_builder.config import load_config
from site_builder.engine import stamp
from site_builder.write import MARKER
from site_builder.render.pages import SiteRenderer
from tests.support import FIXTURES, PROJECT, TEMPLATES, build_site, memory_snapshot, snapshot


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The real archive (five briefings, full registries) with its own templates to edit."""
    root = tmp_path / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copytree(TEMPLATES, root / "templates")
    shutil.copyfile(PROJECT / "site.yaml", root / "site.yaml")
    return root


def incremental_then_clean(root: Path, edit, jobs: int = 1) -> tuple[dict, dict, object]:
    output = root / "output"
    build_site(root, output, templates=root / "templates", jobs=jobs)
    edit(root)
    result = build_site(root, output, templates=root / "templates", jobs=jobs)
    incremental = snapshot(output)
    clean_output = root.parent / "clean"
    shutil.rmtree(clean_output, ignore_errors=True)
    build_site(root, clean_output, templates=root / "templates", cache=root.parent / "fresh-cache")
    return incremental, snapshot(clean_output), result


def preview_before_and_after(root: Path, edit) -> dict[str, bytes]:
    """The preview's files after ``edit``, built by a preview that also built the site before it."""
    builder = PreviewBuilder(lambda: load_config(root, templates=root / "templates"))
    memory_snapshot(builder.build())
    edit(root)
    return memory_snapshot(builder.build())


def briefing(root: Path, name: str = "2023-01-26-daejeon-silicon-valley.md") -> Path:
    return root / "content" / "briefings" / name


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def edit_body(root):
    with briefing(root).open("a", encoding="utf-8") as handle:
        handle.write("\n추가 문단: 대전시는 후속 협의를 이어가기로 했다.\n")


def edit_body_wording(root):
    """A paragraph that names no entity and no number: the body changes, its facts do not."""
    with briefing(root).open("a", encoding="utf-8") as handle:
        handle.write("\n추가 문단: 후속 협의는 다음 달에 이어질 예정이다.\n")


def edit_title(root):
    replace_in(briefing(root), "title: ", "title: 수정됨 ")


def edit_date(root):
    replace_in(briefing(root), "date: 2023-01-26", "date: 2024-03-01")


def edit_partners(root):
    text = briefing(root).read_text(encoding="utf-8")
    partners = re.search(r"^partners: \[(.*)\]$", text, re.M) or re.search(r"^partners:\n((?:  ?- .*\n)+)", text, re.M)
    assert partners, "partners list not found"
    line = partners.group(0)
    replace_in(briefing(root), line, line.replace("실리콘밸리은행", "스탠퍼드대학교"))


def edit_registry_alias(root):
    replace_in(root / "content" / "registry" / "partners.yaml", "aliases: [", "aliases: [실밸은행, ", 1)


def edit_registry_alias_named_in_a_body(root):
    """An alias that another briefing's body already contains: that body now mentions the entry."""
    replace_in(root / "content" / "registry" / "partners.yaml", "aliases: [SVB, ", "aliases: [퀄컴, SVB, ", 1)


def remove_registry_alias(root):
    replace_in(root / "content" / "registry" / "partners.yaml", "aliases: [SVB, Silicon Valley Bank, 실리콘밸리 은행]",
               "aliases: [Silicon Valley Bank, 실리콘밸리 은행]", 1)


def edit_registry_alias_found_in_another_body(root):
    """A new alias of several words that one briefing's body already writes: that briefing now mentions it."""
    replace_in(root / "content" / "registry" / "partners.yaml", "aliases: [", "aliases: [클러스터 라운드 테이블, ", 1)


def edit_registry_description(root):
    path = root / "content" / "registry" / "places.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"description: (.*)", r"description: 수정된 설명. \1", text, count=1), encoding="utf-8")


def edit_template(root):
    replace_in(root / "templates" / "partials" / "article_list.html", "<ul class=\"article-list\">",
               "<ul class=\"article-list edited\">")


def edit_base_template(root):
    replace_in(root / "templates" / "base.html", "</footer>", "<!-- edited --></footer>")


def edit_static(root):
    with (root / "templates" / "static" / "site.css").open("a", encoding="utf-8") as handle:
        handle.write("\n/* edited */\n")


def delete_briefing(root):
    briefing(root).unlink()


def rename_briefing(root):
    briefing(root).rename(briefing(root, "2023-01-26-daejeon-svb-nasa.md"))


def add_briefing(root):
    shutil.copyfile(briefing(root), briefing(root, "2025-05-05-copy-of-daejeon.md"))
    replace_in(briefing(root, "2025-05-05-copy-of-daejeon.md"), "date: 2023-01-26", "date: 2025-05-05")


def edit_site_settings(root):
    replace_in(root / "site.yaml", "title: ", "title: 새 이름 ")


def make_draft(root):
    replace_in(briefing(root), "title: ", "draft: true\ntitle: ")


EDITS = [edit_body, edit_body_wording, edit_title, edit_date, edit_partners, edit_registry_alias,
         edit_registry_alias_named_in_a_body, edit_registry_alias_found_in_another_body,
         remove_registry_alias, edit_registry_description,
         edit_template, edit_base_template, edit_static, delete_briefing, rename_briefing, add_briefing,
         edit_site_settings, make_draft]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_incremental_build_equals_clean_build(site, edit):
    incremental, clean, _ = incremental_then_clean(site, edit)
    assert sorted(incremental) == sorted(clean)
    different = [path for path in clean if incremental[path] != clean[path]]
    assert different == []


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_preview_serves_what_a_clean_build_writes(site, tmp_path, edit):
    """The same pipeline with the memory memo: after each kind of edit the preview's files are the clean build's."""
    served = preview_before_and_after(site, edit)
    clean_output = tmp_path / "clean-for-preview"
    build_site(site, clean_output, templates=site / "templates", cache=tmp_path / "fresh-cache-for-preview")
    clean = snapshot(clean_output)
    assert sorted(served) == sorted(clean)
    assert [path for path in clean if served[path] != clean[path]] == []


@pytest.mark.parametrize("edit", [edit_body, edit_body_wording, edit_partners, edit_template],
                         ids=["body", "body wording", "partners", "template"])
def test_parallel_incremental_build_equals_clean_build(site, edit):
    incremental, clean, _ = incremental_then_clean(site, edit, jobs=2)
    assert incremental == clean


def test_no_change_rebuild_writes_nothing(site):
    output = site / "output"
    first = build_site(site, output, templates=site / "templates")
    before = snapshot(output)
    second = build_site(site, output, templates=site / "templates")
    assert first.written == first.files > 100
    assert second.written == 0 and second.unchanged == first.files
    assert snapshot(output) == before


def test_body_edit_rewrites_only_what_shows_that_briefing(site):
    _, _, result = incremental_then_clean(site, edit_body)
    assert 0 < result.written < result.files / 3, result


@pytest.mark.parametrize("jobs", [1, 2])
def test_body_wording_edit_plans_only_that_briefing(site, monkeypatch, jobs):
    """No front matter, fact, registry or template changed: the site is not planned again, only the edited
    briefing's own page is made, and the result is still a clean build's."""
    output = site / "output"
    build_site(site, output, templates=site / "templates", jobs=jobs)
    edit_body_wording(site)
    planned_pages = []
    original = SiteRenderer.briefing_page

    def refuse_whole_plan(self):
        raise AssertionError("the whole site was planned for a body edit")

    def counted(self, path):
        planned_pages.append(path)
        return original(self, path)

    monkeypatch.setattr(SiteRenderer, "plan", refuse_whole_plan)
    monkeypatch.setattr(SiteRenderer, "briefing_page", counted)
    build_site(site, output, templates=site / "templates", jobs=jobs)
    assert planned_pages == ["briefings/daejeon-silicon-valley/"]
    monkeypatch.undo()
    build_site(site, site.parent / "clean", templates=site / "templates", cache=site.parent / "fresh-cache")
    assert snapshot(output) == snapshot(site.parent / "clean")


def test_static_edit_rewrites_only_the_stylesheet(site):
    _, _, result = incremental_then_clean(site, edit_static)
    assert result.written == 1


def test_deleted_output_file_is_restored_by_clean_or_by_removing_the_marker(site):
    """output/ is not walked: a file deleted there by hand comes back with --clean, or once the marker is gone."""
    output = site / "output"
    build_site(site, output, templates=site / "templates")
    page = output / "briefings" / "daejeon-silicon-valley" / "index.html"
    expected = page.read_bytes()
    page.unlink()
    assert build_site(site, output, templates=site / "templates").written == 0  # the documented rule
    assert not page.exists()
    result = build_site(site, output, templates=site / "templates", clean=True)
    assert page.read_bytes() == expected and result.written == result.files
    page.unlink()
    (output / MARKER).unlink()
    build_site(site, output, templates=site / "templates")
    assert page.read_bytes() == expected


def test_clean_build_removes_files_added_to_output_by_hand(site):
    output = site / "output"
    build_site(site, output, templates=site / "templates")
    stray = output / "briefings" / "stray.html"
    stray.write_text("stray", encoding="utf-8")
    build_site(site, output, templates=site / "templates")
    assert stray.exists()  # a plain build leaves what it did not write
    build_site(site, output, templates=site / "templates", clean=True)
    assert not stray.exists()


def test_replaced_output_folder_is_written_whole(site):
    """Another folder in output/'s place (its marker does not name the last build) gets every file."""
    output = site / "output"
    build_site(site, output, templates=site / "templates")
    before = snapshot(output)
    shutil.rmtree(output)
    output.mkdir()
    (output / "index.html").write_text("old", encoding="utf-8")
    build_site(site, output, templates=site / "templates")
    assert snapshot(output) == before


def test_corrupt_cache_is_ignored(site):
    output = site / "output"
    build_site(site, output, templates=site / "templates")
    cache = site / ".cache-output"
    for path in cache.glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    edit_body(site)
    build_site(site, output, templates=site / "templates")
    clean = site.parent / "clean"
    build_site(site, clean, templates=site / "templates", cache=site.parent / "fresh")
    assert snapshot(output) == snapshot(clean)


def test_failed_incremental_build_leaves_output_untouched(site):
    output = site / "output"
    build_site(site, output, templates=site / "templates")
    before = snapshot(output)
    replace_in(briefing(site), "title: ", "title: 깨진 [링크 ")
    with briefing(site).open("a", encoding="utf-8") as handle:
        handle.write("\n[[없는 파트너]]\n")
    from site_builder.diagnostics import SiteError
    with pytest.raises(SiteError):
        build_site(site, output, templates=site / "templates")
    assert snapshot(output) == before
    assert not [p for p in site.iterdir() if p.name.startswith(".output.")]


def test_template_error_in_incremental_build_leaves_output_untouched(site):
    output = site / "output"
    build_site(site, output, templates=site / "templates", jobs=2)
    before = snapshot(output)
    replace_in(site / "templates" / "briefing.html", "{{ article.title }}", "{{ article.no_such_field }}")
    from site_builder.diagnostics import SiteError
    with pytest.raises(SiteError) as error:
        build_site(site, output, templates=site / "templates", jobs=2)
    assert "templates/briefing.html" in str(error.value)
    assert snapshot(output) == before


@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_do_not_change_output(tmp_path, jobs):
    """A site big enough to use worker processes gives the same bytes with 1 and N workers."""
    import subprocess
    import sys
    root = tmp_path / "generated"
    subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "generate.py"), "150", str(root)], check=True,
                   capture_output=True)
    one = tmp_path / "one"
    many = tmp_path / "many"
    build_site(root, one, jobs=1)
    build_site(root, many, jobs=jobs)
    assert snapshot(one) == snapshot(many)


def test_output_folder_whose_parent_does_not_exist_yet(tmp_path):
    output = tmp_path / "new" / "deeper" / "output"
    result = build_site(FIXTURES / "basic", output, cache=tmp_path / "cache")
    assert result.written == result.files and (output / "index.html").is_file()


# -- the input walk's stats: unchanged briefings are not read, and an edit is never missed ----------------

@pytest.fixture
def trusted_stats(monkeypatch):
    """Files a test wrote a moment ago count as older than the walk, so their stats are recorded and trusted."""
    monkeypatch.setattr(stamp, "RACY_NS", 0)


@pytest.fixture
def coarse_stats(monkeypatch):
    """A filesystem with one-second timestamps and no change time or inode: an edit within the same second
    keeps the stat as it was."""
    monkeypatch.setattr(stamp, "file_stat", lambda status: (status.st_size, status.st_mtime_ns // 10**9))


def edit_body_keeping_size_and_mtime(root):
    """Same byte length (one Hangul syllable for another), and the old modification time put back."""
    path = briefing(root)
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    at = text.rindex("다.")
    path.write_text(text[:at] + "요." + text[at + 2:], encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size


def test_edit_keeping_size_and_mtime_is_seen(site, trusted_stats):
    incremental, clean, result = incremental_then_clean(site, edit_body_keeping_size_and_mtime)
    assert result.written > 0
    assert incremental == clean


def test_racy_edit_within_the_same_timestamp_tick_is_seen(site, coarse_stats):
    """The first build's walk sees files modified this very second: their stats are not trusted, so the same
    stat after an edit does not hide it."""
    incremental, clean, result = incremental_then_clean(site, edit_body_keeping_size_and_mtime)
    assert result.written > 0
    assert incremental == clean


def test_without_the_racy_rule_that_edit_would_be_missed(site, coarse_stats, monkeypatch):
    """What the racy rule is for: trusting every stat, the edit above goes unseen."""
    monkeypatch.setattr(stamp, "RACY_NS", -10**18)
    incremental, clean, result = incremental_then_clean(site, edit_body_keeping_size_and_mtime)
    assert result.written == 0 and incremental != clean


def test_unchanged_briefings_are_not_read(site, trusted_stats, monkeypatch):
    output = site / "output"
    build_site(site, output, templates=site / "templates")
    edit_body(site)
    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or original(path))
    build_site(site, output, templates=site / "templates")
    briefings = {path.name for path in (site / "content" / "briefings").glob("*.md")}
    assert {name for name in read if name in briefings} == {briefing(site).name}


def test_bodies_missing_from_the_cache_are_read_from_their_files(site, trusted_stats):
    """Kept briefings hold no body in memory: rendering one again (its cached body is gone) reads its file."""
    output = site / "output"
    build_site(site, output, templates=site / "templates")
    shutil.rmtree(site / ".cache-output" / "objects")
    edit_title(site)
    build_site(site, output, templates=site / "templates")
    clean = site.parent / "clean"
    build_site(site, clean, templates=site / "templates", cache=site.parent / "fresh")
    assert snapshot(output) == snapshot(clean)


def test_no_change_shortcut_compares_the_bytes_of_racy_inputs(site, coarse_stats):
    from site_builder.engine.stamp import scan_inputs, unchanged_build
    output = site / "output"
    build_site(site, output, templates=site / "templates")
    config = load_config(site, templates=site / "templates", output=output, cache=site / ".cache-output")
    assert unchanged_build(config, scan_inputs(config), 0.0) is not None
    edit_body_keeping_size_and_mtime(site)
    inputs = scan_inputs(config)
    assert unchanged_build(config, inputs, 0.0) is None
