"""The on-disk layout of built indexes and how to open the one that is serving.

``index_root/`` holds generations, each a complete, self-consistent index directory::

    index_root/
      .lock              flock held by a build (a second concurrent build fails at once)
      current -> gen-7   the generation being served (swapped atomically by os.replace)
      previous -> gen-6  the one before, kept so a searcher opened a moment ago can finish
      gen-7/             Whoosh files + meta.json + manifest.sqlite

The manifest lives inside its generation, so an index and the manifest that describes it can never
disagree. A reader only ever follows ``current``: a build writes a new directory, fsyncs it and
only then swaps the link, so a crash at any moment leaves ``current`` pointing at a whole index.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index

from indexer.text.analysis import ANALYSIS_VERSION

CURRENT = "current"
PREVIOUS = "previous"
LOCK_FILE = ".lock"
META_FILE = "meta.json"
MANIFEST_FILE = "manifest.sqlite"
GENERATION_PREFIX = "gen-"
# Version of the meta/manifest layout itself (not of the analysis): bump when it changes.
LAYOUT_VERSION = 2  # 2: the manifest is SQLite (indexer.manifest)


class IndexNotFound(Exception):
    """There is no usable index under ``index_root`` (never built, or its files are damaged)."""


class BuildLocked(Exception):
    """Another build holds the lock on this index root."""


class IndexVersionMismatch(Exception):
    """The index was built by another analysis version: its terms would not match our queries."""


@dataclass(frozen=True)
class OpenedIndex:
    """An opened generation: the Whoosh index, the directory it was opened from, its meta.json."""

    index: Index
    realpath: str
    meta: dict[str, Any]


def current_realpath(index_root: Path) -> str | None:
    """The resolved directory ``current`` points at, or None when there is none.

    Cheap (one readlink and a stat or two), so a service can call it about once a second and
    reopen its searcher when the answer changes. Whoosh's ``refresh()`` cannot be used for that:
    it compares generation numbers only, and a fresh generation restarts them.
    """
    link = Path(index_root) / CURRENT
    if not link.is_symlink():
        return None
    real = os.path.realpath(link)
    return real if os.path.isdir(real) else None


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from ``path``; ValueError when the file is not one (damaged or truncated)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return data


def read_meta(generation_dir: str | Path) -> dict[str, Any]:
    """The meta.json of a generation; IndexNotFound when it is missing or damaged."""
    path = Path(generation_dir) / META_FILE
    try:
        return read_json(path)
    except (OSError, ValueError) as exc:
        raise IndexNotFound(f"{path}: cannot read index metadata ({exc})") from exc


def open_generation(generation_dir: str | Path) -> OpenedIndex:
    """Open one generation directory, checking that its analysis version is ours."""
    realpath = os.path.realpath(generation_dir)
    meta = read_meta(realpath)
    version = meta.get("analysis_version")
    if version != ANALYSIS_VERSION:
        raise IndexVersionMismatch(
            f"index at {realpath} was built with analysis version {version}, this code uses "
            f"{ANALYSIS_VERSION}: rebuild it with `python -m indexer build`"
        )
    try:
        index = whoosh_index.open_dir(realpath)
    except Exception as exc:  # Whoosh raises several unrelated types for damaged files.
        raise IndexNotFound(f"{realpath}: cannot open the Whoosh index ({exc})") from exc
    return OpenedIndex(index=index, realpath=realpath, meta=meta)


def open_current(index_root: Path) -> OpenedIndex:
    """Open the generation ``index_root/current`` points at.

    Resolves the link once and opens that directory, so a build swapping the link meanwhile
    cannot make us read half of one generation and half of another.
    """
    realpath = current_realpath(index_root)
    if realpath is None:
        raise IndexNotFound(
            f"no index at {index_root} (no '{CURRENT}' link): run `python -m indexer build`"
        )
    return open_generation(realpath)


# --- Generations on disk: used by indexer.build, which holds the build lock meanwhile. ---


def generation_dirs(index_root: Path) -> list[Path]:
    """The ``gen-<n>`` directories under ``index_root``, oldest (lowest n) first."""
    found = []
    for entry in Path(index_root).iterdir():
        suffix = entry.name.removeprefix(GENERATION_PREFIX)
        if entry.name != suffix and suffix.isdigit() and entry.is_dir() and not entry.is_symlink():
            found.append((int(suffix), entry))
    return [entry for _, entry in sorted(found)]


def make_generation_dir(index_root: Path) -> Path:
    """Create (never reuse) an empty directory for the next generation.

    The number is one above every existing generation, so a number can only come back after its
    directory was removed as a crashed build's leftover, which was never published: a service
    that compares realpaths never mistakes a new generation for one it has open. ``os.mkdir``
    fails rather than reuse an existing name.
    """
    existing = generation_dirs(index_root)
    number = int(existing[-1].name.removeprefix(GENERATION_PREFIX)) + 1 if existing else 1
    path = Path(index_root) / f"{GENERATION_PREFIX}{number}"
    os.mkdir(path)
    return path


def fsync_path(path: Path) -> None:
    """fsync one file or directory (Whoosh never fsyncs: durability across an OS crash is ours)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(directory: Path) -> None:
    """fsync every file directly in ``directory``, then the directory itself."""
    for entry in Path(directory).iterdir():
        if entry.is_file():
            fsync_path(entry)
    fsync_path(directory)


