"""Dense postings sidecars (indexer.dense_postings) give exactly Whoosh's postings.

Every term of the searched fields is read three ways: with the sidecars the build wrote, from
Whoosh's blocks alone (the same index without sidecars), and through Whoosh's public API; all
three must agree, deletions and several segments included. A damaged, truncated or mismatched
sidecar is ignored (Whoosh's blocks answer), a merged-away segment takes its sidecar with it,
and the backfill (``indexer.backfill``) writes the same bytes as the build, again over a
damaged sidecar.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from indexer import backfill
from indexer import dense_postings as dp
from indexer.article import Article
from indexer.generations import copy_generation
from indexer.schema import ID_FIELD, doc_id, document_fields, make_schema
from indexer.segment_writer import SegmentBuilder
from searchsvc.engine.whoosh_postings import read_postings

# A few common syllables (in most documents: bitmaps), a middle band, one marker in every 36th
# document (34 of 1,200: a uint32 list is smaller than the bitmap) and rare ones (below
# MIN_POSTINGS: Whoosh only).
COMMON = ["học", "sinh", "giáo", "dục"]
MIDDLE = ["thi", "đua", "khen", "thưởng", "Thái", "Nguyên", "trường", "năm"]
RARE = [f"từ{i}" for i in range(100)]
SEGMENTS, DOCS = 2, 1200  # two segments of 1,200 documents
MARKER, MARKER_EVERY = "mốc", 36


def _body(rnd: random.Random, i: int) -> str:
    words = [rnd.choice(COMMON) for _ in range(rnd.randint(1, 6))]
    words += [MARKER] if i % MARKER_EVERY == 0 else []
    words += [rnd.choice(MIDDLE) for _ in range(rnd.randint(0, 2))]
    words += [rnd.choice(RARE) for _ in range(rnd.randint(0, 1))]
    rnd.shuffle(words)
    return " ".join(words)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of three segments written by ``SegmentBuilder`` (with sidecars), some deleted."""
    rnd = random.Random(7)
    folder: Path = tmp_path_factory.mktemp("dense")
    ix = whoosh_index.create_in(str(folder), make_schema())
    for segment in range(SEGMENTS):
        builder = SegmentBuilder(ix.storage, ix.schema)
        for i in range(DOCS):
            title = f"Tin {rnd.choice(COMMON)} {i}"
            builder.add_document(
                document_fields(Article(f"{segment}/{i}.txt", title, _body(rnd, i)))
            )
        new = builder.finish()
        ix.writer().commit(mergetype=lambda w, old, new=new: [*old, new])
    writer = ix.writer()
    for i in range(0, DOCS, 5):
        writer.delete_by_term(ID_FIELD, doc_id(f"1/{i}.txt"))
    writer.commit(merge=False)
    ix.close()
    return folder


def _copy(src: Path, dst: Path, sidecars: bool = True) -> Path:
    shutil.copytree(src, dst, ignore=None if sidecars else shutil.ignore_patterns("*.dps"))
    return dst


def _public(searcher, field: str, term: str) -> list[tuple[int, float]]:  # type: ignore[no-untyped-def]
    out = []
    for sub, offset in searcher.leaf_searchers():
        if (field, term) in sub.reader():
            for docnum, weight in sub.reader().postings(field, term).items_as("weight"):
                out.append((docnum + offset, weight))
    return out


Read = dict[tuple[str, str], list[tuple[int, float]]]


def _all_postings(folder: Path, only: Read | None = None, public: bool = False) -> Read:
    """Every term of the sidecars' fields as ``read_postings`` gives it (those of ``only``
    when given), checked against Whoosh's public API with ``public``."""
    ix = whoosh_index.open_dir(str(folder))
    with ix.searcher() as searcher:
        out = {}
        for field in dp.FIELDS:
            for term in (
                only and [t for f, t in only if f == field]
            ) or searcher.reader().field_terms(field):
                got = read_postings(searcher, field, term)
                out[field, term] = list(zip(got.docs.tolist(), got.weights.tolist(), strict=True))
                if public:
                    assert out[field, term] == _public(searcher, field, term), (field, term)
    ix.close()
    return out


