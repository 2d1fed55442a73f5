"""Near-duplicate detection: shingles, min-hash candidates, verification, canonical copy."""

from __future__ import annotations

import random
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import dedup, dedup_signature
from indexer.article import Article, Skipped

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import dedup_measures  # bench/: measures only benchmarks and tests use

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TWINS = PROJECT_ROOT / "archive" / "html" / "portal-twins"
WORD_TEXT = (
    "giáo dục đào tạo học sinh giáo viên trường thi đua khen thưởng năm học tỉnh thành phố huyện "
    "quận phòng sở bộ chất lượng kỳ thi tốt nghiệp trung học phổ thông cơ sở mầm non tiểu học "
    "chương trình sách giáo khoa đổi mới kiểm tra đánh giá hội nghị tổng kết hòa thủy ủy đường"
)
WORDS = WORD_TEXT.split()


def body(seed: int, length: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(length))


def art(path: str, text: str, encoding: str = "utf-8", title: str = "Tổng kết năm học") -> Article:
    return Article(path=path, title=title, body=text, encoding=encoding)


def groups_of(*articles: Article, previous=None, changed=()) -> dict[str, tuple[str, ...]]:
    by_path = {a.path: a for a in articles}
    keys = sorted(by_path)
    signatures = [dedup_signature.fingerprint(by_path[k]) for k in keys]
    return dedup.group_duplicates(keys, signatures, by_path.__getitem__, previous, changed)


BASE = body(1)


@pytest.mark.parametrize(
    "variant",
    [
        unicodedata.normalize("NFD", BASE),
        BASE.upper(),
        BASE.replace("hòa", "hoà").replace("thủy", "thuỷ").replace("ủy", "uỷ"),
        BASE.replace("đ", "\u00f0"),  # the eth that old pages type for đ
        "  \n".join(BASE.split(" ")),
    ],
    ids=["nfd", "upper", "old-tone-placement", "eth", "whitespace"],
)
def test_encoding_and_spelling_variants_have_identical_shingles(variant):
    assert dedup_measures.shingles("Tổng kết", variant) == dedup_measures.shingles("Tổng kết", BASE)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (frozenset({1, 2, 3, 4}), frozenset({1, 2, 3, 4}), 1.0),
        (frozenset({1, 2, 3, 4}), frozenset({1, 2, 3, 5}), 0.6),
        (frozenset({1, 2}), frozenset({3, 4}), 0.0),
        (frozenset(), frozenset(), 0.0),
    ],
)
def test_jaccard(a, b, expected):
    assert dedup_measures.jaccard(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("title", "text", "shingles"),
    [("", "", 0), ("", " ,;. ", 0), ("Ngắn", "", 1), ("Một hai ba", "bốn năm", 2)],
)
def test_fingerprint_of_empty_and_short_texts(title, text, shingles):
    """An empty text has no fingerprint (never grouped); a short one is a single shingle."""
    assert len(dedup_measures.shingles(title, text)) == shingles
    signature = dedup_signature.fingerprint(art("a.txt", text, title=title))
    assert signature is None if not shingles else len(signature) == 4 * dedup_signature.PERMUTATIONS


def reference_signature(title: str, text: str) -> bytes:
    """The min-hash definition in plain Python over the set of distinct shingles: for each
    permutation, the smallest ``(shingle ^ salt) * multiplier mod 2**64``, its top 32 bits."""
    shingles = {int(h) for h in dedup_signature.shingle_array(title, text)}
    words = []
    for salt, mult in zip(
        dedup_signature._SALTS.tolist(), dedup_signature._MULTS.tolist(), strict=True
    ):
        words.append(min(((h ^ salt) * mult) % 2**64 for h in shingles) >> 32)
    return b"".join(w.to_bytes(4, "little") for w in words)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Ngắn", ""),  # one shingle
        ("Tổng kết", body(3, 40)),
        ("Tổng kết", " ".join([body(4, 12)] * 5)),  # every shingle repeated
        ("Thi đua", "học sinh học sinh học sinh học sinh giỏi " * 20),
    ],
    ids=["one-shingle", "plain", "repeated-paragraph", "repeated-words"],
)
def test_signature_is_the_minimum_over_distinct_shingles(title, text):
    """The signature is taken over shingles with repeats (no sort, no unique): the same
    minimums as over the distinct shingle set."""
    assert dedup_signature.fingerprint(art("a.txt", text, title=title)) == reference_signature(
        title, text
    )


