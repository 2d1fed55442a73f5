"""The index's syllable vocabulary, for did-you-mean: written by the build, read by the service.

Did-you-mean needs the indexed syllables within one or two edits of a mistyped one. Whoosh finds
them by walking each segment's term index with a Levenshtein automaton: measured 40-80 ms per
syllable on a 1,000-article index of two segments (every step a binary search with file reads,
and the folded field also holds a pair term for every two neighbouring syllables), growing with
segments. The build knows every folded syllable as it writes the segments, so it writes them with
their document frequencies to ``vocabulary.tsv`` in the generation, and beside it their deletion
index (``indexer.vocabulary_index``), which the service maps when it opens the generation.

Every incremental build reads the previous generation's table, changes a few hundred of its
117k syllables and writes it again with its index: a fixed cost of every build, however small
its change. The index is derived from the previous one's (``indexer.vocabulary_update``) rather
than built again, and the table is formatted and parsed with a few whole-list operations
rather than one line at a time (figures: bench/vocabulary_update.py, bench/README.md).
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from indexer import vocabulary_index, vocabulary_update
from indexer.vocabulary_index import DeletionIndex

log = logging.getLogger(__name__)

VOCABULARY_FILE = "vocabulary.tsv"


def is_syllable(term: str) -> bool:
    """A plain folded syllable (not a pair term ``thai nguyen`` or a concept term ``§...``)."""
    return term.isalnum()


def _table(words: Sequence[str], frequencies: Sequence[int]) -> bytes:
    """``vocabulary.tsv``'s bytes: one ``syllable<TAB>frequency`` line per syllable."""
    if not words:
        return b""
    return (
        "\n".join(map("\t".join, zip(words, map(str, frequencies), strict=True))) + "\n"
    ).encode()


def _fields(table: bytes) -> list[str]:
    """A table's syllables and counts, alternating (then one empty string): split at once, as
    the format has exactly one tab a line (a damaged table raises ValueError)."""
    text = table.decode("utf-8")
    if text.count("\t") != text.count("\n") or text[-1:] not in ("", "\n"):
        raise ValueError(f"{VOCABULARY_FILE}: not one syllable<TAB>count a line")
    return text.replace("\t", "\n").split("\n")


def _parse(table: bytes) -> Counter[str]:
    """The counts of a table (``_fields``: 41 ms at VNTC 84k, where a partition a line took
    56 ms, load 1.1)."""
    fields = _fields(table)
    return Counter(dict(zip(fields[0:-1:2], map(int, fields[1::2]), strict=True)))


def _indexed(counts: Counter[str]) -> DeletionIndex:
    words = sorted(counts)
    return vocabulary_index.build(words, [counts[w] for w in words])


def write(directory: Path, counts: Counter[str]) -> None:
    """``vocabulary.tsv``: one ``syllable<TAB>document frequency`` per line, sorted; then its
    deletion index (``indexer.vocabulary_index``), derived from the previous generation's when
    the folder holds a valid one (an incremental build starts with hard links of its files):
    the same bytes as built from scratch. (Its fsyncs cost 1 ms for the table, 15-20 ms
    for the index's 27 MB; the CRC of the table 0.2 ms: both kept.)"""
    directory = Path(directory)
    path = directory / VOCABULARY_FILE
    words = sorted(counts)
    frequencies = list(map(counts.__getitem__, words))
    previous_table = _table_of(directory)  # before it is replaced
    previous = None
    if previous_table is not None:
        previous = vocabulary_index.open_mapped(directory, previous_table)
    table = _table(words, frequencies)
    path.unlink(missing_ok=True)  # may be a hard link into the previous generation: never truncate
    with open(path, "wb") as fh:
        fh.write(table)
        fh.flush()
        os.fsync(fh.fileno())
    if previous is None or previous_table is None:
        index = vocabulary_index.build(words, frequencies)
    else:
        old_words = _fields(previous_table)[0:-1:2]
        index = vocabulary_update.updated(previous, old_words, words, frequencies)
    vocabulary_index.write(directory, index, table)


def write_index(directory: Path, table: bytes) -> None:
    """Write the deletion index of ``table`` (a generation's ``vocabulary.tsv``) beside it:
    for a generation built before the index existed (``indexer.backfill``), so the service maps
    it rather than computing it at every open."""
    vocabulary_index.write(Path(directory), _indexed(_parse(table)), table)


def _table_of(directory: Path) -> bytes | None:
    try:
        return (Path(directory) / VOCABULARY_FILE).read_bytes()
    except FileNotFoundError:
        return None


def read(directory: Path) -> Counter[str] | None:
    """The counts written by ``write``; None when the file is missing (an index built before
    it existed: its vocabulary is unknown, not empty). The counts are taken from the mapped
    index when it is valid for the table (an incremental build reads the previous generation's
    at its start: 46 ms rather than 58 ms with one ``int`` a line, VNTC 84k, load 1.6)."""
    table = _table_of(directory)
    if table is None:
        return None
    mapped = vocabulary_index.open_mapped(Path(directory), table)
    if mapped is None:
        return _parse(table)
    words = _fields(table)[0:-1:2]
    return Counter(dict(zip(words, mapped.counts.tolist(), strict=True)))


def open_vocabulary(directory: Path) -> DeletionIndex | None:
    """The vocabulary of a generation directory, or None when it has none (built before the
    file existed). Its deletion index is mapped from the build's file; a generation without a
    valid one (built before it existed) has it computed in memory, with the same answers."""
    table = _table_of(directory)
    if table is None:
        return None
    mapped = vocabulary_index.open_mapped(Path(directory), table)
    if mapped is not None:
        return mapped
    log.info("no valid %s in %s: computing it", vocabulary_index.INDEX_FILE, directory)
    return _indexed(_parse(table))