@pytest.fixture(scope="module")
def reference(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Read:
    """Every term's postings from Whoosh's blocks alone (the index without its sidecars),
    checked against Whoosh's public API."""
    plain = _copy(built, tmp_path_factory.mktemp("plain") / "index", sidecars=False)
    assert not _sidecars(plain)
    return _all_postings(plain, public=True)


@pytest.fixture(scope="module")
def held(built: Path, reference: Read) -> Read:
    """The reference postings of the terms some sidecar holds (what damage could change)."""
    ix = whoosh_index.open_dir(str(built))
    with ix.reader() as reader:
        sides = [
            dp.open_segment(built, leaf.segment().segment_id(), leaf.doc_count_all())
            for leaf, _ in reader.leaf_readers()
        ]
    ix.close()
    return {
        (f, t): v
        for (f, t), v in reference.items()
        if any(side is not None and side.lookup(f, t) is not None for side in sides)
    }


def _sidecars(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"MAIN_*.{dp.SUFFIX}"))


def test_every_term_reads_the_same_with_and_without_sidecars(
    built: Path, reference: Read, held: Read
) -> None:
    assert len(_sidecars(built)) == SEGMENTS
    assert _all_postings(built, public=True) == reference
    assert 20 < len(held) < len(reference) / 2
    # The comparison covered terms read from the sidecars (bitmaps and lists) and from Whoosh.
    ix = whoosh_index.open_dir(str(built))
    with ix.reader() as reader:
        leaf, _ = reader.leaf_readers()[0]
        side = dp.open_segment(built, leaf.segment().segment_id(), leaf.doc_count_all())
        assert side is not None
        kinds = {int(k) for k in side.entries["dkind"]}
        assert kinds == {dp.DOCS_BITMAP, dp.DOCS_LIST}
        assert side.lookup("text_fold", "hoc") is not None
        assert side.lookup("text_fold", "moc") is not None
        assert side.lookup("text_fold", "tu1") is None  # rare: Whoosh's blocks
    ix.close()


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-3])


def _bad_magic(path: Path) -> None:
    path.write_bytes(b"XXXX" + path.read_bytes()[4:])


def _other_segment(path: Path) -> None:  # a valid sidecar for a segment of another size
    path.write_bytes(dp.encode(DOCS + 1, [("text_fold", b"hoc", np.arange(40), np.ones(40))]))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _entries(data: bytearray) -> np.ndarray:
    count = dp.HEADER.unpack_from(data, 0)[3]
    return np.frombuffer(data, dp.ENTRY, count, dp.HEADER.size + 8 * count)


def _records_outside(path: Path) -> None:
    data = bytearray(path.read_bytes())
    _entries(data)["offset"][:] = len(data)  # frombuffer over a bytearray: a writable view
    path.write_bytes(bytes(data))


def _records_flipped(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset, keylen in zip(_entries(data)["offset"], _entries(data)["keylen"], strict=True):
        data[int(offset) + keylen + 9] ^= 0xFF  # a byte of each record's documents
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "at_open"),
    [
        (_truncate, True),
        (_bad_magic, True),
        (_other_segment, True),
        (_empty, True),
        (_records_outside, False),
        (_records_flipped, False),
    ],
)
def test_a_damaged_sidecar_is_ignored(
    built: Path, held: Read, tmp_path: Path, damage, at_open
) -> None:  # type: ignore[no-untyped-def]
    damaged = _copy(built, tmp_path / "damaged")
    for path in _sidecars(damaged):
        damage(path)
    ix = whoosh_index.open_dir(str(damaged))
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            segment_id = leaf.segment().segment_id()
            side = dp.open_segment(damaged, segment_id, leaf.doc_count_all())
            assert (side is None) == at_open
            if side is not None:  # found out when a record is read
                with pytest.raises(dp.DenseError):
                    side.lookup("text_fold", "hoc")
    ix.close()
    assert _all_postings(damaged, held) == held


def test_backfill_writes_what_the_build_wrote(built: Path, tmp_path: Path) -> None:
    plain = _copy(built, tmp_path / "plain", sidecars=False)
    written, _ = backfill.backfill(plain, report=lambda line: None)
    assert sorted(written) == [p.name for p in _sidecars(built)]
    assert [p.read_bytes() for p in _sidecars(plain)] == [p.read_bytes() for p in _sidecars(built)]
    assert backfill.backfill(plain, report=lambda line: None)[0] == []  # nothing left to do


