"""Read content files in sorted order; keep the line number of every YAML value.

Dates are *not* resolved by YAML here (a bad date such as 2024-02-30 would otherwise
abort the whole file); they stay text and ``validate`` parses them with a clear message.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_builder.config import outside_project
from site_builder.diagnostics import Diagnostic, Diagnostics, display_path
from site_builder.i18n import _

# A key path into parsed YAML: ("figures", 0, "text").
KeyPath = tuple[str | int, ...]

_FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$")

# Limits that keep hostile YAML from eating the machine: aliases are never expanded past these.
MAX_YAML_DEPTH = 50            # nested lists and mappings
MAX_ALIAS_EXPANSION = 10_000   # values that aliases (*name) add beyond the ones written out
MAX_INTEGER_DIGITS = 30
_INT_TAG = "tag:yaml.org,2002:int"


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


class UnreadableInput(Exception):
    """An input file that must not or cannot be read; ``diagnostic`` says which and why."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def read_input(path: Path, root: Path, label: str | None = None) -> bytes:
    """An input file's bytes; raises UnreadableInput for a link out of the project or a file that vanished."""
    label = label or display_path(path, root)
    if (target := outside_project(path, root)) is not None:
        raise UnreadableInput(Diagnostic(label, 1, _("symbolic link leads outside the project (to {target})")
                                         .format(target=target), _("expected a file inside the project folder")))
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableInput(Diagnostic(label, 1, _("file disappeared while the site was being read"),
                                         _("expected the file to stay in place; run the command again"))) from None
    except OSError as error:
        raise UnreadableInput(Diagnostic(label, 1, _("file cannot be read: {reason}").format(
            reason=error.strerror or error), _("expected a readable file"))) from None


def input_files(folder: Path, root: Path, skip=lambda parts: any(p.startswith(".") for p in parts)) -> list[Path]:
    """Every file under ``folder``, sorted, without descending into linked folders outside the project.

    ``skip`` gets a file's path parts relative to ``folder``. Links that leave the project, files or
    folders, are listed: reading them through ``read_input`` refuses them with a message.
    """
    found = []
    for directory, subdirectories, names in os.walk(folder, followlinks=True):
        here = Path(directory)
        subdirectories[:] = sorted(name for name in subdirectories if not skip((here / name).relative_to(folder).parts))
        leaving = [name for name in subdirectories if outside_project(here / name, root) is not None]
        found += [here / name for name in leaving]  # listed, so reading it reports the link
        subdirectories[:] = [name for name in subdirectories if name not in leaving]
        found += [here / name for name in names if not skip((here / name).relative_to(folder).parts)
                  and (here / name).is_file()]
    return sorted(found)


def read_text(path: Path, label: str, diagnostics: Diagnostics, root: Path | None = None) -> str | None:
    try:
        data = read_input(path, root if root is not None else path.parent, label)
    except UnreadableInput as error:
        diagnostics.extend([error.diagnostic])
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        diagnostics.add(label, line, _("file is not valid UTF-8 (byte 0x{byte:02x})").format(byte=data[error.start]),
                        _("expected UTF-8 text; re-save the file as UTF-8"))
        return None
    return _normalize_newlines(text)


