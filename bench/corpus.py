"""Synthetic Vietnamese education-news articles for the search benchmark, deterministic from a seed.

Why synthetic: the real archive holds a handful of articles; search cost depends on corpus size,
vocabulary skew and phrase structure, which a generator can reproduce at 20k-100k articles.
What makes it realistic enough to measure search on:

- syllables come from the real ``archive/`` texts (read through ``indexer.ingest.pipeline.load``,
so the
  legacy-encoded pages count too), chosen by a bigram chain over those texts (real phrases such as
  ``thi đua`` or ``giáo dục và đào tạo`` stay adjacent) mixed with Zipf-weighted jumps over the
  whole vocabulary (so every syllable appears, frequent ones far more often);
- unit names in the spellings the archive uses (``Sở GD&ĐT X``, ``Sở Giáo dục và Đào tạo tỉnh X``,
  ``Phòng GD&ĐT huyện Y``) with provinces from ``indexer/data/provinces.json``;
- a date line ``15/06/2020 - 06:20`` (years 1995-2025) except on some articles, and award
  sentences (Cờ thi đua, Bằng khen, Huân chương Lao động ...) on some;
- person names (rare syllable combinations: the tail a rare-word query hits);
- article length 150-900 words, in paragraphs, in the seeds' ``.txt`` layout.

Usage: ``python bench/corpus.py OUT_DIR --articles N [--seed S]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

log = logging.getLogger(__name__)

ARCHIVE = ROOT / "archive"
PROVINCES = ROOT / "indexer" / "data" / "provinces.json"
MIN_WORDS, MAX_WORDS = 150, 900  # article length range the brief asks for
PARAGRAPH_WORDS = (40, 140)  # paragraph lengths seen in the seeds
SENTENCE_WORDS = (8, 28)
YEARS = (1995, 2025)
UNDATED_SHARE = 0.08  # articles without a date line (about 1 in 12 seeds-like pages has none)
AWARD_SHARE = 0.35  # share of articles with one or more award sentences
FOLLOW_BIGRAM = 0.75  # chance the next syllable follows a real bigram rather than a Zipf jump
ZIPF_EXPONENT = 1.05  # s in weight = 1 / rank**s; ~1 is the classic shape of word frequencies
NAME_SHARE = 0.4  # share of articles naming a person (Ông/Bà + full name)
# Real district-level names (huyện, thị xã, TP) for ``Phòng GD&ĐT`` mentions; any capitalised
# name is read as a district by indexer.enrich.units, these just look like the archive's.
DISTRICTS = (
    ("huyện", "Đại Từ"), ("huyện", "Phú Lương"), ("huyện", "Định Hóa"), ("huyện", "Võ Nhai"),
    ("huyện", "Đồng Hỷ"), ("TP", "Thái Nguyên"), ("TP", "Sông Công"), ("thị xã", "Phổ Yên"),
    ("huyện", "Mường Nhé"), ("huyện", "Tuần Giáo"), ("huyện", "Điện Biên Đông"),
    ("quận", "Cầu Giấy"), ("quận", "Ba Đình"), ("quận", "Hoàn Kiếm"), ("huyện", "Sóc Sơn"),
    ("huyện", "Gia Lâm"), ("thị xã", "Sơn Tây"), ("huyện", "Thanh Oai"), ("huyện", "Yên Sơn"),
    ("huyện", "Chiêm Hóa"), ("huyện", "Na Hang"), ("TP", "Việt Trì"), ("huyện", "Thanh Sơn"),
    ("huyện", "Lâm Thao"), ("huyện", "Văn Chấn"), ("thị xã", "Nghĩa Lộ"), ("huyện", "Bảo Yên"),
    ("huyện", "Sa Pa"), ("huyện", "Bắc Hà"), ("quận", "Ninh Kiều"), ("huyện", "Phong Điền"),
    ("huyện", "Krông Pắc"), ("huyện", "Ea Súp"), ("TP", "Buôn Ma Thuột"), ("huyện", "Hải Hậu"),
    ("huyện", "Giao Thủy"), ("thị xã", "Hương Thủy"), ("huyện", "Quỳnh Lưu"), ("huyện", "Nghi Lộc"),
    ("TP", "Vinh"), ("huyện", "Thủy Nguyên"), ("quận", "Hải An"), ("huyện", "Cát Hải"),
)  # fmt: skip
SO_FORMS = ("Sở GD&ĐT {p}", "Sở Giáo dục và Đào tạo {t} {p}", "Sở GDĐT {p}", "Sở GD-ĐT {p}")
PHONG_FORMS = ("Phòng GD&ĐT {l} {d}", "Phòng Giáo dục và Đào tạo {l} {d}", "Phòng GDĐT {l} {d}")
# Award sentences in the shapes of the seeds (see issue 5); {u} is a unit, {y} a year.
AWARD_SENTENCES = (
    "Năm học {y}-{y1}, {u} được Bộ Giáo dục và Đào tạo tặng Cờ thi đua xuất sắc",
    "{u} đã được Chủ tịch nước tặng thưởng Huân chương Lao động hạng Ba (năm {y})",
    "{u} vinh dự được Nhà nước trao tặng Huân chương Lao động hạng Nhì năm {y}",
    "Năm {y}, {u} được Thủ tướng Chính phủ tặng Bằng khen",
    "{u} được UBND tỉnh tặng Cờ thi đua đơn vị dẫn đầu phong trào thi đua năm học {y}-{y1}",
    "Năm học {y}-{y1}, {u} nhận Bằng khen của Bộ trưởng Bộ GD&ĐT",
    "{u} được tặng Cờ thi đua của Chính phủ năm {y}",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Dương", "Ngô")
WORD_RE = re.compile(r"\w+")
SENTENCE_SPLIT = re.compile(r"[.!?;:\n]+")


@dataclass(frozen=True)
class Model:
    """Syllable statistics of the real archive: the generator's only source of words."""

    vocab: tuple[str, ...]  # by descending frequency
    cum_weights: tuple[float, ...]  # Zipf weights over ``vocab`` ranks, cumulative
    successors: dict[str, tuple[str, ...]]  # word -> words that follow it in the archive
    provinces: tuple[str, ...]


