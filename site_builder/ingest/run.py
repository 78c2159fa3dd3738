"""Ingest files: decode, clean, compose a draft, check it like the build would, and write it with the raw
article kept beside it. One bad file does not stop the others; every outcome is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from site_builder.diagnostics import Diagnostics
from site_builder.ingest.clean import clean
from site_builder.ingest.decode import DecodeError, decode
from site_builder.ingest.draft import Draft, compose_draft
from site_builder.ingest.entities import EntityFinder
from site_builder.load import briefing_paths, display_path, source_from_text
from site_builder.model import Registries
from site_builder.urls import is_valid_slug, slug_from_filename
from site_builder.validate import validate_article
from site_builder.write import write_file_atomic

RAW_FOLDER = "raw"


@dataclass(frozen=True)
class Outcome:
    source: str                     # the input as the user named it
    draft: Path | None = None       # the briefing written (or that already exists)
    raw: Path | None = None         # the raw article kept in content/raw/
    error: str | None = None        # why nothing was written
    review: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def ingest_files(paths: list[Path], content_dir: Path, drafts_dir: Path, registries: Registries,
                 root: Path, force: bool = False, today: date | None = None) -> list[Outcome]:
    today = today or date.today()
    taken = _slugs_in_use(drafts_dir)
    finder = EntityFinder(registries)
    outcomes = []
    for path in paths:
        try:
            outcomes.append(_ingest_one(path, content_dir, drafts_dir, finder, root, force, today, taken))
        except DecodeError as error:
            outcomes.append(Outcome(str(path), error=str(error)))
        except OSError as error:
            outcomes.append(Outcome(str(path), error=f"cannot read or write: {error.strerror or error}"))
    return outcomes


def _ingest_one(path: Path, content_dir: Path, drafts_dir: Path, finder: EntityFinder, root: Path,
                force: bool, today: date, taken: dict[str, Path]) -> Outcome:
    data = path.read_bytes()
    page = clean(decode(data, str(path)))
    if not any(block.kind == "paragraph" for block in page.blocks):
        return Outcome(str(path), error="no article text found (expected paragraphs of a news article)")
    draft = compose_draft(page, finder, _ascii_slug(path.stem), today)

    raw_dir = content_dir / RAW_FOLDER
    kept_raw = path.resolve().parent == raw_dir.resolve()
    name = path.stem if kept_raw else _free_name(draft, data, raw_dir, drafts_dir, taken)
    draft_path = drafts_dir / f"{name}.md"
    raw_path = path if kept_raw else raw_dir / f"{name}.txt"
    if draft_path.exists() and not force:
        return Outcome(str(path), draft_path, raw_path,
                       error=f"{display_path(draft_path, root)} already exists (use --force to overwrite it)")
    raw_name = raw_path.relative_to(content_dir).as_posix() if kept_raw else f"{RAW_FOLDER}/{name}.txt"
    text = draft.text(raw_name)
    problems = _check(text, display_path(draft_path, root), finder.registries)
    if problems:  # a bug in ingest, never the editor's: say so instead of writing a broken draft
        return Outcome(str(path), error="the draft would not pass check: " + "; ".join(problems))
    if not kept_raw and not raw_path.exists():
        write_file_atomic(raw_path, lambda stream: stream.write(data))
    write_file_atomic(draft_path, lambda stream: stream.write(text.encode("utf-8")))
    taken[slug_from_filename(name)] = draft_path
    return Outcome(str(path), draft_path, raw_path, review=draft.review)


def _free_name(draft: Draft, data: bytes, raw_dir: Path, drafts_dir: Path, taken: dict[str, Path]) -> str:
    """<date>-<slug>, with -2, -3 … when another article has that slug (slugs are URLs, unique across
    dates). The same raw article ingested again gets its old name back."""
    for number in range(1, 1000):
        slug = draft.slug if number == 1 else f"{draft.slug}-{number}"
        name = f"{draft.published.isoformat()}-{slug}" if draft.published else slug
        raw = raw_dir / f"{name}.txt"
        same_article = raw.is_file() and raw.read_bytes() == data
        if same_article or (not raw.exists() and slug not in taken):
            return name
    raise OSError(f"no free name for {draft.slug}")


def _slugs_in_use(drafts_dir: Path) -> dict[str, Path]:
    return {slug_from_filename(path.stem): path for path in briefing_paths(drafts_dir)}


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
