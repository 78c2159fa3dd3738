"""End to end: `site-builder ingest` on the five raw seeds and on articles of the same kind it was not tuned
on, into a fresh site; every draft passes `site-builder check` and builds."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from site_builder.cli import main
from site_builder.load import split_front_matter
from tests.support import build_site

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "content" / "raw"
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
SEEDS = sorted(RAW.glob("*.txt"))


@pytest.fixture
def site(tmp_path) -> Path:
    """A site with the project's registries and no briefings."""
    shutil.copytree(ROOT / "content" / "registry", tmp_path / "content" / "registry")
    return tmp_path


def front_matter(path: Path) -> dict:
    front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(front)


def ingest(site: Path, *files: Path, extra: tuple[str, ...] = ()) -> int:
    return main(["ingest", "--root", str(site), *extra, *map(str, files)])


def drafts(site: Path) -> list[Path]:
    return sorted((site / "content" / "briefings").glob("*.md"))


def test_the_seeds_become_drafts_that_check_and_build(site, capsys, tmp_path_factory):
    assert len(SEEDS) == 5
    assert ingest(site, *SEEDS) == 0
    written = drafts(site)
    assert len(written) == 5
    out = capsys.readouterr().out
    assert "파일 5개: 초안 5개를 썼고 0개는 실패했습니다" in out
    for path in written:
        data = front_matter(path)
        assert data["draft"] is True and data["review"], path
        assert all(isinstance(item, str) and ":" in item for item in data["review"])
        # the raw article is kept byte for byte beside the draft, and the draft says where
        kept = site / "content" / data["raw"]
        assert kept.read_bytes() in {seed.read_bytes() for seed in SEEDS}
    assert main(["check", "--root", str(site)]) == 0
    output = tmp_path_factory.mktemp("out") / "site"
    build_site(site, output, drafts=True)
    page = next((output / "briefings").glob("*/index.html")).read_text(encoding="utf-8")
    assert "검토할 항목" in page and "초안" in page


def test_a_draft_never_takes_a_page_header_date_for_the_publication_date(site):
    gumi = RAW / "2013-02-23-gumi-san-diego.txt"   # the page shows 2024.10.04 (금): the day it was viewed
    assert ingest(site, gumi) == 0
    data = front_matter(drafts(site)[0])
    assert str(data["date"]) != "2024-10-04"
    assert any(item.startswith("date:") for item in data["review"])


def test_one_bad_file_does_not_stop_the_others(site, tmp_path, capsys):
    garbage = tmp_path / "broken.txt"
    garbage.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_text("배너\n기상청 제공\n", encoding="utf-8")
    assert ingest(site, garbage, SEEDS[0], empty, tmp_path / "missing.txt") == 1
    assert len(drafts(site)) == 1
    captured = capsys.readouterr()
    assert "broken.txt" in captured.err and "CP949" in captured.err
    assert "empty.txt: 기사 본문을 찾지 못했습니다" in captured.err
    assert "missing.txt: 파일이 없습니다" in captured.err
    assert "파일 4개: 초안 1개를 썼고 3개는 실패했습니다" in captured.out
    assert "Traceback" not in captured.err


def test_an_existing_draft_is_kept_unless_forced(site, capsys):
    assert ingest(site, SEEDS[1]) == 0
    [path] = drafts(site)
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: true\n# edited"), encoding="utf-8")
    edited = path.read_bytes()
    assert ingest(site, SEEDS[1]) == 1
    err = capsys.readouterr().err
    assert "이미 보관된 기사입니다: content/raw/" in err and f"브리핑 content/briefings/{path.name}" in err
    assert path.read_bytes() == edited and drafts(site) == [path]
    assert ingest(site, SEEDS[1], extra=("--force",)) == 0  # the body is re-created, the editor's front matter kept
    assert drafts(site) == [path] and path.read_bytes() == edited
    assert ingest(site, SEEDS[1], extra=("--force", "--reset-front-matter")) == 0
    assert drafts(site) == [path] and b"# edited" not in path.read_bytes()


def test_reingesting_the_kept_raw_text_gives_the_same_draft(site):
    assert ingest(site, SEEDS[2]) == 0
    [path] = drafts(site)
    first = path.read_bytes()
    kept = site / "content" / front_matter(path)["raw"]
    assert ingest(site, kept, extra=("--force",)) == 0
    assert drafts(site) == [path] and path.read_bytes() == first
    assert sorted((site / "content" / "raw").iterdir()) == [kept]


