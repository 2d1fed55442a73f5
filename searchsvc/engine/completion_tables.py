"""The completion tables of one open index, and the lookups behind suggestions as you type.

* a table of the exact vocabulary (``text_exact``: every accented form with its document
  frequency) and one of the unit facet's canonical names (a key per word start), both sorted
  folded keys searched by bisection with a numpy top-k, built once per open index;
* second syllables after a first one, from the pair terms of ``text_fold`` (at most
  ``MAX_PAIR_SCAN`` read per prefix), ranked by how many articles hold the pair;
* how a completion is written (a title or body of an article holding it) and the newest titles
  holding it: a few stored-document reads each, cached.

``searchsvc.engine.complete`` ranks and merges what these return into one list.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from indexer import schema as f
from indexer.text.analysis import aligned_forms, fold_syllable, iter_tokens, normalize

if TYPE_CHECKING:
    from searchsvc.engine.service import IndexView

T = TypeVar("T")

# Pair terms read per segment for one prefix (``thai ng*``): a few dozen in 20k real articles
# (each read costs ~35 µs there). Pairs are read only once a letter follows the space: all
# pairs of a common syllable (``thai *``: 1,018 at 20k articles) would cost every word typed.
MAX_PAIR_SCAN = 400
# Vocabulary kept for completion: alphabetic terms in at least this many articles (one-off
# typos and OCR junk are not worth suggesting; a word in two articles is).
MIN_DOC_FREQ = 2
# Stored articles read to find how a completion is written, before falling back to the most
# frequent accented form of each syllable.
WRITTEN_TRIES = 3
# Posting entries read to pick the newest titles for a completion.
TITLE_SCAN = 200
CACHE_SIZE = 4096  # display forms and titles kept per index


class Table:
    """Sorted folded keys with a display string and a weight each: prefix lookups by bisection,
    the heaviest of a range by ``argpartition``."""

    def __init__(self, rows: list[tuple[str, str, int]]) -> None:
        rows.sort()
        self.keys = [key for key, _, _ in rows]
        self.shown = [shown for _, shown, _ in rows]
        self.weights = np.array([weight for _, _, weight in rows], dtype=np.int64)

    def top(self, prefix: str, k: int) -> list[int]:
        lo = bisect_left(self.keys, prefix)
        hi = bisect_left(self.keys, prefix + "\uffff")
        if hi - lo <= k:
            found = list(range(lo, hi))
        else:
            part = np.argpartition(-self.weights[lo:hi], k)[:k] + lo
            found = part.tolist()
        return sorted(found, key=lambda i: (-int(self.weights[i]), self.keys[i]))


def folded_words(text: str) -> list[str]:
    return [fold_syllable(token) for token, _, _ in iter_tokens(text)]


class Completer:
    """The completion tables of one open index (``IndexView``); build with ``for_view``."""

    def __init__(self, view: IndexView) -> None:
        self.view = view
        with view.lock:  # readers are not thread-safe (searchsvc.engine.reader)
            frequency, _ = view.reader.prefix_terms(f.TEXT_EXACT, "", None)
        self.words = Table(
            [
                (fold_syllable(text), text, df)
                for text, df in frequency.items()
                if df >= MIN_DOC_FREQ and text.isalpha()
            ]
        )
        column = view.facet_columns["unit"]
        sizes = np.bincount(column.value_of, minlength=len(column.names))
        units = []
        for i, name in enumerate(column.names):
            folded = folded_words(name)
            # One key per word start, so a unit is found from any of its words.
            units += [(" ".join(folded[j:]), name, int(sizes[i])) for j in range(len(folded))]
        self.units = Table(units)
        self._cache: OrderedDict[tuple[str, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    # -- cached lookups ------------------------------------------------------------------
    def _cached(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        """``compute()``, kept under ``key`` (the key names the kind: one type per kind)."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                found: T = self._cache[key]
                return found
        value = compute()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def _first_docs(self, field: str, term: str, limit: int) -> list[int]:
        """The first ``limit`` documents of a term (the engine's posting cache)."""
        with self.view.lock:
            docs = self.view.postings.get(field, term).doc_array[:limit]
        return [int(d) for d in docs]

    def _stored(self, docnum: int) -> dict[str, Any]:
        with self.view.lock:  # readers are not thread-safe (searchsvc.engine.reader)
            return self.view.reader.stored(docnum)

    def written(self, folded: tuple[str, ...]) -> str | None:
        """``folded`` as an article writes it: a title first, else a body; else each syllable
        in its most frequent accented form; None when articles have the syllables only across
        punctuation (``Thái. Năm``)."""
        return self._cached(("written", *folded), lambda: self._written(folded))

    def _written(self, folded: tuple[str, ...]) -> str | None:
        term = " ".join(folded[-2:])
        pattern = _run_pattern(folded)
        seen = False
        for field, stored in ((f.TITLE_FOLD, (f.TITLE,)), (f.TEXT_FOLD, (f.TITLE, f.BODY))):
            for docnum in self._first_docs(field, term, WRITTEN_TRIES):
                seen = True
                fields = self._stored(docnum)
                for name in stored:
                    found = _find_run(fields.get(name) or "", pattern)
                    if found:
                        return found
        if seen:  # the articles hold these syllables only across punctuation: not a phrase
            return None
        return " ".join(self._best_form(word) for word in folded)

    def _best_form(self, folded: str) -> str:
        lo = bisect_left(self.words.keys, folded)
        hi = bisect_left(self.words.keys, folded + "\x00")
        if lo == hi:
            return folded
        return self.words.shown[max(range(lo, hi), key=lambda i: int(self.words.weights[i]))]

    def pairs(self, first: str, prefix: str, k: int) -> list[tuple[str, int]]:
        """Second syllables after ``first`` starting with ``prefix`` (at least one letter), by
        articles holding the pair."""

        def compute() -> list[tuple[str, int]]:
            with self.view.lock:
                found, _ = self.view.reader.prefix_terms(
                    f.TEXT_FOLD, f"{first} {prefix}", MAX_PAIR_SCAN
                )
            return _ranked_seconds(found, len(first) + 1)

        return self._cached(("pairs", first, prefix), compute)[:k]

    def titles(self, folded: tuple[str, ...], k: int) -> list[tuple[str, str]]:
        """(id, title) of the newest articles whose title holds ``folded`` (its last pair)."""
        term = " ".join(folded[-2:])

        def compute() -> list[tuple[str, str]]:
            docs = self._first_docs(f.TITLE_FOLD, term, TITLE_SCAN)
            docs.sort(key=lambda d: int(self.view.doc_columns.newest_rank[d]))
            pattern = _run_pattern(folded)
            out = []
            for docnum in docs:
                fields = self._stored(docnum)
                if _find_run(fields.get(f.TITLE) or "", pattern):
                    out.append((fields[f.ID_FIELD], fields[f.TITLE]))
                if len(out) == k:
                    break
            return out

        return self._cached(("titles", str(k), *folded), compute)


