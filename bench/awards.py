"""Awards benchmark: the extractor on real news text (../shared/awards-dev, VNTC articles).

For each annotated article the VNTC text is read from ../shared/corpora/vntc (never copied into
the project), normalised to NFC as the ingest does, its units found, and ``find_awards`` run on it.
Records are compared as (type, recipient, year):
- type: the award-type key;
- year: the annotated ``year``, else its ``period`` ("2001-2005"), else none; ours is the record's
  ``period`` (a one-year period is that year);
- recipient: both names folded (no marks, ``đ``->``d``), lowercased, punctuation dropped, and
  leading honorifics (ông, bà, đồng chí, cố …) removed; equal, or one ends with the other and the
  shorter has at least ``MIN_SUFFIX_SYLLABLES`` syllables ("Thiếu tướng Phạm Xuân Ẩn" ~ "Phạm Xuân
  Ẩn"; "Sở Y tế TP" ~ "Sở Y tế" is not a suffix and does not match).
Each gold record is matched at most once and each extracted record at most once. An extracted
record that matches no gold record is a false positive; when its recipient is, by the same rule,
the presenter or conferring body of an annotated award of the same article, or a name the
sentence puts right before a gift verb ("Ông X trao …"), it is counted apart as presenter-as-
recipient. Prints precision and recall overall, per recipient kind (recall by the gold kind,
precision by ours) and per type, then every miss and false hit with ``--show``.

Usage: ``.venv/bin/python bench/awards.py [--show] [--data DIR] [--corpus FILE]``.
``--index ROOT`` reports the awards table of a built index (mentions, overview rows,
identities repeated, conferring bodies); ``--overview`` builds that overview in process from every
VNTC article with award words. ``--sample-outside N [--seed S]`` prints N records
extracted from the other VNTC articles with award words (the awards-dev selection rule,
awards-dev itself left out), for reading: the guard against tuning to awards-dev.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.article import Article  # noqa: E402
from indexer.enrich.award_records import Award  # noqa: E402
from indexer.enrich.awards import find_awards  # noqa: E402
from indexer.enrich.units import find_units  # noqa: E402
from indexer.text.analysis import fold_text  # noqa: E402

SHARED = ROOT.parent / "shared"
for _up in (ROOT, *ROOT.parents):  # a worktree lives deeper than the main checkout
    if (_up / "shared" / "awards-dev").is_dir():
        SHARED = _up / "shared"
        break
DEFAULT_DATA = SHARED / "awards-dev" / "articles.jsonl"
DEFAULT_CORPUS = SHARED / "corpora" / "vntc" / "vntc.jsonl.gz"
# A suffix match needs a real name: two syllables ("Xuân Ẩn" is not enough to be sure, but a
# Vietnamese given name plus middle name is how the text itself shortens a person's name).
MIN_SUFFIX_SYLLABLES = 2
HONORIFICS = re.compile(r"^(?:(?:ong|ba|dong chi|co|anh|chi|thay|nha giao|gia dinh|tap the)\s+)+")


def norm_name(name: str) -> str:
    """Folded, lowercased, punctuation-free, honorific-free form of a recipient name."""
    text = fold_text(unicodedata.normalize("NFC", name)).lower().replace("&amp;", "&")
    text = re.sub(r"\([^()]*\)", " ", text)  # "Trường X (Q.6, TP.HCM)": an apposition
    text = " ".join(re.sub(r"[^\w&]+", " ", text).split())
    return HONORIFICS.sub("", text)


def same_name(a: str, b: str) -> bool:
    x, y = norm_name(a), norm_name(b)
    if not x or not y:
        return False
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    return len(short.split()) >= MIN_SUFFIX_SYLLABLES and long.endswith(" " + short)


def gold_year(rec: dict) -> str | None:
    if rec.get("year") is not None:
        return str(rec["year"])
    return rec.get("period")


def our_year(a: Award) -> str | None:
    return a.period


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def line(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        return f"{name:<22} tp={self.tp:>4} fp={self.fp:>4} fn={self.fn:>4}  P={p:.3f}  R={r:.3f}"


def load_texts(corpus: Path, ids: set[str]) -> dict[str, dict]:
    out = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in ids:
                out[rec["id"]] = rec
    return out


def article_of(rec: dict) -> Article:
    title = unicodedata.normalize("NFC", rec["title"])
    body = unicodedata.normalize("NFC", rec["body"])
    return Article(path=rec["id"], title=title, body=body, units=tuple(find_units(title, body)))


def presenter_like(a: Award, gold: list[dict]) -> bool:
    """Is ``a``'s recipient the one who presented or conferred an award of this article?"""
    if any(g.get("conferred_by") and same_name(a.recipient, g["conferred_by"]) for g in gold):
        return True
    pos = fold_text(a.sentence).lower().find(norm_name(a.recipient))
    after = fold_text(a.sentence).lower()[pos:] if pos >= 0 else ""
    verb = re.match(r"^([^,.;]{0,60}?)\b(?:trao|tang|gan)\b", after)
    return bool(verb and not re.search(r"\b(?:duoc|nhan)\b", verb.group(1)))  # not passive


