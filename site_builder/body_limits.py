"""Bounds on a Markdown body, checked before Python-Markdown sees it.

Python-Markdown's inline patterns rescan the rest of a paragraph from every ``[`` (quadratic:
a 38 KB run of ``[](`` took 17 s), nest one call per ``*`` of a long run (RecursionError at
2,000), and copy the text once per level of list nesting (800 levels: 850 MB). Real briefings
stay far below every bound here (the longest seed article has under 10,000 characters), so a body
over one is a mistake or an attack; it is reported at its line and never rendered.
"""

from __future__ import annotations

import re
from typing import Iterator

from site_builder.i18n import _

MAX_BODY_CHARACTERS = 100_000
MAX_BRACKETS_PER_BLOCK = 100     # '[' in one paragraph or list item
MAX_EMPHASIS_RUN = 50            # '*' or '_' in a row (lines of them alone are rules and fine)
MAX_NESTING = 25                 # levels of lists (4 columns each) or block quotes

# Not allowed in XML (feed.xml) and invisible: C0 controls but tab and line feed, DEL, C1 controls,
# lone surrogates, U+FFFE and U+FFFF.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_EMPHASIS_RUN = re.compile(r"\*{%d,}|_{%d,}" % (MAX_EMPHASIS_RUN + 1, MAX_EMPHASIS_RUN + 1))
_RULE = re.compile(r"^[ \t]*([*_-])(?:[ \t]*\1){2,}[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]")
_QUOTES = re.compile(r"^(?:[ \t]*>)+")


def body_problems(body: str) -> list[tuple[int, str, str]]:
    """(0-based line in the body, message, expected) for each bound the body exceeds, at its first line."""
    found: dict[str, tuple[int, str, str]] = {}
    for kind, problem in _problems(body):
        found.setdefault(kind, problem)
    return sorted(found.values())


def _problems(body: str) -> Iterator[tuple[str, tuple[int, str, str]]]:
    if len(body) > MAX_BODY_CHARACTERS:
        yield "size", (0, _("body is {count:,} characters long").format(count=len(body)),
                       _("expected at most {limit:,}; split the article into several briefings")
                       .format(limit=MAX_BODY_CHARACTERS))
        return
    brackets, block_start = 0, 0
    for number, line in enumerate(body.split("\n")):
        if (bad := CONTROL_CHARACTER.search(line)) is not None:
            yield "control", (number, _("body contains the invisible control character U+{code:04X}")
                              .format(code=ord(bad.group())), _("expected visible text; delete the character"))
        if not line.strip() or _LIST_ITEM.match(line):
            brackets, block_start = 0, number
        brackets += line.count("[")
        if brackets > MAX_BRACKETS_PER_BLOCK:
            yield "brackets", (block_start, _("paragraph has more than {limit} '[' characters")
                               .format(limit=MAX_BRACKETS_PER_BLOCK),
                               _("expected at most {limit} per paragraph; split it with blank lines")
                               .format(limit=MAX_BRACKETS_PER_BLOCK))
        if not _RULE.match(line) and (run := _EMPHASIS_RUN.search(line)) is not None:
            yield "emphasis", (number, _("{count:,} {character!r} characters in a row").format(
                count=len(run.group()), character=run.group()[0]),
                               _("expected at most {limit} in a row for emphasis").format(limit=MAX_EMPHASIS_RUN))
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if indent > 4 * MAX_NESTING:
            yield "indent", (number, _("line is indented {columns:,} columns (lists nested too deep)")
                             .format(columns=indent),
                             _("expected at most {limit} levels of nesting ({columns} columns)")
                             .format(limit=MAX_NESTING, columns=4 * MAX_NESTING))
        elif (quotes := _QUOTES.match(line)) is not None and quotes.group().count(">") > MAX_NESTING:
            yield "quotes", (number, _("block quotes nested {levels:,} levels deep").format(
                levels=quotes.group().count(">")), _("expected at most {limit} levels of '>'").format(limit=MAX_NESTING))
