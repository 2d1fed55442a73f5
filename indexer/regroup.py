"""Near-duplicate groups of an incremental build, computed for the change only.

``indexer.dedup.group_duplicates`` with the previous groups gives every article's group, and so
walks every article: on a 1 % change of the 84k VNTC articles (826 files) reading every stored
group, bucketing every signature, a union-find over every key, reading the article of every
stored group to choose its canonical copy again, and rewriting the whole ``documents`` table
cost 2.6 s, a third of the build. Only groups that hold a changed, new or removed article, or
that share an LSH bucket with one, can change; every other group stays exactly as stored. So
here:

1. the stored groups of several articles are read (3,343 rows at 84k, not 79k), and the groups
   touching a changed or removed article dissolved; their members join the *focus*;
2. every signature is banded (``dedup.candidate_buckets`` with the focus), and only buckets
   holding a focus key are gathered (a vectorised membership test per band);
3. those buckets are verified exactly as ``group_duplicates`` does (same representatives, same
   pairs, same verification), over a union-find of the keys concerned only;
4. the groups of the keys concerned are compared with their stored groups: the ``Regroup``
   lists documents to drop and to write, nothing else.

The answer equals ``group_duplicates(keys, signatures, article_of, previous, changed)`` on every
key (``tests/test_incremental_regroup.py`` checks it on planted copies).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from indexer import dedup
from indexer.article import Article
from indexer.manifest import Manifest

Documents = list[tuple[str, tuple[str, ...]]]


def plan_documents(
    manifest: Manifest, changed: set[str], removed: set[str], *, incremental: bool
) -> tuple[Documents, list[str]]:
    """Group the manifest's articles into documents, store them, and say what to index:
    (documents to write with their copies, in key order; documents to delete first).

    A full build groups every article (``dedup.group_duplicates``); an incremental one only the
    change (``regroup``), against the stored documents.
    """
    pairs = list(manifest.signatures())
    keys = [key for key, _ in pairs]
    signatures = [signature for _, signature in pairs]
    del pairs

    def article_of(key: str) -> Article:
        return Article.from_json(manifest.record(key)["article"])

    if not incremental:
        groups = dedup.group_duplicates(keys, signatures, article_of)
        manifest.replace_documents(sorted(groups.items()))
        return sorted(groups.items()), []
    change = regroup(
        keys,
        signatures,
        article_of,
        manifest.grouped_documents(),
        manifest.which_documents,
        changed,
        removed,
    )
    manifest.update_documents(change.dropped(), sorted(change.groups.items()))
    write = change.changed_documents(changed)
    delete = sorted(set(change.dropped()) | {key for key, _ in write if key in change.before})
    return write, delete


@dataclass
class Regroup:
    """What an incremental build changes in the document table.

    ``groups``: the new group (canonical -> copies) of every key concerned; ``before``: the stored
    groups of those keys (canonical -> copies); every other document is unchanged.
    """

    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    before: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def dropped(self) -> list[str]:
        """Documents stored before that are no document now (gone, or now another's copy)."""
        return sorted(set(self.before) - set(self.groups))

    def changed_documents(self, changed: set[str]) -> list[tuple[str, tuple[str, ...]]]:
        """Documents to write: changed texts, new documents and documents whose copies changed."""
        return [
            (key, copies)
            for key, copies in sorted(self.groups.items())
            if key in changed or self.before.get(key) != copies
        ]


def regroup(
    keys: Sequence[str],
    signatures: Sequence[bytes | None],
    article_of: Callable[[str], Article],
    grouped: Mapping[str, Sequence[str]],
    was_document: Callable[[Iterable[str]], set[str]],
    changed: set[str],
    removed: set[str],
) -> Regroup:
    """The groups that change when ``changed`` articles are new or edited and ``removed`` gone.

    ``keys``/``signatures``: every article now, in key order; ``grouped``: the stored groups of
    two or more articles (canonical -> copies); ``was_document``: which of the given keys were
    stored documents. ``article_of`` reads an article (only candidates and new groups' members).
    """
    article_of = functools.cache(article_of)  # the keys concerned only: few, read twice
    present = set(keys)
    group_of = {m: canonical for canonical, copies in grouped.items() for m in (canonical, *copies)}
    touched = changed | removed
    dissolved = {group_of[k] for k in touched if k in group_of}
    focus = {k for k in changed if k in present}
    for canonical in dissolved:
        focus.update(m for m in (canonical, *grouped[canonical]) if m in present)
    buckets = dedup.candidate_buckets(keys, signatures, focus)

    groups = dedup.Groups()  # the same unions as group_duplicates: the same groups
    concerned = set(focus)
    for bucket in buckets:
        concerned.update(bucket)
    for key in list(concerned):
        stored = group_of.get(key)
        if stored is not None and stored not in dissolved:
            concerned.update(grouped[stored])
            for member in grouped[stored]:
                groups.union(stored, member)
    dedup.join_copies(buckets, groups, article_of, focus)

    result = Regroup(groups=dedup.canonical_groups(sorted(concerned), groups, article_of))
    previously = concerned | touched
    for canonical in {group_of[k] for k in previously if k in group_of}:
        result.before[canonical] = tuple(grouped[canonical])
    for key in was_document(k for k in previously if k not in group_of):
        result.before[key] = ()
    return result
