"""Run a function over many items on all CPU cores, in order, on every operating system.

``parallel_map(function, items, jobs, state)`` calls ``function(state, item)`` for each item in worker
processes and returns the results in the items' order, which keeps the output independent of the
number of workers. Where ``fork`` is safe (Linux) workers inherit ``state`` as it is; elsewhere
(macOS, Windows) they are spawned and receive ``state`` pickled once per worker, so ``state`` and
``function`` must be picklable (a module-level function and plain data). ``SITE_BUILDER_START_METHOD``
(``fork`` or ``spawn``) overrides the choice, which is how the tests run the spawn path on Linux.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from typing import Any, Callable, Sequence

from site_builder.write import signals_held

# Below this many items a pool costs more than it saves.
MIN_PARALLEL_ITEMS = 64

_worker_state: Any = None
_worker_function: Callable[[Any, Any], Any] | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_method() -> str:
    chosen = os.environ.get("SITE_BUILDER_START_METHOD", "")
    if chosen in ("fork", "spawn"):
        return chosen
    # fork is the fast path but only safe on Linux (macOS frameworks and Windows have no safe fork).
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _install(function: Callable[[Any, Any], Any], state: Any) -> None:
    global _worker_function, _worker_state
    _worker_function, _worker_state = function, state


def _start_worker(function: Callable[[Any, Any], Any] | None = None, state: Any = None) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool, so workers ignore it; SIGTERM (how
    # the parent's pool stops them) ends a worker quietly, not through the command's own handler.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    if function is not None:
        _install(function, state)


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    return [_worker_function(_worker_state, item) for item in chunk]


def parallel_map(function: Callable[[Any, Any], Any], items: Sequence[Any], jobs: int, state: Any = None,
                 progress: Callable[[int], None] | None = None, min_items: int = MIN_PARALLEL_ITEMS,
                 chunk: int | None = None) -> list[Any]:
    """``[function(state, item) for item in items]``, spread over ``jobs`` processes.

    ``min_items``: fewer items run in this process; ``chunk``: items per task (default: about eight tasks
    per worker, so a slow item does not leave the other workers idle).
    """
    if jobs <= 1 or len(items) < min_items:
        results = []
        for index, item in enumerate(items):
            results.append(function(state, item))
            if progress and index % 50 == 0:
                progress(index)
        return results
    size = chunk or max(8, min(256, len(items) // (jobs * 8) or 1))
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    method = start_method()
    # Workers are born with SIGINT and SIGTERM held until _start_worker has set them up.
    with signals_held():
        if method == "fork":
            _install(function, state)  # inherited by the forked workers: nothing is pickled
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker)
        else:
            pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=_start_worker,
                                                             initargs=(function, state))
    try:
        with pool:
            results: list[Any] = []
            for part in pool.imap(_run_chunk, chunks):
                results.extend(part)
                if progress:
                    progress(len(results))
    finally:
        _install(None, None)
    return results
