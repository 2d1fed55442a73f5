"""The build's loader: any walked archive file to its records, each extraction time-limited.

A loose ``.txt``/``.html`` file gives one record (``Article`` or ``Skipped``); a web-archive
container (``.warc``, ``.warc.gz``, ``.wacz``) gives a list, one per candidate record, keyed
``CONTAINER#URI``. Files are read and decoded here; every document's extraction runs through one
``indexer.ingest.guard.Guard`` (a worker process with a time limit), started on first use and
stopped when the interpreter exits.
"""

from __future__ import annotations

import atexit
from pathlib import Path

from indexer.article import Article, Skipped
from indexer.ingest import limits
from indexer.ingest.archive import RawDocument, read_document
from indexer.ingest.guard import Guard
from indexer.ingest.pipeline import from_raw
from indexer.ingest.walk import suffix_kind

Record = Article | Skipped


def _path_of(doc: RawDocument) -> str:
    return doc.path


class SourceLoader:
    """``loader(root, path)`` for ``indexer.build``: one record, or a list for a container."""

    def __init__(self, seconds: float | None = None) -> None:
        limit = limits.MAX_EXTRACT_SECONDS if seconds is None else seconds
        self.guard = Guard(from_raw, _path_of, limit)

    def __call__(self, root: Path, path: Path) -> Record | list[Record]:
        if suffix_kind(path.name) == "container":
            from indexer.ingest.warc import read_container  # fastwarc only when there are WARCs

            return [self._extract(doc) for doc in read_container(root, path)]
        return self._extract(read_document(root, path))

    def _extract(self, doc: RawDocument | Skipped) -> Record:
        return doc if isinstance(doc, Skipped) else self.guard.run(doc)

    def close(self) -> None:
        self.guard.close()


_default: SourceLoader | None = None


def default_loader() -> SourceLoader:
    """The process's shared loader (one extraction worker, stopped at exit)."""
    global _default
    if _default is None:
        _default = SourceLoader()
        atexit.register(_default.close)
    return _default
