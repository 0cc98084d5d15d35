"""The package's shape: one-way imports, lazy loading, one base for results."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import idx
from idx.results import Result

SRC = Path(idx.__file__).parent

# The layers, lowest first: a module may import only from its own layer or below.
LAYERS = {
    "idx.errors": 0,
    "idx.tolerances": 0,
    "idx.options": 0,
    "idx.validation": 1,
    "idx.provinces": 1,
    "idx.provenance": 1,
    "idx.results": 1,
    "idx.cells": 1,
    "idx.system": 2,
    "idx.tables": 3,
    "idx.construction": 4,
    "idx.edition": 4,
    "idx.ranking": 5,
    "idx.weight_spec": 5,
    "idx.space": 5,
    "idx.uncertainty": 5,
    "idx.solvers": 5,
    "idx.io": 6,
    "idx.datasets": 7,
    "idx.cli": 9,
    "idx.__main__": 9,
}
ANALYSIS = 8  # everything else: scoring, schemes, verification, sensitivity, testing, ...
# imports allowed inside functions: optional dependencies only
OPTIONAL = {"matplotlib", "numba", "openpyxl"}


def _modules() -> dict[str, Path]:
    found = {}
    for info in pkgutil.walk_packages([str(SRC)], prefix="idx."):
        path = SRC.joinpath(*info.name.split(".")[1:])
        found[info.name] = path / "__init__.py" if info.ispkg else path.with_suffix(".py")
    found["idx"] = SRC / "__init__.py"
    return found


MODULES = _modules()


def _layer(module: str) -> int:
    for prefix, layer in sorted(LAYERS.items(), key=lambda kv: -len(kv[0])):
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return ANALYSIS


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported idx module, inside a function) for every import the file runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking(child):
                continue  # never executed
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, inside) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                found.append((child.module, inside))
                # "from idx import io" imports the submodule idx.io
                found.extend(
                    (f"{child.module}.{alias.name}", inside)
                    for alias in child.names
                    if f"{child.module}.{alias.name}" in MODULES
                )
            visit(child, inside)

    visit(tree, False)
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets = {name for name, _ in _imports(path) if name in MODULES and name != module}
        # importing idx.a.b runs idx/__init__ (lazy: imports nothing) and idx/a/__init__,
        # which imports its submodules: an edge to every enclosing package but the root
        parents = {".".join(t.split(".")[:k]) for t in targets for k in range(2, t.count(".") + 1)}
        # (a module's own enclosing packages are already importing when it runs)
        own = {".".join(module.split(".")[:k]) for k in range(1, module.count(".") + 1)}
        graph[module] = {t for t in targets | parents if t != "idx" and t != module} - own
    return graph


def test_no_import_cycle_counting_imports_inside_functions():
    try:
        order = list(TopologicalSorter(_graph()).static_order())
    except CycleError as exc:  # pragma: no cover - the failure message
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")
    assert set(order) == set(MODULES)


def test_imports_run_one_way_down_the_layers():
    upward = [
        f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)})"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module) and not target.startswith(module + ".")
    ]
    assert upward == []


def test_no_module_imports_inside_a_function_but_optional_dependencies():
    inside = [
        f"{module}: {name}"
        for module, path in MODULES.items()
        for name, in_function in _imports(path)
        if in_function and name.split(".")[0] not in OPTIONAL
    ]
    assert inside == []


def test_import_idx_loads_neither_scipy_nor_matplotlib_nor_pandas():
    code = (
        "import sys, idx\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'matplotlib', 'pandas'})\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_idx_help_loads_no_numerical_library():
    code = (
        "import sys\n"
        "from idx.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'numpy', 'pandas'})\n"
        "print('loaded:' + ','.join(heavy), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "loaded:"


def test_every_public_name_resolves_lazily():
    for name in idx.__all__:
        assert getattr(idx, name) is not None
    assert set(dir(idx)) >= set(idx.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        idx.nope  # noqa: B018


# Records and models that are not results of a computation.
NOT_RESULTS = {"Edition", "IndexSystem", "Pillar", "Indicator", "Province", "Step", "ParsedTable"}
NOT_RESULTS |= {"WeightSpace", "Construction"}
# descriptions of inputs, not results
NOT_RESULTS |= {"Uncertainty", "Noise", "AggregationChoice", "InputModel"}


def _dataclasses() -> list[type]:
    found = []
    for module in MODULES:
        if module in ("idx.testing", "idx.__main__"):
            continue  # idx.__main__ runs the command line when imported
        loaded = importlib.import_module(module)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            # private records (a leading underscore) are no one's result
            if (
                cls.__module__ == module
                and dataclasses.is_dataclass(cls)
                and cls.__name__[0] != "_"
            ):
                found.append(cls)
    return found


def test_every_result_shares_the_base():
    classes = _dataclasses()
    assert len(classes) >= 19
    outside = [
        c.__name__ for c in classes if c.__name__ not in NOT_RESULTS and not issubclass(c, Result)
    ]
    assert outside == []
    for cls in classes:
        if issubclass(cls, Result):
            params = cls.__dataclass_params__  # type: ignore[attr-defined]
            assert params.frozen and not params.eq and not params.repr, cls.__name__
