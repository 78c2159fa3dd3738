"""Import layers: a module imports only lower layers, and every module imports on its own."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import site_builder

PACKAGE = Path(site_builder.__file__).parent
LAYERS = [
    {"diagnostics", "model", "numbers"},
    {"config", "urls", "korean"},
    {"write"},
    {"engine"},
    {"load", "body_limits"},
    {"registry"},
    {"validate"},
    {"relate", "linking"},
    {"markup"},
    {"render", "search"},
    {"build", "scaffold", "ingest"},
    {"preview"},
    {"cli"},
]


def layer_of(module: str) -> int | None:
    top = module.split(".")[0]
    for index, layer in enumerate(LAYERS):
        if top in layer:
            return index
    return None


def test_modules_import_only_lower_layers():
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        own = layer_of(name)
        if own is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("site_builder."):
                imported = node.module.removeprefix("site_builder.")
                other = layer_of(imported)
                if other is not None:
                    assert other < own or imported.split(".")[0] == name, f"{name} imports {imported}"


def test_every_module_imports_in_a_fresh_interpreter():
    modules = sorted("site_builder." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
                     for p in PACKAGE.rglob("*.py") if p.stem != "__main__")
    for module in modules:
        result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
        assert result.returncode == 0, (module, result.stderr)
