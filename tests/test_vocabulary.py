"""The build's syllable vocabulary finds the same neighbours as Whoosh's own term search, from
its mapped deletion index as from one computed in memory (old, damaged or mismatched files)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from indexer import backfill, deletion_keys, generations, vocabulary, vocabulary_index
from indexer.schema import TEXT_FOLD

SMALL = Counter({"duc": 5, "dung": 9, "duoc": 30, "luc": 50, "du": 2, "nguyen": 7, "nguyet": 3})


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("giao", "giao", 1, 0),
        ("giao", "giaoo", 1, 1),
        ("giao", "gaio", 1, 1),  # a transposition is one edit
        ("nguyen", "nguyne", 2, 1),
        ("truong", "trung", 2, 1),
        ("giao", "duc", 1, 2),  # beyond the limit: limit + 1
    ],
)
def test_distance(a, b, limit, expected):
    assert vocabulary_index.distance(a, b, limit) == expected


def _built(counts: Counter[str]) -> vocabulary_index.DeletionIndex:
    words = sorted(counts)
    return vocabulary_index.build(words, [counts[w] for w in words])


def test_similar_is_most_frequent_first_and_keeps_the_prefix():
    vocab = _built(SMALL)
    assert list(vocab.similar("ducc", 1, 1)) == ["duoc", "duc"]
    assert list(vocab.similar("dugn", 1, 1)) == ["dung"]  # a transposition
    assert "luc" not in vocab.similar("duc", 1, 1)  # first letter differs
    assert list(vocab.similar("duc", 1, 0)) == ["luc", "duoc", "du"]
    assert list(vocab.similar("nguyne", 2, 1)) == ["nguyen", "nguyet"]  # two edits from 6
    assert [vocab.frequency(w) for w in ["duoc", "du", "duo", "x", ""]] == [30, 2, 0, 0, 0]


ANSWERS = [("ducc", 1, 1), ("dugn", 1, 1), ("duc", 1, 0), ("nguyne", 2, 1), ("lu", 1, 0)]


def _answers(vocab: vocabulary_index.DeletionIndex | None) -> list[list[str]]:
    assert vocab is not None
    return [list(vocab.similar(*args)) for args in ANSWERS] + [
        [str(vocab.frequency(w)) for w in SMALL]
    ]


def test_the_mapped_index_answers_as_one_built_in_memory(tmp_path):
    vocabulary.write(tmp_path, SMALL)
    table = (tmp_path / vocabulary.VOCABULARY_FILE).read_bytes()
    mapped = vocabulary_index.open_mapped(tmp_path, table)
    assert mapped is not None  # the build's file is used, not recomputed
    assert _answers(mapped) == _answers(_built(SMALL))
    assert vocabulary.read(tmp_path) == SMALL


def _truncate(folder: Path) -> None:
    path = folder / vocabulary_index.INDEX_FILE
    path.write_bytes(path.read_bytes()[:-8])


def _garble_header(folder: Path) -> None:
    path = folder / vocabulary_index.INDEX_FILE
    path.write_bytes(b"X" + path.read_bytes()[1:])


def _same_size_new_counts(folder: Path) -> None:
    # An older build rewrote the table only (the index is a hard link of the previous one's):
    # same size, other counts.
    table = folder / vocabulary.VOCABULARY_FILE
    table.write_bytes(table.read_bytes().replace(b"luc\t50", b"luc\t10"))


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (lambda folder: (folder / vocabulary_index.INDEX_FILE).unlink(), SMALL),  # old index
        (lambda folder: (folder / vocabulary_index.INDEX_FILE).write_bytes(b""), SMALL),
        (_truncate, SMALL),
        (_garble_header, SMALL),
        (_same_size_new_counts, Counter({**SMALL, "luc": 10})),
    ],
)
def test_without_a_valid_index_file_the_table_decides(tmp_path, spoil, expected):
    vocabulary.write(tmp_path, SMALL)
    spoil(tmp_path)
    table = (tmp_path / vocabulary.VOCABULARY_FILE).read_bytes()
    assert vocabulary_index.open_mapped(tmp_path, table) is None
    assert _answers(vocabulary.open_vocabulary(tmp_path)) == _answers(_built(expected))


def test_no_table_no_vocabulary(tmp_path):
    assert vocabulary.open_vocabulary(tmp_path) is None
    assert vocabulary.read(tmp_path) is None


def test_hash_clashes_add_candidates_never_answers(tmp_path, monkeypatch):
    """Keys sharing a hash only add candidates, which the edit distance then rejects: with the
    mixing constant 0 every key hashes to 0."""
    monkeypatch.setattr(deletion_keys, "MIX", 0)
    assert _answers(_built(SMALL)) == [
        ["duoc", "duc"],
        ["dung"],
        ["luc", "duoc", "du"],
        ["nguyen", "nguyet"],
        ["luc", "du"],
        ["5", "9", "30", "50", "2", "7", "3"],
    ]


def test_a_new_table_never_writes_into_the_previous_generations_files(tmp_path):
    """A generation starts as hard links of the previous one's files; writing its vocabulary
    replaces the names and leaves the linked files (still the old generation's) alone."""
    old, new = tmp_path / "gen-1", tmp_path / "gen-2"
    old.mkdir()
    new.mkdir()
    vocabulary.write(old, SMALL)
    for name in (vocabulary.VOCABULARY_FILE, vocabulary_index.INDEX_FILE):
        (new / name).hardlink_to(old / name)
    before = {p.name: p.read_bytes() for p in old.iterdir()}
    vocabulary.write(new, SMALL + Counter({"duc": 1, "dao": 4}))
    assert {p.name: p.read_bytes() for p in old.iterdir()} == before
    assert _answers(vocabulary.open_vocabulary(old)) == _answers(_built(SMALL))
    table = (new / vocabulary.VOCABULARY_FILE).read_bytes()
    assert vocabulary_index.open_mapped(new, table) is not None
    assert vocabulary.open_vocabulary(new).frequency("duc") == 6  # type: ignore[union-attr]


def test_built_index_vocabulary_agrees_with_whoosh(built_index: Path):
    """Every syllable Whoosh's automaton finds near a typo, the vocabulary finds too."""
    opened = generations.open_current(built_index)
    folder = opened.realpath
    counts = vocabulary.read(Path(folder))
    assert counts and all(vocabulary.is_syllable(t) for t in counts)
    vocab = vocabulary.open_vocabulary(Path(folder))
    assert vocab is not None
    with opened.index.reader() as reader:
        for typo in ["giaoo", "truongg", "thii", "nguyenn", "huann", "chuongg"]:
            maxdist = 2 if len(typo) >= 7 else 1
            whoosh = {
                w
                for leaf, _ in reader.leaf_readers()
                for w in leaf.terms_within(TEXT_FOLD, typo, maxdist, prefix=1)
                if w.isalnum() and w != typo
            }
            assert set(vocab.similar(typo, maxdist, 1)) == whoosh, typo
            assert counts[next(iter(sorted(whoosh)))] >= 1


def test_backfill_writes_the_index_of_an_older_generation(tmp_path):
    vocabulary.write(tmp_path, SMALL)
    (tmp_path / vocabulary_index.INDEX_FILE).unlink()
    reported: list[str] = []
    assert backfill._vocabulary_index(tmp_path, reported.append)
    table = (tmp_path / vocabulary.VOCABULARY_FILE).read_bytes()
    assert _answers(vocabulary_index.open_mapped(tmp_path, table)) == _answers(_built(SMALL))
    assert not backfill._vocabulary_index(tmp_path, reported.append)  # valid now: not again
    (tmp_path / "none").mkdir()
    assert not backfill._vocabulary_index(tmp_path / "none", reported.append)
    assert reported == [f"no {vocabulary.VOCABULARY_FILE}: no vocabulary index to write"]


MIXED = ["dao", "đao", "đào", "dáo", "daoo", "ao", "aoo", "ddao", "đ", "nguyen", "nguyễn", "ngueyn"]


@pytest.mark.parametrize("words", [[w for w in MIXED if w.isascii()], MIXED])
@pytest.mark.parametrize(
    ("term", "maxdist", "prefix"),
    [
        ("dao", 1, 1),
        ("dao", 1, 0),
        ("đao", 1, 1),
        ("đa", 1, 0),
        ("nguyne", 2, 1),
        ("ngyễn", 2, 0),
        ("ao", 1, 3),  # a prefix longer than the term
    ],
)
def test_neighbours_are_every_syllable_within_reach(words, term, maxdist, prefix):
    """Against every syllable compared one by one, ASCII or not (the length and prefix tests on
    the arrays must drop nothing the edit distance keeps)."""
    counts = Counter({w: len(w) for w in words})
    expected = sorted(
        (w for w in words if w != term and w[:prefix] == term[:prefix]),
        key=lambda w: (-counts[w], w),
    )
    expected = [w for w in expected if vocabulary_index.distance(w, term, maxdist) <= maxdist]
    assert list(_built(counts).similar(term, maxdist, prefix)) == expected


@pytest.mark.parametrize(
    "words",
    [
        ["a", "ab", "aab", "abc", "giao", "nguyen", "truong", "aaaaaa", "nghieng", "x" * 45],
        ["dao", "đào", "nguyễn", "ab", "ααα"],  # not ASCII: the per-string path
        [],
    ],
)
def test_numpy_keys_are_the_per_string_keys(words):
    hashes, ids = deletion_keys.filed_pairs(words)
    expected = sorted(
        {(deletion_keys.key_hash(k), i) for i, w in enumerate(words) for k in deletion_keys.keys(w)}
    )
    assert list(zip(hashes.tolist(), ids.tolist(), strict=True)) == expected


def test_an_incremental_build_writes_its_own_mapped_index(tmp_path):
    """The new generation starts as hard links of the previous one's files: its vocabulary and
    index are written anew, match each other, and the previous generation's still match."""
    from tests.test_build import article_text, run

    archive, root = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    for i in range(4):
        (archive / f"{i}.txt").write_text(article_text(i), encoding="utf-8")
    run(archive, root)
    (archive / "0.txt").write_text(article_text(100) + "nguyenx qqzz\n", encoding="utf-8")
    (archive / "1.txt").unlink()
    run(archive, root)
    folders = [Path(p) for p in sorted(str(g) for g in generations.generation_dirs(root))]
    assert len(folders) == 2
    for folder in folders:
        table = (folder / vocabulary.VOCABULARY_FILE).read_bytes()
        mapped = vocabulary_index.open_mapped(folder, table)
        counts = vocabulary.read(folder)
        assert mapped is not None and counts is not None
        assert [mapped.frequency(w) for w in counts] == list(counts.values())
    new = vocabulary.read(folders[1])
    assert new is not None and new["qqzz"] == 1 and "qqzz" not in vocabulary.read(folders[0])  # type: ignore[operator]


def test_an_empty_vocabulary_maps_and_finds_nothing(tmp_path):
    vocabulary.write(tmp_path, Counter())
    table = (tmp_path / vocabulary.VOCABULARY_FILE).read_bytes()
    mapped = vocabulary_index.open_mapped(tmp_path, table)
    assert mapped is not None and len(mapped) == 0
    assert list(mapped.similar("giao", 1, 1)) == [] and mapped.frequency("giao") == 0


def _suggestions(index_root: Path, typos: list[str]) -> list[str | None]:
    from searchsvc.engine.request import SearchRequest
    from searchsvc.engine.service import IndexView, search

    view = IndexView(generations.open_current(index_root))
    try:
        return [search(view, SearchRequest(q=q)).suggestion for q in typos]
    finally:
        view.close()


def test_an_index_built_before_the_file_suggests_the_same(built_index: Path, tmp_path):
    """The project's archive built, then copied without ``vocabulary.index`` (an index built
    before it existed): the same suggestions, from the table's index computed in memory."""
    import shutil

    copy = tmp_path / "index"
    shutil.copytree(built_index, copy, symlinks=True)
    (Path(str(generations.current_realpath(copy))) / vocabulary_index.INDEX_FILE).unlink()
    typos = ["giao ducc", "truongg hoc", "thii dua", "nguyenn", "huan chuongg lao dong", "xyzq"]
    expected = _suggestions(built_index, typos)
    assert sum(s is not None for s in expected) >= 4  # the typos are corrected
    assert _suggestions(copy, typos) == expected
