"""The import graph runs one way: cli -> services -> report/formats/article/pubmed -> claims -> db -> record.

Every `import` of every module (also imports inside functions) is read with `ast`, so a lazy
import cannot hide a cycle. Shared helpers (errors, fileio, terminal, workers) sit below all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import litwatch

ROOT = Path(litwatch.__file__).parent
# Lower rank = higher layer. A module may import its own package and any package of a greater
# rank, never one of the same or a smaller rank. Within the middle layer, claims holds the
# evidence model the others read, so it ranks below them.
RANKS = {
    "cli": 0,
    "services": 1,
    "report": 2,
    "formats": 2,
    "article": 2,
    "pubmed": 2,
    "claims": 3,
    "db": 4,
    "record": 5,
    "terminal": 6,
    "batching": 6,
    "workers": 6,
    "fileio": 6,
    "grammar": 6,
    "errors": 7,
    "__init__": 8,
}


def layer_of(module: str) -> str:
    """`litwatch.claims.verdict` -> "claims"; `litwatch` -> "__init__"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module name) of every litwatch import in `source`, the text of `module`."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, target))
    return sorted((line, name) for line, name in found if name == "litwatch" or name.startswith("litwatch."))


def upward_imports() -> list[str]:
    bad = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:  # Alembic scripts load the models, as the store does
            continue
        module = module_name(path)
        here = layer_of(module)
        source = path.read_text(encoding="utf-8")
        for line, target in imported_modules(source, module, is_package=path.name == "__init__.py"):
            there = layer_of(target)
            assert here in RANKS and there in RANKS, f"give {here!r} / {there!r} a rank in RANKS"
            if there != here and RANKS[there] <= RANKS[here]:
                bad.append(f"{path.relative_to(ROOT.parent)}:{line} ({here}) imports {target} ({there})")
    return bad


def test_no_layer_imports_a_higher_one() -> None:
    assert upward_imports() == []


def test_the_checker_sees_lazy_and_relative_imports() -> None:
    """An import inside a function and a relative import are both found, with absolute names."""
    source = (
        "import os\ndef f():\n    from litwatch.report.model import Report\nfrom ..services import check\n"
    )
    assert imported_modules(source, "litwatch.claims.probe") == [
        (3, "litwatch.report.model"),
        (4, "litwatch.services"),
    ]
    assert [layer_of(name) for _, name in imported_modules(source, "litwatch.claims.probe")] == [
        "report",
        "services",
    ]
