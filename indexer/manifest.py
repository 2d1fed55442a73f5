"""The build manifest: one SQLite file per index generation, read by key.

Per archive file (keyed by a string identity: the archive-relative path, or any other stable id
such as a web-archive record's target URI + digest) it keeps size, mtime, sha256, and either the
skip reason or the extracted record (zlib-compressed JSON of the article and its awards) with
the near-duplicate signature; and per indexed document its copies. An unchanged file is never
read again, a file whose bytes did not change is never extracted again, and nothing is loaded
whole: the previous JSON manifest held every article's text (about 400 MB at 100k articles) and
was parsed whole on every build.

The manifest lives inside its generation, so an index and the manifest describing it can never
disagree; an incremental build copies it into the new generation and edits the copy.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# zlib level for records: article text shrinks about 3x; higher levels gain little and cost more.
RECORD_COMPRESSION = 6
# Rows per executemany batch when writing (keeps Python memory flat on a million rows).
BATCH_ROWS = 2000
# Keys per ``IN (...)`` query: SQLite's limit on host parameters was 999 before 3.32.
_SQL_VARIABLES = 900

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    key TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT,
    skipped TEXT, detail TEXT, signature BLOB, record BLOB
);
CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, copies TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS files_stat ON files (key, size, mtime_ns, sha256);
CREATE INDEX IF NOT EXISTS files_skipped ON files (skipped) WHERE skipped IS NOT NULL;
CREATE INDEX IF NOT EXISTS files_signature ON files (key, signature) WHERE record IS NOT NULL;
"""
# The indexes let a build read what it needs without touching the table's rows, which hold the
# compressed records (210 MB at 84k articles): the scan reads every file's stat in key order from
# ``files_stat`` (about 10 MB), the skip counts come from the partial index, and near-duplicate
# grouping every article's signature from ``files_signature`` (15 MB; 0.10 s at 84k against
# 0.25 s through the table, measured under load). A manifest written before them gets them when a
# build opens its copy.


@dataclass(frozen=True)
class Entry:
    """One archive file as the manifest keeps it. ``record`` is compressed (see ``pack_record``);
    exactly one of ``skipped`` and ``record`` is set."""

    key: str
    size: int
    mtime_ns: int
    sha256: str | None
    skipped: str | None = None
    detail: str = ""
    signature: bytes | None = None
    record: bytes | None = None


def pack_record(article_json: dict[str, Any], awards: list[dict[str, Any]]) -> bytes:
    """The stored form of an extracted article and its award records."""
    data = json.dumps({"article": article_json, "awards": awards}, ensure_ascii=False)
    return zlib.compress(data.encode("utf-8"), RECORD_COMPRESSION)


