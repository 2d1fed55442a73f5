"""``IndexReader`` over a Whoosh 2.7.4 index: the engine's Whoosh details, with its postings read
in bulk by ``whoosh_postings`` and its per-document columns and facet values by
``whoosh_columns`` (the only other engine modules that import Whoosh).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.searching import Searcher

from indexer import facet_sidecar, vocabulary
from indexer.schema import ID_FIELD, TEXT_FOLD
from searchsvc.engine import whoosh_columns, whoosh_postings
from searchsvc.engine.reader import Postings

# Document frequencies kept per open reader: soft AND orders every query's words by it, and
# Whoosh looks a term up in each segment's term file (~40 us of CPU a term with three segments
# at 20k articles: bench/query_stages.py's match_query went from 86 to 37 us a query). The
# index never changes under a reader, so a kept answer stays right; the bound keeps a
# long-running worker's memory flat (~100 bytes an entry).
DOC_FREQUENCY_CACHE = 65536


class WhooshReader:
    """The engine's ``IndexReader`` over one open Whoosh searcher (closed with it).

    What it keeps (document frequencies, the vocabulary) lives in plain attributes of this
    object, never in a cache holding the reader or a method bound to it (``lru_cache`` on
    ``self._method`` is a reference cycle): when the service drops a replaced index's reader,
    reference counting frees it, and with it the searcher's open segment files and their
    maps, at once rather than at the next garbage collection (the mapped vocabulary too).
    """

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._reader = searcher.reader()
        self._doc_frequencies: dict[tuple[str, str], int] = {}
        # The build's syllable vocabulary of this generation (None: an index built before the
        # file existed, or not in a folder), mapped when the index is opened: about 1 ms at
        # 1M articles (bench/vocabulary_open.py), so it is opened per reader and never kept
        # by path, which an index root deleted and built again (gen-1 once more) would reuse.
        storage = getattr(getattr(searcher, "_ix", None), "storage", None)
        folder = getattr(storage, "folder", None)
        self._vocabulary = vocabulary.open_vocabulary(Path(folder)) if folder else None
        # Facet lists read but not yet asked for, by field: opening an index asks for each
        # facet field in turn, and one read of a segment's sidecar gives them all, so the first
        # request reads every facet field and the next ones take theirs from here.
        self._facets: dict[str, whoosh_columns.FacetLeaves] = {}
        self._facets_read = False

    @property
    def doc_count(self) -> int:
        return int(self._reader.doc_count_all())

    def live_docs(self) -> np.ndarray:
        return np.flatnonzero(whoosh_postings.live_mask(self.searcher))

    def postings(self, field: str, term: str) -> Postings:
        return whoosh_postings.read_postings(self.searcher, field, term)

    def positions(self, field: str, term: str, docnums: Sequence[int]) -> dict[int, list[int]]:
        return whoosh_postings.positions_at(self.searcher, field, term, docnums)

    def doc_frequency(self, field: str, term: str) -> int:
        key = (field, term)
        found = self._doc_frequencies.get(key)
        if found is None:
            if len(self._doc_frequencies) >= DOC_FREQUENCY_CACHE:
                del self._doc_frequencies[next(iter(self._doc_frequencies))]  # the oldest
            found = self._doc_frequencies[key] = int(self._reader.doc_frequency(field, term))
        return found

    def syllable_frequency(self, term: str) -> int:
        # The vocabulary's count is exact after incremental builds; Whoosh's term statistics
        # still count the documents they deleted, so only an index without one asks Whoosh.
        if self._vocabulary is not None:
            return self._vocabulary.frequency(term)
        return self.doc_frequency(TEXT_FOLD, term)

    def similar_terms(self, field: str, term: str, maxdist: int, prefix: int) -> Iterator[str]:
        # The build's syllable vocabulary (indexer.vocabulary): a few dict probes, most frequent
        # first. Without one (an index built before it existed), Whoosh's own search, per
        # segment: its MultiReader (several segments) has no terms_within of its own and falls
        # back to an edit distance for every term sharing the prefix, pair terms included; a
        # segment reader skips through its term index with a Levenshtein automaton.
        known = self._vocabulary if field == TEXT_FOLD else None
        if known is not None:
            yield from known.similar(term, maxdist, prefix)
            return
        seen: set[str] = set()
        for leaf, _ in self._reader.leaf_readers():
            for word in leaf.terms_within(field, term, maxdist, prefix=prefix):
                if word not in seen:
                    seen.add(word)
                    yield word

    def prefix_terms(
        self, field: str, prefix: str, limit: int | None
    ) -> tuple[dict[str, int], bool]:
        """Read segment by segment: Whoosh's multi-segment reader looks each term up again in
        every segment (~250 us a term at 20k articles; one segment's own walk costs 10-35 us).
        ``limit`` applies per segment."""
        found: dict[str, int] = {}
        capped = False
        for segment, _ in self._reader.leaf_readers():
            for i, (term, info) in enumerate(segment.iter_prefix(field, prefix)):
                if limit is not None and i >= limit:
                    capped = True
                    break
                text = term if isinstance(term, str) else term.decode("utf-8")
                found[text] = found.get(text, 0) + info.doc_frequency()
        return found, capped

    # Columns and facet values are read a segment at a time, whole (whoosh_columns): per
    # document or per term through the multi-segment reader they took 23.8 s to open 1M.
    def field_lengths(self, field: str) -> np.ndarray:
        return whoosh_columns.field_lengths(self._reader, field)

    def column(self, field: str) -> Sequence[Any]:
        """A numpy array (numbers, or unicode for the id): a sequence indexed by docnum."""
        schema = self._reader.schema
        kind = schema[field].column_type if field in schema else None
        if isinstance(kind, NumericColumn):
            return cast(Sequence[Any], whoosh_columns.numeric_column(self._reader, field))
        if isinstance(kind, VarBytesColumn):
            return cast(Sequence[Any], whoosh_columns.string_column(self._reader, field))
        column: Sequence[Any] = self._reader.column_reader(field)
        return column

    def facet_values(self, field: str) -> Iterator[tuple[str, np.ndarray]]:
        if field not in self._facets:
            fields = [field]
            if not self._facets_read and field in facet_sidecar.FACET_FIELDS:
                fields, self._facets_read = list(facet_sidecar.FACET_FIELDS), True
            self._facets.update(whoosh_columns.segment_facets(self._reader, fields))
        leaves = self._facets.pop(field)  # handed out once: its arrays go with the caller's use
        return whoosh_columns.facet_values(leaves, whoosh_postings.live_mask(self.searcher))

    def stored(self, docnum: int) -> dict[str, Any]:
        return dict(self.searcher.stored_fields(docnum))

    def docnum_of(self, doc_id: str) -> int | None:
        found: int | None = self.searcher.document_number(**{ID_FIELD: doc_id})
        return found

    def related(self, docnum: int, field: str, text: str, top: int) -> list[int]:
        return [hit.docnum for hit in self.searcher.more_like(docnum, field, text=text, top=top)]

    def close(self) -> None:
        self.searcher.close()
        self._doc_frequencies.clear()
        self._facets.clear()
        self._vocabulary = None
