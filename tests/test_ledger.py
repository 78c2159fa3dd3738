"""The figures ledger against the front matter: every figure once, totals equal to the sums, CSV/JSON parse."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

import html5lib
import pytest
import yaml

from site_builder.korean import format_quantity
from site_builder.render.ledger import CSV_FIELDS
from site_builder.registry import load_registries, lookup
from site_builder.diagnostics import Diagnostics
from tests.support import PROJECT, parse_page

BASE = "https://briefings.example.kr/"
SVG = "{http://www.w3.org/2000/svg}"


def front_matter_figures() -> list[dict]:
    """Every figure straight from the Markdown files' YAML, with its briefing's slug, date and cities."""
    registries = load_registries(PROJECT / "content" / "registry", PROJECT, Diagnostics())
    figures = []
    for path in sorted((PROJECT / "content" / "briefings").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))
        if front.get("draft"):
            continue
        cities = [lookup(registries.cities, name).name for name in front.get("city") or []]
        for index, figure in enumerate(front.get("figures") or [], start=1):
            figures.append({**figure, "briefing": path.stem[11:], "date": front["date"], "cities": cities,
                            "agency": front.get("agency"), "index": index})
    return figures


def parse(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.fixture(scope="module")
def figures():
    return front_matter_figures()


@pytest.fixture(scope="module")
def ledger_json(content_site):
    return json.loads((content_site / "figures" / "ledger.json").read_text(encoding="utf-8"))


def test_json_has_one_row_per_front_matter_figure(figures, ledger_json):
    rows = ledger_json["figures"]
    assert len(rows) == len(figures) == 37
    assert ledger_json["fields"] == list(CSV_FIELDS)
    expected = {(f["briefing"], f["index"]): f for f in figures}
    for row in rows:
        figure = expected[(row["briefing"], int(row["url"].rsplit("#figure-", 1)[1]))]
        assert (row["metric"], row["value"], row["unit"], row["approx"], row["text"]) == (
            figure["metric"], figure["value"], figure["unit"], figure["approx"], " ".join(figure["text"].split()))
        assert row["date"] == figure["date"].isoformat()
        assert row["city"] == figure["cities"]
        assert row["url"].startswith(f"{BASE}briefings/{row['briefing']}/#figure-")


def test_csv_parses_and_matches_the_json(content_site, ledger_json):
    text = (content_site / "figures" / "ledger.csv").read_bytes().decode("utf-8")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(CSV_FIELDS)
    assert len(rows) == len(ledger_json["figures"])
    for row, record in zip(rows, ledger_json["figures"]):
        assert row["briefing"] == record["briefing"]
        assert row["city"] == "; ".join(record["city"])
        assert float(row["value"]) == record["value"]
        assert row["approx"] == ("true" if record["approx"] else "false")
        assert row["text"] == record["text"] and row["url"] == record["url"]


def test_every_figure_url_points_at_its_sentence(content_site, ledger_json):
    for record in ledger_json["figures"]:
        page, anchor = record["url"].removeprefix(BASE).split("#")
        document = parse(content_site / page / "index.html")
        # <span> in a published body; <mark> in the quoted sentences of a source whose full text is not republished
        span = document.find(f".//*[@id='{anchor}']")
        assert span is not None and span.tag in ("span", "mark"), record["url"]
        assert "figure-source" in span.get("class").split()
        assert " ".join(record["text"].split()) in text_of(span)


def expected_totals(figures, metric):
    """(unit -> total, unit -> {city or agency: total}, unit -> {year: total}, unit -> approx?)"""
    totals, by_city, by_year, approx = defaultdict(int), defaultdict(lambda: defaultdict(int)), \
        defaultdict(lambda: defaultdict(int)), defaultdict(bool)
    for figure in figures:
        if figure["metric"] != metric:
            continue
        unit = figure["unit"]
        totals[unit] += figure["value"]
        for who in figure["cities"] or [figure["agency"]]:
            by_city[unit][who] += figure["value"]
        by_year[unit][f"{figure['date'].year}년"] += figure["value"]
        approx[unit] |= bool(figure["approx"])
    return totals, by_city, by_year, approx


@pytest.mark.parametrize("metric", ["investment", "export", "consultation_amount", "fund", "budget", "visitors",
                                    "consultations", "mou", "companies", "delegation"])
def test_metric_page_totals_equal_the_front_matter_sums(content_site, figures, metric):
    totals, by_city, by_year, approx = expected_totals(figures, metric)
    assert totals, f"no {metric} figures in content"
    document = parse(content_site / "figures" / metric.replace("_", "-") / "index.html")
    sections = document.findall(".//section[@class='metric-unit']")
    assert len(sections) == len(totals)  # one per unit: different units are never added together
    shown = {}
    for section in sections:
        heading = text_of(section.find("h2"))
        tables = section.findall(".//table")
        assert len(tables) == 2  # by city, by year: the charts' table alternatives
        charts = section.findall(f".//{SVG}svg")
        assert len(charts) == 2
        for svg in charts:
            assert svg.get("role") == "img"
            labelled = svg.get("aria-labelledby").split()
            assert [svg.find(f".//*[@id='{i}']") is not None for i in labelled] == [True, True]
        city_rows = {text_of(r.find("th")): text_of(r.find("td")) for r in tables[0].findall(".//tbody/tr")}
        year_rows = {text_of(r.find("th")): text_of(r.find("td")) for r in tables[1].findall(".//tbody/tr")}
        shown[heading] = (city_rows, year_rows)
    for unit, total in totals.items():
        heading = next(h for h in shown if format_quantity(total, unit, approx[unit]) in h)
        city_rows, year_rows = shown[heading]
        assert set(city_rows) == set(by_city[unit])
        assert set(year_rows) == set(by_year[unit])
        for who, value in by_city[unit].items():
            assert city_rows[who].replace("약 ", "") == format_quantity(value, unit)
        for year, value in by_year[unit].items():
            assert year_rows[year].replace("약 ", "") == format_quantity(value, unit)


def test_approximate_totals_are_marked(content_site):
    document = parse(content_site / "figures" / "investment" / "index.html")
    # 845억원 규모 is approximate, so its total is too.
    assert text_of(document.find(".//section[@class='metric-unit']/h2")).startswith("합계 약 845억 원")
    companies = parse(content_site / "figures" / "companies" / "index.html")
    headings = [text_of(h) for h in companies.findall(".//section[@class='metric-unit']/h2")]
    assert headings == ["합계 약 10개 수치 1개", "합계 329개사 수치 8개"]


def test_other_figures_and_percentages_are_never_summed(content_site, figures):
    document = parse(content_site / "figures" / "other" / "index.html")
    assert document.findall(".//section[@class='metric-unit']") == []
    assert document.findall(f".//{SVG}svg") == []
    assert len(parse(content_site / "figures" / "investment" / "index.html").findall(f".//{SVG}svg")) == 2
    rows = document.findall(".//table[@class='ledger']/tbody/tr")
    assert len(rows) == sum(1 for f in figures if f["metric"] == "other")


def test_figures_index_links_every_metric_and_the_downloads(content_site, figures):
    parsed = parse_page(content_site / "figures" / "index.html")
    hrefs = {href for _, href in parsed.links}
    for metric in {f["metric"] for f in figures}:
        assert f"/figures/{metric.replace('_', '-')}/" in hrefs
    assert {"/figures/ledger.csv", "/figures/ledger.json"} <= hrefs


def test_briefing_figures_table_values_link_to_their_anchors(content_site, figures):
    for slug in {f["briefing"] for f in figures}:
        document = parse(content_site / "briefings" / slug / "index.html")
        ids = {e.get("id") for e in document.iter() if e.get("id")}
        values = document.findall(".//section[@class='figures']//td[@class='value']/a")
        assert len(values) == sum(1 for f in figures if f["briefing"] == slug)
        for link in values:
            assert link.get("href").startswith("#figure-") and link.get("href")[1:] in ids
