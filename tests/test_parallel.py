"""engine.parallel: results in the items' order, work really spread over processes, fork and spawn alike."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from site_builder.engine import parallel
from tests.support import PROJECT, snapshot

ITEMS = list(range(600))  # far more than MIN_PARALLEL_ITEMS: every worker gets chunks


def _square_and_pid(offset: int, item: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough that one worker cannot take every chunk before the other starts
    return item * item + offset, os.getpid()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_work_is_spread_over_processes_and_keeps_order(monkeypatch, method):
    monkeypatch.setenv("SITE_BUILDER_START_METHOD", method)
    results = parallel.parallel_map(_square_and_pid, ITEMS, 2, 7)
    assert [value for value, _ in results] == [item * item + 7 for item in ITEMS]
    workers = {pid for _, pid in results}
    assert len(workers) == 2 and os.getpid() not in workers


def test_few_items_run_in_this_process():
    results = parallel.parallel_map(_square_and_pid, [1, 2, 3], 4, 0)
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_spawned_workers_build_the_same_site_as_one_job(tmp_path):
    """Where fork is unavailable (macOS, Windows) the build spawns workers: the bytes are the same as one job."""
    root = tmp_path / "generated"
    subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "generate.py"), "150", str(root)], check=True,
                   capture_output=True)
    outputs = {}
    for name, jobs, method in (("one", "1", "fork"), ("spawned", "2", "spawn")):
        result = subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root), "--output",
                                 str(tmp_path / name), "--templates", str(PROJECT / "templates"), "--jobs", jobs],
                                env={**os.environ, "SITE_BUILDER_START_METHOD": method},
                                capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        outputs[name] = snapshot(tmp_path / name)
    assert outputs["one"] == outputs["spawned"]
