"""An article's text analysed once, as the term items of its three text fields.

Whoosh analyses each field separately (``text_fold``, ``title_fold``, ``text_exact``), one Python
generator step per token and field: on 1,000 real VNTC articles that was 5.9 ms per article.
Here the title and body are split into syllables once (the same ``TOKEN_RE`` over the same
``normalize``\\d text as ``indexer.text.tokenizers``), each syllable's folded and exact forms come
from the same cached functions, and the term items are built with list and dict operations.

The terms, positions and frequencies are exactly those of the Whoosh analyzers in
``indexer.text.tokenizers`` (tests/test_segment_writer.py compares them on real-shaped text):
folded syllables, the pair of each syllable with the one before (at the first one's position),
and concept terms of known names (at the name's first position); exact fields count canonical
syllables.
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Any

from whoosh.system import pack_uint

from indexer.schema import TEXT_EXACT, TEXT_FOLD, TITLE_FOLD
from indexer.text.analysis import TOKEN_RE, canonical_syllable, fold_syllable, normalize
from indexer.text.concepts import concept_table
from indexer.vocabulary import is_syllable

# (term bytes, frequency, weight, encoded value), as ``whoosh.fields.FieldType.index`` yields.
Item = tuple[bytes, int, float, bytes]
_PICKLE_PROTOCOL = 2  # whoosh.formats.Positions.encode pickles position deltas with protocol 2


def folded_positions(syllables: Sequence[str]) -> dict[str, list[int]]:
    """Folded field terms of the given syllables and their positions, in the folded tokenizer's
    order: syllables, neighbour pairs, concept terms."""
    table, lengths, last_syllables = concept_table()
    folds = [fold_syllable(s) for s in syllables]
    positions: defaultdict[str, list[int]] = defaultdict(list)
    for pos, term in enumerate(folds):
        positions[term].append(pos)
        if pos:
            positions[f"{folds[pos - 1]} {term}"].append(pos - 1)
        if term in last_syllables:
            for length in lengths:
                if length <= pos + 1:
                    key = table.get(tuple(folds[pos + 1 - length : pos + 1]))
                    if key is not None:
                        positions[key].append(pos + 1 - length)
    return positions


def _positions_items(positions: dict[str, list[int]]) -> list[Item]:
    """Items of a ``Positions`` field (boost 1.0): value = count + pickled position deltas."""
    items = []
    for term, poses in positions.items():
        if len(poses) == 1:  # most terms of a document: one cached value per position
            items.append((term.encode("utf-8"), 1, 1.0, _single_position(poses[0])))
            continue
        deltas = [poses[0]] + [b - a for a, b in pairwise(poses)]
        value = pack_uint(len(deltas)) + pickle.dumps(deltas, _PICKLE_PROTOCOL)
        items.append((term.encode("utf-8"), len(poses), float(len(poses)), value))
    return items


@lru_cache(maxsize=1 << 14)
def _single_position(pos: int) -> bytes:
    """The encoded value of a term at one position."""
    return pack_uint(1) + pickle.dumps([pos], _PICKLE_PROTOCOL)


def _frequency_items(syllables: Sequence[str]) -> list[Item]:
    """Items of a ``Frequency`` field (boost 1.0): value = packed count."""
    counts: defaultdict[str, int] = defaultdict(int)
    for syllable in syllables:
        counts[canonical_syllable(syllable)] += 1
    return [(t.encode("utf-8"), n, float(n), pack_uint(n)) for t, n in counts.items()]


def analyse(fields: dict[str, Any]) -> dict[str, list[Item]]:
    """Term items of the text fields of one document (``indexer.schema.document_fields``)."""
    return analyse_document(fields)[0]


def analyse_document(fields: dict[str, Any]) -> tuple[dict[str, list[Item]], list[str]]:
    """``analyse``, and the document's distinct plain folded syllables (what
    ``indexer.vocabulary`` counts), read from the terms before they are encoded: decoding every
    term again cost a fifth as much as the analysis itself."""
    title = TOKEN_RE.findall(normalize(fields[TITLE_FOLD]))
    text = TOKEN_RE.findall(normalize(fields[TEXT_FOLD]))
    exact = text
    if fields[TEXT_EXACT] != fields[TEXT_FOLD]:
        exact = TOKEN_RE.findall(normalize(fields[TEXT_EXACT]))
    text_positions = folded_positions(text)
    items = {
        TEXT_FOLD: _positions_items(text_positions),
        TITLE_FOLD: _positions_items(folded_positions(title)),
        TEXT_EXACT: _frequency_items(exact),
    }
    return items, [term for term in text_positions if is_syllable(term)]
