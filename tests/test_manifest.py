"""The build manifest: what a build that finds nothing to do reads, and that it reads little."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from indexer.manifest import Entry, Manifest, pack_record
from indexer.scan import StatReader

KEYS = ["a/1.txt", "a/2.txt", "b/x.html", "c/ñ.txt", "z.warc.gz", "z.warc.gz#http://e/1"]


def entry(key: str, n: int) -> Entry:
    if key.endswith(".warc.gz"):  # a web archive's own row: neither skipped nor a record
        return Entry(key, n, n * 10, f"sha{n}", detail="web archive")
    if key.endswith(".html"):
        return Entry(key, n, n * 10, f"sha{n}", skipped="not an article")
    return Entry(key, n, n * 10, f"sha{n}", record=pack_record({"path": key}, []), signature=b"s")


@pytest.fixture
def manifest(tmp_path: Path) -> Manifest:
    m = Manifest(tmp_path / "manifest.sqlite")
    m.put(entry(k, n) for n, k in enumerate(KEYS))
    m.replace_documents([("a/1.txt", ["a/2.txt"]), ("c/ñ.txt", []), ("z.warc.gz#http://e/1", [])])
    m.commit()
    return m


@pytest.mark.parametrize(
    "asked",
    [
        KEYS,  # the walk's order: one pass
        ["a/0.txt", *KEYS, "zz.txt"],  # keys the manifest lacks, before, between and after
        list(reversed(KEYS)),  # out of order: each looked up by key
        ["b/x.html", "a/1.txt", "c/ñ.txt", "a/2.txt"],
    ],
    ids=["sorted", "with-unknown-keys", "reversed", "mixed"],
)
def test_stat_reader_answers_like_a_lookup_by_key(manifest, asked):
    reader = StatReader(manifest)
    by_key = [manifest.get(k) for k in asked]
    expected = [(e.size, e.mtime_ns, e.sha256) if e else None for e in by_key]
    assert [reader.get(k) for k in asked] == expected


def test_counts_and_skips(manifest):
    assert manifest.counts() == (6, 4)  # 4 records: documents and their copies
    assert manifest.skipped_counts() == {"not an article": 1}


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        ("SELECT key, size, mtime_ns, sha256 FROM files ORDER BY key", "files_stat"),
        (
            "SELECT skipped, COUNT(*) FROM files WHERE skipped IS NOT NULL GROUP BY skipped",
            "files_skipped",
        ),
        ("SELECT COUNT(*) FROM files", ""),
        ("SELECT key FROM files", ""),
    ],
)
def test_no_op_reads_never_touch_the_records(manifest, sql, index):
    """The queries of a build with nothing to do read covering indexes only, never the rows
    holding the compressed records."""
    plan = " ".join(row[-1] for row in manifest.db.execute("EXPLAIN QUERY PLAN " + sql))
    assert "COVERING INDEX" in plan and index in plan


def test_an_older_manifest_gets_the_indexes_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE files (key TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER"
        " NOT NULL, sha256 TEXT, skipped TEXT, detail TEXT, signature BLOB, record BLOB);"
        "CREATE TABLE documents (key TEXT PRIMARY KEY, copies TEXT NOT NULL);"
        "INSERT INTO files VALUES ('a.txt', 1, 2, 'h', NULL, '', NULL, x'00');"
    )
    db.close()
    readonly = Manifest(path, readonly=True)
    assert StatReader(readonly).get("a.txt") == (1, 2, "h")  # readable as it is
    readonly.close()
    Manifest(path).close()
    names = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert {"files_stat", "files_skipped"} <= names
