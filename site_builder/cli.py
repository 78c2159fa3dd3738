"""Command line: build | check | new | ingest | serve. Prints diagnostics; no pipeline logic here.

Exit codes: 0 ok, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from site_builder import __version__
from site_builder.config import Config, load_config, normalize_base_url
from site_builder.diagnostics import SiteError
from site_builder.urls import is_valid_slug

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with a short hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _site_options(parser: argparse.ArgumentParser, output: bool = True) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="site root folder (default: current folder)")
    parser.add_argument("--content", type=Path, help="content folder (default: ROOT/content)")
    parser.add_argument("--templates", type=Path, help="templates folder (default: ROOT/templates)")
    if output:
        parser.add_argument("--output", type=Path, help="output folder (default: ROOT/output)")
        parser.add_argument("--jobs", type=_positive, help="worker processes for rendering (default: all CPUs)")
    parser.add_argument("--base-url", help="public URL of the site, e.g. https://example.org/archive/")
    parser.add_argument("--drafts", action="store_true", help="include briefings marked draft: true")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"invalid job count {text!r} (expected a whole number >= 1)")
    return int(text)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="site-builder", description="해외교류 브리핑 아카이브를 정적 사이트로 만듭니다.")
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    build = commands.add_parser("build", help="validate content and write the site to output/",
                                description="Validate content/ and write the complete site to output/.")
    _site_options(build)

    check = commands.add_parser("check", help="validate content only; write nothing",
                                description="Validate content/ and report every problem; writes nothing.")
    _site_options(check, output=False)

    new = commands.add_parser("new", help="create a new briefing file with every front matter key",
                              description='Create content/briefings/<date>-<slug>.md, e.g. site-builder new "제목" --slug daejeon-ces')
    new.add_argument("title", help="the briefing's title")
    new.add_argument("--slug", help="ASCII URL slug (default: briefing-HHMMSS)")
    new.add_argument("--root", type=Path, default=Path("."), help="site root folder")
    new.add_argument("--content", type=Path, help="content folder (default: ROOT/content)")

    ingest = commands.add_parser(
        "ingest", help="turn saved news articles (text) into draft briefings",
        description="Clean each article saved as text from its web page, extract date, city, officials, trip, "
                    "partners, destinations and figures, and write a draft briefing (draft: true) with a review "
                    "list of what was guessed. The raw text is kept in content/raw/.")
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE", help="article text files (UTF-8 or CP949/EUC-KR)")
    ingest.add_argument("--out", type=Path, help="folder for the drafts (default: CONTENT/briefings)")
    ingest.add_argument("--force", action="store_true", help="overwrite drafts that already exist")
    ingest.add_argument("--root", type=Path, default=Path("."), help="site root folder")
    ingest.add_argument("--content", type=Path, help="content folder (default: ROOT/content)")

    serve = commands.add_parser("serve", help="preview the site; rebuilds on save and reloads the browser",
                                description="Build into memory, serve on http://127.0.0.1:8000/, watch content/, "
                                            "templates/ and site.yaml, and reload open browsers after every save. "
                                            "Drafts are shown with a 초안 badge.")
    _site_options(serve, output=False)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve.add_argument("--open", action="store_true", help="open the site in the default web browser")
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"invalid port {text!r} (expected 0-65535)")
    return int(text)


class UsageError(Exception):
    """A bad flag value: exit 2."""


def _config(args: argparse.Namespace) -> Config:
    base_url = getattr(args, "base_url", None)
    if base_url is not None and normalize_base_url(base_url) is None:
        raise UsageError(f"invalid --base-url {base_url!r} (expected an absolute http(s) URL such as "
                         "https://example.org/archive/)")
    return load_config(args.root, content=args.content, templates=getattr(args, "templates", None),
                       output=getattr(args, "output", None), base_url=getattr(args, "base_url", None),
                       drafts=getattr(args, "drafts", False))


def _print_errors(error: SiteError) -> None:
    for diagnostic in error.diagnostics:
        print(diagnostic, file=sys.stderr)
    count = len(error.diagnostics)
    print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    from site_builder.engine.stamp import unchanged_build
    from site_builder.write import UnsafeOutputError, check_output_dir
    config = _config(args)
    progress = _terminal_progress()
    try:
        check_output_dir(config.output_dir, [config.root, config.content_dir, config.templates_dir])
        # Nothing changed since the last build: answer before loading the pipeline.
        result = unchanged_build(config, time.perf_counter())
        if result is None:
            from site_builder.build import build
            result = build(config, jobs=getattr(args, "jobs", None), progress=progress)
    except UnsafeOutputError as error:
        print(f"site-builder: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if progress is not None:
            sys.stderr.write("\r\x1b[K")
    print(result.summary())
    return EXIT_OK


def _terminal_progress() -> Callable[[str], None] | None:
    """A one-line progress display on a terminal; nothing when output is not a TTY."""
    if not sys.stderr.isatty():
        return None
    last = [0.0]

    def show(message: str) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.1:
            last[0] = now
            sys.stderr.write(f"\r\x1b[K{message}")
            sys.stderr.flush()
    return show


def run_check(args: argparse.Namespace) -> int:
    from site_builder.build import check_site
    site = check_site(_config(args))
    print(f"{len(site.articles):,} briefings OK")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from site_builder.body_limits import CONTROL_CHARACTER
    from site_builder.scaffold import scaffold
    root = args.root.resolve()
    content = (args.content or root / "content").resolve()
    now = datetime.now(ZoneInfo("Asia/Seoul"))
    slug = args.slug or f"briefing-{now:%H%M%S}"
    if not is_valid_slug(slug):
        print(f"site-builder new: invalid slug {slug!r} (expected ASCII lower-case letters, digits and hyphens)",
              file=sys.stderr)
        return EXIT_USAGE
    if not args.title.strip():
        print("site-builder new: the title is empty (expected a title)", file=sys.stderr)
        return EXIT_USAGE
    if "\n" in args.title or "\r" in args.title or CONTROL_CHARACTER.search(args.title):
        print("site-builder new: the title has a line break or a control character (expected one line of text)",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        path = scaffold(content / "briefings", args.title.strip(), slug, now.date())
    except FileExistsError as error:
        print(f"site-builder new: {error.filename} already exists (expected a new slug; use --slug)", file=sys.stderr)
        return EXIT_USAGE
    print(path)
    return EXIT_OK


def run_ingest(args: argparse.Namespace) -> int:
    from site_builder.diagnostics import Diagnostics
    from site_builder.ingest.run import ingest_files
    from site_builder.load import display_path
    from site_builder.registry import load_registries
    config = _config(args)
    diagnostics = Diagnostics()
    registries = load_registries(config.registry_dir, config.root, diagnostics)
    diagnostics.raise_if_any()
    drafts_dir = (args.out or config.briefings_dir).resolve()
    outcomes = ingest_files(args.files, config.content_dir, drafts_dir, registries, config.root, force=args.force)
    for outcome in outcomes:
        if outcome.ok:
            print(f"{display_path(outcome.draft, config.root)}: draft from {outcome.source}, "
                  f"{len(outcome.review)} items to review")
        else:
            print(f"{outcome.source}: {outcome.error}", file=sys.stderr)
    failed = sum(not o.ok for o in outcomes)
    print(f"{len(outcomes)} file{'s' if len(outcomes) != 1 else ''}: {len(outcomes) - failed} drafts written, "
          f"{failed} failed" + ("; preview them with site-builder serve" if failed < len(outcomes) else ""))
    return EXIT_CONTENT if failed else EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from site_builder.preview import serve
    return serve(args.root, content=args.content, templates=args.templates, base_url=args.base_url,
                 host=args.host, port=args.port, open_browser=args.open)


COMMANDS = {"build": run_build, "check": run_check, "new": run_new, "ingest": run_ingest, "serve": run_serve}


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SiteError as error:
        _print_errors(error)
        return EXIT_CONTENT
    except UsageError as error:
        print(f"site-builder: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
