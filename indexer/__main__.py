"""Command line: ``python -m indexer extract PATH...`` and ``python -m indexer build``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

DEFAULT_ARCHIVE = Path("archive")
DEFAULT_INDEX = Path("var/index")


def _archive_root(given: Path) -> Path:
    """Where record paths are relative to: the project's ``archive/`` when the path lies in it,
    else the folder given (or the file's folder), so paths match what the build indexes."""
    resolved = given.resolve()
    default = DEFAULT_ARCHIVE.resolve()
    if resolved == default or default in resolved.parents:
        return default
    return resolved if resolved.is_dir() else resolved.parent


def extract(paths: list[str], archive_root: Path | None) -> int:
    """``extract``: one JSON object per file on stdout (JSON Lines, UTF-8, not escaped).

    Folders are walked like the archive itself; a web archive gives one line per record. A
    skipped file is a record with its reason, not an error; a path that does not exist is
    reported on stderr and makes the exit code 1.
    """
    from indexer.ingest.sources import SourceLoader
    from indexer.ingest.walk import walk_archive

    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    status = 0
    for arg in paths:
        given = Path(arg)
        if not given.exists():
            print(f"no such file or folder: {arg}", file=sys.stderr)
            status = 1
            continue
        root = archive_root.resolve() if archive_root else _archive_root(given)
        with SourceLoader() as loader:
            for file in walk_archive(given) if given.is_dir() else [given.resolve()]:
                loaded = file if not isinstance(file, Path) else loader(root, file.resolve())
                for record in loaded if isinstance(loaded, list) else [loaded]:
                    print(json.dumps(record.to_json(), ensure_ascii=False))
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_extract = sub.add_parser("extract", help="print one JSON object per file (JSON Lines)")
    p_extract.add_argument("paths", nargs="+", help="files or folders")
    p_extract.add_argument("--archive", type=Path, default=None, help="root for relative paths")
    p_build = sub.add_parser("build", help="build or update the index from the archive")
    p_build.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    p_build.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    p_build.add_argument("--full", action="store_true", help="rebuild from scratch")
    p_build.add_argument("--no-progress", action="store_true", help="no progress bar")
    p_build.add_argument(
        "--procs",
        type=int,
        default=None,
        help="worker processes (default: one per core on big builds)",
    )
    p_build.add_argument(
        "--report", type=Path, default=None, help="write each file's outcome here (JSON Lines)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    if args.command == "extract":
        return extract(args.paths, args.archive)
    from indexer.build import main_build

    return main_build(
        args.archive,
        args.index,
        full=args.full,
        progress=not args.no_progress,
        procs=args.procs,
        report_path=args.report,
    )


if __name__ == "__main__":
    sys.exit(main())
