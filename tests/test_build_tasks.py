"""Segment writing in a build worker (indexer.tasks.write_segment): the garbage collector is paused
while a segment's postings are gathered, and restored as it was, whether the segment is written
or writing fails."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from indexer.article import Article
from indexer.manifest import Entry, Manifest, pack_record
from indexer.schema import document_fields, make_schema
from indexer.tasks import SegmentTask, write_segment

ARTICLES = [
    Article(path="a/1.txt", title="Thi đua khen thưởng", body="Sở GD&ĐT tỉnh tổng kết năm học."),
    Article(path="a/2.txt", title="Kỳ thi tốt nghiệp", body="Học sinh trung học phổ thông dự thi."),
]


@pytest.fixture
def task(tmp_path: Path) -> SegmentTask:
    whoosh_index.create_in(str(tmp_path), make_schema()).close()
    manifest = Manifest(tmp_path / "manifest.sqlite")
    manifest.put(Entry(a.path, 1, 1, "sha", record=pack_record(a.to_json(), [])) for a in ARTICLES)
    manifest.commit()
    manifest.close()
    return SegmentTask(tmp_path, tmp_path / "manifest.sqlite", [(a.path, ()) for a in ARTICLES])


@pytest.fixture
def collector_state() -> Iterator[None]:
    """Leave the collector enabled after each test, as the suite expects."""
    yield
    gc.enable()


@pytest.mark.parametrize("enabled_before", [True, False], ids=["enabled", "disabled"])
@pytest.mark.parametrize("fails", [False, True], ids=["written", "failed"])
def test_collector_is_paused_while_writing_and_restored(
    task, collector_state, enabled_before, fails
):
    seen: list[bool] = []

    def fields_of(*args: Any) -> dict[str, Any]:
        seen.append(gc.isenabled())
        if fails:
            raise OSError("simulated failure")
        return document_fields(*args)

    (gc.enable if enabled_before else gc.disable)()
    if fails:
        with pytest.raises(OSError, match="simulated"):
            write_segment(task, fields_of)
    else:
        segment, syllables = write_segment(task, fields_of)
        assert segment.doc_count_all() == len(ARTICLES)
        assert syllables["thi"] == 2 and syllables["khen"] == 1  # document frequencies
    assert seen and not any(seen)  # paused for every document
    assert gc.isenabled() == enabled_before