# The awards-dev selection rule (its README): award words, case-insensitive.
AWARD_WORDS = re.compile(
    r"huân chương|bằng khen|cờ thi đua|giấy khen|anh hùng lao động|anh hùng lực lượng|"
    r"chiến sĩ thi đua|nhà giáo (?:ưu tú|nhân dân)|danh hiệu|truy tặng|phong tặng",
    re.IGNORECASE,
)


def outside_records(corpus: Path, exclude: set[str]) -> list[tuple[str, str, Award]]:
    """(article id, title, record) for every record of the VNTC articles with award words that
    are not in ``exclude``."""
    records = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = f"{rec['title']} {rec['body']}"
            if rec["id"] in exclude or not AWARD_WORDS.search(unicodedata.normalize("NFC", text)):
                continue
            records += [(rec["id"], rec["title"], a) for a in find_awards(article_of(rec))]
    return records


def sample_outside(corpus: Path, exclude: set[str], size: int, seed: int) -> None:
    """Print ``size`` records extracted from VNTC articles with award words that are not in
    awards-dev, drawn at random (``seed``), each with its sentence: to be read and judged."""
    import random

    records = [(art, a) for art, _, a in outside_records(corpus, exclude)]
    print(f"outside awards-dev: {len(records)} records extracted; a sample of {size}:")
    for i, (art, a) in enumerate(random.Random(seed).sample(records, min(size, len(records)))):
        print(
            f"{i + 1:>3}. {art}: ({a.award_type}, {a.recipient!r} [{a.recipient_kind}], {a.period})"
        )
        print(f"     {a.sentence[:400]}")


def overview_report(corpus: Path) -> None:
    """The awards overview of every VNTC article with award words (awards-dev included), built
    in process as the awards table builds it (``searchsvc.awards.rows.merge_rows``): mentions,
    rows, rows repeating an identity (must be none), and the conferring bodies, to read for
    broken names. No index needed."""
    from indexer.enrich.award_records import award_to_json
    from searchsvc.awards.rows import merge_rows, row_from_record

    found = outside_records(corpus, set())
    rows = merge_rows([row_from_record(award_to_json(a), art, t) for art, t, a in found])
    identities = Counter(r.identity for r in rows)
    repeated = sum(n - 1 for n in identities.values() if n > 1)
    articles = len({art for art, _, _ in found})
    print(f"VNTC with award words: {len(found)} award mentions from {articles} articles")
    print(f"-> {len(rows)} overview rows; merged: {len(found) - len(rows)}; "
          f"rows repeating an identity: {repeated}")  # fmt: skip
    bodies = Counter(r.conferred_by for r in rows if r.conferred_by)
    print("conferring bodies:", "; ".join(f"{b} ({n})" for b, n in bodies.most_common()))


