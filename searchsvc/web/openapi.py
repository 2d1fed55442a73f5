"""The OpenAPI document of the JSON API, as data.

It is the contract other sites build against; ``tests/test_openapi_fuzz.py`` runs schemathesis
against it through the WSGI app, so a response that contradicts it fails the suite. Limits come
from ``searchsvc.engine.request`` so the document cannot drift from what the code enforces.
"""

from __future__ import annotations

import copy
from typing import Any

from searchsvc.awards import query as awards
from searchsvc.awards.table import AWARD_FIELDS
from searchsvc.engine.request import (
    MAX_FILTER_VALUES,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    MAX_VALUE_CHARS,
    SORTS,
)

API_VERSION = "1.0.0"
# Every key of searchsvc.engine.result.result_to_json is always present (null when empty).
REQUIRED_SEARCH_FIELDS = [
    "query",
    "total",
    "page",
    "per_page",
    "sort",
    "took_ms",
    "hits",
    "facets",
    "suggestion",
    "next",
]
NO_CONTROL_CHARS = r"^[^\u0000-\u001f\u007f]*$"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


def _filter(name: str, what: str, item: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "description": f"{what}; repeat the parameter to select several (OR within a facet).",
        "style": "form",
        "explode": True,
        "schema": {"type": "array", "maxItems": MAX_FILTER_VALUES, "items": item},
    }


FILTER_VALUE = {"type": "string", "maxLength": MAX_VALUE_CHARS, "pattern": NO_CONTROL_CHARS}

SEARCH_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "q",
        "in": "query",
        "description": (
            f"Query text, with or without diacritics (at most {MAX_QUERY_CHARS} characters and "
            f'{MAX_QUERY_TERMS} words). Supports "phrases", OR, NOT / -word, title:word.'
        ),
        "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS},
    },
    _filter("unit", "Canonical education unit, e.g. `Sở GD&ĐT Điện Biên`", FILTER_VALUE),
    _filter(
        "year",
        "Publication year, or `unknown`",
        {"type": "string", "pattern": r"^(1[89]\d\d|2\d\d\d|unknown)$"},
    ),
    _filter("award", "Award type", FILTER_VALUE),
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10},
    },
    {
        "name": "sort",
        "in": "query",
        "schema": {"type": "string", "enum": list(SORTS), "default": "relevance"},
    },
]


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema}


_YEAR = {"type": "integer", "minimum": awards.MIN_YEAR, "maximum": awards.MAX_YEAR}
# The filters of /api/awards and /api/awards.csv (searchsvc.awards.query); one value each.
AWARDS_FILTERS: list[dict[str, Any]] = [
    _query(
        "unit",
        FILTER_VALUE,
        "Recipient: a canonical unit (`Phòng GD&ĐT TP Thái Nguyên`), a school or a person; "
        "case and spacing are ignored.",
    ),
    _query("type", {"type": "string", "enum": list(awards.TYPES)}, "Award type key."),
    _query("body", FILTER_VALUE, "Conferring body, e.g. `Bộ GD&ĐT`, `UBND tỉnh Thái Nguyên`."),
    _query(
        "from",
        _YEAR,
        "Awards whose year or school year overlaps [from, to]; with a range, awards without a "
        "known year are left out (without one they are listed last).",
    ),
    _query("to", _YEAR, "End of the year range (inclusive); not before `from`."),
]
AWARDS_PARAMETERS = [
    *AWARDS_FILTERS,
    _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "Page."),
    _query(
        "per_page",
        {
            "type": "integer",
            "minimum": 1,
            "maximum": awards.MAX_PER_PAGE,
            "default": awards.DEFAULT_PER_PAGE,
        },
        "Awards per page.",
    ),
]

