from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import CHROMIUM_ARGS, PROJECT, build_site, chromium_path


@pytest.fixture(scope="session")
def content_site(tmp_path_factory) -> Path:
    """The real archive in content/, built once into a temp folder."""
    output = tmp_path_factory.mktemp("content-site") / "output"
    build_site(PROJECT, output)
    return output


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never downloads a browser."""
    playwright_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else __import__(
        "playwright.sync_api", fromlist=["sync_playwright"])
    path = chromium_path()
    if not Path(path).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {path}; .ci/run installs it with apt-get install -y chromium")
        pytest.skip(f"Chromium not found at {path} (set CHROMIUM_PATH)")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(autouse=True)
def korean_locale(monkeypatch):
    """Every test starts from the tool's default language (Korean), whatever the machine's locale is;
    a test that wants English sets LANGUAGE=en or passes --lang en itself."""
    from site_builder.i18n import ENVIRONMENT
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
