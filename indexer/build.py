"""``python -m indexer build``: bring the index up to date with the archive, atomically.

A build holds an exclusive ``flock`` on ``index_root/.lock`` and (step 1 in ``indexer.scan``,
steps 2-5 in ``indexer.generation_job``):

1. **scans** the archive against the current generation's manifest (``indexer.manifest``,
   SQLite, read by key): size + mtime, then sha256; only new and changed files go on;
2. **extracts** them in worker processes (``indexer.workers``, which die with the build), started
   while the scan still runs (``indexer.extraction_feed``), into a copy of the manifest inside a
   *new* generation directory, streaming (records go to SQLite, never all in memory);
3. **groups near-duplicates** by LSH over the stored signatures (``indexer.dedup``), verifying
   only pairs that involve a new or changed article on an incremental build;
4. **writes segments** in the workers, a bounded batch of documents each, in bulk
   (``indexer.segment_writer``), and commits them with deletions in one Whoosh table of contents;
5. fsyncs everything and only then swaps ``current`` (``indexer.generations``): a crash or kill
   at any moment leaves the previous index serving, and the next build removes the leftovers.

An unchanged archive costs the scan and nothing else.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from indexer import generations, tasks
from indexer.article import Article
from indexer.digests import pipeline_fingerprint
from indexer.extraction_feed import ExtractionFeed
from indexer.generation_job import GenerationJob
from indexer.manifest import Manifest
from indexer.report import BuildReport
from indexer.scan import Walker, open_current, scan_archive
from indexer.tasks import ExtractTask, Loader, SegmentTask

log = logging.getLogger(__name__)

# Set before workers are forked, so they inherit it (a loader may be a closure: not picklable);
# None: the default loader, made on first use in each process (``_loader``).
_LOADER: dict[str, Loader | None] = {}


def default_loader() -> Loader:
    from indexer.ingest import sources  # imports the extraction stack only when really building

    return sources.default_loader()  # web archives too; every document under a time limit


def _loader() -> Loader:
    load = _LOADER.get("load")
    if load is None:
        load = _LOADER["load"] = default_loader()
    return load


def _prepare_worker() -> None:
    """What a build worker loads as it starts, while the scan still runs (``indexer.
    extraction_feed``): the extraction code and the segment writer's compiled kernels."""
    _loader()
    tasks.load_segment_kernels()


def default_walker() -> Walker:
    from indexer.ingest.walk import walk_found

    return walk_found  # never leaves the archive; refused files come back as Skipped


def _extract_one(task: ExtractTask):  # type: ignore[no-untyped-def]
    return tasks.extract(task, _loader(), award_records)


def award_records(article: Article) -> list[dict[str, Any]]:
    """Award records of an article (replaceable: the benchmark serves them from its cache)."""
    return tasks.award_records(article)


def _write_one(task: SegmentTask):  # type: ignore[no-untyped-def]
    return tasks.write_segment(task, document_fields)


def document_fields(*args: Any) -> dict[str, Any]:
    """``indexer.schema.document_fields`` (looked up here so a test can make it fail)."""
    from indexer.schema import document_fields as fields

    return fields(*args)


def build_index(
    archive: Path,
    index_root: Path,
    *,
    full: bool = False,
    progress: bool = False,
    loader: Loader | None = None,
    walker: Walker | None = None,
    procs: int | None = None,
    report_path: Path | None = None,
) -> BuildReport:
    """Bring ``index_root`` up to date with ``archive`` (see the module docstring).

    ``loader`` (default ``indexer.ingest.pipeline.load``) and ``walker`` (default
    ``indexer.ingest.archive.iter_archive``) are injectable for tests; ``procs`` forces the
    number of processes (default: one per core when there is enough work, else one). Raises
    ``generations.BuildLocked`` when another build runs; an error while writing leaves the
    current index serving and propagates. ``report_path``: write every archive file's and web
    archive record's outcome there as JSON Lines (``indexer.ingest.report``).
    """
    started = time.perf_counter()
    archive, index_root = Path(archive), Path(index_root)
    if not archive.is_dir():
        raise FileNotFoundError(f"archive folder not found: {archive}")
    index_root.mkdir(parents=True, exist_ok=True)
    with generations.build_lock(index_root):
        for name in generations.prune(index_root):
            log.info("removed leftover %s", name)
        fingerprint = pipeline_fingerprint()
        current, why_full = open_current(index_root, fingerprint)
        why_full = "--full requested" if full else why_full
        _LOADER["load"] = loader
        try:
            with ExtractionFeed(_extract_one, procs, _prepare_worker) as feed:
                scan = scan_archive(
                    archive, walker or default_walker(), None if why_full else current, feed.add
                )
                if why_full or scan.changed:
                    job = GenerationJob(
                        index_root,
                        scan,
                        None if why_full else current,
                        procs,
                        progress,
                        fingerprint=fingerprint,
                        feed=feed,
                        write_one=_write_one,
                    )
                    generation, documents, duplicates, skipped = job.run(why_full)
                else:  # unchanged archive: the scan was all the work
                    assert current is not None
                    generation, skipped = None, current.skipped_counts()
                    documents = current.document_count()
                    duplicates = current.counts()[1] - documents
        finally:
            if current:
                current.close()
        if report_path is not None:
            _write_report(index_root, report_path)
    return BuildReport(
        documents,
        added=len(scan.added),
        updated=len(scan.updated),
        removed=len(scan.removed),
        unchanged=scan.files - len(scan.added) - len(scan.updated),
        skipped=skipped,
        duplicates=duplicates,
        seconds=time.perf_counter() - started,
        generation=generation,
        full=bool(why_full),
    )


def _write_report(index_root: Path, report_path: Path) -> None:
    from indexer.ingest.report import write_report

    realpath = generations.current_realpath(index_root)
    manifest = Manifest(Path(str(realpath)) / generations.MANIFEST_FILE, readonly=True)
    try:
        write_report(report_path, manifest.rows())
    finally:
        manifest.close()


def main_build(
    archive: Path,
    index_root: Path,
    *,
    full: bool,
    progress: bool,
    procs: int | None = None,
    report_path: Path | None = None,
) -> int:
    """CLI entry: build and print the report; 1 when locked or failed (the old index serves)."""
    try:
        report = build_index(
            archive, index_root, full=full, progress=progress, procs=procs, report_path=report_path
        )
    except generations.BuildLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception:
        log.exception("build failed; the previous index (if any) keeps serving")
        return 1
    print("\n".join(report.lines()))
    return 0
