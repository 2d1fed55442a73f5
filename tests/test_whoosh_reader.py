"""The Whoosh adapter of the storage seam agrees with Whoosh's public API.

searchsvc.engine.whoosh_reader reads Whoosh 2.7.4's block fields directly for speed; this test is
what makes that safe: any difference (a Whoosh change, deletions, several segments) fails here.
Every ``IndexReader`` method is checked against what Whoosh's own searcher says.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from indexer.article import Article
from indexer.schema import ID_FIELD, TEXT_FOLD, TITLE_FOLD, doc_id, document_fields, make_schema
from searchsvc.engine.postings import PostingCache
from searchsvc.engine.whoosh_reader import WhooshReader, positions_at, read_postings

WORDS = ["thi", "đua", "giáo", "dục", "khen", "thưởng", "Thái", "Nguyên", "trường", "học"]


def public_postings(searcher, field: str, term: str) -> list[tuple[int, float]]:
    out = []
    for sub, offset in searcher.leaf_searchers():
        if (field, term) in sub.reader():
            matcher = sub.reader().postings(field, term)
            for docnum, weight in matcher.items_as("weight"):
                out.append((docnum + offset, weight))
    return out


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An on-disk index of 600 articles in three segments, some deleted (>128 postings per
    term, so terms span several blocks)."""
    rnd = random.Random(3)
    folder: Path = tmp_path_factory.mktemp("postings")
    ix = whoosh_index.create_in(folder, make_schema())
    for segment in range(3):
        with ix.writer() as writer:  # one commit per batch: one segment each
            writer.merge = False
            for i in range(200):
                body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 40)))
                path = f"{segment}/{i}.txt"
                writer.add_document(**document_fields(Article(path, f"Tin {i}", body)))
    with ix.writer() as writer:
        writer.merge = False
        for i in range(0, 200, 7):
            writer.delete_by_term(ID_FIELD, doc_id(f"1/{i}.txt"))
    s = ix.searcher()
    assert len(s.leaf_searchers()) >= 3
    yield s
    s.close()


@pytest.fixture(scope="module")
def reader(searcher):  # type: ignore[no-untyped-def]
    """The adapter over the same open searcher."""
    return WhooshReader(searcher)


@pytest.mark.parametrize(
    ("field", "term"),
    [
        (TEXT_FOLD, "thi"),
        (TEXT_FOLD, "thi dua"),
        (TEXT_FOLD, "nguyen"),
        (TITLE_FOLD, "tin"),
        (TEXT_FOLD, "absent"),
    ],
)
def test_block_reader_equals_public_api(searcher, field: str, term: str) -> None:  # type: ignore[no-untyped-def]
    fast = read_postings(searcher, field, term)
    assert list(zip(fast.docs, fast.weights, strict=True)) == public_postings(searcher, field, term)


def test_cache_serves_read_only_masks_and_evicts_by_bytes(searcher, reader) -> None:  # type: ignore[no-untyped-def]
    cache = PostingCache(reader, budget=500)
    thi = cache.docs(TEXT_FOLD, "thi")
    expected = [d for d, _ in public_postings(searcher, TEXT_FOLD, "thi")]
    assert np.flatnonzero(thi).tolist() == expected and len(thi) == searcher.doc_count_all()
    with pytest.raises(ValueError, match="read-only"):
        thi[0] = True
    cache.docs(TEXT_FOLD, "nguyen")
    cache.docs(TEXT_FOLD, "truong")
    assert cache.size <= 500 or len(cache.entries) == 1
    assert (cache.docs(TEXT_FOLD, "thi") == thi).all()  # evicted or not, the same answer


@pytest.mark.parametrize(("field", "term"), [(TEXT_FOLD, "thi"), (TEXT_FOLD, "giao duc")])
def test_positions_at_equals_public_api(searcher, field: str, term: str) -> None:  # type: ignore[no-untyped-def]
    expected = {}
    for sub, offset in searcher.leaf_searchers():
        if (field, term) in sub.reader():
            for docnum, positions in sub.reader().postings(field, term).items_as("positions"):
                expected[docnum + offset] = list(positions)
    wanted = [*sorted(expected)[::3], 10_000]  # every third holder, and one that is absent
    assert positions_at(searcher, field, term, wanted) == {d: expected[d] for d in wanted[:-1]}


