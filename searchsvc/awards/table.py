"""The awards table of one index: who was awarded what, by whom, when; filtered, paged, grouped.

Framework-free. The records were extracted at index time (``indexer.enrich.awards``) and stored per
document as JSON (``awards_json``). Most articles name no award, so the table is loaded from the
documents listed in the postings of the ``award`` keyword field only, never by reading every
document, and only when an awards page or endpoint is first asked for on that index
(``table_for``): a search-only worker never pays for it. One ``AwardsResult`` is computed per
request and rendered as JSON, CSV and HTML alike.
"""

from __future__ import annotations

import json
import logging
import threading
import weakref
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from indexer import schema as f
from indexer.enrich.award_identity import recipient_key
from searchsvc.awards.query import AwardsRequest
from searchsvc.awards.rows import (
    AwardRow,
    Evidence,
    filter_key,
    match_key,
    merge_rows,
    row_from_record,
)
from searchsvc.engine.reader import IndexReader
from searchsvc.engine.result import Paged

if TYPE_CHECKING:
    from searchsvc.engine.service import IndexView

# The row model lives in searchsvc.awards.rows; its names are re-exported for the table's users.
__all__ = [
    "AWARD_FIELDS",
    "AwardRow",
    "AwardsResult",
    "AwardsTable",
    "Evidence",
    "RecipientCount",
    "filter_key",
    "match_key",
    "merge_rows",
    "query_awards",
    "row_from_record",
    "table_for",
]

log = logging.getLogger(__name__)


class AwardsTable:
    """Every award row of one index, in timeline order, plus the names a filter can pick."""

    def __init__(self, rows: list[AwardRow]) -> None:
        self.rows = tuple(sorted(merge_rows(rows), key=lambda r: r.sort_key))
        self.newest = tuple(sorted(self.rows, key=lambda r: r.newest_key))
        self.recipients: dict[str, str] = {}
        for r in self.rows:
            self.recipients.setdefault(match_key(recipient_key(r.recipient)), r.recipient)
        self.bodies = tuple(sorted({r.conferred_by for r in self.rows if r.conferred_by}))
        self.types = tuple(sorted({r.award_type for r in self.rows}))

    @classmethod
    def from_reader(cls, reader: IndexReader) -> AwardsTable:
        """Rows of the documents that have awards, found through the ``award`` field's postings."""
        live = set(reader.live_docs().tolist())
        docnums: set[int] = set()
        for _, docs in reader.facet_values(f.AWARD_TYPES):
            docnums.update(docs.tolist())
        rows: list[AwardRow] = []
        for docnum in sorted(docnums & live):
            stored = reader.stored(docnum)
            article_id = stored.get(f.ID_FIELD, "")
            try:
                records = json.loads(stored.get(f.AWARDS_JSON) or "[]")
            except ValueError:
                log.warning("skipping awards of %s: stored JSON is not valid", article_id)
                continue
            for record in records:
                try:
                    rows.append(row_from_record(record, article_id, stored.get(f.TITLE, "")))
                except (KeyError, TypeError, ValueError) as exc:
                    log.warning("skipping an award record of %s: %r", article_id, exc)
        log.info("awards table: %d rows from %d documents", len(rows), len(docnums))
        return cls(rows)

    def spelling(self, recipient: str) -> str:
        """The one spelling the table shows for ``recipient`` (its first, in timeline order)."""
        return self.recipients.get(match_key(recipient_key(recipient)), recipient)

    def canonical(self, name: str) -> str | None:
        """The recipient as the table spells it, or None when nobody of that name was awarded."""
        return self.recipients.get(filter_key(name))

    def select(self, req: AwardsRequest) -> list[AwardRow]:
        """Rows passing every filter of ``req``, in timeline order.

        A year range keeps a row whose years overlap [from, to]; a row without a year cannot be
        placed in a range and is left out when one is given (without a range it is kept, last).
        """
        unit = filter_key(req.unit) if req.unit else None
        body = match_key(req.body) if req.body else None
        ranged = req.year_from is not None or req.year_to is not None
        out = []
        for row in self.newest if req.newest_first else self.rows:
            if unit is not None and match_key(recipient_key(row.recipient)) != unit:
                continue
            if req.type is not None and row.award_type != req.type:
                continue
            if body is not None and match_key(row.conferred_by or "") != body:
                continue
            if ranged and not _overlaps(row, req.year_from, req.year_to):
                continue
            out.append(row)
        return out


def _overlaps(row: AwardRow, low: int | None, high: int | None) -> bool:
    if row.year_from is None:
        return False
    last = row.year_to if row.year_to is not None else row.year_from
    return (high is None or row.year_from <= high) and (low is None or last >= low)


_TABLES: weakref.WeakKeyDictionary[Any, AwardsTable] = weakref.WeakKeyDictionary()
_TABLES_LOCK = threading.Lock()


def table_for(view: IndexView) -> AwardsTable:
    """The awards table of ``view``, loaded on first use and kept as long as the view lives
    (a newly swapped-in index gets its own table; the old one goes with its view)."""
    with _TABLES_LOCK:
        table = _TABLES.get(view)
        if table is None:
            with view.lock:  # index readers are not thread-safe
                table = AwardsTable.from_reader(view.reader)
            _TABLES[view] = table
    return table


# Keys of one award record, in order: the JSON API, the CSV columns and the OpenAPI schema.
AWARD_FIELDS = (
    "recipient",
    "recipient_kind",
    "award",
    "award_type",
    "conferred_by",
    "period",
    "year_from",
    "year_to",
    "article_id",
    "article_title",
    "article_url",
    "sentence",
    "evidence",
)


@dataclass(frozen=True)
class RecipientCount:
    recipient: str
    recipient_kind: str
    count: int


@dataclass(frozen=True)
class AwardsResult(Paged):
    """One page of matching rows, the total, and every matching recipient with its count."""

    request: AwardsRequest
    total: int
    rows: tuple[AwardRow, ...]
    recipients: tuple[RecipientCount, ...]


def query_awards(table: AwardsTable, req: AwardsRequest) -> AwardsResult:
    matching = table.select(req)
    counts = Counter((table.spelling(r.recipient), r.recipient_kind) for r in matching)
    recipients = sorted(counts.items(), key=lambda item: (-item[1], match_key(item[0][0])))
    start = (req.page - 1) * req.per_page
    return AwardsResult(
        request=req,
        total=len(matching),
        rows=tuple(matching[start : start + req.per_page]),
        recipients=tuple(RecipientCount(name, kind, n) for (name, kind), n in recipients),
    )
