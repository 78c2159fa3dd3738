"""Random front matter and Markdown bodies, and the one check every input must pass.

Shared by ``tests/test_fuzz.py`` (a few seconds in CI) and ``benchmarks/fuzz.py`` (a long run).
Whatever an editor writes, the pipeline either reports ``path:line: message`` diagnostics or
builds, and every XML and JSON file it then writes parses.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ElementTree
from functools import lru_cache
from pathlib import Path

import yaml
from hypothesis import strategies as st

from site_builder.build import PreviewBuilder
from site_builder.config import load_config
from site_builder.diagnostics import SiteError
from site_builder.model import METRICS, UNITS
from site_builder.validate import KEYS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent
LABEL = "content/briefings/2024-01-01-fuzz.md"
# Every problem is reported at a file and line of the site (the fuzzed briefing, or another file it clashes with).
DIAGNOSTIC = re.compile(r"^content/[^:]+:\d+: \S")
WANTED = {"feed.xml", "feed.json", "figures/ledger.json", "figures/ledger.csv", "calendar.ics", "search/"}
MARKDOWN_PIECES = ["*", "**", "_", "[", "]", "(", ")", "![", "](", "[[", "]]", "|", "#", "## ", "> ", "- ", "1. ",
                   "`", "```", "\n", "\n\n", "    ", "\t", "<script>", "&", "&#0;", "\\", "[^1]", "[^1]: ", "---",
                   "http://x", "javascript:", "SVB", "실리콘밸리은행", "[[SVB]]", "[[briefing:x]]", "370여억 원",
                   "\x00", "\x0b", "\r", "\ufffe", "\u2028", "가나다", " "]
NAMES = ["대전광역시", "대전", "SVB", "CES", "라스베이거스", "없는이름", ""]


def _scalars() -> st.SearchStrategy:
    return st.one_of(
        st.text(max_size=30), st.sampled_from(NAMES), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(), st.none(), st.sampled_from(["2024-02-17", "0001-01-01", "9999-12-31", "2024-02-30"]),
        st.sampled_from(list(METRICS) + list(UNITS)), st.integers(min_value=10 ** 20, max_value=10 ** 60))


_values = st.recursive(_scalars(), lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["start", "end", "metric", "value", "unit",
                                                                   "text", "publisher", "url", "x"]), inner, max_size=4)),
    max_leaves=12)


@st.composite
def front_matters(draw) -> str:
    """Mostly valid-looking front matter, sometimes with random keys, values and raw YAML damage."""
    data = {"title": draw(st.one_of(st.text(min_size=1, max_size=40), st.just("제목"))),
            "date": draw(st.sampled_from(["2024-02-17", "2024-01-01", "1899-12-31", "2024-13-01"]))}
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=5, unique=True)):
        data[key] = draw(_values)
    if draw(st.booleans()):
        data["figures"] = [{"metric": draw(st.sampled_from(list(METRICS))), "unit": draw(st.sampled_from(list(UNITS))),
                            "value": draw(st.one_of(st.integers(-10, 10 ** 19), st.floats())),
                            "text": draw(st.sampled_from(["370여억 원", "없는 문구", ""]))}]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    damage = draw(st.sampled_from(["", "", "", "&a [1, *a]", "a: &x [1,2]\nb: [*x, *x, *x]", "[" * 60,
                                   "x: " + "[" * 1100, "{", "x: !!python/object:os.system ls", "\t- :", "x: *nope"]))
    if damage:
        text += damage + "\n"
    return text


bodies = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=8)), max_size=60).map("".join)


class _FuzzSite:
    """The basic fixture in a folder of its own with one more briefing file, rebuilt by the real pipeline.

    The preview's in-memory build keeps what did not change between cases, so each case costs about one
    briefing's parsing and rendering, and it runs exactly the stages ``build`` runs.
    """

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="site-builder-fuzz-"))
        shutil.copytree(FIXTURES / "basic" / "content", self.root / "content")
        self.path = self.root / LABEL
        self.builder = PreviewBuilder(lambda: load_config(self.root, templates=PROJECT / "templates", drafts=True))

    def build(self, text: str):
        self.path.write_bytes(text.encode("utf-8", "surrogatepass"))
        return self.builder.build()


@lru_cache(maxsize=1)
def _site() -> _FuzzSite:
    return _FuzzSite()


def check_document(text: str) -> str:
    """Build a site holding this briefing file through the whole pipeline.

    Returns "invalid" (diagnostics only), "link" (a broken [[link]] reported) or "built"; any
    exception escaping, a diagnostic without ``path:line:``, or a malformed XML/JSON output fails.
    """
    try:
        site = _site().build(text)
    except SiteError as error:
        assert error.diagnostics, "refused without a message"
        for diagnostic in error.diagnostics:
            assert DIAGNOSTIC.match(str(diagnostic)), str(diagnostic)
        return "link" if all(d.message.startswith("link to") for d in error.diagnostics) else "invalid"
    try:
        for page in site.pages():
            if page.path in WANTED or page.path.startswith("briefings/"):
                data = site.get(page.path)
                if page.path.endswith(".xml"):
                    ElementTree.fromstring(data)
                elif page.path.endswith(".json"):
                    json.loads(data, parse_constant=_refuse_constant)
        ElementTree.fromstring(site.get("sitemap.xml"))
    except SiteError as error:  # templates are the project's own: any error there is a bug
        raise AssertionError("\n".join(map(str, error.diagnostics))) from None
    return "built"


def _refuse_constant(name: str):
    raise AssertionError(f"JSON output contains {name}")


def whole_file(front: str, body: str) -> str:
    return f"---\n{front}---\n{body}"


__all__ = ["bodies", "check_document", "front_matters", "whole_file", "SiteError"]
