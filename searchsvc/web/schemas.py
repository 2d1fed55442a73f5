"""The JSON answers of the API, written once as pydantic models, and their builders.

Each endpoint's answer is built as one of these models and dumped in field order, so the shape
a caller receives and the schema in ``/api/openapi.json`` (``searchsvc.web.openapi``) are the same
definition. Years are numbers everywhere (``null`` when unknown); links taken from archived pages
are only ever http(s) (``http_url``): a ``javascript:`` address survives HTML escaping.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from indexer.enrich.award_rules import AWARDS
from searchsvc.engine import result as engine

UNKNOWN_YEAR = "unknown"  # the year facet's value (and ``year`` parameter) for undated articles
UNKNOWN_YEAR_LABEL = "Không rõ năm"
# Award rules' labels, longest first, so "Cờ thi đua xuất sắc" is tried before "Cờ thi đua".
AWARD_LABELS = sorted(
    ((rule.label.casefold(), rule.key) for rule in AWARDS), key=lambda p: -len(p[0])
)


def http_url(value: str | None) -> str | None:
    """``value`` if it is an http(s) address, else None (archived pages are untrusted)."""
    if value and value.strip().lower().startswith(("http://", "https://")):
        return value
    return None


def award_key(written: str) -> str | None:
    """The award-type key (``co_thi_dua``) of an award as written (``Cờ thi đua xuất sắc``)."""
    folded = written.casefold()
    return next((key for label, key in AWARD_LABELS if folded.startswith(label)), None)


class Model(BaseModel):
    # from_attributes: answers are read straight from the engine's frozen dataclasses.
    # extra="forbid": the schema says additionalProperties false, so a key an answer has and
    # the document lacks fails the contract tests instead of passing unseen.
    model_config = ConfigDict(frozen=True, from_attributes=True, extra="forbid")


# A link taken from an archived page: kept only when it is an http(s) address.
ArchivedUrl = Annotated[
    str | None,
    AfterValidator(http_url),
    Field(description="The archived page's address (http or https only)."),
]


class ErrorDetail(Model):
    code: str = Field(description="Stable: `invalid_parameter`, `not_found`, `rate_limited`, …")
    message: str = Field(description="For people; names the parameter at fault.")


class Error(Model):
    """Every error, on every machine endpoint."""

    error: ErrorDetail


class Hit(Model):
    """One article on a result page."""

    id: str
    title: str
    title_html: str = Field(description="The title as escaped HTML, query words in <mark>.")
    url: ArchivedUrl
    published: str | None = Field(description="ISO date")
    year: int | None
    units: list[str]
    snippet: str = Field(description="Escaped HTML; matches in <mark>.")
    copies: list[str] = Field(description="Archive paths of the same article archived again.")


class FacetBucket(Model):
    """One value of a facet. Pass ``value`` back as the facet's parameter to select it (the year
    facet's ``null`` is ``year=unknown``)."""

    value: str | int | None = Field(description="A unit, a year (number; null: unknown), an award.")
    label: str = Field(description="The value as a person reads it.")
    count: int = Field(ge=0)
    selected: bool
    key: str | None = Field(
        None, description="Award facet only: the award-type key (`co_thi_dua`) of the award."
    )

    @staticmethod
    def fields_of(facet: str, bucket: engine.FacetBucket) -> dict[str, Any]:
        """The bucket's fields, validated with the whole answer (one pydantic call)."""
        value: str | int | None = bucket.value
        label = bucket.value
        if facet == "year":
            known = bucket.value.isascii() and bucket.value.isdigit()
            value = int(bucket.value) if known else None
            label = bucket.value if known else UNKNOWN_YEAR_LABEL
        key = award_key(bucket.value) if facet == "award" else None
        return {
            "value": value,
            "label": label,
            "count": bucket.count,
            "selected": bucket.selected,
            "key": key,
        }


class Facets(Model):
    unit: list[FacetBucket]
    year: list[FacetBucket]
    award: list[FacetBucket]


class FacetsTruncated(Model):
    unit: bool
    year: bool
    award: bool


class SearchResponse(Model):
    """One page of results with facet counts over every match."""

    query: str
    total: int = Field(ge=0)
    page: int = Field(ge=1)
    per_page: int = Field(ge=1)
    sort: str
    took_ms: float = Field(ge=0)
    hits: list[Hit]
    facets: Facets
    suggestion: str | None = Field(description="A corrected query when this one finds little.")
    next: str | None = Field(description="URL of the next page.")
    prev: str | None = Field(description="URL of the previous page.")
    pages: int = Field(ge=1, description="How many pages the matches fill.")
    facets_truncated: FacetsTruncated = Field(
        description="Per facet: more values matched than the buckets listed."
    )
    not_required: list[str] = Field(
        description="Words of the query (as typed) that some results lack: the query found too "
        "little with every word required, or no article holds them, or they were too common or "
        "not read in time."
    )
    partial: bool = Field(
        description="The request's time budget ran out: the answer holds what was found by then."
    )

    @classmethod
    def of(
        cls, result: engine.SearchResult, next_url: str | None, prev_url: str | None
    ) -> SearchResponse:
        req = result.request
        names = engine.FACET_NAMES
        # One validation of the whole answer (hits read from the engine's dataclasses): a model
        # built per bucket and hit cost a Python-level call each, 30-odd per answer.
        return cls.model_validate(
            {
                "query": req.q,
                "total": result.total,
                "page": req.page,
                "per_page": req.per_page,
                "sort": req.sort,
                "took_ms": round(result.took_ms, 2),
                "hits": result.hits,
                "facets": {
                    name: [FacetBucket.fields_of(name, b) for b in result.facets.get(name, ())]
                    for name in names
                },
                "suggestion": result.suggestion,
                "next": next_url,
                "prev": prev_url,
                "pages": result.pages,
                "facets_truncated": {n: bool(result.facets_truncated.get(n)) for n in names},
                "not_required": list(result.not_required),
                "partial": result.partial,
            }
        )


class Article(Model):
    """One article: clean paragraphs, metadata, awards and related articles."""

    id: str
    title: str
    paragraphs: list[str]
    published: str | None
    year: int | None
    units: list[str]
    author: str | None
    source: str | None
    url: ArchivedUrl
    path: str
    copies: list[str]
    awards: list[dict[str, Any]]
    related: list[Hit]
    captured: str | None = Field(
        description="ISO date a web archive or mirror captured the page (never the publication "
        "date); null for loose files."
    )


class Health(Model):
    """Which index this worker serves."""

    status: str = Field(json_schema_extra={"enum": ["ok"]})
    generation: str | None = Field(description="e.g. gen-7")
    articles: int | None
    built_at: str | None
    analysis_version: int | None


def dump(model: BaseModel) -> dict[str, Any]:
    """The model as JSON-ready data, keys in the documented (field) order."""
    return model.model_dump(mode="json", by_alias=True)
