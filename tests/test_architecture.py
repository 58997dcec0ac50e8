"""Imports point one way, down: CLI -> reports, I/O -> scoring -> model -> features ->
signals -> language. A module never imports a layer above its own (lazy imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "classifier"
LAYERS = {
    "errors": 0, "language": 1, "signals": 2, "features": 3, "model": 4, "scoring": 5,
    "io": 6, "reports": 6, "parallel": 6, "actions": 7, "batch": 7, "archive": 8, "checking": 8, "cli_text": 8,
    "cli": 9,
}


def _layer(module: str) -> tuple[str, int] | None:
    parts = module.split(".")
    if parts[0] != "classifier" or len(parts) < 2:
        return None
    if parts[1].startswith("__"):  # the package itself: __init__, __version__
        return "__init__", 0
    return parts[1], LAYERS[parts[1]]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "classifier":
                found.update(f"classifier.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent == PACKAGE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    own = ".".join(("classifier", *path.relative_to(PACKAGE).with_suffix("").parts))
    own_layer = _layer(own)
    if own_layer is None:
        return
    name, level = own_layer
    for module in _imports(path):
        target = _layer(module)
        if target is None or target[0] == name:
            continue
        assert target[1] <= level, f"{own} (layer {level}) imports {module} (layer {target[1]})"
        assert not (level == target[1] and target[0] != name), f"{own} imports its peer {module}"


def test_every_layer_is_known():
    for path in PACKAGE.iterdir():
        if path.suffix == ".py" and path.name != "__init__.py":
            assert path.stem in LAYERS, path.name
        elif path.is_dir() and (path / "__init__.py").exists():
            assert path.name in LAYERS, path.name


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("classifier", *parts))


def test_no_import_cycles():
    """Modules import each other one way only (lazy imports included)."""
    names = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: {m for m in _imports(path) if m in names and m != name} for name, path in names.items()}
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            assert state.get(target) != 1, "import cycle: " + " -> ".join([*path, name, target])
            if target not in state:
                visit(target, [*path, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
