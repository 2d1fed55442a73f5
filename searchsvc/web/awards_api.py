"""``GET /api/awards`` (JSON, paged) and ``GET /api/awards.csv`` (every matching row, for Excel).

The API's style throughout: parameters validated by ``parse_awards_request`` (400 with the one
error shape, unknown names refused), a weak ETag of the served index plus the canonical request
(304 on a match), CORS from ``searchsvc.web.api.add_cors`` (it covers every ``/api/`` path). JSON
and
CSV rows have the same columns and values, so a CSV parsed back equals the JSON list.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, jsonify, request, url_for

from indexer.text.analysis import fold_text
from searchsvc.awards.query import AwardsRequest
from searchsvc.awards.table import AWARD_FIELDS, AwardRow
from searchsvc.web import index_holder
from searchsvc.web.award_params import parse_awards_request
from searchsvc.web.award_schemas import Award, AwardsResponse
from searchsvc.web.caching import cached, finish_cacheable
from searchsvc.web.schemas import dump

bp = Blueprint("awards_api", __name__, url_prefix="/api")

CSV_COLUMNS = AWARD_FIELDS
# Excel reads a CSV as the local ANSI code page unless it starts with a UTF-8 byte order mark.
UTF8_BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection");
# archived sentences are untrusted, so such a cell gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Between the article URLs of one award's evidence in its CSV cell.
EVIDENCE_SEPARATOR = " | "
# Longest slug of a unit name in the CSV file name; names are at most ~60 characters.
MAX_SLUG_CHARS = 60


def article_url(article_id: str) -> str:
    return url_for("views.article_page", article_id=article_id, _external=True)


def row_to_json(row: AwardRow) -> dict[str, Any]:
    """One award as the API and the CSV give it (keys in ``CSV_COLUMNS`` order)."""
    return dump(Award.of(row, article_url))


def csv_cell(value: Any) -> str:
    """A value as CSV text: null is empty, numbers are digits, formulas are neutralised."""
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_value(row: dict[str, Any], column: str) -> str:
    """The CSV cell of ``column``: the JSON value, or for ``evidence`` the URLs of every article
    that reports the award, one after another (a spreadsheet cell holds no list)."""
    if column == "evidence":
        return csv_cell(EVIDENCE_SEPARATOR.join(e["article_url"] for e in row["evidence"]))
    return csv_cell(row[column])


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends, as Excel writes them
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([csv_value(row, column) for column in CSV_COLUMNS])
    return UTF8_BOM + out.getvalue()


def csv_filename(req: AwardsRequest) -> str:
    """``khen-thuong.csv``, or with the unit: ``khen-thuong-phong-gd-dt-tp-thai-nguyen.csv``."""
    if not req.unit:
        return "khen-thuong.csv"
    slug = re.sub(r"[^a-z0-9]+", "-", fold_text(req.unit).lower()).strip("-")[:MAX_SLUG_CHARS]
    return f"khen-thuong-{slug}.csv" if slug else "khen-thuong.csv"


def _args() -> dict[str, list[str]]:
    return request.args.to_dict(flat=False)


@bp.get("/awards")
def api_awards() -> Response:
    req = parse_awards_request(_args())
    etag, not_modified = cached("awards", urlencode(req.to_params()))
    if not_modified is not None:
        return not_modified
    result = index_holder.get_backend().awards(req)
    following = None
    if result.has_next:
        query = urlencode(req.with_page(req.page + 1).to_params())
        following = f"{url_for('awards_api.api_awards', _external=True)}?{query}"
    answer = AwardsResponse.of(result, following, article_url)
    return finish_cacheable(jsonify(dump(answer)), etag)


@bp.get("/awards.csv")
def api_awards_csv() -> Response:
    req = parse_awards_request(_args(), paging=False)
    etag, not_modified = cached("awards.csv", urlencode(req.to_params(paging=False)))
    if not_modified is not None:
        return not_modified
    rows = index_holder.get_backend().award_rows(req)
    body = to_csv([row_to_json(row) for row in rows])
    # A text/* mimetype gets "; charset=utf-8" from Flask.
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{csv_filename(req)}"'
    return finish_cacheable(response, etag)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
