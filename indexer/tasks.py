"""What a build worker does: extract one file into a manifest entry; write one index segment.

Both run in worker processes (``indexer.workers``) or, for small builds, in the build process.
Extraction reads, hashes and extracts a file, finds its awards and its near-duplicate signature,
and returns a compact ``manifest.Entry``. Segment writing reads the records of a batch of
documents from the (committed) manifest of the new generation and writes one Whoosh segment in
bulk (``indexer.segment_writer``, which analyses each document's text once): only the batch is
ever in memory.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage

from indexer import dedup_signature, posting_kernels
from indexer.article import Article, Skipped
from indexer.digests import sha256_of
from indexer.manifest import Entry, Manifest, pack_record
from indexer.schema import document_fields, make_schema
from indexer.segment_writer import SegmentBuilder

log = logging.getLogger(__name__)

Loader = Callable[[Path, Path], "Article | Skipped | list[Article | Skipped]"]


def award_records(article: Article) -> list[dict[str, Any]]:
    """Award records for the document (``indexer.enrich.awards``, imported only when building)."""
    from indexer.enrich.award_records import award_to_json
    from indexer.enrich.awards import find_awards

    return [award_to_json(award) for award in find_awards(article)]


@dataclass(frozen=True)
class ExtractTask:
    """One file to extract: where it is, its manifest key, and the loader to use."""

    archive: Path
    path: Path
    key: str
    sha256: str | None = None  # known when the caller already hashed it


def _load(loader: Loader, task: ExtractTask) -> Article | Skipped | list[Article | Skipped]:
    try:
        return loader(task.archive, task.path)
    except Exception as exc:  # one bad file never stops a build
        log.exception("cannot load %s", task.key)
        return Skipped(task.key, "load-error", f"{type(exc).__name__}: {exc}")


def extract(task: ExtractTask, loader: Loader, awards: Callable = award_records) -> list[Entry]:  # type: ignore[type-arg]
    """The manifest entries of one file (never raises for a bad or vanished file): one, or for a
    web archive one row for the file itself (stat and sha256 only) and one per record, keyed
    ``FILE#URI`` (see ``indexer.ingest.warc``)."""
    try:
        stat = task.path.stat()
        sha = task.sha256 or sha256_of(task.path)
    except OSError as exc:
        reason = getattr(exc, "reason", "vanished" if isinstance(exc, FileNotFoundError) else "")
        return [Entry(task.key, -1, -1, None, reason or "unreadable", detail=str(exc))]
    loaded = _load(loader, task)
    if not isinstance(loaded, list):
        return [_entry(task.key, loaded, stat, sha, awards)]
    container = Entry(task.key, stat.st_size, stat.st_mtime_ns, sha, detail=WEB_ARCHIVE)
    return [container, *(_entry(r.path, r, stat, sha, awards) for r in loaded)]


# ``detail`` of a web archive's own row (neither skipped nor a record: its records are rows).
WEB_ARCHIVE = "web archive"


def _entry(key: str, record: Article | Skipped, stat: os.stat_result, sha: str, awards) -> Entry:  # type: ignore[no-untyped-def]
    if isinstance(record, Skipped):
        return Entry(key, stat.st_size, stat.st_mtime_ns, sha, record.reason, record.detail)
    article = record if record.path == key else replace(record, path=key)
    return Entry(
        key,
        stat.st_size,
        stat.st_mtime_ns,
        sha,
        signature=dedup_signature.fingerprint(article),
        record=pack_record(article.to_json(), awards(article)),
    )


@dataclass(frozen=True)
class SegmentTask:
    """Documents (key, copies) to write as one segment of the index in ``directory``."""

    directory: Path
    manifest: Path
    documents: Sequence[tuple[str, Sequence[str]]]


def write_segment(task: SegmentTask, fields_of: Callable = document_fields) -> Any:  # type: ignore[type-arg]
    """Write the task's documents as one new segment file set; the ``W3Segment`` (not yet in
    any table of contents: the build commits all segments at once) and the document
    frequencies of its folded syllables (``indexer.vocabulary``).

    Python's cyclic garbage collector is paused meanwhile: a segment's postings are millions of
    objects held until ``finish``, which every collection walked again (``bench/build_stages.py
    --collector-on`` shows the cost). They hold no cycles; reference counting frees them."""
    with collector_paused():
        return _write_segment(task, fields_of)


def load_segment_kernels() -> None:
    """Load the segment writer's compiled kernels (``indexer.posting_kernels``) in this process,
    once, before it writes a segment: in the build process before a write pool forks (the
    workers inherit them), or in each worker as it starts when the extraction feed started the
    workers (``indexer.build._prepare_worker``, meanwhile the scan runs). Loading them from
    numba's cache costs 0.25-0.31 s a process (measured in a fresh one, idle machine), most of
    it numba setting up its typing context."""
    posting_kernels.warm_up()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable ``gc`` for the block (restored as it was, also on error)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write_segment(task: SegmentTask, fields_of: Callable) -> Any:  # type: ignore[type-arg]
    storage = FileStorage(str(task.directory))
    builder = SegmentBuilder(storage, make_schema())
    manifest = Manifest(task.manifest, readonly=True)
    try:
        for key, copies in task.documents:
            data = manifest.record(key)
            builder.add_document(
                fields_of(Article.from_json(data["article"]), data["awards"], copies)
            )
    except BaseException:
        builder.cancel()
        raise
    finally:
        manifest.close()
    segment = builder.finish()
    log.debug("process %d wrote %d documents", os.getpid(), len(task.documents))
    return segment, builder.syllables
