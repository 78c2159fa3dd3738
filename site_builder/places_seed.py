"""Seed content/registry/places.yaml with the countries and cities Korean delegations visit, named from CLDR.

    pip install -e '.[seed]' && python -m site_builder.places_seed [--registry content/registry/places.yaml]

Names come from the Unicode CLDR as packaged by Babel: the Korean and English names of each country
(``Locale.territories``) and of the cities CLDR names for time zones (``Locale.time_zones[...]['city']``,
English from the zone id). Keeping it current: upgrade Babel (each release follows a CLDR release) and run this
again; the output is deterministic, so the diff shows exactly what CLDR changed.

Editors own everything above the ``SEEDED`` marker line: entries written there are kept verbatim, and a seeded
entry is left out when an editor's entry has its slug or any of its names (an editor adds a place CLDR lacks, or
overrides a seeded one, by writing it above the marker). ``VARIANTS`` adds the common spellings CLDR does not
carry; ``LEFT_OUT`` names places whose Korean name is also an ordinary word, which the first-mention matcher
would link inside ordinary sentences (오만 = 50,000; 리마; 다카).

Babel is a dependency of this script only (the ``seed`` extra), never of the build: the build reads the YAML.
This module lives in the package (not under benchmarks/) so that its merge rules are tested with the rest.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from site_builder.korean import name_key

MARKER = "# --- SEEDED from CLDR by `python -m site_builder.places_seed`: edit above this line, not below ---"

# Countries: ISO 3166 codes of the countries Korean local governments' delegations visit most.
COUNTRIES = ("US", "CA", "MX", "BR", "AR", "CL", "PE", "CO", "JP", "CN", "TW", "HK", "MO", "MN", "VN", "TH", "SG",
             "MY", "ID", "PH", "KH", "LA", "MM", "IN", "BD", "NP", "LK", "PK", "UZ", "KZ", "KG", "AE", "SA", "QA",
             "KW", "TR", "IL", "EG", "KE", "ZA", "NG", "ET", "GB", "FR", "DE", "IT", "ES", "PT", "NL", "BE", "CH",
             "AT", "SE", "NO", "DK", "FI", "IE", "PL", "CZ", "HU", "RO", "GR", "RU", "UA", "AU", "NZ", "FJ")
# Cities by CLDR time zone id.
CITIES = ("America/Los_Angeles", "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
          "America/Detroit", "Pacific/Honolulu", "America/Toronto", "America/Vancouver", "America/Mexico_City",
          "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "America/Santiago", "America/Bogota",
          "Asia/Tokyo", "Asia/Shanghai", "Asia/Taipei", "Asia/Ulaanbaatar", "Asia/Ho_Chi_Minh", "Asia/Bangkok",
          "Asia/Jakarta", "Asia/Manila", "Asia/Kuala_Lumpur", "Asia/Phnom_Penh", "Asia/Vientiane", "Asia/Yangon",
          "Asia/Kolkata", "Asia/Kathmandu", "Asia/Colombo", "Asia/Karachi", "Asia/Tashkent", "Asia/Almaty",
          "Asia/Dubai", "Asia/Riyadh", "Europe/Istanbul", "Africa/Cairo", "Africa/Nairobi", "Europe/London",
          "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Brussels",
          "Europe/Zurich", "Europe/Vienna", "Europe/Prague", "Europe/Budapest", "Europe/Warsaw", "Europe/Stockholm",
          "Europe/Copenhagen", "Europe/Oslo", "Europe/Helsinki", "Europe/Dublin", "Europe/Lisbon", "Europe/Athens",
          "Europe/Moscow", "Asia/Vladivostok", "Australia/Sydney", "Australia/Melbourne", "Pacific/Auckland")
# Korean name (when CLDR's is not the 국립국어원 spelling) and common variants, by country code or zone id.
VARIANTS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "SG": (None, ("싱가폴",)),
    "US": (None, ("미합중국",)),
    "GB": (None, ("영국연방",)),
    "America/Los_Angeles": (None, ("로스엔젤레스", "엘에이", "LA")),
    "America/New_York": (None, ("뉴욕시", "NYC")),
    "America/Vancouver": ("밴쿠버", ("벤쿠버",)),
    "Asia/Ho_Chi_Minh": ("호찌민", ("호치민", "사이공", "Saigon")),
    "Asia/Yangon": ("양곤", ("랑군", "Rangoon")),
    "Asia/Kolkata": (None, ("캘커타", "Calcutta")),
    "Europe/Vienna": ("빈", ("비엔나", "Vienna")),
    "Europe/Istanbul": (None, ("이스탄불",)),
    "America/Argentina/Buenos_Aires": ("부에노스아이레스", ("부에노스 아이레스",)),
    "America/Mexico_City": ("멕시코시티", ("멕시코 시티",)),
}
LEFT_OUT = ("OM", "America/Lima", "Asia/Dhaka")


def slugify(english: str) -> str:
    import unicodedata
    ascii_name = unicodedata.normalize("NFKD", english).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def cldr_entries() -> list[dict]:
    """Seeded entries, countries first then cities, in the order of COUNTRIES and CITIES."""
    from babel import Locale  # the seeding tool's own dependency

    korean, english = Locale("ko"), Locale("en")
    entries = []
    for code in COUNTRIES:
        if code not in LEFT_OUT:
            entries.append(_entry(code, korean.territories[code], english.territories[code], None))
    for zone in CITIES:
        if zone in LEFT_OUT or not korean.time_zones.get(zone, {}).get("city"):
            continue
        city_en = english.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        country = _country_of(zone, korean)
        entries.append(_entry(zone, korean.time_zones[zone]["city"], city_en, country))
    return entries


def _country_of(zone: str, korean) -> str | None:
    from babel.core import get_global

    code = get_global("zone_territories").get(zone)
    return korean.territories.get(code) if code else None


def _entry(key: str, korean_name: str, english_name: str, country: str | None) -> dict:
    name, variants = VARIANTS.get(key, (None, ()))
    name = name or korean_name
    aliases = [english_name] + [v for v in (korean_name, *variants) if v != name]
    entry = {"name": name, "slug": slugify(english_name), "aliases": list(dict.fromkeys(aliases))}
    if country and country != name:
        entry["country"] = country
    return entry


def merge(editor_entries: list[dict], seeded: list[dict]) -> list[dict]:
    """Seeded entries that no editor entry overrides: none shares a slug or any name with an editor's entry
    (or with an earlier seeded entry: 카타르 the country comes before 카타르 the city)."""
    taken_slugs = {e.get("slug") for e in editor_entries}
    taken_names = {name_key(n) for e in editor_entries for n in [e.get("name", ""), *e.get("aliases", [])]}
    kept = []
    for entry in seeded:
        names = {name_key(n) for n in [entry["name"], *entry["aliases"]]}
        if entry["slug"] in taken_slugs or names & taken_names:
            continue
        kept.append(entry)
        taken_slugs.add(entry["slug"])
        taken_names |= names
    return kept


def write(path: Path, seeded: list[dict]) -> int:
    """Rewrite the seeded part of ``path``, keeping the editors' part byte for byte; returns the seeded count."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    editors = text.split(MARKER, 1)[0].rstrip("\n") + "\n"
    kept = merge(yaml.safe_load(editors) or [], seeded)
    dumped = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)
    path.write_text(editors + MARKER + "\n" + dumped, encoding="utf-8")
    return len(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", default="content/registry/places.yaml")
    args = parser.parse_args(argv)
    count = write(Path(args.registry), cldr_entries())
    print(f"{args.registry}: {count} places seeded from CLDR (Babel)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
