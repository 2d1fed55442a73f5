"""Web-archive files are opened like every other archive file (indexer.ingest.warc_elsewhere):
a FIFO swapped in for a WARC file after the walk is refused with a reason, never read (a plain
``open`` of a FIFO blocks until a writer comes, and a build would hang on it)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.ingest import warc_elsewhere
from indexer.ingest.walk import FileRefused
from indexer.ingest.warc import read_container


@pytest.fixture(params=["crawl.warc", "crawl.wacz"])
def fifo(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A FIFO named like a web-archive file, with a writer holding it open: a plain ``open``
    then returns at once, so without the refusal the checks below fail instead of hanging."""
    path = tmp_path / request.param
    os.mkfifo(path)
    writer = os.open(path, os.O_RDWR | os.O_NONBLOCK)
    yield path
    os.close(writer)
    warc_elsewhere.CAPTURES.pop(path.resolve(), None)


def _opened(path: Path) -> Any:
    with warc_elsewhere.opener(path)() as stream:
        return stream.read(0)


def _captured(path: Path) -> Any:
    found = warc_elsewhere.captures_of(path)
    return (found.by_digest, found.by_capture)


def _read(path: Path) -> Any:
    return [
        (getattr(d, "reason", d), getattr(d, "detail", d))
        for d in read_container(path.parent, path)
    ]


CASES: dict[str, tuple[Callable[[Path], Any], Any]] = {
    "revisit index": (_captured, ({}, {})),  # a file that holds nothing, logged
    # the whole file skipped, with why (not a failed seek or read on the FIFO)
    "container": (_read, [("bad-archive", "FileRefused: special-file: fifo")]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_fifo_swapped_in_for_a_warc_file_is_refused(fifo: Path, case: str) -> None:
    with pytest.raises(FileRefused, match="special-file"):  # first: a plain open returns
        _opened(fifo)
    read, expected = CASES[case]
    assert read(fifo) == expected
