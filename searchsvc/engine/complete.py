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

Built to run on every keystroke of a large archive: the tables and lookups, built once per open
index and cached, are in ``searchsvc.engine.completion_tables``; this module picks the words to
complete and ranks and merges what the tables find. ``bench/suggest.py`` measures the latency
per keystroke.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from indexer.text.analysis import TOKEN_RE, fold_syllable, normalize
from searchsvc.engine.completion_tables import Completer, folded_words, for_view

if TYPE_CHECKING:
    from searchsvc.engine.service import IndexView

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
    best = folded_words(phrases[0]) if phrases else []
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
