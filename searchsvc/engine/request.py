"""Search requests, validated at the boundary: what a caller may ask, with exact error messages.

Framework-free: takes any mapping of parameter name to list of values (Flask's ``request.args``
via ``to_dict(flat=False)``, or a plain dict in tests and benchmarks).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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
YEAR_VALUE = re.compile(r"^(1[89]\d\d|2\d\d\d|unknown)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

PARAMETERS = ("q", "unit", "year", "award", "page", "per_page", "sort")


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


def _one(args: Mapping[str, Sequence[str]], name: str, default: str) -> str:
    values = args.get(name) or []
    if len(values) > 1:
        raise RequestError("invalid_parameter", f"'{name}' may be given only once.", name)
    return values[0] if values else default


def _int(args: Mapping[str, Sequence[str]], name: str, default: int, low: int, high: int) -> int:
    raw = _one(args, name, str(default)).strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise RequestError(
            "invalid_parameter", f"'{name}' must be a whole number from {low} to {high}.", name
        )
    return int(raw)


def _values(args: Mapping[str, Sequence[str]], name: str) -> tuple[str, ...]:
    values = [normalize(v).strip() for v in args.get(name) or [] if v.strip()]
    if len(values) > MAX_FILTER_VALUES:
        raise RequestError(
            "invalid_parameter", f"At most {MAX_FILTER_VALUES} values of '{name}'.", name
        )
    if any(len(v) > MAX_VALUE_CHARS or _CONTROL.search(v) for v in values):
        raise RequestError("invalid_parameter", f"A value of '{name}' is not valid.", name)
    return tuple(dict.fromkeys(values))


def reject_unknown(args: Mapping[str, Sequence[str]], allowed: Sequence[str]) -> None:
    """``RequestError`` naming the first parameter of ``args`` not in ``allowed``, if any."""
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        raise RequestError(
            "unknown_parameter",
            f"Unknown parameter '{unknown[0]}'. Allowed: {', '.join(allowed)}.",
            unknown[0],
        )


def parse_request(args: Mapping[str, Sequence[str]]) -> SearchRequest:
    """Validate raw query-string values into a ``SearchRequest`` or raise ``RequestError``."""
    reject_unknown(args, PARAMETERS)
    q = normalize(_CONTROL.sub(" ", _one(args, "q", ""))).strip()
    if len(q) > MAX_QUERY_CHARS:
        raise RequestError(
            "query_too_long", f"The query is longer than {MAX_QUERY_CHARS} characters.", "q"
        )
    if len(TOKEN_RE.findall(q)) > MAX_QUERY_TERMS:
        raise RequestError(
            "query_too_long", f"The query has more than {MAX_QUERY_TERMS} words.", "q"
        )
    years = _values(args, "year")
    bad_year = next((y for y in years if not YEAR_VALUE.match(y)), None)
    if bad_year is not None:
        raise RequestError(
            "invalid_parameter", "'year' must be a four-digit year or 'unknown'.", "year"
        )
    sort = _one(args, "sort", "relevance")
    if sort not in SORTS:
        raise RequestError(
            "invalid_parameter", f"'sort' must be one of {', '.join(SORTS)}.", "sort"
        )
    return SearchRequest(
        q=q,
        units=_values(args, "unit"),
        years=years,
        awards=_values(args, "award"),
        page=_int(args, "page", 1, 1, MAX_PAGE),
        per_page=_int(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        sort=sort,
    )
