"""The package's layer order: imports point down the data flow, and no module cycle exists.

Every import in ``symgen/`` counts, function-local ones included; an ``importlib`` look-up
of a symgen module is flagged, because an import graph cannot see it.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "symgen"

# Lowest first. A subpackage may import from its own layer's members only when it is the
# same subpackage; siblings on one layer (core and verify, say) stay independent.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),
    ("notation",),
    ("parsing",),
    ("core", "verify"),
    ("answers", "oracle", "proof"),
    ("catalogue", "testing"),
    ("grading", "sheet"),
    ("cli", "web"),
    ("__init__", "__main__"),
)
RANK = {room: rank for rank, rooms in enumerate(LAYERS) for room in rooms}


@functools.cache
def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"))


def module_name(path: Path, root: Path = PACKAGE) -> str:
    """``symgen/core/moments.py`` -> ``symgen.core.moments`` (a package is its ``__init__``)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def room(module: str) -> str:
    """The layer entry a module belongs to: its subpackage, or its top-level module."""
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def imports_of(
    tree: ast.AST, module: str, *, is_package: bool, known: frozenset[str] = frozenset()
) -> Iterator[tuple[int, str]]:
    """(line, imported symgen module) for every import statement, at any depth.

    ``from symgen.core import moments`` imports the module ``symgen.core.moments`` when that
    is one of the ``known`` modules, else the package ``symgen.core``.
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "symgen":
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package=is_package)
            if base.split(".")[0] != "symgen":
                continue
            for target in sorted({_target(base, alias.name, known) for alias in node.names}):
                yield node.lineno, target


def _target(base: str, name: str, known: frozenset[str]) -> str:
    return f"{base}.{name}" if f"{base}.{name}" in known else base


def _absolute(node: ast.ImportFrom, module: str, *, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    keep = len(parts) - node.level + (1 if is_package else 0)
    return ".".join([*parts[:keep], *([node.module] if node.module else [])])


def dynamic_lookups(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Calls such as ``importlib.import_module("symgen.x")`` or ``__import__(f"symgen.{m}")``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = ast.unparse(node.func)
        if name.endswith(("import_module", "__import__", "spec_from_file_location")):
            text = ast.unparse(node.args[0])
            if "symgen" in text and "symgen_identity" not in text:
                yield node.lineno, text


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the symgen modules it imports (existing modules only)."""
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    known = frozenset(files)
    edges: dict[str, set[str]] = {m: set() for m in files}
    for module, path in files.items():
        tree = _tree(path)
        is_package = path.name == "__init__.py"
        for _, target in imports_of(tree, module, is_package=is_package, known=known):
            if target in files and target != module:
                edges[module].add(target)
    return edges


def upward_imports(root: Path = PACKAGE) -> list[str]:
    """Imports that point up the layer order or sideways into a sibling subpackage."""
    bad = []
    known = frozenset(module_name(p, root) for p in root.rglob("*.py"))
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        tree = _tree(path)
        here = room(module)
        is_package = path.name == "__init__.py"
        for line, target in imports_of(tree, module, is_package=is_package, known=known):
            there = room(target)
            if there == here or (there == "__init__" and target != "symgen"):
                continue
            if there == "__init__" or RANK[there] >= RANK[here]:
                bad.append(f"{path.relative_to(root.parent)}:{line}: {here} imports {target}")
    return bad


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_room_has_a_layer():
    """Each subpackage and top-level module of symgen/ is placed in the layer order."""
    rooms = {room(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert rooms <= set(RANK), sorted(rooms - set(RANK))


def test_imports_point_down_the_layers():
    """No module imports from a higher layer or from a sibling subpackage on its own layer."""
    assert upward_imports() == []


def test_no_import_cycles():
    """The module graph, function-local imports included, has no cycle."""
    assert cycles(graph()) == []


def test_no_hidden_imports_of_symgen_modules():
    """No importlib look-up of a symgen module (the lazy top-level face excepted)."""
    hits = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "__init__.py":
            continue
        tree = _tree(path)
        hits += [f"{path.name}:{line}: {text}" for line, text in dynamic_lookups(tree)]
    assert hits == []


def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "symgen"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n    from symgen.sheet.blocks import x\n", "core imports symgen.sheet.blocks"),
        ("from symgen.verify import check_link\n", "core imports symgen.verify"),
        ("from symgen import cli\n", "core imports symgen.cli"),
    ],
)
def test_an_upward_import_is_caught(tmp_path, source, expected):
    """A core module importing the sheet (even inside a function) or a sibling is flagged."""
    root = _fake_package(
        tmp_path,
        {
            "__init__.py": "",
            "core/__init__.py": "",
            "core/moments.py": source,
            "cli/__init__.py": "",
            "sheet/__init__.py": "",
            "sheet/blocks.py": "",
        },
    )
    bad = upward_imports(root)
    assert len(bad) == 1 and bad[0].endswith(expected)


def test_a_cycle_is_caught(tmp_path):
    """Two modules importing each other, one lazily, form a cycle."""
    root = _fake_package(
        tmp_path,
        {
            "__init__.py": "",
            "core/__init__.py": "",
            "core/a.py": "from symgen.core.b import g\n",
            "core/b.py": "def g():\n    from symgen.core import a\n",
        },
    )
    assert cycles(graph(root)) == [["symgen.core.a", "symgen.core.b"]]


def test_a_hidden_import_is_caught():
    """An f-string module name given to importlib is reported."""
    tree = ast.parse('import importlib\nimportlib.import_module(f"symgen.{name}")\n')
    assert list(dynamic_lookups(tree)) == [(2, "f'symgen.{name}'")]
