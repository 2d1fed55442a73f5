"""tantivy's side of ``bench/search.py``: the same records and query mix, with facets.

Index and analysis are ``bench/tantivy_engine.py``'s (folded text, ASCII folding, BM25 with a
title boost, phrase boosts). Its query semantics are a ranked OR of the query's syllables with
phrase boosts (the strong relevance baseline of issue 12), not our AND, so its totals differ on
multi-word queries; an OR query is the costlier kind to evaluate. Unit and year selections are
added as required clauses (OR within a facet), and facet counts (year, units, awards) are a terms
aggregation over the matches. No snippets: the engine does not store the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FACET_SIZE = 1000  # values per facet counted, as many as the corpus has


def build(index_dir: Path, records, threads: int) -> int:  # type: ignore[no-untyped-def]
    import tantivy_engine

    return tantivy_engine.build(index_dir, records, threads=threads)


class Runner:
    """Opens the index once; ``run(entry)`` answers one query of the mix: (total, ids)."""

    def __init__(self, index_dir: Path) -> None:
        import tantivy_engine

        self.engine = tantivy_engine.TantivyEngine(index_dir)
        self.fields = tantivy_engine.FACET_FIELDS

    def _query(self, entry: dict[str, Any]):  # type: ignore[no-untyped-def]
        import tantivy

        q, schema = tantivy.Query, self.engine.schema
        text = self.engine.query(entry.get("q", ""))
        clauses = [(tantivy.Occur.Must, text if text is not None else q.all_query())]
        for field, values in (("units", entry.get("units", ())), ("year", entry.get("years", ()))):
            if values:
                either = [(tantivy.Occur.Should, q.term_query(schema, field, v)) for v in values]
                clauses.append((tantivy.Occur.Must, q.boolean_query(either)))
        return q.boolean_query(clauses)

    def run(self, entry: dict[str, Any]) -> tuple[int, list[str]]:
        query = self._query(entry)
        searcher = self.engine.searcher
        result = searcher.search(query, 10, count=True)
        ids = [searcher.doc(address)["docid"][0] for _, address in result.hits]
        aggs = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in self.fields}
        searcher.aggregate(query, aggs)
        return result.count or 0, ids