def _archive_texts(archive: Path) -> list[str]:
    """Title and body of every article in ``archive``, through the project's own reader."""
    from indexer.article import Article
    from indexer.ingest.archive import iter_archive
    from indexer.ingest.pipeline import load

    texts = []
    for path in iter_archive(archive):
        record = load(archive, path)
        if isinstance(record, Article):
            texts += [record.title, record.body]
    return texts


def build_model(texts: list[str], provinces: tuple[str, ...]) -> Model:
    """Unigram ranks and bigram successors of ``texts`` (case kept: proper nouns stay capital)."""
    counts: Counter[str] = Counter()
    successors: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        for sentence in SENTENCE_SPLIT.split(text):
            words = [w for w in WORD_RE.findall(sentence) if not w.isdigit()]
            counts.update(words)
            for a, b in itertools.pairwise(words):
                successors[a].append(b)
    vocab = tuple(w for w, _ in counts.most_common())
    total, cum = 0.0, []
    for rank in range(1, len(vocab) + 1):
        total += 1.0 / rank**ZIPF_EXPONENT
        cum.append(total)
    return Model(vocab, tuple(cum), {k: tuple(v) for k, v in successors.items()}, provinces)


def load_model(archive: Path = ARCHIVE) -> Model:
    provinces = tuple(json.loads(PROVINCES.read_text(encoding="utf-8"))["provinces_pre_2025"])
    return build_model(_archive_texts(archive), provinces)


