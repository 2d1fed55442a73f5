"""Files a reader must see whole or not at all: written under a temporary name, then renamed.

Index files beside a generation's segments (sidecars, the vocabulary's mapped index) may be hard
links shared with the previous generation, still served: they are never opened for writing.
A new file is written under ``<name>.tmp`` in the same folder, fsynced, and renamed over the
name, so a reader sees the old file or the new one, and a crash leaves at most a ``.tmp`` file
(for a segment's sidecar, one matching the segment's name pattern: cleaned with it).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def write_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` as the file ``path``: a temporary name, fsync, then a rename."""
    temp = path.with_name(path.name + ".tmp")
    with open(temp, "wb") as fh:
        for chunk in chunks:
            fh.write(chunk)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temp, path)