@pytest.mark.parametrize(
    "damage",
    [_truncate, _bad_magic, _other_segment, _empty, _records_outside, _records_flipped],
)
def test_backfill_writes_a_damaged_sidecar_again(built: Path, tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    """Damage found at open and damage only a record's read finds (its CRC) alike."""
    copy = _copy(built, tmp_path / "copy")
    victim, sound = _sidecars(copy)[:2]
    damage(victim)
    before = sound.stat().st_ino
    assert backfill.backfill(copy, report=lambda line: None)[0] == [victim.name]
    assert [p.read_bytes() for p in _sidecars(copy)] == [p.read_bytes() for p in _sidecars(built)]
    assert sound.stat().st_ino == before  # a sound file is left as it was


def test_a_merged_away_segment_takes_its_sidecar_along(
    built: Path, held: Read, tmp_path: Path
) -> None:
    merged = _copy(built, tmp_path / "merged")
    ix = whoosh_index.open_dir(str(merged))
    ix.writer().commit(optimize=True)  # Whoosh's own writer merges the three into one
    ix.close()
    assert not _sidecars(merged)  # cleaned with their segments (TOC._clean_files)
    assert not list(merged.glob("*.tmp"))
    # The merged segment (deleted documents dropped, so numbered anew) is read from its blocks.
    assert _all_postings(merged, held, public=True).keys() == held.keys()


def test_a_new_generation_carries_the_sidecars(built: Path, held: Read, tmp_path: Path) -> None:
    target = tmp_path / "gen-2"
    target.mkdir()
    copy_generation(built, target)
    assert [p.name for p in _sidecars(target)] == [p.name for p in _sidecars(built)]
    assert _all_postings(target, held) == held


@pytest.mark.parametrize(
    ("doc_count", "docs", "weights", "dkind", "wkind"),
    [
        (100, range(0, 100, 2), [1.0] * 50, dp.DOCS_BITMAP, dp.WEIGHTS_ONES),
        (10_000, range(0, 10_000, 250), [3.0] * 40, dp.DOCS_LIST, dp.WEIGHTS_U8),
        (64, range(64), [float(i * 1000) for i in range(64)], dp.DOCS_BITMAP, dp.WEIGHTS_U16),
        (64, range(64), [1.5] * 64, dp.DOCS_BITMAP, dp.WEIGHTS_F32),
        (64, range(64), [70000.0] * 64, dp.DOCS_BITMAP, dp.WEIGHTS_F32),
        (9, range(9), [1.0] * 9, None, None),  # below MIN_POSTINGS: not held
    ],
)
def test_encode_round_trip(doc_count, docs, weights, dkind, wkind) -> None:  # type: ignore[no-untyped-def]
    docs, weights = np.array(list(docs)), np.array(weights, dtype=np.float32)
    data = dp.encode(doc_count, [("text_fold", "tắt".encode(), docs, weights)])
    side = dp.DenseSegment.parse(data, doc_count)
    found = side.lookup("text_fold", "tắt")
    assert side.lookup("title_fold", "tắt") is None and side.lookup("text_fold", "x" * 99) is None
    if dkind is None:
        assert found is None and len(side) == 0
        return
    assert found is not None
    assert (side.entries["dkind"][0], side.entries["wkind"][0]) == (dkind, wkind)
    assert found[0].tolist() == docs.tolist() and found[1].tolist() == weights.tolist()


def test_the_build_writes_a_sidecar_for_every_segment(built_index: Path) -> None:
    """The real build (``build_index`` over the project's archive) hooks the writer in."""
    folder = Path(os.path.realpath(built_index / "current"))
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        sides = [
            dp.open_segment(folder, leaf.segment().segment_id(), leaf.doc_count_all())
            for leaf in leaves
        ]
    ix.close()
    assert leaves and all(side is not None for side in sides)
    names = {dp.file_name(leaf.segment().segment_id()) for leaf in leaves}
    assert {p.name for p in _sidecars(folder)} == names  # none left of merged-away segments
