"""Command line: ``python -m indexer extract PATH...`` and ``python -m indexer build``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

DEFAULT_ARCHIVE = Path("archive")
DEFAULT_INDEX = Path("var/index")


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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    if args.command == "extract":
        from indexer.extract import main_extract

        return main_extract(args.paths, args.archive)
    from indexer.build import main_build

    return main_build(args.archive, args.index, full=args.full, progress=not args.no_progress)


if __name__ == "__main__":
    sys.exit(main())
