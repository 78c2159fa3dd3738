"""Shared test helpers: build a site, crawl it like a browser, serve it, launch Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import threading
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from site_builder.build import build
from site_builder.config import load_config
from site_builder.write import MARKER

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATES = PROJECT / "templates"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]


def copy_fixture(name: str, destination: Path) -> Path:
    target = destination / name
    shutil.copytree(FIXTURES / name, target)
    return target


def build_site(root: Path, output: Path, *, base_url: str | None = None, drafts: bool = False,
               templates: Path = TEMPLATES, content: Path | None = None, jobs: int | None = None,
               cache: Path | None = None, clean: bool = False):
    """Build into ``output``; the build cache lives beside it (never in the project), one per output."""
    config = load_config(root, content=content, templates=templates, output=output, base_url=base_url, drafts=drafts,
                         cache=cache or output.parent / f".cache-{output.name}")
    return build(config, jobs=jobs, clean=clean)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the site under ``folder`` with its bytes, for before/after comparisons (the build's marker,
    which names the build rather than being a page, is left out)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MARKER}


def memory_snapshot(site) -> dict[str, bytes]:
    """Every file of a preview's in-memory site, keyed as ``snapshot`` keys a folder's files."""
    from site_builder.urls import output_file
    return {output_file(path).as_posix(): data for path, data in site.files().items()}


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []   # (tag, url)
        self.ids: set[str] = set()
        self.html_lang: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.links.append((tag, attributes[name]))


def parse_page(path: Path) -> LinkParser:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def crawl(output: Path, base_url: str) -> tuple[list[str], list[Path]]:
    """Follow every internal link from the home page; return (broken links, pages visited)."""
    base = urlsplit(base_url)
    broken: list[str] = []
    seen: set[Path] = set()
    pages_ids: dict[Path, set[str]] = {}
    queue = [output / "index.html"]
    pending_fragments: list[tuple[Path, Path, str]] = []
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        parsed = parse_page(page)
        pages_ids[page] = parsed.ids
        page_url = base_url + page.relative_to(output).as_posix().removesuffix("index.html")
        for _, link in parsed.links:
            absolute = urljoin(page_url, link)
            parts = urlsplit(absolute)
            if parts.netloc != base.netloc or parts.scheme not in ("http", "https"):
                continue
            if not parts.path.startswith(base.path):
                broken.append(f"{page.relative_to(output)}: {link} (outside the base path)")
                continue
            relative = unquote(parts.path[len(base.path):])
            target = output / relative
            if relative == "" or relative.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(output)}: {link}")
                continue
            if parts.fragment:
                pending_fragments.append((page, target, unquote(parts.fragment)))
            if target.suffix == ".html":
                queue.append(target)
    for page, target, fragment in pending_fragments:
        ids = pages_ids.get(target)
        if ids is None:
            ids = pages_ids[target] = parse_page(target).ids
        if fragment not in ids:
            broken.append(f"{page.relative_to(output)}: #{fragment} missing in {target.relative_to(output)}")
    return broken, sorted(seen)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output readable
        pass


@contextmanager
def serve_directory(folder: Path, mount: str = "/"):
    """Serve ``folder`` on 127.0.0.1 under the URL path ``mount``; yields the base URL."""
    root = folder
    if mount != "/":
        # Serve from a parent folder so that /archive/... maps to the site.
        holder = folder.parent / (folder.name + "-mount")
        target = holder / mount.strip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.symlink(folder, target)
        root = holder
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{mount}"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
