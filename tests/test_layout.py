"""The layout rules of design.md: logic packages never import streamlit, imports run one way with no cycle hidden
in a function, every module says what it owns and none is over 300 lines."""
from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PACKAGES = ("corpus", "nlp", "index", "features", "commands")


def _in_package(path) -> bool:
    """True for modules inside real packages (every folder up to the root has __init__.py); data scripts are not."""
    return all((d / "__init__.py").exists() for d in path.parents if d != ROOT and ROOT in d.parents)


MODULE_FILES = sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if "__pycache__" not in p.parts and _in_package(p))


def module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_there_are_modules_to_check():
    names = {module_name(p) for p in MODULE_FILES}
    assert {"corpus.textfile", "nlp.analyse", "index.library", "nlp.embed.e5", "corpus.readers.pdf",
            "features.tender.matrix", "commands.needs"} <= names


def test_logic_packages_do_not_import_streamlit():
    names = [module_name(p) for p in MODULE_FILES]
    script = (
        "import importlib, json, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps({'streamlit': sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.')),"
        " 'imported': sorted(m for m in sys.modules if m.split('.')[0] in ('corpus', 'nlp', 'index', 'features', 'commands'))}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=180)
    assert proc.returncode == 0, proc.stderr.decode()
    result = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    assert result["streamlit"] == []
    assert set(names) <= set(result["imported"])


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_has_a_docstring(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and doc.strip(), f"{path.relative_to(ROOT)} has no module docstring"


LOWER = {"corpus": set(), "nlp": {"corpus"}, "index": {"corpus", "nlp"}, "features": {"corpus", "nlp", "index"}}


@pytest.mark.parametrize("path", [p for p in MODULE_FILES if p.relative_to(ROOT).parts[0] in LOWER],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_one_way(path):
    """corpus <- nlp <- index <- features: a package imports only itself and the packages below it, even inside functions."""
    own = path.relative_to(ROOT).parts[0]
    allowed = LOWER[own] | {own}
    project = {"corpus", "nlp", "index", "features", "commands", "ui", "cli", "app"}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
        for name in names:
            top = name.split(".")[0]
            assert top not in project or top in allowed, f"{path.relative_to(ROOT)} imports {name}"


MAX_LINES = 300


@pytest.mark.parametrize("path", MODULE_FILES + sorted((ROOT / "ui").glob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_300_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES, "split it along a real seam"


def _top_level_imports(name: str) -> set[str]:
    path = ROOT / (name.replace(".", "/") + ".py")
    if not path.exists():
        path = ROOT / name.replace(".", "/") / "__init__.py"
    if not path.exists():
        return set()
    out = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_inside_a_function_hides_a_cycle(path):
    """A module may import another inside a function (to load a heavy library only when needed), but not one
    that imports it back at the top: that is a cycle to break by moving code, unless the line says why it waits."""
    own = module_name(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    for fn in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and "#" not in lines[node.lineno - 1]:
                back = own in _top_level_imports(node.module)
                assert not back, f"{own} imports {node.module} inside {fn.name}, and {node.module} imports {own} at the top"
