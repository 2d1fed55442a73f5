"""One new index generation, written from a build's scan, then made durable and published.

In a new generation directory: the current manifest copied (or a new one), the scanned files
extracted into it in worker processes (``indexer.workers``), near-duplicates grouped
(``indexer.dedup``), small segments of earlier incremental builds merged, segments written in
the workers in bulk (``indexer.segment_writer`` through ``indexer.tasks``) and committed with
deletions in one Whoosh table of contents (``indexer.whoosh_commit``), the vocabulary and meta
file written, everything fsynced, and only then ``current`` swapped (``indexer.generations``).
Any error removes the new directory and leaves the previous index serving.
"""

from __future__ import annotations

import logging
import math
import shutil
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer import (
    generations,
    merge_tiers,
    regroup,
    vocabulary,
    vocabulary_change,
    whoosh_commit,
)
from indexer.extraction_feed import ExtractionFeed
from indexer.manifest import Entry, Manifest
from indexer.scan import Scan
from indexer.tasks import SegmentTask, load_segment_kernels
from indexer.text.analysis import ANALYSIS_VERSION
from indexer.workers import Workers, default_procs

log = logging.getLogger(__name__)

# Fewer documents to write than this go into one segment, written by the build process (or by
# one worker, when the extraction feed started some); from there one segment per worker (a VNTC
# document costs about 1.6 ms to analyse and write in a segment of 413: 826 documents of a 1 %
# change, 1.3 s in one process). Each segment costs search a lookup per term, and small
# segments are merged (SMALL_SEGMENT_LIMIT), so a segment is worth it only when big.
PARALLEL_MIN_WRITE = 400
# Documents per written segment. A segment's postings are held in memory until it is written
# (about 50 KB per VNTC article); more, smaller segments cost search a lookup each per term.
SEGMENT_DOCS = 8000
# Merge tiers (indexer.merge_tiers) by documents per segment: below SMALL_SEGMENT_DOCS (what
# incremental builds add), then below SEGMENT_DOCS; SMALL_SEGMENT_LIMIT segments of a tier are
# written again as bigger ones, so a merge costs at most that many segments of one tier, and a
# document is rewritten about once per tier.
SMALL_SEGMENT_DOCS = 1000
SMALL_SEGMENT_LIMIT = 8


def _flatten(results: Iterable[list[Entry]], keys: set[str]) -> Iterator[Entry]:
    """Every entry of every extracted file; their keys are collected into ``keys``."""
    for entries in results:
        for entry in entries:
            keys.add(entry.key)
            yield entry


def _progress(items, total: int, desc: str, progress: bool):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, disable=not progress, file=sys.stderr)


