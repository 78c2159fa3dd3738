"""HTTP and live reload for the preview: serve the last good snapshot, rebuild after saves, reload browsers.

Browsers talk to the ``livereload`` package's WebSocket handler and run its
``livereload.js`` client, which reloads the page, or only the stylesheets when just CSS
changed. livereload's own ``Server.serve()`` is not used: it polls every 0.8 s, drops
saves that come within 1-3 s of the previous reload, and cannot report the port that
``--port 0`` picked. The live-reload script and the error overlay are added to HTML
responses here, never to built pages.
"""

from __future__ import annotations

import asyncio
import json
import html
import mimetypes
import re
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from site_builder.diagnostics import Diagnostic, SiteError, display_path
from site_builder.i18n import _, ngettext
from site_builder.build import MemorySite, PreviewBuilder
from site_builder.preview.watch import Watcher
from site_builder.urls import output_file

VERSION_PATH = "/livereload-version"
RELOAD_PAGE = "*"  # livereload.js reloads the whole page for any path that is not a stylesheet or an image
_BODY_START = re.compile(rb"<body[^>]*>", re.IGNORECASE)

# Loads livereload.js from this server whatever host name the browser used. After it connects, the page
# asks which build is current and reloads if it missed a reload while it was loading.
_LIVE_SCRIPT = """<script>(function(){{var version="{version}",s=document.createElement("script");\
var port=location.port||(location.protocol==="https:"?443:80);s.src="/livereload.js?port="+port;\
document.addEventListener("LiveReloadConnect",function(){{fetch("{version_path}",{{cache:"no-store"}})\
.then(function(r){{return r.text();}}).then(function(t){{if(t!==version){{location.reload();}}}},function(){{}});}});\
document.head.appendChild(s);}})();</script>"""

_OVERLAY = """<div id="site-builder-errors" role="alert" lang="ko" style="position:fixed;z-index:2147483647;\
left:0;right:0;top:0;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;box-sizing:border-box;\
background:#5c0a0a;color:#fff;font:16px/1.5 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.4);\
word-break:keep-all">
<p style="margin:0 0 .5rem"><strong>빌드 오류 {count}건</strong> — {note}</p>
<pre style="margin:0;white-space:pre-wrap;word-break:break-all;font:14px/1.5 ui-monospace,monospace;\
color:#fff;background:transparent">{messages}</pre>
<button type="button" style="margin-top:.75rem;font:inherit;padding:.25rem .75rem;color:#5c0a0a;background:#fff;\
border:2px solid #fff;border-radius:4px;cursor:pointer" onclick="this.parentNode.remove()">닫기</button>
</div>"""

