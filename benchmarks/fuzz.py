"""Long fuzz run: random front matter and Markdown bodies through load, validate, Markdown and the
feed/JSON/sitemap outputs (the check of tests/test_fuzz.py), counting cases and tracebacks.

    .venv/bin/python benchmarks/fuzz.py --cases 5000

Prints how many cases ran, how they ended (refused with messages, a broken [[link]] reported, built)
and every distinct traceback or failed check found; exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, seed, settings, strategies as st  # noqa: E402

from tests.fuzzing import bodies, check_document, front_matters, whole_file  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2000, help="number of generated files (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0: reproducible)")
    args = parser.parse_args()

    outcomes: collections.Counter[str] = collections.Counter()
    failures: dict[str, tuple[str, str]] = {}   # last frame + error -> (traceback, input)
    started = time.perf_counter()

    @settings(max_examples=args.cases, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=["generate"])
    @given(kind=st.sampled_from(["front matter and body", "valid front matter", "any text"]),
           front=front_matters(), body=bodies)
    def run(kind, front, body):
        text = {"front matter and body": whole_file(front, body),
                "valid front matter": whole_file("title: 제목\ndate: 2024-02-17\npartners: [SVB]\n", body),
                "any text": body}[kind]
        try:
            outcomes[check_document(text)] += 1
        except BaseException as error:  # noqa: BLE001 - every escape is a finding
            if isinstance(error, KeyboardInterrupt):
                raise
            outcomes["traceback"] += 1
            frames = traceback.extract_tb(error.__traceback__)
            key = f"{type(error).__name__} at {frames[-1].filename}:{frames[-1].lineno}" if frames else repr(error)
            failures.setdefault(key, ("".join(traceback.format_exception(error)), text))

    seed(args.seed)(run)()
    elapsed = time.perf_counter() - started
    cases = sum(outcomes.values())
    print(f"cases run: {cases:,} in {elapsed:.1f} s")
    print("outcomes: " + ", ".join(f"{name} {count:,}" for name, count in sorted(outcomes.items())))
    print(f"tracebacks found: {outcomes['traceback']:,} ({len(failures)} distinct)")
    for key, (text, example) in failures.items():
        print(f"\n== {key}\ninput: {example[:500]!r}\n{text}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
