"""Ingest files: decode, clean, compose a draft, check it like the build would, and write it with the raw
article kept beside it. One bad file does not stop the others; every outcome is reported.

Refused at once, before anything is read: directories, named pipes and devices, and files over
``MAX_BYTES`` (articles are kilobytes). Refused after reading: an article already in content/raw/ (the same
bytes or the same text after whitespace), naming the briefing that has it.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from site_builder.diagnostics import Diagnostics
from site_builder.i18n import _
from site_builder.ingest.clean import clean
from site_builder.ingest.decode import DecodeError, decode
from site_builder.ingest.draft import Draft, compose_draft
from site_builder.ingest.entities import EntityFinder
from site_builder.ingest.proposals import Proposal
from site_builder.ingest.same_trip import TripReport, read_front, same_trip_review, trip_report
from site_builder.load import briefing_paths, display_path, source_from_text
from site_builder.model import Registries, Term, TermKind
from site_builder.registry import PROPOSED_PARTNERS_FILE, PROPOSED_PLACES_FILE, make_registry
from site_builder.urls import is_valid_slug, slug_from_filename
from site_builder.validate import validate_article
from site_builder.write import write_file_atomic

RAW_FOLDER = "raw"
MAX_BYTES = 4 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_SLUG_LINE = re.compile(r"^slug:\s*['\"]?([^'\"\s#]+)", re.M)
_RAW_LINE = re.compile(r"^raw:\s*['\"]?([^'\"\n#]+?)['\"]?\s*$", re.M)
_TITLE_LINE = re.compile(r"^title:\s*(.+?)\s*$", re.M)


@dataclass(frozen=True)
class Outcome:
    source: str                     # the input as the user named it, printable whatever its encoding
    draft: Path | None = None       # the briefing written (or that already exists)
    raw: Path | None = None         # the raw article kept in content/raw/
    error: str | None = None        # why nothing was written
    review: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class _Site:
    """What the drafts of one run are checked against, updated as each is written."""
    content_dir: Path
    drafts_dir: Path
    root: Path
    slugs: dict[str, Path]          # every briefing's slug (front matter slug: or file name)
    titles: dict[str, Path]
    mode: int                       # file mode of the other content files
    trips: list[TripReport]         # every briefing's city and trip, to name other reports of the same trip


def printable(path: Path | str) -> str:
    """A file name as text that can be printed: bytes that are not UTF-8 shown as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def ingest_files(paths: list[Path], content_dir: Path, drafts_dir: Path, registries: Registries,
                 root: Path, force: bool = False, today: date | None = None,
                 reset_front_matter: bool = False) -> list[Outcome]:
    """``force`` re-creates existing drafts' bodies but keeps the front matter an editor may have
    written, unless ``reset_front_matter``."""
    today = today or date.today()
    content_dir, drafts_dir, root = content_dir.absolute(), drafts_dir.absolute(), root.absolute()
    finder = EntityFinder(registries)
    site = _Site(content_dir, drafts_dir, root, *_briefings_in_use(drafts_dir), _content_mode(drafts_dir),
                 _trips_in_use(drafts_dir, registries))
    outcomes = []
    for path in paths:
        try:
            outcomes.append(_ingest_one(path.absolute(), printable(path), site, finder, force, reset_front_matter,
                                        today))
        except DecodeError as error:
            outcomes.append(Outcome(printable(path), error=str(error)))
        except OSError as error:
            outcomes.append(Outcome(printable(path), error=_("cannot be read or written: {reason}").format(
                reason=error.strerror or error)))
    return outcomes