def _run_pattern(folded: tuple[str, ...]) -> re.Pattern[str]:
    """The folded syllables ``folded`` side by side, separated by spaces only (``Thái. Năm``
    is no phrase), for the folded form of a text (``aligned_forms``: same offsets)."""
    words = r"\s+".join(re.escape(word) for word in folded)
    return re.compile(rf"(?<!\w){words}(?!\w)")


def _find_run(text: str, pattern: re.Pattern[str]) -> str | None:
    """The first run of ``text`` whose folded form ``pattern`` matches, as written (or None).
    A run written in capitals is given in lower case: capitals are a headline's style, not the
    word's."""
    text = normalize(text)
    found = pattern.search(aligned_forms(text)[1])
    if found is None:
        return None
    run = " ".join(text[found.start() : found.end()].split())
    return run.lower() if run.isupper() and len(run) > 1 else run


def _ranked_seconds(pairs: dict[str, int], skip: int) -> list[tuple[str, int]]:
    """(second syllable, frequency) of pair terms, most frequent first; numbers left out."""
    seconds = [(term[skip:], df) for term, df in pairs.items()]
    seconds = [(w, df) for w, df in seconds if w.isalnum() and not w.isdigit()]
    return sorted(seconds, key=lambda item: (-item[1], item[0]))


_COMPLETERS: dict[int, Completer] = {}
_COMPLETERS_LOCK = threading.Lock()


def for_view(view: IndexView) -> Completer:
    """The completer of ``view``, built on first use (one per open index; a new index, a new
    view, a new completer; the old one goes with its view)."""
    with _COMPLETERS_LOCK:
        found = _COMPLETERS.get(id(view))
        if found is not None and found.view is view:
            return found
    built = Completer(view)
    with _COMPLETERS_LOCK:
        _COMPLETERS.clear()  # a worker serves one index: the previous view's table is stale
        _COMPLETERS[id(view)] = built
    return built
