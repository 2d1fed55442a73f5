"""An incremental build's vocabulary index, derived from the previous generation's, is the file a
from-scratch build writes for the same counts, byte for byte."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import deletion_keys, vocabulary, vocabulary_index, vocabulary_update

FILES = (vocabulary.VOCABULARY_FILE, vocabulary_index.INDEX_FILE)

# Letters of folded syllables, Vietnamese letters of the exact forms, and one from another
# script: a vocabulary mixes ASCII and not, short and LONG syllables.
LETTERS = "abcdghnotuy019đưễàΩ"
SYLLABLES = st.text(alphabet=LETTERS, min_size=1, max_size=14) | st.text(
    alphabet="ang", min_size=40, max_size=45
)
VOCABULARIES = st.dictionaries(SYLLABLES, st.integers(min_value=1, max_value=10**6), max_size=40)


def _files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def _mapped(folder: Path) -> vocabulary_index.DeletionIndex | None:
    return vocabulary_index.open_mapped(folder, (folder / vocabulary.VOCABULARY_FILE).read_bytes())


def _from_scratch(folder: Path, counts: Counter[str]) -> dict[str, bytes]:
    folder.mkdir()
    vocabulary.write(folder, counts)
    return _files(folder)


def _incremental(root: Path, before: Counter[str], after: Counter[str]) -> dict[str, bytes]:
    """``after`` written where the previous generation's files (``before``'s) are hard-linked,
    as an incremental build's generation starts."""
    old, new = root / "old", root / "new"
    old.mkdir()
    new.mkdir()
    vocabulary.write(old, before)
    for name in FILES:
        (new / name).hardlink_to(old / name)
    assert _mapped(new) is not None  # the incremental path is the one taken
    written_before = _files(old)
    vocabulary.write(new, after)
    assert _files(old) == written_before  # the previous generation's files are left alone
    return _files(new)


def _changed(before: dict[str, int], removed: set[str], added: dict[str, int], bump: int):  # type: ignore[no-untyped-def]
    after = Counter({w: c for w, c in before.items() if w not in removed})
    for i, word in enumerate(sorted(after)):
        if i % 3 == 0:
            after[word] += bump  # many counts change
    after.update(added)
    return +after  # a count of 0 or less leaves the vocabulary, as in vocabulary_change


@settings(max_examples=150, deadline=None)
@given(
    before=VOCABULARIES,
    added=VOCABULARIES,
    removing=st.data(),
    bump=st.integers(min_value=-3, max_value=3),
)
def test_derived_index_is_the_from_scratch_file(before, added, removing, bump):
    removed = removing.draw(st.sets(st.sampled_from(sorted(before)))) if before else set()
    after = _changed(before, removed, added, bump)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        expected = _from_scratch(root / "scratch", after)
        assert _incremental(root, Counter(before), after) == expected


LONG = "nghieng" * 6  # 42 letters: filed under every two-deletion string
CASES = [
    # (before, after)
    ({"duc": 5, "dung": 9}, {"duc": 6, "dung": 1}),  # counts only
    ({"duc": 5, "dung": 9}, {"an": 1, "duc": 5, "dung": 9, "zz": 2}),  # added at both ends
    ({"duc": 5, "dung": 9, "luc": 1}, {"dung": 9}),  # removed around a kept one
    ({"duc": 5, "dung": 9}, {}),  # everything removed
    ({}, {"duc": 5, LONG: 2}),  # from an empty vocabulary
    ({"duc": 5}, {"duc": 5, "đức": 3, "ααα": 1}),  # not ASCII any more
    ({"duc": 5, "đức": 3}, {"duc": 5}),  # ASCII again
    ({"duc": 5, LONG: 2}, {"duc": 5, LONG + "x": 2, LONG[:-1]: 4}),  # long neighbours
    ({"aab": 1, "ab": 2}, {"aab": 1, "aaab": 7, "ab": 2, "b": 1}),  # shared keys
]


@pytest.mark.parametrize(("before", "after"), CASES)
def test_each_kind_of_change_writes_the_from_scratch_file(tmp_path, before, after):
    expected = _from_scratch(tmp_path / "scratch", Counter(after))
    assert _incremental(tmp_path, Counter(before), Counter(after)) == expected


@pytest.mark.parametrize(("before", "after"), CASES)
def test_every_key_clashing_still_writes_the_from_scratch_file(
    tmp_path, monkeypatch, before, after
):
    """With the mixing constant 0 every key hashes to 0: pairs are then ordered by syllable
    number alone, which the merge must keep."""
    monkeypatch.setattr(deletion_keys, "MIX", 0)
    expected = _from_scratch(tmp_path / "scratch", Counter(after))
    assert _incremental(tmp_path, Counter(before), Counter(after)) == expected