CACHE_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Weak validator of this answer."},
    "Cache-Control": {"schema": {"type": "string"}},
}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            }
        },
    },
    "Hit": {
        "type": "object",
        "required": ["id", "title", "url", "published", "year", "units", "snippet", "copies"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "url": _nullable({"type": "string"}),
            "published": _nullable({"type": "string", "description": "ISO date"}),
            "year": _nullable({"type": "integer"}),
            "units": {"type": "array", "items": {"type": "string"}},
            "snippet": {"type": "string", "description": "Escaped HTML; matches in <mark>."},
            "copies": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Archive paths of the same article archived again.",
            },
        },
    },
    "FacetBucket": {
        "type": "object",
        "required": ["value", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
        },
    },
    "SearchResponse": {
        "type": "object",
        "required": REQUIRED_SEARCH_FIELDS,
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "sort": {"type": "string", "enum": list(SORTS)},
            "took_ms": {"type": "number", "minimum": 0},
            "hits": {"type": "array", "items": _ref("Hit")},
            "facets": {
                "type": "object",
                "required": ["unit", "year", "award"],
                "properties": {
                    name: {"type": "array", "items": _ref("FacetBucket")}
                    for name in ("unit", "year", "award")
                },
            },
            "suggestion": _nullable({"type": "string"}),
            "next": _nullable({"type": "string", "description": "URL of the next page."}),
        },
    },
    "Article": {
        "type": "object",
        "required": ["id", "title", "paragraphs", "published", "year", "units", "url", "related"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "paragraphs": {"type": "array", "items": {"type": "string"}},
            "published": _nullable({"type": "string"}),
            "year": _nullable({"type": "integer"}),
            "units": {"type": "array", "items": {"type": "string"}},
            "author": _nullable({"type": "string"}),
            "source": _nullable({"type": "string"}),
            "url": _nullable({"type": "string"}),
            "path": {"type": "string"},
            "copies": {"type": "array", "items": {"type": "string"}},
            "awards": {"type": "array", "items": {"type": "object"}},
            "related": {"type": "array", "items": _ref("Hit")},
        },
    },
    "Award": {
        "type": "object",
        "required": list(AWARD_FIELDS),
        "properties": {
            "recipient": {"type": "string"},
            "recipient_kind": {
                "type": "string",
                "enum": ["unit", "school", "organisation", "place", "person"],
            },
            "award": {"type": "string", "description": "As written, e.g. `Cờ thi đua xuất sắc`."},
            "award_type": {"type": "string", "enum": list(awards.TYPES)},
            "conferred_by": _nullable({"type": "string"}),
            "period": _nullable({"type": "string", "description": "`2003` or `2015-2016`."}),
            "year_from": _nullable({"type": "integer"}),
            "year_to": _nullable({"type": "integer"}),
            "article_id": {"type": "string"},
            "article_title": {"type": "string"},
            "article_url": {"type": "string", "description": "The article's page here."},
            "sentence": {"type": "string", "description": "The sentence the award was read from."},
            "evidence": {
                "type": "array",
                "description": "Every sentence and article asserting this award (first = above).",
                "items": {
                    "type": "object",
                    "required": ["article_id", "article_title", "article_url", "sentence"],
                    "properties": {
                        "article_id": {"type": "string"},
                        "article_title": {"type": "string"},
                        "article_url": {"type": "string"},
                        "sentence": {"type": "string"},
                    },
                },
            },
        },
    },
    "AwardsResponse": {
        "type": "object",
        "required": ["filters", "total", "page", "per_page", "awards", "recipients", "next"],
        "properties": {
            "filters": {
                "type": "object",
                "required": list(awards.FILTERS),
                "properties": {
                    "unit": _nullable({"type": "string"}),
                    "type": _nullable({"type": "string"}),
                    "body": _nullable({"type": "string"}),
                    "from": _nullable({"type": "integer"}),
                    "to": _nullable({"type": "integer"}),
                },
            },
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": awards.MAX_PER_PAGE},
            "awards": {"type": "array", "items": _ref("Award")},
            "recipients": {
                "type": "array",
                "description": "Every matching recipient with its number of awards.",
                "items": {
                    "type": "object",
                    "required": ["recipient", "recipient_kind", "count"],
                    "properties": {
                        "recipient": {"type": "string"},
                        "recipient_kind": {"type": "string"},
                        "count": {"type": "integer", "minimum": 1},
                    },
                },
            },
            "next": _nullable({"type": "string", "description": "URL of the next page."}),
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "generation", "articles", "built_at"],
        "properties": {
            "status": {"type": "string", "enum": ["ok"]},
            "generation": _nullable({"type": "string", "description": "e.g. gen-7"}),
            "articles": _nullable({"type": "integer"}),
            "built_at": _nullable({"type": "string"}),
            "analysis_version": _nullable({"type": "integer"}),
        },
    },
}


