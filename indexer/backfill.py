"""Sidecars for an index built before them: ``python -m indexer.backfill INDEX_DIR``.

The build writes three kinds of files beside a generation's segments, each optional for the
service (without one it reads Whoosh's own data, only slower): a segment's facet lists
(``indexer.facet_sidecar``), a segment's dense postings (``indexer.dense_postings``) and the
generation's mapped deletion index of its vocabulary (``indexer.vocabulary_index``). This writes
each one of the current generation that is missing or damaged, from Whoosh's data (and the
generation's ``vocabulary.tsv``) through the build's own encoders, so it writes the bytes the
build would have. A file that exists and is valid is never touched: it may be a hard link shared
with another generation. A new file is written whole or not at all
(``indexer.files.write_atomically``), so an interrupted run is simply run again, and a second
run writes nothing. On the 1M-article index the dense postings take most of the time (about 12
minutes for 1.74 GB on the shared machine, bench/README.md "Dense postings").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError

from indexer import dense_postings, facet_sidecar, generations, vocabulary, vocabulary_index
from indexer.files import write_atomically
from indexer.whoosh_blocks import segment_postings


def _facets_valid(folder: Path, leaf: Any) -> bool:
    found = facet_sidecar.read_all(leaf.storage(), leaf.segment(), leaf.doc_count_all())
    return found is not None and all(field in found for field in facet_sidecar.FACET_FIELDS)


def _facets(leaf: Any) -> bytes:
    fields = {
        field: facet_sidecar.from_segment(leaf, field) for field in facet_sidecar.FACET_FIELDS
    }
    return facet_sidecar.encode(leaf.segment(), leaf.doc_count_all(), fields)


def _dense_valid(folder: Path, leaf: Any) -> bool:
    """The header and directory check the service makes at open, and every record's CRC-32
    (the service checks a record when it reads it, and falls back to Whoosh's blocks)."""
    found = dense_postings.open_segment(folder, leaf.segment().segment_id(), leaf.doc_count_all())
    return found is not None and found.records_sound()


def segment_terms(leaf: Any) -> Iterator[tuple[str, bytes, np.ndarray, np.ndarray]]:
    """Every term of ``dense_postings.FIELDS`` with at least ``MIN_POSTINGS`` postings in one
    segment, with all its postings (deleted documents included: deletions are per generation)."""
    fieldnames = set(leaf.schema.names())
    for field in dense_postings.FIELDS:
        if field not in fieldnames:
            continue
        for term, info in leaf.iter_field(field):
            if info.doc_frequency() < dense_postings.MIN_POSTINGS:
                continue
            btext = term if isinstance(term, bytes) else term.encode("utf-8")
            docs, weights = segment_postings(leaf, field, term)
            yield field, btext, docs, weights


def _dense(leaf: Any) -> bytes:
    return dense_postings.encode(leaf.doc_count_all(), segment_terms(leaf))


@dataclass(frozen=True)
class SegmentFile:
    """One kind of file a segment has beside it: its name, whether the one there is sound, and
    its content computed from the segment."""

    name: Callable[[Any], str]  # the segment reader -> the file name
    valid: Callable[[Path, Any], bool]  # (folder, segment reader)
    content: Callable[[Any], bytes]


SEGMENT_FILES = (
    SegmentFile(lambda leaf: facet_sidecar.sidecar_name(leaf.segment()), _facets_valid, _facets),
    SegmentFile(
        lambda leaf: dense_postings.file_name(leaf.segment().segment_id()), _dense_valid, _dense
    ),
)


def _vocabulary_index(folder: Path, report: Callable[[str], None]) -> bool:
    """Write the generation's mapped vocabulary index when it has a table but no valid index."""
    try:
        table = (folder / vocabulary.VOCABULARY_FILE).read_bytes()
    except FileNotFoundError:  # built before the table existed: there is nothing to index
        report(f"no {vocabulary.VOCABULARY_FILE}: no vocabulary index to write")
        return False
    if vocabulary_index.open_mapped(folder, table) is not None:
        return False
    vocabulary.write_index(folder, table)  # the table read and checked once, here
    return True


def backfill(folder: Path, report: Callable[[str], None] = print) -> tuple[list[str], int]:
    """Write every missing or damaged sidecar of the Whoosh index in ``folder`` (one
    generation); (names written, files already sound). ``report`` hears each name written."""
    written: list[str] = []
    sound = 0

    def wrote(name: str) -> None:
        written.append(name)
        report(f"wrote {name} ({(folder / name).stat().st_size:,} bytes)")

    index = whoosh_index.open_dir(str(folder))
    with ExitStack() as stack:
        stack.callback(index.close)
        top = stack.enter_context(index.reader())
        for leaf, _ in top.leaf_readers():
            if leaf.segment() is None:  # an empty index's reader
                continue
            for kind in SEGMENT_FILES:
                name = kind.name(leaf)
                if kind.valid(folder, leaf):
                    sound += 1
                    continue
                write_atomically(folder / name, [kind.content(leaf)])
                wrote(name)
    if _vocabulary_index(folder, report):
        wrote(vocabulary_index.INDEX_FILE)
    elif (folder / vocabulary_index.INDEX_FILE).exists():
        sound += 1
    if written:
        generations.fsync_path(folder)  # the new names themselves survive a crash
    return written, sound


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m indexer.backfill",
        description="Write the missing or damaged sidecars (facets, dense postings, vocabulary "
        "index) of an index's current generation; files already sound are left alone.",
    )
    parser.add_argument(
        "index_dir", type=Path, help="index root (its current generation) or a generation"
    )
    args = parser.parse_args(argv)
    root: Path = args.index_dir
    real = generations.current_realpath(root)
    try:
        with ExitStack() as stack:
            if real is not None:  # a build must not prune or replace it meanwhile
                stack.enter_context(generations.build_lock(root))
            folder = Path(real) if real is not None else root
            written, sound = backfill(folder)
    except (EmptyIndexError, OSError) as err:
        print(f"{root}: no Whoosh index there ({err})", file=sys.stderr)
        return 2
    except generations.BuildLocked as err:
        print(str(err), file=sys.stderr)
        return 1
    print(f"{folder}: {len(written)} files written, {sound} already sound")
    return 0


if __name__ == "__main__":
    sys.exit(main())
