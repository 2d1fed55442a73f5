"""The open index of one worker process: opened lazily, reopened when a new index is swapped in.

Whoosh's ``searcher.refresh()`` compares generation numbers only, and a freshly built index that
is swapped in by symlink starts at generation 1 again, so an open searcher would keep serving the
old data. The holder therefore compares the *identity* of the current generation (checked at
most every ``REOPEN_CHECK_SECONDS``): its real path, and the inode, size and modification time
of its meta file, which every build writes anew, so an index root deleted and built again,
whose ``current`` names ``gen-1`` once more, is a new index too. It opens a new backend when
the identity changes. The old one is
closed once no request still uses it (reference counted), never under a running search.
Like flaskr's database connection, a request takes the backend into ``g`` and gives it back in an
app-context teardown.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import zlib
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


def current_identity(index_root: Path) -> str | None:
    """The current generation's real path with its meta file's inode, size, modification time
    (ns) and CRC-32 (each build writes a new ``build`` id into it: two builds in one clock tick
    differ too), or None when there is no current generation. Cheap: a readlink, a stat and a
    read of a few hundred bytes. A meta file that cannot be read leaves the path alone (opening
    it will then say why)."""
    realpath = generations.current_realpath(index_root)
    if realpath is None:
        return None
    try:
        with open(os.path.join(realpath, generations.META_FILE), "rb") as fh:
            st = os.fstat(fh.fileno())
            crc = zlib.crc32(fh.read())
    except OSError:
        return realpath
    return f"{realpath} {st.st_ino} {st.st_size} {st.st_mtime_ns} {crc:08x}"


@dataclass
class Served:
    """One open backend and the bookkeeping that decides when it may be closed."""

    backend: SearchBackend
    realpath: str
    identity: str  # what ``locate`` said when it was opened (``current_identity``)
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
        locate: Callable[[Path], str | None] = current_identity,
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
        identity = self._locate(Path(self.index_root))
        if identity is None:
            # Keep serving what we have: an index removed under us is an operator's mistake,
            # and a half-finished swap must never turn into errors.
            self._why = f"no index under {self.index_root}"
            return None
        if self._current is not None and identity == self._current.identity:
            return None
        try:
            opened = self._open(Path(self.index_root))
            backend = self._open_backend(opened)
        except (generations.IndexNotFound, generations.IndexVersionMismatch, OSError) as exc:
            self._why = str(exc) or type(exc).__name__
            log.warning("cannot open index under %s: %s", self.index_root, self._why)
            return None
        # A swap between ``locate`` and the open pairs this backend with the identity before
        # it: the next check sees the difference and opens the newer one.
        old, self._current = self._current, Served(backend, opened.realpath, identity)
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