def _ingest_one(path: Path, shown: str, site: _Site, finder: EntityFinder, force: bool, reset: bool,
                today: date) -> Outcome:
    refused = _refuse(path)
    if refused:
        return Outcome(shown, error=refused)
    with path.open("rb") as stream:  # O_NONBLOCK is not needed: only regular files get here
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return Outcome(shown, error=_("file is too large (expected an article text file of at most {limit} MB)")
                       .format(limit=MAX_BYTES // 1024 // 1024))
    text = decode(data, shown)
    raw_dir = site.content_dir / RAW_FOLDER
    kept_raw = path.resolve().parent == raw_dir.resolve()
    if not kept_raw and (same := _same_raw(data, text, raw_dir)) is not None:
        owner = _briefing_with_raw(site, same)
        if not force:
            return Outcome(shown, error=(_("article already kept: {raw}, briefing {briefing} (expected --force to "
                                           "make the draft again)") if owner else
                                         _("article already kept: {raw} (expected --force to make the draft again)"))
                           .format(raw=display_path(same, site.root), briefing=owner and display_path(owner, site.root)))
        path, kept_raw, data = same, True, same.read_bytes()  # re-create from the copy already kept
        text = decode(data, shown)
    page = clean(text)
    if not any(block.kind == "paragraph" for block in page.blocks):
        return Outcome(shown, error=_("no article text found (expected a text file with the paragraphs of a news "
                                      "article)"))
    draft = compose_draft(page, finder, _ascii_slug(path.stem), today)

    name = path.stem if kept_raw else _free_name(draft, raw_dir, site)
    draft_path = site.drafts_dir / f"{name}.md"
    raw_path = path if kept_raw else raw_dir / f"{name}.txt"
    if draft_path.exists() and not force:
        return Outcome(shown, draft_path, raw_path,
                       error=_("{draft} already exists (expected --force to overwrite it)").format(
                           draft=display_path(draft_path, site.root)))
    raw_name = raw_path.resolve().relative_to(site.content_dir.resolve()).as_posix()
    trip = trip_report(draft_path, read_front("---\n" + draft.front_matter + "---\n"), finder.registries)
    same_trip = same_trip_review(trip, site.trips, lambda other: display_path(other, site.root)) if trip else ()
    review = draft.review + _similar(draft, site, draft_path) + same_trip
    draft = Draft(draft.slug, draft.published, draft.front_matter, draft.body, review, draft.proposals,
                  draft.place_proposals)
    text = draft.text(raw_name)
    if draft_path.exists() and not reset:
        text = _keep_front_matter(draft_path.read_text(encoding="utf-8"), text)
    proposed_file = site.content_dir / "registry" / PROPOSED_PARTNERS_FILE
    proposals = _merged_proposals(proposed_file, draft.proposals, name)
    places_file = site.content_dir / "registry" / PROPOSED_PLACES_FILE
    places = _merged_proposals(places_file, draft.place_proposals, name, kind=False)
    problems = _check(text, display_path(draft_path, site.root), _with_proposals(finder.registries, proposals, places))
    if problems:  # a bug in ingest, never the editor's: say so instead of writing a broken draft
        return Outcome(shown, error=_("the draft does not pass check: {problems}").format(problems="; ".join(problems)))
    if not kept_raw and not raw_path.exists():
        _write(raw_path, data, site.mode)
    if draft.proposals:
        _write(proposed_file, _proposals_yaml(proposals, "파트너", "partners.yaml").encode("utf-8"), site.mode)
    if draft.place_proposals:
        _write(places_file, _proposals_yaml(places, "방문지", "places.yaml").encode("utf-8"), site.mode)
    _write(draft_path, text.encode("utf-8"), site.mode)
    site.slugs[slug_from_filename(name)] = draft_path
    site.titles[_title_key(page.title or "")] = draft_path
    if trip is not None:
        site.trips.append(trip)
    return Outcome(shown, draft_path, raw_path, review=draft.review)


def _refuse(path: Path) -> str | None:
    """Why a path cannot be an article, decided from its metadata alone (a FIFO would block a read)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return _("no such file (expected the path of an article text file)")
    if stat.S_ISDIR(info.st_mode):
        return _("this is a folder (expected article text files, e.g. ~/Downloads/*.txt)")
    if not stat.S_ISREG(info.st_mode):
        return _("not a regular file: pipes and devices are not read (expected an article text file)")
    if info.st_size > MAX_BYTES:
        return _("file is too large: {size:,} bytes (expected an article text file of at most {limit} MB)").format(
            size=info.st_size, limit=MAX_BYTES // 1024 // 1024)
    return None


def _write(path: Path, data: bytes, mode: int) -> None:
    write_file_atomic(path, lambda stream: stream.write(data))
    os.chmod(path, mode)  # the temporary file's 0600 would hide the draft from the rest of the team


def _content_mode(drafts_dir: Path) -> int:
    existing = briefing_paths(drafts_dir)[:1]
    if existing:
        return stat.S_IMODE(existing[0].stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _whitespace_free(text: str) -> str:
    return re.sub(r"\s+", "", text.lstrip("\ufeff"))


def _same_raw(data: bytes, text: str, raw_dir: Path) -> Path | None:
    """The raw article in content/raw/ with these bytes, or this text once whitespace is ignored."""
    if not raw_dir.is_dir():
        return None
    key = _whitespace_free(text)
    for kept in sorted(raw_dir.glob("*.txt")):
        kept_data = kept.read_bytes()
        if kept_data == data:
            return kept
        try:
            if _whitespace_free(decode(kept_data, str(kept))) == key:
                return kept
        except DecodeError:
            continue
    return None


def _briefing_with_raw(site: _Site, raw: Path) -> Path | None:
    name = raw.resolve().relative_to(site.content_dir.resolve()).as_posix()
    for path in briefing_paths(site.drafts_dir):
        found = _RAW_LINE.search(_head(path))
        if found and found.group(1).strip() == name:
            return path
    return None


def _head(path: Path) -> str:
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8", errors="replace"))
    return match.group(0) if match else ""


def _briefings_in_use(drafts_dir: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """Every briefing's slug (its front matter's slug: wins over its file name) and title."""
    slugs, titles = {}, {}
    for path in briefing_paths(drafts_dir):
        head = _head(path)
        slug = _SLUG_LINE.search(head)
        slugs[slug.group(1) if slug else slug_from_filename(path.stem)] = path
        title = _TITLE_LINE.search(head)
        if title:
            titles[_title_key(title.group(1))] = path
    return slugs, titles


def _trips_in_use(drafts_dir: Path, registries: Registries) -> list[TripReport]:
    trips = []
    for path in briefing_paths(drafts_dir):
        report = trip_report(path, read_front(_head(path)), registries)
        if report is not None:
            trips.append(report)
    return trips


def _title_key(title: str) -> str:
    return _whitespace_free(title.strip("'\""))


def _similar(draft: Draft, site: _Site, draft_path: Path) -> tuple[str, ...]:
    title = _TITLE_LINE.search(draft.front_matter)
    other = site.titles.get(_title_key(title.group(1))) if title else None
    if other is None or other == draft_path:
        return ()
    return (f"duplicate: 같은 제목의 브리핑이 있습니다 — {display_path(other, site.root)}. 같은 행사라면 합치세요",)


def _free_name(draft: Draft, raw_dir: Path, site: _Site) -> str:
    """<date>-<slug> (or <slug> for an undated draft), with -2, -3 … when a briefing, a draft or a raw
    article of the site already has that slug (slugs are URLs, unique across dates)."""
    for number in range(1, 1000):
        slug = draft.slug if number == 1 else f"{draft.slug}-{number}"
        name = f"{draft.published.isoformat()}-{slug}" if draft.published else slug
        if slug not in site.slugs and not (raw_dir / f"{name}.txt").exists() \
                and not (site.drafts_dir / f"{name}.md").exists():
            return name
    raise OSError(f"no free name for {draft.slug}")


def _keep_front_matter(existing: str, fresh: str) -> str:
    """The existing file's front matter (an editor's work) over the fresh body."""
    kept = _FRONT_MATTER.match(existing)
    new = _FRONT_MATTER.match(fresh)
    if not kept or not new:
        return fresh
    return kept.group(0) + fresh[new.end():]


def _merged_proposals(path: Path, new: tuple[Proposal, ...], seen_in: str, kind: bool = True) -> list[dict]:
    entries = []
    if path.is_file():
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    names = {entry.get("name") for entry in entries if isinstance(entry, dict)}
    for proposal in new:
        if proposal.name in names:
            for entry in entries:
                if entry.get("name") == proposal.name and seen_in not in entry.setdefault("seen_in", []):
                    entry["seen_in"].append(seen_in)
            continue
        entries.append({"name": proposal.name, "slug": proposal.slug, "aliases": list(proposal.aliases),
                        **({"kind": proposal.kind} if kind else {}), "country": proposal.country, "proposed": True,
                        "seen_in": [seen_in]})
    return entries


def _proposals_yaml(entries: list[dict], what: str, confirmed_file: str) -> str:
    return (f"# 인제스트가 기사에서 찾아 제안한 {what}입니다. 초안만 쓸 수 있습니다.\n"
            f"# 맞으면 항목을 {confirmed_file}로 옮기고(proposed, seen_in 줄은 지우고 slug를 다듬으세요), 틀리면 지우세요.\n"
            + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000))


def _with_proposals(registries: Registries, partners: list[dict], places: list[dict]) -> Registries:
    def extended(kind: TermKind, entries: list[dict]):
        registry = registries.of(kind)
        known = {term.slug for term in registry.terms}
        extra = [Term(kind, e["name"], e["slug"], tuple(e.get("aliases") or ()), country=e.get("country"),
                      category=e.get("kind"), proposed=True) for e in entries if e["slug"] not in known]
        return make_registry(kind, [*registry.terms, *extra])
    return Registries(cities=registries.cities, partners=extended(TermKind.PARTNER, partners),
                      places=extended(TermKind.PLACE, places), tags=registries.tags)


def _ascii_slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug if slug and is_valid_slug(slug) else "briefing"


def _check(text: str, label: str, registries: Registries) -> list[str]:
    """The checks the build runs on a briefing, on the draft before it is written."""
    diagnostics = Diagnostics()
    source = source_from_text(text, label, diagnostics)
    if source is not None:
        validate_article(source, registries, diagnostics)
    return [str(problem) for problem in diagnostics]
