"""The tree states the architecture: the domain imports no framework and nothing of ours above."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PURE_STDLIB = {"__future__", "collections", "dataclasses", "datetime", "decimal", "enum", "re",
               "typing", "unicodedata", "uuid", "functools", "itertools"}


def imported_modules(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def test_the_domain_imports_only_pure_python_and_the_library_s_domain_module() -> None:
    allowed = {m for m in imported_modules(ROOT / "domain")
               if m.split(".")[0] in PURE_STDLIB or m == "eventsourcing.domain"
               or m.split(".")[0] == "domain"}
    assert imported_modules(ROOT / "domain") == allowed


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_cycle_among_the_projections_modules() -> None:
    import grimp  # noqa: PLC0415 (import-linter's graph library, needed by this test only)

    graph = grimp.build_graph("projections", "application", "domain")
    modules = sorted(m for m in graph.modules if m.startswith("projections."))
    cycles = [(a, b) for n, a in enumerate(modules) for b in modules[n + 1:]
              if graph.chain_exists(importer=a, imported=b)
              and graph.chain_exists(importer=b, imported=a)]
    assert cycles == []
