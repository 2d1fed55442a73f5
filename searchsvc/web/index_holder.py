"""The open index of one worker process: opened lazily, reopened when a new index is swapped in.

Whoosh's ``searcher.refresh()`` compares generation numbers only, and a freshly built index that
is swapped in by symlink starts at generation 1 again, so an open searcher would keep serving the
old data. The holder therefore compares the *real path* of the current index (checked at most
every ``REOPEN_CHECK_SECONDS``) and opens a new backend when it changes. The old one is
closed once no request still uses it (reference counted), never under a running search.
Like flaskr's database connection, a request takes the backend into ``g`` and gives it back in an
app-context teardown.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g

from indexer import generations
from searchsvc.backend import LocalBackend, SearchBackend
from searchsvc.web.errors import IndexUnavailable

log = logging.getLogger(__name__)

EXTENSION_KEY = "searchsvc.web.index_holder"


@dataclass
class Served:
    """One open backend and the bookkeeping that decides when it may be closed."""

    backend: SearchBackend
    realpath: str
    users: int = 0
    retired: bool = False


class IndexHolder:
    """Hands out the current ``SearchBackend`` of one index root; thread-safe.

    ``locate``, ``open_index`` and ``open_backend`` default to the real indexer functions; tests
    give fakes to watch the reopen and close decisions without building indexes.
    """

    def __init__(
        self,
        index_root: str,
        check_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        locate: Callable[[Path], str | None] = generations.current_realpath,
        open_index: Callable[[Path], Any] = generations.open_current,
        open_backend: Callable[[Any], SearchBackend] = LocalBackend.open,
    ) -> None:
        self.index_root = index_root
        self.check_seconds = check_seconds
        self.clock = clock
        self._locate = locate
        self._open = open_index
        self._open_backend = open_backend
        self._lock = threading.Lock()
        self._current: Served | None = None
        self._last_check: float | None = None
        self._why = "not checked yet"

    def acquire(self) -> Served:
        """The current backend, in use until ``release``; ``IndexUnavailable`` if none."""
        to_close = None
        with self._lock:
            to_close = self._maybe_reopen()
            served = self._current
            if served is not None:
                served.users += 1
        if to_close is not None:
            self._close(to_close)
        if served is None:
            raise IndexUnavailable(self._why)
        return served

    def release(self, served: Served) -> None:
        with self._lock:
            served.users -= 1
            closing = served.retired and served.users == 0
        if closing:
            self._close(served)

    def close(self) -> None:
        """Close the current backend (process shutdown, tests)."""
        with self._lock:
            served, self._current = self._current, None
            if served is not None:
                served.retired = True
                closing = served.users == 0
        if served is not None and closing:
            self._close(served)

    def _maybe_reopen(self) -> Served | None:
        """Swap in a newer index if one appeared; returns a retired backend that is now unused."""
        now = self.clock()
        if self._last_check is not None and now - self._last_check < self.check_seconds:
            return None
        self._last_check = now
        realpath = self._locate(Path(self.index_root))
        if realpath is None:
            # Keep serving what we have: an index removed under us is an operator's mistake,
            # and a half-finished swap must never turn into errors.
            self._why = f"no index under {self.index_root}"
            return None
        if self._current is not None and realpath == self._current.realpath:
            return None
        try:
            opened = self._open(Path(self.index_root))
            backend = self._open_backend(opened)
        except (generations.IndexNotFound, generations.IndexVersionMismatch, OSError) as exc:
            self._why = str(exc) or type(exc).__name__
            log.warning("cannot open index under %s: %s", self.index_root, self._why)
            return None
        old, self._current = self._current, Served(backend, opened.realpath)
        log.info("serving index %s", opened.realpath)
        if old is None:
            return None
        old.retired = True
        return old if old.users == 0 else None

    @staticmethod
    def _close(served: Served) -> None:
        try:
            served.backend.close()
        except Exception:  # closing an old index must not fail a request
            log.exception("closing index %s failed", served.realpath)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = IndexHolder(
        app.config["INDEX_DIR"], app.config["REOPEN_CHECK_SECONDS"]
    )
    app.teardown_appcontext(_release)


def holder() -> IndexHolder:
    return current_app.extensions[EXTENSION_KEY]


def served() -> Served:
    """The backend this request uses (the same one for the whole request)."""
    if "served" not in g:
        g.served = holder().acquire()
    return g.served


def get_backend() -> SearchBackend:
    return served().backend


def _release(_exc: BaseException | None = None) -> None:
    taken = g.pop("served", None)
    if taken is not None:
        holder().release(taken)
