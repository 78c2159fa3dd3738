"""The shape of the code: import layers, the one pipeline, and modules that import on their own."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import site_builder

PACKAGE = Path(site_builder.__file__).parent
# Lowest first; a module imports only from lower layers (or its own package).
LAYERS = [
    {"i18n"},  # messages: every layer may speak
    {"diagnostics", "model", "numbers"},
    {"config", "urls", "korean", "claims", "rights"},
    {"write"},
    {"engine"},
    {"load", "body_limits"},
    {"registry"},
    {"validate", "drafts"},
    {"relate", "linking"},
    {"markup"},
    {"editor_pages"},
    {"render", "search"},
    {"build", "scaffold", "ingest", "places_seed"},
    {"preview"},
    {"cli"},
]
ENTRY_POINTS = {"__init__", "__main__"}
STAGE_MODULES = {"load", "validate", "relate", "markup", "render", "search", "registry", "linking"}


def top_name(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def layer_of(name: str) -> int | None:
    for index, layer in enumerate(LAYERS):
        if name in layer:
            return index
    return None


def imported_modules(path: Path) -> list[str]:
    """Every site_builder module ``path`` imports, by ``import x``, ``from x import y`` or ``from site_builder import x``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("site_builder.")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "site_builder":
                found += [f"site_builder.{alias.name}" for alias in node.names if alias.name != "__version__"]
            elif node.module.startswith("site_builder."):
                found.append(node.module)
    return [name.removeprefix("site_builder.") for name in found]


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0] not in
                  {f"{name}.py" for name in ENTRY_POINTS})


def test_every_module_has_a_layer():
    missing = sorted({top_name(path) for path in modules() if layer_of(top_name(path)) is None})
    assert not missing, f"modules missing from LAYERS: {missing}"


def test_modules_import_only_lower_layers():
    for path in modules():
        name = top_name(path)
        for imported in imported_modules(path):
            other = imported.split(".")[0]
            assert layer_of(other) is not None, f"{path.name} imports {imported}, which has no layer"
            assert other == name or layer_of(other) < layer_of(name), f"{name} ({path.name}) imports {imported}"


def test_the_preview_imports_the_build_entry_point_and_no_stage():
    for path in sorted((PACKAGE / "preview").rglob("*.py")):
        for imported in imported_modules(path):
            top = imported.split(".")[0]
            assert top not in STAGE_MODULES, f"preview/{path.name} imports the stage module {imported}"
            if top == "build":
                assert imported == "build", f"preview/{path.name} imports {imported}, not the build entry point"


def test_only_the_pipeline_runs_the_stages_in_sequence():
    """The stage functions are called from build/pipeline.py only (tests and the preview call the entry points)."""
    stages = ["read_registries", "check_briefings", "select_site", "relate_site", "render_bodies", "plan_stage",
              "render_changed", "index_stage", "commit"]
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).as_posix() in ("build/pipeline.py", "build/stages.py", "build/output.py"):
            continue
        text = path.read_text(encoding="utf-8")
        called = [name for name in stages if re.search(rf"\b{name}\(", text)]
        assert not called, f"{path.relative_to(PACKAGE)} calls pipeline stages {called}"


def test_the_fixed_order_is_written_once():
    text = (PACKAGE / "build" / "pipeline.py").read_text(encoding="utf-8")
    order = ["read_registries(", "check_briefings(", "select_site(", "relate_site(", "render_bodies("]
    body = text[text.index("def check_stages"):text.index("class PlanInputs")]
    positions = [body.index(call) for call in order]
    assert positions == sorted(positions)


def test_no_module_is_too_long_to_read_in_one_sitting():
    long = {path.relative_to(PACKAGE).as_posix(): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 420}
    assert not long, long


def test_every_module_imports_in_a_fresh_interpreter():
    names = sorted("site_builder." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
                   for p in PACKAGE.rglob("*.py") if p.stem != "__main__")
    for module in names:
        result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
        assert result.returncode == 0, (module, result.stderr)
