"""Walking ``archive/`` safely: what is read, what is skipped and why, under which stable key.

An archive folder is written by crawlers, mirror tools and people, and nothing in it can be
trusted. The walk therefore:
- never leaves the archive root: a symlink is followed only when its target resolves inside the
  root (``symlink-outside`` otherwise; ``/etc/passwd`` must never become an article), and a
  symlinked folder is never descended into (it could loop or lead out);
- yields regular files only: FIFOs, sockets and devices are ``special-file`` (opening a FIFO
  blocks forever, reading ``/dev/zero`` never ends);
- reports a dangling symlink and a file that vanished between listing and reading;
- gives a file whose name is not valid UTF-8 a stable, printable key (its bytes with the invalid
  ones escaped, see :func:`archive_key`) instead of a string that cannot be encoded later.
Reading (:func:`read_capped`) re-checks on the open file descriptor that it is a regular file and
never reads more than the size limit, so a file swapped or grown after the walk changes nothing.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from indexer.article import Skipped

# Loose documents and web-archive containers the walk yields (lower-cased name endings).
DOCUMENT_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
CONTAINER_SUFFIXES = (".warc", ".warc.gz", ".wacz")
SPECIAL_KINDS = (
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)


class FileRefused(OSError):
    """A file :func:`open_regular` will not open; ``reason`` is the report's skip reason."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def archive_key(root: Path, path: Path) -> str:
    """The file's stable identity: its path relative to ``root`` with ``/`` separators.

    A name that is not valid UTF-8 arrives from the OS with surrogate escapes, which cannot be
    written to JSON, SQLite or Whoosh. Its invalid bytes are written as ``\\xNN``, and so is every
    real backslash (``\\x5c``, in any name), so the same file always gets the same printable key
    and two names never share one.
    """
    root_text, path_text = str(root), str(path)
    if path_text.startswith(root_text) and path_text[len(root_text) : len(root_text) + 1] == "/":
        return printable_key(path_text[len(root_text) + 1 :])  # relative_to costs 10x
    try:
        return printable_key(path.relative_to(root).as_posix())
    except ValueError:
        return printable_key(path.as_posix())


def printable_key(rel: str) -> str:
    """``rel`` (a ``/``-separated path relative to the root) as :func:`archive_key` gives it."""
    if "\\" in rel or not is_clean_name(rel):
        raw = os.fsencode(rel).replace(b"\\", b"\\x5c")
        return raw.decode("utf-8", "backslashreplace")
    return rel


def is_clean_name(rel: str) -> bool:
    """True when the name is valid UTF-8 (no surrogate escapes from the OS)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def suffix_kind(name: str) -> str | None:
    """ "text", "html", "container" for the names the walk reads, None for everything else."""
    lower = name.lower()
    if lower.endswith(CONTAINER_SUFFIXES):
        return "container"
    dot = lower.rfind(".")  # os.path.splitext's suffix, without its cost (82k calls a scan)
    kind = DOCUMENT_SUFFIXES.get(lower[dot:]) if dot > 0 else None
    if kind is None or not lower[:dot].strip("."):  # leading dots are no suffix (".txt")
        return None
    return kind


class Found(NamedTuple):
    """A regular file the walk found: its key (:func:`archive_key`) and its path, as text.

    Text, not a ``Path``: a build scans every file of the archive against its manifest and reads
    only the changed ones, and making a ``Path`` of each name cost 0.6 s of a 1.6 s no-op scan
    of 82k files."""

    key: str
    path: str


def walk_archive(root: Path) -> Iterator[Path | Skipped]:
    """Every readable document or container under ``root`` (sorted by key), and a ``Skipped``
    for every candidate name that is not a regular file inside the root. Hidden folders and files
    (a leading dot) are not the archive's content and are passed over silently."""
    for item in sorted(walk_found(root), key=_key):
        yield Path(item.path) if isinstance(item, Found) else item


