"""Web archives (WARC, ISO 28500; WACZ packages of them) to candidate documents.

Every ``response`` (HTTP 2xx) or ``resource`` record whose payload is HTML or plain text becomes a
``RawDocument`` decoded like a loose file (``indexer.ingest.archive.decode_document``, with the
HTTP header's charset), carrying the record's target URI and capture date. Its key is
``CONTAINER#URI`` (``CONTAINER#URI@DIGEST`` for a later, different payload of the same URI), so a
record's identity is its target URI and payload digest. A ``revisit`` record (same payload as an
earlier capture) is resolved against the responses read before it in the same container: the
same URI again adds nothing (like a repeated response with the same payload), another URI gets
the earlier payload under its own URI and date. A revisit whose original is not in its own
container (Heritrix's and wget's deduplication point into the crawl's other, older files) is
looked up in the other WARC files under the archive root, by payload digest, else by
``WARC-Refers-To-Target-URI`` + ``WARC-Refers-To-Date``, and gets that payload under its own URI
and date; one found nowhere is skipped as ``revisit-unresolved``. The other files' response
headers are scanned once per process into a small index (``warc_elsewhere``), kept while the
file's size and mtime are unchanged.
Records are read with fastwarc: 3x warcio's payload rate on the same file (bench/warc.py), and it
undoes chunked transfer and gzip/brotli content encodings itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from indexer.article import Skipped
from indexer.ingest import limits
from indexer.ingest.archive import RawDocument, decode_document
from indexer.ingest.walk import archive_key
from indexer.ingest.warc_elsewhere import WARC_NAMES, Elsewhere, Opener, opener

log = logging.getLogger(__name__)

# Media types whose payload is a page or a text (anything else, images, scripts, CSS, is not a
# candidate document and is passed over without a report line).
KINDS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
WANTED = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.revisit
# Folder of a WACZ package that holds its WARC files (WACZ 1.1: "archive/").
WACZ_WARCS = "archive/"
# A revisit's payload comes from the earlier record, looked up by its digest; the key length of
# a digest in a record key (base32 SHA-1 has 32 characters; 12 are unique within one crawl).
DIGEST_CHARS = 12


@dataclass(frozen=True)
class Payload:
    """One candidate record's payload, not yet decoded (decoding runs in the guarded worker)."""

    key: str  # CONTAINER#URI (see the module docstring)
    kind: str  # "html" or "text"
    data: bytes
    charset: str | None  # from the HTTP (or WARC) Content-Type header
    uri: str
    captured: dt.date | None


def read_container(root: Path, path: Path) -> Iterator[RawDocument | Skipped]:
    """Every candidate document of the WARC or WACZ file ``path``, decoded, or why not."""
    for item in iter_payloads(root, path):
        yield item if isinstance(item, Skipped) else decode_payload(item)


def decode_payload(payload: Payload) -> RawDocument | Skipped:
    """A record's payload decoded like a loose file, with its URI and capture date."""
    doc = decode_document(payload.key, payload.kind, payload.data, http_charset=payload.charset)
    if isinstance(doc, Skipped):
        return doc
    return RawDocument(
        doc.path, doc.kind, doc.text, doc.encoding, payload.uri, payload.captured, doc.repaired
    )


def iter_payloads(root: Path, path: Path) -> Iterator[Payload | Skipped]:
    """Every candidate record of the WARC or WACZ file ``path``, or why a record or the whole
    file was skipped. A damaged file yields the records read before the damage, then a skip.
    Revisits not resolved inside ``path`` are looked up in the other WARC files under ``root``."""
    rel = archive_key(root, path)
    elsewhere = Elsewhere(root, path)
    try:
        if path.name.lower().endswith(".wacz"):
            yield from _read_wacz(rel, path, elsewhere)
        else:
            yield from _Reader(rel, opener(path), elsewhere).documents()
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as exc:
        log.warning("web archive %s: %s", rel, exc)
        yield Skipped(rel, "bad-archive", f"{type(exc).__name__}: {exc}")


def _read_wacz(rel: str, path: Path, elsewhere: Elsewhere) -> Iterator[Payload | Skipped]:
    with zipfile.ZipFile(path) as package:
        names = [
            n
            for n in package.namelist()
            if n.startswith(WACZ_WARCS) and n.lower().endswith(WARC_NAMES)
        ]
        if not names:
            yield Skipped(rel, "bad-archive", "WACZ without archive/*.warc(.gz)")
        reader = _Reader(rel, lambda: package.open(names[0]), elsewhere)
        for name in sorted(names):
            reader.opener = lambda name=name: package.open(name)  # type: ignore[misc]
            yield from reader.documents()