def _json(schema: str, description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": _ref(schema)}},
    }
    if headers:
        response["headers"] = headers
    return response


def _errors(*statuses: int) -> dict[str, Any]:
    texts = {
        400: "Bad parameters (unknown name, out-of-range value, query too long).",
        404: "No such article.",
        429: "Rate limit reached; see Retry-After.",
        503: "No index has been built yet.",
    }
    responses = {str(s): _json("Error", texts[s]) for s in statuses}
    if 429 in statuses:
        responses["429"]["headers"] = {"Retry-After": {"schema": {"type": "string"}}}
    return responses


def _get(summary: str, ok: dict[str, Any], errors: tuple[int, ...], **extra: Any) -> dict:
    responses = {"200": ok, **_errors(*errors)}
    if "304" not in extra.pop("no_304", {}):
        responses["304"] = {"description": "Not modified (If-None-Match matched the ETag)."}
    return {"get": {"summary": summary, "responses": responses, **extra}}


PATHS: dict[str, Any] = {
    "/api/search": _get(
        "Search articles",
        _json("SearchResponse", "One page of results with facet counts.", CACHE_HEADERS),
        (400, 429, 503),
        operationId="search",
        parameters=SEARCH_PARAMETERS,
    ),
    "/api/articles/{article_id}": _get(
        "One article",
        _json("Article", "The article's clean text, metadata and related articles.", CACHE_HEADERS),
        (404, 429, 503),
        operationId="getArticle",
        parameters=[
            {"name": "article_id", "in": "path", "required": True, "schema": {"type": "string"}}
        ],
    ),
    "/api/awards": _get(
        "Awards: who was awarded what, by whom, when",
        _json("AwardsResponse", "One page of awards in timeline order.", CACHE_HEADERS),
        (400, 429, 503),
        operationId="awards",
        parameters=AWARDS_PARAMETERS,
    ),
    "/api/awards.csv": _get(
        "Awards as CSV (UTF-8 with BOM, for Excel)",
        {
            "description": (
                "Every matching award; the columns are the keys of an Award. A cell that would "
                "start a spreadsheet formula (= + - @) is prefixed with an apostrophe."
            ),
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "headers": {
                **CACHE_HEADERS,
                "Content-Disposition": {"schema": {"type": "string"}},
            },
        },
        (400, 429, 503),
        operationId="awardsCsv",
        parameters=AWARDS_FILTERS,
    ),
    "/healthz": _get(
        "Which index is served",
        _json("Health", "Index generation, article count and build time."),
        (503,),
        operationId="health",
        no_304={"304"},
    ),
}


def openapi_document(server_url: str) -> dict[str, Any]:
    """The document for a service reachable at ``server_url`` (scheme and host, no slash)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Vietnamese education news archive search",
            "version": API_VERSION,
            "description": (
                'Errors always have the shape {"error": {"code", "message"}}. '
                "Responses carry CORS headers for GET."
            ),
        },
        "servers": [{"url": server_url}],
        "paths": copy.deepcopy(PATHS),
        "components": {"schemas": copy.deepcopy(SCHEMAS)},
    }
