"""axe-core in real Chromium over every kind of page, light and dark; layout at phone and desktop widths.

axe-core comes from npm (package.json; `npm ci` installs node_modules/axe-core). Set SCREENSHOT_DIR to keep
full-page screenshots of each page at 390 px and 1280 px in both colour schemes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from site_builder.cli import main
from tests.support import PROJECT, build_site, serve_directory

AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
BASE_PATH = "/archive/"
PAGES = {
    "home": "",
    "briefing": "briefings/daejeon-silicon-valley/",
    "briefing-without-city": "briefings/mss-us-state-visit/",
    "briefings": "briefings/",
    "city": "cities/daejeon/",
    "cities": "cities/",
    "partner": "partners/silicon-valley-bank/",
    "partners": "partners/",
    "destination": "destinations/las-vegas/",
    "destinations": "destinations/",
    "tag": "tags/ces/",
    "tags": "tags/",
    "year": "years/2023/",
    "years": "years/",
    "timeline": "timeline/",
    "timeline-year": "timeline/2023/",
    "figures": "figures/",
    "figures-metric": "figures/investment/",
    "figures-other": "figures/other/",
    "figures-totals": "figures/companies/",            # city, agency and year totals with their sources
    "agreements": "agreements/",
    "partner-with-agreements": "partners/ul-solutions/",
    "404": "404.html",
    "about": "about/",                                  # an editor-written page (content/pages/about.md)
    "search": "search/",
    "briefing-restricted": "briefings/daejeon-ces-2024-results/",   # full text not republished: quotations
    "draft-with-review": "briefings/gyeonggi-suwon-munich/",   # an ingested draft (the preview shows drafts)
}
SCHEMES = ("light", "dark")
WIDTHS = (390, 1280)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (package.json lists axe-core)")
    root = tmp_path_factory.mktemp("a11y-site")
    shutil.copytree(PROJECT / "content", root / "content")
    if (PROJECT / "site.yaml").is_file():
        shutil.copy(PROJECT / "site.yaml", root / "site.yaml")
    assert main(["ingest", "--root", str(root), str(PROJECT / "tests" / "fixtures" / "ingest" / "suwon-munich.txt")]) == 0
    output = tmp_path_factory.mktemp("a11y") / "output"
    build_site(root, output, base_url="https://example.org" + BASE_PATH, drafts=True)
    with serve_directory(output, BASE_PATH) as base:
        yield base


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) + ": " + node.get("failureSummary", "").replace("\n", " ")
                   for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}\n    " + "\n    ".join(targets))
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violations(browser, served, scheme, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    failures = {}
    try:
        # Canary: axe does report a real problem here, so an empty result below means something.
        page.goto(served)
        page.add_script_tag(path=str(AXE))
        canary = page.evaluate("""async () => {
            const p = document.createElement('p');
            p.textContent = '대비가 낮은 글자'; p.style.color = '#bbbbbb'; p.style.background = '#ffffff';
            document.querySelector('main').appendChild(p);
            return (await axe.run(p, {runOnly: ['color-contrast']})).violations.map(v => v.id);
        }""")
        assert canary == ["color-contrast"]
        for name, path in PAGES.items():
            response = page.goto(served + path)
            assert response is not None and response.status == 200, path
            page.emulate_media(color_scheme=scheme)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("""async () => await axe.run(document, {
                resultTypes: ['violations'],
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            })""")
            if result["violations"]:
                failures[name] = describe(result["violations"])
    finally:
        context.close()
    assert failures == {}, "\n".join(f"[{scheme} {width}px] {name}: {text}" for name, text in failures.items())


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_and_keep_a_visible_focus(browser, served, width):
    keep = os.environ.get("SCREENSHOT_DIR")
    for scheme in SCHEMES:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        try:
            for name, path in PAGES.items():
                page.goto(served + path)
                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{name} at {width}px ({scheme}) scrolls sideways by {overflow}px"
                if keep:
                    Path(keep).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(Path(keep) / f"{name}-{width}-{scheme}.png"), full_page=True)
            # Keyboard: the first Tab lands on the skip link, which then shows with a focus outline.
            page.goto(served + PAGES["briefing"])
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => {
                const el = document.activeElement, box = el.getBoundingClientRect(), style = getComputedStyle(el);
                return {cls: el.className, top: box.top, outline: style.outlineStyle, width: style.outlineWidth};
            }""")
            assert focused["cls"] == "skip-link" and focused["top"] >= 0
            assert focused["outline"] != "none" and focused["width"] != "0px"
            page.keyboard.press("Enter")
            assert page.evaluate("() => document.activeElement.id") == "main"
        finally:
            context.close()


def test_pages_need_no_javascript_and_load_nothing_from_elsewhere(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        for name, path in PAGES.items():
            page.goto(served + path)
            assert page.locator("main h1").count() == 1, name
        page.goto(served + PAGES["briefing"] + "#figure-2")
        highlighted = page.evaluate("() => getComputedStyle(document.getElementById('figure-2')).outlineStyle")
        assert highlighted != "none"  # the sentence a figure links to is highlighted on arrival
    finally:
        context.close()
    assert [url for url in requests if not url.startswith(served.split(BASE_PATH)[0])] == []
    assert not any(url.endswith((".woff", ".woff2", ".ttf", ".otf")) for url in requests)
