"""Run a function over many items on all CPU cores, in order, with fork-inherited state.

Workers are forked after the caller has built everything they need (site, renderer), so only
item indexes go to them and only small results come back. Results keep the items' order, which
keeps the output independent of the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable, Sequence

# Below this many items a pool costs more than it saves.
MIN_PARALLEL_ITEMS = 64

_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    function, items = _task
    return [function(items[index]) for index in range(*bounds)]


def parallel_map(function: Callable[[Any], Any], items: Sequence[Any], jobs: int,
                 progress: Callable[[int], None] | None = None) -> list[Any]:
    """``[function(item) for item in items]``, spread over ``jobs`` forked processes."""
    global _task
    if jobs <= 1 or len(items) < MIN_PARALLEL_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for index, item in enumerate(items):
            results.append(function(item))
            if progress and index % 50 == 0:
                progress(index)
        return results
    chunk = max(8, min(256, len(items) // (jobs * 8) or 1))
    bounds = [(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
    _task = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results: list[Any] = []
            for part in pool.imap(_run_chunk, bounds):
                results.extend(part)
                if progress:
                    progress(len(results))
    finally:
        _task = None
    return results
