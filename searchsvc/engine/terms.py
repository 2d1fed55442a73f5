"""The one place where a parsed query becomes (field, term) pairs.

Matching (``searchsvc.engine.matching``), soft AND (``searchsvc.engine.relax``), BM25, the
rerank and highlighting all read the ``QueryPlan`` built here, so no stage can match by one set
of terms and score or mark another. Every syllable is looked up in its folded form, so every way
of typing a word (with or without diacritics, any tone placement, NFD) meets the same terms:

* a syllable is its folded term (``title_fold`` after ``title:``, else ``text_fold``);
* a run of words that spells a known name (``giáo dục và đào tạo``, ``GD&ĐT``) is that name's
  concept term;
* a phrase (quoted, or one word of several syllables like ``2018-2019``) is its pair terms (each
  two neighbouring syllables are indexed as one term), chained by position when longer than two.

A plan has two parts: ``strict`` clauses the user typed as operators (quotes, ``-``/``NOT``,
``OR``, parentheses, ``title:``), which always keep their meaning, and ``soft`` words typed as
plain words, which are all required only while that finds enough (``searchsvc.engine.relax``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from indexer import schema as f
from indexer.text.analysis import canonical_syllable, fold_syllable
from indexer.text.concepts import concept_of, concept_table
from searchsvc.engine.querylang import And, Node, Not, Words

Lookup = tuple[str, str]  # (field, term): one posting list


@dataclass(frozen=True)
class Leaf:
    """One word, name or phrase of the query and the posting lists that decide it."""

    field: str
    syllables: tuple[str, ...]  # folded, in order
    typed: tuple[str, ...]  # as the user typed them (NFC), for messages and exact forms
    phrase: bool = False  # syllables must stand side by side
    concept: str | None = None  # the name's concept term, when the syllables spell one

    @property
    def lookups(self) -> tuple[Lookup, ...]:
        """The terms that match this leaf (all of them) and score it (each one)."""
        if self.concept is not None:
            return ((self.field, self.concept),)
        if self.phrase and len(self.syllables) > 1:
            return tuple((self.field, f"{a} {b}") for a, b in pairwise(self.syllables))
        return tuple((self.field, s) for s in dict.fromkeys(self.syllables))

    @property
    def chained(self) -> bool:
        """A phrase of three syllables or more: its pair terms must also follow each other."""
        return self.concept is None and self.phrase and len(self.syllables) > 2

    @property
    def label(self) -> str:
        return " ".join(self.typed)


@dataclass(frozen=True)
class AllOf:
    children: tuple[Clause, ...]


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Clause, ...]


@dataclass(frozen=True)
class Without:
    child: Clause


Clause = Leaf | AllOf | AnyOf | Without


@dataclass(frozen=True)
class QueryPlan:
    """A query as posting-list lookups. ``runs`` are the folded syllables of neighbouring
    words the user typed in order (proximity pairs come from them only)."""

    strict: tuple[Clause, ...]
    soft: tuple[Leaf, ...]
    runs: tuple[tuple[str, ...], ...]

    def leaves(self) -> Iterator[Leaf]:
        """Every leaf the user wants to see (not under a NOT), soft ones first."""
        yield from self.soft
        for clause in self.strict:
            yield from _positive_leaves(clause)

    def scoring(self) -> list[Lookup]:
        """The (field, term) pairs whose BM25 makes a document's stage-one score."""
        return list(dict.fromkeys(lk for leaf in self.leaves() for lk in leaf.lookups))

    def pairs(self) -> list[Lookup]:
        """Pair terms of the syllables the user typed side by side (adjacency)."""
        pairs = ((f.TEXT_FOLD, f"{a} {b}") for run in self.runs for a, b in pairwise(run))
        return list(dict.fromkeys(pairs))

    def proximity(self) -> list[Lookup]:
        """``pairs`` not already scored as a phrase: a document holding them side by side
        earns them on top of the single syllables."""
        scored = set(self.scoring())
        return [lookup for lookup in self.pairs() if lookup not in scored]

    def folded(self) -> list[str]:
        """Distinct folded syllables of the wanted leaves: highlighting and title hits."""
        return list(dict.fromkeys(s for leaf in self.leaves() for s in leaf.syllables))

    def exact(self) -> list[str]:
        """Exact forms of the syllables typed with diacritics (only those can be exact or not)."""
        typed = (t for leaf in self.leaves() for t in leaf.typed)
        exact = (canonical_syllable(t) for t in typed if canonical_syllable(t) != fold_syllable(t))
        return list(dict.fromkeys(exact))