class _Reader:
    """Reads one container's WARC streams, remembering payload digests for revisits."""

    def __init__(self, rel: str, opener: Opener, elsewhere: Elsewhere | None = None) -> None:
        self.rel = rel
        self.opener = opener
        self.elsewhere = elsewhere
        # payload digest -> (URI, opener of its stream, offset of its record)
        self.seen: dict[str, tuple[str, Opener, int]] = {}
        self.keys: set[str] = set()

    def documents(self) -> Iterator[Payload | Skipped]:
        with self.opener() as stream:
            for record in ArchiveIterator(stream, record_types=WANTED, auto_decode="all"):
                item = self._document(record)
                if item is not None:
                    yield item

    def _document(self, record: WarcRecord) -> Payload | Skipped | None:
        headers = record.headers
        uri = (headers.get("WARC-Target-URI") or "").strip("<> ")
        digest = headers.get("WARC-Payload-Digest") or ""
        date = _capture_date(record)
        if record.record_type == WarcRecordType.revisit:
            return self._revisit(record, uri, digest, date)
        kind, charset = self._kind(record)
        if kind is None or not uri:
            return None
        key = self._key(uri, digest)
        if key is None:  # the same URI and payload again: nothing new, nothing to report
            return None
        if record.content_length > limits.MAX_DOCUMENT_BYTES:
            return Skipped(key, "too-large", f"{record.content_length} bytes")
        if digest:
            self.seen.setdefault(digest, (uri, self.opener, record.stream_pos))
        return _payload(record, key, kind, charset, uri, date)

    def _kind(self, record: WarcRecord) -> tuple[str | None, str | None]:
        """("html" or "text", HTTP charset) of a page record, (None, None) for anything else."""
        if record.record_type == WarcRecordType.response:
            if not record.is_http:
                return None, None
            record.parse_http(auto_decode="all")
            status = record.http_headers.status_code or 0
            if not 200 <= status < 300:
                return None, None
            media, charset = record.http_content_type, record.http_charset
        else:
            media, charset = _media_type(record.headers.get("Content-Type") or "")
        return KINDS.get((media or "").lower()), charset

    def _key(self, uri: str, digest: str) -> str | None:
        """The record's key, or None for a URI and payload already read in this container."""
        key = f"{self.rel}#{uri}"
        if key in self.keys:
            if not digest or self.seen.get(digest, ("",))[0] == uri:
                return None
            key = f"{key}@{digest.partition(':')[2][:DIGEST_CHARS]}"
            if key in self.keys:
                return None
        self.keys.add(key)
        return key

    def _revisit(
        self, record: WarcRecord, uri: str, digest: str, date: dt.date | None
    ) -> Payload | Skipped | None:
        original = self.seen.get(digest) if digest else None
        if original is not None and original[0] == uri:
            return None  # a revisit of the same URI: the original is the document
        key = self._key(uri, digest)
        if key is None:
            return None
        if original is None and self.elsewhere is not None:
            original = self.elsewhere.find(
                digest,
                (record.headers.get("WARC-Refers-To-Target-URI") or "").strip("<> "),
                (record.headers.get("WARC-Refers-To-Date") or "").strip(),
            )
        if original is None:
            refers = record.headers.get("WARC-Refers-To-Target-URI") or "an earlier crawl"
            return Skipped(key, "revisit-unresolved", f"original: {refers}")
        first_uri, opener, offset = original
        with opener() as stream:
            stream.seek(offset)
            for earlier in ArchiveIterator(stream, record_types=WANTED, auto_decode="all"):
                kind, charset = self._kind(earlier)
                if kind is None:
                    break
                return _payload(earlier, key, kind, charset, uri, date)
        return Skipped(key, "revisit-unresolved", f"original of {first_uri} unreadable")


def _payload(
    record: WarcRecord, key: str, kind: str, charset: str | None, uri: str, date: dt.date | None
) -> Payload | Skipped:
    """The record's decoded payload, read no further than the size limit: a small record with
    a gzip or brotli Content-Encoding can inflate to gigabytes (a compression bomb)."""
    data = record.reader.read(limits.MAX_DOCUMENT_BYTES + 1)
    if len(data) > limits.MAX_DOCUMENT_BYTES:
        return Skipped(key, "too-large", f"payload over {limits.MAX_DOCUMENT_BYTES} bytes")
    return Payload(key, kind, data, charset, uri, date)


def _media_type(content_type: str) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type value."""
    media, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media.strip(), charset


def _capture_date(record: WarcRecord) -> dt.date | None:
    try:
        return record.record_date.date()
    except (AttributeError, ValueError, OverflowError):
        return None
