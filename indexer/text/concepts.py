"""Names with several spellings (``GD&ĐT`` = ``GDĐT`` = ``giáo dục và đào tạo``) as one term.

The spellings come from ``indexer/data/abbreviations.json``. At index time the folded tokenizer
(``indexer.text.tokenizers``) adds, after every run of syllables that spells a known name, one extra
term standing for the name (``§giaoducvadaotao``). A query naming it in any spelling then looks up
that single term: the same articles for every spelling, at the cost of one posting list, where
expanding the query into a phrase per spelling and field cost ~20 Whoosh phrase queries.

Bump ``indexer.text.analysis.ANALYSIS_VERSION`` when the data file's groups change.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from indexer.text.analysis import folded_terms

# Prefix of concept terms: "§" never occurs inside a \w+ token, so no word can collide.
CONCEPT_PREFIX = "§"


@cache
def concept_table() -> tuple[dict[tuple[str, ...], str], tuple[int, ...], frozenset[str]]:
    """Folded syllable sequence -> concept term; the lengths of those sequences, ascending; and
    the syllables they end with (a cheap first test while tokenizing)."""
    raw = json.loads(resources.files("indexer").joinpath("data/abbreviations.json").read_text())
    table: dict[tuple[str, ...], str] = {}
    for group in raw["groups"]:
        key = CONCEPT_PREFIX + "".join(folded_terms(group[0]))
        for spelling in group:
            table.setdefault(tuple(folded_terms(spelling)), key)
    lengths = tuple(sorted({len(seq) for seq in table}))
    return table, lengths, frozenset(seq[-1] for seq in table)


def concept_of(folded: tuple[str, ...]) -> str | None:
    """The concept term spelled by exactly these folded syllables, if any."""
    return concept_table()[0].get(folded)
