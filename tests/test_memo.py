"""The disk memo's state in parts: what is saved is what loads, only changed parts are written, and a crash
never pairs parts of two builds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from site_builder.engine import parts as parts_module
from site_builder.engine.memo import BuildState, DiskStore, SourceRecord
from site_builder.engine.parts import SHARDS


def a_state(count: int = 200, marker: str = "build-1") -> BuildState:
    sources = {f"content/briefings/{n:04}.md": SourceRecord(f"key{n}", None, (), f"meta{n}", f"v{n}")
               for n in range(count)}
    files = {f"briefings/b{n}/": f"digest{n}" for n in range(count)}
    return BuildState(settings="s", inputs="i", registries=("registries", 1), relations=("r", {"x": (1, 2)}),
                      sources=sources, files=files, output=marker)


def part_files(store: DiskStore) -> set[str]:
    return {path.name for path in store.folder.glob("parts-*/*.pickle")}


@pytest.fixture
def store(tmp_path: Path) -> DiskStore:
    return DiskStore(tmp_path / "cache", tmp_path / "output")


def test_what_is_saved_is_what_loads(store, tmp_path):
    state = a_state()
    store.save_state(state)
    loaded = DiskStore(store.folder, tmp_path / "output").load_state()
    assert loaded == state


def test_an_unchanged_state_writes_no_part(store, tmp_path):
    store.save_state(a_state())
    before = {path: path.stat().st_mtime_ns for path in store.folder.glob("parts-*/*")}
    again = DiskStore(store.folder, tmp_path / "output")
    loaded = again.load_state()
    written = []
    original = parts_module.PartFiles._write
    parts_module.PartFiles._write = lambda self, name, value: written.append(name) or original(self, name, value)
    try:
        again.save_state(replace(loaded, sources=dict(loaded.sources), files=dict(loaded.files)))
    finally:
        parts_module.PartFiles._write = original
    assert written == []
    assert {path: path.stat().st_mtime_ns for path in store.folder.glob("parts-*/*")} == before


def test_one_changed_entry_rewrites_one_shard(store, tmp_path, monkeypatch):
    store.save_state(a_state())
    again = DiskStore(store.folder, tmp_path / "output")
    loaded = again.load_state()
    written = []
    original = parts_module.PartFiles._write
    monkeypatch.setattr(parts_module.PartFiles, "_write",
                        lambda self, name, value: written.append(name) or original(self, name, value))
    label = "content/briefings/0007.md"
    sources = {**loaded.sources, label: replace(loaded.sources[label], version="edited")}
    again.save_state(replace(loaded, sources=sources))
    assert written == ["sources"]
    assert DiskStore(store.folder, tmp_path / "output").load_state().sources[label].version == "edited"
    assert len(part_files(store)) <= 2 * SHARDS + 3  # the replaced shard's old part was removed


def test_a_crash_before_the_index_keeps_the_old_state(store, tmp_path, monkeypatch):
    old = a_state()
    store.save_state(old)
    again = DiskStore(store.folder, tmp_path / "output")
    loaded = again.load_state()

    def crash(path, write, mode=None):
        if path == again.state_path:
            raise KeyboardInterrupt
        return original(path, write, mode)
    original = parts_module.write_file_atomic
    monkeypatch.setattr(parts_module, "write_file_atomic", crash)
    with pytest.raises(KeyboardInterrupt):
        again.save_state(replace(loaded, sources={}, files={"other/": "x"}, output="build-2"))
    assert DiskStore(store.folder, tmp_path / "output").load_state() == old


def test_a_missing_part_means_no_state(store, tmp_path):
    store.save_state(a_state())
    next(iter(store.folder.glob("parts-*/sources-*.pickle"))).unlink()
    assert DiskStore(store.folder, tmp_path / "output").load_state() == BuildState()

