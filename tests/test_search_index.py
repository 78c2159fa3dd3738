"""Search index building: files, postings, facets, determinism, base URL."""

from __future__ import annotations

import dataclasses

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from site_builder.build import check
from site_builder.config import load_config
from site_builder.relate import relate
from site_builder.search import documents as search_documents
from site_builder.search import index as search_index
from site_builder.search.documents import BODY, NAMES, SPANS_SPACE, TITLE
from site_builder.search import memo as search_memo
from site_builder.search.index import index_files, shard_key
from site_builder.search.memo import KeptDocuments, build_search_files_kept
from site_builder.search import postings as search_postings
from site_builder.search.postings import pack, unpack
from site_builder.search.normalize import fnv1a
from tests.support import FIXTURES, build_site, snapshot

SITE = FIXTURES / "search"
# site.articles order: newest first (this is also the document numbering)
ORDER = ["busan-expo", "daejeon-ces", "gwanak-silicon-valley", "daejeon-svb", "yuseong-bio-investment",
         "busan-dong-singapore", "gangdong-expo", "san-diego-delegation-gumi", "gumi-san-diego"]


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
    reader = Reader(read_data(output, f"s/{fnv1a(shard_key(term)) & (manifest['shards'] - 1)}.bin"))
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
    assert manifest["documents"] == 9 and manifest["format"] == 2
    assert sorted(p.name for p in (data / "s").iterdir()) == [f"{n}.bin" for n in range(manifest["shards"])]
    assert len(list((data / "v").iterdir())) == manifest["vocabulary"]
    assert len(list((data / "d").iterdir())) == 9
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
                                                      "gyeongbuk", "gyeongbuk-gumi", "seoul-gangdong", "busan-dong"]
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
    assert count == 9 and reader.position == len(reader.data)
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


def test_a_long_body_goes_on_in_a_file_of_its_own(monkeypatch):
    from site_builder.search import documents
    monkeypatch.setattr(documents, "DISPLAY_HEAD", 5)
    display = {"u": "briefings/x/", "t": "제목", "a": "싱가포르 (Singapore)", "b": "가나다라마바사아"}
    head, rest = documents.display_files(display)
    assert json.loads(gzip.decompress(head)) == {"u": "briefings/x/", "t": "제목", "b": "가나다라마", "r": 1}
    assert json.loads(gzip.decompress(rest)) == {"a": "싱가포르 (Singapore)", "b": "바사아"}
    head, rest = documents.display_files(dict(display, b="가나다라마"))
    assert json.loads(gzip.decompress(head)) == dict(display, b="가나다라마") and rest == b""


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
    # The search page has its own box instead of the header's (one search box per page).
    assert 'class="site-search"' not in page
    for html in (out / "index.html", out / "briefings" / "daejeon-svb" / "index.html"):
        text = html.read_text()
        form = re.search(r'<form class="site-search" role="search" action="([^"]+)"[^>]*>(.*?)</form>', text, re.S)
        assert form and form.group(1) == "/archive/search/"
        assert '<label for="site-search-q"' in form.group(2) and 'name="q"' in form.group(2)


# -- documents kept between builds ------------------------------------------------------------------


def _copy_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    return root


def _count_indexing(monkeypatch) -> list[str]:
    """Titles of the documents indexed (normalized and split into terms) from now on."""
    indexed: list[str] = []
    original = search_documents.index_document

    def counting(document, display):
        indexed.append(document.title)
        return original(document, display)

    monkeypatch.setattr(search_documents, "index_document", counting)
    return indexed


def _clean_search_files(root: Path, tmp_path: Path) -> dict[str, bytes]:
    build_site(root, tmp_path / "clean", cache=tmp_path / "fresh-cache")
    return snapshot(tmp_path / "clean" / "search")


@pytest.mark.parametrize("jobs", [1, 2])
def test_body_edit_indexes_one_document_and_equals_a_clean_build(tmp_path, monkeypatch, jobs):
    root = _copy_site(tmp_path)
    output = tmp_path / "output"
    build_site(root, output, jobs=jobs)
    before = snapshot(output / "search")
    with (root / "content" / "briefings" / "2023-01-26-daejeon-svb.md").open("a", encoding="utf-8") as handle:
        handle.write("\n추가 문단: 대전시는 퀀텀다이브 후속 협의를 이어가기로 했다.\n")
    indexed = _count_indexing(monkeypatch)
    inverted = []
    monkeypatch.setattr(search_memo, "index_files", lambda *args: inverted.append(1) or index_files(*args))
    build_site(root, output, jobs=jobs)
    after = snapshot(output / "search")
    if jobs == 1:  # with more jobs the one document is indexed in a worker process
        assert len(indexed) == 1
    assert inverted == []  # the last build's files were patched, not made again from every document
    assert after != before
    assert after == _clean_search_files(root, tmp_path)
    assert postings(output, "퀀텀") == {"daejeon-svb": BODY}


