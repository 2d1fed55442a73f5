"""What tells a build that something changed: a file's sha256 and the indexer's own code digest.

The manifest (``indexer.manifest``) stores both; the scan (``indexer.scan``) compares a file's
sha256 when its stat changed, and the build (``indexer.build``) compares the pipeline digest to
decide whether the stored records may be reused at all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# Bytes read at a time while hashing a file: large enough that a 1 MB page costs one read.
_CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    """The hex sha256 of the file at ``path`` (a regular file; a FIFO is never opened)."""
    digest = hashlib.sha256()
    from indexer.ingest.walk import open_regular  # never blocks on a FIFO swapped in late

    # The walk checked where a symlink leads; an injected walker (a benchmark's view) is trusted.
    with open_regular(path, follow_symlinks=True) as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def pipeline_fingerprint() -> str:
    """A hash of the indexer's own code and data files.

    The manifest keeps extracted records so unchanged files are not read again; records made by
    other extraction rules are stale, so a change here forces a full rebuild (nobody has to
    remember to bump a version for a rules edit).
    """
    package = Path(__file__).parent
    digest = hashlib.sha256()
    files = [*package.glob("*.py"), *package.glob("*/*.py"), *package.glob("data/*.json")]
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
