"""Search at scale: this project's index against Pagefind on the same built pages, in headless Chromium.

    python benchmarks/search_benchmark.py [--briefings 10000] [--work DIR] [--reuse] [--site ROOT] [--limit N]
                                          [--ours-only]

Generates N briefings with benchmarks/generate.py and adds the real briefings of content/ with the project's
registries merged in (or takes ``--site ROOT``, e.g. ``--site .`` for the real content alone), builds them with the project's templates, indexes the same briefing pages with Pagefind (the
``bench`` extra: ``pip install -e .[bench]``), serves the output on 127.0.0.1 and runs every query of
benchmarks/search_queries.json through both engines, each query in a fresh browser context (cold cache).

The query set is split: ``"frozen": true`` queries were written with the rest before tuning and are never
tuned on; both parts are reported separately, per kind of query.

Prints, per query and on average: results, recall and precision against the query set's relevance
rules, precision of the first 10, bytes transferred (response bodies: page, script, index, the first
page of results, as served by a host that does not compress; "gz host" adds what a host that gzips text
responses would send), our index bytes by part, time to results; and each index's size on disk. ``--reuse``
keeps an existing build; ``--ours-only`` skips Pagefind.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from site_builder.search.normalize import normalize  # noqa: E402

QUERIES = PROJECT / "benchmarks" / "search_queries.json"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
TIMEOUT_MS = 300_000
PAGEFIND_PAGE = """<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><title>Pagefind benchmark</title></head>
<body><script type="module">
const started = performance.now();
const pagefind = await import("../pagefind/pagefind.js");
const query = new URLSearchParams(location.search).get("q");
const search = await pagefind.search(query);
const searched = performance.now();
// What a results page shows: the first ten results with their titles and excerpts.
const first = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
window.bench = {count: search.results.length, first: first.map(d => d.url),
                searchMs: searched - started, resultsMs: performance.now() - started};
window.allUrls = async () => {
  const urls = [];
  for (let i = 0; i < search.results.length; i += 200) {
    const batch = await Promise.all(search.results.slice(i, i + 200).map(r => r.data()));
    urls.push(...batch.map(d => d.url));
  }
  return urls;
};
document.body.dataset.done = "1";
</script></body></html>
"""


class Traffic:
    """Response body bytes per request path, for the requests of one query."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, int]] = []

    def reset(self) -> None:
        with self.lock:
            self.requests = []

    def add(self, path: str, size: int, compressed: int) -> None:
        with self.lock:
            self.requests.append((path, size, compressed))

    def snapshot(self) -> list[tuple[str, int, int]]:
        with self.lock:
            return list(self.requests)


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    traffic: Traffic

    def log_message(self, format, *args):  # noqa: A002
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        path = unquote(urlsplit(self.path).path)
        # What a host that compresses text (as most static hosts do) would send; index files come gzipped.
        text = path.endswith(("/", ".html", ".css", ".js", ".json")) and data[:2] != b"\x1f\x8b"
        self.traffic.add(path, len(data), len(gzip.compress(data, 6)) if text else len(data))


