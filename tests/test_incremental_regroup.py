"""Incremental near-duplicate grouping (``indexer.regroup``) gives ``dedup.group_duplicates``'s
groups while reading only the change's buckets."""

from __future__ import annotations

import random

import pytest

from indexer import dedup, dedup_signature, regroup
from indexer.article import Article

WORDS = (  # noqa: SIM905
    "giáo dục đào tạo học sinh giáo viên trường thi đua khen thưởng năm học tỉnh thành phố huyện "
    "quận phòng sở bộ chất lượng kỳ thi tốt nghiệp trung học phổ thông cơ sở mầm non tiểu học "
    "chương trình sách giáo khoa đổi mới kiểm tra đánh giá hội nghị tổng kết hòa thủy ủy đường"
).split()


def text(seed: int, length: int = 200) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(length))


def art(path: str, seed: int, extra: str = "", encoding: str = "utf-8") -> Article:
    """Article ``seed``'s text; ``extra`` a line of furniture (a copy) or a paragraph (an edit)."""
    return Article(path, f"Bài {seed}", text(seed) + extra, encoding=encoding)


COPY_LINE = "\nTác giả: Minh"  # a short line: the same article
EDIT = "\n" + text(999, 60)  # an added paragraph: another article


def base() -> dict[str, Article]:
    """Ten articles, three of them with copies (one group of three)."""
    articles = {f"o{i}.html": art(f"o{i}.html", i) for i in range(10)}
    articles["c1.html"] = art("c1.html", 1, COPY_LINE, "cp1258")
    articles["c2/long.html"] = art("c2/long.html", 2, COPY_LINE)
    articles["c3.html"] = art("c3.html", 2, "", "tcvn3")
    articles["c4.html"] = art("c4.html", 5)
    return articles


def change(step: str, articles: dict[str, Article]) -> tuple[set[str], set[str]]:
    """Apply ``step`` to ``articles``; (changed keys, removed keys)."""
    edits: dict[str, Article] = {
        "add-copy": art("n.html", 3, COPY_LINE),
        "add-copy-of-copied": art("a.html", 2),  # a shorter utf-8 path: the new canonical
        "edit-copy": art("c1.html", 1, EDIT),  # no longer a copy
        "edit-into-copy": art("o7.html", 4, COPY_LINE),  # becomes a copy of o4
        "edit-canonical": art("o2.html", 2, EDIT),  # its copies stay together
        "add-other": art("n.html", 40),
    }
    removals = {"remove-canonical": "o2.html", "remove-copy": "c3.html", "remove-single": "o8.html"}
    if step in edits:
        articles[edits[step].path] = edits[step]
        return {edits[step].path}, set()
    if step in removals:
        del articles[removals[step]]
        return set(), {removals[step]}
    rng = random.Random(step)  # "mixed-N": several of the above at once, seeded
    changed, removed = set(), set()
    for key in rng.sample(sorted(articles), 4):
        if rng.random() < 0.3:
            del articles[key]
            removed.add(key)
        else:
            seed = rng.choice([1, 2, 5, 50, 51])
            articles[key] = art(key, seed, rng.choice(["", COPY_LINE, EDIT]))
            changed.add(key)
    return changed, removed


def grouping(articles: dict[str, Article], previous=None, changed=()):
    keys = sorted(articles)
    signatures = [dedup_signature.fingerprint(articles[k]) for k in keys]
    return dedup.group_duplicates(keys, signatures, articles.__getitem__, previous, changed)


STEPS = [
    "add-copy",
    "add-copy-of-copied",
    "edit-copy",
    "edit-into-copy",
    "edit-canonical",
    "add-other",
    "remove-canonical",
    "remove-copy",
    "remove-single",
    *(f"mixed-{n}" for n in range(8)),
]


@pytest.mark.parametrize("step", STEPS)
def test_regroup_gives_group_duplicates_groups(step):
    articles = base()
    previous = grouping(articles)
    changed, removed = change(step, articles)
    keys = sorted(articles)
    signatures = [dedup_signature.fingerprint(articles[k]) for k in keys]
    grouped = {k: v for k, v in previous.items() if v}
    read: list[str] = []

    def article_of(key: str) -> Article:
        read.append(key)
        return articles[key]

    result = regroup.regroup(
        keys, signatures, article_of, grouped, lambda ks: set(ks) & set(previous), changed, removed
    )
    assert all(previous[k] == v for k, v in result.before.items())
    after = {k: v for k, v in previous.items() if k not in result.dropped()}
    after.update(result.groups)
    assert after == grouping(articles, {k: list(v) for k, v in previous.items()}, changed)
    assert after == grouping(articles)  # and the groups of a full grouping
    # Only the change's candidates are read: changed keys, members of groups they touch, and
    # whatever shares an LSH bucket with one, with its stored group.
    focus = changed | {
        m for c, cs in grouped.items() if {c, *cs} & (changed | removed) for m in (c, *cs)
    }
    near = set(focus)
    for bucket in dedup.candidate_buckets(keys, signatures, focus & set(keys)):
        near.update(bucket)
    near.update(m for c, cs in grouped.items() if {c, *cs} & near for m in cs)
    assert set(read) <= near


def test_focus_buckets_are_the_focus_keys_buckets():
    articles = base()
    keys = sorted(articles)
    signatures = [dedup_signature.fingerprint(articles[k]) for k in keys]
    every = dedup.candidate_buckets(keys, signatures)
    for focus in ({"c1.html"}, {"o2.html", "o9.html"}, {"o9.html"}, set(keys)):
        expected = [bucket for bucket in every if set(bucket) & focus]
        assert dedup.candidate_buckets(keys, signatures, focus) == expected


def test_changed_documents_and_dropped():
    change = regroup.Regroup(
        groups={"a": ("b",), "c": (), "d": ()}, before={"a": (), "c": (), "b": (), "e": ()}
    )
    assert change.dropped() == ["b", "e"]
    assert change.changed_documents({"d"}) == [("a", ("b",)), ("d", ())]
