"""What the engine needs to know about a parsed query, beyond its tree.

Every syllable is matched in its folded form, so every way of typing a word (with or without
diacritics, any tone placement, NFD) matches the same articles (``searchsvc.engine.matching``).
Here:
which runs of words spell a known name (one concept term), and the syllables the rerank looks
for (``searchsvc.engine.rerank``): all of them folded, the accented ones exact, the plain sequence.
"""

from __future__ import annotations

from indexer.text.analysis import canonical_syllable, fold_syllable
from indexer.text.concepts import concept_table
from searchsvc.engine.querylang import And, Node, Not, Words, positive_tokens


def group_concepts(children: tuple[Node, ...]) -> list[Node | str]:
    """Replace runs of plain words that spell a known name by that name's concept term.

    ``giáo dục và đào tạo`` typed as five words and ``GD&ĐT`` typed as one become the same
    term, so both queries give the same results. Longest match first; only whole words.
    """
    table, lengths, _ = concept_table()
    longest = lengths[-1]
    out: list[Node | str] = []
    i = 0
    while i < len(children):
        match = None
        for j in range(min(len(children), i + longest), i + 1, -1):
            run = children[i:j]
            if not all(isinstance(c, Words) and not c.phrase and not c.title_only for c in run):
                continue
            seq = tuple(fold_syllable(t) for c in run for t in c.tokens)  # type: ignore[union-attr]
            if seq in table:
                match = (j, table[seq])
                break
        if match:
            out.append(match[1])
            i = match[0]
        else:
            out.append(children[i])
            i += 1
    return out


def adjacency_sequence(node: Node) -> tuple[str, ...] | None:
    """Folded syllables of an AND of plain words, in order; None for any other shape."""
    if isinstance(node, Words):
        return None if node.title_only else tuple(fold_syllable(t) for t in node.tokens)
    if not isinstance(node, And):
        return None
    parts = [adjacency_sequence(child) for child in node.children if not isinstance(child, Not)]
    if any(p is None for p in parts):
        return None
    return tuple(t for p in parts for t in p)  # type: ignore[union-attr]


def rerank_terms(node: Node | None) -> tuple[list[str], list[str]]:
    """The query's wanted syllables for the rerank: all of them folded, and the exact forms of
    those the user typed with diacritics (only those can be exact or not)."""
    tokens = positive_tokens(node)
    folded = list(dict.fromkeys(fold_syllable(t) for t in tokens))
    exact = [canonical_syllable(t) for t in tokens if canonical_syllable(t) != fold_syllable(t)]
    return folded, list(dict.fromkeys(exact))