def test_kept_documents_survive_added_deleted_and_retitled_briefings(tmp_path, monkeypatch):
    root = _copy_site(tmp_path)
    output = tmp_path / "output"
    build_site(root, output)
    briefings = root / "content" / "briefings"
    text = (briefings / "2013-02-23-gumi-san-diego.md").read_text(encoding="utf-8")
    (briefings / "2025-01-05-gumi-again.md").write_text(text.replace("slug: gumi-san-diego", "slug: gumi-again"),
                                                        encoding="utf-8")
    (briefings / "2024-06-15-busan-expo.md").unlink()
    path = briefings / "2022-11-01-yuseong-bio-investment.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 수정된 ", 1), encoding="utf-8")
    indexed = _count_indexing(monkeypatch)
    build_site(root, output)
    assert len(indexed) == 2  # the new briefing and the retitled one
    assert snapshot(output / "search") == _clean_search_files(root, tmp_path)


def test_a_body_that_gets_short_or_long_gains_or_loses_its_rest_file(tmp_path, monkeypatch):
    monkeypatch.setattr(search_documents, "DISPLAY_HEAD", 60)
    root = _copy_site(tmp_path)
    output = tmp_path / "output"
    build_site(root, output)
    rest = output / "search" / "data" / "r"
    assert (rest / "3.bin").is_file() and not (rest / "5.bin").is_file()  # daejeon-svb; busan-dong-singapore
    briefings = root / "content" / "briefings"
    inverted = []
    monkeypatch.setattr(search_memo, "index_files", lambda *args: inverted.append(1) or index_files(*args))
    for name, grow in (("2023-01-26-daejeon-svb.md", False), ("2021-04-02-busan-dong-singapore.md", True)):
        inverted.clear()
        path = briefings / name
        head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        path.write_text(head + "\n---\n" + ("\n대표단은 항만 물류 협력 방안도 함께 살펴보고 후속 협의를 이어가기로 했다.\n" * 2 if grow
                                               else "\n짧은 본문.\n"), encoding="utf-8")
        build_site(root, output)
        assert (rest / ("5.bin" if grow else "3.bin")).is_file() is grow
        assert inverted == []  # patched in place
        assert snapshot(output / "search") == _clean_search_files(root, tmp_path)
        shutil.rmtree(tmp_path / "clean")


def _edit_registry(root: Path, name: str, old: str, new: str) -> None:
    path = root / "content" / "registry" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_alias_edit_indexes_only_the_briefings_that_list_or_mention_the_entry(tmp_path, monkeypatch):
    root = _copy_site(tmp_path)
    output = tmp_path / "output"
    build_site(root, output)
    assert postings(output, "@lasvegas") == {"daejeon-ces": NAMES, "gangdong-expo": BODY}
    _edit_registry(root, "places.yaml", "aliases: [Las Vegas, ", "aliases: [Vegas, Las Vegas, ")
    indexed = _count_indexing(monkeypatch)
    build_site(root, output)
    # daejeon-ces lists 라스베이거스; gangdong-expo writes 라스베가스, one of its aliases
    assert sorted(indexed) == ["강동구, 해외 스타트업 박람회 참가", "대전시, CES 2024 대전관 성과공유회"]
    assert snapshot(output / "search") == _clean_search_files(root, tmp_path)
    assert postings(output, "@vegas") == {"daejeon-ces": NAMES, "gangdong-expo": BODY}


def test_new_alias_found_in_a_body_indexes_that_briefing_too(tmp_path, monkeypatch):
    root = _copy_site(tmp_path)
    output = tmp_path / "output"
    build_site(root, output)
    assert postings(output, "@바이오펀드") == {}
    # yuseong-bio-investment did not mention 벡스코 before; its body has the new alias now
    _edit_registry(root, "partners.yaml", "aliases: [BEXCO, ", "aliases: [바이오 펀드, BEXCO, ")
    indexed = _count_indexing(monkeypatch)
    build_site(root, output)
    assert sorted(indexed) == ["부산시, 해외 바이어 초청 전시회 개최", "유성구, 바이오 기업 845억 투자 유치"]
    assert snapshot(output / "search") == _clean_search_files(root, tmp_path)
    assert postings(output, "@바이오펀드") == {"busan-expo": NAMES, "yuseong-bio-investment": BODY}