def test_derived_sets_are_computed_once_and_count_against_the_budget(searcher, reader) -> None:  # type: ignore[no-untyped-def]
    cache = PostingCache(reader, budget=100_000)
    calls = []

    def compute() -> set[int]:
        calls.append(1)
        return {1, 2, 3}

    for _ in range(2):
        assert np.flatnonzero(cache.derived((TEXT_FOLD, '"a b c"'), compute)).tolist() == [1, 2, 3]
    assert len(calls) == 1 and cache.size == searcher.doc_count_all()  # one byte per document


@pytest.mark.parametrize(("field", "term"), [(TEXT_FOLD, "thi"), (TEXT_FOLD, "absent")])
def test_term_arrays_are_computed_once_read_only_and_go_with_their_postings(  # type: ignore[no-untyped-def]
    searcher, reader, field: str, term: str
) -> None:
    cache = PostingCache(reader, budget=10_000_000)
    calls = []

    def compute(postings):  # type: ignore[no-untyped-def]
        calls.append(1)
        return postings.weight_array.astype(np.float64) * 2

    expected = [2 * w for _, w in public_postings(searcher, field, term)]
    for _ in range(2):
        assert cache.term_array(field, term, "double", compute).tolist() == expected
    assert len(calls) == 1
    docs = cache.doc_index(field, term)
    assert docs.dtype == np.int64
    assert docs.tolist() == [d for d, _ in public_postings(searcher, field, term)]
    with pytest.raises(ValueError, match="read-only"):
        docs[:1] = 0
    cache.budget = 0  # everything but the newest entry goes, its arrays with it
    cache.docs(TEXT_FOLD, "nguyen")
    kept = (TEXT_FOLD, "nguyen")
    assert list(cache.entries) == [kept] and not cache.arrays
    assert cache.size == cache.entries[kept].nbytes + cache.masks[kept].nbytes
    cache.term_array(field, term, "double", compute)
    assert len(calls) == 2  # evicted, so computed again


def test_documents_and_columns_equal_public_api(searcher, reader) -> None:  # type: ignore[no-untyped-def]
    public = searcher.reader()
    assert reader.doc_count == public.doc_count_all()
    assert reader.live_docs().tolist() == list(public.all_doc_ids())
    lengths = reader.field_lengths(TEXT_FOLD)
    assert lengths.tolist() == [
        float(public.doc_field_length(d, TEXT_FOLD, 0)) for d in range(public.doc_count_all())
    ]
    ids = list(reader.column(ID_FIELD))
    live = list(public.all_doc_ids())
    assert [ids[d] for d in live] == [searcher.stored_fields(d)[ID_FIELD] for d in live]
    assert reader.docnum_of(ids[live[5]]) == live[5]
    assert reader.docnum_of("no such id") is None
    assert reader.stored(live[5]) == searcher.stored_fields(live[5])


def test_vocabulary_equals_public_api(searcher, reader) -> None:  # type: ignore[no-untyped-def]
    public = searcher.reader()
    for term in ("thi", "thi dua", "absent", "thi"):  # "thi" again: the kept answer
        assert reader.doc_frequency(TEXT_FOLD, term) == public.doc_frequency(TEXT_FOLD, term)
        assert reader.doc_frequency(TITLE_FOLD, term) == public.doc_frequency(TITLE_FOLD, term)
    assert "nguyen" in set(reader.similar_terms(TEXT_FOLD, "nguyen", 1, 1))
    assert "truong" in set(reader.similar_terms(TEXT_FOLD, "truomg", 1, 1))


def test_facet_values_equal_public_api(searcher, reader) -> None:  # type: ignore[no-untyped-def]
    public = searcher.reader()
    expected = [
        (t.decode("utf-8"), list(public.postings(TITLE_FOLD, t).all_ids()))
        for t in public.lexicon(TITLE_FOLD)
    ]
    got = [(name, docs.tolist()) for name, docs in reader.facet_values(TITLE_FOLD)]
    assert got == expected and got


def test_related_are_whoosh_more_like(searcher, reader) -> None:  # type: ignore[no-untyped-def]
    doc = next(iter(searcher.reader().all_doc_ids()))
    text = "thi đua khen thưởng"
    expected = [h.docnum for h in searcher.more_like(doc, TEXT_FOLD, text=text, top=4)]
    assert reader.related(doc, TEXT_FOLD, text, 4) == expected and expected