def test_two_articles_with_the_same_city_and_place_get_distinct_slugs(site, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEEDS[0].read_bytes() + "\n같은 출장을 다룬 다른 기사의 마지막 문장이다.\n".encode())
    assert ingest(site, SEEDS[0], copy) == 0
    first, second = sorted((p.stem for p in drafts(site)), key=len)
    assert second == first + "-2"
    assert main(["check", "--root", str(site)]) == 0


def test_drafts_go_where_out_says(site, tmp_path):
    out = site / "content" / "briefings" / "inbox"
    assert main(["ingest", "--root", str(site), "--out", str(out), str(SEEDS[3])]) == 0
    assert len(list(out.glob("*.md"))) == 1


# Articles of the same kind that ingest was not tuned on (see tests/fixtures/ingest/README.md).
UNSEEN = {
    "suwon-munich.txt": dict(
        title="수원시 경제사절단, 독일 뮌헨서 수출상담 120건 성과", date=date(2025, 3, 14), city=["경기도 수원시"],
        officials=["이재준 수원시장"], trip={"start": date(2025, 3, 3), "end": date(2025, 3, 9)},
        publisher="수원일보", reporter="홍길순",
        figures={("companies", 12, "개사"), ("consultations", 120, "건"), ("budget", 500000000, "KRW")},
        candidates=("바이에른 상공회의소", "뮌헨공과대학교"),
        noise=("로그인", "맑음서울", "기상청 제공", "페이스북", "많이 본 뉴스", "화성행궁", "저작권자", "hong@")),
    "gyeongnam-hochiminh.txt": dict(
        title="경상남도, 베트남 호찌민서 수출 계약 2,000만 달러 성사", date=date(2024, 9, 27), city=["경상남도"],
        officials=["박완수 경남도지사"], trip={"start": date(2024, 9, 23), "end": date(2024, 9, 26)},
        publisher=None, reporter=None,
        figures={("companies", 15, "개사"), ("export", 20000000, "USD"), ("mou", 3, "건"), ("budget", 3000000000, "KRW")},
        candidates=("호찌민 인민위원회",),
        noise=("바로가기", "조회수", "담당부서", "글자크기", "이전글", "다음글", "[출처")),
}


@pytest.mark.parametrize("name", sorted(UNSEEN))
def test_articles_it_was_not_tuned_on(site, name):
    expected = UNSEEN[name]
    assert ingest(site, FIXTURES / name) == 0
    [path] = drafts(site)
    data = front_matter(path)
    for key in ("title", "date", "city", "officials", "trip"):
        assert data.get(key) == expected[key], key
    source = data.get("source") or {}
    if expected["publisher"]:
        assert source.get("publisher") == expected["publisher"]
    assert source.get("reporter") == expected["reporter"]
    found = {(f["metric"], f["value"], f["unit"]) for f in data["figures"]}
    assert expected["figures"] <= found, expected["figures"] - found
    review = "\n".join(data["review"])
    assert all(candidate in review for candidate in expected["candidates"])
    body = split_front_matter(path.read_text(encoding="utf-8"))[1]
    assert not [word for word in expected["noise"] if word in body]
    assert main(["check", "--root", str(site)]) == 0


# --- Robust on bad input, honest about dates (issue 14) ---------------------------------------------

EVAL = ROOT / "benchmarks" / "ingest_eval" / "articles"


def test_pipes_devices_folders_and_huge_files_are_refused_at_once(site, tmp_path, capsys):
    import os
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block forever
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * (5 * 1024 * 1024))
    assert ingest(site, fifo, Path("/dev/zero"), tmp_path, huge, SEEDS[0]) == 1
    err = capsys.readouterr().err
    assert "pipe.txt: 일반 파일이 아닙니다" in err and "/dev/zero: 일반 파일이 아닙니다" in err
    assert f"{tmp_path}: 폴더입니다" in err and "huge.txt: 파일이 너무 큽니다" in err
    assert len(drafts(site)) == 1


def test_relative_paths_undecodable_names_and_file_modes(site, tmp_path, monkeypatch, capsys):
    import os
    import stat
    monkeypatch.chdir(site)
    odd = site / os.fsdecode(b"\xff\xfe-article.txt")
    shutil.copy(SEEDS[3], odd)
    os.umask(0o022)
    assert main(["ingest", odd.name]) == 0
    out = capsys.readouterr().out
    assert "\\xff\\xfe-article.txt" in out
    [draft] = drafts(site)
    raw = site / "content" / front_matter(draft)["raw"]
    assert stat.S_IMODE(draft.stat().st_mode) == 0o644 == stat.S_IMODE(raw.stat().st_mode)
    # the README's re-ingest command: a path relative to the current folder
    assert main(["ingest", str(raw.relative_to(site)), "--force"]) == 0


