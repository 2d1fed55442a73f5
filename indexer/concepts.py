"""Names with several spellings (``GD&ĐT`` = ``GDĐT`` = ``giáo dục và đào tạo``) as one term.

The spellings come from ``indexer/data/abbreviations.json``. At index time ``ConceptFilter``
adds, after every run of syllables that spells a known name, one extra term standing for the
name (``§giaoducvadaotao``) to the folded fields. A query naming it in any spelling then looks up
that single term: the same articles for every spelling, at the cost of one posting list, where
expanding the query into a phrase per spelling and field cost ~20 Whoosh phrase queries.

``ConceptFilter`` is pickled into the index schema: keep it at this import path, and bump
``indexer.analysis.ANALYSIS_VERSION`` when the data file's groups change.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from whoosh.analysis import Filter

from indexer.analysis import folded_terms

# Prefix of concept terms: "§" never occurs inside a \w+ token, so no word can collide.
CONCEPT_PREFIX = "§"


@cache
def concept_table() -> tuple[dict[tuple[str, ...], str], frozenset[int]]:
    """Folded syllable sequence -> concept term; and the lengths of those sequences."""
    raw = json.loads(resources.files("indexer").joinpath("data/abbreviations.json").read_text())
    table: dict[tuple[str, ...], str] = {}
    for group in raw["groups"]:
        key = CONCEPT_PREFIX + "".join(folded_terms(group[0]))
        for spelling in group:
            table.setdefault(tuple(folded_terms(spelling)), key)
    return table, frozenset(len(seq) for seq in table)


def concept_of(folded: tuple[str, ...]) -> str | None:
    """The concept term spelled by exactly these folded syllables, if any."""
    return concept_table()[0].get(folded)


class ConceptFilter(Filter):
    """After the folding filter: yields every token, plus a concept term after each run of
    syllables that spells a known name (at the position of the run's first syllable).

    Whoosh reuses one Token object (the tokenizer sets every attribute afresh for the next
    syllable), so the filter remembers only (text, pos, startchar) of the last few tokens and
    re-yields the same object dressed as the concept term.
    """

    def __call__(self, tokens):  # type: ignore[no-untyped-def]
        table, lengths = concept_table()
        longest = max(lengths)
        recent: list[tuple[str, int, int]] = []
        for token in tokens:
            yield token
            recent.append((token.text, getattr(token, "pos", 0), getattr(token, "startchar", 0)))
            if len(recent) > longest:
                del recent[0]
            for length in lengths:
                if length > len(recent):
                    continue
                run = recent[-length:]
                key = table.get(tuple(text for text, _, _ in run))
                if key is None:
                    continue
                token.text = key
                if hasattr(token, "pos"):
                    token.pos = run[0][1]
                if hasattr(token, "startchar"):
                    token.startchar = run[0][2]
                yield token