def table_report(index_root: Path) -> None:
    """The awards table of a built index: records before and after merging, identities repeated
    (must be none), and every conferring body with its count, to read for broken names."""
    from indexer.generations import open_current
    from searchsvc.awards.table import AwardsTable
    from searchsvc.engine.whoosh_reader import WhooshReader

    opened = open_current(index_root)
    reader = WhooshReader(opened.index.searcher())
    table = AwardsTable.from_reader(reader)
    evidence = sum(len(r.evidence) for r in table.rows)
    identities = Counter(r.identity for r in table.rows)
    repeated = sum(n - 1 for n in identities.values() if n > 1)
    merged = evidence - len(table.rows)
    print(f"{index_root}: {evidence} award mentions -> {len(table.rows)} overview rows")
    print(f"merged: {merged}; rows repeating an identity: {repeated}")
    bodies = Counter(r.conferred_by for r in table.rows if r.conferred_by)
    print("conferring bodies:", "; ".join(f"{b} ({n})" for b, n in bodies.most_common()))
    reader.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--show", action="store_true", help="print every miss and false hit")
    ap.add_argument(
        "--sample-outside", type=int, metavar="N", help="print N records from other articles"
    )
    ap.add_argument("--seed", type=int, default=11, help="seed of --sample-outside")
    ap.add_argument("--index", type=Path, help="report the awards table of a built index root")
    ap.add_argument(
        "--overview", action="store_true", help="report the overview of all VNTC award articles"
    )
    args = ap.parse_args(argv)
    if args.index:
        table_report(args.index)
        return 0
    if args.overview:
        overview_report(args.corpus)
        return 0
    annotated = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()]
    if args.sample_outside:
        sample_outside(args.corpus, {a["id"] for a in annotated}, args.sample_outside, args.seed)
        return 0
    texts = load_texts(args.corpus, {a["id"] for a in annotated})
    total, presenter = Tally(), 0
    by_kind: dict[str, Tally] = {}
    by_type: dict[str, Tally] = {}
    produced = Counter()
    for art in annotated:
        found = find_awards(article_of(texts[art["id"]]))
        produced[art["id"]] = len(found)
        gold = art["awards"]
        used = [False] * len(gold)
        for a in found:
            hit = next(
                (
                    i
                    for i, g in enumerate(gold)
                    if not used[i]
                    and g["type"] == a.award_type
                    and gold_year(g) == our_year(a)
                    and same_name(g["recipient"], a.recipient)
                ),
                None,
            )
            kind, typ = (
                by_kind.setdefault(a.recipient_kind, Tally()),
                by_type.setdefault(a.award_type, Tally()),
            )
            if hit is None:
                total.fp += 1
                kind.fp += 1
                typ.fp += 1
                is_presenter = presenter_like(a, gold)
                presenter += is_presenter
                if args.show:
                    tag = "PRESENTER" if is_presenter else "FALSE"
                    print(f"{tag} {art['id']}: ({a.award_type}, {a.recipient!r}, {a.period})")
                    print(f"      {a.sentence[:300]}")
                continue
            used[hit] = True
            total.tp += 1
            by_kind.setdefault(gold[hit]["recipient_kind"], Tally()).tp += 1
            typ.tp += 1
        for g, ok in zip(gold, used, strict=True):
            if not ok:
                total.fn += 1
                by_kind.setdefault(g["recipient_kind"], Tally()).fn += 1
                by_type.setdefault(g["type"], Tally()).fn += 1
                if args.show:
                    print(f"MISSED {art['id']}: ({g['type']}, {g['recipient']!r}, {gold_year(g)})")
                    print(f"      {g['evidence'][:300]}")
    n_gold = sum(len(a["awards"]) for a in annotated)
    print(f"awards-dev: {len(annotated)} articles, {n_gold} gold records, "
          f"{sum(produced.values())} extracted")  # fmt: skip
    print(total.line("overall"))
    print(f"presenter-as-recipient errors: {presenter}")
    print("per recipient kind (tp/fn by gold kind, fp by our kind):")
    for name, t in sorted(by_kind.items()):
        print("  " + t.line(name))
    print("per type:")
    for name, t in sorted(by_type.items()):
        print("  " + t.line(name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
