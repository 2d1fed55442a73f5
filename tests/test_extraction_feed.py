"""The extraction feed: workers started when the scan has found enough files, results in the
order found, the build process alone below the threshold, nothing left running after."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer import extraction_feed
from indexer.extraction_feed import ExtractionFeed
from indexer.tasks import ExtractTask

_SETUP: dict[str, int] = {}


def _setup() -> None:
    _SETUP["pid"] = os.getpid()


def _extract(task: ExtractTask) -> tuple[str, int, bool]:
    """The task's key, the process that extracted it, and whether ``_setup`` ran there."""
    if task.key == "boom":
        raise ValueError("a loader bug")
    return task.key, os.getpid(), _SETUP.get("pid") == os.getpid()


def tasks(n: int) -> list[ExtractTask]:
    return [ExtractTask(Path("/archive"), Path(f"/archive/{i}.txt"), f"{i:03d}") for i in range(n)]


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    monkeypatch.setattr(extraction_feed, "default_procs", lambda: 2)
    monkeypatch.setattr(extraction_feed, "PARALLEL_MIN_FILES", 5)
    monkeypatch.setattr(extraction_feed, "EXTRACT_CHUNK", 3)


@pytest.mark.parametrize(
    ("procs", "files", "workers_after"),
    [
        (None, 4, None),  # below the threshold: the build process, after the scan
        (None, 5, 5),  # the fifth file starts them
        (None, 40, 5),
        (1, 40, None),  # one process forced: never workers
        (2, 1, 1),  # two forced: from the first file
    ],
)
def test_workers_start_once_enough_files_are_found(procs, files, workers_after):
    with ExtractionFeed(_extract, procs, _setup) as feed:
        started_at = None
        for i, task in enumerate(tasks(files), 1):
            feed.add(task)
            if started_at is None and feed.workers is not None:
                started_at = i
        assert started_at == workers_after
        results = list(feed.results())
    assert [key for key, _, _ in results] == [t.key for t in tasks(files)]  # order found
    pids = {pid for _, pid, _ in results}
    if workers_after is None:
        assert pids == {os.getpid()}
    else:
        assert os.getpid() not in pids
        assert all(setup_ran for _, _, setup_ran in results)  # setup ran in each worker
    assert feed.workers is None  # stopped on leaving


def test_results_can_be_asked_once_and_the_feed_is_then_empty():
    with ExtractionFeed(_extract, None, _setup) as feed:
        for task in tasks(12):
            feed.add(task)
        assert len(list(feed.results())) == 12
        assert list(feed.results()) == []


@pytest.mark.parametrize("procs", [None, 2])
def test_an_error_in_extraction_reaches_the_build(procs):
    with ExtractionFeed(_extract, procs, _setup) as feed:
        for task in [*tasks(6), ExtractTask(Path("/archive"), Path("/archive/x"), "boom")]:
            feed.add(task)
        with pytest.raises(ValueError, match="a loader bug"):
            list(feed.results())


def test_leaving_the_feed_stops_its_workers_even_with_work_pending():
    with ExtractionFeed(_extract, 2, _setup) as feed:
        for task in tasks(9):
            feed.add(task)
        assert feed.workers is not None
        pool = feed.workers._pool
        processes = list(pool._pool)
    assert feed.workers is None
    assert not any(process.is_alive() for process in processes)
