"""Save-to-reload latency of ``site-builder serve`` on a synthetic site, measured in real Chromium.

    .venv/bin/python benchmarks/preview_latency.py [--briefings 1000] [--saves 20]

Generates N briefings (benchmarks/generate.py), starts the real server on a free port,
opens a briefing page in headless Chromium (Debian's, via Playwright; $CHROMIUM_PATH
overrides /usr/bin/chromium), then saves that briefing again and again at random moments
and waits for the page to reload by itself with the new text. For each save it prints:

  reload   from the file's write to the moment the browser began the reload
           (performance.timeOrigin of the new document: the livereload message arrived)
  shown    from the write to the new page's DOMContentLoaded

Both clocks are this machine's wall clock. Three kinds of save: a body edit, a front
matter edit (the title), and a CSS edit (styles swapped without a reload; time until the
new rule applies). The server's own "Rebuilt in N ms" lines are summarised too; set
PREVIEW_LATENCY_DEBUG=1 to see the server's whole output. Other work on the machine inflates
every figure: note the load average with the result.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
CONNECTED = "document.addEventListener('LiveReloadConnect', () => { window.__connected = true; });"


class Server:
    def __init__(self, root: Path, templates: Path):
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--root", str(root), "--templates", str(templates),
             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            cwd=PROJECT, env={**os.environ, "PYTHONUNBUFFERED": "1", "LANGUAGE": "en"})  # its lines are parsed
        self.ready = threading.Event()
        self.url = ""
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(600):
            raise SystemExit("the server did not start:\n" + "\n".join(self.lines))

    def _read(self) -> None:
        for line in self.process.stdout:
            line = line.rstrip("\n")
            self.lines.append(line)
            if match := re.match(r"Serving (\S+)", line):
                self.url = match.group(1)
                self.ready.set()
        self.ready.set()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (f"median {statistics.median(ordered):6.0f} ms   p90 {p90:6.0f} ms   max {ordered[-1]:6.0f} ms   "
            f"min {ordered[0]:6.0f} ms   (n={len(ordered)})")


def measure_reloads(page, path: Path, change, saves: int, rng: random.Random,
                    kind: str) -> tuple[list[float], list[float]]:
    reloads, shown = [], []
    for number in range(saves):
        time.sleep(rng.uniform(0.3, 0.6))  # saves land at random moments of the server's polling
        token = f"측정{kind}{os.getpid()}x{number}y"  # occurs nowhere else in the page
        text = change(path.read_text(encoding="utf-8"), token)
        saved = time.time() * 1000
        path.write_text(text, encoding="utf-8")
        page.wait_for_function(f"document.body && document.body.textContent.includes({token!r})", timeout=60_000)
        origin, loaded = page.evaluate(
            "[performance.timeOrigin, performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd]")
        reloads.append(origin - saved)
        shown.append(origin + loaded - saved)
        page.wait_for_function("window.__connected === true", timeout=60_000)
    return reloads, shown


def measure_css(page, css: Path, saves: int, rng: random.Random) -> list[float]:
    original = css.read_text(encoding="utf-8")
    page.evaluate("window.__sameDocument = true")
    applied = []
    for number in range(saves):
        time.sleep(rng.uniform(0.3, 0.6))
        saved = time.time() * 1000
        css.write_text(original + f"\n:root {{ --latency-probe: {number + 1}px; }}\n", encoding="utf-8")
        page.wait_for_function(
            f"getComputedStyle(document.documentElement).getPropertyValue('--latency-probe').trim() === '{number + 1}px'",
            timeout=60_000)
        applied.append(page.evaluate("Date.now()") - saved)
    if not page.evaluate("window.__sameDocument === true"):
        raise RuntimeError("a CSS change reloaded the whole page")
    css.write_text(original, encoding="utf-8")
    return applied


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefings", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=20)
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="preview-latency-") as folder:
        root = Path(folder) / "site"
        subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "generate.py"), str(options.briefings),
                        str(root)], check=True, stdout=subprocess.DEVNULL)
        templates = Path(folder) / "templates"  # a copy: the CSS case edits it
        subprocess.run(["cp", "-r", str(PROJECT / "templates"), str(templates)], check=True)
        briefings = sorted((root / "content" / "briefings").glob("*.md"))
        briefing = briefings[len(briefings) // 2]  # a page from the middle of the plan, not the newest
        slug = re.search(r"^slug: *(\S+)", briefing.read_text(encoding="utf-8"), re.MULTILINE)
        slug = slug.group(1) if slug else re.sub(r"^\d{4}-\d{2}-\d{2}-", "", briefing.stem)

        started = time.perf_counter()
        server = Server(root, templates)
        print(f"{options.briefings:,} briefings; server ready in {time.perf_counter() - started:.1f} s: "
              + next((line for line in server.lines if line.startswith("Built")), "?"))
        rng = random.Random(5)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.add_init_script(CONNECTED)
                page.goto(server.url + f"briefings/{slug}/", timeout=300_000)  # not measured: may wait for the first build
                page.wait_for_function("window.__connected === true", timeout=60_000)

                def body_edit(text: str, token: str) -> str:
                    text = re.sub(r"\n\n측정본문\S+ 문장입니다\.\n$", "\n", text)
                    return text.rstrip("\n") + f"\n\n{token} 문장입니다.\n"

                def title_edit(text: str, token: str) -> str:
                    return re.sub(r"^title: .*$", f"title: {token} 제목", text, count=1, flags=re.MULTILINE)

                results = {}
                results["body edit"] = measure_reloads(page, briefing, body_edit, options.saves, rng, "본문")
                results["title edit"] = measure_reloads(page, briefing, title_edit, options.saves, rng, "제목")
                css = measure_css(page, templates / "static" / "site.css", options.saves, rng)
                browser.close()
        finally:
            server.stop()
            if os.environ.get("PREVIEW_LATENCY_DEBUG"):
                print("\n".join(server.lines))
        builds = [float(m.group(1)) for line in server.lines[:] if (m := re.match(r"Rebuilt in (\d+) ms", line))]
        problems = [line for line in server.lines if "problem" in line or "Traceback" in line]
        if problems:
            print("server reported problems:\n" + "\n".join(problems))
            return 1
        load = " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
        print(f"\nsave -> reload reaches the browser, {options.briefings:,} briefings, {options.saves} saves each "
              f"(load average {load}):")
        for name, (reloads, shown) in results.items():
            print(f"  {name:<11} reload  {percentiles(reloads)}")
            print(f"  {'':<11} shown   {percentiles(shown)}")
        print(f"  css edit    applied {percentiles(css)}   (no page reload)")
        print(f"  server      rebuild {percentiles(builds)}   (its own \"Rebuilt in\" lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
