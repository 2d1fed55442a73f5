"""Worker processes for the build that die with it: nothing is left behind when it is killed.

Whoosh's multiprocessing writer left its children blocked forever on a queue when the parent was
killed, and since they inherited the build lock's file descriptor the lock stayed held: every
later build failed with "another build is running" until someone killed them by hand. Here each
worker asks the Linux kernel (``prctl(PR_SET_PDEATHSIG, SIGKILL)``) to be killed the moment the
build process exits, however it exits, so the kernel drops the ``flock`` with the last holder.

``Workers.map`` maps a function over tasks, in order, in ``procs`` forked processes (or in this
process when ``procs`` is 1: small builds and tests need no processes); ``Workers.submit`` starts
one task as soon as it is known (``indexer.extraction_feed``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from indexer.ingest.guard import die_with_parent

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# At most this many build processes: past the number of cores they only compete for them.
MAX_PROCS = 8


def _start_worker(parent_pid: int, setup: Callable[[], None] | None) -> None:
    """Pool initializer: SIGKILL this worker when the build process exits (Linux), then run
    ``setup`` (what every task of the build needs loaded, loaded once per worker)."""
    die_with_parent(parent_pid)
    # Ctrl-C reaches the whole process group: let the parent decide, then die with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if setup is not None:
        setup()


def default_procs() -> int:
    """Build processes on this machine: one per core, at most ``MAX_PROCS``."""
    return max(1, min(os.cpu_count() or 1, MAX_PROCS))


class Workers:
    """A pool of ``procs`` forked workers that die with the build (see module docstring)."""

    def __init__(self, procs: int, setup: Callable[[], None] | None = None) -> None:
        self.procs = max(1, procs)
        self.setup = setup
        self._pool: Any = None

    def __enter__(self) -> Workers:
        if self.procs > 1:
            # fork: workers inherit the loaded code and any injected loader (tests, benchmarks).
            context = multiprocessing.get_context("fork")
            self._pool = context.Pool(
                self.procs, initializer=_start_worker, initargs=(os.getpid(), self.setup)
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """``function`` over ``tasks``, results in task order, streamed as they complete."""
        if self._pool is None:
            return map(function, tasks)
        return iter(self._pool.imap(function, tasks))

    def submit(self, function: Callable[[T], R], task: T) -> Callable[[], R]:
        """Start ``function(task)`` in a worker now; the returned call waits for its result
        (or raises its error). In this process when there are no workers: run on the call."""
        if self._pool is None:
            return lambda: function(task)
        return self._pool.apply_async(function, (task,)).get  # type: ignore[no-any-return]