_ERROR_PAGE = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>빌드 오류 · site-builder</title>
</head>
<body>
<main style="padding:40vh 1.25rem 2rem;font:16px/1.5 system-ui,sans-serif">
<h1>{heading}</h1>
<p>위의 문제를 고쳐 저장하면 이 페이지가 저절로 다시 열립니다.</p>
</main>
</body>
</html>
"""
_NO_SITE_YET = "사이트를 아직 만들 수 없습니다"
_NO_PAGE = "이 페이지를 만들 수 없습니다"


@dataclass(frozen=True)
class State:
    """What the server shows; replaced as a whole so a request never sees half of a change."""
    snapshot: MemorySite | None        # the last good build
    problems: tuple[Diagnostic, ...]   # why the latest build failed; empty when it succeeded
    version: int                       # counts the changes browsers were told about


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None


def overlay(problems: Iterable[Diagnostic], note: str) -> str:
    problems = list(problems)
    return _OVERLAY.format(count=len(problems), note=html.escape(note),
                           messages=html.escape("\n".join(str(p) for p in problems)))


def content_type(site_path: str) -> str:
    kind = mimetypes.guess_type(output_file(site_path).name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind.endswith(("xml", "json", "javascript")):
        kind += "; charset=utf-8"
    return kind


def site_path_of(request_path: str, base_path: str) -> str | None:
    """The site path a URL path asks for, or None when it is outside the site (``/../`` included)."""
    path = unquote(request_path)
    if "\x00" in path or "\\" in path or any(part in (".", "..") for part in path.split("/")):
        return None
    if not path.startswith(base_path):
        return None
    return path[len(base_path):]


class PreviewServer:
    """Keeps the last good snapshot, rebuilds on changes and tells browsers to reload."""

    def __init__(self, builder: PreviewBuilder, watcher: Watcher, root: Path,
                 notify: Callable[[list[str]], None], out=sys.stdout, err=sys.stderr):
        self.builder = builder
        self.watcher = watcher
        self.root = root
        self.notify = notify   # called from the watching thread; must hand over to the server's loop
        self.out, self.err = out, err
        self.state = State(None, (), 0)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- building ---------------------------------------------------------------------------
    def build_first(self) -> None:
        started = time.perf_counter()
        self._say(_("Building {root} ...").format(root=self.root))
        if self._build():
            snapshot = self.state.snapshot
            self._say(_("Built {articles:,} briefings (drafts included), {pages:,} pages in {elapsed}").format(
                articles=snapshot.article_count, pages=len(snapshot.pages()), elapsed=_elapsed(started)))
            # The search index is made beside the server, not before it answers; then the total is the same
            # count of files that `build --drafts` reports.
            threading.Thread(target=self._count_files, args=(snapshot, time.perf_counter()), daemon=True).start()

    def _count_files(self, snapshot: MemorySite, started: float) -> None:
        try:
            files = len(snapshot.paths())
        except SiteError:
            return  # the overlay already shows the problem
        self._say(_("Search index ready: {files:,} files in the site ({elapsed})").format(
            files=files, elapsed=_elapsed(started)))

    def rebuild(self, changed: set[Path]) -> None:
        """React to one burst of changed files; never raises."""
        started = time.perf_counter()
        label = self._describe(changed)
        static_dir = self.builder.static_dir
        if static_dir is not None and self.state.snapshot is not None \
                and all(static_dir in path.parents for path in changed):
            snapshot = self.builder.refresh_static()
            if snapshot is not None:
                prefix = "static/"
                paths = sorted(prefix + path.relative_to(static_dir).as_posix() for path in changed)
                self._publish(snapshot, self.state.problems, paths)
                self._say(_("Refreshed static files in {elapsed}: {files}").format(elapsed=_elapsed(started), files=label))
                return
        if self._build():
            self._say(_("Rebuilt in {elapsed}: {files}").format(elapsed=_elapsed(started), files=label))

    def _build(self) -> bool:
        try:
            snapshot = self.builder.build()
        except SiteError as error:
            self._fail(error.diagnostics)
            return False
        except Exception as error:  # a bug in site_builder, not the editor's mistake: report it, keep serving
            traceback.print_exc(file=self.err)
            self._fail((Diagnostic("site_builder", 1, _("internal error: {error}: {problem}").format(
                error=type(error).__name__, problem=error)),))
            return False
        self._publish(snapshot, (), [RELOAD_PAGE])
        return True

    def _fail(self, problems: tuple[Diagnostic, ...]) -> None:
        for problem in problems:
            print(problem, file=self.err, flush=True)
        count = len(problems)
        message = (ngettext("{count} problem found; still serving the last good build. Fix and save to rebuild.",
                            "{count} problems found; still serving the last good build. Fix and save to rebuild.",
                            count) if self.state.snapshot else
                   ngettext("{count} problem found; nothing to serve yet. Fix and save to rebuild.",
                            "{count} problems found; nothing to serve yet. Fix and save to rebuild.", count))
        print(message.format(count=count), file=self.err, flush=True)
        if problems != self.state.problems:
            self._publish(self.state.snapshot, problems, [RELOAD_PAGE])

    def _publish(self, snapshot: MemorySite | None, problems: tuple[Diagnostic, ...], paths: list[str]) -> None:
        self.state = State(snapshot, problems, self.state.version + 1)
        self.notify(paths)

    # -- watching ---------------------------------------------------------------------------
    def start_watching(self) -> None:
        self._thread = threading.Thread(target=self._watch, name="site-builder-watch", daemon=True)
        self._thread.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._thread is None or not self._thread.is_alive():
            self.watcher.close()

    def _watch(self) -> None:
        while not self._stop.is_set():
            changed = self.watcher.wait(self._stop)
            if changed and not self._stop.is_set():
                self.rebuild(changed)

    # -- serving ----------------------------------------------------------------------------
    def respond(self, request_path: str) -> Response:
        """The response for a GET of ``request_path``; never raises."""
        try:
            return self._respond(request_path)
        except Exception as error:  # a bug in site_builder: say so on the page and in the terminal, keep serving
            traceback.print_exc(file=self.err)
            problem = Diagnostic("site_builder", 1, _("internal error: {error}: {problem}").format(
                error=type(error).__name__, problem=error))
            return self._page(State(self.state.snapshot, (problem,), self.state.version), 500,
                              _ERROR_PAGE.format(heading=_NO_PAGE).encode("utf-8"))

    def _respond(self, request_path: str) -> Response:
        state = self.state
        snapshot = state.snapshot
        if snapshot is None:
            return self._page(state, 500, _ERROR_PAGE.format(heading=_NO_SITE_YET).encode("utf-8"))
        base_path = snapshot.config.base_path
        site_path = site_path_of(request_path, base_path)
        if site_path is None:
            if request_path in ("/", "") or base_path.startswith(request_path.rstrip("/") + "/"):
                return Response(302, b"", location=base_path)
            return self._not_found(state)
        if site_path == "index.html" or site_path.endswith("/index.html"):
            site_path = site_path.removesuffix("index.html")
        try:
            data = snapshot.get(site_path)
        except SiteError as error:  # a template mistake only this page shows
            for problem in error.diagnostics:
                print(problem, file=self.err, flush=True)
            return self._page(State(snapshot, error.diagnostics, state.version), 500,
                              _ERROR_PAGE.format(heading=_NO_PAGE).encode("utf-8"))
        if data is None:
            if not site_path.endswith("/") and snapshot.has_page(site_path + "/"):
                return Response(302, b"", location=base_path + site_path + "/")
            return self._not_found(state)
        kind = content_type(site_path)
        if kind.startswith("text/html"):
            return self._page(state, 200, data)
        return Response(200, data, kind)

    def _not_found(self, state: State) -> Response:
        try:
            page = state.snapshot.get("404.html") if state.snapshot else None
        except SiteError:
            page = None
        return self._page(state, 404, page or b"<!DOCTYPE html><title>404</title><h1>404</h1>")

    def _page(self, state: State, status: int, page: bytes) -> Response:
        """An HTML page with the live-reload script and, after a failed build, the error overlay."""
        script = _LIVE_SCRIPT.format(version=state.version, version_path=VERSION_PATH).encode("utf-8")
        page = page.replace(b"</head>", script + b"</head>", 1) if b"</head>" in page else script + page
        if state.problems:
            note = ("마지막으로 성공한 빌드를 보여 주고 있습니다." if self.state.snapshot else "") + \
                   " 파일을 고쳐 저장하면 이 안내는 저절로 사라집니다."
            box = overlay(state.problems, note.strip()).encode("utf-8")
            match = _BODY_START.search(page)
            page = page[:match.end()] + box + page[match.end():] if match else box + page
        return Response(status, page)

    # -- output -----------------------------------------------------------------------------
    def _describe(self, changed: set[Path]) -> str:
        names = sorted(display_path(path, self.root) for path in changed)
        return ", ".join(names[:3]) + (_(" and {count} more").format(count=len(names) - 3) if len(names) > 3 else "")

    def _say(self, message: str) -> None:
        print(message, file=self.out, flush=True)


def _elapsed(started: float) -> str:
    seconds = time.perf_counter() - started
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _in_thread(respond: Callable[[str], Response], path: str) -> asyncio.Future:
    """``respond(path)`` in a daemon thread, so Ctrl-C never waits for a long render to finish."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle(response: Response) -> None:
        if not future.done():
            future.set_result(response)

    def run() -> None:
        response = respond(path)
        try:
            loop.call_soon_threadsafe(settle, response)
        except RuntimeError:  # the server stopped meanwhile
            pass

    threading.Thread(target=run, name="site-builder-page", daemon=True).start()
    return future


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


