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

log = logging.getLogger(__name__)

Loader = Callable[[Path, Path], "Article | Skipped"]
Walker = Callable[[Path], Iterable[Path]]
_HASH_CHUNK = 1 << 20


def default_loader() -> Loader:
    from indexer.ingest import pipeline  # imports the extraction stack only when really building

    return pipeline.load


def default_walker() -> Walker:
    from indexer.ingest.archive import iter_archive

    return iter_archive


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(rel: str, record: Article | Skipped, stat: os.stat_result, sha: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha}
    if isinstance(record, Article):
        article = record if record.path == rel else replace(record, path=rel)
        entry.update(record=article.to_json(), fingerprint=dedup.fingerprint(article))
    else:
        entry.update(skipped=record.reason, detail=record.detail)
    return entry


def _load(loader: Loader, archive: Path, path: Path, rel: str) -> Article | Skipped:
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
        try:
            rel = path.relative_to(archive).as_posix()
        except ValueError:
            rel, path = path.as_posix(), archive / path
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
            files[rel] = {"skipped": "unreadable", "detail": str(exc), "sha256": None}
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
