"""Facet sidecars (indexer.facet_sidecar) give the same facet values as Whoosh's own data.

Three indexes built by the real build: one with a sidecar beside every segment, one built
"before" (sidecars removed), and a mixed one (an incremental build over that old index: new
segments have sidecars, old ones do not, and old ones have deletions). Each answers exactly what
Whoosh's multi-segment reader says (the way facet values were read before). Damaged and
mismatched sidecars are ignored, the backfill (``indexer.backfill``) writes what is missing
through the build's encoder, and a segment merged away takes its sidecar with it (Whoosh's
``clean_files``).
"""

from __future__ import annotations

import random
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer import backfill, facet_sidecar, generations
from indexer.article import Article, Skipped
from indexer.build import build_index
from indexer.schema import AWARD_TYPES, UNITS, YEAR
from searchsvc.engine import whoosh_columns
from searchsvc.engine.request import SearchRequest
from searchsvc.engine.service import FACET_FIELDS, IndexView, search
from searchsvc.engine.whoosh_reader import WhooshReader
from tests.test_build import SYLLABLES, walk

FIELDS = facet_sidecar.FACET_FIELDS

# Made-up unit names in the shapes of real ones (diacritics, '&', several per article).
UNITS_POOL = [
    "Phòng GD&ĐT Đồng Hỷ",
    "Sở GD&ĐT Bắc Kạn",
    "Trường THCS Nguyễn Du",
    "Trường Tiểu học Ánh Dương",
    "Trường THPT Chu Văn An",
]
AWARD_LINES = [
    "Trường THCS Nguyễn Du được tặng Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo.",
    "Phòng GD&ĐT Đồng Hỷ được tặng Cờ thi đua của UBND tỉnh Thái Nguyên.",
]


class FacetLoader:
    """Fake loader for .txt files: line 1 the title, line 2 ``units|yyyy`` (either may be
    empty), the rest the body."""

    def __call__(self, root: Path, path: Path) -> Article | Skipped:
        rel = path.relative_to(root).as_posix()
        title, meta, body = path.read_text("utf-8").split("\n", 2)
        units, _, year = meta.partition("|")
        return Article(
            rel,
            title,
            body.strip(),
            year=int(year) if year else None,
            units=tuple(u for u in units.split(";") if u),
        )


