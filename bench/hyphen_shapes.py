"""How real text puts hyphens between words: the data behind the query language's ``-word``.

    .venv/bin/python bench/hyphen_shapes.py [--corpus PATH]

Reads VNTC's ``vntc.jsonl.gz`` where it lies (``../shared/corpora/vntc/``; nothing is copied)
and counts, in titles and bodies (NFC), each shape of a hyphen-minus between two words:
``A-B`` (glued), ``A - B`` (spaced), ``A -B`` (what a search engine reads as NOT B), ``A- B``,
and a line starting ``-B`` (a list item), with how many articles hold each. For ``A -B`` it also
says what the two sides are (a number, a capitalised word, a lower-case one), because a
pasted headline such as ``Hoa Thủy -Lệ Thủy`` or a score ``2 -1`` is the case where reading NOT
would exclude the very article. ``searchsvc.engine.querylang`` cites its figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VNTC_CANDIDATES = [p / "shared/corpora/vntc/vntc.jsonl.gz" for p in ROOT.parents]
FIELDS = ("title", "body")
_WORD = r"[^\W_]"  # a letter or digit (any script): what a syllable or number starts with
_GAP = r"[ \t\u00a0]+"  # spaces within a line, the no-break space pasted pages carry included
SHAPES = {
    "A-B": re.compile(rf"{_WORD}-{_WORD}"),
    "A - B": re.compile(rf"{_WORD}{_GAP}-{_GAP}{_WORD}"),
    "A -B": re.compile(rf"{_WORD}{_GAP}-{_WORD}"),
    "A- B": re.compile(rf"{_WORD}-{_GAP}{_WORD}"),
    "line starts -B": re.compile(rf"(?m)^[ \t]*-{_WORD}"),
}
# ``A -B`` with the word on each side and the next word, if any, to tell names from the rest.
_NEGATION_LIKE = re.compile(rf"({_WORD}+){_GAP}-({_WORD}+)((?:{_GAP}{_WORD}+)?)")


def kind(word: str) -> str:
    """``digit``, ``Upper`` or ``lower``: what a side of a hyphen reads as."""
    if word[0].isdigit():
        return "digit"
    return "Upper" if word[0].isupper() else "lower"


def count(lines: Iterable[str]) -> tuple[int, dict[str, Counter[str]], dict[str, Counter[str]]]:
    """(articles, occurrences per field and shape, articles per field and shape); the sides of
    ``A -B`` are counted under ``A -B <kind> -<kind> <next>``."""
    occurrences = {field: Counter[str]() for field in FIELDS}
    holding = {field: Counter[str]() for field in FIELDS}
    articles = 0
    for line in lines:
        record = json.loads(line)
        articles += 1
        for field in FIELDS:
            text = unicodedata.normalize("NFC", record.get(field) or "")
            for shape, pattern in SHAPES.items():
                found = len(pattern.findall(text))
                if found:
                    occurrences[field][shape] += found
                    holding[field][shape] += 1
            for m in _NEGATION_LIKE.finditer(text):
                after = m.group(3).strip()
                sides = f"{kind(m.group(1))} -{kind(m.group(2))} {kind(after) if after else 'end'}"
                occurrences[field][f"A -B  {sides}"] += 1
    return articles, occurrences, holding


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="vntc.jsonl.gz (default: found beside ROOT)")
    args = parser.parse_args(argv)
    path = args.corpus or next((p for p in VNTC_CANDIDATES if p.is_file()), None)
    if path is None or not path.is_file():
        print("vntc.jsonl.gz not found: give --corpus", file=sys.stderr)
        return 2
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        articles, occurrences, holding = count(fh)
    print(f"{articles} articles in {path}")
    for field in FIELDS:
        between = sum(occurrences[field][s] for s in ("A-B", "A - B", "A -B", "A- B"))
        print(f"{field}: {between} hyphens between two words")
        for shape in SHAPES:
            n = occurrences[field][shape]
            share = f"{100 * n / between:5.2f} % of them" if shape != "line starts -B" else ""
            print(f"  {shape:15s} {n:7d} in {holding[field][shape]:6d} articles  {share}")
        sides = sorted((k, v) for k, v in occurrences[field].items() if k.startswith("A -B  "))
        for key, n in sorted(sides, key=lambda kv: -kv[1]):
            print(f"    {key[6:]:28s} {n:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
