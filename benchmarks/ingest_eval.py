"""Ingest against the editors: each curated briefing that keeps its raw article (``raw:``) is ingested
again from that raw text, and every field of the draft is compared with what the editor wrote.

    python benchmarks/ingest_eval.py [--site ROOT] [--details]

Prints per field the items found, expected and correct, precision and recall (micro-averaged over the
briefings), then with ``--details`` what each briefing missed (-) or added (+). Fields: date, city (cities
and the national agency), officials, trip, partners, destinations, figures matched by metric and value,
figures matched by value and unit, reporter, publisher.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.diagnostics import Diagnostics  # noqa: E402
from site_builder.ingest.run import ingest_files  # noqa: E402
from site_builder.load import load_source  # noqa: E402
from site_builder.model import Article  # noqa: E402
from site_builder.registry import load_registries  # noqa: E402
from site_builder.validate import validate_article  # noqa: E402

FIELDS = ("date", "city", "officials", "trip", "partners", "destinations", "figures (metric, value)",
          "figures (value, unit)", "reporter", "publisher")


def field_items(article: Article) -> dict[str, Counter]:
    """Each field as a multiset of comparable items (a single value is a multiset of one)."""
    def one(value) -> Counter:
        return Counter([value]) if value is not None else Counter()
    source = article.source
    return {
        "date": one(article.date),
        "city": Counter(article.cities) + one(article.agency),
        "officials": Counter(article.officials),
        "trip": one((article.trip.start, article.trip.end) if article.trip else None),
        "partners": Counter(article.partners),
        "destinations": Counter(article.destinations),
        "figures (metric, value)": Counter((f.metric, f.value) for f in article.figures),
        "figures (value, unit)": Counter((f.value, f.unit) for f in article.figures),
        "reporter": one(source.reporter if source else None),
        "publisher": one(source.publisher if source else None),
    }


def read_article(path: Path, root: Path, registries) -> Article:
    diagnostics = Diagnostics()
    source = load_source(path, root, diagnostics)
    article = validate_article(source, registries, diagnostics) if source else None
    if article is None:
        raise SystemExit(f"{path}: not a valid briefing: " + "; ".join(map(str, diagnostics)))
    return article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT, help="site root with content/ (default: this project)")
    parser.add_argument("--details", action="store_true", help="list what each briefing missed and added")
    args = parser.parse_args()
    content = args.site / "content"
    registries = load_registries(content / "registry", args.site, Diagnostics())
    curated = [read_article(p, args.site, registries) for p in sorted((content / "briefings").rglob("*.md"))]
    curated = [a for a in curated if a.raw]
    if not curated:
        raise SystemExit("no curated briefing keeps its raw article (raw: raw/<name>.txt)")

    totals = {field: Counter() for field in FIELDS}
    details = []
    seconds = 0.0
    with tempfile.TemporaryDirectory() as work:
        site = Path(work)
        shutil.copytree(content / "registry", site / "content" / "registry")
        for gold in curated:
            started = time.perf_counter()
            [outcome] = ingest_files([content / gold.raw], site / "content", site / "content" / "briefings",
                                     registries, site, today=date.today())
            seconds += time.perf_counter() - started
            if not outcome.ok:
                raise SystemExit(f"{gold.raw}: ingest failed: {outcome.error}")
            draft = read_article(outcome.draft, site, registries)
            expected, found = field_items(gold), field_items(draft)
            for field in FIELDS:
                correct = expected[field] & found[field]
                totals[field].update(correct=sum(correct.values()), found=sum(found[field].values()),
                                     expected=sum(expected[field].values()))
                missed, added = expected[field] - correct, found[field] - correct
                if missed or added:
                    details.append(f"{gold.raw} {field}: " + " ".join(
                        [f"-{item}" for item in missed.elements()] + [f"+{item}" for item in added.elements()]))

    print(f"{len(curated)} curated briefings re-ingested from their raw text in {seconds:.2f} s\n")
    print(f"{'field':<24} {'found':>6} {'expected':>8} {'correct':>7} {'precision':>9} {'recall':>7}")
    for field in FIELDS:
        t = totals[field]
        precision = t["correct"] / t["found"] if t["found"] else float("nan")
        recall = t["correct"] / t["expected"] if t["expected"] else float("nan")
        print(f"{field:<24} {t['found']:>6} {t['expected']:>8} {t['correct']:>7} {precision:>9.3f} {recall:>7.3f}")
    if args.details:
        print("\nDifferences (- expected but not found, + found but not expected):")
        for line in details:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