@pytest.mark.parametrize(
    ("copies", "canonical"),
    [
        ([("b/long-name.html", "utf-8"), ("a/x.html", "cp1258")], "b/long-name.html"),
        ([("tcvn/x.html", "tcvn3"), ("vni/y.html", "vni"), ("cp/zz.html", "cp1258")], "cp/zz.html"),
        ([("site-b/article.html", "utf-8"), ("a/article.html", "utf-8")], "a/article.html"),
        ([("b/same.html", "utf-8"), ("a/same.html", "utf-8")], "a/same.html"),
        ([("b/bom.html", "utf-8-sig"), ("long/path/x.html", "tcvn3")], "b/bom.html"),
    ],
    ids=["utf8-beats-shorter-legacy", "shortest-legacy", "shortest-path", "lexicographic", "bom"],
)
def test_canonical_copy_prefers_utf8_then_shortest_then_lexicographic(copies, canonical):
    groups = groups_of(*(art(path, BASE, encoding) for path, encoding in copies))
    others = sorted(path for path, _ in copies if path != canonical)
    assert groups == {canonical: tuple(others)}


def with_furniture(text: str) -> str:
    """What extraction may leave of a portal page's furniture: a date line, a byline."""
    return "Thứ hai - 15/06/2009 06:20\n" + text + "\nTác giả: Minh"


def rewrite(text: str, fraction: float, seed: int) -> str:
    """Replace ``fraction`` of the words by random ones: the same topic, another text."""
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), int(len(words) * fraction)):
        words[i] = rng.choice(WORDS)
    return " ".join(words)


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (BASE, True),
        (with_furniture(BASE), True),
        (unicodedata.normalize("NFD", BASE) + "\nẢnh: B.Ngọc", True),
        (BASE + "\nTheo báo Giáo dục và Thời đại", False),  # a credit line: an edit
        (BASE + "\n" + body(7, 90), False),  # an added paragraph
        (rewrite(BASE, 0.02, 3), False),  # a few words replaced
        (BASE[: len(BASE) // 2] + " " + body(9, 150), False),  # shares its first half only
        (body(2), False),
    ],
    ids=[
        "identical",
        "date-and-byline-lines",
        "nfd-with-photo-credit-line",
        "credit-line",
        "added-paragraph",
        "rewritten-2pct",
        "half",
        "other",
    ],
)
def test_copies_are_grouped_and_edited_republications_are_not(other, same):
    groups = groups_of(art("a.html", BASE), art("b.html", other))
    assert groups == ({"a.html": ("b.html",)} if same else {"a.html": (), "b.html": ()})


def test_a_republication_sharing_every_bucket_does_not_keep_copies_apart():
    """``a`` (an edited republication) sorts first in buckets that also hold two copies of
    another text: the copies are compared with each other, not only with ``a``."""
    edited = art("a.html", BASE + "\nTheo báo Giáo dục và Thời đại")
    copies = [art("b.html", BASE), art("c.html", BASE, "cp1258")]
    by_path = {x.path: x for x in (edited, *copies)}
    same = dedup_signature.fingerprint(copies[0])  # every band equal: one bucket in all 16 bands
    groups = dedup.group_duplicates(sorted(by_path), [same] * 3, by_path.__getitem__)
    assert groups == {"a.html": (), "b.html": ("c.html",)}


