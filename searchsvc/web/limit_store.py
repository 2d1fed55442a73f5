"""A ``sqlite:///path`` storage for the ``limits`` library: counters shared by every worker process
of one machine through one SQLite file, with no server to run.

``limits`` (under Flask-Limiter) ships storage for memory (one process) and for servers (redis,
memcached, mongodb); ``make serve`` runs several gunicorn workers on one machine, where memory
would give a client one budget per worker. A file is the smallest store they all share. Fixed
windows only: a counter per key and window, with its expiry time. Importing this module
registers the scheme (``limits``' storage registry keys on ``STORAGE_SCHEME``).

``sqlite:///var/ratelimit.sqlite`` is relative to the working directory, ``sqlite:////srv/rl.db``
absolute (SQLAlchemy's convention). Counters are not worth an fsync: a machine crash forgets them.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from limits.storage import Storage

# How long a worker waits for another's write before the request fails open (limits' errors
# are swallowed by Flask-Limiter only when configured; a counter write takes microseconds).
BUSY_TIMEOUT_MS = 5000
# One write in this many also deletes every expired counter, so the file stays small.
PRUNE_EVERY = 1000
# Seconds since the epoch, as limits' own storages count; tests replace it to move time.
clock = time.time
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS counters "
    "(key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL) WITHOUT ROWID"
)


def path_of(uri: str) -> Path:
    """``sqlite:///a/b`` -> ``a/b`` (relative); ``sqlite:////a/b`` -> ``/a/b`` (absolute)."""
    path = urlsplit(uri).path
    if not path.startswith("/") or len(path) < 2:
        raise ValueError(f"not a sqlite:///path URI: {uri!r}")
    return Path(path[1:])


class SQLiteStorage(Storage):
    """Fixed-window counters in one SQLite file; one connection per thread of each process."""

    STORAGE_SCHEME = ["sqlite"]  # noqa: RUF012 - limits' registry reads this list

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = path_of(uri)
        self._local = threading.local()
        self._writes = 0

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        return (sqlite3.Error, OSError)  # OSError: the file's folder cannot be made

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use: in each worker after the fork, and the
        file is only made once a limited request comes."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute(SCHEMA)
            self._local.conn = conn
        return conn

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = clock()
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM counters WHERE key = ? AND expires <= ?", (key, now))
            (count,) = conn.execute(
                "INSERT INTO counters (key, count, expires) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET count = count + excluded.count RETURNING count",
                (key, amount, now + expiry),
            ).fetchone()
            self._writes += 1
            if self._writes % PRUNE_EVERY == 0:
                conn.execute("DELETE FROM counters WHERE expires <= ?", (now,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return int(count)

    def _live(self, key: str) -> tuple[int, float] | None:
        row = (
            self._connection()
            .execute(
                "SELECT count, expires FROM counters WHERE key = ? AND expires > ?",
                (key, clock()),
            )
            .fetchone()
        )
        return (int(row[0]), float(row[1])) if row else None

    def get(self, key: str) -> int:
        live = self._live(key)
        return live[0] if live else 0

    def get_expiry(self, key: str) -> float:
        live = self._live(key)
        return live[1] if live else clock()

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._connection().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM counters WHERE key = ?", (key,))
