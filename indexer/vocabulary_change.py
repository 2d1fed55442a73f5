"""The vocabulary of an incremental build: the previous counts, plus the written documents'
syllables, minus those of the documents deleted or written again.

``indexer.vocabulary`` counts, per folded syllable, the documents that hold it; did-you-mean
ranks its neighbours by that count. An incremental build starts from the previous generation's
counts and adds the syllables of every document it writes; without the subtraction the counts
of deleted, edited and merged documents stayed (a merge of small segments counted its documents
twice), and after a few builds "thi dau" was corrected to "thi đua" where a full build of the
same files said "thi đào" (tests/test_incremental_build.py). The old documents' texts are in the
previous generation's manifest; their syllables are counted in the build's workers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from indexer.manifest import Manifest
from indexer.text.analysis import fold_syllable, syllables
from indexer.vocabulary import is_syllable

# Documents per worker task (one manifest read each; about 0.6 ms of CPU per VNTC document).
TASK_DOCUMENTS = 500


@dataclass(frozen=True)
class RemovedTask:
    """Documents of the previous generation (its manifest) whose syllables leave the counts."""

    manifest: Path
    keys: Sequence[str]


def syllables_of(title: str, body: str) -> set[str]:
    """The distinct plain folded syllables of a document's folded text (``title`` + body), as
    ``indexer.segment_writer.SegmentBuilder`` counts them for the vocabulary (the folded terms of
    ``indexer.text.analysis.folded_terms``)."""
    tokens = set(syllables(f"{title}\n{body}"))  # folded once per token
    return {term for term in map(fold_syllable, tokens) if is_syllable(term)}


def removed_syllables(task: RemovedTask) -> Counter[str]:
    """Document frequencies the task's documents contributed (a key without a record, never
    a document, contributes nothing)."""
    counts: Counter[str] = Counter()
    manifest = Manifest(task.manifest, readonly=True)
    try:
        for key in task.keys:
            try:
                article = manifest.record(key)["article"]
            except KeyError:
                continue
            counts.update(syllables_of(article["title"], article["body"]))
    finally:
        manifest.close()
    return counts


def tasks(manifest: Path, keys: Sequence[str]) -> list[RemovedTask]:
    """``keys`` in as few tasks of at most ``TASK_DOCUMENTS`` as will do, of nearly equal size
    (fewer documents apart than there are tasks): the workers finish together. Cut at
    ``TASK_DOCUMENTS``, the 793 documents of a 1 % change at 84k made a task of 500 and one of
    293, and the build waited for the first."""
    if not keys:
        return []
    size = math.ceil(len(keys) / math.ceil(len(keys) / TASK_DOCUMENTS))
    return [RemovedTask(manifest, keys[i : i + size]) for i in range(0, len(keys), size)]


def subtract(counts: Counter[str], removed: Counter[str]) -> None:
    """Lower ``counts`` by ``removed``; a syllable no document holds any more leaves the file."""
    for term, count in removed.items():
        left = counts[term] - count
        if left > 0:
            counts[term] = left
        else:
            del counts[term]
