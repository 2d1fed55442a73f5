"""tantivy (pip ``tantivy``, Rust) as a comparison engine for the benchmarks in ``bench/``.

Given the same folded text as ours: title and body go in through
``indexer.text.analysis.fold_text`` (no marks, ``đ`` -> ``d``, lowercase), and tantivy's own
analyzer (simple tokenizer, lowercase, ASCII folding) would fold whatever that left. Queries are
split into the same folded syllables (``indexer.text.analysis.folded_terms``).

Ranking is the usual strong baseline for pasted text, as Elasticsearch's ``match`` plus a
``match_phrase`` boost: every query term is OR-ed (BM25, title terms weighted above body terms),
and the query's adjacent pairs and its whole sequence add a boost when they occur as phrases.
Nothing is required, so a long query or one misspelled word never empties the page.

Facet values (``year``, ``units``, ``awards``) are indexed as raw, fast string fields so a
speed benchmark can count them with ``facet_counts`` (a terms aggregation), as ours and FTS5 do.

Build: ``build(index_dir, records)``; query: ``TantivyEngine(index_dir).search(text, limit)``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import tantivy

from indexer.text.analysis import fold_text, folded_terms

ANALYZER = "vi_fold"  # name the analyzer is registered under, in every process that opens the index
# Boosts, chosen on a development draw (2,000 VNTC articles, query sets of seed 2, 150 a set;
# the benchmark reports seed 1) so that tantivy is the strong baseline issue 12 asks for.
# Mean MRR@10 over the seven sets by (title, pair, phrase) boost: (2, 2, 4) 0.803,
# (2, 2, 10) 0.909, (2, 2, 30) 0.957, (1, 1, 30) 0.957, (2, 2, 100) 0.957: the whole-query phrase
# must outweigh the sum of its terms' BM25 (tantivy's phrase score is about 1-3 against 20-50
# for the OR of a 4-syllable query's terms); past 30 nothing changes.
TITLE_BOOST = 2.0  # a title term counts twice a body term (FTS5's side weights its title too)
# An adjacent query pair found as a phrase: a Vietnamese word is two or three syllables, so
# pairs are what separates "giáo dục" from scattered "giáo", "dục", and they survive a typo.
PAIR_BOOST = 2.0
# The whole query found as a phrase (three syllables or more): a pasted fragment or headline.
PHRASE_BOOST = 30.0
MIN_PHRASE_TERMS = 3
# Terms per query that make clauses: a pasted page of text is cut here (about 64 words is the
# longest headline or question a person pastes; see issue 12).
MAX_QUERY_TERMS = 128
WRITER_HEAP_BYTES = 256_000_000  # tantivy's indexing buffer; far below the machine's memory
FACET_FIELDS = ("year", "units", "awards")


def analyzer() -> tantivy.TextAnalyzer:
    """Split on non-alphanumerics, lowercase, fold to ASCII (tantivy folds ``đ``/``Đ``/``Ð``)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def make_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("docid", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name=ANALYZER, index_option="position")
    builder.add_text_field("body", tokenizer_name=ANALYZER, index_option="position")
    for name in FACET_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    return builder.build()


def _open(index_dir: Path, schema: tantivy.Schema | None = None) -> tantivy.Index:
    index = (
        tantivy.Index(schema, path=str(index_dir)) if schema else tantivy.Index.open(str(index_dir))
    )
    index.register_tokenizer(ANALYZER, analyzer())
    return index


def build(index_dir: Path, records: Iterable[dict[str, Any]], threads: int = 1) -> int:
    """A fresh index at ``index_dir`` from records (``docid``, ``title``, ``body``; optional
    ``year``, ``units``, ``awards``); returns the number of documents. One commit at the end."""
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    index = _open(index_dir, make_schema())
    writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=threads)
    n = 0
    for rec in records:
        n += 1
        doc = tantivy.Document(
            docid=rec["docid"], title=fold_text(rec["title"]), body=fold_text(rec["body"])
        )
        year = rec.get("year")
        doc.add_text("year", str(year) if year else "unknown")
        for name in ("units", "awards"):
            for value in rec.get(name) or ():
                doc.add_text(name, value)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    return n


@dataclass(frozen=True)
class Ranked:
    """``total`` documents matched any term; ``hits`` are the first ``limit`` (docid, score)."""

    total: int
    hits: tuple[tuple[str, float], ...]


class TantivyEngine:
    """An open tantivy index answering free-text queries (OR plus phrase boosts)."""

    def __init__(self, index_dir: Path) -> None:
        self.index = _open(index_dir)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def query(self, text: str) -> tantivy.Query | None:
        """The tantivy query for ``text``; None when it has no terms."""
        terms = folded_terms(text)[:MAX_QUERY_TERMS]
        if not terms:
            return None
        schema, q = self.schema, tantivy.Query
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for term in dict.fromkeys(terms):
            clauses.append((tantivy.Occur.Should, q.term_query(schema, "body", term)))
            title = q.term_query(schema, "title", term)
            clauses.append((tantivy.Occur.Should, q.boost_query(title, TITLE_BOOST)))
        phrases = [(pair, PAIR_BOOST) for pair in dict.fromkeys(pairwise(terms))]
        if len(terms) >= MIN_PHRASE_TERMS:
            phrases.append((tuple(terms), PHRASE_BOOST))
        for words, boost in phrases:
            for field in ("title", "body"):
                phrase = q.phrase_query(schema, field, list(words))
                clauses.append((tantivy.Occur.Should, q.boost_query(phrase, boost)))
        return q.boolean_query(clauses)

    def search(self, text: str, limit: int = 10) -> Ranked:
        """The best ``limit`` documents for free text ``text``, best first."""
        query = self.query(text)
        if query is None:
            return Ranked(0, ())
        result = self.searcher.search(query, limit, count=True)
        hits = tuple(
            (self.searcher.doc(address)["docid"][0], score) for score, address in result.hits
        )
        return Ranked(result.count or 0, hits)

    def facet_counts(
        self, text: str, fields: Sequence[str] = FACET_FIELDS, size: int = 1000
    ) -> dict[str, dict[str, int]]:
        """For each of ``fields``, value -> number of documents matching ``text`` (at most ``size``
        values, most frequent first): a terms aggregation over the fast fields."""
        query = self.query(text)
        if query is None:
            return {name: {} for name in fields}
        aggs = {name: {"terms": {"field": name, "size": size}} for name in fields}
        result = self.searcher.aggregate(query, aggs)
        return {
            name: {b["key"]: b["doc_count"] for b in result[name]["buckets"]} for name in fields
        }
