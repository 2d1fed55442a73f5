"""``/api/openapi.json``, generated from the models that validate requests and build answers.

Parameters come from the query-parameter models (``searchsvc.web.params``), answers from the
response models (``searchsvc.web.schemas``, ``searchsvc.web.award_schemas``) through pydantic's
JSON Schema; apispec assembles the OpenAPI 3.1 document (components, paths, version rules), so
what is written here is only what each operation is: its path, models and statuses.
``tests/test_openapi_fuzz.py`` runs schemathesis against the result through the WSGI app.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from apispec import APISpec
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from searchsvc.web.award_params import AwardsFilterParams, AwardsParams
from searchsvc.web.award_schemas import AwardsResponse
from searchsvc.web.params import QueryParams, SearchParams
from searchsvc.web.schemas import Article, Error, Health, SearchResponse
from searchsvc.web.suggest_schemas import SuggestParams, SuggestResponse

API_VERSION = "1.1.0"
OPENAPI_VERSION = "3.1.0"
REF_TEMPLATE = "#/components/schemas/{model}"
TITLE = "Vietnamese education news archive search"
DESCRIPTION = (
    'Errors always have the shape {"error": {"code", "message"}}. '
    "Responses carry CORS headers for GET."
)
CACHE_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Weak validator of this answer."},
    "Cache-Control": {"schema": {"type": "string"}},
}
ERROR_TEXTS = {
    400: "Bad parameters (unknown name, out-of-range value, query too long).",
    404: "No such article.",
    429: "Rate limit reached; see Retry-After.",
    503: "No index has been built yet.",
}
CSV_DESCRIPTION = (
    "Every matching award; the columns are the keys of an Award. A cell that would start a "
    "spreadsheet formula (= + - @) is prefixed with an apostrophe."
)


@dataclass(frozen=True)
class Operation:
    """One GET endpoint: what it takes and what it answers."""

    path: str
    operation_id: str
    summary: str
    params: type[QueryParams] | None
    answer: type[BaseModel] | None  # None: not JSON (the CSV export)
    errors: tuple[int, ...]
    cacheable: bool = True  # ETag + 304


SEARCHING = (400, 429, 503)  # error statuses of an endpoint that takes parameters
LOOKUP = (404, 429, 503)  # ... and of one that looks up a path
OPERATIONS = (
    Operation(
        "/api/search", "search", "Search articles", SearchParams, SearchResponse, (400, 429, 503)
    ),
    Operation(
        "/api/articles/{article_id}", "getArticle", "One article", None, Article, (404, 429, 503)
    ),
    Operation(
        "/api/awards",
        "awards",
        "Awards: who was awarded what, by whom, when",
        AwardsParams,
        AwardsResponse,
        SEARCHING,
    ),
    Operation(
        "/api/awards.csv",
        "awardsCsv",
        "Awards as CSV (UTF-8 with BOM, for Excel)",
        AwardsFilterParams,
        None,
        SEARCHING,
    ),
    Operation(
        "/api/suggest",
        "suggest",
        "Suggestions as you type: words, unit names and titles completing the query's end",
        SuggestParams,
        SuggestResponse,
        SEARCHING,
    ),
    Operation("/healthz", "health", "Which index is served", None, Health, (503,), cacheable=False),
)
ANSWERS: tuple[type[BaseModel], ...] = (
    Error,
    SearchResponse,
    Article,
    AwardsResponse,
    SuggestResponse,
    Health,
)


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is absent or a value: ``X | None`` becomes ``X``."""
    options = schema.pop("anyOf", None)
    if options:
        schema = {**next(o for o in options if o.get("type") != "null"), **schema}
    if schema.get("default", 0) is None:
        del schema["default"]
    return schema


def parameters(model: type[QueryParams]) -> list[dict[str, Any]]:
    """The OpenAPI query parameters of ``model``, in its field order."""
    schema = model.model_json_schema(ref_template=REF_TEMPLATE)
    found = []
    for name, prop in schema["properties"].items():
        prop.pop("title", None)
        description = prop.pop("description", None)
        param: dict[str, Any] = {"name": name, "in": "query", "schema": _not_null(prop)}
        if description:
            param["description"] = description
        if param["schema"].get("type") == "array":
            param.update(style="form", explode=True)
        found.append(param)
    return found


def _json(name: str, description: str, headers: dict[str, Any] | None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model=name)}}},
    }
    if headers:
        response["headers"] = headers
    return response


def _operation(op: Operation) -> dict[str, Any]:
    headers = CACHE_HEADERS if op.cacheable else None
    if op.answer is None:
        ok = {
            "description": CSV_DESCRIPTION,
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "headers": {**CACHE_HEADERS, "Content-Disposition": {"schema": {"type": "string"}}},
        }
    else:
        ok = _json(op.answer.__name__, (op.answer.__doc__ or "").strip(), headers)
    responses: dict[str, Any] = {"200": ok}
    for status in op.errors:
        responses[str(status)] = _json("Error", ERROR_TEXTS[status], None)
    if 429 in op.errors:
        responses["429"]["headers"] = {"Retry-After": {"schema": {"type": "string"}}}
    if op.cacheable:
        responses["304"] = {"description": "Not modified (If-None-Match matched the ETag)."}
    params = parameters(op.params) if op.params else []
    if "{article_id}" in op.path:
        path_param = {"name": "article_id", "in": "path", "required": True}
        params = [{**path_param, "schema": {"type": "string"}}]
    return {
        "summary": op.summary,
        "operationId": op.operation_id,
        "parameters": params,
        "responses": responses,
    }


@functools.cache
def _document() -> dict[str, Any]:
    """Built once per process: the models do not change while it runs."""
    spec = APISpec(
        title=TITLE,
        version=API_VERSION,
        openapi_version=OPENAPI_VERSION,
        info={"description": DESCRIPTION},
    )
    _, schemas = models_json_schema(
        [(model, "serialization") for model in ANSWERS], ref_template=REF_TEMPLATE
    )
    for name, schema in schemas["$defs"].items():
        spec.components.schema(name, schema)
    for op in OPERATIONS:
        spec.path(path=op.path, operations={"get": _operation(op)})
    return spec.to_dict()


def openapi_document(server_url: str) -> dict[str, Any]:
    """The document for a service reachable at ``server_url`` (scheme and host, no slash)."""
    return {**_document(), "servers": [{"url": server_url}]}
