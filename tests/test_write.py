"""The directory sink: a commit touches only what it writes and removes, and its marker names the build whose
files output/ holds, also after an interrupted commit is finished by the next build."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.write import MARKER, DirectorySink


def commit_whole(output: Path, files: dict[str, str], build: str) -> None:
    sink = DirectorySink(output)
    sink.open()
    try:
        for path, text in files.items():
            sink.put(path, text.encode())
        sink.commit_whole(build)
    finally:
        sink.close()


def test_a_whole_commit_writes_the_marker(tmp_path):
    output = tmp_path / "output"
    assert DirectorySink(output).marker() is None
    commit_whole(output, {"": "home", "a/": "a"}, "build-1")
    assert DirectorySink(output).marker() == "build-1"
    assert (output / "index.html").read_text() == "home" and (output / "a" / "index.html").read_text() == "a"


def test_changes_move_the_written_delete_the_removed_and_leave_the_rest(tmp_path):
    output = tmp_path / "output"
    commit_whole(output, {"": "home", "a/": "a", "b/": "b"}, "build-1")
    (output / "added-by-hand.txt").write_text("mine")
    sink = DirectorySink(output)
    sink.open()
    try:
        sink.put("a/", b"a2")
        assert sink.commit_changes(["a/"], ["b/"], "build-2") == 1
    finally:
        sink.close()
    assert (output / "a" / "index.html").read_text() == "a2"
    assert not (output / "b").exists()  # the file and its emptied folder
    assert (output / "added-by-hand.txt").read_text() == "mine" and (output / "index.html").read_text() == "home"
    assert sink.marker() == "build-2"


def test_an_interrupted_commit_is_finished_with_its_marker(tmp_path, monkeypatch):
    output = tmp_path / "output"
    commit_whole(output, {"": "home", "a/": "a"}, "build-1")
    sink = DirectorySink(output)
    sink.open()
    sink.put("a/", b"a2")
    monkeypatch.setattr(DirectorySink, "_apply", lambda self, entry: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        sink.commit_changes(["a/"], [], "build-2")
    monkeypatch.undo()
    assert DirectorySink(output).marker() == "build-1" and sink.journal.exists()  # killed after the journal
    DirectorySink(output).recover()
    assert DirectorySink(output).marker() == "build-2"
    assert (output / "a" / "index.html").read_text() == "a2"
    assert not sink.journal.exists() and DirectorySink(output).leftovers() == []
