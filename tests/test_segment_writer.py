"""Bulk segments (indexer.segment_writer + indexer.analysed) read exactly like Whoosh's own.

The same documents are written once by Whoosh's ``IndexWriter`` and once by ``SegmentBuilder``
with the one-pass analysis into columns (and once without, each field running its own analyzer);
every term of every field must have the same postings (ids, weights,
encoded values), the same term statistics, and every document the same stored fields, field
lengths and column values, read through Whoosh's public reader API. More than ``BLOCK_LIMIT``
documents share the common syllables, so multi-block posting lists are covered.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from indexer.article import Article
from indexer.posting_blocks import BLOCK_LIMIT
from indexer.schema import TEXT_EXACT, TEXT_FOLD, TITLE_FOLD, document_fields, make_schema
from indexer.segment_writer import SegmentBuilder
from indexer.vocabulary import is_syllable

SYLLABLE_TEXT = (
    "giáo dục đào tạo học sinh trường thi đua khen thưởng năm tỉnh huyện sở phòng Thái Nguyên "
    "hòa hoà thủy thuỷ Đường đường Dương GD&ĐT GDĐT THCS UBND Bằng khen Huân chương Lao động "
    "2019 2018-2019 COVID"
)
SYLLABLES = SYLLABLE_TEXT.split()
DOCS = BLOCK_LIMIT + 72


def make_article(i: int) -> Article:
    rng = random.Random(i)
    words = [rng.choice(SYLLABLES) for _ in range(rng.randint(0 if i == 5 else 20, 160))]
    body = " ".join(words)
    if i % 7 == 0:  # decomposed input, as some real pages are
        body = unicodedata.normalize("NFD", body) + " giáo dục và đào tạo"
    if i == 3:  # one document repeats a word of its own: a single posting with a long value
        body += " Ngữ" * 80
    published = dt.date(2000 + i % 20, 1 + i % 12, 1) if i % 3 else None
    units = ("Sở GD&ĐT Thái Nguyên",) if i % 4 == 0 else ()
    return Article(
        path=f"d/{i:03d}.txt",
        title=f"Tin số {i}: " + " ".join(words[:6]),
        body=body,
        published=published,
        year=published.year if published else None,
        units=units,
    )


def documents() -> list[dict]:
    awards = [{"award": "bang_khen"}]
    return [document_fields(make_article(i), awards if i % 5 == 0 else [], ()) for i in range(DOCS)]


def snapshot(directory: Path) -> dict:
    """Everything a reader sees: postings and term stats per term, per-document data."""
    ix = whoosh_index.open_dir(str(directory))
    out: dict = {"terms": {}, "docs": []}
    with ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            stats += (info.max_weight(), info.min_id(), info.max_id())
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            out["terms"][(fieldname, text)] = (stats, postings)
        for docnum in range(reader.doc_count_all()):
            lengths = {f: reader.doc_field_length(docnum, f) for f in ix.schema.scorable_names()}
            out["docs"].append((reader.stored_fields(docnum), lengths))
        for name in ("id", "published", "oldest_key"):
            column = reader.column_reader(name)
            out[name] = [column[d] for d in range(reader.doc_count_all())]
    ix.close()
    return out


def bulk_segment(
    directory: Path, columns: bool = True, docs: list[dict] | None = None
) -> SegmentBuilder:
    """``docs`` (``documents()``) written by ``SegmentBuilder`` as the one segment of an index."""
    ix = whoosh_index.create_in(str(directory), make_schema())
    builder = SegmentBuilder(ix.storage, ix.schema, columns=columns)
    for fields in documents() if docs is None else docs:
        builder.add_document(fields)
    segment = builder.finish()
    writer = ix.writer()
    writer.commit(mergetype=lambda w, segments: [*segments, segment])
    return builder


@pytest.fixture(scope="module", params=["one-pass-analysis", "whoosh-analyzers"])
def two_indexes(request, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Whoosh's writer, and ``SegmentBuilder`` with the one-pass analysis's columns or, for
    ``whoosh-analyzers``, without (it then runs the fields' own analyzers)."""
    theirs, mine = tmp_path_factory.mktemp("whoosh"), tmp_path_factory.mktemp("bulk")
    ix = whoosh_index.create_in(str(theirs), make_schema())
    with ix.writer() as writer:
        for fields in documents():
            writer.add_document(**fields)
    bulk_segment(mine, columns=request.param == "one-pass-analysis")
    return theirs, mine


def test_bulk_segment_reads_exactly_like_whooshs_own(two_indexes):
    theirs, mine = (snapshot(d) for d in two_indexes)
    assert theirs["terms"].keys() == mine["terms"].keys()
    assert theirs == mine
    multi_block = [k for k, (stats, _) in mine["terms"].items() if stats[1] > BLOCK_LIMIT]
    assert multi_block  # the comparison covered posting lists of several blocks
    single = [k for k, (stats, _) in mine["terms"].items() if stats[1] == 1]
    assert (TEXT_FOLD, b"ngu") in single and len(single) > 100  # long and short values


