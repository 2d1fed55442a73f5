"""The Whoosh adapter of the storage seam agrees with Whoosh's public API.

searchsvc.engine.whoosh_reader reads Whoosh 2.7.4's block fields directly for speed; this test is
what makes that safe: any difference (a Whoosh change, deletions, several segments) fails here.
Every ``IndexReader`` method is checked against what Whoosh's own searcher says.
"""

from __future__ import annotations

import gc
import itertools
import random
import shutil
import weakref
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from indexer.article import Article
from indexer.build import build_index
from indexer.generations import current_realpath, open_current
from indexer.schema import ID_FIELD, TEXT_FOLD, TITLE_FOLD, doc_id, document_fields, make_schema
from searchsvc.engine.postings import PostingCache
from searchsvc.engine.service import IndexView
from searchsvc.engine.whoosh_postings import positions_at, read_postings
from searchsvc.engine.whoosh_reader import WhooshReader

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

    def step(start: int) -> tuple[np.ndarray, int | None]:
        calls.append(start)
        return np.array([1, 2, 3]), None

    for _ in range(2):
        assert np.flatnonzero(cache.derived((TEXT_FOLD, '"a b c"'), step)).tolist() == [1, 2, 3]
    assert calls == [0] and cache.size == searcher.doc_count_all()  # one byte per document


@pytest.mark.parametrize(
    ("allowed_steps", "first_answer"),
    [
        (0, [0, 1]),  # the first step always runs: an answer is never empty for want of time
        (1, [0, 1, 2, 3]),
        (5, [0, 1, 2, 3, 4, 5]),  # enough time: the whole set, at once
    ],
)
def test_a_derived_set_cut_short_resumes_where_it_stopped(reader, allowed_steps, first_answer):  # type: ignore[no-untyped-def]
    cache = PostingCache(reader, budget=100_000)
    starts: list[int] = []

    def step(start: int) -> tuple[np.ndarray, int | None]:  # documents 0..5, two a step
        starts.append(start)
        return np.array([start, start + 1]), (start + 2 if start < 4 else None)

    def budget(steps: int):  # type: ignore[no-untyped-def]
        left = [steps]

        def allows() -> bool:
            left[0] -= 1
            return left[0] >= 0

        return allows

    key = (TEXT_FOLD, '"a b c"')
    first = cache.derived(key, step, budget(allowed_steps))
    assert np.flatnonzero(first).tolist() == first_answer
    whole = cache.derived(key, step, budget(10))
    assert np.flatnonzero(whole).tolist() == [0, 1, 2, 3, 4, 5]
    assert starts == [0, 2, 4]  # no step run twice
    assert cache.derived(key, step, budget(0)) is whole  # complete: kept


class _RacingReader:
    """A reader during whose first read of a term another caller reads and caches that term:
    the interleaving of two threads that both missed the cache, made deterministic."""

    def __init__(self, reader, cache_of) -> None:  # type: ignore[no-untyped-def]
        self.reader, self.cache_of, self.raced = reader, cache_of, False
        self.doc_count = reader.doc_count

    def postings(self, field: str, term: str):  # type: ignore[no-untyped-def]
        if not self.raced:
            self.raced = True
            self.cache_of().get(field, term)  # the other thread, finishing first
        return self.reader.postings(field, term)


def test_a_term_read_by_two_callers_at_once_is_kept_and_counted_once(reader) -> None:  # type: ignore[no-untyped-def]
    caches: list[PostingCache] = []
    racing = _RacingReader(reader, lambda: caches[0])
    cache = PostingCache(racing, budget=10_000_000)  # type: ignore[arg-type]
    caches.append(cache)
    first = cache.get(TEXT_FOLD, "thi")
    assert cache.get(TEXT_FOLD, "thi") is first  # the copy kept is the one returned
    assert len(first) and cache.size == first.nbytes == reader.postings(TEXT_FOLD, "thi").nbytes


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


