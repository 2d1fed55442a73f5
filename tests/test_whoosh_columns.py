"""Bulk column reads (searchsvc.engine.whoosh_columns) equal Whoosh's per-document public API, and
the numpy orders of ``matching.Columns`` equal the Python sorts they replaced.

The index has three segments written by Whoosh's own writer, deletions, documents written again
under the same id (equal ids: ties broken by document number), shared and unknown dates (ties
broken by id), so every tie-break of the old definitions is exercised.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.columns import VarBytesColumn
from whoosh.fields import ID, NUMERIC, Schema
from whoosh.filedb.filestore import RamStorage

from indexer.article import Article
from indexer.schema import (
    ID_FIELD,
    OLDEST_KEY,
    PUBLISHED,
    TEXT_FOLD,
    TITLE_FOLD,
    doc_id,
    document_fields,
    make_schema,
)
from searchsvc.engine import doc_orders, matching, whoosh_columns
from searchsvc.engine.whoosh_reader import WhooshReader

WORDS = ["thi", "đua", "giáo", "dục", "khen", "thưởng", "Thái", "Nguyên", "trường", "học"]
DATES = [None, dt.date(2019, 9, 5), dt.date(2020, 1, 2), dt.date(2020, 1, 2), dt.date(2021, 5, 30)]


def _article(rnd: random.Random, path: str) -> Article:
    body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 40)))
    title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 6)))
    published = rnd.choice(DATES)
    return Article(path, title, body, published=published, year=published and published.year)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    rnd = random.Random(11)
    folder: Path = tmp_path_factory.mktemp("columns")
    ix = whoosh_index.create_in(folder, make_schema())
    batches = [[(f"{seg}/{i}.txt", False) for i in range(150)] for seg in range(3)]
    # Deleted, then written again: two documents with one id.
    batches.append([(f"1/{i}.txt", True) for i in range(0, 150, 7)])
    for batch in batches:
        with ix.writer() as writer:  # one commit per batch: one segment each
            writer.merge = False
            for path, again in batch:
                if again:
                    writer.delete_by_term(ID_FIELD, doc_id(path))
                writer.add_document(**document_fields(_article(rnd, path)))
    s = ix.searcher()
    assert len(s.leaf_searchers()) == 4 and s.reader().has_deletions()
    yield s
    s.close()


def test_live_lengths_and_columns_equal_the_public_api(searcher) -> None:  # type: ignore[no-untyped-def]
    public = searcher.reader()
    n = public.doc_count_all()
    assert whoosh_columns.live_mask(public).tolist() == [not public.is_deleted(d) for d in range(n)]
    for field in (TEXT_FOLD, TITLE_FOLD):
        expected = [float(public.doc_field_length(d, field, 0) or 0) for d in range(n)]
        assert whoosh_columns.field_lengths(public, field).tolist() == expected
    for field in (PUBLISHED, OLDEST_KEY):
        got = whoosh_columns.numeric_column(public, field)
        assert got.tolist() == list(public.column_reader(field))
        assert got.dtype == np.int64
    ids = whoosh_columns.string_column(public, ID_FIELD)
    assert ids.tolist() == list(public.column_reader(ID_FIELD))


def _old_columns(reader, ids: list[str]) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """The orders as ``matching.Columns`` defined them before (Python sorts, key per doc)."""
    n = reader.doc_count_all()
    published = reader.column_reader(PUBLISHED)
    oldest = reader.column_reader(OLDEST_KEY)

    def rank(order: list[int]) -> list[int]:
        out = [0] * n
        for place, d in enumerate(order):
            out[d] = place
        return out

    return {
        "id_rank": rank(sorted(range(n), key=ids.__getitem__)),
        "newest_rank": rank(sorted(range(n), key=lambda d: (-published[d], ids[d]))),
        "oldest_rank": rank(sorted(range(n), key=lambda d: (oldest[d], ids[d]))),
    }


def test_numpy_orders_equal_the_python_sorts(searcher) -> None:  # type: ignore[no-untyped-def]
    public = searcher.reader()
    ids = list(public.column_reader(ID_FIELD))
    assert len(set(ids)) < len(ids)  # equal ids (deleted and live) are in the race
    reader = WhooshReader(searcher)
    columns = matching.Columns(reader, reader.column(ID_FIELD))
    for name, expected in _old_columns(public, ids).items():
        assert getattr(columns, name).tolist() == expected, name
    # A plain list of ids (another reader's column) gives the same orders.
    from_list = matching.Columns(reader, ids)
    assert from_list.id_rank.tolist() == columns.id_rank.tolist()


@pytest.mark.parametrize(
    ("values", "cutoff"),
    [
        ([b"0123456789abcdef"] * 3 + [b"fedcba9876543210"], 2**15),  # ids: equal lengths
        ([b"0123456789abcdef", b"fedcba9876543210", b"00"], 2),  # offsets written ("X")
        (["Trường học".encode(), b"", b"a", "đ".encode() * 300], 2**15),  # empty, non-ASCII
        (["Trường học".encode(), b"", b"a", "đ".encode() * 300], 2),
    ],
)
def test_var_bytes_layout_is_whooshs(values: list[bytes], cutoff: int) -> None:
    column = VarBytesColumn(write_offsets_cutoff=cutoff)
    storage = RamStorage()
    out = storage.create_file("c")
    writer = column.writer(out)
    for docnum, value in enumerate(values):
        if value:
            writer.add(docnum, value)
    writer.finish(len(values))
    out.close()
    data = storage.open_file("c").read()
    blob, lengths = whoosh_columns._var_bytes(data, len(values))
    expected = list(column.reader(storage.open_file("c"), 0, len(data), len(values)))
    ends = np.cumsum(lengths).tolist()
    got = [blob[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    assert got == expected == values


def test_ids_of_any_length_and_script_equal_the_public_api() -> None:
    schema = make_schema()
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for key in ["b", "", "Trường-1", "a" * 40, "đ"]:
            fields = document_fields(Article(f"{key}.txt", "Tin", "thi đua"))
            writer.add_document(**{**fields, ID_FIELD: key})
    with ix.searcher() as s:
        public = s.reader()
        got = whoosh_columns.string_column(public, ID_FIELD).tolist()
        assert got == list(public.column_reader(ID_FIELD)) == ["b", "", "Trường-1", "a" * 40, "đ"]


@pytest.mark.parametrize(
    "ids",
    [
        ["0123456789abcdef", "0123456789abcdea", "0123456789abcdef", "00", "", "01234567"],
        ["b", "a", "b", "ab", "a" * 20, "a" * 19 + "b"],
        ["Trường", "Truong", "đ", "d", "Trường"],  # code points above one byte
        [],
    ],
)
def test_id_order_is_a_stable_sort_by_id(ids: list[str]) -> None:
    expected = sorted(range(len(ids)), key=ids.__getitem__)
    assert doc_orders.id_order(np.array(ids, dtype=np.str_)).tolist() == expected
    assert doc_orders.id_order(ids).tolist() == expected


@pytest.mark.parametrize(
    "dates",
    [[20200102, 0, 20200102, 99999999, 0], [-(2**61), 2**61, 0, 2**61], [7]],
)
def test_date_order_sorts_by_date_then_id_rank(dates: list[int]) -> None:
    id_rank = np.array(list(range(len(dates)))[::-1], dtype=np.int64)
    expected = sorted(range(len(dates)), key=lambda d: (dates[d], id_rank[d]))
    got = doc_orders.date_order(np.array(dates, dtype=np.int64), id_rank)
    assert got.tolist() == expected


def test_an_empty_index_has_empty_columns() -> None:
    ix = RamStorage().create_index(make_schema())
    with ix.searcher() as searcher:
        reader = WhooshReader(searcher)
        columns = matching.Columns(reader, reader.column(ID_FIELD))
        assert reader.doc_count == len(columns.id_rank) == len(columns.newest_rank) == 0
        assert list(reader.column(PUBLISHED)) == list(reader.live_docs()) == []
        assert list(reader.facet_values("units")) == []


@pytest.mark.parametrize(
    ("field", "values"),
    [
        (NUMERIC(int, bits=32, signed=True, sortable=True), [5, -3, 0, 2**31 - 2, None]),
        (NUMERIC(int, bits=32, signed=False, sortable=True), [5, 0, 2**32 - 2, None]),
        (NUMERIC(int, bits=64, signed=True, sortable=True), [5, -(2**62), 2**62, None]),
        (NUMERIC(int, bits=16, signed=True, sortable=True), [-(2**15), 2**15 - 2, None]),
    ],
)
def test_integer_columns_of_any_width_equal_the_public_api(field, values: list) -> None:  # type: ignore[no-untyped-def]
    ix = RamStorage().create_index(Schema(n=field, key=ID(stored=True)))
    with ix.writer() as writer:
        for i, value in enumerate(values):
            writer.add_document(key=str(i), **({} if value is None else {"n": value}))
    with ix.searcher() as searcher:
        public = searcher.reader()
        assert whoosh_columns.numeric_column(public, "n").tolist() == list(
            public.column_reader("n")
        )
