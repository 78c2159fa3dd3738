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
    assert len(rows) == len(figures) == 37     # every figure, context and plans included, with its role
    assert ledger_json["fields"] == list(CSV_FIELDS)
    expected = {(f["briefing"], f["index"]): f for f in figures}
    for row in rows:
        figure = expected[(row["briefing"], int(row["url"].rsplit("#figure-", 1)[1]))]
        assert (row["metric"], row["value"], row["unit"], row["approx"], row["text"]) == (
            figure["metric"], figure["value"], figure["unit"], figure["approx"], " ".join(figure["text"].split()))
        assert row["date"] == figure["date"].isoformat()
        assert row["city"] == figure["cities"]
        assert row["url"].startswith(f"{BASE}briefings/{row['briefing']}/#figure-")


def test_csv_opens_in_korean_excel_and_matches_the_json(content_site, ledger_json):
    data = (content_site / "figures" / "ledger.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")            # UTF-8 BOM: Excel reads the Korean right
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(CSV_FIELDS) == ledger_json["fields"]
    assert set(ledger_json["legend"]) == set(CSV_FIELDS)
    assert ledger_json["license"].startswith("공공누리 제1유형")
    assert len(rows) == len(ledger_json["figures"])
    for row, record in zip(rows, ledger_json["figures"]):
        assert row["briefing"] == record["briefing"]
        assert row["city"] == "; ".join(record["city"])
        assert float(row["value"]) == record["value"]
        assert row["approx"] == ("true" if record["approx"] else "false")
        assert (row["role"], row["bound"] or None, row["event"]) == (record["role"], record["bound"], record["event"])
        assert row["metric_name"] and row["metric_name"] != row["metric"]
        assert row["text"] == record["text"] and row["url"] == record["url"]


