"""A wall-clock limit on extracting one document, enforced from outside the extracting process.

libxml2 (under lxml and trafilatura) and ``re`` run in C and never look at Python signals, so a
page that makes them quadratic cannot be interrupted from inside: a 3 MB page with 200,000
attributes on one tag held a build for more than 900 s. Extraction therefore runs in a worker
process, one document at a time; a document that takes longer than the limit gets its worker
killed and replaced and becomes ``Skipped(path, "too-slow")``; a worker that dies (out of memory,
a crash in C) makes its document ``extract-crash``. The rest of the build never notices.

The worker is a plain ``os.fork`` (not ``multiprocessing.Process``), so a guard also works inside
a pool's daemonic worker process; it asks the kernel to kill it when its parent dies
(``PR_SET_PDEATHSIG``) and closes every descriptor it inherited but its pipes, so neither a
killed build nor the next build in the same process finds the build lock held by it.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import resource
import signal
import sys
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

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

Task = Callable[[Any], "Article | Skipped"]


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel SIGKILL this worker when its parent exits (Linux), however it exits: the
    one mechanism of the extraction guard's worker and the build's pool workers."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def _close_inherited(keep: tuple[int, ...]) -> None:
    """Close every inherited descriptor but stdio and ``keep``: above all the build lock's. A
    worker outlives the build that forked it (it serves the next one), and a ``flock`` is held
    as long as any process holds its descriptor: the next build would find the archive locked."""
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))


def _serve(conn: _Duplex, task: Task) -> None:
    """Worker loop: documents in, results out, until the pipe closes."""
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
        self._pid: int | None = None
        self._owner = os.getpid()  # the process whose worker ``_pid`` is
        self._requests: Connection | None = None
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

    def _connection(self) -> _Duplex:
        if self._owner != os.getpid():  # forked (a build's pool worker): the worker is not ours
            for conn in (self._requests, self._conn):
                if conn is not None:
                    conn.close()
            self._pid = self._requests = self._conn = None
            self._owner = os.getpid()
        if self._conn is None or self._requests is None or self._pid is None:
            self._stop()
            down_read, down_write = os.pipe()  # parent -> worker
            up_read, up_write = os.pipe()  # worker -> parent
            parent_pid = os.getpid()
            pid = os.fork()
            if pid == 0:  # the worker: keep its own two ends only, serve, never return
                status = 1
                try:
                    _close_inherited(keep=(down_read, up_write))
                    die_with_parent(parent_pid)
                    reading = Connection(down_read, writable=False)
                    _serve(_Duplex(reading, Connection(up_write, readable=False)), self.task)
                    status = 0
                finally:
                    os._exit(status)
            os.close(down_read)
            os.close(up_write)
            self._pid = pid
            self._requests = Connection(down_write, readable=False)
            self._conn = Connection(up_read, writable=False)
            self._fresh = True
        return _Duplex(self._conn, self._requests)

    def _stop(self) -> None:
        if self._owner != os.getpid():
            return  # a forked copy: the worker belongs to the process that started it
        for conn in (self._requests, self._conn):
            if conn is not None:
                conn.close()
        self._requests = self._conn = None
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = None


class _Duplex:
    """One reading and one writing ``Connection`` used as one (the worker's and the guard's)."""

    def __init__(self, reading: Connection, writing: Connection) -> None:
        self.reading = reading
        self.writing = writing

    def send(self, obj: Any) -> None:
        self.writing.send(obj)

    def recv(self) -> Any:
        return self.reading.recv()

    def poll(self, timeout: float) -> bool:
        return self.reading.poll(timeout)
