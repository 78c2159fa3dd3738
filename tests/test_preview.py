"""site-builder serve: the real server in a subprocess, real files edited, real Chromium reloading by itself."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from site_builder.build import PreviewBuilder
from site_builder.config import load_config
from site_builder.preview.server import site_path_of
from site_builder.preview import watch
from site_builder.preview.watch import Watcher, is_ignored
from tests.support import FIXTURES, PROJECT, build_site, free_port, memory_snapshot, snapshot


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """These tests read the tool's English messages; Korean ones: tests/test_i18n.py, tests/test_validate.py."""
    monkeypatch.setenv("LANGUAGE", "en")


CES = "content/briefings/2024-02-17-daejeon-ces.md"
CES_PAGE = "briefings/daejeon-ces/"
CES_TITLE = "대전시, CES 2024 대전관 성과공유회"
DRAFT_PAGE = "briefings/gumi-draft/"
TIMEOUT = 20.0


@pytest.fixture
def site_root(tmp_path) -> Path:
    """A site of its own: the basic fixture's content, a copy of the project's templates."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "basic" / "content", root / "content")
    shutil.copytree(PROJECT / "templates", root / "templates")
    (root / "site.yaml").write_text("title: 미리보기 시험\n", encoding="utf-8")
    return root


class Server:
    """``site-builder serve`` in a subprocess; its output is collected line by line."""

    def __init__(self, root: Path, *args: str, wait: bool = True):
        self.root = root
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--root", str(root), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.url = self.wait_for(r"Serving (http://\S+)").group(1) if wait else ""

    def _read(self) -> None:
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def output(self) -> str:
        with self._changed:
            return "\n".join(self.lines)

    def wait_for(self, pattern: str, start: int = 0, timeout: float = TIMEOUT) -> re.Match:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines[start:]:
                    if match := re.search(pattern, line):
                        return match
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.process.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines))
                self._changed.wait(min(remaining, 0.2))

    def count(self, pattern: str) -> int:
        with self._changed:
            return sum(1 for line in self.lines if re.search(pattern, line))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)


@pytest.fixture
def start_server():
    servers: list[Server] = []

    def start(root: Path, *args: str, wait: bool = True) -> Server:
        server = Server(root, *args, wait=wait)
        servers.append(server)
        return server

    yield start
    for server in servers:  # always: no server outlives its test
        server.stop()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def fetch_until(url: str, condition, timeout: float = TIMEOUT) -> str:
    deadline = time.monotonic() + timeout
    while True:
        status, text = fetch(url)
        if condition(text):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} never satisfied the condition; last response {status}:\n{text[:2000]}")
        time.sleep(0.05)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def raw_get(url: str, path: str, host_header: str | None = None) -> bytes:
    """A request line sent as written: clients normalise ``/../``, attackers do not."""
    host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host_header or host}\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def open_page(browser, url: str):
    """A page whose window records that livereload.js connected (so a save cannot slip past it)."""
    page = browser.new_page()
    page.add_init_script("document.addEventListener('LiveReloadConnect', () => { window.__connected = true; });")
    page.goto(url)
    page.wait_for_function("window.__connected === true", timeout=TIMEOUT * 1000)
    page.evaluate("window.__sameDocument = true")
    return page


# -- the browser ------------------------------------------------------------------------------

@pytest.mark.browser
def test_saving_a_briefing_reloads_the_open_page_by_itself(site_root, start_server, browser):
    server = start_server(site_root, "--port", "0")
    page = open_page(browser, server.url + CES_PAGE)
    try:
        assert page.title().startswith(CES_TITLE)
        edit(site_root / CES, f"title: {CES_TITLE}", "title: 대전시, CES 2024 성과 다시 보기")
        page.wait_for_function("document.title.startsWith('대전시, CES 2024 성과 다시 보기') "
                               "&& window.__sameDocument === undefined", timeout=TIMEOUT * 1000)
        assert "대전시, CES 2024 성과 다시 보기" in page.locator("h1").inner_text()
        assert "대전시, CES 2024 성과 다시 보기" in fetch(server.url + CES_PAGE)[1]
        server.wait_for(r"^Rebuilt in \d+ ms: content/briefings/2024-02-17-daejeon-ces\.md$")
    finally:
        page.close()


@pytest.mark.browser
def test_a_css_change_swaps_the_stylesheet_without_reloading(site_root, start_server, browser):
    server = start_server(site_root, "--port", "0")
    page = open_page(browser, server.url)
    try:
        css = site_root / "templates" / "static" / "site.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n:root { --preview-probe: 7px; }\n", encoding="utf-8")
        page.wait_for_function(
            "getComputedStyle(document.documentElement).getPropertyValue('--preview-probe').trim() === '7px'",
            timeout=TIMEOUT * 1000)
        assert page.evaluate("window.__sameDocument") is True  # styles changed, the document did not
        server.wait_for(r"^Refreshed static files in \d+ ms: templates/static/site\.css$")
    finally:
        page.close()


@pytest.mark.browser
def test_a_broken_file_shows_an_overlay_until_it_is_fixed(site_root, start_server, browser):
    server = start_server(site_root, "--port", "0")
    page = open_page(browser, server.url + CES_PAGE)
    try:
        edit(site_root / CES, "date: 2024-02-17", "date: [2024-02-17")
        overlay = page.locator("#site-builder-errors")
        overlay.wait_for(state="visible", timeout=TIMEOUT * 1000)
        message = overlay.inner_text()
        assert re.search(rf"{re.escape(CES)}:\d+: YAML syntax error", message), message
        assert "마지막으로 성공한 빌드" in message
        # The last good page is still there, under the overlay, and every other page shows the overlay too.
        assert CES_TITLE in page.locator("h1").inner_text()
        status, home = fetch(server.url)
        assert status == 200 and 'id="site-builder-errors"' in home and "YAML syntax error" in home
        # The terminal says the same, without a traceback.
        server.wait_for(rf"^{re.escape(CES)}:\d+: YAML syntax error")
        server.wait_for(r"^1 problem found; still serving the last good build")
        assert "Traceback" not in server.output

        edit(site_root / CES, "date: [2024-02-17", "date: 2024-02-17")
        overlay.wait_for(state="detached", timeout=TIMEOUT * 1000)
        assert CES_TITLE in page.locator("h1").inner_text()
        assert 'id="site-builder-errors"' not in fetch(server.url)[1]
    finally:
        page.close()


# -- HTTP -------------------------------------------------------------------------------------

def test_an_invalid_value_is_reported_with_its_line_and_recovery_needs_no_restart(site_root, start_server):
    server = start_server(site_root, "--port", "0")
    edit(site_root / CES, "city: [대전광역시]", "city: [대전광역시X]")
    text = fetch_until(server.url + CES_PAGE, lambda t: "site-builder-errors" in t)
    assert f"{CES}:4: unknown city &#x27;대전광역시X&#x27;" in text
    server.wait_for(rf"^{re.escape(CES)}:4: unknown city '대전광역시X'")
    edit(site_root / CES, "city: [대전광역시X]", "city: [대전광역시]")
    fetch_until(server.url + CES_PAGE, lambda t: "site-builder-errors" not in t)


def test_a_site_that_starts_broken_is_served_once_fixed(site_root, start_server):
    edit(site_root / CES, "title: ", "titel: ")
    server = start_server(site_root, "--port", "0")
    status, text = fetch(server.url)
    assert status == 500 and "site-builder-errors" in text and "unknown key &#x27;titel&#x27;" in text
    edit(site_root / CES, "titel: ", "title: ")
    text = fetch_until(server.url, lambda t: "site-builder-errors" not in t)
    assert "미리보기 시험" in text
    assert "Traceback" not in server.output


def test_drafts_show_in_preview_with_a_badge_and_stay_out_of_build(site_root, start_server):
    server = start_server(site_root, "--port", "0")
    status, text = fetch(server.url + DRAFT_PAGE)
    assert status == 200 and '<span class="badge">초안</span>' in text
    output = site_root / "output"
    subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(site_root)], check=True,
                   capture_output=True)
    assert not (output / DRAFT_PAGE).exists() and (output / CES_PAGE / "index.html").exists()
    subprocess.run([sys.executable, "-m", "site_builder", "build", "--root", str(site_root), "--drafts"],
                   check=True, capture_output=True)
    assert "초안" in (output / DRAFT_PAGE / "index.html").read_text(encoding="utf-8")


def test_nothing_outside_the_site_is_served(site_root, start_server):
    server = start_server(site_root, "--port", "0")
    (site_root / "secret.txt").write_text("do not serve", encoding="utf-8")
    for path in ("/../secret.txt", "/static/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
                 "/static/..%2f..%2fsecret.txt", "/site.yaml", "/content/briefings/2024-02-17-daejeon-ces.md",
                 "/templates/base.html", "/..\\secret.txt"):
        response = raw_get(server.url, path)
        assert response.startswith(b"HTTP/1.1 404"), (path, response[:200])
        assert b"do not serve" not in response and b"title: " not in response
    assert raw_get(server.url, "/static/site.css").startswith(b"HTTP/1.1 200")
    assert fetch(server.url + "nowhere/")[0] == 404


def test_other_host_names_are_refused_when_bound_to_this_computer(site_root, start_server):
    server = start_server(site_root, "--port", "0")
    port = server.url.rsplit(":", 1)[1].split("/")[0]
    assert raw_get(server.url, "/", f"localhost:{port}").startswith(b"HTTP/1.1 200")
    assert raw_get(server.url, "/", f"attacker.example:{port}").startswith(b"HTTP/1.1 403")


def test_a_template_mistake_is_shown_with_its_line_and_the_last_good_pages_stay(site_root, start_server):
    server = start_server(site_root, "--port", "0")
    template = site_root / "templates" / "briefing.html"
    good = template.read_text(encoding="utf-8")
    lines = good.split("\n")
    template.write_text("\n".join(lines[:2] + ["{% if %}"] + lines[2:]), encoding="utf-8")
    text = fetch_until(server.url + CES_PAGE, lambda t: "site-builder-errors" in t)
    assert "templates/briefing.html:3: template syntax error" in text
    assert CES_TITLE in text  # the last good page, under the overlay
    template.write_text(good, encoding="utf-8")
    fetch_until(server.url + CES_PAGE, lambda t: "site-builder-errors" not in t)


def test_an_invalid_base_url_flag_is_a_usage_error(site_root):
    result = subprocess.run([sys.executable, "-m", "site_builder", "serve", "--root", str(site_root),
                             "--port", "0", "--base-url", "ftp://example.org/"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and "invalid --base-url" in result.stderr


def test_pages_links_and_redirects_follow_the_base_url_sub_path(site_root, start_server):
    server = start_server(site_root, "--port", "0", "--base-url", "https://example.org/archive/")
    assert server.url.endswith("/archive/")
    status, text = fetch(server.url + CES_PAGE)
    assert status == 200 and 'href="/archive/static/site.css"' in text
    root = server.url.removesuffix("archive/")
    response = raw_get(server.url, "/")
    assert response.startswith(b"HTTP/1.1 302") and b"Location: /archive/" in response
    assert raw_get(server.url, "/archive/briefings/daejeon-ces").startswith(b"HTTP/1.1 302")
    assert fetch(root + "static/site.css")[0] == 404


def _listening_addresses(port: int) -> set[str]:
    """Local addresses listening on ``port``, from the kernel's socket tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if int(port_hex, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="reads Linux socket tables")
