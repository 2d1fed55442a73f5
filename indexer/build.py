"""``python -m indexer build``: bring the index up to date with the archive, atomically.

A build holds an exclusive ``flock`` on ``index_root/.lock`` and:

1. **scans** the archive against the current generation's manifest (``indexer.manifest``,
   SQLite, read by key): size + mtime, then sha256; only new and changed files go on;
2. **extracts** them in worker processes (``indexer.workers``, which die with the build) into a
   copy of the manifest inside a *new* generation directory, streaming (records go to SQLite,
   never all in memory);
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
import math
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from indexer import dedup, generations, tasks, vocabulary
from indexer.article import Article, Skipped
from indexer.ingest.walk import archive_key, suffix_kind
from indexer.manifest import Entry, Manifest, pipeline_fingerprint, sha256_of
from indexer.report import BuildReport
from indexer.schema import ID_FIELD, PATH, doc_id, make_schema
from indexer.tasks import ExtractTask, Loader, SegmentTask
from indexer.text.analysis import ANALYSIS_VERSION
from indexer.workers import Workers, default_procs

log = logging.getLogger(__name__)

Walker = Callable[[Path], Iterable["Path | Skipped"]]

# Builds with fewer files to extract or documents to write than this run in one process: starting
# and feeding workers costs more than it saves on a handful of files.
PARALLEL_MIN_DOCS = 2000
# Documents per written segment. A segment's postings are held in memory until it is written
# (about 50 KB per VNTC article); more, smaller segments cost search a lookup each per term.
SEGMENT_DOCS = 8000
# Files handed to a worker at a time during extraction (amortises inter-process messages).
EXTRACT_CHUNK = 16
# Incremental builds add one small segment each; once this many segments under SMALL_SEGMENT_DOCS
# exist, their live documents are written again into the build's new segment and they are dropped.
SMALL_SEGMENT_DOCS = 1000
SMALL_SEGMENT_LIMIT = 8
# Whoosh's temporary storage for stored-field columns inside the generation directory.
WHOOSH_TEMP = "MAIN.tmp"

# Set before workers are forked, so they inherit it (a loader may be a closure: not picklable).
_LOADER: dict[str, Loader] = {}


def default_loader() -> Loader:
    from indexer.ingest import sources  # imports the extraction stack only when really building

    return sources.default_loader()  # web archives too; every document under a time limit


def default_walker() -> Walker:
    from indexer.ingest.walk import walk_archive

    return walk_archive  # never leaves the archive; refused files come back as Skipped


@dataclass
class Scan:
    """The archive against the current manifest."""

    extract: list[ExtractTask] = field(default_factory=list)
    restat: list[tuple[str, int, int]] = field(default_factory=list)
    refused: list[Entry] = field(default_factory=list)  # refused by the walk, newly or anew
    stale: set[str] = field(default_factory=set)  # records of changed web archives
    added: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    files: int = 0

    @property
    def changed(self) -> bool:
        """Whether a new generation is needed. A touched file (same bytes, new mtime) is not:
        its new stat is saved with the next real change, and until then costs a hash."""
        return bool(self.extract or self.removed or self.refused)


def _open_current(index_root: Path) -> tuple[Manifest | None, str | None]:
    """The current generation's manifest (read-only), or None and why a full rebuild is needed."""
    realpath = generations.current_realpath(index_root)
    if realpath is None:
        return None, "no current index"
    try:
        opened = generations.open_generation(realpath)
        try:
            doc_count = opened.index.doc_count()
        finally:
            opened.index.close()
        manifest = Manifest(Path(realpath) / generations.MANIFEST_FILE, readonly=True)
        try:
            if manifest.get_meta("layout") != str(generations.LAYOUT_VERSION):
                raise ValueError("manifest layout differs")
            if doc_count != manifest.document_count():
                raise ValueError("manifest and index disagree")
        except Exception:
            manifest.close()
            raise
        if manifest.get_meta("pipeline") != pipeline_fingerprint():
            manifest.close()
            return None, "extraction code or data changed since the last build"
    except generations.IndexVersionMismatch as exc:
        log.warning("rebuilding from scratch: %s", exc)
        return None, f"analysis version changed ({exc})"
    except Exception as exc:  # any failure to read it means it cannot be updated: rebuild
        log.warning("rebuilding from scratch: current index at %s is damaged: %s", realpath, exc)
        return None, f"current index is damaged ({exc})"
    return manifest, None