@pytest.mark.parametrize(
    "query",
    [
        wq.And([wq.Term(TEXT_FOLD, "giao"), wq.Term(TEXT_FOLD, "duc")]),
        wq.Phrase(TEXT_FOLD, ["thai", "nguyen"]),  # positions
        wq.Term(TEXT_EXACT, "hòa"),
        wq.Or([wq.Term(TITLE_FOLD, "tin"), wq.Term(TEXT_FOLD, "§giaoducvadaotao")]),
    ],
    ids=["and", "phrase", "exact", "or-concept"],
)
def test_whooshs_own_searcher_finds_the_same_documents(two_indexes, query):
    results = []
    for directory in two_indexes:
        ix = whoosh_index.open_dir(str(directory))
        with ix.searcher() as searcher:
            hits = searcher.search(query, limit=50)
            results.append([(h["id"], round(h.score, 6)) for h in hits])
        ix.close()
    assert results[0] == results[1] and results[0]


def edge_documents() -> list[dict]:
    """Documents at the edges of the encodings: a value of 256+ bytes, positions and document
    numbers past 65,535 (pickle's 4-byte ints), empty fields, a title without a body."""
    long_body = " ".join(SYLLABLES[i % len(SYLLABLES)] for i in range(70_000))
    articles = [
        Article(path="e/0.txt", title="", body=""),
        Article(path="e/1.txt", title="Chỉ có tiêu đề Thái Nguyên", body=""),
        Article(path="e/2.txt", title="Lặp", body="học sinh " + "giỏi " * 300),
        Article(path="e/3.txt", title="Dài", body=long_body),
        Article(path="e/4.txt", title="", body="GD&ĐT Thái Nguyên"),
    ]
    return [document_fields(article) for article in articles]


def test_edge_documents_read_exactly_like_whooshs_own(tmp_path):
    theirs, mine = tmp_path / "whoosh", tmp_path / "bulk"
    theirs.mkdir()
    mine.mkdir()
    ix = whoosh_index.create_in(str(theirs), make_schema())
    with ix.writer() as writer:
        for fields in edge_documents():
            writer.add_document(**fields)
    bulk_segment(mine, docs=edge_documents())
    assert snapshot(theirs) == snapshot(mine)


def test_vocabulary_counts_are_the_folded_fields_plain_syllables(tmp_path):
    """The document frequencies ``SegmentBuilder`` hands to ``indexer.vocabulary``: per
    document, the distinct plain (``is_syllable``) terms Whoosh's folded analyzer makes."""
    expected: Counter[str] = Counter()
    for fields in documents():
        terms = {t.decode() for t, *_ in make_schema()[TEXT_FOLD].index(fields[TEXT_FOLD])}
        expected.update(term for term in terms if is_syllable(term))
    assert bulk_segment(tmp_path).syllables == expected


@pytest.mark.parametrize("bulk", [False, True], ids=["row-by-row", "rows-of-a-field"])
@pytest.mark.parametrize("count", [1, 2, 300, 5000, 30000], ids=lambda n: f"{n}-terms")
def test_term_table_is_byte_for_byte_whooshs_own(tmp_path, count, bulk):
    """``TermTable`` (buffered rows, hash tables written whole, a field's rows at once) writes
    the file Whoosh's ``OrderedHashWriter`` writes for the same rows, hash tables and index
    included (30,000 rows put positions past 2**16: the index array's wider type)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.filetables import OrderedHashReader, OrderedHashWriter

    from indexer.term_table import TermTable

    rng = random.Random(count)
    terms = sorted({rng.choice(SYLLABLES).encode() + str(i).encode() for i in range(count)})
    # A row alone, then two fields' rows (``add_rows`` takes values of one size).
    fields = [(b"\x01", terms[: count // 2]), (b"\x02", terms[count // 2 :])]
    values = {
        (p, t): rng.randbytes(35 if bulk else rng.randint(0, 40)) for p, ts in fields for t in ts
    }
    rows = [(b"\x00", b"first")] + [(p + t, values[p, t]) for p, ts in fields for t in ts]
    storage = FileStorage(str(tmp_path))
    for name, writer_class in (("theirs", OrderedHashWriter), ("mine", TermTable)):
        writer = writer_class(storage.create_file(name))
        writer.extras["fieldmap"] = {"text_fold": 0}
        if isinstance(writer, TermTable) and bulk:
            writer.add(*rows[0])
            for prefix, ts in fields:
                writer.add_rows(prefix, ts, b"".join(values[prefix, t] for t in ts), 35)
        else:
            for key, value in rows:
                writer.add(key, value)
        if isinstance(writer, TermTable):
            writer.flush()
        writer.close()
    assert (tmp_path / "mine").read_bytes() == (tmp_path / "theirs").read_bytes()
    reader = OrderedHashReader.open(storage, "mine")
    try:
        assert [reader[key] for key, _ in rows] == [value for _, value in rows]
    finally:
        reader.close()


def test_the_install_steps_warm_up_compiles_what_a_build_runs():
    """``posting_kernels.warm_up`` (run by the Makefile's install step) must compile each kernel
    for the very argument types a segment passes (numba compiles per type, read-only arrays
    included), or every fresh install's first build compiles again in each worker."""
    import subprocess
    import sys

    probe = (
        "import sys, tempfile; sys.path[:0] = ['tests', '.']\n"
        "from pathlib import Path\n"
        "from indexer import posting_kernels as k\n"
        "k.warm_up()\n"
        "import test_segment_writer as t\n"
        "t.bulk_segment(Path(tempfile.mkdtemp()), docs=t.edge_documents())\n"
        "names = ('group_by_term', 'postings_of', 'encode_blocks', 'assemble', 'term_rows',"
        " 'hash_tables')\n"
        "print(sorted({len(getattr(k, name).signatures) for name in names}))\n"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=root)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[1]"
