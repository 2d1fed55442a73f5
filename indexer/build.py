"""``python -m indexer build``: bring the index up to date with the archive, atomically.

A build holds an exclusive ``flock`` on ``index_root/.lock``, checks every archive file against the
manifest of the current generation (size + mtime, then sha256), extracts only new and changed
files, re-groups near-duplicates, and writes a *new* generation directory (a copy of the current
one updated in place, or a fresh index). Only after Whoosh's commit, an fsync of every file and
the manifest does it swap ``current`` (see ``indexer.generations``): a crash at any moment leaves
the
previous index serving. An unchanged archive costs the check and nothing else.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from indexer import dedup, generations
from indexer.article import Article
from indexer.ingest.report import write_report
from indexer.manifest import (
    Loader,
    Walker,
    changed_keys,
    default_loader,
    default_walker,
    pipeline_fingerprint,
    records,
    scan,
)
from indexer.schema import ID_FIELD, doc_id, document_fields, make_schema
from indexer.text.analysis import ANALYSIS_VERSION

log = logging.getLogger(__name__)

# Whoosh keeps this much of a segment in memory before flushing: fewer, larger segments on a big
# full build; the machine has far more memory than this.
WRITER_LIMIT_MB = 256
# Segments as separate files, not one compound file: Whoosh 2.7.4 opens a compound segment by
# copying each of its sub-files out of the memory map into a BytesIO (filedb/structfile.py,
# BufferFile), so every search worker held the whole index on its heap (measured at 100k
# articles: 1.16 GiB of heap per open searcher). Separate files are read through the OS cache.
WRITER_OPTIONS: dict[str, Any] = {"limitmb": WRITER_LIMIT_MB, "compound": False}
# A fresh build of at least this many documents is written by Whoosh's multiprocessing writer,
# one sub-writer per core, each leaving its own segment: analysing and writing postings in Python
# is most of a big build (1000 documents: 27 s in one process, 16 s in two, on this 2-core
# machine). Below it the cost of starting processes outweighs the gain, and small incremental
# updates keep the simple single-process writer.
PARALLEL_MIN_DOCS = 5000
MAX_WRITER_PROCS = 4


@dataclass(frozen=True)
class BuildReport:
    """What a build did. File counts (added ... unchanged) are archive files; ``indexed`` and
    ``duplicates`` are documents. ``generation`` is the generation this build created, None when
    the archive was unchanged and no generation was made. On a full build every file is added."""

    indexed: int
    added: int
    updated: int
    removed: int
    unchanged: int
    skipped: dict[str, int]
    duplicates: int
    seconds: float
    generation: str | None
    full: bool

    def lines(self) -> list[str]:
        """The human-readable report printed at the end of ``python -m indexer build``."""
        skipped = ", ".join(f"{k}: {v}" for k, v in sorted(self.skipped.items())) or "none"
        return [
            f"generation: {self.generation or 'unchanged, none created'}"
            + (" (full rebuild)" if self.full else ""),
            f"indexed: {self.indexed} documents ({self.duplicates} duplicates collapsed)",
            f"files: {self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged",
            f"skipped: {sum(self.skipped.values())} ({skipped})",
            f"seconds: {self.seconds:.2f}",
        ]


def _award_records(article: Article) -> list[dict[str, Any]]:
    """Award records for the document (``indexer.enrich.awards``, imported only when building)."""
    from indexer.enrich.awards import award_to_json, find_awards

    return [award_to_json(award) for award in find_awards(article)]


def _load_current(index_root: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The current generation's manifest, or None and why a full rebuild is needed."""
    realpath = generations.current_realpath(index_root)
    if realpath is None:
        return None, "no current index"
    try:
        opened = generations.open_generation(realpath)
        try:
            doc_count = opened.index.doc_count()
        finally:
            opened.index.close()
        manifest = generations.read_json(Path(realpath) / generations.MANIFEST_FILE)
        documents = manifest["documents"]
        if doc_count != len(documents) or not isinstance(manifest["files"], dict):
            raise ValueError("manifest and index disagree")
        if manifest.get("pipeline") != pipeline_fingerprint():
            return None, "extraction code or data changed since the last build"
    except generations.IndexVersionMismatch as exc:
        log.warning("rebuilding from scratch: %s", exc)
        return None, f"analysis version changed ({exc})"
    except Exception as exc:  # any failure to read it means it cannot be updated: rebuild
        log.warning("rebuilding from scratch: current index at %s is damaged: %s", realpath, exc)
        return None, f"current index is damaged ({exc})"
    return manifest, None


def _write_documents(gen: Path, plan: dict, articles: dict[str, Article], progress: bool) -> None:
    """Apply ``plan`` (``delete``: paths, ``write``: path -> copies) with one writer and commit."""
    from tqdm import tqdm

    # A fresh index goes into the new, empty ``gen`` only: create_in empties its directory.
    ix = whoosh_index.create_in(gen, make_schema()) if plan["fresh"] else whoosh_index.open_dir(gen)
    writer = ix.writer(**WRITER_OPTIONS, **_parallel_options(plan))
    try:
        for path in plan["delete"]:
            writer.delete_by_term(ID_FIELD, doc_id(path))
        for path, copies in tqdm(
            plan["write"].items(), desc="documents", disable=not progress, file=sys.stderr
        ):
            fields = document_fields(articles[path], _award_records(articles[path]), copies)
            (writer.add_document if plan["fresh"] else writer.update_document)(**fields)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ix.close()


