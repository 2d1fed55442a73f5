"""What the engine is asked: the ``SearchRequest`` it takes, its limits, and its one error type.

Query strings are validated at the HTTP boundary (``searchsvc.web.params``, pydantic models that
also document the API); the limits on query text are the engine's, so they live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text.analysis import TOKEN_RE, normalize

# Kilobytes of text are pasted documents, not searches. A pasted headline or a question of ~64
# words is a query (issue 12): VNTC's longest headlines are ~40 words, ~200 characters.
MAX_QUERY_CHARS = 1000
# Words: 1000 characters of Vietnamese are ~220 syllables, so the character limit comes first for
# text; this stops only runs of one-letter tokens. Cost is bounded elsewhere: the rarest 64 words
# match (searchsvc.engine.relax), a time budget caps the rest (searchsvc.engine.budget).
MAX_QUERY_TERMS = 256
MAX_PAGE = 1000  # deep paging is scraping: 1000 pages of 50 covers any archive we serve
MAX_PER_PAGE = 50
DEFAULT_PER_PAGE = 10
MAX_FILTER_VALUES = 20  # per facet: more selected buckets than a person can click
MAX_VALUE_CHARS = 120
SORTS = ("relevance", "newest", "oldest")
# C0 controls and DEL: never part of what a person types (one set for every parameter).
CONTROL_CHARS = "\\x00-\\x1f\\x7f"
CONTROL = re.compile(f"[{CONTROL_CHARS}]")


class RequestError(ValueError):
    """A request that cannot be served as asked; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.param = param


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: the query text, facet selections, paging and order."""

    q: str = ""
    units: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    awards: tuple[str, ...] = ()
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = "relevance"

    def with_page(self, page: int) -> SearchRequest:
        return SearchRequest(
            self.q, self.units, self.years, self.awards, page, self.per_page, self.sort
        )

    def to_params(self) -> list[tuple[str, str]]:
        """The request as query-string pairs (defaults left out), for building URLs."""
        pairs: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        pairs += [("unit", u) for u in self.units]
        pairs += [("year", y) for y in self.years]
        pairs += [("award", a) for a in self.awards]
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        if self.per_page != DEFAULT_PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        if self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs


def clean_query(raw: str) -> str:
    """The query text as searched (controls as spaces, NFC, trimmed), or ``RequestError`` when it
    is beyond the engine's limits. The web layer validates everything else."""
    q = normalize(CONTROL.sub(" ", raw)).strip()
    if len(q) > MAX_QUERY_CHARS:
        raise RequestError(
            "query_too_long", f"The query is longer than {MAX_QUERY_CHARS} characters.", "q"
        )
    if len(TOKEN_RE.findall(q)) > MAX_QUERY_TERMS:
        raise RequestError(
            "query_too_long", f"The query has more than {MAX_QUERY_TERMS} words.", "q"
        )
    return q
