"""``indexer.whoosh_commit.delete_keys`` deletes exactly the documents Whoosh's own
``delete_by_term`` deletes: per segment, the same document numbers, through the id column read
whole or (another column layout) one term lookup per key."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from indexer import whoosh_commit
from indexer.schema import ID_FIELD, doc_id, make_schema

# Segments of the test index, each a list of ids as stored (doc_id of a key, or a raw id of
# another length that sends that segment's lookup down the term path).
SEGMENTS = [
    [doc_id("a.txt"), doc_id("b.txt"), doc_id("c.txt")],
    [doc_id("d.txt"), doc_id("b.txt")],  # b.txt twice: an old copy left undeleted
    [doc_id("e.txt"), "short-id"],  # ids of other lengths: the term lookup
    [doc_id("f.txt")],
]
# Documents deleted before the commit (segment, number): deleting them again changes nothing.
DELETED_BEFORE = {(0, 2), (3, 0)}


def _index(path: Path) -> None:
    index = whoosh_index.create_in(path, make_schema())
    for ids in SEGMENTS:
        writer = index.writer()
        for value in ids:
            writer.add_document(**{ID_FIELD: value})
        writer.commit(merge=False)
    writer = index.writer()
    for segment_number, docnum in DELETED_BEFORE:
        writer.segments[segment_number].delete_document(docnum)
    writer.commit(merge=False)
    index.close()


def _deleted(path: Path, delete: list[str], *, whoosh_way: bool) -> list[list[int]]:
    """Per segment, the documents deleted after deleting ``delete``, by one way or the other."""
    index = whoosh_index.open_dir(path)
    writer = index.writer()
    if whoosh_way:
        with writer.searcher() as searcher:
            for key in delete:
                writer.delete_by_term(ID_FIELD, doc_id(key), searcher=searcher)
    else:
        whoosh_commit.delete_keys(writer, delete)
    found = [sorted(segment.deleted_docs()) for segment in writer.segments]
    writer.cancel()
    index.close()
    return found


@pytest.mark.parametrize(
    "delete",
    [
        [],
        ["a.txt"],
        ["b.txt"],  # in two segments
        ["c.txt", "f.txt"],  # already deleted
        ["e.txt"],  # in the segment read by term lookups
        ["gone.txt", "a.txt", "a.txt"],  # absent, and a key twice
        ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"],
    ],
)
def test_delete_keys_deletes_what_delete_by_term_deletes(tmp_path: Path, delete: list[str]) -> None:
    _index(tmp_path)
    expected = _deleted(tmp_path, delete, whoosh_way=True)
    assert _deleted(tmp_path, delete, whoosh_way=False) == expected
    assert sum(map(len, expected)) >= len(DELETED_BEFORE)


@pytest.mark.parametrize(
    ("segment_number", "column_read"), [(0, True), (1, True), (2, False), (3, True)]
)
def test_the_id_column_is_read_whole_when_every_id_has_id_bytes(
    tmp_path: Path, segment_number: int, column_read: bool
) -> None:
    """The fast path serves segments of doc_id ids; the others fall back, with the same answer."""
    _index(tmp_path)
    index = whoosh_index.open_dir(tmp_path)
    segment = index._segments()[segment_number]
    reader = SegmentReader(index.storage, index.schema, segment)
    ids = sorted(value.encode("utf-8") for value in SEGMENTS[segment_number])
    try:
        by_column = whoosh_commit._match_id_column(reader, ids)
        assert (by_column is not None) == column_read
        assert whoosh_commit.documents_with_ids(reader, ids) == list(
            range(len(SEGMENTS[segment_number]))
        )
    finally:
        reader.close()
        index.close()