def test_binds_loopback_only_unless_told_otherwise(site_root, start_server):
    server = start_server(site_root, "--port", "0")
    port = int(server.url.rsplit(":", 1)[1].split("/")[0])
    assert server.url.startswith("http://127.0.0.1:")
    assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing else
    server.stop()
    everywhere = start_server(site_root, "--port", "0", "--host", "0.0.0.0")
    port = int(everywhere.url.rsplit(":", 1)[1].split("/")[0])
    assert _listening_addresses(port) == {"00000000"}


def test_open_hands_the_url_to_the_web_browser(site_root, start_server, tmp_path, monkeypatch):
    opened = tmp_path / "opened.txt"
    fake_browser = tmp_path / "browser.sh"
    fake_browser.write_text(f'#!/bin/sh\necho "$1" > "{opened}"\n', encoding="utf-8")
    fake_browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(fake_browser))  # Python's webbrowser runs $BROWSER with the URL
    server = start_server(site_root, "--port", "0", "--open")
    deadline = time.monotonic() + TIMEOUT
    while not (opened.exists() and opened.read_text(encoding="utf-8").strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert opened.read_text(encoding="utf-8").strip() == server.url


def test_a_port_in_use_gives_a_clear_message(site_root):
    port = free_port()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        result = subprocess.run([sys.executable, "-m", "site_builder", "serve", "--root", str(site_root),
                                 "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"port {port} is already in use" in result.stderr and "--port 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_ctrl_c_stops_cleanly_and_frees_the_port(site_root, start_server):
    server = start_server(site_root, "--port", "0")
    port = int(server.url.rsplit(":", 1)[1].split("/")[0])
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0
    server.wait_for(r"^Stopped\.$")
    assert "Traceback" not in server.output
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))


def test_a_burst_of_saves_gives_one_rebuild_and_temporary_files_none(site_root, start_server):
    server = start_server(site_root, "--port", "0")
    briefings = site_root / "content" / "briefings"
    text = (site_root / CES).read_text(encoding="utf-8")
    mark = len(server.lines)
    for index in range(100):  # like a git checkout of 100 files
        (briefings / f"2024-03-01-burst-{index:03d}.md").write_text(text, encoding="utf-8")
    server.wait_for(r"^Rebuilt in .* and 97 more$", start=mark)
    assert fetch(server.url + "briefings/burst-099/")[0] == 200
    time.sleep(1.0)
    assert server.count(r"^Rebuilt in ") == 1, server.output

    for name in (".2024-03-01-burst-000.md.swp", "2024-03-01-burst-000.md~", "4913", "#notes.md#",
                 ".hidden.md", "x.tmp"):
        (briefings / name).write_text("not a briefing", encoding="utf-8")
    time.sleep(1.0)
    assert server.count(r"^Rebuilt in ") == 1 and "problem" not in server.output, server.output


# -- the parts ----------------------------------------------------------------------------------

def test_the_in_memory_site_equals_a_full_build_after_edits(site_root, tmp_path):
    def config():
        return load_config(site_root, drafts=True)

    def clean_build(name: str) -> dict[str, bytes]:
        build_site(site_root, tmp_path / name, drafts=True, templates=site_root / "templates")
        return snapshot(tmp_path / name)

    builder = PreviewBuilder(config)
    assert memory_snapshot(builder.build()) == clean_build("first")
    edit(site_root / CES, f"title: {CES_TITLE}", "title: 새 제목")
    edit(site_root / CES, "tags: [CES]", "tags: [CES, 투자유치]")
    path = site_root / CES
    path.write_text(path.read_text(encoding="utf-8") + "\n## 덧붙임\n\n새 문단.\n", encoding="utf-8")
    (site_root / "content" / "briefings" / "2023-08-01-gumi-draft.md").unlink()
    site = builder.build()
    assert memory_snapshot(site) == clean_build("second")
    assert "새 문단." in site.get(CES_PAGE).decode("utf-8")
    assert site.get(DRAFT_PAGE) is None


def test_urls_that_leave_the_site_map_to_nothing():
    assert site_path_of("/briefings/x/", "/") == "briefings/x/"
    assert site_path_of("/archive/static/site.css", "/archive/") == "static/site.css"
    for path in ("/../x", "/a/../../x", "/%2e%2e/x", "/a/%2E%2E/x", "/..%5cx", "/x%00", "/static/./x"):
        assert site_path_of(path, "/") is None, path
    assert site_path_of("/other/x", "/archive/") is None


@pytest.mark.parametrize("notify", [True, False], ids=["watchfiles", "polling"])
def test_the_watcher_reports_one_burst_and_ignores_temporary_files(tmp_path, monkeypatch, notify):
    if not notify:
        monkeypatch.setattr(watch._Notifier, "create", classmethod(lambda cls, paths: None))
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.md").write_text("a", encoding="utf-8")
    watcher = Watcher([folder], [tmp_path / "site.yaml"])
    stop = threading.Event()
    try:
        def burst():
            time.sleep(0.2)
            for index in range(50):
                (folder / f"b{index:02d}.md").write_text("b", encoding="utf-8")
            (folder / "a.md").unlink()
            (tmp_path / "site.yaml").write_text("title: x", encoding="utf-8")

        threading.Thread(target=burst).start()
        changed = watcher.wait(stop)
        assert changed == {folder / f"b{index:02d}.md" for index in range(50)} | {folder / "a.md",
                                                                                  tmp_path / "site.yaml"}
        (folder / "sub").mkdir()
        for name in (".b00.md.swp", "b00.md~", "4913", "#b00.md#", "sub/.hidden.md"):
            (folder / name).write_text("temporary", encoding="utf-8")
        threading.Timer(1.0, stop.set).start()
        assert watcher.wait(stop) == set()
    finally:
        stop.set()
        watcher.close()


def test_editor_temporary_and_hidden_files_are_ignored():
    for name in (".x.md.swp", "x.md~", "#x.md#", "4913", ".DS_Store", "x.md.tmp", "x.md___jb_tmp___", ".git"):
        assert is_ignored(name), name
    for name in ("2024-02-17-x.md", "cities.yaml", "site.css", "base.html"):
        assert not is_ignored(name), name


def _socket_handshake(url: str, host_header: str, origin: str | None) -> bytes:
    """The first line of the answer to a WebSocket upgrade of /livereload with these headers."""
    host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()
    headers = (f"GET /livereload HTTP/1.1\r\nHost: {host_header}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")
    if origin is not None:
        headers += f"Origin: {origin}\r\n"
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall((headers + "\r\n").encode())
        return sock.recv(65536).split(b"\r\n", 1)[0]


def test_the_reload_socket_answers_only_its_own_host_and_origin(site_root, start_server):
    server = start_server(site_root, "--port", "0")
    port = server.url.rsplit(":", 1)[1].split("/")[0]
    own = f"127.0.0.1:{port}"
    assert b" 101 " in _socket_handshake(server.url, own, f"http://{own}")
    assert b" 101 " in _socket_handshake(server.url, f"localhost:{port}", f"http://localhost:{port}")
    assert b" 403 " in _socket_handshake(server.url, own, "http://attacker.example")
    assert b" 403 " in _socket_handshake(server.url, own, f"http://attacker.example:{port}")
    assert b" 403 " in _socket_handshake(server.url, f"attacker.example:{port}", f"http://attacker.example:{port}")


def test_malformed_reload_messages_are_ignored_without_a_traceback(site_root, start_server):
    import asyncio

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    server = start_server(site_root, "--port", "0")
    socket_url = server.url.replace("http://", "ws://").split("/", 3)
    socket_url = "/".join(socket_url[:3]) + "/livereload"

    async def talk() -> str:
        connection = await websocket_connect(HTTPRequest(socket_url, headers={"Origin": server.url.rstrip("/")}))
        for message in ("not json", "[1, 2]", "{}", '{"command": 7}', '{"command": "info"}', "\x00\xff", "{" * 5000):
            await connection.write_message(message)
        await connection.write_message(b"\xff\xfe binary", binary=True)
        await connection.write_message('{"command": "hello", "protocols": []}')
        reply = await asyncio.wait_for(connection.read_message(), 10)
        connection.close()
        return reply

    # In a thread of its own: the browser tests may leave an event loop running in this one.
    replies: list = []
    worker = threading.Thread(target=lambda: replies.append(asyncio.run(talk())))
    worker.start()
    worker.join(30)
    reply = replies[0] if replies else None
    assert reply is not None and '"command": "hello"' in reply, server.output
    assert fetch(server.url)[0] == 200
    time.sleep(0.2)
    assert "Traceback" not in server.output and "Error" not in server.output


def test_a_static_file_linked_outside_the_project_is_refused_not_served(site_root, start_server, tmp_path):
    secret = tmp_path / "secret-environ"
    secret.write_text("CI_TOKEN=do-not-publish", encoding="utf-8")
    (site_root / "templates" / "static" / "env.txt").symlink_to(secret)
    server = start_server(site_root, "--port", "0")
    text = fetch_until(server.url, lambda t: "site-builder-errors" in t)
    assert "templates/static/env.txt:1: symbolic link leads outside the project" in text
    assert "do-not-publish" not in raw_get(server.url, "/static/env.txt").decode("utf-8", "replace")
    assert "Traceback" not in server.output