class _PreviewHandler(web.RequestHandler):
    def initialize(self, preview: PreviewServer, hosts: frozenset[str] | None) -> None:
        self.preview = preview
        self.hosts = hosts

    def prepare(self) -> None:
        # Bound to this computer only: refuse other host names, so a web page cannot reach the
        # preview (and its drafts) through DNS rebinding.
        if self.hosts is not None and self.request.host_name not in self.hosts:
            raise web.HTTPError(403)

    def compute_etag(self) -> None:  # always fresh: no 304s in a preview
        return None


class _SiteHandler(_PreviewHandler):
    async def get(self) -> None:
        # In a worker thread: a page that takes long to render never holds up reloads or other pages.
        response = await _in_thread(self.preview.respond, self.request.path)
        self.set_status(response.status)
        self.set_header("Cache-Control", "no-store")
        if response.location is not None:
            self.set_header("Location", response.location)
        self.set_header("Content-Type", response.content_type)
        self.finish(response.body)

    head = get


class _VersionHandler(_PreviewHandler):
    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(str(self.preview.state.version))


class _ReloadSocket(LiveReloadHandler):
    """livereload's WebSocket, answering only this server's host names and pages of its own origin."""

    def initialize(self, hosts: frozenset[str] | None) -> None:
        self.hosts = hosts

    def prepare(self) -> None:
        if self.hosts is not None and self.request.host_name not in self.hosts:
            raise web.HTTPError(403)

    def check_origin(self, origin: str) -> bool:
        # Tornado's same-origin rule (livereload's handler allows every origin): the page's host and
        # port must be the ones this socket was reached at, so another site's page cannot listen in.
        return WebSocketHandler.check_origin(self, origin)

    def on_message(self, message: str | bytes) -> None:
        """livereload.js's hello/info handshake; anything else is ignored without a traceback."""
        try:
            parsed = json.loads(message)
        except (ValueError, TypeError):
            return
        if isinstance(parsed, dict) and isinstance(parsed.get("command"), str):
            super().on_message(message)


def make_application(preview: PreviewServer, host: str) -> web.Application:
    """Routes: livereload's WebSocket and client script, the build version, and the site."""
    options = {"preview": preview, "hosts": LOOPBACK_NAMES if host in LOOPBACK_NAMES else None}
    return web.Application([
        (r"/livereload", _ReloadSocket, {"hosts": options["hosts"]}),
        (r"/livereload\.js", LiveReloadJSHandler),
        (re.escape(VERSION_PATH), _VersionHandler, options),
        (r"/.*", _SiteHandler, options),
    ], log_function=lambda handler: None)  # the terminal is for build messages, not an access log


def reload_browsers(paths: list[str]) -> None:
    """Runs on the server's loop: one livereload protocol message per path to every connected page."""
    for path in paths:
        message = {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}
        for waiter in list(LiveReloadHandler.waiters):
            try:
                waiter.write_message(message)
            except WebSocketClosedError:
                LiveReloadHandler.waiters.discard(waiter)
