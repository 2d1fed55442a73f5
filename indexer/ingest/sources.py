"""The build's loader: any walked archive file to its records, every document time-limited.

A loose ``.txt``/``.html`` file gives one record (``Article`` or ``Skipped``); a web-archive
container (``.warc``, ``.warc.gz``, ``.wacz``) gives a list, one per candidate record, keyed
``CONTAINER#URI``. Everything that costs time in proportion to a document's content (reading and
decoding a loose file, decoding a record's payload, the limits' pre-scan, extraction) runs in one
``indexer.ingest.guard.Guard`` worker under its time limit; only the WARC framing is read here.
The worker starts on first use and stops when the interpreter exits.
"""

from __future__ import annotations

import atexit
from dataclasses import dataclass
from pathlib import Path

from indexer.article import Article, Skipped
from indexer.ingest import limits
from indexer.ingest.pipeline import from_raw, load
from indexer.ingest.walk import archive_key, suffix_kind

Record = Article | Skipped


@dataclass(frozen=True)
class FileJob:
    """A loose archive file for the worker to read, decode and extract."""

    root: Path
    path: Path


def work(job: object) -> Record:
    """The worker's task: one loose file or one web-archive payload to its record."""
    if isinstance(job, FileJob):
        return load(job.root, job.path)
    from indexer.ingest.warc import Payload, decode_payload

    assert isinstance(job, Payload)
    doc = decode_payload(job)
    return doc if isinstance(doc, Skipped) else from_raw(doc)


def job_key(job: object) -> str:
    """The record key a job's skip is reported under."""
    if isinstance(job, FileJob):
        return archive_key(job.root, job.path)
    return str(getattr(job, "key", job))


class SourceLoader:
    """``loader(root, path)`` for ``indexer.build``: one record, or a list for a container."""

    def __init__(self, seconds: float = limits.MAX_EXTRACT_SECONDS) -> None:
        from indexer.ingest.guard import Guard

        self.guard = Guard(work, job_key, seconds)

    def __call__(self, root: Path, path: Path) -> Record | list[Record]:
        if suffix_kind(path.name) == "container":
            from indexer.ingest.warc import iter_payloads  # fastwarc only when there are WARCs

            return [
                item if isinstance(item, Skipped) else self.guard.run(item)
                for item in iter_payloads(root, path)
            ]
        return self.guard.run(FileJob(root, path))

    def close(self) -> None:
        self.guard.close()

    def __enter__(self) -> SourceLoader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_default: SourceLoader | None = None


def default_loader() -> SourceLoader:
    """The process's shared loader (one extraction worker, stopped at exit)."""
    global _default
    if _default is None:
        _default = SourceLoader()
        atexit.register(_default.close)
    return _default