def walk_found(root: Path) -> Iterator[Found | Skipped]:
    """:func:`walk_archive`, each file as its key and path text, folder by folder as listed
    (each folder's entries in name order): a build's scan checks the first files while later
    folders are still to be listed, and starts extracting the changed ones meanwhile."""
    root = Path(root)
    real_root = root.resolve()
    seen: set[str] = set()  # a symlink to a file of the archive is that file: read once
    pending = [str(root)]
    prefix = len(str(root)) + 1  # entry paths are the root's text, "/", the relative path
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=_name, reverse=True)
        except OSError as exc:
            key = archive_key(root, Path(folder))
            yield Skipped(key, "unreadable", f"folder: {exc.strerror}")
            continue
        while entries:
            entry = entries.pop()
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                pending.append(entry.path)
                continue
            if suffix_kind(entry.name) is None:
                continue
            if _regular_by_type(entry):  # no lstat: 82k calls in a no-op build of VNTC
                item: Found | Skipped = Found(printable_key(entry.path[prefix:]), entry.path)
            else:
                key, classified = _classify(root, real_root, Path(entry.path))
                item = Found(key, str(classified)) if isinstance(classified, Path) else classified
            if _key(item) not in seen:
                seen.add(_key(item))
                yield item


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _key(item: Found | Skipped) -> str:
    return item.key if isinstance(item, Found) else item.path


def _regular_by_type(entry: os.DirEntry[str]) -> bool:
    """A regular file, not a link, by the type the directory listing gave (no system call when
    the file system reports types; reading checks again on the open descriptor)."""
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _classify(root: Path, real_root: Path, path: Path) -> tuple[str, Path | Skipped]:
    """(key, ``path``) when it is a regular file inside the root, else (key, why it is skipped).
    A symlink to a file inside the root becomes that file, under the file's own key."""
    key = archive_key(root, path)
    item = _regular_or_skip(real_root, path, key)
    if isinstance(item, Path) and item is not path:
        item = root / item.relative_to(real_root)
        key = archive_key(root, item)
    return key, item


def _regular_or_skip(real_root: Path, path: Path, key: str) -> Path | Skipped:
    """``path`` (or a symlink's resolved target) when it is a regular file inside the root."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return Skipped(key, "vanished", "gone between listing and reading")
    except OSError as exc:
        return Skipped(key, "unreadable", exc.strerror or str(exc))
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return Skipped(key, "dangling-symlink", os.readlink(path))
        except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
            return Skipped(key, "dangling-symlink", str(exc))
        if not target.is_relative_to(real_root):
            return Skipped(key, "symlink-outside", "target is outside the archive root")
        try:
            info = target.stat()
        except OSError as exc:
            return Skipped(key, "vanished", exc.strerror or str(exc))
        if not stat.S_ISREG(info.st_mode):
            reason = "special-file" if _special(info.st_mode) else "symlink-folder"
            return Skipped(key, reason, "symlink target is not a regular file")
        return target
    if not stat.S_ISREG(info.st_mode):
        return Skipped(key, "special-file", _special(info.st_mode) or "not a regular file")
    return path


def _special(mode: int) -> str | None:
    for test, name in SPECIAL_KINDS:
        if test(mode):
            return name
    return None


def open_regular(path: Path, follow_symlinks: bool = False) -> BinaryIO:
    """``path`` opened for reading in binary, if it is still a regular file.

    Opened without blocking (a FIFO swapped in after the walk must not hang the build) and, unless
    ``follow_symlinks`` (for a walker the caller trusts), without following a final symlink; the
    descriptor is checked to be a regular file before it is returned. Raises
    :class:`FileRefused` with the skip reason.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    flags |= 0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise FileRefused("vanished", "gone between listing and reading") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileRefused("symlink-outside", "became a symlink after the walk") from exc
        raise FileRefused("unreadable", exc.strerror or str(exc)) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileRefused("special-file", _special(info.st_mode) or "not a regular file")
    return os.fdopen(fd, "rb")


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path`` (see :func:`open_regular`), at most ``max_bytes``;
    :class:`FileRefused` ("too-large") past that."""
    with open_regular(path) as fh:
        info = os.fstat(fh.fileno())
        if info.st_size > max_bytes:
            raise FileRefused("too-large", f"{info.st_size} bytes (limit {max_bytes})")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused("too-large", f"grew past {max_bytes} bytes while read")
    return data
