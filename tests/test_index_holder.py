"""The holder opens a new index when the current generation is a new one, even at the same path:
an index root deleted and built again names ``gen-1`` once more (tests/test_api.py covers the
reopen interval and the closing of old backends with fakes)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from indexer import generations
from searchsvc.web.index_holder import IndexHolder, current_identity


class Opened:
    def __init__(self, realpath: str, meta: dict[str, str]) -> None:
        self.realpath, self.meta = realpath, meta


class Backend:
    def __init__(self, opened: Opened) -> None:
        self.build = opened.meta["build"]
        self.closed = False

    def close(self) -> None:
        self.closed = True


def publish(root: Path, name: str, build: str, mtime_ns: int | None = None) -> None:
    """A generation folder holding only its meta file, published as ``current``."""
    folder = root / name
    folder.mkdir(parents=True)
    meta = folder / generations.META_FILE
    meta.write_text(json.dumps({"generation": name, "build": build}), encoding="utf-8")
    if mtime_ns is not None:
        os.utime(meta, ns=(mtime_ns, mtime_ns))
    generations.publish(root, folder)


def holder_of(root: Path) -> IndexHolder:
    def open_index(index_root: Path) -> Opened:
        realpath = str(generations.current_realpath(index_root))
        return Opened(realpath, generations.read_json(Path(realpath) / generations.META_FILE))

    return IndexHolder(str(root), 0, open_index=open_index, open_backend=Backend)  # type: ignore[arg-type]


def served_build(holder: IndexHolder) -> str:
    served = holder.acquire()
    holder.release(served)
    return served.backend.build  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("aaaa", None), ("bbbb", None)),  # rebuilt: another build id
        (("aaaa", 10**18), ("aaaa", 2 * 10**18)),  # same bytes, written at another time
    ],
)
def test_an_index_rebuilt_at_the_same_path_is_reopened(tmp_path, first, second):
    root = tmp_path / "index"
    publish(root, "gen-1", *first)
    holder = holder_of(root)
    old = holder.acquire()
    holder.release(old)
    shutil.rmtree(root)
    publish(root, "gen-1", *second)
    assert served_build(holder) == second[0]
    assert old.backend.closed  # type: ignore[attr-defined]


def test_the_same_generation_is_not_reopened(tmp_path):
    root = tmp_path / "index"
    publish(root, "gen-1", "aaaa")
    holder = holder_of(root)
    first = holder.acquire()
    holder.release(first)
    assert holder.acquire() is first and current_identity(root) == first.identity


def test_identity_without_a_current_generation_or_meta(tmp_path):
    assert current_identity(tmp_path) is None
    publish(tmp_path, "gen-1", "aaaa")
    (tmp_path / "gen-1" / generations.META_FILE).unlink()
    assert current_identity(tmp_path) == os.path.realpath(tmp_path / "gen-1")
