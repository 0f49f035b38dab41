"""The layering of design.md, read from the imports of every module (with ``ast``)."""

from __future__ import annotations

import ast
from pathlib import Path

import zerozone

PACKAGE = Path(zerozone.__file__).parent
LAYERS = {
    "errors": 0,
    "i18n": 0,
    "data": 0,
    "profiles": 1,
    "model": 2,
    "results": 2,
    "finance": 3,
    "mrv": 3,
    "report": 3,
    "ensemble": 3,
    "crosscheck": 3,
    "cli": 4,
    "api": 4,
}
"""Rank of each top-level part: a module imports nothing of a higher rank (design.md:
cli/api -> report/finance/mrv/ensemble/crosscheck -> results/model -> profiles -> data)."""
NEVER = {
    "finance": {"model"},
    "report": {"model"},
    "mrv": {"model"},
    "results": {"model"},
}
"""Parts that must not import another of the same or a lower rank (read plans through results;
results hold no solver)."""


def _part(module: str) -> str | None:
    names = module.split(".")
    if names[0] != "zerozone" or len(names) < 2:
        return None
    return names[1].removesuffix(".py")


def imports() -> list[tuple[str, str]]:
    """(importing module, imported module) for every ``zerozone`` import in the package,
    including those inside functions."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(("zerozone", *path.relative_to(PACKAGE).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            found.extend((module, target) for target in targets if target.startswith("zerozone"))
    return found


def test_the_graph_is_read() -> None:
    edges = imports()
    assert ("zerozone.cli.plan", "zerozone.model.pipeline") in edges
    assert ("zerozone.finance.analysis", "zerozone.results.derived") in edges


def test_finance_report_and_mrv_import_nothing_from_the_model() -> None:
    wrong = [
        (source, target)
        for source, target in imports()
        if _part(target) in NEVER.get(_part(source) or "", set())
    ]
    assert wrong == []


def test_no_layer_imports_a_higher_one() -> None:
    upward = []
    for source, target in imports():
        low, high = _part(source), _part(target)
        if low in LAYERS and high in LAYERS and LAYERS[high] > LAYERS[low]:
            upward.append((source, target))
    assert upward == []


def test_every_part_has_a_rank() -> None:
    parts = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert parts - set(LAYERS) <= {"locale"}
