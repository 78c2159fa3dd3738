"""Build-speed benchmark: site_builder against Hugo and Pelican on the same synthetic corpus.

    python benchmarks/build_benchmark.py [--sizes 1000 10000 100000] [--runs 3] [--work DIR] [--skip-others]
                                         [--large 100000]

For each size N it generates a corpus (benchmarks/generate.py), then times, as whole commands the way an
editor runs them: our cold build, a rebuild with no change, rebuilds after editing one briefing's body, one
briefing's partners, the briefing template and one registry alias; the peak memory of the largest process
(max RSS of the build or any one worker, from wait4) and of all its processes together (the sum of their
proportional set sizes, sampled every 0.1 s from /proc, so pages shared by forked workers count once);
output size and pages written. It converts the same corpus to Hugo (taxonomies, related content, RSS, sitemap)
and Pelican (content cache on) sites and times them too. Every time is the median of --runs runs; sizes of
--large and above run once and without the peers (a cold Pelican build of 100,000 briefings takes most of
an hour on two cores), which the output says. Needs the `bench` extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from others.hugo_site import write_hugo_site  # noqa: E402
from others.pelican_site import write_pelican_site  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class TreeMemory:
    """Peak of the summed proportional set size (MiB) of a process and all its descendants, sampled from /proc."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        pids, index = [self.pid], 0
        while index < len(pids):
            try:
                for task in os.listdir(f"/proc/{pids[index]}/task"):
                    with open(f"/proc/{pids[index]}/task/{task}/children") as handle:
                        pids.extend(int(child) for child in handle.read().split())
            except OSError:
                pass
            index += 1
        return pids

    def _run(self) -> None:
        while not self._done.is_set():
            total = 0
            for pid in self._tree():
                try:
                    with open(f"/proc/{pid}/smaps_rollup") as handle:
                        total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
                except (OSError, StopIteration, ValueError):
                    continue
            self.peak = max(self.peak, total / 1024)
            self._done.wait(self.interval)

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak


def run_measured(command: list[str], cwd: Path) -> tuple[float, float, str, float]:
    """(wall seconds, peak RSS of the largest process in MiB, output, peak of all processes together in MiB)
    of one command; wait4 reports the largest RSS of the process and of its waited-for children (our parallel
    workers); TreeMemory samples the sum over the process tree."""
    started = time.perf_counter()
    out = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, text=True)
    tree = TreeMemory(process.pid) if Path("/proc/self/smaps_rollup").exists() else None
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    together = tree.stop() if tree else float("nan")
    out.seek(0)
    text = out.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{text}")
    return elapsed, usage.ru_maxrss / 1024, text, together


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