def test_agreements_csv_and_json(content_site, ledger_json):
    data = (content_site / "figures" / "agreements.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row["kind"] for row in rows] == [record["kind"] for record in ledger_json["agreements"]]
    by_text = {row["text"]: row for row in rows}
    ul = by_text["UL Solutions와 신산업 분야 한국 스타트업의 미국 실증사업 추진 등과 관련한 업무협약을 체결(4.26)"]
    assert (ul["agency"], ul["partners"], ul["signed"], ul["count"]) == ("중소벤처기업부", "UL솔루션즈", "2023-04-26", "1")
    assert sum(int(row["count"]) for row in rows if row["kind"] == "mou") == 11


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
    """(unit -> total, unit -> {city or agency: total}, unit -> {year: total}, unit -> approx?) of the results
    (the five briefings report five different trips: nothing is merged)."""
    totals, by_city, by_year, approx = defaultdict(int), defaultdict(lambda: defaultdict(int)), \
        defaultdict(lambda: defaultdict(int)), defaultdict(bool)
    for figure in figures:
        if figure["metric"] != metric or figure.get("role", "result") != "result":
            continue
        unit = figure["unit"]
        totals[unit] += figure["value"]
        for who in figure["cities"] or [figure["agency"]]:
            by_city[unit][who] += figure["value"]
        by_year[unit][f"{figure['date'].year}년"] += figure["value"]
        approx[unit] |= bool(figure["approx"])
    return totals, by_city, by_year, approx


def metric_tables(document) -> dict[str, tuple[str, dict[str, dict[str, str]]]]:
    """heading of each unit's section -> (its sources line, {table caption tail: {row: value}})."""
    shown = {}
    for section in document.findall(".//section[@class='metric-unit']"):
        tables = {}
        for table in section.findall(".//table"):
            caption = " ".join(text_of(table.find("caption")).split()[-2:])     # 도시별 합계, 연도별 합계, ...
            tables[caption] = {text_of(r.find("th")): text_of(r.find("td")) for r in table.findall(".//tbody/tr")}
        charts = section.findall(f".//{SVG}svg")
        assert len(charts) == len(tables)    # every chart has its table alternative
        for svg in charts:
            assert svg.get("role") == "img"
            labelled = svg.get("aria-labelledby").split()
            assert [svg.find(f".//*[@id='{i}']") is not None for i in labelled] == [True, True]
        shown[text_of(section.find("h2"))] = (text_of(section.find("p[@class='total-sources']")), tables)
    return shown


@pytest.mark.parametrize("metric", ["consultation_amount", "visitors", "consultations", "companies", "delegation"])
def test_metric_page_totals_equal_the_front_matter_sums_of_results(content_site, figures, metric):
    totals, by_who, by_year, approx = expected_totals(figures, metric)
    assert totals, f"no {metric} results in content"
    shown = metric_tables(parse(content_site / "figures" / metric.replace("_", "-") / "index.html"))
    assert len(shown) == len(totals)  # one per unit: different units are never added together
    for unit, total in totals.items():
        heading = next(h for h in shown if format_quantity(total, unit, approx[unit]) in h)
        tables = shown[heading][1]
        rows = {**tables.get("도시별 합계", {}), **tables.get("중앙부처·기관별 합계", {})}
        assert set(rows) == set(by_who[unit])
        assert set(tables["연도별 합계"]) == set(by_year[unit])
        for who, value in by_who[unit].items():
            assert rows[who].replace("약 ", "") == format_quantity(value, unit)
        for year, value in by_year[unit].items():
            assert tables["연도별 합계"][year].replace("약 ", "") == format_quantity(value, unit)


# The five briefings' totals, by name: what a journalist would quote. Plans and context are never added in.
METRIC_TOTALS = {
    "consultation-amount": ["합계 약 370억 원 수치 1개 · 브리핑 1건"],
    "visitors": ["합계 약 3,500명 수치 1개 · 브리핑 1건"],
    "consultations": ["합계 약 350건 수치 1개 · 브리핑 1건"],
    # 대전: ~10 company booths visited at CES 2023 + 10 CES 2024 award winners (not the same ten twice,
    # not the 250 companies of a quote); 중기부: 15 + 14 startups; global partners and unicorns are not 참여 기업.
    "companies": ["합계 약 49개사 수치 4개 · 브리핑 3건"],
    "delegation": ["합계 8명 수치 1개 · 브리핑 1건"],
    "investment": [], "export": [], "fund": [], "mou": [], "other": [],
}


@pytest.mark.parametrize("metric", sorted(METRIC_TOTALS))
def test_each_metric_total_by_name(content_site, metric):
    assert list(metric_tables(parse(content_site / "figures" / metric / "index.html"))) == METRIC_TOTALS[metric]


def test_cities_and_agencies_are_totalled_apart(content_site):
    [(sources, tables)] = metric_tables(parse(content_site / "figures" / "companies" / "index.html")).values()
    assert tables["도시별 합계"] == {"대전광역시": "약 20개사"}
    assert tables["중앙부처·기관별 합계"] == {"중소벤처기업부": "29개사"}
    assert tables["연도별 합계"] == {"2023년": "약 39개사", "2024년": "10개사"}
    assert sources.startswith("수치 4개 · 브리핑 3건: ")


def test_plans_are_listed_beside_and_never_added(content_site):
    for metric, plans in {"investment": ["약 845억 원"], "export": ["최대 5,000억 원"],
                          "fund": ["3,000억 원", "60억 원"]}.items():
        document = parse(content_site / "figures" / metric / "index.html")
        assert document.findall(".//section[@class='metric-unit']") == []
        section = document.find(".//section[@aria-labelledby='plans-title']")
        assert [text_of(td) for td in section.findall(".//td[@class='value']")] == plans
    assert not (content_site / "figures" / "budget").exists()     # 1,213억 is the background of a trip


def test_daejeon_totals_by_name(content_site):
    document = parse(content_site / "cities" / "daejeon" / "index.html")
    table = document.find(".//section[@aria-labelledby='term-figures']//table")
    rows = {text_of(r.find("th")): text_of(r.find("td")) for r in table.findall(".//tbody/tr")}
    assert rows == {"상담액": "약 370억 원", "기금·펀드 (계획)": "3,000억 원", "방문자": "약 3,500명",
                    "상담 건수": "약 350건", "참여 기업": "약 20개사"}
    agreements = document.find(".//section[@aria-labelledby='term-agreements']")
    assert text_of(agreements.find("h2")) == "협약 업무협약(MOU) 1건"


def test_public_pages_show_metric_names_not_codes(content_site):
    for page in ["figures/index.html", "figures/companies/index.html", "cities/daejeon/index.html"]:
        text = text_of(parse(content_site / page).find(".//main"))
        for code in ["consultation_amount", "investment", "companies", "visitors"]:
            assert code not in text, (page, code)


def test_other_figures_and_percentages_are_never_summed(content_site, figures):
    document = parse(content_site / "figures" / "other" / "index.html")
    assert document.findall(".//section[@class='metric-unit']") == []
    assert document.findall(f".//{SVG}svg") == []
    assert len(parse(content_site / "figures" / "visitors" / "index.html").findall(f".//{SVG}svg")) == 2
    rows = document.findall(".//table[@class='ledger']/tbody/tr")
    assert len(rows) == sum(1 for f in figures if f["metric"] == "other" and f["role"] != "context")


def test_figures_index_links_every_metric_and_the_downloads(content_site, figures):
    parsed = parse_page(content_site / "figures" / "index.html")
    hrefs = {href for _, href in parsed.links}
    for metric in {f["metric"] for f in figures if f["role"] != "context"}:
        assert f"/figures/{metric.replace('_', '-')}/" in hrefs
    assert {"/figures/ledger.csv", "/figures/ledger.json", "/figures/agreements.csv", "/agreements/"} <= hrefs


def test_briefing_figures_table_values_link_to_their_anchors(content_site, figures):
    for slug in {f["briefing"] for f in figures}:
        document = parse(content_site / "briefings" / slug / "index.html")
        ids = {e.get("id") for e in document.iter() if e.get("id")}
        values = document.findall(".//section[@class='figures']//td[@class='value']/a")
        assert len(values) == sum(1 for f in figures if f["briefing"] == slug)
        for link in values:
            assert link.get("href").startswith("#figure-") and link.get("href")[1:] in ids