def _scan(archive: Path, walker: Walker, current: Manifest | None) -> Scan:
    scan = Scan()
    seen: set[str] = set()
    members_seen: set[str] = set()
    for path in walker(archive):
        if isinstance(path, Skipped):  # refused by the walk: a row with its reason, no reading
            seen.add(path.path)
            before = current.get(path.path) if current else None
            if before is None or before.skipped != path.reason:
                (scan.updated if before else scan.added).add(path.path)
                scan.refused.append(Entry(path.path, -1, -1, None, path.reason, path.detail))
            continue
        if not path.is_absolute() and path.parts[: len(archive.parts)] != archive.parts:
            path = archive / path
        key = archive_key(archive, path)
        seen.add(key)
        old = current.stat_of(key) if current else None
        container = current is not None and old and suffix_kind(path.name) == "container"
        members = current.member_keys(key) if container and current is not None else []
        seen.update(members)
        members_seen.update(members)
        task = ExtractTask(archive, path, key)
        try:
            stat = path.stat()
            if old and old[:2] == (stat.st_size, stat.st_mtime_ns):
                continue
            if old:
                sha = sha256_of(path)
                if sha == old[2]:
                    scan.restat.append((key, stat.st_size, stat.st_mtime_ns))
                    continue
                task = ExtractTask(archive, path, key, sha)
        except OSError:
            pass  # extraction records it as unreadable
        (scan.updated if old else scan.added).add(key)
        scan.extract.append(task)
        scan.stale.update(members)  # a changed web archive is read again whole
    scan.files = len(seen) - len(members_seen)  # archive files, not web-archive records
    if current:
        scan.removed = {key for key in current.file_keys() if key not in seen}
    return scan


def _extract_one(task: ExtractTask):  # type: ignore[no-untyped-def]
    return tasks.extract(task, _LOADER["load"], award_records)


def _flatten(results: Iterable[list[Entry]], keys: set[str]) -> Iterator[Entry]:
    """Every entry of every extracted file; their keys are collected into ``keys``."""
    for entries in results:
        for entry in entries:
            keys.add(entry.key)
            yield entry


def award_records(article: Article) -> list[dict[str, Any]]:
    """Award records of an article (replaceable: the benchmark serves them from its cache)."""
    return tasks.award_records(article)


def _write_one(task: SegmentTask):  # type: ignore[no-untyped-def]
    return tasks.write_segment(task, document_fields)


def document_fields(*args: Any) -> dict[str, Any]:
    """``indexer.schema.document_fields`` (looked up here so a test can make it fail)."""
    from indexer.schema import document_fields as fields

    return fields(*args)


def _progress(items, total: int, desc: str, progress: bool):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, disable=not progress, file=sys.stderr)


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
        current, why_full = _open_current(index_root)
        why_full = "--full requested" if full else why_full
        try:
            scan = _scan(archive, walker or default_walker(), None if why_full else current)
            if why_full or scan.changed:
                _LOADER["load"] = loader or default_loader()
                job = _Job(index_root, scan, None if why_full else current, procs, progress)
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