def test_registry_edit_of_a_field_search_does_not_read_indexes_nothing(tmp_path, monkeypatch):
    root = _copy_site(tmp_path)
    output = tmp_path / "output"
    build_site(root, output)
    before = snapshot(output / "search")
    _edit_registry(root, "partners.yaml", "country: 대한민국", "country: 한국")
    indexed = _count_indexing(monkeypatch)
    build_site(root, output)
    assert indexed == []
    assert snapshot(output / "search") == before == _clean_search_files(root, tmp_path)


def test_a_new_entry_whose_name_contains_a_registered_name_indexes_the_briefings_that_write_it(tmp_path, monkeypatch):
    root = _copy_site(tmp_path)
    output = tmp_path / "output"
    build_site(root, output)
    with (root / "content" / "registry" / "places.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- {name: 싱가포르 항만, slug: singapore-port, country: 싱가포르}\n")
    indexed = _count_indexing(monkeypatch)
    build_site(root, output)
    # busan-dong-singapore writes 싱가포르 항만: the new entry is mentioned there, and 싱가포르 now stands
    # inside a longer name of another entry
    assert indexed == ["동구 대표단, 항만 물류 협력 논의"]
    assert snapshot(output / "search") == _clean_search_files(root, tmp_path)
    assert postings(output, "!싱가포르") == {"busan-dong-singapore": BODY}
    assert postings(output, "@싱가포르항만") == {"busan-dong-singapore": BODY}


def test_packed_documents_and_renumbered_tables_give_the_same_files(tmp_path):
    config = load_config(SITE)
    checked = check(config)
    site, bodies = checked.site, checked.bodies
    relations = relate(site)
    clean = search_index.build_search_files(site, bodies, relations)
    keys = {article.slug: article.slug for article in site.articles}
    files, kept = build_search_files_kept(site, bodies, relations, keys, None)
    assert files.changed == clean
    for packed in kept.documents.values():
        assert pack(unpack(packed)) == packed
    # A table full of terms no document uses any more is numbered afresh; the files stay the same.
    stale = KeptDocuments(kept.version, [f"stale{n}" for n in range(3 * len(kept.strings))] + kept.strings,
                          len(kept.strings), {})
    files, renewed = build_search_files_kept(site, bodies, relations, keys, stale)
    assert files.changed == clean and len(renewed.strings) == len(kept.strings)
    # Bodies are not read again: nothing changed, so every file stays as last written.
    files, again = build_search_files_kept(site, {}, relations, keys, renewed, previous_file=clean.get)
    assert files.changed == {} and files.digests == renewed.digests and again.documents == renewed.documents
    # The newest briefing is gone, so every other one moves up: the display files come from the files last
    # written, under their new ids, and no body is read.
    shorter = dataclasses.replace(site, articles=site.articles[1:])
    files, _ = build_search_files_kept(shorter, {}, relate(shorter), keys, renewed, previous_file=clean.get)
    assert files.changed == search_index.build_search_files(shorter, bodies, relate(shorter))


@pytest.mark.parametrize("jobs", [2, 3])
def test_documents_inverted_in_runs_join_into_the_same_postings(monkeypatch, jobs):
    monkeypatch.setattr(search_postings, "MIN_PARALLEL_DOCUMENTS", 2)
    table = search_postings.TermTable()
    documents = []
    for doc_id in range(300):  # gaps of every varint length, terms in one run only or in several
        terms = ["every", f"own{doc_id}"] + (["rare"] if doc_id in (0, 299) else []) + (["even"] if doc_id % 2 else [])
        documents.append(search_postings.numbered(terms, bytes([BODY | (doc_id % 4 == 0) * TITLE] * len(terms)),
                                                  [f"word{doc_id % 7}"], table))
    serial = search_postings.invert(documents, table, 1)
    assert search_postings.invert(documents, table, jobs) == serial
    assert search_postings.invert([pack(document) for document in documents], table, jobs) == serial
    assert serial[0]["rare"] == (bytes([0x15, 0xB4, 0x25]), 2)  # doc 0 with TITLE|BODY, then a gap of 299
    assert serial[1] == {f"word{n}": len(range(n, 300, 7)) for n in range(7)}
    # Inverted a few documents at a time (chunks end inside a run, a term's postings span chunks): the same bytes.
    for chunk in (1, 7, 64):
        monkeypatch.setattr(search_postings, "INVERT_CHUNK", chunk)
        assert search_postings.invert(documents, table, 1) == serial
        assert search_postings.invert([pack(document) for document in documents], table, jobs) == serial


def test_site_index_is_the_same_with_parallel_inversion(monkeypatch):
    config = load_config(SITE)
    checked = check(config)
    site, bodies = checked.site, checked.bodies
    relations = relate(site)
    serial = search_index.build_search_files(site, bodies, relations)
    monkeypatch.setattr(search_postings, "MIN_PARALLEL_DOCUMENTS", 2)
    assert search_index.build_search_files(site, bodies, relations, jobs=2) == serial
