"""Command line: build | check | new | ingest | serve. Prints diagnostics; no pipeline logic here.

Exit codes: 0 ok, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import signal
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
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with a short hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _site_options(parser: argparse.ArgumentParser, output: bool = True, drafts: bool = True) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="site root folder (default: current folder)")
    parser.add_argument("--content", type=Path, help="content folder (default: ROOT/content)")
    parser.add_argument("--templates", type=Path, help="templates folder (default: ROOT/templates)")
    if output:
        parser.add_argument("--output", type=Path, help="output folder (default: ROOT/output)")
        parser.add_argument("--jobs", type=_positive, help="worker processes for rendering (default: all CPUs)")
    parser.add_argument("--base-url", help="public URL of the site, e.g. https://example.org/archive/")
    if drafts:
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
    new.add_argument("--slug", help="ASCII URL slug (default: <city>-<destination> from the registered names in "
                                    "the title, as ingest does)")
    new.add_argument("--root", type=Path, default=Path("."), help="site root folder")
    new.add_argument("--content", type=Path, help="content folder (default: ROOT/content)")

    ingest = commands.add_parser(
        "ingest", help="turn saved news articles (text) into draft briefings",
        description="Clean each article saved as text from its web page, extract date, city, officials, trip, "
                    "partners, destinations and figures, and write a draft briefing (draft: true) with a review "
                    "list of what was guessed. The raw text is kept in content/raw/.")
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE", help="article text files (UTF-8 or CP949/EUC-KR)")
    ingest.add_argument("--out", type=Path, help="folder for the drafts (default: CONTENT/briefings)")
    ingest.add_argument("--force", action="store_true",
                        help="re-create drafts that already exist: the body is rewritten, the front matter an "
                             "editor may have filled in is kept")
    ingest.add_argument("--reset-front-matter", action="store_true",
                        help="with --force, also replace the existing front matter with a fresh one")
    ingest.add_argument("--root", type=Path, default=Path("."), help="site root folder")
    ingest.add_argument("--content", type=Path, help="content folder (default: ROOT/content)")

    serve = commands.add_parser("serve", help="preview the site; rebuilds on save and reloads the browser",
                                description="Build into memory, serve on http://127.0.0.1:8000/, watch content/, "
                                            "templates/ and site.yaml, and reload open browsers after every save. "
                                            "Drafts are shown with a 초안 badge.")
    _site_options(serve, output=False, drafts=False)  # the preview always shows drafts, with their badge
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


def _print_warnings(warnings) -> None:
    """Problems of drafts that were left out: reported, but they do not stop the rest from being published."""
    for warning in warnings:
        print(f"{warning} [초안]", file=sys.stderr)
    files = len({warning.path for warning in warnings})
    if files:
        print(f"초안 {files}개에 문제 {len(warnings)}건이 있어 그 초안은 빼고 만들었습니다 "
              f"(--drafts로 만들면 오류입니다).", file=sys.stderr)


def _print_errors(error: SiteError) -> None:
    for diagnostic in error.diagnostics:
        print(diagnostic, file=sys.stderr)
    count = len(error.diagnostics)
    print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    from site_builder.engine.stamp import scan_inputs, unchanged_build
    from site_builder.write import UnsafeOutputError, check_output_dir
    started = time.perf_counter()
    config = _config(args)
    progress = _terminal_progress()
    try:
        check_output_dir(config.output_dir, [config.root, config.content_dir, config.templates_dir])
        # Nothing changed since the last build: answer before loading the pipeline.
        inputs = scan_inputs(config)
        result = unchanged_build(config, inputs, started)
        if result is None:
            from site_builder.build import build
            result = build(config, jobs=getattr(args, "jobs", None), progress=progress, inputs=inputs)
    except UnsafeOutputError as error:
        print(f"site-builder: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if progress is not None:
            sys.stderr.write("\r\x1b[K")
    _print_warnings(result.warnings)
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
    from site_builder.build import check
    config = _config(args)
    result = check(config)
    _print_warnings(result.warnings)
    drafts = result.briefings - result.published
    print(f"{result.briefings:,} briefing files OK" + (f" ({result.published:,} published, {drafts:,} drafts left out; "
                                                      f"--drafts includes them)" if drafts and not config.drafts else ""))
    return EXIT_OK


def names_in_title(title: str, registries):
    """Cities and destinations named in a title, found as ingest finds them in an article."""
    from site_builder.ingest.entities import EntityFinder, Texts
    from site_builder.registry import lookup
    from site_builder.scaffold import TitleNames
    entities = EntityFinder(registries).find(Texts(title, (), ""))
    cities = tuple(t.name for name in entities.cities if (t := lookup(registries.cities, name)))
    places = tuple(t.name for name in entities.destinations if (t := lookup(registries.places, name)))
    parts = [lookup(registries.cities, n).slug for n in cities[:1]] + [lookup(registries.places, n).slug
                                                                     for n in places[:1]]
    return TitleNames(cities, places, "-".join(parts) or None)


def run_new(args: argparse.Namespace) -> int:
    from site_builder.diagnostics import Diagnostics
    from site_builder.registry import load_registries
    from site_builder.scaffold import TitleNames, scaffold
    from site_builder.body_limits import CONTROL_CHARACTER
    root = args.root.resolve()
    content = (args.content or root / "content").resolve()
    now = datetime.now(ZoneInfo(load_config(root, content=args.content).timezone))
    title = args.title.strip()
    if not title:
        print("site-builder new: 제목이 비어 있습니다 (제목을 적어 주세요)", file=sys.stderr)
        return EXIT_USAGE
    names = TitleNames((), (), None)
    if (content / "registry").is_dir():
        problems = Diagnostics()
        registries = load_registries(content / "registry", root, problems)
        if not problems:
            names = names_in_title(title, registries)
    slug = args.slug or names.slug
    if slug is None:
        print(f"site-builder new: 제목에서 등록된 도시나 방문지 이름을 찾지 못해 주소(slug)를 정할 수 없습니다 "
              f"(--slug로 정해 주세요, 예: site-builder new \"{title}\" --slug daejeon-ces-2025)", file=sys.stderr)
        return EXIT_USAGE
    if not is_valid_slug(slug):
        print(f"site-builder new: 주소(slug) {slug!r}를 쓸 수 없습니다 (영문 소문자, 숫자, 하이픈만)", file=sys.stderr)
        return EXIT_USAGE
    if "\n" in args.title or "\r" in args.title or CONTROL_CHARACTER.search(args.title):
        print("site-builder new: the title has a line break or a control character (expected one line of text)",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        path = scaffold(content / "briefings", title, slug, now.date(), names)
    except FileExistsError as error:
        print(f"site-builder new: {error.filename} 파일이 이미 있습니다 (--slug로 다른 주소를 정해 주세요)",
              file=sys.stderr)
        return EXIT_USAGE
    print(path)
    if not args.slug:
        print(f"주소(slug) '{slug}'는 제목의 등록된 이름에서 정했습니다. 바꾸려면 --slug를 쓰세요.", file=sys.stderr)
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
    outcomes = ingest_files(args.files, config.content_dir, drafts_dir, registries, config.root, force=args.force,
                            reset_front_matter=args.reset_front_matter)
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


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C (pending files removed, output/ left whole), then exit 143."""


def _on_terminate(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    previous = None
    if args.command != "serve":  # the preview installs its own handlers
        previous = signal.signal(signal.SIGTERM, _on_terminate)
    try:
        return COMMANDS[args.command](args)
    except SiteError as error:
        _print_errors(error)
        return EXIT_CONTENT
    except UsageError as error:
        print(f"site-builder: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted; output/ is as the last complete build left it", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("terminated; output/ is as the last complete build left it", file=sys.stderr)
        return EXIT_TERMINATED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
