"""Which segments an incremental build merges, and the documents it writes again for that.

Incremental builds add small segments; each costs search a lookup per term. Segments are
grouped in tiers by documents (deleted ones included): below ``small_docs`` (what incremental
builds add), then below ``segment_docs`` (thresholds in ``indexer.generation_job``). Once
``limit`` segments of a tier exist, their live documents are written again with the build's
own documents, through the build's fast segment writer rather than Whoosh's merge, and the
segments are dropped from the new table of contents. A full build's ``segment_docs`` segments
are never rewritten (tiered, as Lucene's merge policy).
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from indexer.manifest import Manifest
from indexer.schema import PATH


def _tier_to_merge(index: Any, small_docs: int, segment_docs: int, limit: int) -> list[Any]:
    """The segments of the smallest tier that has ``limit`` of them (none when none has)."""
    for low, high in pairwise((0, small_docs, segment_docs)):
        small = [s for s in index._segments() if low <= s.doc_count_all() < high]
        if len(small) >= limit:
            return small
    return []


def segments_to_merge(
    generation: Path, manifest: Manifest, small_docs: int, segment_docs: int, limit: int
) -> tuple[set[str], list[tuple[str, tuple[str, ...]]]]:
    """Ids of the segments to drop from ``generation`` and their live documents (key, the keys
    of the document's copies in ``manifest``), to be written again."""
    index = whoosh_index.open_dir(generation)
    try:
        small = _tier_to_merge(index, small_docs, segment_docs, limit)
        keys = []
        for segment in small:
            reader = SegmentReader(index.storage, index.schema, segment)
            try:
                for docnum in range(segment.doc_count_all()):
                    if not reader.is_deleted(docnum):
                        keys.append(reader.stored_fields(docnum)[PATH])
            finally:
                reader.close()
    finally:
        index.close()
    copies = ((key, manifest.copies_of(key)) for key in keys)
    live = [(key, found) for key, found in copies if found is not None]
    return {s.segid for s in small}, live
