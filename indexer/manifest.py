"""The archive against the manifest: which files are new, changed or unchanged, and their records.

The manifest (inside each index generation) keeps, per archive path, size, mtime, sha256 and the
extracted record, so an unchanged file is never read again and a file whose bytes did not change
is never extracted again. Records made by other extraction code are stale: the manifest also
keeps a hash of the indexer's own code and data (``pipeline_fingerprint``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from indexer import dedup
from indexer.article import Article, Skipped
from indexer.ingest.walk import archive_key, open_regular

log = logging.getLogger(__name__)

Loader = Callable[[Path, Path], "Article | Skipped | list[Article | Skipped]"]
Walker = Callable[[Path], Iterable["Path | Skipped"]]
_HASH_CHUNK = 1 << 20


def default_loader() -> Loader:
    from indexer.ingest import sources  # imports the extraction stack only when really building

    return sources.default_loader()


def default_walker() -> Walker:
    from indexer.ingest.walk import walk_archive

    return walk_archive


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as fh:  # never blocks on a FIFO swapped in after the walk
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(rel: str, record: Article | Skipped | list, stat: os.stat_result, sha: str) -> dict:
    entry: dict[str, Any] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha}
    if isinstance(record, list):  # a web archive: one entry per record, keyed CONTAINER#URI
        entry["members"] = {r.path: _member(r) for r in record}
    elif isinstance(record, Article):
        article = record if record.path == rel else replace(record, path=rel)
        entry.update(record=article.to_json(), fingerprint=dedup.fingerprint(article))
    else:
        entry.update(skipped=record.reason, detail=record.detail)
    return entry


def _member(record: Article | Skipped) -> dict[str, Any]:
    if isinstance(record, Article):
        return {"record": record.to_json(), "fingerprint": dedup.fingerprint(record)}
    return {"skipped": record.reason, "detail": record.detail}


def records(files: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every document entry by key: a loose file's own entry, a web archive's members."""
    out: dict[str, dict[str, Any]] = {}
    for key, entry in files.items():
        out.update(entry.get("members", {key: entry}))
    return out


def changed_keys(files: dict[str, dict[str, Any]], changed: set[str]) -> set[str]:
    """Document keys of the changed files (a changed web archive: all its records)."""
    return {k for f in changed for k in (files.get(f, {}).get("members") or {f: None})}


def _load(loader: Loader, archive: Path, path: Path, rel: str) -> Article | Skipped | list:
    try:
        return loader(archive, path)
    except Exception as exc:  # one bad file never stops a build
        log.exception("cannot load %s", rel)
        return Skipped(rel, "load-error", f"{type(exc).__name__}: {exc}")


def scan(archive: Path, old: dict[str, dict], loader: Loader, walker: Walker, progress: bool):
    """Manifest entries for the archive now, and the sets of added and updated paths.

    A file whose size and mtime match ``old`` is not read; one whose bytes hash the same is
    not extracted again. Everything else goes through ``loader``.
    """
    from tqdm import tqdm

    files: dict[str, dict[str, Any]] = {}
    added: set[str] = set()
    updated: set[str] = set()
    for path in tqdm(list(walker(archive)), desc="files", disable=not progress, file=sys.stderr):
        if isinstance(path, Skipped):  # refused by the walk (special file, symlink out, ...)
            files[path.path] = {"skipped": path.reason, "detail": path.detail, "sha256": None}
            files[path.path].update(size=-1, mtime_ns=-1)
            (updated if path.path in old else added).add(path.path)
            continue
        if not path.is_absolute() and path.parts[: len(archive.parts)] != archive.parts:
            path = archive / path
        rel = archive_key(archive, path)
        previous = old.get(rel)
        try:
            stat = path.stat()
            if previous and (previous["size"], previous["mtime_ns"]) == (
                stat.st_size,
                stat.st_mtime_ns,
            ):
                files[rel] = previous
                continue
            sha = _sha256(path)
        except OSError as exc:
            reason = "vanished" if isinstance(exc, FileNotFoundError) else "unreadable"
            reason = getattr(exc, "reason", reason)  # walk.FileRefused says why
            files[rel] = {"skipped": reason, "detail": str(exc), "sha256": None}
            files[rel].update(size=-1, mtime_ns=-1)
            (updated if previous else added).add(rel)
            continue
        if previous and previous["sha256"] == sha:
            files[rel] = {**previous, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
            continue
        files[rel] = _entry(rel, _load(loader, archive, path, rel), stat, sha)
        (updated if previous else added).add(rel)
    return files, added, updated


def pipeline_fingerprint() -> str:
    """A hash of the indexer's own code and data files.

    The manifest keeps extracted records so unchanged files are not read again; records made by
    other extraction rules are stale, so a change here forces a full rebuild (nobody has to
    remember to bump a version for a rules edit).
    """
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*package.glob("*.py"), *package.glob("data/*.json")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
