"""A build's one Whoosh commit: deletions and new segments in one table of contents.

The segments are written beside the index (``indexer.segment_writer`` in the workers); this is
where a generation's Whoosh index learns of them: a fresh index is created (or the copied one
opened), the deleted and rewritten documents are deleted by key, and Whoosh's merge-policy hook
swaps in the kept segments (minus the small ones merged again, ``indexer.merge_tiers``) and the
new ones. The commit is Whoosh's rename of its new TOC file; the build fsyncs and publishes
after it (``indexer.generation_job``).

Deleting by key: Whoosh's ``delete_by_term`` looks every key up in every segment through a
query and a matcher (793 keys of a 1 % change at 84k in 18 segments: 14k term lookups, 0.24-0.48 s
measured). Here each segment's id column (16 bytes a document, written for every document by
``indexer.segment_writer`` and by Whoosh alike) is read once and matched against all the keys at
once with numpy; the documents deleted are exactly those ``delete_by_term`` deletes
(``tests/test_whoosh_commit_deletions.py`` compares them; ``bench/incremental_costs.py --steps
commit`` times both).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.columns import VarBytesColumn
from whoosh.reading import SegmentReader

from indexer.schema import ID_FIELD, doc_id, make_schema

# Whoosh's temporary storage for stored-field columns inside the generation directory.
WHOOSH_TEMP = "MAIN.tmp"
# Bytes of a document id (``indexer.schema.doc_id``: 16 hex digits of a sha1).
ID_BYTES = 16


def commit(
    gen: Path, *, fresh: bool, delete: Iterable[str], segments: list[Any], drop: set[str]
) -> None:
    """Commit ``segments`` (Whoosh segment objects) into the index in ``gen``, deleting the
    documents of ``delete`` keys and dropping the segments whose ids are in ``drop``; a
    ``fresh`` index (a full build) is created first. On an error nothing is committed."""
    index = whoosh_index.create_in(gen, make_schema()) if fresh else whoosh_index.open_dir(gen)
    writer = index.writer()
    try:
        delete_keys(writer, delete)
    except BaseException:
        writer.cancel()
        raise
    # Whoosh's merge-policy hook: the kept segments (minus merged small ones) and ours.
    writer.commit(mergetype=lambda w, old: [s for s in old if s.segid not in drop] + segments)
    index.close()
    shutil.rmtree(gen / WHOOSH_TEMP, ignore_errors=True)


def delete_keys(writer: Any, keys: Iterable[str]) -> None:
    """Mark deleted, in the segments of ``writer`` (a Whoosh ``SegmentWriter``), every document
    whose id is that of one of ``keys``: the documents ``delete_by_term`` would delete."""
    ids = sorted({doc_id(key).encode("utf-8") for key in keys})
    if not ids:
        return
    for segment in writer.segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            for docnum in documents_with_ids(reader, ids):
                segment.delete_document(docnum)
        finally:
            reader.close()


def documents_with_ids(reader: SegmentReader, ids: list[bytes]) -> list[int]:
    """Numbers of the documents of one segment whose id is in ``ids`` (sorted, distinct),
    deleted ones included (deleting them again changes nothing)."""
    found = _match_id_column(reader, ids)
    if found is not None:
        return found
    # Not the column layout read above (a segment without the column, or ids of another
    # length): one term lookup per id, as Whoosh's delete_by_term.
    numbers: list[int] = []
    for text in ids:
        if (ID_FIELD, text) in reader:
            numbers.extend(reader.postings(ID_FIELD, text).all_ids())
    return sorted(numbers)


def _match_id_column(reader: SegmentReader, ids: list[bytes]) -> list[int] | None:
    """The documents found through the segment's id column read whole, or None when the column
    is not Whoosh 2.7's variable-bytes layout of ``ID_BYTES`` per document. Its reader keeps
    the lengths it parsed and the column's start in the file (``_lengths``, ``_basepos``):
    when every length is ``ID_BYTES`` the values are one run of fixed-width bytes."""
    if not reader.has_column(ID_FIELD):
        return None
    column = reader.column_reader(ID_FIELD, translate=False)
    if not isinstance(column, VarBytesColumn.Reader):
        return None
    count = reader.doc_count_all()
    lengths = np.asarray(column._lengths)
    if len(lengths) != count or not bool(np.all(lengths == ID_BYTES)):
        return None
    data = column._dbfile.get(column._basepos, ID_BYTES * count)
    values = np.frombuffer(data, dtype=f"S{ID_BYTES}")
    wanted = np.asarray(ids, dtype=f"S{ID_BYTES}")
    return [int(n) for n in np.flatnonzero(np.isin(values, wanted))]
