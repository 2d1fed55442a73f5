"""Suggestions as you type: completions of the last words of a query, shown as the archive
writes them (``thai ng`` -> ``Thái Nguyên``, ``Phòng GD&ĐT TP Thái Nguyên``).

Three sources, all from the open index, merged to at most ``MAX_SUGGESTIONS``:

* **words**: a first word completes from a table of the exact vocabulary (``text_exact``: every
  accented form with its document frequency), looked up by folded prefix, so ``thai`` offers
  ``thái``, ``thải``; a second word completes from the pair terms of ``text_fold`` (one per
  pair of neighbouring syllables: ``thai ng*`` -> ``thai nguyen``), ranked by how many articles
  hold the pair and shown as a title or body of one of them writes it (per-syllable accents
  cannot tell ``nguyên`` from ``nguyễn``);
* **units**: the unit facet's canonical names, matched at any word (``thai ng`` finds
  ``Sở GD&ĐT Thái Nguyên``), ranked by article count;
* **titles**: the newest articles whose title holds the best two-word completion.

Built to run on every keystroke of a large archive: the word and unit tables are sorted arrays
searched by bisection with a numpy top-k, built once per open index, segment by segment; pair
terms are read from each segment's sorted term index only for a prefix with a letter after the
space (a few dozen terms, at most ``MAX_PAIR_SCAN``); display forms and titles cost a few
stored-document reads, and are cached. ``bench/suggest.py`` measures the latency per keystroke.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from indexer import schema as f
from indexer.text.analysis import (
    TOKEN_RE,
    aligned_forms,
    fold_syllable,
    iter_tokens,
    normalize,
)

if TYPE_CHECKING:
    from searchsvc.engine.service import IndexView

T = TypeVar("T")

MAX_SUGGESTIONS = 10  # a list a person scans at a glance (the bound)
MAX_UNITS = 3  # unit names in one list (they are long)
# Word completions looked up: the list keeps room for units and titles.
MAX_WORDS = MAX_SUGGESTIONS - MAX_UNITS - 1
MAX_TITLES = 2  # article titles in one list
# Words of the query's end that are completed together: the last pair. Earlier words stay as
# typed (the index's pair terms know two neighbours, not three).
MAX_CONTEXT = 2
# Query-language operators are not words to complete with (searchsvc.engine.querylang).
OPERATORS = frozenset({"OR", "NOT", "AND"})
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
# The plain words at the end of a query (no quotes, operators or parentheses after them).
_SPACED = re.compile(r"[^\W_]+(?:\s+[^\W_]+)*")
_TAIL = re.compile(r"(?:^|(?<=[\s(]))([^\W_]+(?:\s+[^\W_]+)*)(\s*)$")


@dataclass(frozen=True)
class Suggestion:
    """One completion: ``text`` to show, ``value`` the whole query after choosing it, ``kind``
    (``word``, ``unit``, ``title``), and for titles the article id."""

    text: str
    value: str
    kind: str
    article_id: str | None = None


class _Table:
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


def _folded_words(text: str) -> list[str]:
    return [fold_syllable(token) for token, _, _ in iter_tokens(text)]


class Completer:
    """The completion tables of one open index (``IndexView``); build with ``for_view``."""

    def __init__(self, view: IndexView) -> None:
        self.view = view
        with view.lock:  # readers are not thread-safe (searchsvc.engine.reader)
            frequency, _ = view.reader.prefix_terms(f.TEXT_EXACT, "", None)
        self.words = _Table(
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
            folded = _folded_words(name)
            # One key per word start, so a unit is found from any of its words.
            units += [(" ".join(folded[j:]), name, int(sizes[i])) for j in range(len(folded))]
        self.units = _Table(units)
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


def complete(view: IndexView, query: str) -> list[Suggestion]:
    """At most ``MAX_SUGGESTIONS`` completions of the plain words ending ``query``."""
    text = normalize(query)
    tail = _TAIL.search(text)
    if tail is None:
        return []
    words = TOKEN_RE.findall(tail.group(1))[-MAX_CONTEXT:]
    while len(words) > 1 and words[0] in OPERATORS:
        words = words[1:]
    if words[-1] in OPERATORS:
        return []
    done = bool(tail.group(2))  # a space after the last word: it is complete
    # Where the completed words start in the query: everything before is kept as typed.
    head = text[: tail.start(1)] + tail.group(1)[: _start_of_last(tail.group(1), len(words))]
    folded = tuple(fold_syllable(w) for w in words)
    completer = for_view(view)
    phrases = _phrases(completer, folded, done)
    out = [Suggestion(head + shown, head + shown, "word") for shown in phrases]
    unit_key = " ".join(folded) + (" " if done else "")
    for i in completer.units.top(unit_key, MAX_UNITS * 3):
        name = completer.units.shown[i]
        if all(s.text != name for s in out) and sum(s.kind == "unit" for s in out) < MAX_UNITS:
            out.append(Suggestion(name, name, "unit"))
    best = _folded_words(phrases[0]) if phrases else []
    if len(best) >= 2:
        for article_id, title in completer.titles(tuple(best), MAX_TITLES):
            out.append(Suggestion(title, title, "title", article_id))
    return _balanced(out)


def _start_of_last(run: str, n: int) -> int:
    """Offset in ``run`` of its last ``n`` words."""
    starts = [m.start() for m in TOKEN_RE.finditer(run)]
    return starts[-n] if n <= len(starts) else 0


def _phrases(completer: Completer, folded: tuple[str, ...], done: bool) -> list[str]:
    """Word completions, best first, as the archive writes them."""
    if done:  # "thai ": words wait for the next letter; units and titles answer meanwhile
        return []
    if len(folded) >= 2:
        seconds = completer.pairs(folded[-2], folded[-1], MAX_SUGGESTIONS)
        return _shown(completer.written((*folded[:-1], second)) for second, _ in seconds)
    # One word so far: its accented forms, most frequent first.
    shown: list[str] = []
    for i in completer.words.top(folded[0], MAX_SUGGESTIONS):
        if completer.words.shown[i] not in shown:
            shown.append(completer.words.shown[i])
    return shown[:MAX_WORDS]


def _shown(forms: Iterable[str | None], limit: int = MAX_WORDS) -> list[str]:
    """The first ``limit`` display forms found, once each (case-insensitively), in order;
    ``forms`` is lazy, so a form past the limit is never looked up."""
    out: dict[str, str] = {}
    for form in forms:
        if len(out) >= limit:
            break
        if form:
            out.setdefault(form.lower(), form)
    return list(out.values())


def _balanced(found: list[Suggestion]) -> list[Suggestion]:
    """Words first, then units, then titles, at most ``MAX_SUGGESTIONS``; words give up room
    to the others so every kind found is shown."""
    others = [s for s in found if s.kind != "word"]
    words = [s for s in found if s.kind == "word"][: MAX_SUGGESTIONS - len(others)]
    unique: dict[str, Suggestion] = {}
    for s in words + others:
        unique.setdefault(s.text.lower() + s.kind, s)
    return list(unique.values())[:MAX_SUGGESTIONS]
