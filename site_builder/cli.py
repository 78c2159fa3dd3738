"""Command line: build | check | new | ingest | serve. Prints diagnostics; no pipeline logic here.

Exit codes: 0 ok, 1 content errors, 2 usage errors. Messages and --help speak Korean, or English with
``--lang en`` or an English locale (site_builder.i18n says how the language is chosen).
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from site_builder import __version__
from site_builder.config import Config, load_config, normalize_base_url
from site_builder.diagnostics import SiteError
from site_builder.write import release_signals, signals_held
from site_builder.i18n import LANGUAGES, N_, _, chosen_language, ngettext
from site_builder.urls import is_valid_slug

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them


# argparse's own words (usage:, options, its error messages) are looked up through argparse's module-level
# ``_`` and ``ngettext``; ``_argparse_speaks_ours`` points them at our catalogs while the parser is made and
# used. Listed here so Babel extracts them into our catalogs.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"), N_("expected one argument"),
    N_("expected at least one argument"), N_("expected at most one argument"),
    N_("invalid %(type)s value: %(value)r"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


@contextmanager
def _argparse_speaks_ours() -> Iterator[None]:
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with a short hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


def _site_options(parser: argparse.ArgumentParser, output: bool = True, drafts: bool = True) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help=_("site root folder (default: current folder)"))
    parser.add_argument("--content", type=Path, help=_("content folder (default: ROOT/content)"))
    parser.add_argument("--templates", type=Path, help=_("templates folder (default: ROOT/templates)"))
    if output:
        parser.add_argument("--output", type=Path, help=_("output folder (default: ROOT/output)"))
        parser.add_argument("--jobs", type=_positive, help=_("worker processes for rendering (default: all CPUs)"))
    parser.add_argument("--base-url", help=_("public URL of the site, e.g. https://example.org/archive/"))
    if drafts:
        parser.add_argument("--drafts", action="store_true", help=_("include briefings marked draft: true"))


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_("invalid job count {text!r} (expected a whole number >= 1)").format(text=text))
    return int(text)


def make_parser() -> argparse.ArgumentParser:
    """The command line in the current language; call it inside ``_argparse_speaks_ours``."""
    parser = _Parser(prog="site-builder", description=_("Build the briefing archive of Korean local governments' "
                                                        "work abroad as a static website."))
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}",
                        help=_("show the version and exit"))
    parser.add_argument("--lang", choices=LANGUAGES,
                        help=_("language of messages: ko (Korean, the default) or en (English); without it, "
                               "the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) decides"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    build = commands.add_parser("build", help=_("validate content and write the site to output/"),
                                description=_("Validate content/ and write the complete site to output/."))
    _site_options(build)
    build.add_argument("--clean", action="store_true",
                       help=_("write every file of output/ again, not only what changed (e.g. after files in "
                              "output/ were deleted or edited by hand)"))

    check = commands.add_parser("check", help=_("validate content only; write nothing"),
                                description=_("Validate content/ and report every problem; writes nothing."))
    _site_options(check, output=False)

    new = commands.add_parser("new", help=_("create a new briefing file with every front matter key"),
                              description=_("Create content/briefings/<date>-<slug>.md, e.g. "
                                            "site-builder new \"제목\" --slug daejeon-ces"))
    new.add_argument("title", help=_("the briefing's title"))
    new.add_argument("--slug", help=_("ASCII URL slug (default: <city>-<destination> from the registered names in "
                                      "the title, as ingest does)"))
    new.add_argument("--root", type=Path, default=Path("."), help=_("site root folder"))
    new.add_argument("--content", type=Path, help=_("content folder (default: ROOT/content)"))

    ingest = commands.add_parser(
        "ingest", help=_("turn saved news articles (text) into draft briefings"),
        description=_("Clean each article saved as text from its web page, extract date, city, officials, trip, "
                      "partners, destinations and figures, and write a draft briefing (draft: true) with a review "
                      "list of what was guessed. The raw text is kept in content/raw/."))
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE",
                        help=_("article text files (UTF-8 or CP949/EUC-KR)"))
    ingest.add_argument("--out", type=Path, help=_("folder for the drafts (default: CONTENT/briefings)"))
    ingest.add_argument("--force", action="store_true",
                        help=_("re-create drafts that already exist: the body is rewritten, the front matter an "
                               "editor may have filled in is kept"))
    ingest.add_argument("--reset-front-matter", action="store_true",
                        help=_("with --force, also replace the existing front matter with a fresh one"))
    ingest.add_argument("--root", type=Path, default=Path("."), help=_("site root folder"))
    ingest.add_argument("--content", type=Path, help=_("content folder (default: ROOT/content)"))

    serve = commands.add_parser("serve", help=_("preview the site; rebuilds on save and reloads the browser"),
                                description=_("Build into memory, serve on http://127.0.0.1:8000/, watch content/, "
                                              "templates/ and site.yaml, and reload open browsers after every save. "
                                              "Drafts are shown with a 초안 badge."))
    _site_options(serve, output=False, drafts=False)  # the preview always shows drafts, with their badge
    serve.add_argument("--host", default="127.0.0.1",
                       help=_("address to listen on (default: 127.0.0.1, this computer only)"))
    serve.add_argument("--port", type=_port, default=8000, help=_("port (default: 8000; 0 picks a free one)"))
    serve.add_argument("--open", action="store_true", help=_("open the site in the default web browser"))
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(_("invalid port {text!r} (expected 0-65535)").format(text=text))
    return int(text)


class UsageError(Exception):
    """A bad flag value: exit 2."""


def _config(args: argparse.Namespace) -> Config:
    base_url = getattr(args, "base_url", None)
    if base_url is not None and normalize_base_url(base_url) is None:
        raise UsageError(_("invalid --base-url {url!r} (expected an absolute http(s) URL such as "
                           "https://example.org/archive/)").format(url=base_url))
    return load_config(args.root, content=args.content, templates=getattr(args, "templates", None),
                       output=getattr(args, "output", None), base_url=getattr(args, "base_url", None),
                       drafts=getattr(args, "drafts", False))


def _print_warnings(warnings) -> None:
    """Problems of drafts that were left out: reported, but they do not stop the rest from being published."""
    for warning in warnings:
        print(_("{problem} [draft]").format(problem=warning), file=sys.stderr)
    files = len({warning.path for warning in warnings})
    if files:
        drafts = ngettext("{count} draft", "{count} drafts", files).format(count=files)
        print(ngettext("{count} problem in {drafts}; left out of this build (with --drafts it is an error).",
                       "{count} problems in {drafts}; left out of this build (with --drafts they are errors).",
                       len(warnings)).format(count=len(warnings), drafts=drafts), file=sys.stderr)


def _print_errors(error: SiteError) -> None:
    for diagnostic in error.diagnostics:
        print(diagnostic, file=sys.stderr)
    count = len(error.diagnostics)
    print(ngettext("{count} problem found; nothing was written.", "{count} problems found; nothing was written.",
                   count).format(count=count), file=sys.stderr)


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
        result = None if args.clean else unchanged_build(config, inputs, started)
        if result is None:
            with signals_held():  # an import cut by Ctrl-C half-way leaves a traceback behind
                from site_builder.build import build
            result = build(config, jobs=getattr(args, "jobs", None), progress=progress, inputs=inputs,
                           clean=args.clean)
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
    ok = ngettext("{count:,} briefing file OK", "{count:,} briefing files OK", result.briefings)
    if drafts and not config.drafts:
        ok += " " + ngettext("({published:,} published, {drafts:,} draft left out; --drafts includes it)",
                             "({published:,} published, {drafts:,} drafts left out; --drafts includes them)", drafts)
    print(ok.format(count=result.briefings, published=result.published, drafts=drafts))
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
        print("site-builder new: " + _("the title is empty (expected the briefing's title)"), file=sys.stderr)
        return EXIT_USAGE
    names = TitleNames((), (), None)
    if (content / "registry").is_dir():
        problems = Diagnostics()
        registries = load_registries(content / "registry", root, problems)
        if not problems:
            names = names_in_title(title, registries)
    slug = args.slug or names.slug
    if slug is None:
        print("site-builder new: " + _("no registered city or destination in the title to make the address (slug) "
                                       "from (expected --slug, e.g. site-builder new \"{title}\" --slug "
                                       "daejeon-ces-2025)").format(title=title), file=sys.stderr)
        return EXIT_USAGE
    if not is_valid_slug(slug):
        print("site-builder new: " + _("address (slug) {slug!r} cannot be used (expected ASCII lower-case letters, "
                                       "digits and hyphens)").format(slug=slug), file=sys.stderr)
        return EXIT_USAGE
    if "\n" in args.title or "\r" in args.title or CONTROL_CHARACTER.search(args.title):
        print("site-builder new: " + _("the title has a line break or a control character (expected one line of "
                                       "text)"), file=sys.stderr)
        return EXIT_USAGE
    try:
        path = scaffold(content / "briefings", title, slug, now.date(), names)
    except FileExistsError as error:
        print("site-builder new: " + _("{file} already exists (expected another address with --slug)").format(
            file=error.filename), file=sys.stderr)
        return EXIT_USAGE
    print(path)
    if not args.slug:
        print(_("The address (slug) {slug!r} was made from the registered names in the title; --slug chooses "
                "another.").format(slug=slug), file=sys.stderr)
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
            print(ngettext("{draft}: draft from {source}, {count} item to review",
                           "{draft}: draft from {source}, {count} items to review", len(outcome.review)).format(
                draft=display_path(outcome.draft, config.root), source=outcome.source, count=len(outcome.review)))
        else:
            print(f"{outcome.source}: {outcome.error}", file=sys.stderr)
    failed = sum(not o.ok for o in outcomes)
    files = ngettext("{count} file", "{count} files", len(outcomes)).format(count=len(outcomes))
    summary = (_("{files}: {written} drafts written, {failed} failed; preview them with site-builder serve")
               if failed < len(outcomes) else _("{files}: {written} drafts written, {failed} failed"))
    print(summary.format(files=files, written=len(outcomes) - failed, failed=failed))
    return EXIT_CONTENT if failed else EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from site_builder.preview import serve
    return serve(args.root, content=args.content, templates=args.templates, base_url=args.base_url,
                 host=args.host, port=args.port, open_browser=args.open)


# What each command imports before it runs (the pipeline itself only when a build has work to do).
_COMMAND_MODULES = {"build": ("site_builder.engine.stamp", "site_builder.write"), "check": ("site_builder.build",),
                    "new": ("site_builder.scaffold", "site_builder.registry", "site_builder.ingest.entities"),
                    "ingest": ("site_builder.ingest.run", "site_builder.registry"), "serve": ("site_builder.preview",)}

COMMANDS = {"build": run_build, "check": run_check, "new": run_new, "ingest": run_ingest, "serve": run_serve}


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C (pending files removed, output/ left whole), then exit 143."""


