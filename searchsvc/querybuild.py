"""From the parsed query tree to a Whoosh query: fields, boosts, abbreviations, phrase bonus.

Ranking intent, as boosts: a title match above a body match; an exact-diacritics match above a
folded one (every syllable is searched in both forms, so an exact match scores in two fields);
adjacent syllables above scattered ones (a rerank of the best candidates: see
``searchsvc.proximity``; this module gives it the query's syllable sequence).
"""

from __future__ import annotations

from whoosh import query as wq

from indexer.analysis import canonical_syllable, fold_syllable
from indexer.concepts import concept_of, concept_table
from indexer.schema import BODY, BODY_FOLD, TITLE, TITLE_FOLD
from searchsvc.querylang import And, Node, Not, Or, Words

# Field boosts. Title over body by about the ratio of their usual lengths' information; exact
# over folded so that `đường` ranks articles with đường above those with only Dương (measured in
# tests/test_search.py with the two-article case).
BOOSTS = {TITLE: 4.0, TITLE_FOLD: 2.5, BODY: 1.6, BODY_FOLD: 1.0}


def _field_clause(field: str, terms: tuple[str, ...]) -> wq.Query:
    boost = BOOSTS[field]
    if len(terms) == 1:
        return wq.Term(field, terms[0], boost=boost)
    return wq.Phrase(field, list(terms), boost=boost)


def _sequence(exact: tuple[str, ...], folded: tuple[str, ...], title_only: bool) -> wq.Query:
    fields = (TITLE, TITLE_FOLD) if title_only else (TITLE, BODY, TITLE_FOLD, BODY_FOLD)
    return wq.Or(
        [_field_clause(f, folded if f in (TITLE_FOLD, BODY_FOLD) else exact) for f in fields]
    )


def _concept_query(key: str, title_only: bool) -> wq.Query:
    """A name of several spellings: one indexed concept term (see ``indexer.concepts``)."""
    fields = (TITLE_FOLD,) if title_only else (TITLE_FOLD, BODY_FOLD)
    return wq.Or([wq.Term(f, key, boost=BOOSTS[f]) for f in fields])


def _words_query(node: Words) -> wq.Query:
    exact = tuple(canonical_syllable(t) for t in node.tokens)
    folded = tuple(fold_syllable(t) for t in node.tokens)
    concept = concept_of(folded)
    if concept is not None:
        return _concept_query(concept, node.title_only)
    if node.phrase:
        return _sequence(exact, folded, node.title_only)
    pairs = zip(exact, folded, strict=True)
    return wq.And([_sequence((e,), (fo,), node.title_only) for e, fo in pairs])


def _group_concepts(children: tuple[Node, ...]) -> list[Node | str]:
    """Replace runs of plain words that spell a known name by that name's concept.

    ``giáo dục và đào tạo`` typed as five words and ``GD&ĐT`` typed as one become the same
    concept, so both queries give the same results. Longest match first; only whole words.
    """
    table, lengths, _ = concept_table()
    longest = lengths[-1]
    out: list[Node | str] = []
    i = 0
    while i < len(children):
        match = None
        for j in range(min(len(children), i + longest), i, -1):
            run = children[i:j]
            if not all(isinstance(c, Words) and not c.phrase and not c.title_only for c in run):
                continue
            seq = tuple(fold_syllable(t) for c in run for t in c.tokens)  # type: ignore[union-attr]
            if len(run) > 1 and seq in table:
                match = (j, table[seq])
                break
        if match:
            out.append(match[1])
            i = match[0]
        else:
            out.append(children[i])
            i += 1
    return out


def to_whoosh(node: Node) -> wq.Query:
    """The matching query for ``node`` (no ranking bonus; see :func:`with_phrase_bonus`)."""
    if isinstance(node, Words):
        return _words_query(node)
    if isinstance(node, Not):
        return wq.Not(to_whoosh(node.child))
    if isinstance(node, Or):
        return wq.Or([to_whoosh(child) for child in node.children])
    parts = [
        _concept_query(item, False) if isinstance(item, str) else to_whoosh(item)
        for item in _group_concepts(node.children)
    ]
    return parts[0] if len(parts) == 1 else wq.And(parts)


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