def _parallel_options(plan: dict[str, Any]) -> dict[str, Any]:
    """Whoosh writer options: several processes for a big fresh build (see PARALLEL_MIN_DOCS)."""
    procs = min(os.cpu_count() or 1, MAX_WRITER_PROCS)
    if not plan["fresh"] or len(plan["write"]) < PARALLEL_MIN_DOCS or procs < 2:
        return {}
    # multisegment: each sub-writer's segment is kept as it is; merging them into one would
    # rewrite every posting again in the parent, in one process.
    return {"procs": procs, "multisegment": True}


def _plan(groups, old_docs, changed: set[str], fresh: bool) -> dict[str, Any]:
    """Which documents to delete and which to (re)write to go from ``old_docs`` to ``groups``."""
    if fresh:
        return {"fresh": True, "delete": [], "write": groups}
    write = {
        path: copies
        for path, copies in groups.items()
        if path in changed or old_docs.get(path) != list(copies)
    }
    return {"fresh": False, "delete": sorted(set(old_docs) - set(groups)), "write": write}


def _write_generation(
    index_root: Path,
    plan: dict[str, Any],
    articles: dict[str, Article],
    manifest: dict[str, Any],
    meta: dict[str, Any],
    progress: bool,
) -> Path:
    """Write a complete new generation directory, durably, and return it (not yet published).

    On any error the half-written directory is removed and the error re-raised: ``current`` was
    never touched, so the previous index keeps serving.
    """
    gen = generations.make_generation_dir(index_root)
    try:
        if not plan["fresh"]:
            generations.copy_generation(generations.current_realpath(index_root) or "", gen)
        _write_documents(gen, plan, articles, progress)
        generations.fsync_tree(gen)
        generations.write_json_durably(gen / generations.MANIFEST_FILE, manifest)
        generations.write_json_durably(
            gen / generations.META_FILE, {**meta, "generation": gen.name}
        )
        generations.fsync_path(gen)
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    return gen


def build_index(
    archive: Path,
    index_root: Path,
    *,
    full: bool = False,
    progress: bool = False,
    loader: Loader | None = None,
    walker: Walker | None = None,
    report_path: Path | None = None,
) -> BuildReport:
    """Bring ``index_root`` up to date with ``archive`` (see the module docstring).

    ``loader`` (default ``indexer.ingest.pipeline.load``) and ``walker`` (default
    ``indexer.ingest.archive.iter_archive``) are injectable for tests. Raises
    ``generations.BuildLocked`` when
    another build runs; an error while writing leaves the current index serving and propagates.
    ``report_path``: write every archive file's and record's outcome there as JSON Lines.
    """
    started = time.perf_counter()
    archive, index_root = Path(archive), Path(index_root)
    if not archive.is_dir():
        raise FileNotFoundError(f"archive folder not found: {archive}")
    index_root.mkdir(parents=True, exist_ok=True)
    with generations.build_lock(index_root):
        for name in generations.prune(index_root):
            log.info("removed leftover %s", name)
        manifest, why_full = _load_current(index_root)
        why_full = "--full requested" if full else why_full
        old_files = manifest["files"] if manifest and not why_full else {}
        old_docs = manifest["documents"] if manifest and not why_full else {}
        walk = walker or default_walker()
        files, added, updated = scan(archive, old_files, loader or default_loader(), walk, progress)
        removed = set(manifest["files"] if manifest else ()) - set(files)
        skipped = dict(Counter(e["skipped"] for e in records(files).values() if e.get("skipped")))
        if report_path is not None:
            write_report(report_path, records(files))
        counts = {"added": len(added), "updated": len(updated), "removed": len(removed)}
        counts["unchanged"] = len(files) - len(added) - len(updated)
        if why_full or added or updated or removed:
            changed = changed_keys(files, added | updated)
            documents, generation = _new_generation(
                index_root, files, old_docs, changed, why_full, skipped, progress
            )
        else:  # unchanged archive: the check was all the work
            documents, generation = old_docs, None
    return BuildReport(
        len(documents),
        **counts,
        skipped=skipped,
        duplicates=sum(len(copies) for copies in documents.values()),
        seconds=time.perf_counter() - started,
        generation=generation,
        full=bool(why_full),
    )


def _new_generation(  # type: ignore[no-untyped-def]
    index_root: Path, files, old_docs, changed: set[str], why_full, skipped, progress: bool
) -> tuple[dict[str, list[str]], str]:
    """Group duplicates, write and publish a new generation; its documents and name."""
    if why_full:
        log.info("full rebuild: %s", why_full)
    entries = records(files)
    articles = {p: Article.from_json(e["record"]) for p, e in entries.items() if "record" in e}
    fingerprints = {p: entries[p].get("fingerprint") for p in articles}
    groups = dedup.group_duplicates(articles, fingerprints)
    documents = {path: list(copies) for path, copies in sorted(groups.items())}
    meta = {
        "layout": generations.LAYOUT_VERSION,
        "analysis_version": ANALYSIS_VERSION,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": len(articles),
        "documents": len(documents),
        "skipped": skipped,
    }
    plan = _plan(groups, old_docs, changed, fresh=bool(why_full))
    manifest_out = {
        "layout": generations.LAYOUT_VERSION,
        "pipeline": pipeline_fingerprint(),
        "files": files,
        "documents": documents,
    }
    gen = _write_generation(index_root, plan, articles, manifest_out, meta, progress)
    generations.publish(index_root, gen)
    for name in generations.prune(index_root):
        log.info("removed old %s", name)
    return documents, gen.name


def main_build(
    archive: Path, index_root: Path, *, full: bool, progress: bool, report: Path | None = None
) -> int:
    """CLI entry: build and print the report; 1 when locked or failed (the old index serves)."""
    try:
        result = build_index(archive, index_root, full=full, progress=progress, report_path=report)
    except generations.BuildLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception:
        log.exception("build failed; the previous index (if any) keeps serving")
        return 1
    print("\n".join(result.lines()))
    return 0
