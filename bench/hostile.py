"""What real pages look like against the per-file limits of ``indexer.ingest.limits``.

Reads the real pages of ``../shared/extraction-dev/html`` and ``../shared/vi-pages-dev/html``
(never copied into the project) and prints, over all of them: the biggest file, the most
attributes on one tag, the deepest nesting (as ``limits.html_shape`` counts it), the slowest
extraction (decode + pre-scan + ``indexer.ingest.extract``), and how many pages the limits would
refuse (must be 0). Usage: ``python bench/hostile.py [--data DIR ...]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.article import Skipped  # noqa: E402
from indexer.ingest import limits  # noqa: E402
from indexer.ingest.archive import read_document  # noqa: E402
from indexer.ingest.extract import extract  # noqa: E402

# ../shared beside the checkout (also from a worktree one level deeper).
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT / "shared")
DEFAULT_DATA = [SHARED / "extraction-dev" / "html", SHARED / "vi-pages-dev" / "html"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, action="append", help="folders of real pages")
    args = parser.parse_args()
    pages = sorted(p for folder in args.data or DEFAULT_DATA for p in folder.glob("*.htm*"))
    biggest = (0, "")
    most_attributes = (0, "")
    deepest = (0, "")
    slowest = (0.0, "")
    refused: list[str] = []
    for page in pages:
        biggest = max(biggest, (page.stat().st_size, page.name))
        started = time.perf_counter()
        doc = read_document(page.parent, page)
        if isinstance(doc, Skipped):
            refused.append(f"{page.name}: {doc.reason} {doc.detail}")
            continue
        attributes, depth = limits.html_shape(doc.text)
        most_attributes = max(most_attributes, (attributes, page.name))
        deepest = max(deepest, (depth, page.name))
        if limits.check_html(doc.path, doc.text) is None:
            extract(doc)
        slowest = max(slowest, (time.perf_counter() - started, page.name))
    print(f"pages: {len(pages)}")
    print(f"biggest file: {biggest[0]} bytes ({biggest[1]}); limit {limits.MAX_DOCUMENT_BYTES}")
    print(
        f"most attributes on one tag: {most_attributes[0]} ({most_attributes[1]}); "
        f"limit {limits.MAX_ATTRIBUTES_PER_TAG}"
    )
    print(f"deepest nesting: {deepest[0]} ({deepest[1]}); limit {limits.MAX_DEPTH}")
    print(
        f"slowest read + extract: {slowest[0]:.2f} s ({slowest[1]}); "
        f"limit {limits.MAX_EXTRACT_SECONDS} s"
    )
    print(f"refused by the limits or the decoder: {len(refused)}")
    for line in refused:
        print("  " + line)


if __name__ == "__main__":
    main()