@pytest.mark.parametrize("members", [2, dedup.MAX_REPRESENTATIVES + 3])
def test_verifications_per_member_are_bounded(members, monkeypatch):
    """Distinct articles in one bucket: each member is compared with at most
    ``MAX_REPRESENTATIVES`` others, however large the bucket."""
    articles = {f"o{i:02d}.html": art(f"o{i:02d}.html", body(500 + i)) for i in range(members)}
    calls: list[int] = []
    real = dedup.same_article
    monkeypatch.setattr(dedup, "same_article", lambda a, b: calls.append(1) or real(a, b))
    signature = dedup_signature.fingerprint(articles["o00.html"])
    groups = dedup.group_duplicates(sorted(articles), [signature] * members, articles.__getitem__)
    assert len(groups) == members
    bound = dedup.MAX_REPRESENTATIVES
    assert len(calls) == sum(min(i, bound) for i in range(members))


def test_three_copies_and_unrelated_articles():
    articles = [art(f"copy{i}.html", with_furniture(BASE) if i else BASE) for i in range(3)]
    articles += [art(f"other{i}.html", body(100 + i)) for i in range(20)]
    groups = groups_of(*articles)
    assert groups["copy0.html"] == ("copy1.html", "copy2.html")
    assert len(groups) == 21


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["utf-8", "cp1258"])), max_size=12))
def test_groups_partition_the_articles(specs):
    """Every article is either a document or a copy of exactly one document."""
    articles = [art(f"p{i}.txt", body(seed, 60), enc) for i, (seed, enc) in enumerate(specs)]
    groups = groups_of(*articles)
    listed = list(groups) + [copy for copies in groups.values() for copy in copies]
    assert sorted(listed) == sorted(a.path for a in articles)
    assert len(groups) == len({seed for seed, _ in specs})


def test_portal_twins_in_the_sample_archive_are_one_article():
    if not TWINS.is_dir():
        pytest.skip("archive/html/portal-twins/ not in the archive yet")
    from indexer.ingest.pipeline import load

    records = [load(TWINS.parent.parent, path) for path in sorted(TWINS.iterdir())]
    articles = [r for r in records if not isinstance(r, Skipped)]
    assert len(articles) == len(records) >= 4
    groups = groups_of(*articles)
    assert len(groups) == 1
    (canonical,) = groups
    by_path = {a.path: a for a in articles}
    assert by_path[canonical].encoding.startswith("utf")
    assert {by_path[p].encoding for p in groups[canonical]} >= {"cp1258", "tcvn3"}


def test_candidates_grow_linearly_with_bucket_stars():
    """Identical copies meet in every band but pair only with the bucket's first member, and
    distinct articles on one topic (same vocabulary) rarely meet at all."""
    copies = [art(f"copy{i:02d}.html", BASE) for i in range(40)]
    others = [art(f"other{i:03d}.html", body(1000 + i, 120)) for i in range(300)]
    keys = sorted(a.path for a in copies + others)
    by_path = {a.path: a for a in copies + others}
    pairs = dedup_measures.candidate_pairs(
        keys, [dedup_signature.fingerprint(by_path[k]) for k in keys]
    )
    assert {("copy00.html", f"copy{i:02d}.html") for i in range(1, 40)} <= pairs
    assert len(pairs) <= 39 + 30  # the star of the copies, and few chance meetings


@pytest.mark.parametrize("step", ["add-copy", "remove-canonical", "change-copy", "add-other"])
def test_incremental_grouping_equals_a_full_grouping(step):
    """Starting from the stored groups and re-checking only changed keys gives the groups a
    full grouping gives."""
    base = [art("a.html", BASE), art("b/long.html", with_furniture(BASE), "cp1258")]
    base += [art(f"o{i}.html", body(200 + i)) for i in range(6)]
    previous = {k: list(v) for k, v in groups_of(*base).items()}
    by_path = {a.path: a for a in base}
    changed: set[str] = set()
    if step == "add-copy":
        by_path["c.html"], changed = art("c.html", BASE + "\nTác giả: Minh"), {"c.html"}
    elif step == "remove-canonical":
        del by_path["a.html"]
    elif step == "change-copy":
        by_path["b/long.html"], changed = art("b/long.html", body(77)), {"b/long.html"}
    else:
        by_path["o9.html"], changed = art("o9.html", body(300)), {"o9.html"}
    articles = list(by_path.values())
    incremental = groups_of(*articles, previous=previous, changed=changed)
    assert incremental == groups_of(*articles)