def unpack_record(blob: bytes) -> dict[str, Any]:
    """Inverse of ``pack_record``: ``{"article": ..., "awards": [...]}``."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob).decode("utf-8"))
    return data


class Manifest:
    """A manifest file. Open read-only for lookups, or writable inside a new generation."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly:
            if not self.path.is_file():
                raise FileNotFoundError(f"no manifest at {self.path}")
            uri = f"file:{self.path}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(self.path, check_same_thread=False)
            # One writer, a file inside an unpublished generation: durability comes from the
            # build's fsync of the whole directory before the swap.
            self.db.execute("PRAGMA journal_mode=OFF")
            self.db.execute("PRAGMA synchronous=OFF")
            self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    # --- meta ---

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- files ---

    def get(self, key: str) -> Entry | None:
        row = self.db.execute("SELECT * FROM files WHERE key = ?", (key,)).fetchone()
        return Entry(*row) if row else None

    def member_keys(self, container: str) -> list[str]:
        """Keys of a web archive's records (``CONTAINER#URI``), by key range (indexed)."""
        low = container + "#"
        rows = self.db.execute(
            "SELECT key FROM files WHERE key >= ? AND key < ?", (low, container + "$")
        )
        return [key for (key,) in rows]

    def rows(self) -> Iterator[tuple[str, str | None, str, bytes | None]]:
        """(key, skipped, detail, record) of every row in key order (the build's --report)."""
        yield from self.db.execute("SELECT key, skipped, detail, record FROM files ORDER BY key")

    def put(self, entries: Iterable[Entry]) -> None:
        sql = "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        batch: list[tuple[Any, ...]] = []
        for e in entries:
            batch.append(
                (e.key, e.size, e.mtime_ns, e.sha256, e.skipped, e.detail, e.signature, e.record)
            )
            if len(batch) >= BATCH_ROWS:
                self.db.executemany(sql, batch)
                batch.clear()
        self.db.executemany(sql, batch)

    def restat(self, key: str, size: int, mtime_ns: int) -> None:
        """Same bytes, new stat (a touched file): only the stat changes."""
        self.db.execute(
            "UPDATE files SET size = ?, mtime_ns = ? WHERE key = ?", (size, mtime_ns, key)
        )

    def delete(self, keys: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM files WHERE key = ?", ((k,) for k in keys))

    def record(self, key: str) -> dict[str, Any]:
        """The extracted record of an article file; KeyError when it has none."""
        row = self.db.execute("SELECT record FROM files WHERE key = ?", (key,)).fetchone()
        if not row or row[0] is None:
            raise KeyError(key)
        return unpack_record(row[0])

    def signatures(self) -> Iterator[tuple[str, bytes | None]]:
        """(key, signature) of every article file, in key order."""
        yield from self.db.execute(
            "SELECT key, signature FROM files WHERE record IS NOT NULL ORDER BY key"
        )

    def skipped_counts(self) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT skipped, COUNT(*) FROM files WHERE skipped IS NOT NULL GROUP BY skipped"
        )
        return dict(rows.fetchall())

    def counts(self) -> tuple[int, int]:
        """(files, articles). Articles are counted as the documents and their copies: grouping
        lists every article once, and counting records would read every row of ``files``."""
        files = self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        documents, copies = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(json_array_length(copies)), 0) FROM documents"
        ).fetchone()
        return int(files), int(documents) + int(copies)

    # --- documents ---

    def documents(self) -> Iterator[tuple[str, list[str]]]:
        for key, copies in self.db.execute("SELECT key, copies FROM documents ORDER BY key"):
            yield key, json.loads(copies)

    def document_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def grouped_documents(self) -> dict[str, tuple[str, ...]]:
        """The documents that have copies (canonical -> copies): 3,343 of 79k rows at 84k."""
        rows = self.db.execute("SELECT key, copies FROM documents WHERE copies <> '[]'")
        return {key: tuple(json.loads(copies)) for key, copies in rows}

    def which_documents(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` are documents (by key, one query per batch)."""
        found: set[str] = set()
        batch = list(keys)
        for start in range(0, len(batch), _SQL_VARIABLES):
            part = batch[start : start + _SQL_VARIABLES]
            marks = ",".join("?" * len(part))
            rows = self.db.execute(f"SELECT key FROM documents WHERE key IN ({marks})", part)
            found.update(key for (key,) in rows)
        return found

    def copies_of(self, key: str) -> tuple[str, ...] | None:
        """The copies of document ``key``; None when ``key`` is no document."""
        row = self.db.execute("SELECT copies FROM documents WHERE key = ?", (key,)).fetchone()
        return tuple(json.loads(row[0])) if row else None

    def update_documents(
        self, drop: Iterable[str], documents: Iterable[tuple[str, Iterable[str]]]
    ) -> None:
        """Remove the ``drop`` documents, then insert or replace ``documents``: the change of an
        incremental build, instead of writing every document again."""
        self.db.executemany("DELETE FROM documents WHERE key = ?", ((k,) for k in drop))
        self.db.executemany(
            "INSERT OR REPLACE INTO documents VALUES (?, ?)",
            ((key, json.dumps(list(copies), ensure_ascii=False)) for key, copies in documents),
        )

    def replace_documents(self, documents: Iterable[tuple[str, Iterable[str]]]) -> None:
        self.db.execute("DELETE FROM documents")
        self.db.executemany(
            "INSERT INTO documents VALUES (?, ?)",
            ((key, json.dumps(list(copies), ensure_ascii=False)) for key, copies in documents),
        )
