"""Planted near-duplicates in real VNTC articles: recall, false groups, and how grouping scales.

``python bench/dedup_recall.py [--limit N] [--twins K] [--seed S] [--procs P]
[--records FILE | --manifest FILE]``

1. Writes an archive under ``bench/out/dedup-*/archive``: VNTC articles (``--limit``, default
   all with a body) as ``.txt`` in the archive layout, and ``--twins`` copies of randomly chosen
   ones as portal pages (NukeViet-like furniture of our own: menu, date line, author, rating
   sentence, "Những tin mới hơn" with other VNTC titles, visitor counter) saved as Windows-1258
   (tones as combining marks), TCVN3 (.VnTime) or NFD UTF-8, in turn.
2. Extracts every file with the real pipeline (``indexer.ingest.pipeline.load``) in ``--procs``
   processes and computes the stored signature (``indexer.dedup_signature.fingerprint``).
3. Groups with ``indexer.dedup.group_duplicates`` on the first quarter, half and all of the
   articles, printing candidate pairs and seconds (linear growth is the point), then on all:
   - recall: planted twins grouped with their original;
   - false groups: groups joining articles whose source texts differ (VNTC's own exact repeats
     are copies, so they may be grouped), split into those whose texts have the same words
     (``exact_terms``: they differ only in whitespace, punctuation, case or tone placement) and
     those whose words differ, with a few examples to read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
import unicodedata
from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

OUT = ROOT / "bench" / "out"
VNTC_CANDIDATES = [p / "shared/corpora/vntc/vntc.jsonl.gz" for p in ROOT.parents]
ENCODINGS = ("cp1258", "tcvn3", "nfd")
RELATED_TITLES = 5  # "Những tin mới hơn" items taken from other articles, as on real portals
TITLE_CHARS = 100  # a related item shows a title; some VNTC "titles" run into the lead
EXAMPLES = 5

PAGE = """<!DOCTYPE html>
<html lang="vi"><head>
{meta}
<title>{page_title}</title>
{style}</head>
<body><div id="wraper">
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></nav>
<div class="news_column"><div class="col-md-18">
<h1 class="title">{title}</h1>
<span class="h-date">Thứ hai - 15/06/2009 06:20</span>
<div class="bodytext">{paragraphs}</div>
<p class="author">Tác giả: Ban biên tập</p>
<p>Tổng số điểm của bài viết là: 0 trong 0 đánh giá</p><p>Click để đánh giá bài viết</p>
<div class="other-news"><h3>Những tin mới hơn</h3><ul class="related">{related}</ul></div>
</div></div>
<div class="counter"><ul><li>Đang truy cập 12</li><li>Hôm nay 3.105</li>
<li>Tổng lượt truy cập 2.318.540</li></ul></div>
</div></body></html>
"""
META = {
    "cp1258": '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">',
    "tcvn3": '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
    "nfd": '<meta charset="utf-8">',
}
VNTIME = '<style type="text/css">body, p, h1, li { font-family: .VnTime; }</style>\n'


def vntc_path() -> Path:
    for path in VNTC_CANDIDATES:
        if path.is_file():
            return path
    raise SystemExit("vntc.jsonl.gz not found under shared/corpora/vntc next to the project")


def _escape_for(encoding: str, text: str) -> str:
    """HTML-escape ``text`` and write characters the legacy encoding lacks as character
    references (a real page does the same)."""
    from indexer.ingest import legacy

    out = []
    for ch in escape(unicodedata.normalize("NFC", text)):
        try:
            if encoding == "tcvn3":
                legacy.encode(ch.lower(), "tcvn3")
            elif encoding == "cp1258":
                unicodedata.normalize("NFD", ch).encode("cp1258")
            out.append(ch)
        except (ValueError, UnicodeEncodeError):
            out.append(f"&#{ord(ch)};")
    return "".join(out)


def twin_page(record: dict[str, Any], related: list[str], encoding: str) -> bytes:
    """One VNTC article as a portal page in ``encoding``."""
    import make_twins

    def esc(text: str) -> str:
        return _escape_for(encoding, text)

    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in record["body"].split("\n\n"))
    items = "".join(f'<li><a href="/t/{i}">{esc(t)}</a> (0{i}/06/2009)</li>' for i, t in
                    enumerate(related, 1))  # fmt: skip
    # A portal's <title> is the article's title and the site's name; TCVN3 pages cannot type
    # capitals outside a font run there, so theirs keeps the site name only when it would need one.
    page_title = f"{esc(record['title'])} - Tin tức"
    if encoding == "tcvn3" and not make_twins._typable(page_title):
        page_title = "Tin tuc - Cong thong tin"
    page = PAGE.format(
        page_title=page_title,
        meta=META[encoding],
        style=VNTIME if encoding == "tcvn3" else "",
        title=esc(record["title"]),
        paragraphs=paragraphs,
        related=items,
    )
    if encoding == "cp1258":
        return make_twins.cp1258_bytes(page)
    if encoding == "tcvn3":
        return make_twins.tcvn3_bytes(page)
    return unicodedata.normalize("NFD", page).encode("utf-8")


def original_key(record: dict[str, Any]) -> str:
    """The archive file name ``to_archive.py`` gives a VNTC record."""
    return str(record["id"]).replace("/", "_") + ".txt"


def write_archive(
    work: Path, records: list[dict[str, Any]], twins: int, seed: int, originals: bool = True
) -> dict:
    """The archive files (the originals only when ``originals``); {twin file: original file}."""
    archive = work / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    for rec in records if originals else ():
        (archive / original_key(rec)).write_text(f"{rec['title']}\n\n{rec['body']}", "utf-8")
    rng = random.Random(seed)
    truth = {}
    for n, i in enumerate(rng.sample(range(len(records)), twins)):
        encoding = ENCODINGS[n % len(ENCODINGS)]
        others = rng.sample(range(len(records)), RELATED_TITLES)
        related = [records[j]["title"][:TITLE_CHARS] for j in others]
        name = f"twins/{i:06d}-{encoding}.html"
        (archive / "twins").mkdir(exist_ok=True)
        (archive / name).write_bytes(twin_page(records[i], related, encoding))
        truth[name] = original_key(records[i])
    (work / "truth.json").write_text(json.dumps(truth), "utf-8")
    return truth


def _extract(args: tuple[str, str]) -> tuple[str, dict[str, Any] | None]:
    from indexer import dedup_signature
    from indexer.article import Article
    from indexer.ingest.pipeline import load

    root, path = Path(args[0]), Path(args[1])
    key = path.relative_to(root).as_posix()
    record = load(root, path)
    if not isinstance(record, Article):
        return key, None
    signature = dedup_signature.fingerprint(record)
    return key, {"title": record.title, "body": record.body, "encoding": record.encoding,
                 "signature": signature.hex() if signature else None}  # fmt: skip


def _path(line: str) -> str:
    return str(json.loads(line)["article"]["path"])


def _from_record(line: str) -> tuple[str, dict[str, Any]]:
    """An original as bench/search.py or a build extracted it, with its signature (the one the
    build stored, when given)."""
    from indexer import dedup_signature
    from indexer.article import Article

    data = json.loads(line)
    article = Article.from_json(data["article"])
    stored = data.get("signature")
    signature = bytes.fromhex(stored) if stored else dedup_signature.fingerprint(article)
    return article.path, {"title": article.title, "body": article.body,
                          "encoding": article.encoding,
                          "signature": signature.hex() if signature else None}  # fmt: skip


def manifest_lines(path: Path, wanted: set[str]) -> list[str]:
    """The wanted originals of a build's manifest, as ``records.jsonl`` lines with signatures."""
    from indexer.manifest import Manifest, unpack_record

    manifest = Manifest(path, readonly=True)
    try:
        signatures = dict(manifest.signatures())
        lines = []
        for key, _, _, blob in manifest.rows():
            if blob is not None and key in wanted:
                signature = signatures.get(key)
                data = {"article": unpack_record(blob)["article"],
                        "signature": signature.hex() if signature else None}  # fmt: skip
                lines.append(json.dumps(data, ensure_ascii=False))
        return lines
    finally:
        manifest.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--twins", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument(
        "--records",
        type=Path,
        help="records.jsonl of bench/search.py over the same VNTC archive: the originals as "
        "already extracted by the real pipeline (only the twins are extracted here)",
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        help="manifest.sqlite of a build (python -m indexer build) over the VNTC archive "
        "written by to_archive.py: the originals as that build extracted them, with the "
        "signatures it stored (only the twins are extracted here)",
    )
    args = parser.parse_args(argv)
    from multiprocessing import Pool

    import dedup_measures

    from indexer import dedup
    from indexer.article import Article
    from indexer.ingest.archive import iter_archive

    with gzip.open(vntc_path(), "rt", encoding="utf-8") as fh:
        records = [r for r in map(json.loads, fh) if r["body"]]
    extracted_originals: list[str] = []
    if args.records:
        by_key = {original_key(r): r for r in records}
        with open(args.records, encoding="utf-8") as fh:
            for line in fh:
                article = json.loads(line)["article"]
                if article["path"] in by_key:
                    extracted_originals.append(line)
    elif args.manifest:
        extracted_originals = manifest_lines(args.manifest, {original_key(r) for r in records})
    if extracted_originals:
        keep = {_path(line) for line in extracted_originals}
        records = [r for r in records if original_key(r) in keep]
    if args.limit and args.limit < len(records):
        records = random.Random(args.seed).sample(records, args.limit)
    tag = "-records" if args.records else "-manifest" if args.manifest else ""
    work = OUT / f"dedup-{len(records)}-{args.twins}-s{args.seed}{tag}"
    if not (work / "extracted.jsonl").exists():
        truth = write_archive(work, records, args.twins, args.seed, not extracted_originals)
        files = [(str(work / "archive"), str(p)) for p in iter_archive(work / "archive")]
        started = time.perf_counter()
        wanted = {original_key(r) for r in records}
        with Pool(args.procs) as pool, open(work / "extracted.tmp", "w", encoding="utf-8") as out:
            for key, data in pool.imap(_extract, files, chunksize=32):
                out.write(json.dumps([key, data], ensure_ascii=False) + "\n")
            given = [line for line in extracted_originals if _path(line) in wanted]
            for key, data in pool.imap(_from_record, given, chunksize=64):
                out.write(json.dumps([key, data], ensure_ascii=False) + "\n")
        (work / "extracted.tmp").rename(work / "extracted.jsonl")
        print(f"extracted {len(files)} files in {time.perf_counter() - started:.0f} s")
    truth = json.loads((work / "truth.json").read_text("utf-8"))
    extracted = {}
    with open(work / "extracted.jsonl", encoding="utf-8") as fh:
        for line in fh:
            key, data = json.loads(line)
            if data:
                extracted[key] = data
    keys = sorted(extracted)
    signatures = [bytes.fromhex(extracted[k]["signature"] or "") or None for k in keys]

    def article_of(key: str) -> Article:
        data = extracted[key]
        return Article(key, data["title"], data["body"], encoding=data["encoding"])

    originals = [k for k in keys if not k.startswith("twins/")]
    for share in (4, 2, 1):
        part = set(originals[: len(originals) // share]) | {
            t for t, o in truth.items() if t in extracted and share == 1
        }
        sub = [k for k in keys if k in part]
        subsig = [s for k, s in zip(keys, signatures, strict=True) if k in part]
        started = time.perf_counter()
        pairs = dedup_measures.candidate_pairs(sub, subsig)
        groups = dedup.group_duplicates(sub, subsig, article_of)
        seconds = time.perf_counter() - started
        print(f"{len(sub):7} articles: {len(pairs):6} candidate pairs, grouping "
              f"{seconds:.1f} s, {sum(map(len, groups.values()))} copies collapsed")  # fmt: skip
    group_of = {}
    for canonical, copies in groups.items():
        for member in (canonical, *copies):
            group_of[member] = canonical
    missing = [t for t in truth if t not in extracted]
    found = [t for t, o in truth.items() if t in extracted and group_of[t] == group_of[o]]
    print(f"planted twins: {len(truth)}, extracted {len(truth) - len(missing)}, grouped with "
          f"their original {len(found)}: recall {len(found) / len(truth):.4f}")  # fmt: skip
    by_encoding: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for twin, original in truth.items():
        counts = by_encoding[twin.rsplit("-", 1)[1].removesuffix(".html")]
        counts[0] += 1
        counts[1] += twin in extracted and group_of[twin] == group_of[original]
    print("  by encoding: " + ", ".join(f"{e} {f}/{n}" for e, (n, f) in by_encoding.items()))

    source = {original_key(r): (r["title"], r["body"]) for r in records}
    content_class = {k: source[truth.get(k, k)] for k in keys}
    false_groups = []
    for canonical, copies in groups.items():
        classes = {content_class[m] for m in (canonical, *copies)}
        if len(classes) > 1:
            false_groups.append((canonical, copies))
    repeats = sum(
        max(0, len([m for m in (c, *cs) if not m.startswith("twins/")]) - 1)
        for c, cs in groups.items()
    )
    groups_of_text: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key in originals:
        groups_of_text[content_class[key]].add(group_of[key])
    split = sum(len(found) - 1 for found in groups_of_text.values())
    print(f"VNTC exact repeats left in a group of their own (must be 0): {split}")
    from indexer.text.analysis import exact_terms

    def words(key: str) -> tuple[str, ...]:
        title, body = content_class[key]
        return tuple(exact_terms(f"{title}\n{body}"))

    same_words = [g for g in false_groups if len({words(m) for m in (g[0], *g[1])}) == 1]
    edited = [g for g in false_groups if g not in same_words]
    print(f"groups joining different source texts: {len(false_groups)}, of which "
          f"{len(same_words)} join texts with the same words (they differ only in whitespace, "
          f"punctuation, case or tone placement) and {len(edited)} join texts whose words "
          f"differ (false groups); VNTC exact repeats collapsed as copies: {repeats}")  # fmt: skip
    for canonical, copies in (edited + same_words)[:EXAMPLES]:
        for member in (canonical, *copies):
            print(f"    {member}: {extracted[member]['title'][:90]}")
        a, b = (dedup_measures.shingles(article_of(m).title, article_of(m).body) for m in
                (canonical, copies[0]))  # fmt: skip
        print(f"    jaccard {dedup_measures.jaccard(a, b):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