# Two articles of our own, long enough for the build to take them as articles.
OLD_ARTICLE = (
    "Hội thi tay nghề học sinh trường nghề tỉnh\n\n"
    "Sáng thứ hai, hội thi tay nghề dành cho học sinh các trường nghề trong tỉnh đã khai mạc "
    "tại hội trường lớn với hơn hai trăm thí sinh đến từ mười hai đơn vị.\n\n"
    "Các em thi ở sáu nghề: hàn, điện dân dụng, may, sửa xe máy, nấu ăn và tin học văn phòng. "
    "Ban tổ chức cho biết đề thi năm nay sát với yêu cầu của doanh nghiệp hơn mọi năm."
)
NEW_ARTICLE = (
    "Hội thao học sinh khối trung học cơ sở\n\n"
    "Chiều qua, hội thao của học sinh khối trung học cơ sở toàn huyện đã bế mạc sau ba ngày "
    "tranh tài sôi nổi tại sân vận động trung tâm với gần năm trăm vận động viên nhỏ tuổi.\n\n"
    "Các em thi chạy bền, nhảy xa, nhảy cao, đá cầu và cờ vua. Nhiều thầy cô giáo đã đưa học "
    "trò đến cổ vũ, phụ huynh cũng góp nước uống và khăn lạnh cho các đội."
)


def _build(root: Path, archive: Path, articles: dict[str, str]) -> None:
    """A fresh index of ``articles`` (file name -> text) at ``root``, by the real build."""
    shutil.rmtree(archive, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    archive.mkdir(parents=True)
    for name, text in articles.items():
        (archive / name).write_text(text, encoding="utf-8")
    build_index(archive, root)


def test_a_replaced_index_is_released_at_once_and_never_answers_again(tmp_path: Path) -> None:
    """Index root deleted and built again: ``gen-1`` once more, the same folder. The old
    reader (and its searcher's segment files) must go with its last reference, not at the
    next garbage collection, and the new reader must not answer from the old one's words."""
    root, archive = tmp_path / "index", tmp_path / "archive"
    _build(root, archive, {"a.txt": OLD_ARTICLE})
    old_path = current_realpath(root)
    view = IndexView(open_current(root))
    assert view.reader.doc_frequency(TEXT_FOLD, "nghe") == 1
    assert "nghe" in view.reader.similar_terms(TEXT_FOLD, "nghee", 1, 0)
    released = weakref.ref(view.reader)
    gc.disable()  # only reference counting may free it
    try:
        view.close()
        del view
        assert released() is None
    finally:
        gc.enable()
    _build(root, archive, {"b.txt": NEW_ARTICLE})
    assert current_realpath(root) == old_path  # the same folder again
    view = IndexView(open_current(root))
    try:
        assert view.reader.doc_frequency(TEXT_FOLD, "nghe") == 0
        assert view.reader.doc_frequency(TEXT_FOLD, "nhay") == 1
        assert "nghe" not in view.reader.similar_terms(TEXT_FOLD, "nghee", 1, 0)
        assert "nhay" in view.reader.similar_terms(TEXT_FOLD, "nhayy", 1, 0)
    finally:
        view.close()


@pytest.mark.parametrize("length", [3, 4])
def test_chain_counts_equal_the_definition_over_positions(searcher, reader, length) -> None:  # type: ignore[no-untyped-def]
    from indexer.text.analysis import fold_text
    from searchsvc.engine.phrases import chain_counts

    rnd = random.Random(length)
    cache = PostingCache(reader)
    folded = [fold_text(w) for w in WORDS]
    matched = 0
    for _ in range(20):
        words = [rnd.choice(folded) for _ in range(length)]
        pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)]
        docs = np.array(sorted(reader.live_docs().tolist()[::2]))  # half the candidates
        where = [positions_at(searcher, TEXT_FOLD, p, docs.tolist()) for p in pairs]
        expected = {}
        for d in docs.tolist():
            n = sum(
                all(p + i in where[i].get(d, ()) for i in range(1, len(pairs)))
                for p in where[0].get(d, ())
            )
            if n:
                expected[d] = n
        held, counts = chain_counts(cache, TEXT_FOLD, pairs, docs)
        assert dict(zip(held.tolist(), counts.tolist(), strict=True)) == expected
        matched += len(expected)
    assert matched  # the draw holds phrases that occur, not only absent ones
