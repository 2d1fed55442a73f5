"""Dense postings sidecars for an index built before them: ``python -m indexer.dense_backfill DIR``.

The same encoder as the build's (``indexer.dense_postings.encode``), fed from each segment's own
posting lists as Whoosh holds them; a segment that has a sound sidecar is skipped, so the command
can be run again after an interruption. On the 1M-article index (127 segments) it wrote 1.74 GB
in about 12 minutes on the shared machine (bench/README.md, "Dense postings").
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from indexer.dense_postings import FIELDS, MIN_POSTINGS, encode, file_name, open_segment
from indexer.files import write_atomically

log = logging.getLogger(__name__)


def leaf_blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(ids, weights) of each block of a Whoosh 2.7.4 leaf posting reader (``W3LeafMatcher``'s
    block fields; the exact ``whoosh==2.7.4`` pin protects them, tests/test_postings.py checks
    the reads against Whoosh's public API)."""
    while matcher.is_active():
        matcher.id()  # loads the block's ids
        if matcher._weights is None:
            matcher._read_weights()
        yield matcher._ids, matcher._weights
        if matcher._lastblock:
            return
        matcher._next_block()


def segment_terms(reader: Any) -> Iterator[tuple[str, bytes, np.ndarray, np.ndarray]]:
    """Every term of ``FIELDS`` with at least ``MIN_POSTINGS`` postings in one Whoosh segment
    reader, with all its postings (deleted documents included: deletions are per generation)."""
    fieldnames = set(reader.schema.names())
    for field in FIELDS:
        if field not in fieldnames:
            continue
        for term, info in reader.iter_field(field):
            if info.doc_frequency() < MIN_POSTINGS:
                continue
            btext = term if isinstance(term, bytes) else term.encode("utf-8")
            matcher = reader.postings(field, term)
            matcher = getattr(matcher, "child", matcher)  # without the deletion filter
            ids: list[int] = []
            weights: list[float] = []
            for block_ids, block_weights in leaf_blocks(matcher):
                ids.extend(block_ids)
                weights.extend(block_weights)
            yield field, btext, np.array(ids, np.int64), np.array(weights, np.float32)


def backfill(folder: Path, *, replace: bool = False) -> tuple[int, int]:
    """Write the sidecar of every segment of the Whoosh index in ``folder`` that has none (or
    every one, with ``replace``); (segments written, bytes written)."""
    from whoosh.index import open_dir

    written = size = 0
    index = open_dir(str(folder))
    with index.reader() as top:
        for leaf, _ in top.leaf_readers():
            segment_id = leaf.segment().segment_id()
            path = folder / file_name(segment_id)
            present = path.exists() and not replace
            if present and open_segment(folder, segment_id, leaf.doc_count_all()) is not None:
                continue
            content = encode(leaf.doc_count_all(), segment_terms(leaf))
            write_atomically(path, [content])
            written, size = written + 1, size + len(content)
            log.info("%s: %d bytes", path.name, len(content))
    return written, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m indexer.dense_backfill",
        description="Write the dense postings sidecar of every segment of an index folder "
        "(a Whoosh index directory, such as var/index/current) that has none.",
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--replace", action="store_true", help="rewrite existing sidecars too")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 1
    written, size = backfill(args.folder, replace=args.replace)
    print(f"{written} segments, {size} bytes of dense postings written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
