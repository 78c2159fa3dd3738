"""One trip, many reports: two briefings of one event share an event page, and a figure or agreement
both report is counted once, with both reports."""

from __future__ import annotations

import pytest

from tests.support import FIXTURES, build_site
from tests.test_ledger import metric_tables, parse, text_of

SITE = FIXTURES / "events"


@pytest.fixture(scope="module")
def events_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("events") / "output"
    build_site(SITE, output)
    return output


def test_a_figure_two_reports_state_is_counted_once(events_site):
    shown = metric_tables(parse(events_site / "figures" / "visitors" / "index.html"))
    assert list(shown) == ["합계 약 3,500명 수치 1개 · 브리핑 2건"]       # not 7,000명
    sources, tables = shown["합계 약 3,500명 수치 1개 · 브리핑 2건"]
    assert tables["도시별 합계"] == {"대전광역시": "약 3,500명"}
    assert "대전시, 미국 출장 성과 발표" in sources and "대전시장 미국 출장, 방문자 3,500명 넘어선 대전관" in sources
    rows = parse(events_site / "figures" / "visitors" / "index.html").findall(".//table[@class='ledger']/tbody/tr")
    assert len(rows) == 1 and "보도 2건, 한 번만 셈" in text_of(rows[0])


def test_figures_only_one_report_states_still_count(events_site):
    assert list(metric_tables(parse(events_site / "figures" / "export" / "index.html"))) == [
        "합계 200만 달러 수치 1개 · 브리핑 1건"]
    assert list(metric_tables(parse(events_site / "figures" / "fund" / "index.html"))) == []   # a plan only


def test_the_event_page_lists_every_report(events_site):
    [page] = (events_site / "events").glob("*/index.html")
    assert page.parent.name == "2023-01-daejeon-us"
    document = parse(page)
    assert text_of(document.find(".//h1")) == "대전광역시 출장 (2023년 1월 4일 ~ 12일)"
    titles = [text_of(h) for h in document.findall(".//ul[@class='article-list']//h3")]
    assert titles == ["대전시, 미국 출장 성과 발표", "대전시장 미국 출장, 방문자 3,500명 넘어선 대전관"]
    briefing = parse(events_site / "briefings" / "daejeon-us-paper" / "index.html")
    link = next(a for a in briefing.iter("a") if a.get("href") == "/events/2023-01-daejeon-us/")
    assert text_of(link) == "같은 출장·행사의 보도 2건"


def test_an_agreement_two_reports_list_is_counted_once(events_site):
    document = parse(events_site / "agreements" / "index.html")
    kinds = {text_of(r.find("th")): text_of(r.find("td")) for r in document.find(".//table").findall(".//tbody/tr")}
    assert kinds == {"업무협약(MOU)": "1건"}
    [row] = document.findall(".//table[@class='ledger']/tbody/tr")
    assert "2023년 1월 9일" in text_of(row)           # the date one report gives
    assert len(row.find("th").findall(".//a")) == 2   # both reports
