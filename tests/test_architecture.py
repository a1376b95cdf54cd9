"""The house's plan, checked: imports point one way. No module imports itself back through others, no stage
imports the composition root or the handlers, the pure stages import no network, database or Telegram code, the
configuration imports no stage, and the parts of the front-line service depend one way."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "bot"
STAGES = ("bot.collect", "bot.condense", "bot.render", "bot.deliver", "bot.front", "bot.store")
ROOT_MODULES = ("bot.app", "bot.services", "bot.__main__", "bot.front_commands", "bot.jobs", "bot.schedule",
                "bot.chat")
PURE = ("bot.condense", "bot.render", "bot.front.diff", "bot.front.text", "bot.front.claims", "bot.front.series")
IO_LIBRARIES = ("aiohttp", "sqlalchemy", "telegram", "bot.store", "bot.collect.http")
# The parts of bot.front.service and the parts each may reach: the geodata loading none, the work on maps and the
# reports only the loading, and none of them the facade that holds them.
FRONT_PARTS = {
    "bot.front.loading": frozenset[str](),
    "bot.front.work": frozenset({"bot.front.loading"}),
    "bot.front.reports": frozenset({"bot.front.loading"}),
}


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}


def _imported(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        assert node.level == 0 and node.module, "the package imports absolutely"
        base = node.module
        submodules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules()]
        # `from bot.condense import embedding` is an arrow to the submodule, not to the package's __init__.
        yield from submodules if len(submodules) == len(node.names) else [base, *submodules]


@cache
def imports(module: str) -> frozenset[str]:
    """What `module` imports anywhere in it (functions and TYPE_CHECKING blocks too: an arrow is an arrow), as
    module names of the package or top-level libraries."""
    path = modules()[module]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        for name in _imported(node):
            found.add(name if name.startswith("bot") else name.split(".")[0])
    return frozenset(found)


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_no_module_imports_itself_back() -> None:
    graph = {m: {d for d in imports(m) if d in modules() and d != m} for m in modules()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for dep in graph[node]:
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    assert cycles == []


@pytest.mark.parametrize("module", sorted(m for m in modules() if _within(m, STAGES)))
def test_a_stage_never_imports_the_composition_root_or_the_handlers(module: str) -> None:
    assert sorted(d for d in imports(module) if _within(d, ROOT_MODULES)) == []


@pytest.mark.parametrize("module", sorted(m for m in modules() if _within(m, PURE)))
def test_pure_stages_import_no_network_database_or_telegram(module: str) -> None:
    assert sorted(d for d in imports(module) if _within(d, IO_LIBRARIES)) == []


def test_the_configuration_imports_no_stage() -> None:
    assert sorted(d for d in imports("bot.config") if _within(d, STAGES + ROOT_MODULES)) == []


@pytest.mark.parametrize("package", sorted({m.rsplit(".", 1)[0] for m in modules() if m.count(".") == 2}))
def test_no_lazy_export_is_named_like_a_module_of_its_package(package: str) -> None:
    # Importing bot.front.diff sets the package's attribute `diff` to the module, hiding a function of that name.
    init = ast.parse(modules()[package].read_text(encoding="utf-8"))
    exported = {elt.value for node in ast.walk(init) if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
                for elt in getattr(node.value, "elts", []) if isinstance(elt, ast.Constant)}  # fmt: skip
    assert sorted(exported & {m.rsplit(".", 1)[1] for m in modules() if m.startswith(package + ".")}) == []


def reached(module: str) -> set[str]:
    """The package modules `module` imports, directly or through others."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        for dep in imports(todo.pop()):
            if dep in modules() and dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


@pytest.mark.parametrize("part", sorted(FRONT_PARTS))
def test_the_front_service_parts_depend_one_way(part: str) -> None:
    others = {*FRONT_PARTS, "bot.front.service"} - {part}
    assert sorted(reached(part) & others - FRONT_PARTS[part]) == []