class OurSite:
    def __init__(self, root: Path):
        self.root = root
        self.edits = 0
        briefings = sorted((root / "content" / "briefings").glob("*.md"))
        self.briefing = briefings[len(briefings) // 2]

    def build(self) -> tuple[float, float, str, float]:
        return run_measured([str(BIN / "site-builder"), "build"], self.root)

    def clean(self) -> None:
        for name in ("output", ".site_builder_cache"):
            shutil.rmtree(self.root / name, ignore_errors=True)

    def edit_body(self) -> None:
        self.edits += 1
        with self.briefing.open("a", encoding="utf-8") as handle:
            handle.write(f"\n추가 문단 {self.edits}: 후속 협의가 이어졌다.\n")

    def edit_partners(self) -> None:
        self.edits += 1
        text = self.briefing.read_text(encoding="utf-8")
        partners = re.search(r"^partners:\n((?:- .*\n)+)", text, re.M)
        registry = (self.root / "content" / "registry" / "partners.yaml").read_text(encoding="utf-8")
        names = re.findall(r"^- name: (.*)$", registry, re.M)
        current = [line[2:] for line in partners.group(1).splitlines()]
        replacement = next(n for n in names[self.edits:] if n not in current)
        new_block = "".join(f"- {name}\n" for name in current[:-1] + [replacement])
        self.briefing.write_text(text.replace(partners.group(1), new_block), encoding="utf-8")

    def edit_template(self) -> None:
        self.edits += 1
        path = self.root / "templates" / "briefing.html"
        path.write_text(path.read_text(encoding="utf-8") + f"{{# edit {self.edits} #}}\n", encoding="utf-8")

    def edit_registry(self) -> None:
        self.edits += 1
        path = self.root / "content" / "registry" / "partners.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("aliases:\n", f"aliases:\n  - 별칭{self.edits}\n", 1), encoding="utf-8")


def note(message: str) -> None:
    """Progress as each figure is measured (stderr), so a long run shows what it has so far."""
    print(f"  [{time.strftime('%H:%M:%S')}, load {load_average()}] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


SCENARIOS = ("no change", "body edit", "partners edit", "template edit", "registry edit")
LABELS = {"no change": "rebuild, no change", "body edit": "rebuild, one briefing's body edited",
          "partners edit": "rebuild, one briefing's partners edited", "template edit": "rebuild, briefing template edited",
          "registry edit": "rebuild, one registry alias edited"}


def bench_ours(root: Path, runs: int) -> dict[str, object]:
    site = OurSite(root)
    results: dict[str, object] = {}
    cold, peaks, together = [], [], []
    for _ in range(runs):
        site.clean()
        seconds, peak, text, all_processes = site.build()
        cold.append(seconds)
        peaks.append(peak)
        together.append(all_processes)
    results["cold"] = median(cold)
    results["peak_mib"] = max(peaks)
    results["together_mib"] = max(together)
    results["cold_summary"] = text.strip().splitlines()[-1]
    note(f"cold build {results['cold']:.2f} s, largest process {results['peak_mib']:,.0f} MiB, "
         f"all processes {results['together_mib']:,.0f} MiB: {results['cold_summary']}")
    scenarios = {"no change": None, "body edit": site.edit_body, "partners edit": site.edit_partners,
                 "template edit": site.edit_template, "registry edit": site.edit_registry}
    for name, edit in scenarios.items():
        times = []
        for _ in range(runs):
            if edit:
                edit()
            seconds, peak, text, all_processes = site.build()
            times.append(seconds)
            results["peak_mib"] = max(results["peak_mib"], peak)
            results["together_mib"] = max(results["together_mib"], all_processes)
        results[name] = median(times)
        results[name + " summary"] = text.strip().splitlines()[-1]
        note(f"{name}: {results[name]:.2f} s ({results[name + ' summary']})")
    files, size = folder_size(root / "output")
    results["files"], results["bytes"] = files, size
    return results


def bench_hugo(source: Path, work: Path, runs: int) -> dict[str, float]:
    target = work / "hugo"
    shutil.rmtree(target, ignore_errors=True)
    write_hugo_site(source, target)
    times, peaks, together = [], [], []
    for _ in range(runs):
        shutil.rmtree(target / "public", ignore_errors=True)
        shutil.rmtree(target / "resources", ignore_errors=True)
        seconds, peak, _, all_processes = run_measured([str(BIN / "hugo"), "--quiet", "--noBuildLock"], target)
        times.append(seconds)
        peaks.append(peak)
        together.append(all_processes)
    files, size = folder_size(target / "public")
    return {"cold": median(times), "peak_mib": max(peaks), "together_mib": max(together), "files": files,
            "bytes": size}


def bench_pelican(source: Path, work: Path, runs: int) -> dict[str, float]:
    target = work / "pelican"
    shutil.rmtree(target, ignore_errors=True)
    write_pelican_site(source, target)
    command = [str(BIN / "pelican"), "content", "-o", "output", "-s", "pelicanconf.py", "-q"]
    cold, cached, peaks, together = [], [], [], []
    articles = sorted((target / "content").glob("*.md"))
    for run in range(runs):
        shutil.rmtree(target / "output", ignore_errors=True)
        shutil.rmtree(target / "cache", ignore_errors=True)
        seconds, peak, _, all_processes = run_measured(command, target)
        cold.append(seconds)
        peaks.append(peak)
        together.append(all_processes)
        with articles[len(articles) // 2].open("a", encoding="utf-8") as handle:
            handle.write(f"\n추가 문단 {run}.\n")
        seconds, peak, _, all_processes = run_measured(command, target)
        cached.append(seconds)
        peaks.append(peak)
        together.append(all_processes)
    files, size = folder_size(target / "output")
    return {"cold": median(cold), "body edit": median(cached), "peak_mib": max(peaks), "together_mib": max(together),
            "files": files, "bytes": size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", type=int, default=100_000,
                        help="from this size on: one run per figure, and Hugo and Pelican are not run")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary folder)")
    parser.add_argument("--skip-others", action="store_true", help="time site_builder only")
    args = parser.parse_args()
    work_root = args.work or Path(tempfile.mkdtemp(prefix="site-builder-bench-"))
    sys.stdout.reconfigure(line_buffering=True)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; runs per figure: {args.runs} (median), "
          f"1 from {args.large:,} briefings; load average at start {load_average()}")
    cold_times: dict[int, float] = {}
    for size in args.sizes:
        started = time.perf_counter()
        large = size >= args.large
        runs = 1 if large else args.runs
        work = work_root / f"n{size}"
        root = work / "ours"
        shutil.rmtree(work, ignore_errors=True)
        generate(size, root)
        shutil.copytree(PROJECT / "templates", root / "templates")
        note(f"N = {size:,}: corpus generated")
        ours = bench_ours(root, runs)
        cold_times[size] = ours["cold"]
        print(f"\n## N = {size:,} briefings ({runs} run{'s' if runs > 1 else ''} per figure)")
        print(f"site_builder: {ours['cold_summary']}")
        others = {}
        if args.skip_others:
            print("Hugo and Pelican: not run (--skip-others)")
        elif large:
            print(f"Hugo and Pelican: not run at {size:,} briefings (--large {args.large:,})")
        else:
            others["hugo"] = bench_hugo(root, work, runs)
            others["pelican"] = bench_pelican(root, work, runs)
        hugo, pelican = others.get("hugo", {}), others.get("pelican", {})

        def cell(result: dict, key: str) -> str:
            return f"{result[key]:.2f} s" if key in result else "—"

        def memory(result: dict, key: str) -> str:
            return f"{result[key]:,.0f} MiB" if result else "—"

        print("| measure | site_builder | Hugo | Pelican |")
        print("| --- | ---: | ---: | ---: |")
        for name in SCENARIOS:
            print(f"| {LABELS[name]} | {ours[name]:.2f} s | — | {cell(pelican, name) if name == 'body edit' else '—'} |")
        print(f"| cold build | {ours['cold']:.2f} s | {cell(hugo, 'cold')} | {cell(pelican, 'cold')} |")
        print(f"| peak memory, largest process | {ours['peak_mib']:,.0f} MiB | {memory(hugo, 'peak_mib')} | "
              f"{memory(pelican, 'peak_mib')} |")
        print(f"| peak memory, all processes together | {ours['together_mib']:,.0f} MiB | "
              f"{memory(hugo, 'together_mib')} | {memory(pelican, 'together_mib')} |")
        print(f"| output | {ours['files']:,} files, {ours['bytes'] / 2**20:.1f} MiB | "
              + " | ".join(f"{r['files']:,} files, {r['bytes'] / 2**20:.1f} MiB" if r else "—" for r in (hugo, pelican))
              + " |")
        if hugo and pelican:
            print(f"cold build ratio: site_builder/Hugo = {ours['cold'] / hugo['cold']:.2f}, "
                  f"site_builder/Pelican = {ours['cold'] / pelican['cold']:.2f}")
        smaller = [n for n in cold_times if n < size]
        if smaller:
            print(f"cold build growth from {max(smaller):,}: {ours['cold'] / cold_times[max(smaller)]:.1f}x "
                  f"for {size / max(smaller):.0f}x the briefings")
        for name in SCENARIOS:
            print(f"  {name}: {ours[name + ' summary']}")
        print(f"(N = {size:,} took {time.perf_counter() - started:,.0f} s in all; load average now {load_average()})")
    return 0


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