class GenerationJob:
    """One new generation: manifest, groups, segments, commit, publish.

    ``feed`` holds the scan's files, their extraction started (``indexer.extraction_feed``);
    its workers, when it started some, also write the segments. ``write_one`` runs in the
    workers: a module-level function of the caller (``indexer.build``), so it can be sent there.
    """

    def __init__(
        self,
        index_root: Path,
        scan: Scan,
        current: Manifest | None,
        procs: int | None,
        progress: bool,
        *,
        fingerprint: str,
        feed: ExtractionFeed,
        write_one: Callable[[SegmentTask], Any],
    ) -> None:
        self.index_root, self.scan, self.current = index_root, scan, current
        self.procs, self.progress = procs, progress
        self.fingerprint = fingerprint
        self.feed, self.write_one = feed, write_one
        self._flushing: threading.Thread | None = None

    def _procs(self, work: int, minimum: int) -> int:
        if self.procs is not None:
            return self.procs
        return default_procs() if work >= minimum else 1

    def run(self, why_full: str | None) -> tuple[str, int, int, dict[str, int]]:
        if why_full:
            log.info("full rebuild: %s", why_full)
        gen = generations.make_generation_dir(self.index_root)
        try:
            manifest = self._manifest(gen)
            try:
                write, delete = self._extract_and_group(manifest)
                documents = manifest.document_count()
                drop, rewrite = self._small_segments(gen, manifest)
                if rewrite:
                    writing = {key for key, _ in write}
                    write = sorted(write + [d for d in rewrite if d[0] not in writing])
                gone = sorted(set(delete).union(key for key, _ in rewrite))
                with self._writers(len(write)) as workers:
                    segments = self._write_segments(workers, gen, write, gone)
                articles = manifest.counts()[1]
                skipped = manifest.skipped_counts()
            finally:
                manifest.close()
            whoosh_commit.commit(
                gen, fresh=self.current is None, delete=delete, segments=segments, drop=drop
            )
            if self.syllables is not None:
                vocabulary.write(gen, self.syllables)
            meta = {
                "layout": generations.LAYOUT_VERSION,
                "analysis_version": ANALYSIS_VERSION,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "build": uuid.uuid4().hex,  # tells two builds apart (searchsvc.web.index_holder)
                "articles": articles,
                "documents": documents,
                "skipped": skipped,
            }
            generations.write_json_durably(
                gen / generations.META_FILE, {**meta, "generation": gen.name}
            )
            self._flushed()
            generations.fsync_tree(gen)
        except BaseException:
            self._flushed()
            shutil.rmtree(gen, ignore_errors=True)
            raise
        generations.publish(self.index_root, gen)
        for name in generations.prune(self.index_root):
            log.info("removed old %s", name)
        return gen.name, documents, articles - documents, skipped

    def _flushed(self) -> None:
        """Wait for the background fsync of the copied manifest (``_manifest``)."""
        if self._flushing is not None:
            self._flushing.join()
            self._flushing = None

    def _manifest(self, gen: Path) -> Manifest:
        path = gen / generations.MANIFEST_FILE
        if self.current is not None:
            shutil.copyfile(self.current.path, path)
            # Written to disk meanwhile, while the workers extract: the copy is most of the
            # generation's new bytes (240 MB at 84k VNTC articles; fsync_tree at the end then
            # writes only the pages changed since).
            self._flushing = threading.Thread(target=generations.fsync_path, args=(path,))
            self._flushing.start()
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
        progress = _progress(self.feed.results(), len(scan.extract), "extract", self.progress)
        manifest.put(_flatten(progress, produced))
        manifest.set_meta("pipeline", self.fingerprint)
        manifest.commit()
        incremental = self.current is not None
        changed = scan.added | scan.updated | produced
        write, delete = regroup.plan_documents(
            manifest, changed, scan.removed | scan.stale, incremental=incremental
        )
        manifest.commit()
        return write, delete

    def _small_segments(self, gen: Path, manifest: Manifest) -> tuple[set[str], list]:  # type: ignore[type-arg]
        """Segments to drop and their live documents, written again with this build's
        (``indexer.merge_tiers``); an incremental build's only."""
        if self.current is None:
            return set(), []
        tiers = (SMALL_SEGMENT_DOCS, SEGMENT_DOCS, SMALL_SEGMENT_LIMIT)
        return merge_tiers.segments_to_merge(gen, manifest, *tiers)

    @contextmanager
    def _writers(self, documents: int) -> Iterator[Workers]:
        """The processes that write ``documents`` documents: the feed's workers when it started
        some (their kernels are loaded; they stop once the segments are written), else new
        ones, or this process, with the kernels loaded first (forked workers inherit them)."""
        if self.feed.workers is not None:
            try:
                yield self.feed.workers
            finally:
                self.feed.close()
            return
        if documents:
            load_segment_kernels()
        with Workers(self._procs(documents, PARALLEL_MIN_WRITE)) as workers:
            yield workers

    def _write_segments(self, workers: Workers, gen: Path, write, gone: list[str]) -> list:  # type: ignore[no-untyped-def]
        """Write the documents as segments in the workers, and count the vocabulary: the
        previous generation's (read here meanwhile), plus what the segments hold, minus what
        the documents deleted or written again held (``_uncount``, in the workers too)."""
        parts = min(workers.procs, self._procs(len(write), PARALLEL_MIN_WRITE))
        size = min(SEGMENT_DOCS, math.ceil(len(write) / parts)) if write else 1
        manifest = gen / generations.MANIFEST_FILE
        batches = [
            SegmentTask(gen, manifest, write[i : i + size]) for i in range(0, len(write), size)
        ]
        written = workers.map(self.write_one, batches)  # the workers start on these now
        uncounted = self._uncount(workers, gen, gone)  # and on these after
        # Frequencies of an incremental build start from the previous generation's. A
        # generation built before vocabularies existed has none: its successors write none
        # either (the service then asks Whoosh) until the next full build, rather than a
        # vocabulary of new files only.
        self.syllables = vocabulary.read(gen) if self.current is not None else Counter()
        segments = []
        for segment, syllables in _progress(written, len(batches), "segments", self.progress):
            if self.syllables is not None:
                self.syllables.update(syllables)
            if segment is not None:
                segments.append(segment)
        for removed in uncounted:
            if self.syllables is not None:
                vocabulary_change.subtract(self.syllables, removed)
        return segments

    def _uncount(self, workers: Workers, gen: Path, gone: list[str]) -> Iterator[Counter[str]]:
        """The syllables of documents deleted or written again, read from the previous
        generation's manifest (``indexer.vocabulary_change``); started now, given as read."""
        if self.current is None or not gone or not (gen / vocabulary.VOCABULARY_FILE).exists():
            return iter(())
        tasks = vocabulary_change.tasks(self.current.path, gone)
        return workers.map(vocabulary_change.removed_syllables, tasks)
