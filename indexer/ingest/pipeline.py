"""One archive file to one record: decode (``indexer.ingest.archive``), extract
(``indexer.ingest.extract``)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from indexer.article import Article, Skipped
from indexer.ingest import limits
from indexer.ingest.archive import RawDocument, read_document
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
    return from_raw(doc)


def from_raw(doc: RawDocument) -> Article | Skipped:
    """The article in one decoded document (a file or a web-archive record), or why not.

    A page over the structural limits (``indexer.ingest.limits``) is refused before any parser
    sees it; the capture URL and date the document carries (web archive, mirror) become the
    article's source link and capture date.
    """
    refused = limits.check_html(doc.path, doc.text) if doc.kind == "html" else None
    if refused is not None:
        return refused
    try:
        article = extract(doc)
    except Exception as exc:  # one page must never stop the archive
        log.exception("extraction failed for %s", doc.path)
        return Skipped(doc.path, "extract-error", f"{type(exc).__name__}: {exc}")
    if isinstance(article, Article) and (doc.url or doc.captured):
        article = replace(article, url=doc.url or article.url, captured=doc.captured)
    return article
