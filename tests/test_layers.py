"""Dependencies point one way: web -> engine -> indexer.text; Whoosh stays behind its adapters.

A newcomer relies on the layout to find things, and a second backend relies on the seam: the
engine must not import Flask or the web layer, the web layer must not import Whoosh, and inside
the engine only the storage adapter (``whoosh_reader``, with its bulk postings reads in
``whoosh_postings`` and column reads in ``whoosh_columns``) may touch Whoosh.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The engine modules of the Whoosh adapter: the only ones that may import Whoosh.
WHOOSH_ADAPTER = ("whoosh_reader.py", "whoosh_columns.py", "whoosh_postings.py")


def imported_modules(path: Path) -> set[str]:
    """Every module named by an import statement of ``path`` (top level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules_under(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def offenders(folder: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    out = []
    for path in modules_under(folder):
        if path.name in allowed:
            continue
        for module in imported_modules(path):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                out.append(f"{path.relative_to(ROOT)} imports {module}")
    return out


@pytest.mark.parametrize(
    ("folder", "forbidden", "allowed"),
    [
        ("searchsvc/engine", ("flask", "searchsvc.web", "searchsvc.awards"), ()),
        ("searchsvc/engine", ("whoosh",), WHOOSH_ADAPTER),
        ("searchsvc/awards", ("flask", "searchsvc.web", "whoosh"), ()),
        ("searchsvc/web", ("whoosh",), ()),
        ("indexer", ("searchsvc", "flask"), ()),
        ("indexer/text", ("indexer.ingest", "indexer.enrich", "indexer.build"), ()),
    ],
)
def test_dependencies_point_one_way(folder: str, forbidden: tuple[str, ...], allowed) -> None:  # type: ignore[no-untyped-def]
    assert modules_under(folder), f"no modules under {folder}"
    assert offenders(folder, forbidden, allowed) == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from flask import g\n    import whoosh.index\n")
    assert imported_modules(module) == {"flask", "whoosh.index"}


def test_the_service_never_loads_the_build_compiler():
    """numba (with LLVM, ~120 MiB of RSS) compiles the build's kernels only: a search worker
    that imported it through some indexer module would carry that memory for nothing."""
    import subprocess
    import sys

    probe = (
        "import sys, searchsvc, searchsvc.web.app, searchsvc.engine.service, "
        "searchsvc.engine.whoosh_reader; print('numba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