class _Job:
    """One new generation: manifest, groups, segments, commit, publish."""

    def __init__(self, index_root, scan, current, procs, progress) -> None:  # type: ignore[no-untyped-def]
        self.index_root, self.scan, self.current = index_root, scan, current
        self.procs, self.progress = procs, progress

    def _procs(self, work: int) -> int:
        if self.procs is not None:
            return self.procs
        return default_procs() if work >= PARALLEL_MIN_DOCS else 1

    def run(self, why_full: str | None) -> tuple[str, int, int, dict[str, int]]:
        if why_full:
            log.info("full rebuild: %s", why_full)
        gen = generations.make_generation_dir(self.index_root)
        try:
            manifest = self._manifest(gen)
            try:
                groups, write, delete = self._extract_and_group(manifest)
                documents = len(groups)
                drop, rewrite = self._small_segments(gen, groups)
                if rewrite:
                    writing = {key for key, _ in write}
                    write = sorted(write + [d for d in rewrite if d[0] not in writing])
                with Workers(self._procs(len(write))) as workers:
                    segments = self._write_segments(workers, gen, write)
                articles = manifest.counts()[1]
                skipped = manifest.skipped_counts()
            finally:
                manifest.close()
            self._commit(gen, delete, segments, drop)
            if self.syllables is not None:
                vocabulary.write(gen, self.syllables)
            meta = {
                "layout": generations.LAYOUT_VERSION,
                "analysis_version": ANALYSIS_VERSION,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "articles": articles,
                "documents": documents,
                "skipped": skipped,
            }
            generations.write_json_durably(
                gen / generations.META_FILE, {**meta, "generation": gen.name}
            )
            generations.fsync_tree(gen)
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
        generations.publish(self.index_root, gen)
        for name in generations.prune(self.index_root):
            log.info("removed old %s", name)
        return gen.name, documents, articles - documents, skipped

    def _manifest(self, gen: Path) -> Manifest:
        path = gen / generations.MANIFEST_FILE
        if self.current is not None:
            shutil.copyfile(self.current.path, path)
            copied = Manifest(path)
            generations.copy_generation(self.current.path.parent, gen)
            return copied
        manifest = Manifest(path)
        manifest.set_meta("layout", str(generations.LAYOUT_VERSION))
        return manifest

    def _extract_and_group(self, manifest: Manifest):  # type: ignore[no-untyped-def]
        scan = self.scan
        manifest.delete(scan.removed | scan.stale)
        for key, size, mtime_ns in scan.restat:
            manifest.restat(key, size, mtime_ns)
        manifest.put(scan.refused)
        produced: set[str] = set()  # keys written, web archives' records included
        with Workers(self._procs(len(scan.extract))) as workers:
            results = workers.map(_extract_one, scan.extract, chunksize=EXTRACT_CHUNK)
            progress = _progress(results, len(scan.extract), "extract", self.progress)
            manifest.put(_flatten(progress, produced))
        manifest.set_meta("pipeline", pipeline_fingerprint())
        manifest.commit()

        pairs = list(manifest.signatures())
        keys = [key for key, _ in pairs]
        signatures = [signature for _, signature in pairs]
        del pairs
        previous = dict(manifest.documents()) if self.current is not None else None
        changed = scan.added | scan.updated | produced

        def article_of(key: str) -> Article:
            return Article.from_json(manifest.record(key)["article"])

        groups = dedup.group_duplicates(keys, signatures, article_of, previous, changed)
        manifest.replace_documents(sorted(groups.items()))
        manifest.commit()
        old = previous or {}
        write = [
            (key, copies)
            for key, copies in sorted(groups.items())
            if key in changed or old.get(key) != list(copies)
        ]
        delete = sorted((set(old) - set(groups)) | {key for key, _ in write if key in old})
        return groups, write, delete

    def _small_segments(self, gen: Path, groups) -> tuple[set[str], list]:  # type: ignore[no-untyped-def, type-arg]
        """Small segments to drop (left by incremental builds, once there are
        ``SMALL_SEGMENT_LIMIT`` of them) and their live documents, to be written again with
        this build's segment: a merge through the fast writer rather than Whoosh's."""
        if self.current is None:
            return set(), []
        index = whoosh_index.open_dir(gen)
        try:
            small = [s for s in index._segments() if s.doc_count_all() < SMALL_SEGMENT_DOCS]
            if len(small) < SMALL_SEGMENT_LIMIT:
                return set(), []
            keys = []
            for segment in small:
                reader = SegmentReader(index.storage, index.schema, segment)
                try:
                    for docnum in range(segment.doc_count_all()):
                        if not reader.is_deleted(docnum):
                            keys.append(reader.stored_fields(docnum)[PATH])
                finally:
                    reader.close()
        finally:
            index.close()
        live = [(key, groups[key]) for key in keys if key in groups]
        return {s.segid for s in small}, live

    def _write_segments(self, workers: Workers, gen: Path, write) -> list:  # type: ignore[no-untyped-def]
        # Frequencies of an incremental build start from the previous generation's, and are not
        # lowered for deleted documents: they only rank spelling suggestions. A generation built
        # before vocabularies existed has none: its successors write none either (the service
        # then asks Whoosh) until the next full build, rather than a vocabulary of new files only.
        self.syllables = vocabulary.read(gen) if self.current is not None else Counter()
        if not write:
            return []
        size = min(SEGMENT_DOCS, math.ceil(len(write) / workers.procs))
        manifest = gen / generations.MANIFEST_FILE
        batches = [
            SegmentTask(gen, manifest, write[i : i + size]) for i in range(0, len(write), size)
        ]
        results = workers.map(_write_one, batches)
        segments = []
        for segment, syllables in _progress(results, len(batches), "segments", self.progress):
            if self.syllables is not None:
                self.syllables.update(syllables)
            if segment is not None:
                segments.append(segment)
        return segments

    def _commit(self, gen: Path, delete: list[str], segments: list, drop: set[str]) -> None:  # type: ignore[type-arg]
        if self.current is None:
            index = whoosh_index.create_in(gen, make_schema())
        else:
            index = whoosh_index.open_dir(gen)
        writer = index.writer()
        try:
            for key in delete:
                writer.delete_by_term(ID_FIELD, doc_id(key))
        except BaseException:
            writer.cancel()
            raise
        # Whoosh's merge-policy hook: the kept segments (minus merged small ones) and ours.
        writer.commit(mergetype=lambda w, old: [s for s in old if s.segid not in drop] + segments)
        index.close()
        shutil.rmtree(gen / WHOOSH_TEMP, ignore_errors=True)


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
