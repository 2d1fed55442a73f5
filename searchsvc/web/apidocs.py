"""``/docs/api``: the API's HTML page, generated from the OpenAPI document (``openapi.py``).

Endpoints, their parameters with types and limits, response codes, a worked example per
endpoint and a try-it form, all from the same document that ``/api/openapi.json`` serves, so the
page cannot drift from the API. Plain HTML forms (GET) work without script; a path parameter
(``/api/articles/{article_id}``) is filled in by ``/docs/api/try``, which redirects to the
documented path only, never elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, Flask, abort, redirect, render_template, request
from werkzeug.wrappers import Response

from searchsvc.engine.request import SearchRequest
from searchsvc.web import index_holder
from searchsvc.web.errors import IndexUnavailable
from searchsvc.web.openapi import openapi_document

bp = Blueprint("apidocs", __name__)

# Example values for the worked example of each endpoint (real values of the sample archive's
# kind; any caller may change them in the try-it form).
EXAMPLES = {"q": "thi đua", "unit": "Sở GD&ĐT Thái Nguyên", "type": "bang_khen", "from": "2015"}
# The example article id when the index has none (16 hex digits, like indexer.schema.doc_id).
PLACEHOLDER_ID = "0123456789abcdef"
_PATH_PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # query or path
    required: bool
    kind: str  # what to show as its type: integer 1–50, one of …, text ≤ 200, list of …
    description: str
    choices: tuple[str, ...]
    default: str
    example: str
    input_type: str  # for the try-it form: text, number, select


@dataclass(frozen=True)
class Operation:
    id: str
    path: str
    summary: str
    params: tuple[Param, ...]
    responses: tuple[tuple[str, str], ...]
    example_url: str
    media: str


def _kind(schema: dict[str, Any]) -> str:
    if schema.get("type") == "array":
        return f"lặp lại được (tối đa {schema.get('maxItems', '?')}): {_kind(schema['items'])}"
    if "enum" in schema:
        return "một trong: " + ", ".join(str(v) for v in schema["enum"])
    if schema.get("type") == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        return f"số nguyên {low}–{high}" if low is not None and high is not None else "số nguyên"
    if "maxLength" in schema:
        return f"chuỗi, tối đa {schema['maxLength']} ký tự"
    return "chuỗi"


def _param(raw: dict[str, Any], article_id: str) -> Param:
    schema = raw.get("schema", {})
    item = schema.get("items", schema)
    choices = tuple(str(v) for v in item.get("enum", ()))
    default = schema.get("default")
    example = EXAMPLES.get(raw["name"], "")
    if raw["in"] == "path":
        example = article_id
    return Param(
        name=raw["name"],
        where=raw["in"],
        required=bool(raw.get("required")),
        kind=_kind(schema),
        description=raw.get("description", ""),
        choices=choices,
        default="" if default is None else str(default),
        example=example,
        input_type="select" if choices else "number" if item.get("type") == "integer" else "text",
    )


def _filled(path: str, values: dict[str, str]) -> str:
    return _PATH_PARAM.sub(lambda m: quote(values.get(m.group(1), ""), safe=""), path)


def operations(document: dict[str, Any], article_id: str, root: str = "") -> list[Operation]:
    """The document's GET operations, in its order, ready for the page; ``root`` is the path
    prefix the service is mounted under (``BASE_URL``), so examples link within it."""
    found = []
    for path, item in document["paths"].items():
        op = item.get("get")
        if not op:
            continue
        params = tuple(_param(p, article_id) for p in op.get("parameters", ()))
        ok = op["responses"].get("200", {})
        media = next(iter(ok.get("content", {"application/json": {}})))
        query = [(p.name, p.example) for p in params if p.where == "query" and p.example]
        example = _filled(path, {p.name: p.example for p in params})
        found.append(
            Operation(
                id=op.get("operationId", path),
                path=path,
                summary=op.get("summary", ""),
                params=params,
                responses=tuple(
                    (code, r.get("description", "")) for code, r in op["responses"].items()
                ),
                example_url=root + example + ("?" + urlencode(query) if query else ""),
                media=media,
            )
        )
    return found


def _document() -> dict[str, Any]:
    return openapi_document(request.host_url.rstrip("/"))


def _an_article_id() -> str:
    """One real article id for the examples (the newest article), or a placeholder."""
    try:
        hits = index_holder.get_backend().search(SearchRequest(per_page=1, sort="newest")).hits
    except IndexUnavailable:  # no index yet: the page still documents the API
        return PLACEHOLDER_ID
    return hits[0].id if hits else PLACEHOLDER_ID


@bp.get("/docs/api")
def api_docs() -> str:
    document = _document()
    return render_template(
        "api_docs.html",
        info=document["info"],
        ops=operations(document, _an_article_id(), request.script_root),
        description="Tài liệu API JSON của kho tin giáo dục: các địa chỉ, tham số, ví dụ.",
    )


@bp.get("/docs/api/try")
def try_operation() -> Response:
    """Redirect the try-it form of operation ``op`` to its documented path with the values
    given (path parameters substituted, empty fields left out)."""
    op_id = request.args.get("op", "")
    found = next((op for op in operations(_document(), "") if op.id == op_id), None)
    if found is None:
        abort(404, description="Không có thao tác API này.")
    path_names = {p.name for p in found.params if p.where == "path"}
    values = {k: v for k, v in request.args.items(multi=False) if v.strip()}
    if not path_names <= set(values):
        abort(400, description="Thiếu tham số đường dẫn.")
    query = [
        (k, v)
        for k, v in request.args.items(multi=True)
        if k != "op" and k not in path_names and v.strip()
    ]
    target = request.script_root + _filled(found.path, values)
    target += "?" + urlencode(query) if query else ""
    return redirect(target, code=303)  # type: ignore[return-value]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