def _words(model: Model, rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    for _ in range(n):
        follow = model.successors.get(out[-1]) if out else None
        if follow and rng.random() < FOLLOW_BIGRAM:
            out.append(rng.choice(follow))
        else:
            out.append(rng.choices(model.vocab, cum_weights=model.cum_weights)[0])
    return out


def _sentence(words: list[str]) -> str:
    return words[0][:1].upper() + " ".join(words)[1:]


def _unit(model: Model, rng: random.Random) -> str:
    if rng.random() < 0.6:
        province = rng.choice(model.provinces)
        kind = "thành phố" if province in ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ") else "tỉnh"
        return rng.choice(SO_FORMS).format(p=province, t=kind)
    level, district = rng.choice(DISTRICTS)
    level_long = {"TP": "thành phố"}.get(level, level)
    return rng.choice(PHONG_FORMS).format(l=rng.choice((level, level_long)), d=district)


def _person(model: Model, rng: random.Random) -> str:
    given = [w.capitalize() for w in rng.choices(model.vocab[50:], k=2) if w.isalpha()]
    return " ".join([rng.choice(SURNAMES), *given])


def _body_sentences(model: Model, rng: random.Random, units: list[str], year: int) -> list[str]:
    """Sentences of one article until its word budget is spent, units and awards mixed in."""
    budget = rng.randint(MIN_WORDS, MAX_WORDS)
    sentences: list[str] = []
    if rng.random() < AWARD_SHARE:
        for _ in range(rng.randint(1, 3)):
            y = rng.randint(YEARS[0], min(year, YEARS[1]))
            template = rng.choice(AWARD_SENTENCES)
            sentences.append(template.format(u=rng.choice(units), y=y, y1=y + 1))
    if rng.random() < NAME_SHARE:
        sentences.append(f"{rng.choice(('Ông', 'Bà'))} {_person(model, rng)}, Giám đốc "
                         f"{rng.choice(units)} cho biết")  # fmt: skip
    used = sum(len(s.split()) for s in sentences)
    while used < budget:
        words = _words(model, rng, min(rng.randint(*SENTENCE_WORDS), budget - used))
        if rng.random() < 0.25:
            words.insert(rng.randrange(len(words) + 1), rng.choice(units))
        sentences.append(_sentence(words))
        used += len(words)
    rng.shuffle(sentences)
    return sentences


def make_article(model: Model, rng: random.Random) -> str:
    """One article in the seeds' ``.txt`` layout: title, blank line, date line, paragraphs."""
    units = [_unit(model, rng) for _ in range(rng.randint(1, 3))]
    year = rng.randint(*YEARS)
    title_words = _words(model, rng, rng.randint(6, 14))
    if rng.random() < 0.5:
        title_words.append(units[0])
    lines = [_sentence(title_words), ""]
    if rng.random() >= UNDATED_SHARE:
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        time_of_day = f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}"
        lines += [f"{day:02d}/{month:02d}/{year} - {time_of_day}", ""]
    paragraph: list[str] = []
    limit = rng.randint(*PARAGRAPH_WORDS)
    for sentence in _body_sentences(model, rng, units, year):
        paragraph.append(sentence + ".")
        if sum(len(s.split()) for s in paragraph) >= limit:
            lines += [" ".join(paragraph), ""]
            paragraph, limit = [], rng.randint(*PARAGRAPH_WORDS)
    if paragraph:
        lines.append(" ".join(paragraph))
    return "\n".join(lines) + "\n"


def generate(out_dir: Path, articles: int, seed: int, model: Model | None = None) -> int:
    """Write ``articles`` files under ``out_dir``, 1000 per subfolder; same seed, same files."""
    model = model or load_model()
    rng = random.Random(seed)
    for i in range(articles):
        folder = out_dir / f"{i // 1000:03d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:06d}.txt").write_text(make_article(model, rng), encoding="utf-8")
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    generate(args.out, args.articles, args.seed)
    print(f"wrote {args.articles} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
