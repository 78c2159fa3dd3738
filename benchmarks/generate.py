"""Write a synthetic but valid site of N briefings, for benchmarks.

    python benchmarks/generate.py N DEST_ROOT

DEST_ROOT gets ``site.yaml`` and ``content/`` (``briefings/`` plus a copy of the project's
``content/registry/``). Names come from the real registries, so every briefing validates.
The output is deterministic: the same N gives byte-identical files. Templates are not
copied; pass ``--templates`` (or the project's templates/) when building DEST_ROOT.
"""

from __future__ import annotations

import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
REGISTRY = PROJECT / "content" / "registry"

_SENTENCES = [
    "{city} 대표단은 {place}에서 {partner} 관계자를 만나 협력 방안을 논의했다.",
    "이번 방문은 지역 기업의 해외 진출을 돕기 위해 마련됐다.",
    "참석자들은 공동 연구와 인력 교류를 넓히기로 뜻을 모았다.",
    "시는 후속 면담을 통해 구체적인 사업 계획을 마련할 예정이다.",
    "현지 설명회에는 기업과 투자사 관계자들이 함께했다.",
    "양측은 정기 협의체를 꾸려 성과를 점검하기로 했다.",
]


def _particle(word: str, with_final: str, without_final: str) -> str:
    """Korean particle after ``word``: 은/는, 을/를 depend on a final consonant."""
    last = word[-1]
    has_final = "가" <= last <= "힣" and (ord(last) - ord("가")) % 28 != 0
    return word + (with_final if has_final else without_final)


def _names(filename: str) -> list[str]:
    entries = yaml.safe_load((REGISTRY / filename).read_text(encoding="utf-8")) or []
    return [entry["name"] for entry in entries]


def briefing(index: int, rng: random.Random, names: dict[str, list[str]]) -> tuple[str, str]:
    """(file name, text) of briefing number ``index``."""
    day = date(2015, 1, 1) + timedelta(days=index * 3 % 3650)
    city = rng.choice(names["cities"])
    place = rng.choice(names["places"])
    partner = rng.choice(names["partners"])
    tags = sorted(set(rng.sample(names["tags"], 2)))
    visitors = rng.randrange(10, 900)
    amount = rng.randrange(1, 500)
    paragraphs = [
        f"{_particle(city, '은', '는')} {day.year}년 {day.month}월 {day.day}일 {_particle(place, '을', '를')} 찾아 {partner}와 교류 일정을 진행했다.",
        f"현장에는 {visitors}여 명이 참석했고, 투자 상담액은 {amount}억 원으로 집계됐다.",
    ]
    for _ in range(rng.randrange(3, 8)):
        paragraphs.append(" ".join(rng.choice(_SENTENCES).format(city=city, place=place, partner=partner)
                                   for _ in range(3)))
    front = {
        "title": f"{city} {place} 방문 브리핑 {index:04d}",
        "date": day.isoformat(),
        "city": [city],
        "destinations": [place],
        "partners": [partner],
        "figures": [
            {"label": "참석자", "metric": "visitors", "value": visitors, "unit": "명", "approx": True,
             "text": f"{visitors}여 명이 참석했고"},
            {"label": "투자 상담액", "metric": "consultation_amount", "value": amount * 100_000_000,
             "unit": "KRW", "approx": False, "text": f"투자 상담액은 {amount}억 원"},
        ],
        "tags": tags,
        "summary": f"{city}의 {place} 방문 성과를 정리했다.",
    }
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"{day.isoformat()}-synthetic-{index:04d}.md", f"---\n{header}---\n\n" + "\n\n".join(paragraphs) + "\n"


def generate(count: int, root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    content = root / "content"
    if (content / "registry").exists():
        shutil.rmtree(content / "registry")
    shutil.copytree(REGISTRY, content / "registry")
    briefings = content / "briefings"
    if briefings.exists():
        shutil.rmtree(briefings)
    briefings.mkdir(parents=True)
    (root / "site.yaml").write_text(f"title: 합성 브리핑 {count}건\nbase_url: http://127.0.0.1:8000/\n",
                                    encoding="utf-8")
    names = {key: _names(f"{key}.yaml") for key in ("cities", "places", "partners", "tags")}
    rng = random.Random(count)
    for index in range(count):
        name, text = briefing(index, rng, names)
        (briefings / name).write_text(text, encoding="utf-8")
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
