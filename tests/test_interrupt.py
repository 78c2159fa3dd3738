"""Ctrl-C or SIGTERM at any moment of a real build: output/ is the old site or the new one, never a mix,
the command exits 130 or 143 without a traceback, and the next build finishes the job."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import PROJECT, snapshot


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """These tests read the tool's English messages; Korean ones: tests/test_i18n.py, tests/test_validate.py."""
    monkeypatch.setenv("LANGUAGE", "en")


POINTS = 14   # moments of the build at which SIGINT is sent, spread over its whole duration
TERM_POINTS = 4


def run_build(root: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root), "--output", str(output),
                           "--jobs", "2"], capture_output=True, text=True, cwd=root)


def start_build(root: Path, output: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "site_builder", "build", "--root", str(root), "--output",
                             str(output), "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=root)


def edit(root: Path) -> None:
    """A change that rewrites every page (the base template), edits bodies and removes a briefing."""
    base = root / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<!-- v2 --></footer>"), encoding="utf-8")
    briefings = sorted((root / "content" / "briefings").glob("*.md"))
    for path in briefings[:20]:
        path.write_text(path.read_text(encoding="utf-8") + "\n추가 문단: 후속 협의.\n", encoding="utf-8")
    briefings[-1].unlink()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """(root with the edit applied, old site's output and cache to restore, old files, new files, build seconds)."""
    work = tmp_path_factory.mktemp("interrupt")
    root = work / "site"
    subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "generate.py"), "150", str(root)], check=True,
                   capture_output=True)
    shutil.copytree(PROJECT / "templates", root / "templates")
    output = work / "output"
    assert run_build(root, output).returncode == 0
    old_output, old_cache = work / "old-output", work / "old-cache"
    shutil.copytree(output, old_output)
    shutil.copytree(root / ".site_builder_cache", old_cache)
    old = snapshot(output)
    edit(root)
    started = time.monotonic()
    assert run_build(root, output).returncode == 0
    seconds = time.monotonic() - started
    new = snapshot(output)
    assert old != new
    return root, output, old_output, old_cache, old, new, seconds


def restore(root: Path, output: Path, old_output: Path, old_cache: Path) -> None:
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(root / ".site_builder_cache", ignore_errors=True)
    for leftover in output.parent.glob(f".{output.name}.*"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    shutil.copytree(old_output, output)
    shutil.copytree(old_cache, root / ".site_builder_cache")


@pytest.mark.parametrize("signum, code, points", [(signal.SIGINT, 130, POINTS), (signal.SIGTERM, 143, TERM_POINTS)],
                         ids=["SIGINT", "SIGTERM"])
def test_a_signal_at_any_moment_leaves_the_old_or_the_new_site(sites, signum, code, points):
    root, output, old_output, old_cache, old, new, seconds = sites
    outcomes = []
    for point in range(points):
        restore(root, output, old_output, old_cache)
        process = start_build(root, output)
        # From just after the start to just past the usual end, so the commit itself is hit too.
        time.sleep(seconds * 1.1 * (point + 0.5) / points)
        process.send_signal(signum)
        try:
            _, stderr = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"the build hung after the signal at point {point}")
        # 130/143, or killed by the signal itself (-2/-15: a shell reports that as the same 130/143).
        assert process.returncode in (0, code, -signum), (point, process.returncode, stderr)
        assert "Traceback" not in stderr, stderr
        files = snapshot(output)
        assert files == old or files == new, f"a mix of old and new after the signal at point {point}"
        outcomes.append("new" if files == new else "old")
        # The next build finishes the job from whatever the interrupted one left, and cleans up.
        finished = run_build(root, output)
        assert finished.returncode == 0, finished.stderr
        assert snapshot(output) == new
        assert not list(output.parent.glob(f".{output.name}.*"))
    assert "old" in outcomes, outcomes  # at least one signal came before the commit
