"""``site-builder serve``: a local preview that rebuilds on save and reloads open browsers.

Beside the pipeline, never inside it: it is handed ``build.PreviewBuilder`` (the one pipeline,
building into memory) and knows no stage; ``watch`` notices saves, ``server`` serves the last good build with
the ``livereload`` package's WebSocket handler and client, and shows build errors as an
overlay on every open page. Drafts are always shown (with their 초안 badge).
"""

from __future__ import annotations

import asyncio
import errno
import signal
import socket
import sys
import threading
import webbrowser
from dataclasses import replace
from pathlib import Path

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from site_builder.config import SITE_FILE, Config, load_config, normalize_base_url
from site_builder.diagnostics import SiteError
from site_builder.i18n import _
from site_builder.preview.server import PreviewServer, make_application, reload_browsers
from site_builder.build import PreviewBuilder
from site_builder.preview.watch import Watcher

__all__ = ["serve"]


def serve(root: Path, *, content: Path | None = None, templates: Path | None = None, base_url: str | None = None,
          host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False) -> int:
    """Build, serve and watch until Ctrl-C; returns the exit code (0, or 2 when the address is unusable)."""
    if base_url is not None and normalize_base_url(base_url) is None:
        print("site-builder serve: " + _("invalid --base-url {url!r} (expected an absolute http(s) URL such as "
                                         "https://example.org/archive/)").format(url=base_url), file=sys.stderr)
        return 2
    root = root.resolve()
    content_dir = (content or root / "content").resolve()
    templates_dir = (templates or root / "templates").resolve()
    try:
        sockets = bind_sockets(port, address=host)
    except (OSError, socket.gaierror) as error:
        print(f"site-builder serve: {_bind_problem(error, host, port)}", file=sys.stderr)
        return 2
    origin = f"http://{_url_host(host)}:{sockets[0].getsockname()[1]}"

    def make_config() -> Config:
        config = load_config(root, content=content, templates=templates, base_url=base_url)
        # Links and feeds point at this server; drafts are part of every preview.
        return replace(config, base_url=origin + config.base_path, drafts=True)

    loop: asyncio.AbstractEventLoop | None = None

    def notify(paths: list[str]) -> None:
        if loop is not None:
            try:
                loop.call_soon_threadsafe(reload_browsers, paths)
            except RuntimeError:  # the server is stopping
                pass

    watcher = Watcher([content_dir, templates_dir], [root / SITE_FILE])
    preview = PreviewServer(PreviewBuilder(make_config), watcher, root, notify)
    preview.build_first()
    preview.start_watching()
    stopping = threading.Event()
    stop: asyncio.Event | None = None

    def on_signal(signum, frame) -> None:
        if stopping.is_set():  # a second Ctrl-C does not wait
            raise KeyboardInterrupt
        stopping.set()
        if loop is not None and stop is not None:
            loop.call_soon_threadsafe(stop.set)

    # Installed before the URL is printed, so Ctrl-C at any moment from now on stops cleanly.
    previous = {signum: signal.signal(signum, on_signal) for signum in (signal.SIGINT, signal.SIGTERM)}

    url = origin + _base_path(make_config)
    print(_("Serving {url} (Ctrl-C to stop)").format(url=url), flush=True)
    print(_("Watching {content}, {templates} and {settings}").format(
        content=_shown(content_dir, root), templates=_shown(templates_dir, root), settings=SITE_FILE), flush=True)
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    async def run() -> None:
        nonlocal loop, stop
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        if stopping.is_set():  # Ctrl-C came before the loop ran
            return
        server = HTTPServer(make_application(preview, host))
        server.add_sockets(sockets)
        await stop.wait()
        server.stop()
        await server.close_all_connections()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        preview.stop_watching()
        for sock in sockets:
            sock.close()
    print(_("Stopped."), flush=True)
    return 0


def _bind_problem(error: Exception, host: str, port: int) -> str:
    if isinstance(error, OSError) and error.errno == errno.EADDRINUSE:
        return _("port {port} is already in use on {host} (expected a free port: stop the other server, choose "
                 "another --port, or --port 0 for any free port)").format(port=port, host=host)
    if isinstance(error, OSError) and error.errno == errno.EACCES:
        return _("no permission to use port {port} (expected a port above 1023, or --port 0)").format(port=port)
    return _("cannot listen on {host}:{port}: {reason} (expected a local address such as 127.0.0.1)").format(
        host=host, port=port, reason=error.strerror if isinstance(error, OSError) and error.strerror else error)


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _base_path(make_config) -> str:
    try:
        return make_config().base_path
    except SiteError:  # site.yaml is broken: the overlay says why
        return "/"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() + "/"
    except ValueError:
        return str(path)
