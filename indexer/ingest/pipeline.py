"""One archive file to one record: decode (``indexer.ingest.archive``), extract
(``indexer.ingest.extract``)."""

from __future__ import annotations

import logging
from pathlib import Path

from indexer.article import Article, Skipped
from indexer.ingest.archive import read_document
from indexer.ingest.extract import extract

log = logging.getLogger(__name__)


def load(root: Path, path: Path) -> Article | Skipped:
    """The article in ``path`` (inside ``root``), or why it was skipped. Never raises for bad input.

    Extraction runs on text nobody has checked: an unexpected error there is logged with its
    traceback and the file is skipped as ``extract-error`` so one bad page cannot stop a build.
    """
    doc = read_document(root, path)
    if isinstance(doc, Skipped):
        return doc
    try:
        return extract(doc)
    except Exception as exc:  # one page must never stop the archive
        log.exception("extraction failed for %s", doc.path)
        return Skipped(doc.path, "extract-error", f"{type(exc).__name__}: {exc}")