def _positive_leaves(clause: Clause) -> Iterator[Leaf]:
    if isinstance(clause, Leaf):
        yield clause
    elif isinstance(clause, AllOf | AnyOf):
        for child in clause.children:
            yield from _positive_leaves(child)


def _leaf(tokens: tuple[str, ...], *, phrase: bool, title_only: bool) -> Leaf:
    field = f.TITLE_FOLD if title_only else f.TEXT_FOLD
    folded = tuple(fold_syllable(t) for t in tokens)
    return Leaf(field, folded, tokens, phrase=phrase, concept=concept_of(folded))


def _clause(node: Node | Leaf) -> Clause:
    if isinstance(node, Leaf):
        return node
    if isinstance(node, Words):
        return _leaf(node.tokens, phrase=node.phrase, title_only=node.title_only)
    if isinstance(node, Not):
        return Without(_clause(node.child))
    if isinstance(node, And):
        return AllOf(tuple(_clause(child) for child in _grouped(node.children)))
    return AnyOf(tuple(_clause(child) for child in node.children))


def _grouped(children: tuple[Node, ...]) -> list[Node | Leaf]:
    """``children`` with each run of plain one-syllable words that spells a known name replaced
    by one leaf for that name's concept term: ``giáo dục và đào tạo`` typed as five words and
    ``GD&ĐT`` typed as one give the same results. Longest match first; whole words only."""
    table, lengths, _ = concept_table()
    out: list[Node | Leaf] = []
    i = 0
    while i < len(children):
        for j in range(min(len(children), i + lengths[-1]), i + 1, -1):
            run = children[i:j]
            if all(isinstance(c, Words) and c.plain and len(c.tokens) == 1 for c in run):
                tokens = tuple(c.tokens[0] for c in run)  # type: ignore[union-attr]
                if tuple(fold_syllable(t) for t in tokens) in table:
                    out.append(_leaf(tokens, phrase=True, title_only=False))
                    i = j
                    break
        else:
            out.append(children[i])
            i += 1
    return out


def _leaves_of(clause: Clause) -> tuple[Leaf, ...]:
    """The leaves of a word or of an all-of group, in order (none for other clauses)."""
    if isinstance(clause, Leaf):
        return (clause,)
    if isinstance(clause, AllOf) and all(isinstance(c, Leaf) for c in clause.children):
        return clause.children  # type: ignore[return-value]
    return ()


def _reads_on(clause: Clause) -> bool:
    """Whether ``clause`` is fixed syllables of the text field, so a run goes on through it."""
    leaves = _leaves_of(clause)
    return bool(leaves) and all(
        leaf.field == f.TEXT_FOLD and leaf.concept is None for leaf in leaves
    )


def plan_query(node: Node | None) -> QueryPlan | None:
    """The plan of a parsed query (``None`` when it has nothing to search for)."""
    if node is None:
        return None
    top = _grouped(node.children) if isinstance(node, And) else [node]
    strict: list[Clause] = []
    soft: list[Leaf] = []
    runs: list[list[str]] = [[]]
    for item in top:
        clause = _clause(item)
        if isinstance(item, Leaf) or (isinstance(item, Words) and item.plain):
            soft.append(clause)  # type: ignore[arg-type]
        else:
            strict.append(clause)
        if _reads_on(clause):
            # Words, quoted phrases and a bracketed group of plain words read on: a pasted
            # headline's "(phần cuối)" is text in its place.
            runs[-1] += [s for leaf in _leaves_of(clause) for s in leaf.syllables]
        elif not isinstance(item, Not):
            # An OR, a title: word or a name (spelt in any of its ways, so its neighbours are
            # not fixed syllables) ends the run; a NOT is skipped over.
            runs.append([])
    return QueryPlan(tuple(strict), tuple(soft), tuple(tuple(r) for r in runs if len(r) > 1))
