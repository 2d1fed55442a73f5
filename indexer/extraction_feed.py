"""Files to extract, handed to the build's worker processes while the scan is still running.

The scan (``indexer.scan``) runs in the build process on one core. Extracting only after it left
the other core idle meanwhile: on a 1 % change of the 84k VNTC archive the scan took ~1 s, and
the 826 changed files it found, spread over the whole archive, ~2.4 s of CPU to extract. The
feed starts the workers as soon as the scan has found enough files to be worth them
(``PARALLEL_MIN_FILES``), sends them the files in chunks as the scan goes on, and gives the
results back in the order found. The same workers then write the segments
(``GenerationJob``): their ``setup`` (the segment writer's compiled kernels, the extraction code)
is loaded once per worker, during the scan too, rather than in the build process between
extraction and writing.

A scan that finds fewer files (a small change, most tests) extracts them in the build process,
after the scan, as before: a pool costs more than it saves there. An unchanged archive starts
nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from indexer.tasks import ExtractTask
from indexer.workers import Workers, default_procs

# Fewer files to extract than this are extracted in the build process: a pool of workers costs
# 20-140 ms to start (measured with the extraction stack loaded), a VNTC file about 3 ms of CPU
# to extract (826 files of a 1 % change: 2.4 s), so from about a hundred files two workers win.
PARALLEL_MIN_FILES = 100
# Files sent to a worker at a time (amortises inter-process messages).
EXTRACT_CHUNK = 16

Extracted = Any  # what the build's ``extract_one`` returns for one file (manifest entries)


def _extract_chunk(job: tuple[Callable[[ExtractTask], Extracted], list[ExtractTask]]) -> list:  # type: ignore[type-arg]
    extract_one, tasks = job
    return [extract_one(task) for task in tasks]


class ExtractionFeed:
    """Extraction of the files a scan finds, started while it finds them (module docstring).

    ``procs``: the build's forced number of processes (None: one per core once there are
    ``PARALLEL_MIN_FILES`` files; 1: never a pool). ``setup`` runs in each worker as it starts.
    Use as a context manager: leaving it stops the workers, whatever happened.
    """

    def __init__(
        self,
        extract_one: Callable[[ExtractTask], Extracted],
        procs: int | None,
        setup: Callable[[], None] | None = None,
    ) -> None:
        self.extract_one, self.procs, self.setup = extract_one, procs, setup
        self.workers: Workers | None = None  # started by ``add`` when worth it
        self.found = 0
        self._waiting: list[ExtractTask] = []
        self._sent: deque[Callable[[], list[Extracted]]] = deque()

    def __enter__(self) -> ExtractionFeed:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, task: ExtractTask) -> None:
        """One more file to extract (the scan's ``on_extract``)."""
        self.found += 1
        self._waiting.append(task)
        if self.workers is None and self._worth_workers():
            self.workers = Workers(self.procs or default_procs(), self.setup).__enter__()
        if self.workers is not None and len(self._waiting) >= EXTRACT_CHUNK:
            self._send()

    def _worth_workers(self) -> bool:
        if self.procs is not None:
            return self.procs > 1
        return self.found >= PARALLEL_MIN_FILES and default_procs() > 1

    def _send(self) -> None:
        assert self.workers is not None
        while self._waiting:
            chunk = self._waiting[:EXTRACT_CHUNK]
            del self._waiting[:EXTRACT_CHUNK]
            self._sent.append(self.workers.submit(_extract_chunk, (self.extract_one, chunk)))

    def results(self) -> Iterator[Extracted]:
        """What ``extract_one`` returned for each file added, in the order added; in the build
        process when no workers were started."""
        if self.workers is None:
            waiting, self._waiting = self._waiting, []
            yield from map(self.extract_one, waiting)
            return
        self._send()
        while self._sent:  # popped: a result is let go once given (a full build's are many)
            yield from self._sent.popleft()()

    def close(self) -> None:
        """Stop the workers (if any), pending work included."""
        if self.workers is not None:
            self.workers.__exit__(None, None, None)
            self.workers = None
