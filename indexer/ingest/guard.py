"""A wall-clock limit on extracting one document, enforced from outside the extracting process.

libxml2 (under lxml and trafilatura) and ``re`` run in C and never look at Python signals, so a
page that makes them quadratic cannot be interrupted from inside: a 3 MB page with 200,000
attributes on one tag held a build for more than 900 s. Extraction therefore runs in a worker
process, one document at a time; a document that takes longer than the limit gets its worker
killed and replaced and becomes ``Skipped(path, "too-slow")``; a worker that dies (out of memory,
a crash in C) makes its document ``extract-crash``. The rest of the build never notices.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from indexer.article import Article, Skipped
from indexer.ingest import limits

log = logging.getLogger(__name__)

# Address space one extraction worker may use: an 8 MB page takes a few hundred MB in lxml and
# trafilatura; past this a runaway parse gets MemoryError (its document is skipped) instead of
# pushing the machine (24 GiB, shared with the search service) into swap.
WORKER_MEMORY_BYTES = 4 << 30
# Seconds a new worker may take to answer its first document, on top of the limit (fork is
# fast; this only guards a machine so loaded that the fork itself stalls).
START_GRACE_SECONDS = 5.0

Task = Callable[[Any], "Article | Skipped"]


def _serve(conn: Connection, other_end: Connection, task: Task) -> None:
    """Worker loop: documents in, results out, until the pipe closes.

    The parent's end of the pipe, inherited by the fork, is closed first: otherwise a killed
    build would leave this worker waiting on a pipe it holds open itself, keeping the build lock
    (an inherited descriptor) forever.
    """
    other_end.close()
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > WORKER_MEMORY_BYTES:
            resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, hard))
    except (ValueError, OSError):  # a container may forbid it; the time limit still holds
        pass
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(task(item))


class Guard:
    """Runs ``task(item)`` in a worker process with a per-item time limit (see module doc).

    ``task`` must be a module-level function (it is inherited by the forked worker) that returns
    an ``Article`` or ``Skipped`` and never raises; ``path_of(item)`` names the item in a skip.
    """

    def __init__(
        self,
        task: Task,
        path_of: Callable[[Any], str],
        seconds: float = limits.MAX_EXTRACT_SECONDS,
    ) -> None:
        self.task = task
        self.path_of = path_of
        self.seconds = seconds
        self._context = multiprocessing.get_context("fork")
        self._worker: Any = None
        self._conn: Connection | None = None
        self._fresh = False

    def __enter__(self) -> Guard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, item: Any) -> Article | Skipped:
        """``task(item)``, or a ``Skipped`` when it ran out of time or its worker died."""
        conn = self._connection()
        grace = START_GRACE_SECONDS if self._fresh else 0.0
        self._fresh = False
        try:
            conn.send(item)
            if conn.poll(self.seconds + grace):
                return conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._stop()
            log.warning("extraction worker died on %s: %s", self.path_of(item), exc)
            return Skipped(self.path_of(item), "extract-crash", "the extraction worker died")
        self._stop()
        log.warning("extraction of %s took over %s s: skipped", self.path_of(item), self.seconds)
        return Skipped(self.path_of(item), "too-slow", f"extraction over {self.seconds:g} s")

    def close(self) -> None:
        """Stop the worker (a new one starts on the next ``run``)."""
        self._stop()

    def _connection(self) -> Connection:
        if self._conn is None or self._worker is None or not self._worker.is_alive():
            self._stop()
            parent, child = self._context.Pipe()
            self._worker = self._context.Process(
                target=_serve, args=(child, parent, self.task), daemon=True, name="extract-guard"
            )
            self._worker.start()
            child.close()
            self._conn, self._fresh = parent, True
        return self._conn

    def _stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._worker is not None:
            if self._worker.is_alive():
                self._worker.kill()
            self._worker.join()
            self._worker = None
