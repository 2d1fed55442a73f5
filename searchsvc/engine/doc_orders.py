"""Total orders of an index's documents (by id, by date then id) as numpy sorts over arrays.

``matching.Columns`` ranks every document by id (ties in scores), newest and oldest first, once
per open index. These were Python ``sorted`` calls with a key per document (14.5 s of the 1M
index's open, profiled); here they are numpy sorts that give exactly the same orders
(tests/test_whoosh_columns.py compares them with the Python definitions, ties included).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rank_of(order: np.ndarray) -> np.ndarray:
    """For each document number, its place in ``order``."""
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def id_order(ids: Sequence[str]) -> np.ndarray:
    """Document numbers by id, equal ids by number (what a stable sort of the ids gives).

    numpy compares unicode strings by code point, as Python does (ids hold no trailing NUL,
    which fixed-width strings would drop). Ids of one-byte characters (the hex ids) are
    packed eight to an integer and sorted as integers: a numpy string sort of 1M ids took
    0.4 s, more than the rest of the open's orders together."""
    keys = ids if isinstance(ids, np.ndarray) else np.array(ids, dtype=np.str_)
    width = keys.dtype.itemsize // 4 if keys.dtype.kind == "U" else 0
    codes = keys.view(np.uint32).reshape(len(keys), width) if width and len(keys) else None
    if codes is None or int(codes.max()) > 0xFF:
        stable: np.ndarray = np.argsort(keys, kind="stable")
        return stable
    padded = np.zeros((len(keys), -(-width // 8) * 8), dtype=np.uint8)
    padded[:, :width] = codes
    return _packed_order(padded.view(">u8"))


def _packed_order(words: np.ndarray) -> np.ndarray:
    """Rows of ``words`` (big-endian words of the ids' bytes) in order, equal rows by row
    number: sorted by the first word, then only runs that tie on it by every word."""
    order = np.argsort(words[:, 0])
    first = words[order, 0]
    tied = np.flatnonzero(first[1:] == first[:-1])
    if len(tied):
        runs = np.zeros(len(order), dtype=bool)
        runs[tied] = runs[tied + 1] = True
        where = np.flatnonzero(runs)
        rows = order[where]
        # np.lexsort's last key is the primary: words first to last, then the row number.
        order[where] = rows[np.lexsort((rows, *words[rows].T[::-1]))]
    return order


def date_order(dates: np.ndarray, id_rank: np.ndarray) -> np.ndarray:
    """Document numbers by (date, id rank): one integer key when it fits in 63 bits (an
    argsort of 1M keys, 10x faster than ``np.lexsort`` of two), else ``np.lexsort``."""
    n = len(dates)
    low = int(dates.min(initial=0))
    span = int(dates.max(initial=0)) - low + 1
    if span * max(n, 1) < 2**63:
        # The id rank is a total order, so keys are distinct and the sort needs no stability.
        combined: np.ndarray = np.argsort((dates - low) * n + id_rank)
        return combined
    lex: np.ndarray = np.lexsort((id_rank, dates))
    return lex
