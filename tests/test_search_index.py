"""Search index building: files, postings, facets, determinism, base URL."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from site_builder.search.index import BODY, NAMES, SPANS_SPACE, TITLE
from site_builder.search.normalize import fnv1a
from tests.support import FIXTURES, build_site, snapshot

SITE = FIXTURES / "search"
# site.articles order: newest first (this is also the document numbering)
ORDER = ["busan-expo", "daejeon-ces", "gwanak-silicon-valley", "daejeon-svb", "yuseong-bio-investment",
         "san-diego-delegation-gumi", "gumi-san-diego"]


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("search-index") / "output"
    build_site(SITE, out)
    return out


def _varints(data: bytes, position: int = 0):
    while position < len(data):
        value, shift = 0, 0
        while True:
            byte = data[position]
            position += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        yield value, position


class Reader:
    def __init__(self, data: bytes):
        self.data, self.position = data, 0

    def varint(self) -> int:
        value, self.position = next(_varints(self.data, self.position))
        return value

    def take(self, size: int) -> bytes:
        chunk = self.data[self.position:self.position + size]
        self.position += size
        return chunk


def read_data(output: Path, name: str) -> bytes:
    return gzip.decompress((output / "search" / "data" / name).read_bytes())


def postings(output: Path, term: str) -> dict[str, int]:
    """slug -> flags of one term, decoded the way search.js does."""
    manifest = json.loads((output / "search" / "data" / "manifest.json").read_text())
    reader = Reader(read_data(output, f"s/{fnv1a(term) & (manifest['shards'] - 1)}.bin"))
    for _ in range(reader.varint()):
        name = reader.take(reader.varint()).decode()
        count = reader.varint()
        encoded = Reader(reader.take(reader.varint()))
        if name != term:
            continue
        found, doc = {}, -1
        while encoded.position < len(encoded.data):
            value = encoded.varint()
            doc += value >> 4
            found[ORDER[doc]] = value & 15
        assert len(found) == count
        return found
    return {}


def test_index_files_and_manifest(output):
    data = output / "search" / "data"
    manifest = json.loads((data / "manifest.json").read_text())
    assert manifest["documents"] == 7 and manifest["format"] == 1
    assert sorted(p.name for p in (data / "s").iterdir()) == [f"{n}.bin" for n in range(manifest["shards"])]
    assert len(list((data / "v").iterdir())) == manifest["vocabulary"]
    assert len(list((data / "d").iterdir())) == 7
    assert re.fullmatch(r"[0-9a-f]{16}", manifest["version"])


def test_postings_carry_fields_and_word_starts(output):
    assert postings(output, "투자청") == {"daejeon-svb": BODY}            # inside 대전투자청 (and the summary)
    assert "daejeon-svb" not in postings(output, "^투자청")
    assert postings(output, "svb") == {"daejeon-svb": NAMES | BODY}      # registry alias + body
    assert postings(output, "stanford") == {"gwanak-silicon-valley": NAMES}  # only through the alias
    assert postings(output, "^대전")["daejeon-ces"] == TITLE | NAMES | BODY
    assert postings(output, "^대전")["yuseong-bio-investment"] == NAMES  # the 광역 parent of 유성구
    # 실리콘밸리 은행 (spaced) in the 관악구 body: the gram exists, flagged as spanning a space
    assert postings(output, "리은행")["gwanak-silicon-valley"] == BODY | SPANS_SPACE
    assert postings(output, "리은행")["daejeon-svb"] & SPANS_SPACE == 0
    assert postings(output, "#84500000000원") == {"yuseong-bio-investment": BODY}
    assert postings(output, "#500000000000") == {"yuseong-bio-investment": BODY}  # 5,000억
    assert postings(output, "#3500명") == {"daejeon-ces": BODY}
    assert postings(output, "없는말") == {}


def test_facets_and_document_table(output):
    facets = json.loads(read_data(output, "facets.bin"))
    assert [entry[0] for entry in facets["city"]] == ["seoul", "seoul-gwanak", "busan", "daejeon", "daejeon-yuseong",
                                                      "gyeongbuk", "gyeongbuk-gumi"]
    assert facets["partner"][1] == ["stanford-university", "스탠퍼드대학교", ["Stanford University", "Stanford", "스탠퍼드대"]]
    assert [entry[0] for entry in facets["destination"]] == ["san-francisco", "silicon-valley", "las-vegas", "san-diego"]
    reader = Reader(read_data(output, "docs.bin"))
    count = reader.varint()
    days, rows = None, []
    for _ in range(count):
        days = reader.varint() if days is None else days - reader.varint()
        row = [days]
        for facet in ("city", "partner", "destination"):
            numbers, number = [], -1
            for _ in range(reader.varint()):
                number += reader.varint() + 1
                numbers.append(number)
            row.append([facets[facet][n][0] for n in numbers])
        rows.append(row)
    assert count == 7 and reader.position == len(reader.data)
    by_slug = dict(zip(ORDER, rows))
    from datetime import date, timedelta
    assert date(1970, 1, 1) + timedelta(days=by_slug["daejeon-ces"][0]) == date(2024, 2, 17)
    assert by_slug["yuseong-bio-investment"][1] == ["daejeon", "daejeon-yuseong"]  # 광역 includes its 기초
    assert by_slug["daejeon-svb"][2:] == [["silicon-valley-bank", "nasa-ames-research-center"],
                                          ["san-francisco", "silicon-valley"]]


def test_display_documents(output):
    doc = json.loads(read_data(output, "d/3.bin"))
    assert doc["u"] == "briefings/daejeon-svb/" and doc["t"] == "대전시장, 실리콘밸리은행 방문"
    assert doc["d"] == "2023-01-26" and doc["k"] == "2023년 1월 26일" and doc["c"] == ["대전광역시"]
    assert "대전투자청 설립과 자본출자를 협의했다" in doc["b"]
    assert "SVB" in doc["n"] and "이장우 대전시장" in doc["m"]
    assert "<" not in doc["b"]  # plain text, not HTML


def test_index_is_deterministic(tmp_path):
    build_site(SITE, tmp_path / "one")
    build_site(SITE, tmp_path / "two")
    first, second = snapshot(tmp_path / "one" / "search"), snapshot(tmp_path / "two" / "search")
    assert first == second and len(first) > 10


def test_search_page_and_header_form_respect_the_base_path(tmp_path):
    out = tmp_path / "output"
    build_site(SITE, out, base_url="https://example.org/archive/")
    page = (out / "search" / "index.html").read_text()
    assert 'data-base="/archive/"' in page and 'data-index="/archive/search/data/"' in page
    assert '<script src="/archive/static/search.js" defer></script>' in page
    assert "<noscript>" in page and 'href="/archive/briefings/"' in page.split("<noscript>")[1]
    for html in (out / "index.html", out / "briefings" / "daejeon-svb" / "index.html", out / "search" / "index.html"):
        text = html.read_text()
        form = re.search(r'<form class="site-search" role="search" action="([^"]+)"[^>]*>(.*?)</form>', text, re.S)
        assert form and form.group(1) == "/archive/search/"
        assert '<label for="site-search-q"' in form.group(2) and 'name="q"' in form.group(2)