def test_only_the_new_syllables_keys_are_computed(tmp_path, monkeypatch):
    before = Counter({"duc": 5, "dung": 9, "luc": 1, LONG: 3})
    after = Counter({"an": 2, "duc": 7, "dung": 9, LONG: 3, "zz": 1})
    computed: list[list[str]] = []
    filed_pairs = deletion_keys.filed_pairs

    def spy(words):  # type: ignore[no-untyped-def]
        computed.append(list(words))
        return filed_pairs(words)

    old = tmp_path / "old"
    old.mkdir()
    vocabulary.write(old, before)
    monkeypatch.setattr(deletion_keys, "filed_pairs", spy)
    previous = _mapped(old)
    assert previous is not None
    words = sorted(after)
    derived = vocabulary_update.updated(previous, sorted(before), words, [after[w] for w in words])
    assert computed == [["an", "zz"]]
    assert [derived.word(i) for i in range(len(derived))] == words


def test_counts_alone_reuse_the_key_arrays(tmp_path):
    vocabulary.write(tmp_path, Counter({"duc": 5, "dung": 9}))
    previous = _mapped(tmp_path)
    assert previous is not None
    derived = vocabulary_update.updated(previous, ["duc", "dung"], ["duc", "dung"], [1, 2])
    assert derived.key_hashes is previous.key_hashes and derived.key_ids is previous.key_ids
    assert derived.counts.tolist() == [1, 2]


@pytest.mark.parametrize(
    "table",
    [
        b"duc\t5\ndung",  # no count
        b"duc\t5\ndung\t9",  # no final newline
        b"duc\t5\t6\nluc\n",  # two tabs on one line, none on the next
        b"duc\tfive\n",
    ],
)
def test_a_damaged_table_is_an_error_not_counts(table):
    with pytest.raises(ValueError, match=r"syllable|invalid literal"):
        vocabulary._parse(table)


@pytest.mark.parametrize(
    "counts", [Counter(), Counter({"a": 1}), Counter({"đức": 3, "duc": 12, "2024": 7})]
)
def test_the_table_reads_back(tmp_path, counts):
    vocabulary.write(tmp_path, counts)
    assert vocabulary.read(tmp_path) == counts
    words = sorted(counts)
    expected = "".join(f"{w}\t{counts[w]}\n" for w in words).encode()
    assert (tmp_path / vocabulary.VOCABULARY_FILE).read_bytes() == expected


@settings(max_examples=200, deadline=None)
@given(
    old=st.sets(SYLLABLES, max_size=60),
    new=st.sets(SYLLABLES, max_size=60),
    common=st.sets(SYLLABLES, max_size=300),
)
def test_the_syllables_that_came_and_went_are_the_sets_differences(old, new, common):
    """Long shared runs (``common``) and differences anywhere, against the sets' answer."""
    before, after = sorted(old | common), sorted(new | common)
    expected = (
        [i for i, w in enumerate(before) if w not in set(after)],
        [i for i, w in enumerate(after) if w not in set(before)],
    )
    assert vocabulary_update._differences(before, after, len(before) + len(after)) == expected


def test_a_change_of_most_of_the_vocabulary_is_built_from_scratch(tmp_path, monkeypatch):
    """Beyond ``MOST_CHANGED`` (and ``FEW_CHANGES``) finding the changes costs more than it
    saves: the index is built from scratch, with the same bytes."""
    before = Counter({f"a{i}": 1 + i % 7 for i in range(1500)})
    after = Counter({f"b{i}": 2 + i % 5 for i in range(1500)})
    expected = _from_scratch(tmp_path / "scratch", after)
    computed: list[int] = []
    filed_pairs = deletion_keys.filed_pairs

    def spy(words):  # type: ignore[no-untyped-def]
        computed.append(len(words))
        return filed_pairs(words)

    monkeypatch.setattr(deletion_keys, "filed_pairs", spy)
    assert _incremental(tmp_path, before, after) == expected
    assert computed == [1500, 1500]  # the previous generation's, then this one's, whole


@pytest.mark.parametrize("index", ["valid", "stale", "missing"])
def test_read_counts_are_the_tables(tmp_path, index):
    """Read from the mapped index when it is the table's, else parsed from the table."""
    vocabulary.write(tmp_path, Counter({"duc": 5, "đức": 3, "luc": 50}))
    table = tmp_path / vocabulary.VOCABULARY_FILE
    if index == "stale":  # the table rewritten without its index (same size, other counts)
        table.write_bytes(table.read_bytes().replace(b"luc\t50", b"luc\t10"))
    if index == "missing":
        (tmp_path / vocabulary_index.INDEX_FILE).unlink()
    expected = Counter({"duc": 5, "đức": 3, "luc": 10 if index == "stale" else 50})
    assert vocabulary.read(tmp_path) == expected
