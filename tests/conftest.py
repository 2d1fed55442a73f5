"""Shared fixtures: the real sample archive built once per session by the real build code."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.generations import OpenedIndex, open_current
from tests import webapp

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = PROJECT_ROOT / "archive"


@pytest.fixture(scope="session", autouse=True)
def private_tempdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A temp dir of this session's own for ``tempfile``: Whoosh's writer over a RamStorage puts
    its pool in ``<tempdir>/MAIN.tmp`` (a fixed name) and deletes that folder when it commits, so
    two test runs on one machine (two worktrees, say) deleted each other's pool mid-write."""
    saved = tempfile.tempdir
    tempfile.tempdir = str(tmp_path_factory.mktemp("tempfile"))
    yield
    tempfile.tempdir = saved


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """index_root of the project's archive/ built with ``build_index`` into a temp dir."""
    index_root = tmp_path_factory.mktemp("index")
    build_index(ARCHIVE, index_root)
    return index_root


@pytest.fixture(scope="session")
def opened_index(built_index: Path) -> Iterator[OpenedIndex]:
    """``open_current(built_index)``: the Whoosh index, its directory and meta.json."""
    opened = open_current(built_index)
    yield opened
    opened.index.close()


@pytest.fixture(scope="module")
def app(built_index: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The web app over the sample index, one per test module (a module may define its own)."""
    return webapp.make_app(built_index, tmp_path_factory.mktemp("app"))


@pytest.fixture()
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture(autouse=True)
def _close_web_apps() -> Iterator[None]:
    """Every test's apps give their open index files back when it ends (tests/webapp.py)."""
    yield
    webapp.close_apps()