def write_article(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    units = ";".join(sorted(rng.sample(UNITS_POOL, rng.randint(0, 3))))
    year = rng.choice(["", "2019", "2020", "2021"])
    body = " ".join(rng.choice(SYLLABLES) for _ in range(80))
    if seed % 3 < 2:
        body += "\n" + AWARD_LINES[seed % 3]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Bài số {seed}\n{units}|{year}\n{body}\n", "utf-8")


def build(archive: Path, index_root: Path) -> None:
    build_index(archive, index_root, loader=FacetLoader(), walker=walk, procs=1)


def current(index_root: Path) -> Path:
    return Path(str(generations.current_realpath(index_root)))


def copied(index_root: Path, tmp_path: Path) -> Path:
    """A copy of ``index_root`` a test may change."""
    shutil.copytree(index_root, tmp_path / "index", symlinks=True)
    return tmp_path / "index"


def remove_sidecars(index_root: Path) -> None:
    for path in index_root.rglob("*" + facet_sidecar.SIDECAR_EXT):
        path.unlink()


def valid_sidecars(folder: Path) -> list[bool]:
    index = whoosh_index.open_dir(str(folder))
    try:
        return [
            all(facet_sidecar.read(index.storage, s, s.doc_count_all(), f) for f in FIELDS)
            for s in index._segments()
        ]
    finally:
        index.close()


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sidecars")
    archive = root / "archive"
    for i in range(40):
        write_article(archive / f"{i % 3}/{i:02d}.txt", i)
    build(archive, root / "with")
    build(archive, root / "without")
    remove_sidecars(root / "without")
    shutil.copytree(root / "without", root / "mixed", symlinks=True)
    for i in range(0, 40, 5):  # edited: deleted from their old segment, written anew
        write_article(archive / f"{i % 3}/{i:02d}.txt", 100 + i)
    for i in range(40, 46):
        write_article(archive / f"new/{i}.txt", i)
    (archive / "1/01.txt").unlink()
    build(archive, root / "mixed")
    build(archive, root / "with")  # an incremental build over sidecars: deletions there too
    return {name: root / name for name in ("with", "without", "mixed")}


def public_values(folder: Path, field: str) -> list[tuple[str, list[int]]]:
    """Facet values as Whoosh's multi-segment reader gives them (the way they were read)."""
    index = whoosh_index.open_dir(str(folder))
    with index.searcher() as searcher:
        reader = searcher.reader()
        return [
            (t.decode("utf-8"), list(reader.postings(field, t).all_ids()))
            for t in reader.lexicon(field)
        ]


def our_values(folder: Path, field: str) -> list[tuple[str, list[int]]]:
    reader = WhooshReader(whoosh_index.open_dir(str(folder)).searcher())
    try:
        return [(name, docs.tolist()) for name, docs in reader.facet_values(field)]
    finally:
        reader.close()


@pytest.mark.parametrize(
    ("name", "sidecars"), [("with", {True}), ("without", {False}), ("mixed", {True, False})]
)
@pytest.mark.parametrize("field", [UNITS, YEAR, AWARD_TYPES])
def test_facet_values_equal_whooshs_with_without_and_mixed_sidecars(
    indexes: dict[str, Path], name: str, sidecars: set[bool], field: str
) -> None:
    folder = current(indexes[name])
    assert set(valid_sidecars(folder)) == sidecars
    expected = public_values(folder, field)
    assert our_values(folder, field) == expected
    assert len(expected) >= 2 and any(docs for _, docs in expected)


@pytest.mark.parametrize("name", ["with", "without", "mixed"])
def test_the_services_facet_columns_hold_whooshs_values(
    indexes: dict[str, Path], name: str
) -> None:
    view = IndexView(generations.open_current(indexes[name]))
    try:
        for facet, field in FACET_FIELDS.items():
            values = public_values(current(indexes[name]), field)
            column = view.facet_columns[facet]
            assert column.names == tuple(n for n, _ in values)
            expected = [(d, i) for i, (_, docs) in enumerate(values) for d in docs]
            assert list(zip(column.doc_of.tolist(), column.value_of.tolist(), strict=True)) == (
                expected
            )
    finally:
        view.close()


@pytest.mark.parametrize(
    "damage",
    ["truncated", "garbage", "another segment's", "a byte flipped"],
)
def test_a_damaged_or_mismatched_sidecar_is_ignored(
    indexes: dict[str, Path], tmp_path: Path, damage: str
) -> None:
    folder = current(copied(indexes["with"], tmp_path))
    sidecars = sorted(folder.glob("*" + facet_sidecar.SIDECAR_EXT))
    assert len(sidecars) >= 2
    victim = sidecars[0]
    data = victim.read_bytes()
    victim.unlink()  # a new file: the hard-linked original stays whole
    if damage == "truncated":
        victim.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        victim.write_bytes(b"not a sidecar")
    elif damage == "another segment's":
        shutil.copyfile(sidecars[1], victim)
    else:
        victim.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    assert valid_sidecars(folder).count(False) == 1
    for field in (UNITS, YEAR):
        assert our_values(folder, field) == public_values(folder, field)


def test_backfill_writes_the_missing_sidecars_once(
    indexes: dict[str, Path], tmp_path: Path
) -> None:
    index_root = copied(indexes["mixed"], tmp_path)
    folder = current(index_root)
    before = valid_sidecars(folder)
    assert backfill.main([str(index_root)]) == 0
    assert valid_sidecars(folder) == [True] * len(before)
    assert backfill.backfill(folder, report=lambda line: None)[0] == []
    for field in (UNITS, YEAR, AWARD_TYPES):
        assert our_values(folder, field) == public_values(folder, field)


def test_a_segment_merged_away_takes_its_sidecar_with_it(
    indexes: dict[str, Path], tmp_path: Path
) -> None:
    folder = current(copied(indexes["with"], tmp_path))
    index = whoosh_index.open_dir(str(folder))
    assert len(index._segments()) >= 2
    with index.writer() as writer:  # Whoosh's own merge: one new segment, no sidecar
        writer.optimize = True
    index.close()
    assert list(folder.glob("*" + facet_sidecar.SIDECAR_EXT)) == []
    assert valid_sidecars(folder) == [False]
    assert our_values(folder, UNITS) == public_values(folder, UNITS)


def test_backfill_of_a_folder_without_an_index_says_so(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert backfill.main([str(tmp_path / "nothing")]) == 2
    assert "no Whoosh index there" in capsys.readouterr().err


@pytest.mark.parametrize(
    "written",
    [
        {UNITS: [("Sở GD&ĐT Bắc Kạn", [0, 2])], YEAR: [], AWARD_TYPES: []},  # fields with no value
        {UNITS: [], YEAR: [("2020", [1]), ("2021", [0, 3])], AWARD_TYPES: [("Bằng khen", [3])]},
        {UNITS: [("Trường THCS Nguyễn Du", [])], YEAR: [("2020", [0, 1, 2, 3])]},
    ],
)
def test_one_read_gives_every_field_written(
    indexes: dict[str, Path], tmp_path: Path, written: dict[str, list[tuple[str, list[int]]]]
) -> None:
    folder = current(copied(indexes["with"], tmp_path))
    index = whoosh_index.open_dir(str(folder))
    try:
        segment = index._segments()[0]
        count = segment.doc_count_all()
        fields = {field: facet_sidecar.lists_of(values) for field, values in written.items()}
        (folder / facet_sidecar.sidecar_name(segment)).unlink()  # not rewritten: a new file
        facet_sidecar.write(index.storage, segment, count, fields)
        found = facet_sidecar.read_all(index.storage, segment, count)
    finally:
        index.close()
    assert found is not None
    got = {
        field: list(
            zip(
                lists.names,
                (lists.docs[a:b].tolist() for a, b in pairwise(lists.indptr)),
                strict=True,
            )
        )
        for field, lists in found.items()
    }
    assert got == written


def test_opening_an_index_reads_each_sidecar_and_the_deletions_once(
    indexes: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three facet fields from one read of each segment's sidecar, one live mask for all."""
    sidecar_reads: list[str] = []
    live_reads: list[object] = []
    read_all, live_mask = facet_sidecar.read_all, whoosh_columns.live_mask

    def counted_read_all(storage, segment, doc_count):  # type: ignore[no-untyped-def]
        sidecar_reads.append(str(segment.segid))
        return read_all(storage, segment, doc_count)

    def counted_live_mask(reader):  # type: ignore[no-untyped-def]
        live_reads.append(reader)
        return live_mask(reader)

    monkeypatch.setattr(facet_sidecar, "read_all", counted_read_all)
    monkeypatch.setattr(whoosh_columns, "live_mask", counted_live_mask)
    view = IndexView(generations.open_current(indexes["with"]))
    try:
        segments = [
            str(s.segid) for s in whoosh_index.open_dir(str(current(indexes["with"])))._segments()
        ]
        assert len(segments) >= 2 and all(view.facet_columns[name].names for name in FACET_FIELDS)
        search(view, SearchRequest(q="giáo dục", units=(UNITS_POOL[0],)))
        view.reader.live_docs()
    finally:
        view.close()
    assert sorted(sidecar_reads) == sorted(segments)
    assert len(live_reads) == 1
