"""Award mentions in an article: who was given which award, by whom, and for which year.

A journalist asks what a department has been awarded; the archive answers it in sentences like
"Phòng GD&ĐT ... đã được Chính phủ tặng thưởng Huân chương Lao động hạng Ba (năm 1997)". Each
sentence is read three ways, aligned character by character: as written (names), lowercased
(verbs, whose folding is ambiguous) and folded (award spellings, years). Precision over recall:
a sentence that plans or proposes, an award to students or unnamed groups, an active-voice gift
without a named recipient, all yield nothing. The rules are data in ``indexer.enrich.award_rules``.
"""

from __future__ import annotations

import logging

from indexer.article import Article
from indexer.enrich import award_lexicon as L
from indexer.enrich import award_rules as R
from indexer.enrich.award_aliases import aliased_key, article_aliases
from indexer.enrich.award_continued import counted_gift
from indexer.enrich.award_dated import Dated, aged, date_named, unnamed_dated
from indexer.enrich.award_mentions import Context
from indexer.enrich.award_recipients import TITLE_TYPES
from indexer.enrich.award_records import Award, dedupe_awards
from indexer.enrich.award_sentences import Earlier, continued_awards, sentence_awards
from indexer.enrich.award_spans import names_award
from indexer.enrich.award_subjects import article_subjects
from indexer.enrich.award_text import Sent, aligned, province_after, split_sentences
from indexer.enrich.units import canonical_province

# ``split_sentences`` lives in ``indexer.enrich.award_text`` and is re-exported for callers of this
# module.
__all__ = ["find_awards", "split_sentences"]

log = logging.getLogger(__name__)


def _article_province(article: Article, fold_all: str, text: str) -> str | None:
    """The province "UBND tỉnh" alone refers to: the main unit's, else the first one named."""
    main = article.units[0] if article.units else ""
    for prefix in ("Sở GD&ĐT ", "Trung tâm GDTX "):
        if main.startswith(prefix) and canonical_province(main[len(prefix) :]):
            return canonical_province(main[len(prefix) :])
    for m in R.PROVINCE_BODY_RE.finditer(fold_all):
        name, _ = province_after(text, m.end())
        if name:
            return name
    return None


def find_awards(article: Article) -> list[Award]:
    """Every award the article asserts, in reading order (title first), deduplicated."""
    text = f"{article.title}\n{article.body}"
    low_all, fold_all = aligned(text)
    if not names_award(fold_all):
        return []  # most articles name no award: skip the sentence-level work
    ctx = Context(
        article.path,
        article.units,
        _article_province(article, fold_all, text),
        article_subjects(article.title, article.body, article.units),
    )
    records: list[Award] = []
    offset = 0
    earlier: Earlier | None = None  # the last title named, for "danh hiệu nói trên"
    age = 0  # sentences since it was named
    given: Earlier | None = None  # an award the last sentence gave to "5 tập thể" unnamed
    dated: list[Dated] = []  # awards given, with a year, to a group not yet named
    sentences = split_sentences(text)
    for sentence in sentences:
        dated = aged(dated)
        age += 1
        if age > R.ANAPHOR_MAX_SENTENCES:
            earlier = None
        start = text.find(sentence, offset)
        if start >= 0:  # reuse the whole text's aligned forms instead of recomputing them
            offset = start + len(sentence)
            forms = (low_all[start:offset], fold_all[start:offset])
            if given and L.CONTINUED_LIST_RE.match(forms[0]):
                records.extend(continued_awards(sentence, ctx, forms, given))
            given = None
            if not names_award(forms[1]) and not (earlier and R.ANAPHOR_RE.search(forms[1])):
                continue
        else:
            forms, given = None, None
        try:
            got, found = sentence_awards(sentence, ctx, forms, earlier)
            records.extend(date_named(got, dated))
            if titled := [f for f in found if f[1].key in TITLE_TYPES]:
                earlier, age = titled[-1], 0
            unnamed = [f for f in found if not any(a.award == f[0].name for a in got)]
            low, fold = forms or aligned(sentence)
            spans = [f[0] for f in found]
            dated += unnamed_dated(Sent(sentence, low, fold), ctx, spans, [f[0] for f in unnamed])
            if unnamed and counted_gift(low, fold, unnamed[-1][0]):
                given = unnamed[-1]
        except (ValueError, IndexError, AttributeError):  # bad text: skip the sentence, say why
            log.warning(
                "award extraction failed in %s: %r", article.path, sentence[:80], exc_info=True
            )
    aliases = article_aliases(text, records)
    return dedupe_awards(
        records, sentences[0] if sentences else None, key=lambda n: aliased_key(n, aliases)
    )