def serve(folder: Path, traffic: Traffic):
    handler = type("Handler", (_CountingHandler,), {"traffic": traffic})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def prepare(args) -> tuple[Path, Path]:
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    output = work / "output"
    if args.site:
        root = Path(args.site).resolve()
    else:
        root = work / "site"
        if not (args.reuse and (root / "content").is_dir()):
            print(f"generating {args.briefings} briefings ...", flush=True)
            subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "generate.py"), str(args.briefings), str(root)],
                           check=True, stdout=subprocess.DEVNULL)
            add_real_content(root)
    if not (args.reuse and (output / "search" / "data" / "manifest.json").is_file()):
        print("building the site ...", flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(root),
                        "--templates", str(PROJECT / "templates"), "--output", str(output)], check=True)
        print(f"  site built in {time.perf_counter() - started:.1f} s", flush=True)
    if not args.ours_only and not (args.reuse and (output / "pagefind" / "pagefind.js").is_file()):
        print("indexing the briefing pages with Pagefind ...", flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output), "--glob", "briefings/*/index.html",
                        "--root-selector", "article", "--silent"], check=True)
        print(f"  Pagefind indexed in {time.perf_counter() - started:.1f} s", flush=True)
    bench = output / "pagefind-bench"
    bench.mkdir(exist_ok=True)
    (bench / "index.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    return root, output


def add_real_content(root: Path) -> None:
    """The real briefings of content/ join the generated ones, with the project's registries merged over the
    generated ones (same slug or name: the project's entry wins), so real names and aliases are searchable."""
    import shutil

    import yaml

    from site_builder.korean import name_key

    for path in sorted((PROJECT / "content" / "briefings").glob("*.md")):
        shutil.copy(path, root / "content" / "briefings" / path.name)
    def keys(entry: dict) -> set[str]:
        return {name_key(n) for n in [entry["name"], *entry.get("aliases", [])]}

    for name in ("cities", "partners", "places", "tags"):
        target = root / "content" / "registry" / f"{name}.yaml"
        generated = yaml.safe_load(target.read_text(encoding="utf-8")) or []
        real = yaml.safe_load((PROJECT / "content" / "registry" / f"{name}.yaml").read_text(encoding="utf-8")) or []
        if name == "tags":  # generated briefings list generated tags side by side: a real alias must not merge two
            names = {k for e in generated for k in keys(e)}
            real = [dict(e, aliases=[a for a in e.get("aliases", []) if name_key(a) not in names])
                    for e in real if name_key(e["name"]) not in names]
            slugs = {e["slug"] for e in generated}
            real = [dict(e, slug=e["slug"] + "-real") if e["slug"] in slugs else e for e in real]
            merged = generated + real
        else:  # the project's entry (with its aliases and English name) wins over a generated one
            taken = {e["slug"] for e in real} | {k for e in real for k in keys(e)}
            merged = real + [e for e in generated if e["slug"] not in taken and not keys(e) & taken]
        target.write_text(yaml.safe_dump(merged, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def load_documents(output: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Slugs in index order and the normalized text of each briefing (title, names, meta, body)."""
    data = output / "search" / "data"
    count = json.loads((data / "manifest.json").read_text())["documents"]
    slugs, texts = [], []
    for number in range(count):
        doc = json.loads(gzip.decompress((data / "d" / f"{number}.bin").read_bytes()))
        if doc.get("r"):  # the body goes on in r/
            doc["b"] += json.loads(gzip.decompress((data / "r" / f"{number}.bin").read_bytes()))["b"]
        slugs.append(doc["u"].removeprefix("briefings/").strip("/"))
        names = normalize(doc["n"])
        texts.append({"names": names, "all": " ".join(normalize(doc[k]) for k in ("t", "m", "b")) + " " + names})
    return slugs, texts


def relevant(query: dict, slugs: list[str], texts: list[dict[str, str]], masks: dict[str, list[str]]) -> set[str]:
    groups = [re.compile("|".join(f"(?:{p})" for p in group)) for group in query["all"]]
    scope = query.get("scope", "all")
    mask = re.compile("|".join(f"(?:{p})" for p in masks[query["mask"]])) if query.get("mask") else None
    found = set()
    for slug, text in zip(slugs, texts):
        text = mask.sub(" □ ", text[scope]) if mask else text[scope]
        if all(g.search(text) for g in groups):
            found.add(slug)
    return found


def index_part(path: str) -> str | None:
    """Which part of our index a request read: manifest, tables (facets.bin, docs.bin), shards, vocabulary."""
    if "/search/data/" not in path or "/search/data/d/" in path or "/search/data/r/" in path:
        return None
    name = path.rsplit("/search/data/", 1)[1]
    return {"manifest.json": "manifest", "facets.bin": "tables", "docs.bin": "tables"}.get(name) or \
        {"s": "shards", "v": "vocabulary"}.get(name.split("/")[0])


INDEX_PARTS = ("manifest", "tables", "shards", "vocabulary")


def kind_of(path: str) -> str:
    if path.endswith("search.js") or path.endswith("pagefind.js") or "pagefind-" in path or path.endswith(".wasm") \
            or path.endswith(".pagefind"):
        return "script"
    if "/search/data/d/" in path or "/search/data/r/" in path or "/fragment/" in path:
        return "results"
    if "/search/data/" in path or "/pagefind/" in path:
        return "index"
    return "page"


def run_ours(browser, base: str, traffic: Traffic, query: str, slugs: list[str]) -> dict:
    context = browser.new_context()
    page = context.new_page()
    traffic.reset()
    page.goto(base + "search/?q=" + quote(query), timeout=TIMEOUT_MS)
    page.wait_for_selector("[data-search][data-state=done]", timeout=TIMEOUT_MS)
    timing = page.evaluate("window.siteSearch.timing()")
    hits = page.evaluate("window.siteSearch.page.hits")
    shown = page.eval_on_selector_all("[data-result]", "els => els.map(e => e.dataset.result)")
    requests = traffic.snapshot()
    context.close()
    return {"results": [slugs[i] for i in hits], "first": shown, "requests": requests,
            "ms": timing["rendered"],
            "after_shards_ms": (timing["ranked"] - timing["shardsArrived"]) + (timing["rendered"] - timing["docsArrived"])
            if "shardsArrived" in timing and "docsArrived" in timing else None}


def run_pagefind(browser, base: str, traffic: Traffic, query: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    traffic.reset()
    page.goto(base + "pagefind-bench/?q=" + quote(query), timeout=TIMEOUT_MS)
    page.wait_for_selector("body[data-done]", state="attached", timeout=TIMEOUT_MS)
    bench = page.evaluate("window.bench")
    requests = traffic.snapshot()
    urls = page.evaluate("window.allUrls()")
    context.close()
    slug = lambda url: url.strip("/").removeprefix("briefings/").removesuffix("/index.html")  # noqa: E731
    return {"results": [slug(u) for u in urls], "first": [slug(u) for u in bench["first"]], "requests": requests,
            "ms": bench["resultsMs"], "after_shards_ms": None}


NOT_RUN = {"results": [], "first": [], "requests": [], "ms": 0, "after_shards_ms": None}


def score(run: dict, wanted: set[str]) -> dict:
    found = set(run["results"])
    hit = len(found & wanted)
    first = run["first"][:10]
    return {
        "count": len(found),
        "recall": hit / len(wanted) if wanted else None,
        "precision": hit / len(found) if found else (1.0 if not wanted else 0.0),
        "p10": sum(1 for s in first if s in wanted) / len(first) if first else (1.0 if not wanted else 0.0),
        "bytes": sum(size for _, size, _ in run["requests"]),
        "compressed": sum(compressed for _, _, compressed in run["requests"]),
        "by_kind": {k: sum(size for p, size, _ in run["requests"] if kind_of(p) == k)
                    for k in ("page", "script", "index", "results")},
        "by_part": {k: sum(size for p, size, _ in run["requests"] if index_part(p) == k) for k in INDEX_PARTS},
        "requests": len(run["requests"]),
        "ms": run["ms"], "after_shards_ms": run["after_shards_ms"],
    }


def mean(values) -> float:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else float("nan")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefings", type=int, default=10_000)
    parser.add_argument("--work", default="/tmp/search-benchmark")
    parser.add_argument("--site", help="an existing site root instead of a generated one")
    parser.add_argument("--reuse", action="store_true", help="keep an existing generated site, build and Pagefind index")
    parser.add_argument("--limit", type=int, help="run only the first N queries")
    parser.add_argument("--queries", default=str(QUERIES), help="the query set (default: benchmarks/search_queries.json)")
    parser.add_argument("--only", choices=("tuning", "frozen"), help="run only one part of the query set")
    parser.add_argument("--ours-only", action="store_true", help="skip Pagefind (its columns then read 0)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    root, output = prepare(args)
    slugs, texts = load_documents(output)
    query_set = json.loads(Path(args.queries).read_text(encoding="utf-8"))
    queries = query_set["queries"][: args.limit]
    ours_size, ours_files = folder_size(output / "search" / "data")
    pagefind_size, pagefind_files = folder_size(output / "pagefind")
    traffic = Traffic()
    server, base = serve(output, traffic)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                                                 args=CHROMIUM_ARGS, headless=True)
            for query in queries:
                if args.only and (args.only == "frozen") != bool(query.get("frozen")):
                    continue
                wanted = relevant(query, slugs, texts, query_set.get("masks", {}))
                ours = score(run_ours(browser, base, traffic, query["q"], slugs), wanted)
                theirs = score(NOT_RUN if args.ours_only else run_pagefind(browser, base, traffic, query["q"]), wanted)
                rows.append({"q": query["q"], "case": query["case"], "frozen": bool(query.get("frozen")),
                             "relevant": len(wanted), "ours": ours, "pagefind": theirs})
                print(_row(rows[-1]), flush=True)
            browser.close()
    finally:
        server.shutdown()
    print(_summary(rows, len(slugs), (ours_size, ours_files), (pagefind_size, pagefind_files)))
    for part in ("tuning", "frozen"):
        print(_by_kind([r for r in rows if r["frozen"] == (part == "frozen")], part))
    (Path(args.work) / "search-benchmark.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


def _by_kind(rows: list[dict], part: str) -> str:
    """Recall, precision and precision@10 per kind of query (ours / Pagefind), and the queries ours still misses."""
    if not rows:
        return ""
    kinds = list(dict.fromkeys(r["case"] for r in rows))
    head = f"{'kind':<28}{'n':>3}  {'recall':>11}  {'precision':>11}  {'prec@10':>11}  {'found nothing':>13}"
    lines = [f"\n{part} queries ({len(rows)}): ours / pagefind", head]
    def cell(group, engine, key):
        judged = [r for r in group if r["relevant"]]
        return mean(r[engine][key] for r in judged) if judged else None
    for kind in kinds + ["all"]:
        group = rows if kind == "all" else [r for r in rows if r["case"] == kind]
        empty = [r for r in group if not r["relevant"]]
        nothing = (f"{sum(1 for r in empty if r['ours']['count'] == 0)}/{len(empty)} "
                   f"{sum(1 for r in empty if r['pagefind']['count'] == 0)}/{len(empty)}") if empty else "-"
        cells = [f"{_fmt(cell(group, 'ours', key))}/{_fmt(cell(group, 'pagefind', key))}"
                 for key in ("recall", "precision", "p10")]
        lines.append(f"{kind:<28}{len(group):>3}  " + "  ".join(f"{c:>11}" for c in cells) + f"  {nothing:>13}")
    missed = [f"{r['q']} (recall {_fmt(r['ours']['recall'])}, p@10 {_fmt(r['ours']['p10'])})" for r in rows
              if (r["relevant"] and ((r["ours"]["recall"] or 0) < 1 or r["ours"]["p10"] < 1))
              or (not r["relevant"] and r["ours"]["count"])]
    lines.append("ours not perfect on: " + ("; ".join(missed) if missed else "none"))
    return "\n".join(lines)


def _fmt(value, pattern="{:.2f}") -> str:
    return "  -  " if value is None else pattern.format(value)


def _row(row: dict) -> str:
    cells = [f"{row['q'][:14]:<14}", f"{row['relevant']:>5}"]
    for engine in ("ours", "pagefind"):
        r = row[engine]
        cells.append(f"| {r['count']:>5} {_fmt(r['recall'])} {_fmt(r['precision'])} {_fmt(r['p10'])} "
                     f"{r['bytes'] / 1000:>7.1f}KB {r['ms']:>6.0f}ms")
    return " ".join(cells)


def _summary(rows: list[dict], documents: int, ours_disk, pagefind_disk) -> str:
    judged = [r for r in rows if r["relevant"]]
    lines = [f"\n{documents} briefings, {len(rows)} queries ({len(judged)} with relevant briefings)",
             f"{'':<16}{'ours':>14}{'pagefind':>14}"]
    def both(label, get, pattern="{:.3f}"):
        lines.append(f"{label:<16}" + "".join(f"{pattern.format(get(e)):>14}" for e in ("ours", "pagefind")))
    both("recall", lambda e: mean(r[e]["recall"] for r in judged))
    both("precision", lambda e: mean(r[e]["precision"] for r in judged))
    both("precision@10", lambda e: mean(r[e]["p10"] for r in judged))
    both("KB median", lambda e: statistics.median(r[e]["bytes"] for r in rows) / 1000, "{:.1f}")
    both("KB max", lambda e: max(r[e]["bytes"] for r in rows) / 1000, "{:.1f}")
    both("KB med, gz host", lambda e: statistics.median(r[e]["compressed"] for r in rows) / 1000, "{:.1f}")
    for kind in ("page", "script", "index", "results"):
        both(f"  KB {kind} (med)", lambda e: statistics.median(r[e]["by_kind"][kind] for r in rows) / 1000, "{:.1f}")
    lines.append("ours, index KB median / mean per query: " + ", ".join(
        f"{part} {statistics.median(r['ours']['by_part'][part] for r in rows) / 1000:.1f}"
        f" / {mean(r['ours']['by_part'][part] for r in rows) / 1000:.1f}" for part in INDEX_PARTS))
    both("requests (med)", lambda e: statistics.median(r[e]["requests"] for r in rows), "{:.0f}")
    both("ms median", lambda e: statistics.median(r[e]["ms"] for r in rows), "{:.0f}")
    both("ms max", lambda e: max(r[e]["ms"] for r in rows), "{:.0f}")
    after = [r["ours"]["after_shards_ms"] for r in rows if r["ours"]["after_shards_ms"] is not None]
    if after:
        lines.append(f"ours: results shown {statistics.median(after):.0f} ms (median), {max(after):.0f} ms (max) "
                     "after the index shards arrived (ranking + rendering, network waits excluded)")
    lines.append(f"index on disk: ours {ours_disk[0] / 1e6:.1f} MB in {ours_disk[1]} files; "
                 f"pagefind {pagefind_disk[0] / 1e6:.1f} MB in {pagefind_disk[1]} files")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
