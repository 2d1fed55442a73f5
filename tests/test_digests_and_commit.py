"""The two small modules split out of the manifest and the generation job: ``indexer.digests``
(a file's sha256, read in chunks) and ``indexer.whoosh_commit`` (deletions and segments in one
Whoosh commit, nothing committed on an error)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer import digests, whoosh_commit
from indexer.schema import ID_FIELD, doc_id


@pytest.mark.parametrize(
    "size", [0, 1, digests._CHUNK - 1, digests._CHUNK, digests._CHUNK + 1, 3 * digests._CHUNK]
)
def test_sha256_of_reads_every_chunk(tmp_path: Path, size: int) -> None:
    data = bytes((i * 7 + size) % 251 for i in range(size))
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert digests.sha256_of(path) == hashlib.sha256(data).hexdigest()


def test_sha256_of_refuses_a_fifo(tmp_path: Path) -> None:
    """A FIFO swapped in for a file is refused, never waited on."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(OSError):
        digests.sha256_of(fifo)


def test_pipeline_fingerprint_covers_the_indexer_package() -> None:
    """16 hex digits, the same on every call within one code version."""
    first = digests.pipeline_fingerprint()
    assert len(first) == 16 and int(first, 16) >= 0
    assert digests.pipeline_fingerprint() == first


def _documents(gen: Path) -> list[str]:
    index = whoosh_index.open_dir(gen)
    with index.searcher() as searcher:
        found = sorted(fields[ID_FIELD] for fields in searcher.all_stored_fields())
    index.close()
    return found


def _add(gen: Path, keys: list[str]) -> None:
    index = whoosh_index.open_dir(gen)
    writer = index.writer()
    for key in keys:
        writer.add_document(**{ID_FIELD: doc_id(key)})
    writer.commit()
    index.close()


@pytest.mark.parametrize(
    ("delete", "left"),
    [([], ["a.txt", "b.txt"]), (["a.txt"], ["b.txt"]), (["a.txt", "b.txt", "gone.txt"], [])],
)
def test_commit_deletes_by_key_and_removes_whoosh_temp(
    tmp_path: Path, delete: list[str], left: list[str]
) -> None:
    whoosh_commit.commit(tmp_path, fresh=True, delete=[], segments=[], drop=set())
    _add(tmp_path, ["a.txt", "b.txt"])
    (tmp_path / whoosh_commit.WHOOSH_TEMP).mkdir()
    whoosh_commit.commit(tmp_path, fresh=False, delete=delete, segments=[], drop=set())
    assert _documents(tmp_path) == sorted(doc_id(k) for k in left)
    assert not (tmp_path / whoosh_commit.WHOOSH_TEMP).exists()


def test_an_error_while_deleting_commits_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The old table of contents stays, and the writer's lock is released for the next build."""
    whoosh_commit.commit(tmp_path, fresh=True, delete=[], segments=[], drop=set())
    _add(tmp_path, ["a.txt"])

    def broken(key: str) -> str:
        raise RuntimeError(key)

    monkeypatch.setattr(whoosh_commit, "doc_id", broken)
    with pytest.raises(RuntimeError):
        whoosh_commit.commit(tmp_path, fresh=False, delete=["a.txt"], segments=[], drop=set())
    assert _documents(tmp_path) == [doc_id("a.txt")]
    _add(tmp_path, ["b.txt"])  # a LockError here would mean the failed commit kept the lock
    assert _documents(tmp_path) == sorted([doc_id("a.txt"), doc_id("b.txt")])
