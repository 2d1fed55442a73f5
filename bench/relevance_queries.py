"""Known-item query sets and their scores, for ``bench/relevance.py``.

A known-item query is text a person would type or paste to find one article they know: its
headline (with or without diacritics, or with one word misspelled) or a few consecutive syllables
of its body typed without diacritics. The sets are drawn from the corpus with a fixed seed, never
picked by hand: the same articles and seed always give the same queries.

Deliberately independent of the code under test: diacritics are stripped here with
``unicodedata``, not with ``indexer.text.analysis``.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

# Headlines shorter than this are not something a person would search for one article with
# (VNTC has one- and two-word titles such as section names).
MIN_HEADLINE_SYLLABLES = 3
# Lengths of the body fragments: 3 to 6 syllables is one to three Vietnamese words, what a
# person recalls of an article's sentence (issue 12).
FRAGMENT_LENGTHS = (3, 4, 5, 6)
# A misspelled word has at least this many letters: a typo in a one- or two-letter syllable
# (``ở``, ``và``) makes another common word rather than a misspelling.
MIN_TYPO_LETTERS = 3
CUTOFF = 10  # MRR@10 and success@10: the first page
TYPO_EDITS = ("delete", "transpose", "substitute", "double")
_LETTERS = "abcdeghiklmnopqrstuvxy"  # the Vietnamese alphabet's unaccented letters (no f j w z)
# Runs of letter-only syllables separated by single spaces: what a person copies from a
# sentence (no digits, no punctuation inside).
_SYLLABLE_RUN = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)+")
_WORD = re.compile(r"\w+")
_EXTRA_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


@dataclass(frozen=True)
class Target:
    """An indexed article that queries are generated for; ``docid`` is its id in every engine."""

    docid: str
    title: str
    body: str


@dataclass(frozen=True)
class KnownItem:
    """One query of set ``kind`` whose answer is the article ``docid``."""

    kind: str
    q: str
    docid: str


def strip_diacritics(text: str) -> str:
    """``Đường Giáo dục`` -> ``Duong Giao duc``: every combining mark removed, ``đ`` -> ``d``."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def headline(target: Target, rng: random.Random) -> str | None:
    return target.title if len(_WORD.findall(target.title)) >= MIN_HEADLINE_SYLLABLES else None


def headline_plain(target: Target, rng: random.Random) -> str | None:
    text = headline(target, rng)
    return None if text is None else strip_diacritics(text)


def misspell(word: str, rng: random.Random) -> str:
    """``word`` with one random edit (a letter deleted, two swapped, one replaced, one doubled)
    that changes its letters even without diacritics."""
    for _ in range(len(TYPO_EDITS) * 4):
        i = rng.randrange(len(word))
        edit = rng.choice(TYPO_EDITS)
        if edit == "delete":
            new = word[:i] + word[i + 1 :]
        elif edit == "transpose" and i + 1 < len(word):
            new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif edit == "substitute":
            new = word[:i] + rng.choice(_LETTERS) + word[i + 1 :]
        else:
            new = word[:i] + word[i] + word[i:]
        if strip_diacritics(new).lower() != strip_diacritics(word).lower():
            return new
    return word[1:]  # every draw was a no-op (a word like "aaa"): deleting a letter is not


def headline_typo(target: Target, rng: random.Random) -> str | None:
    text = headline(target, rng)
    if text is None:
        return None
    words = [
        m
        for m in _WORD.finditer(text)
        if m.group().isalpha() and len(m.group()) >= MIN_TYPO_LETTERS
    ]
    if not words:
        return None
    m = rng.choice(words)
    return text[: m.start()] + misspell(m.group(), rng) + text[m.end() :]


def fragment(length: int):  # type: ignore[no-untyped-def]
    """A generator of ``length`` consecutive body syllables, lowercase, without diacritics."""

    def generate(target: Target, rng: random.Random) -> str | None:
        windows = []
        for run in _SYLLABLE_RUN.findall(unicodedata.normalize("NFC", target.body)):
            words = run.split(" ")
            windows += [words[i : i + length] for i in range(len(words) - length + 1)]
        if not windows:
            return None
        return strip_diacritics(" ".join(rng.choice(windows))).lower()

    return generate


GENERATORS = {
    "headline": headline,
    "headline_plain": headline_plain,
    **{f"body{n}_plain": fragment(n) for n in FRAGMENT_LENGTHS},
    "headline_typo": headline_typo,
}


def query_sets(targets: Sequence[Target], per_set: int, seed: int) -> dict[str, list[KnownItem]]:
    """``per_set`` queries of each kind in ``GENERATORS`` (fewer if the targets run out).

    Each kind draws its articles in its own seeded order (``random.Random`` seeded with a string
    is stable across runs and Python processes), skipping articles it cannot make a query from.
    """
    ordered = sorted(targets, key=lambda t: t.docid)
    sets: dict[str, list[KnownItem]] = {}
    for kind, generate in GENERATORS.items():
        rng = random.Random(f"{seed}:{kind}")
        items: list[KnownItem] = []
        for target in rng.sample(ordered, len(ordered)):
            q = generate(target, rng)
            if q is not None:
                items.append(KnownItem(kind, q, target.docid))
                if len(items) == per_set:
                    break
        sets[kind] = items
    return sets


def rank_of(hit_ids: Sequence[str], relevant: Collection[str], cutoff: int = CUTOFF) -> int | None:
    """1-based rank of the first relevant id among the first ``cutoff`` hits, else None."""
    for rank, docid in enumerate(hit_ids[:cutoff], start=1):
        if docid in relevant:
            return rank
    return None


@dataclass(frozen=True)
class Outcome:
    """One query's answer from one engine: the rank found, or rejected, or nothing returned."""

    rank: int | None
    rejected: bool = False
    empty: bool = False


@dataclass(frozen=True)
class Score:
    queries: int
    mrr: float  # mean of 1/rank over every query (0 when not in the first CUTOFF or rejected)
    success_1: float
    success_10: float
    rejected: int
    empty: int

    def to_json(self) -> dict[str, float | int]:
        return {
            "queries": self.queries,
            f"mrr@{CUTOFF}": round(self.mrr, 4),
            "success@1": round(self.success_1, 4),
            f"success@{CUTOFF}": round(self.success_10, 4),
            "rejected": self.rejected,
            "empty": self.empty,
        }


def score(outcomes: Iterable[Outcome]) -> Score:
    """MRR@10, success@1 and success@10 over ``outcomes``; rejected queries count as misses."""
    outs = list(outcomes)
    n = len(outs)
    if n == 0:
        return Score(0, 0.0, 0.0, 0.0, 0, 0)
    ranks = [o.rank for o in outs if o.rank is not None and not o.rejected]
    return Score(
        queries=n,
        mrr=sum(1 / r for r in ranks if r <= CUTOFF) / n,
        success_1=sum(1 for r in ranks if r == 1) / n,
        success_10=sum(1 for r in ranks if r <= CUTOFF) / n,
        rejected=sum(o.rejected for o in outs),
        empty=sum(o.empty for o in outs),
    )