def _on_terminate(signum, frame) -> None:
    raise Terminated()


def language_flag(argv: list[str]) -> str | None:
    """The value of ``--lang`` given before the command, read ahead of parsing so --help speaks it too."""
    for index, item in enumerate(argv):
        if item == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if item.startswith("--lang=") and item.removeprefix("--lang=") in LANGUAGES:
            return item.removeprefix("--lang=")
        if item == "--" or (not item.startswith("-") and (index == 0 or argv[index - 1] != "--lang")):
            return None  # the command: what follows is its own
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    with chosen_language(language_flag(argv)):
        return _main(argv)


def _main(argv: list[str]) -> int:
    previous = None
    try:
        # From here on Ctrl-C and SIGTERM unwind through this try; site_builder.__main__ held them back until now.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        previous = signal.signal(signal.SIGTERM, _on_terminate)
        with _argparse_speaks_ours():
            args = make_parser().parse_args(argv)
        if args.command == "serve":  # the preview installs its own handlers
            signal.signal(signal.SIGTERM, previous)
            previous = None
        for module in _COMMAND_MODULES[args.command]:  # imported while signals are still held back
            importlib.import_module(module)
        release_signals()
        return COMMANDS[args.command](args)
    except SiteError as error:
        _print_errors(error)
        return EXIT_CONTENT
    except UsageError as error:
        print(f"site-builder: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(_("interrupted; output/ is as the last complete build left it"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print(_("terminated; output/ is as the last complete build left it"), file=sys.stderr)
        return EXIT_TERMINATED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
