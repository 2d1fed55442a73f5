"""What writing the facet sidecar adds to a build: milliseconds per 1,000 documents.

For the first segments of an existing index, the facet postings are read back into the shape
``SegmentBuilder`` holds at ``finish`` (term bytes -> flat [docnum, weight, value, ...]), then
``indexer.facet_sidecar.write_from_postings`` (the build's one call) is timed writing each
segment's sidecar into a scratch folder (deleted afterwards). Only the timed call counts; reading
the index is not part of a build. Also prints the sidecars' size against the segments' files.

    .venv/bin/python bench/facet_sidecar_cost.py INDEX_ROOT [--segments 20]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer import facet_sidecar, generations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_root", type=Path)
    parser.add_argument("--segments", type=int, default=20)
    args = parser.parse_args()
    folder = Path(str(generations.current_realpath(args.index_root) or args.index_root))
    index = whoosh_index.open_dir(str(folder))
    scratch = Path(tempfile.mkdtemp(prefix="open15-sidecar-"))
    storage = FileStorage(str(scratch))
    seconds = 0.0
    documents = sidecar_bytes = segment_bytes = 0
    try:
        for segment in index._segments()[: args.segments]:
            reader = SegmentReader(index.storage, index.schema, segment)
            try:
                postings = {}
                for field in facet_sidecar.FACET_FIELDS:
                    lists = facet_sidecar.from_segment(reader, field)
                    terms = {}
                    for i, name in enumerate(lists.names):
                        docs = lists.docs[lists.indptr[i] : lists.indptr[i + 1]].tolist()
                        terms[name.encode("utf-8")] = [x for d in docs for x in (d, 1.0, b"")]
                    postings[field] = terms
            finally:
                reader.close()
            count = segment.doc_count_all()
            started = time.perf_counter()
            facet_sidecar.write_from_postings(storage, segment, postings, count)
            seconds += time.perf_counter() - started
            documents += count
            sidecar_bytes += (scratch / facet_sidecar.sidecar_name(segment)).stat().st_size
            segment_bytes += sum(
                (folder / name).stat().st_size for name in segment.list_files(index.storage)
            )
    finally:
        index.close()
        shutil.rmtree(scratch)
    print(f"{documents:,} documents in {min(args.segments, len(index._segments()))} segments")
    print(f"sidecar writing: {seconds * 1000:.1f} ms, {seconds * 1e6 / documents:.2f} ms per 1,000")
    print(
        f"sidecar size: {sidecar_bytes / 1e6:.2f} MB, {sidecar_bytes / segment_bytes:.4f} "
        f"of the segments' {segment_bytes / 1e6:.0f} MB"
    )


if __name__ == "__main__":
    main()
