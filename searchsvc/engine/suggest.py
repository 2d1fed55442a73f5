"""Did you mean: a corrected query from the index's own vocabulary, shown with its diacritics.

Correction works on folded syllables (what users mistype is mostly unaccented), choosing for an
unknown syllable the indexed one within a small edit distance that most documents contain. The
corrected syllables are then shown as the archive writes them: the first article containing them
side by side lends its accented spelling (``huan chuong lao dongg`` -> ``huân chương lao động``),
which per-syllable lookup cannot do (``dong`` alone is đông, đồng, động ...).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from itertools import islice, pairwise

import numpy as np

from indexer.schema import BODY, TEXT_FOLD, TITLE
from indexer.text.analysis import fold_syllable, iter_tokens
from searchsvc.engine.reader import IndexReader

SUGGEST_BELOW = 3  # suggest when a query finds fewer articles than this
# Edit distance allowed by syllable length: one letter wrong in a 3-6 letter syllable, two from 7.
# Shorter syllables are left alone: at 1-2 letters any edit makes another real word.
MIN_CORRECTABLE = 3
LONG_SYLLABLE = 7
# Only syllables sharing the first letter are considered: most typos keep it, and Whoosh's
# terms_within walks the whole lexicon otherwise.
SHARED_PREFIX = 1
# Bounds on the cost of one suggestion. A 16-syllable misspelled query cost 2.2 CPU seconds at
# 6,000 articles (each unknown syllable walks the vocabulary, and every candidate's frequency is
# looked up in every segment); two such requests stalled both workers of a server. So: at most
# MAX_CORRECTED unknown syllables are corrected (a query with more unknown syllables than that
# is rarely helped by a spelling suggestion), at most MAX_CANDIDATES neighbours of each are
# compared, and after BUDGET_S of the suggestion's time the rest of the query is kept as typed.
MAX_CORRECTED = 4
# The index's vocabulary yields neighbours most frequent first (indexer.vocabulary), so the best
# is among the first few; each is then looked up in every segment.
MAX_CANDIDATES = 10
BUDGET_S = 0.02
# Posting lists longer than this are not read to find an article lending the accented spelling
# (reading the 43,000 of "truong" at 84k articles took 140 ms): such a correction is shown
# unaccented when none of its pairs is rarer.
MAX_ACCENT_POSTINGS = 3000
# Articles read for the accented spelling of a correction: the first that holds the syllables
# side by side lends it (pair terms can also meet in separate places, hence more than one).
ACCENT_CANDIDATES = 5


def _doc_frequency(reader: IndexReader, term: str) -> int:
    return reader.doc_frequency(TEXT_FOLD, term)


def correct(
    reader: IndexReader,
    folded: Sequence[str],
    clock: Callable[[], float] = time.monotonic,
    budget_s: float = BUDGET_S,
) -> list[str] | None:
    """``folded`` with unknown syllables replaced by their best indexed neighbour, or None if
    nothing could be improved. Bounded (see ``MAX_CORRECTED``): ``clock`` measures ``budget_s``."""
    deadline = clock() + budget_s
    out, changed, attempts = [], False, 0
    for term in folded:
        if (
            len(term) < MIN_CORRECTABLE
            or term.isdigit()
            or attempts >= MAX_CORRECTED
            or clock() > deadline
            or reader.syllable_frequency(term)
        ):
            out.append(term)
            continue
        attempts += 1
        maxdist = 2 if len(term) >= LONG_SYLLABLE else 1
        # The folded field also holds pair and concept terms: syllables only here.
        neighbours = reader.similar_terms(TEXT_FOLD, term, maxdist, SHARED_PREFIX)
        candidates = sorted(islice((c for c in neighbours if c.isalnum()), MAX_CANDIDATES))
        if not candidates:
            out.append(term)
            continue
        # Ranked by the vocabulary's counts, exact after incremental builds (Whoosh's own
        # statistics still count deleted documents).
        out.append(max(candidates, key=reader.syllable_frequency))
        changed = True
    return out if changed else None


def _holding(
    reader: IndexReader, folded: Sequence[str], out_of_time: Callable[[], bool]
) -> list[int]:
    """A few documents holding every neighbouring pair of ``folded`` (each syllable alone when
    there is one): the index has one pair term per two adjacent syllables. Rarest term first,
    intersected as sorted arrays; nothing when time runs out."""
    terms = [f"{a} {b}" for a, b in pairwise(folded)] or list(folded)
    frequencies = {term: _doc_frequency(reader, term) for term in terms}
    # Only posting lists short enough to read within the budget; the documents found are
    # checked against their text anyway.
    short = [t for t in terms if frequencies[t] <= MAX_ACCENT_POSTINGS]
    terms = sorted(short, key=lambda t: frequencies[t])
    common: np.ndarray | None = None
    for term in terms:
        if out_of_time():
            return []
        docs = reader.postings(TEXT_FOLD, term).doc_array
        common = docs if common is None else np.intersect1d(common, docs, assume_unique=True)
        if not len(common):
            return []
    return [] if common is None else [int(d) for d in common[:ACCENT_CANDIDATES]]


def accented(
    reader: IndexReader, folded: Sequence[str], out_of_time: Callable[[], bool] = lambda: False
) -> str:
    """The folded syllables as an article writes them, or as given when no article has them
    side by side (or the suggestion's time is up)."""
    for docnum in _holding(reader, folded, out_of_time):
        stored = reader.stored(docnum)
        for field in (TITLE, BODY):
            tokens = list(iter_tokens(stored.get(field) or ""))
            folds = [fold_syllable(t) for t, _, _ in tokens]
            for i in range(len(folds) - len(folded) + 1):
                if folds[i : i + len(folded)] == list(folded):
                    return " ".join(t for t, _, _ in tokens[i : i + len(folded)]).lower()
    return " ".join(folded)


def suggest(
    reader: IndexReader,
    positive: Sequence[str],
    clock: Callable[[], float] = time.monotonic,
    budget_s: float = BUDGET_S,
) -> str | None:
    """A better query for the syllables ``positive`` (not under NOT), or None. Bounded in
    candidates and time (``correct``)."""
    folded = [fold_syllable(t) for t in positive]
    if not folded:
        return None
    deadline = clock() + budget_s
    corrected = correct(reader, folded, clock, budget_s)
    if corrected is None:
        return None
    return accented(reader, corrected, lambda: clock() > deadline)