def _normalize_newlines(text: str) -> str:
    """BOM dropped; Windows (CR LF) and old Mac (CR) line endings become LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, label: str, diagnostics: Diagnostics, first_line: int = 1) -> YamlDocument | None:
    """Parse one YAML document, recording lines; errors go to ``diagnostics``."""
    offset = first_line - 1
    try:
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return YamlDocument(None, {})
            if (problem := _too_big(node)) is not None:
                line, message, expected = problem
                diagnostics.add(label, offset + line, message, expected)
                return None
            lines: dict[KeyPath, int] = {}
            _collect(node, (), lines, offset, label, diagnostics, set())
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as fast_error:
        error = _explain(text) or fast_error
        mark = error.problem_mark or error.context_mark
        line = offset + (mark.line + 1 if mark else 1)
        problem = (error.problem or error.context or _("invalid YAML")).replace("'<stream end>'",
                                                                                _("the end of the front matter"))
        diagnostics.add(label, line, _("YAML syntax error: {problem}").format(problem=problem),
                        _("expected valid YAML; check indentation, colons and quotes"))
        return None
    except yaml.YAMLError as error:
        diagnostics.add(label, first_line, _("YAML error: {problem}").format(problem=error), _("expected valid YAML"))
        return None
    except (ValueError, OverflowError, RecursionError) as error:  # a value PyYAML cannot construct
        diagnostics.add(label, first_line, _("YAML value cannot be read: {error}").format(error=type(error).__name__),
                        _("expected plain text, numbers, lists and mappings"))
        return None
    return YamlDocument(data, lines)


def _too_big(root: yaml.Node) -> tuple[int, str, str] | None:
    """(line, message, expected) when the document nests too deep, its aliases expand too far,
    or an integer is too long to be a figure; each node is visited once, whatever the aliases."""
    height: dict[int, int] = {}
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _INT_TAG and len(node.value) > MAX_INTEGER_DIGITS:
                return (node.start_mark.line + 1, _("number with {count:,} characters").format(count=len(node.value)),
                        _("expected at most {limit} digits").format(limit=MAX_INTEGER_DIGITS))
            height[key], size[key] = 0, 1
            continue
        children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value))
        if children_done:
            open_nodes.discard(key)
            height[key] = 1 + max((height[id(c)] for c in children), default=0)
            size[key] = 1 + sum(size[id(c)] for c in children)
            if height[key] > MAX_YAML_DEPTH:
                return node.start_mark.line + 1, *_too_deep()
            if size[key] > len(size) + MAX_ALIAS_EXPANSION:
                return (node.start_mark.line + 1, _("YAML aliases expand to {count:,} values").format(count=size[key]),
                        _("expected at most {limit:,} values added by aliases (*name); write the values out")
                        .format(limit=MAX_ALIAS_EXPANSION))
            continue
        if key in height:
            continue
        if key in open_nodes:
            return (node.start_mark.line + 1, _("YAML alias refers to itself"),
                    _("expected an alias (*name) of a finished value"))
        if len(open_nodes) >= MAX_YAML_DEPTH:
            return node.start_mark.line + 1, *_too_deep()
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in height)
    return None


def _too_deep() -> tuple[str, str]:
    return (_("lists and mappings nested more than {limit} levels deep").format(limit=MAX_YAML_DEPTH),
            _("expected at most {limit} levels").format(limit=MAX_YAML_DEPTH))


def _explain(text: str) -> yaml.MarkedYAMLError | None:
    try:
        yaml.load(text, Loader=_ExplainingLoader)
    except yaml.MarkedYAMLError as error:
        return error
    except RecursionError:  # nesting libyaml already refused; its own message says so
        return None
    return None


def _collect(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], offset: int,
             label: str, diagnostics: Diagnostics, seen_nodes: set[int]) -> None:
    lines[path] = offset + node.start_mark.line + 1
    if id(node) in seen_nodes:  # an alias: its values were walked once (no exponential walk)
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            if key in seen:
                diagnostics.add(label, offset + key_node.start_mark.line + 1, _("duplicate key {key!r}").format(key=key),
                                _("expected each key once"))
            seen.add(key)
            _collect(value_node, path + (key,), lines, offset, label, diagnostics, seen_nodes)
            lines[path + (key,)] = offset + key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect(item, path + (index,), lines, offset, label, diagnostics, seen_nodes)


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
    return split_front_matter(_normalize_newlines(data.decode("utf-8")))[1]


def load_source(path: Path, root: Path, diagnostics: Diagnostics) -> SourceFile | None:
    label = display_path(path, root)
    text = read_text(path, label, diagnostics, root)
    return None if text is None else source_from_text(text, label, diagnostics)


def source_from_text(text: str, label: str, diagnostics: Diagnostics) -> SourceFile | None:
    """A briefing's front matter and body from its text; ``label`` names it in messages."""
    parts = split_front_matter(text)
    if parts is None:
        if text.startswith("---"):
            diagnostics.add(label, 1, _("front matter is not closed"), _("expected a line '---' after the front matter"))
        else:
            diagnostics.add(label, 1, _("missing front matter"),
                            _("expected the file to start with a line '---', YAML keys, and another '---'"))
        return None
    front_text, body, body_line = parts
    document = parse_yaml(front_text, label, diagnostics, first_line=2)
    if document is None:
        return None
    return SourceFile(label, document, body, body_line)


def briefing_paths(briefings_dir: Path, root: Path | None = None) -> list[Path]:
    """Markdown files, sorted; hidden and editor temporary files are ignored."""
    if not briefings_dir.is_dir():
        return []
    return [p for p in input_files(briefings_dir, root or briefings_dir,
                                   skip=lambda parts: any(part.startswith((".", "_")) for part in parts))
            if p.suffix == ".md" or outside_project(p, root or briefings_dir) is not None]


def load_yaml_file(path: Path, root: Path, diagnostics: Diagnostics) -> tuple[str, YamlDocument | None]:
    label = display_path(path, root)
    text = read_text(path, label, diagnostics, root)
    if text is None:
        return label, None
    return label, parse_yaml(text, label, diagnostics)
