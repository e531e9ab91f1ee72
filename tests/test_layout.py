"""The import graph of ``articles`` and ``newsroom``, read from the source with ``ast``.

No module imports itself through others (a cycle), none imports inside a function to dodge
one (only ``AppConfig.ready`` and migrations may: Django asks for those), and every module
imports on its own once Django is set up.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("articles", "newsroom")


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    @property
    def package(self) -> str:
        """Where a relative import of this module starts from."""
        return self.name if self.is_package else self.name.rpartition(".")[0]

    @property
    def is_migration(self) -> bool:
        return ".migrations." in f"{self.name}."

    @property
    def shown(self) -> str:
        return str(self.path.relative_to(ROOT))


def _modules() -> dict[str, Module]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = Module(name, path, ast.parse(path.read_text(), filename=str(path)))
    return modules


MODULES = _modules()


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def _imported(module: Module, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The modules of the project that ``node`` makes Python run: the named module (``from
    pkg import module`` names ``module``) and the packages above it, except the importer's
    own packages, which are running already."""
    if isinstance(node, ast.Import):
        targets = {alias.name for alias in node.names}
    else:
        base = node.module or ""
        if node.level:
            start = module.package.split(".")
            start = start[: len(start) - (node.level - 1)]
            base = ".".join([*start, base] if base else start)
        targets = {
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
            for alias in node.names
        }
    running = {module.name, *_ancestors(module.name)}
    found = set()
    for target in targets:
        for name in (*_ancestors(target), target):
            if name in MODULES and name not in running:
                found.add(name)
    return found


def _imports(tree: ast.AST):
    return (node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom))


def _graph() -> dict[str, set[str]]:
    """Who imports whom; an import inside a function counts too (it runs all the same)."""
    return {
        name: set().union(*(_imported(module, node) for node in _imports(module.tree)))
        for name, module in MODULES.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in sorted(graph[name]):
            if target not in index:
                connect(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == name:
                    break
            if len(group) > 1 or name in graph[name]:
                groups.append(group)

    for name in sorted(graph):
        if name not in index:
            connect(name)
    return [_cycle_in(group, graph) for group in groups]


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest way from the group's first module back to itself."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        name = queue.pop(0)
        for target in sorted(graph[name] & group):
            if target == start:
                return [*paths[name], start]
            if target not in paths:
                paths[target] = [*paths[name], target]
                queue.append(target)
    raise AssertionError(f"no cycle in {sorted(group)}")


def _shown(names: list[str]) -> str:
    return " -> ".join(MODULES[name].shown for name in names)


# -- the graph reader itself -------------------------------------------------------------


def test_relative_and_from_imports_resolve_to_the_modules_they_run():
    views = MODULES["articles.public.views"]
    graph = _graph()
    assert "articles.public.selectors" in graph[views.name]  # from . import selectors
    assert "articles.models" in graph[views.name]  # from ..models import Article
    assert "articles.public" not in graph[views.name]  # its own package: running already
    assert "articles.models.story" in graph["articles.models"]  # the package's face


def test_a_cycle_is_found_and_named_by_its_files():
    graph = {
        "articles.models": {"articles.models.story"},
        "articles.models.story": {"articles.delivery.page_cache"},
        "articles.delivery.page_cache": {"articles.models"},
        "articles.public.views": {"articles.models"},
    }
    cache, models, story = (
        "articles.delivery.page_cache",
        "articles.models",
        "articles.models.story",
    )
    assert _cycles(graph) == [[cache, models, story, cache]]
    assert _shown(["articles.models", "articles.models.story"]) == (
        "articles/models/__init__.py -> articles/models/story.py"
    )


# -- the project -------------------------------------------------------------------------


def test_no_import_cycle_among_the_modules():
    cycles = _cycles(_graph())
    assert not cycles, "import cycles:\n" + "\n".join(_shown(cycle) for cycle in cycles)


def _is_app_config_ready(function: ast.FunctionDef, owner: ast.AST | None) -> bool:
    return (
        function.name == "ready"
        and isinstance(owner, ast.ClassDef)
        and any(ast.unparse(base).endswith("AppConfig") for base in owner.bases)
    )


def _imports_inside_functions(module: Module) -> list[str]:
    found = []

    def visit(node: ast.AST, owner: ast.AST | None, allowed: bool | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and allowed is False:
                found.append(f"{module.shown}:{child.lineno}: {ast.unparse(child)}")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inside = allowed is not False and _is_app_config_ready(child, owner)
                visit(child, child, inside)
            else:
                visit(child, child if isinstance(child, ast.ClassDef) else owner, allowed)

    visit(module.tree, None, None)
    return found


def test_no_import_inside_a_function_but_app_config_ready_and_migrations():
    found = [
        line
        for module in MODULES.values()
        if not module.is_migration
        for line in _imports_inside_functions(module)
    ]
    assert not found, "imports inside functions:\n" + "\n".join(found)


def test_the_function_import_check_allows_ready_only():
    source = (
        "from django.apps import AppConfig\n"
        "class ArticlesConfig(AppConfig):\n"
        "    def ready(self):\n"
        "        from . import signals\n"
        "    def other(self):\n"
        "        import json\n"
        "def helper():\n"
        "    def inner():\n"
        "        from .x import y\n"
    )
    module = Module("articles.sample", ROOT / "articles/sample.py", ast.parse(source))
    assert _imports_inside_functions(module) == [
        "articles/sample.py:6: import json",
        "articles/sample.py:9: from .x import y",
    ]


# Each module in a process of its own, forked after django.setup(): nothing it needs has
# been imported by another module's test before it.
_IMPORT_EACH = """
import importlib, json, os, sys, traceback
import django
django.setup()
failed = {}
for name in json.loads(sys.argv[1]):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            importlib.import_module(name)
        except BaseException:
            os.write(write, traceback.format_exc(limit=-3).encode())
            os._exit(1)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        error = pipe.read()
    _, status = os.waitpid(pid, 0)
    if error or status:
        failed[name] = error or f"exit status {status}"
print(json.dumps(failed))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="each module is imported in a fork")
def test_every_module_imports_on_its_own_after_django_setup():
    names = sorted(MODULES)
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH, json.dumps(names)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    failed = json.loads(done.stdout.splitlines()[-1])
    assert not failed, "\n".join(f"{name}:\n{error}" for name, error in failed.items())


# -- one name, one meaning ----------------------------------------------------------------------

# Names a framework asks for in every module of a kind.
FRAMEWORK_NAMES = {"Command", "Migration", "Meta", "Media", "Params"}


def test_no_two_modules_share_a_file_name():
    """A name says one thing: two ``quotes.py`` make a reader open both to know which."""
    by_name: dict[str, list[str]] = {}
    for module in MODULES.values():
        if module.is_migration or module.is_package or ".management.commands." in module.name:
            continue
        by_name.setdefault(module.path.name, []).append(module.shown)
    shared = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert shared == {}


def test_no_two_classes_share_a_name():
    by_name: dict[str, list[str]] = {}
    for module in MODULES.values():
        if module.is_migration:
            continue
        for node in module.tree.body:
            if isinstance(node, ast.ClassDef) and node.name not in FRAMEWORK_NAMES:
                by_name.setdefault(node.name, []).append(module.shown)
    shared = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert shared == {}
