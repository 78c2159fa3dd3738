"""Read content files in sorted order; keep the line number of every YAML value.

Dates are *not* resolved by YAML here (a bad date such as 2024-02-30 would otherwise
abort the whole file); they stay text and ``validate`` parses them with a clear message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_builder.diagnostics import Diagnostics, display_path

# A key path into parsed YAML: ("figures", 0, "text").
KeyPath = tuple[str | int, ...]

_FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$")


def _without_timestamps(loader_class: type) -> type:
    """A loader class that keeps dates as text (validate parses them with a clear message)."""
    loader = type(loader_class.__name__ + "KeepingDates", (loader_class,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in loader_class.yaml_implicit_resolvers.items()
    }
    return loader


# libyaml's parser is ~10x faster than the pure-Python one (same nodes, same marks); the pure-Python
# one words syntax errors better, so it re-parses a file only to explain an error.
_FastLoader = _without_timestamps(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_ExplainingLoader = _without_timestamps(yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    lines: dict[KeyPath, int]  # key path -> 1-based line in the file

    def line(self, *path: str | int) -> int:
        """Line of the deepest known prefix of ``path``."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


@dataclass(frozen=True)
class SourceFile:
    path: str           # as shown to users: relative to the site root
    front: YamlDocument
    body: str
    body_line: int      # line of the body's first line in the file


def read_text(path: Path, label: str, diagnostics: Diagnostics) -> str | None:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        diagnostics.add(label, line, f"file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
                        "expected UTF-8 text; re-save the file as UTF-8")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def parse_yaml(text: str, label: str, diagnostics: Diagnostics, first_line: int = 1) -> YamlDocument | None:
    """Parse one YAML document, recording lines; errors go to ``diagnostics``."""
    offset = first_line - 1
    try:
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return YamlDocument(None, {})
            lines: dict[KeyPath, int] = {}
            _collect(node, (), lines, offset, label, diagnostics)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as fast_error:
        error = _explain(text) or fast_error
        mark = error.problem_mark or error.context_mark
        line = offset + (mark.line + 1 if mark else 1)
        problem = (error.problem or error.context or "invalid YAML").replace("'<stream end>'", "the end of the front matter")
        diagnostics.add(label, line, f"YAML syntax error: {problem}",
                        "expected valid YAML; check indentation, colons and quotes")
        return None
    except yaml.YAMLError as error:
        diagnostics.add(label, first_line, f"YAML error: {error}", "expected valid YAML")
        return None
    return YamlDocument(data, lines)


def _explain(text: str) -> yaml.MarkedYAMLError | None:
    try:
        yaml.load(text, Loader=_ExplainingLoader)
    except yaml.MarkedYAMLError as error:
        return error
    return None


def _collect(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], offset: int,
             label: str, diagnostics: Diagnostics) -> None:
    lines[path] = offset + node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            if key in seen:
                diagnostics.add(label, offset + key_node.start_mark.line + 1, f"duplicate key {key!r}",
                                "expected each key once")
            seen.add(key)
            _collect(value_node, path + (key,), lines, offset, label, diagnostics)
            lines[path + (key,)] = offset + key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect(item, path + (index,), lines, offset, label, diagnostics)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter text, body, body's first line) or None when there is no front matter."""
    lines = text.split("\n")
    if not lines or not _FRONT_MATTER_FENCE.match(lines[0]):
        return None
    for index in range(1, len(lines)):
        if _FRONT_MATTER_FENCE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return None


def body_of(data: bytes) -> str:
    """The body of a briefing file already known to be valid (as load_source would read it)."""
    text = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    return split_front_matter(text)[1]


def load_source(path: Path, root: Path, diagnostics: Diagnostics) -> SourceFile | None:
    label = display_path(path, root)
    text = read_text(path, label, diagnostics)
    return None if text is None else source_from_text(text, label, diagnostics)


def source_from_text(text: str, label: str, diagnostics: Diagnostics) -> SourceFile | None:
    """A briefing's front matter and body from its text; ``label`` names it in messages."""
    parts = split_front_matter(text)
    if parts is None:
        if text.startswith("---"):
            diagnostics.add(label, 1, "front matter is not closed", "expected a line '---' after the front matter")
        else:
            diagnostics.add(label, 1, "missing front matter",
                            "expected the file to start with a line '---', YAML keys, and another '---'")
        return None
    front_text, body, body_line = parts
    document = parse_yaml(front_text, label, diagnostics, first_line=2)
    if document is None:
        return None
    return SourceFile(label, document, body, body_line)


def briefing_paths(briefings_dir: Path) -> list[Path]:
    """Markdown files, sorted; hidden and editor temporary files are ignored."""
    if not briefings_dir.is_dir():
        return []
    return sorted(
        p for p in briefings_dir.rglob("*.md")
        if p.is_file() and not any(part.startswith((".", "_")) for part in p.relative_to(briefings_dir).parts)
    )


def load_yaml_file(path: Path, root: Path, diagnostics: Diagnostics) -> tuple[str, YamlDocument | None]:
    label = display_path(path, root)
    text = read_text(path, label, diagnostics)
    if text is None:
        return label, None
    return label, parse_yaml(text, label, diagnostics)