def test_the_same_text_with_other_whitespace_is_a_duplicate(site, tmp_path, capsys):
    assert ingest(site, SEEDS[0]) == 0
    respaced = tmp_path / "respaced.txt"
    respaced.write_text("  " + SEEDS[0].read_text(encoding="utf-8").replace("\n", "\n\n "), encoding="utf-8")
    assert ingest(site, respaced) == 1
    assert "이미 보관된 기사입니다" in capsys.readouterr().err and len(drafts(site)) == 1


def test_a_slug_taken_by_any_briefing_is_not_reused(site, tmp_path):
    briefings = site / "content" / "briefings"
    briefings.mkdir(parents=True)
    (briefings / "other-name.md").write_text("---\ntitle: 다른 글\ndate: 2020-01-01\nslug: seoul-gwanak-silicon-valley\n---\n\n본문\n",
                                             encoding="utf-8")
    assert ingest(site, SEEDS[3]) == 0
    [draft] = [p for p in drafts(site) if p.name != "other-name.md"]
    assert draft.stem == "2023-08-23-seoul-gwanak-silicon-valley-2"


def test_no_date_is_made_up_and_check_accepts_an_undated_draft_only(site, capsys):
    assert ingest(site, EVAL / "gapyeong-strathfield.txt") == 0
    [draft] = drafts(site)
    data = front_matter(draft)
    assert data["date"] is None and any(line.startswith("date: 게재일 근거") for line in data["review"])
    assert "스트라스필드시" in data["partners"]
    proposed = yaml.safe_load((site / "content" / "registry" / "proposed-partners.yaml").read_text(encoding="utf-8"))
    assert proposed[0]["name"] == "스트라스필드시" and proposed[0]["country"] == "호주" and proposed[0]["proposed"]
    assert main(["check", "--root", str(site)]) == 0
    draft.write_text(draft.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    assert main(["check", "--root", str(site)]) == 1
    err = capsys.readouterr().err
    assert "꼭 있어야 할 키 'date'이(가) 없습니다" in err and "파트너 '스트라스필드시'은(는) 제안만 된 이름입니다" in err


@pytest.mark.parametrize("name, published, kind", [
    ("seosan-frankfurt-2023.txt", "2023-10-27", "게재 시각 표시"),             # not the footer's 등록일
    ("daejeon-council-binh-duong-2023.txt", "2023-02-16", "사진 설명의 날짜"),
    ("daejeon-donggu-kyoto-2007.txt", "2007-11-08", "기자 이름 옆의 날짜"),
])
def test_a_date_is_read_from_ranked_evidence_and_said_so(site, name, published, kind):
    assert ingest(site, EVAL / name) == 0
    [draft] = drafts(site)
    data = front_matter(draft)
    assert str(data["date"]) == published and kind in data["date_note"]


def test_a_draft_of_a_trip_already_reported_names_that_briefing_in_review(site):
    """Another outlet's report of 대전's January 2023 trip: the draft says which briefing reports it already."""
    briefings = site / "content" / "briefings"
    briefings.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "briefings" / "2023-01-26-daejeon-silicon-valley.md", briefings)
    (briefings / "2022-05-01-other-trip.md").write_text(
        "---\ntitle: 다른 출장\ndate: 2022-05-01\ncity: [대전광역시]\ntrip: {start: 2022-04-01, end: 2022-04-05}\n---\n\n본문\n",
        encoding="utf-8")
    seed = next(path for path in SEEDS if "daejeon-silicon-valley" in path.name)
    other_outlet = site / "other-outlet.txt"
    other_outlet.write_text(seed.read_text(encoding="utf-8").replace("이장우 대전시장은", "이장우 대전시장이", 1),
                            encoding="utf-8")
    assert ingest(site, other_outlet) == 0
    [draft] = [p for p in drafts(site) if p.name not in ("2023-01-26-daejeon-silicon-valley.md",
                                                          "2022-05-01-other-trip.md")]
    same_trip = [line for line in front_matter(draft)["review"] if "겹치는 출장" in line]
    assert same_trip == ["event: 같은 도시의 겹치는 출장을 다룬 브리핑이 있습니다 — "
                         "content/briefings/2023-01-26-daejeon-silicon-valley.md. "
                         "그 브리핑의 event: 2023-01-daejeon-us를 이 초안에도 쓰세요"]  # not the April 2022 trip
