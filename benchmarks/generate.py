"""Write a synthetic but valid site of N briefings, for benchmarks.

    python benchmarks/generate.py N DEST_ROOT

DEST_ROOT gets ``site.yaml`` and ``content/`` (``briefings/`` and ``registry/``). The corpus follows the
shape of a real archive: ~60 cities with Zipf-distributed frequency (from the real cities.yaml),
~400 partners with 1-5 per briefing, ~30 destinations, 0-4 figures whose text occurs in the body,
~40 tags, dates 2006-2026, and bodies recombined from the sentences of the real seed briefings.
Deterministic: the same N gives byte-identical files. Templates are not copied; build with the
project's ``templates/`` (``--templates``).
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT / "content"

CITY_COUNT, PARTNER_COUNT, PLACE_COUNT, TAG_COUNT = 60, 400, 30, 40

_PLACES = [
    ("샌프란시스코", "san-francisco", "미국"), ("로스앤젤레스", "los-angeles", "미국"), ("뉴욕", "new-york", "미국"),
    ("보스턴", "boston", "미국"), ("워싱턴 D.C.", "washington-dc", "미국"), ("라스베이거스", "las-vegas", "미국"),
    ("샌디에이고", "san-diego", "미국"), ("시애틀", "seattle", "미국"), ("시카고", "chicago", "미국"),
    ("휴스턴", "houston", "미국"), ("토론토", "toronto", "캐나다"), ("밴쿠버", "vancouver", "캐나다"),
    ("도쿄", "tokyo", "일본"), ("오사카", "osaka", "일본"), ("후쿠오카", "fukuoka", "일본"), ("상하이", "shanghai", "중국"),
    ("베이징", "beijing", "중국"), ("선전", "shenzhen", "중국"), ("싱가포르", "singapore", "싱가포르"),
    ("하노이", "hanoi", "베트남"), ("호찌민", "ho-chi-minh", "베트남"), ("자카르타", "jakarta", "인도네시아"),
    ("방콕", "bangkok", "태국"), ("두바이", "dubai", "아랍에미리트"), ("런던", "london", "영국"),
    ("파리", "paris", "프랑스"), ("베를린", "berlin", "독일"), ("뮌헨", "munich", "독일"),
    ("바르셀로나", "barcelona", "스페인"), ("헬싱키", "helsinki", "핀란드"),
]
_PARTNER_STEMS = ["한빛", "누리", "미래", "하늘", "바다", "새봄", "푸른", "태양", "은하", "다온", "가람", "나래", "라온",
                  "마루", "보람", "솔빛", "아라", "온새", "이룸", "한결"]
_PARTNER_KINDS = [("테크", "기업"), ("바이오", "기업"), ("모빌리티", "기업"), ("에너지", "기업"), ("벤처스", "금융기관"),
                  ("캐피털", "금융기관"), ("대학교", "대학"), ("연구소", "연구기관"), ("상공회의소", "단체"),
                  ("무역관", "정부기관"), ("엑스포", "행사"), ("재단", "단체"), ("로보틱스", "기업"), ("반도체", "기업"),
                  ("헬스케어", "기업"), ("은행", "금융기관"), ("공과대학", "대학"), ("혁신센터", "연구기관"),
                  ("협회", "단체"), ("포럼", "행사")]
_TAGS = ["투자유치", "수출상담", "MOU", "스타트업", "바이오", "반도체", "우주산업", "UAM", "스마트시티", "탄소중립",
         "수소경제", "이차전지", "인공지능", "로봇", "관광", "문화교류", "자매결연", "우호도시", "청년인턴십", "K-푸드",
         "한인상공회", "벤처투자", "CES", "박람회", "산학협력", "기술수출", "공공외교", "해외마케팅", "물류", "농식품",
         "의료관광", "게임", "콘텐츠", "해양", "방산", "디지털헬스", "그린뉴딜", "지역특화산업", "글로벌캠퍼스", "창업생태계"]
_FIGURE_SENTENCES = [
    ("investment", "KRW", "억", "{partner}와 {number}억 원 규모의 투자협약을 체결했다."),
    ("export", "USD", "만 달러", "현지 바이어와 {number}만 달러 규모의 수출 계약을 맺었다."),
    ("consultation_amount", "KRW", "억", "투자·상담 금액은 {number}억 원으로 추산됐다."),
    ("visitors", "명", "명", "홍보관 방문자는 {number}명을 넘어섰다."),
    ("consultations", "건", "건", "바이어 상담은 {number}건 이뤄졌다."),
    ("mou", "건", "건", "업무협약 {number}건을 체결했다."),
    ("companies", "개사", "개사", "지역 기업 {number}개사가 함께했다."),
    ("delegation", "명", "명", "대표단 {number}명이 이번 일정에 참여했다."),
]


def _seed_sentences() -> list[str]:
    """Sentences of the real briefings' bodies, without headings, captions and numbers-with-units noise."""
    sentences = []
    for path in sorted((CONTENT / "briefings").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        for paragraph in body.split("\n\n"):
            paragraph = paragraph.strip()
            if not paragraph or paragraph.startswith(("#", "*", "[")):
                continue
            sentences += [s.strip() for s in re.split(r"(?<=다\.)\s+", paragraph) if len(s.strip()) > 20]
    return sentences


def _zipf_weights(count: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(count)]


def _registries(rng: random.Random) -> dict[str, list[dict]]:
    cities_all = yaml.safe_load((CONTENT / "registry" / "cities.yaml").read_text(encoding="utf-8"))
    metro = [c for c in cities_all if "parent" not in c]
    basic = [c for c in cities_all if "parent" in c]
    chosen = metro + sorted(rng.sample(basic, CITY_COUNT - len(metro)), key=lambda c: c["slug"])
    used_parents = {c["name"] for c in chosen}
    cities = [c for c in cities_all if c["name"] in used_parents]
    partners = []
    for index in range(PARTNER_COUNT):
        stem = _PARTNER_STEMS[index % len(_PARTNER_STEMS)]
        suffix, category = _PARTNER_KINDS[(index // len(_PARTNER_STEMS)) % len(_PARTNER_KINDS)]
        place = _PLACES[index % PLACE_COUNT]
        partners.append({"name": f"{place[0]} {stem}{suffix}", "slug": f"partner-{index:03d}", "kind": category,
                         "country": place[2], "aliases": [f"P{index:03d} {stem.upper()}"],
                         "description": f"{place[0]}에 있는 {category}."})
    places = [{"name": name, "slug": slug, "country": country} for name, slug, country in _PLACES[:PLACE_COUNT]]
    tags = [{"name": name, "slug": f"tag-{index:02d}"} for index, name in enumerate(_TAGS[:TAG_COUNT])]
    return {"cities": cities, "chosen_cities": chosen, "partners": partners, "places": places, "tags": tags}


def _briefing(index: int, rng: random.Random, registries: dict, sentences: list[str]) -> tuple[str, str]:
    day = date(2006, 1, 1) + timedelta(days=rng.randrange(0, (date(2026, 10, 31) - date(2006, 1, 1)).days))
    city = rng.choices(registries["chosen_cities"], weights=_zipf_weights(len(registries["chosen_cities"])))[0]
    partners = rng.sample(registries["partners"], rng.randint(1, 5))
    places = rng.sample(registries["places"], rng.randint(1, 2))
    tags = rng.sample(registries["tags"], rng.randint(1, 4))
    paragraphs = [f"{city['name']} 대표단은 {places[0]['name']}을 찾아 {partners[0]['name']} 관계자와 만났다."]
    figures = []
    for metric, unit, word, template in rng.sample(_FIGURE_SENTENCES, rng.randint(0, 4)):
        number = rng.randint(2, 900)
        sentence = template.format(partner=partners[0]["name"], number=f"{number:,}")
        value = number * {"억": 100_000_000, "만 달러": 10_000}.get(word, 1)
        # As check reads the sentence: 규모 makes an estimate, 넘어 a lower bound.
        figure = {"label": sentence.split(" ")[0], "metric": metric, "value": value, "unit": unit,
                  "approx": "규모" in template, "text": sentence.removesuffix(".")}
        if "넘어" in template:
            figure["bound"] = "min"
        figures.append(figure)
        paragraphs.append(sentence)
    for _ in range(rng.randint(4, 9)):
        paragraphs.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))))
    if rng.random() < 0.5:
        paragraphs.insert(2, f"## {partners[-1]['name']} 방문")
    rng.shuffle(paragraphs[1:])
    start = day - timedelta(days=rng.randint(3, 20))
    front = {
        "title": f"{city['name'].split(' ')[-1]}, {places[0]['name']}서 {partners[0]['name']}와 협력 논의 ({index})",
        "date": day.isoformat(),
        "city": [city["name"]],
        "trip": {"start": start.isoformat(), "end": (start + timedelta(days=rng.randint(2, 8))).isoformat()},
        "event": f"trip-{index:06d}",     # every synthetic trip is its own (overlapping trips must say so)
        "destinations": [p["name"] for p in places],
        "partners": [p["name"] for p in partners],
        "figures": figures,
        "tags": [t["name"] for t in tags],
        "source": {"publisher": "합성 통신", "published": day.isoformat()},
        "summary": f"{city['name']}의 {places[0]['name']} 출장과 {partners[0]['name']} 면담 결과.",
    }
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"{day.isoformat()}-briefing-{index:05d}.md", f"---\n{header}---\n\n" + "\n\n".join(paragraphs) + "\n"


def generate(count: int, root: Path) -> Path:
    rng = random.Random(20260101)
    registries = _registries(rng)
    sentences = _seed_sentences()
    content = root / "content"
    for folder in (content / "registry", content / "briefings"):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    for name in ("cities", "partners", "places", "tags"):
        (content / "registry" / f"{name}.yaml").write_text(
            yaml.safe_dump(registries[name], allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    (root / "site.yaml").write_text(f"title: 합성 브리핑 {count}건\nbase_url: http://127.0.0.1:8000/\n",
                                    encoding="utf-8")
    for index in range(count):
        name, text = _briefing(index, rng, registries, sentences)
        (content / "briefings" / name).write_text(text, encoding="utf-8")
    return root


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: python benchmarks/generate.py N DEST_ROOT", file=sys.stderr)
        return 2
    root = generate(int(argv[0]), Path(argv[1]))
    print(f"{argv[0]} briefings written to {root / 'content' / 'briefings'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
