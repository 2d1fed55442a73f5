"""The Whoosh schema, its field names, and how an ``Article`` becomes an index document.

Field names are constants shared with ``searchsvc``: the service never spells a field itself.

Search runs in two stages (see ``searchsvc.engine.service``): documents are matched and first
scored on
one folded field holding title and body (``text_fold``), so a query is an AND of plain posting
lists however many ways a word can be written; the best candidates are then reranked with
signals read from the other fields: title hits (``title_fold``), exact diacritics
(``text_exact``) and adjacency (positions in ``text_fold``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.article import Article
from indexer.text.tokenizers import exact_analyzer, folded_analyzer

ID_FIELD = "id"
PATH = "path"
URL = "url"
TITLE = "title"  # stored for display
TITLE_FOLD = "title_fold"
BODY = "body"  # stored for display
TEXT_FOLD = "text_fold"  # title + body, folded, with positions and concept terms
TEXT_EXACT = "text_exact"  # title + body, exact forms, frequencies only
UNITS = "units"
YEAR = "year"
AWARD_TYPES = "award"
PUBLISHED = "published"  # yyyymmdd as an int; 0 when unknown, so "newest first" puts it last
OLDEST_KEY = "oldest_key"  # yyyymmdd, or 99999999 when unknown, so "oldest first" puts it last
PUBLISHED_ISO = "published_iso"
AUTHOR = "author"
SOURCE = "source"
AWARDS_JSON = "awards_json"
COPIES = "copies"
ENCODING = "encoding"
CAPTURED = "captured"  # yyyy-mm-dd a web archive or mirror captured the page; None when unknown

# Facet value for articles whose publication date is unknown: they get their own bucket.
UNKNOWN_YEAR = "unknown"
UNKNOWN_DATE_KEY = 99_999_999


def make_schema() -> Schema:
    """A fresh schema. Analyzers are pickled into the index with it (see indexer.text.analysis)."""
    return Schema(
        **{
            ID_FIELD: ID(stored=True, unique=True, sortable=True),
            PATH: STORED(),
            URL: STORED(),
            TITLE: STORED(),
            TITLE_FOLD: TEXT(analyzer=folded_analyzer()),
            BODY: STORED(),
            TEXT_FOLD: TEXT(analyzer=folded_analyzer()),
            # Only "does this article have the word with these diacritics": no positions needed.
            TEXT_EXACT: TEXT(analyzer=exact_analyzer(), phrase=False),
            # Unit names contain spaces but never commas.
            UNITS: KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
            YEAR: ID(stored=True),
            AWARD_TYPES: KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
            PUBLISHED: NUMERIC(int, bits=32, stored=True, sortable=True),
            OLDEST_KEY: NUMERIC(int, bits=32, sortable=True),
            PUBLISHED_ISO: STORED(),
            AUTHOR: STORED(),
            SOURCE: STORED(),
            AWARDS_JSON: STORED(),
            COPIES: STORED(),
            ENCODING: STORED(),
            CAPTURED: STORED(),
        }
    )


def doc_id(path: str) -> str:
    """Stable document id from the archive-relative path (same file, same id, across builds)."""
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]


def document_fields(
    article: Article,
    award_records: Sequence[dict[str, Any]] = (),
    copies: Sequence[str] = (),
) -> dict[str, Any]:
    """The Whoosh document for ``article``; ``copies`` are the paths of its near-duplicates."""
    date_key = int(article.published.strftime("%Y%m%d")) if article.published else 0
    award_labels = sorted({record["award"] for record in award_records})
    return {
        ID_FIELD: doc_id(article.path),
        PATH: article.path,
        URL: article.url,
        TITLE: article.title,
        TITLE_FOLD: article.title,
        BODY: article.body,
        TEXT_FOLD: f"{article.title}\n{article.body}",
        TEXT_EXACT: f"{article.title}\n{article.body}",
        UNITS: ",".join(article.units),
        YEAR: str(article.year) if article.year else UNKNOWN_YEAR,
        AWARD_TYPES: ",".join(award_labels),
        PUBLISHED: date_key,
        OLDEST_KEY: date_key or UNKNOWN_DATE_KEY,
        PUBLISHED_ISO: article.published.isoformat() if article.published else None,
        AUTHOR: article.author,
        SOURCE: article.source,
        AWARDS_JSON: json.dumps(list(award_records), ensure_ascii=False),
        COPIES: list(copies),
        ENCODING: article.encoding,
        CAPTURED: article.captured.isoformat() if article.captured else None,
    }