def write_json_durably(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON and fsync it. Only for files of a not-yet-published generation."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
        fh.flush()
        os.fsync(fh.fileno())


def _swap_link(index_root: Path, name: str, target: str) -> None:
    """Point ``index_root/name`` at ``target`` atomically: symlink a temp name, then rename."""
    temp = Path(index_root) / f".{name}.tmp-{os.getpid()}"
    if temp.is_symlink() or temp.exists():
        temp.unlink()
    os.symlink(target, temp)  # relative target: the whole index_root can be moved
    os.replace(temp, Path(index_root) / name)


def publish(index_root: Path, generation: Path) -> None:
    """Make ``generation`` current; the old current becomes ``previous``. Durable on return.

    ``previous`` is moved first, while the old generation is still current, so at every instant
    both links name complete generations. Readers only follow ``current``.
    """
    old = current_realpath(index_root)
    if old is not None:
        _swap_link(index_root, PREVIOUS, os.path.basename(old))
    _swap_link(index_root, CURRENT, generation.name)
    fsync_path(Path(index_root))


def prune(index_root: Path) -> list[str]:
    """Delete generations other than current and previous, and temp links of crashed builds.

    Returns the names removed (for the log). Call only while holding the build lock.
    """
    keep = {current_realpath(index_root)}
    previous = Path(index_root) / PREVIOUS
    if previous.is_symlink():
        keep.add(os.path.realpath(previous))
    removed = []
    for entry in generation_dirs(index_root):
        if os.path.realpath(entry) not in keep:
            shutil.rmtree(entry)
            removed.append(entry.name)
    for entry in Path(index_root).glob(".*.tmp-*"):
        entry.unlink()
        removed.append(entry.name)
    return removed


@contextmanager
def build_lock(index_root: Path) -> Iterator[None]:
    """Exclusive kernel ``flock`` on ``index_root/.lock``; the kernel drops it if we are killed."""
    with open(Path(index_root) / LOCK_FILE, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(
                f"another build is running on {index_root} (it holds {LOCK_FILE}); "
                "wait for it to finish"
            ) from None
        yield


def copy_generation(source: str | Path, target: Path) -> None:
    """Hard-link the Whoosh files of ``source`` into the empty ``target`` (copy if links fail).

    Safe because Whoosh 2.7.4 never rewrites a file: segments get fresh random names, a commit
    writes a new TOC under a temp name and renames it, old files are only unlinked (which leaves
    the other link intact); every ``create_file`` is a new name. Lock files are not shared, so a
    writer on one generation never locks the other; meta and manifest are written anew.
    """
    for entry in Path(source).iterdir():
        if entry.name in (META_FILE, MANIFEST_FILE) or "LOCK" in entry.name:
            continue
        try:
            os.link(entry, target / entry.name)
        except OSError:
            shutil.copy2(entry, target / entry.name)
