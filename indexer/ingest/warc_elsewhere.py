"""A revisit's original in the crawl's other WARC files.

Heritrix's and wget's deduplication write a ``revisit`` record whose payload is in an older file of
the same crawl. Each other WARC file under the archive root is scanned once per process (headers
only: payloads are skipped over) into a small index by payload digest and by (URI, WARC-Date), kept
while the file's size and mtime are unchanged, so a crawl's files cost one pass each, not one per
revisit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from indexer.ingest.walk import walk_archive

log = logging.getLogger(__name__)

WARC_NAMES = (".warc", ".warc.gz")

Opener = Callable[[], IO[bytes]]


@dataclass(frozen=True)
class Captures:
    """Where one WARC file's response records are, by payload digest and by (URI, WARC-Date):
    headers only, so a crawl's other files cost one pass each, not one per revisit."""

    stamp: tuple[int, int]  # (size, mtime in ns) of the file when it was scanned
    by_digest: dict[str, tuple[str, int]]  # payload digest -> (URI, record offset)
    by_capture: dict[tuple[str, str], int]  # (URI, WARC-Date) -> record offset


# The process's scanned WARC files (a build reads each container once; a later build in the same
# process rescans only the files whose size or mtime changed).
CAPTURES: dict[Path, Captures] = {}


def captures_of(path: Path) -> Captures:
    """``path``'s response index, from the cache while the file is unchanged. A damaged file
    gives the records read before the damage (the container itself reports the damage)."""
    path = path.resolve()  # one entry per file, however the walk spelled its path
    info = path.stat()
    stamp = (info.st_size, info.st_mtime_ns)
    cached = CAPTURES.get(path)
    if cached is not None and cached.stamp == stamp:
        return cached
    by_digest: dict[str, tuple[str, int]] = {}
    by_capture: dict[tuple[str, str], int] = {}
    try:
        with open(path, "rb") as stream:
            # parse_http=False: the payload is skipped over, never parsed or decoded
            for record in ArchiveIterator(
                stream, record_types=WarcRecordType.response, parse_http=False
            ):
                headers = record.headers
                uri = (headers.get("WARC-Target-URI") or "").strip("<> ")
                digest = headers.get("WARC-Payload-Digest") or ""
                if digest:
                    by_digest.setdefault(digest, (uri, record.stream_pos))
                when = (headers.get("WARC-Date") or "").strip()
                by_capture.setdefault((uri, when), record.stream_pos)
    except (OSError, ValueError, EOFError) as exc:
        log.warning("web archive %s (scanned for revisits): %s", path, exc)
    CAPTURES[path] = captures = Captures(stamp, by_digest, by_capture)
    return captures


class Elsewhere:
    """A revisit's original in the other WARC files under the archive root. The walk (the same
    one the build trusts: inside the root, regular files only) runs on the first lookup only."""

    def __init__(self, root: Path, own: Path) -> None:
        self.root = root
        self.own = own.resolve()
        self._files: list[Path] | None = None

    def files(self) -> list[Path]:
        if self._files is None:
            self._files = [
                p
                for p in walk_archive(self.root)
                if isinstance(p, Path)
                and p.name.lower().endswith(WARC_NAMES)
                and p.resolve() != self.own
            ]
        return self._files

    def find(
        self, digest: str, refers_uri: str, refers_date: str
    ) -> tuple[str, Opener, int] | None:
        """(original URI, opener, offset) of the response with the revisit's payload digest, else
        of the one with its ``WARC-Refers-To`` URI and date; None when no other file has it."""
        indexed = []
        for path in self.files():
            try:
                indexed.append((path, captures_of(path)))
            except OSError:  # vanished or unreadable since the walk: it holds nothing
                continue
        for path, captures in indexed:
            if digest and digest in captures.by_digest:
                uri, offset = captures.by_digest[digest]
                return uri, opener(path), offset
        for path, captures in indexed:
            offset = captures.by_capture.get((refers_uri, refers_date), -1)
            if refers_uri and offset >= 0:
                return refers_uri, opener(path), offset
        return None


def opener(path: Path) -> Opener:
    """Opens ``path`` anew on each call: a revisit may be resolved after its file was closed."""
    return lambda: open(path, "rb")
