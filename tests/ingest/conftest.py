"""Fixtures shared by the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.diagnostics import Diagnostics
from site_builder.registry import load_registries

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registries():
    """The project's real registries (content/registry/), loaded without problems."""
    diagnostics = Diagnostics()
    loaded = load_registries(ROOT / "content" / "registry", ROOT, diagnostics)
    assert not diagnostics
    return loaded
