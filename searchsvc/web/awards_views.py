"""The awards pages: ``/awards`` (overview, filterable) and ``/units/<unit>`` (a unit's timeline).

Views of the awards API: the same ``parse_awards_request`` -> ``query_awards`` -> ``AwardsResult``
path as ``/api/awards``, rendered through templates. URLs are built here; templates only loop
and branch. Vietnamese UI text; plain links and a GET form, so everything works without JS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, abort, redirect, render_template, request, url_for

from searchsvc.awards.query import (
    MAX_PER_PAGE,
    MAX_YEAR,
    MIN_YEAR,
    TYPE_LABELS,
    TYPES,
    AwardsRequest,
)
from searchsvc.awards.table import match_key
from searchsvc.awards.timeline import marked_sentence
from searchsvc.awards.timeline import timeline as make_timeline
from searchsvc.engine.request import RequestError, SearchRequest
from searchsvc.web import index_holder, urls
from searchsvc.web.award_params import parse_awards_request

bp = Blueprint("awards_views", __name__)

KIND_LABELS = {
    "unit": "Đơn vị",
    "school": "Trường",
    "organisation": "Tổ chức",
    "place": "Địa phương",
    "person": "Cá nhân",
}


def unit_page_url(name: str) -> str:
    return url_for("awards_views.unit_page", unit=name)


def _with(path: str, req: AwardsRequest, *, paging: bool = True) -> str:
    params = req.to_params(paging=paging)
    return f"{path}?{urlencode(params)}" if params else path


@bp.get("/awards")
def awards_page() -> str:
    args = request.args.to_dict(flat=False)
    year_message = None
    try:
        req = parse_awards_request(args)
    except RequestError:
        year_message = reversed_range_message(args)
        if year_message is None:
            raise  # any other bad value: the Vietnamese 400 page
        req = parse_awards_request({k: v for k, v in args.items() if k not in ("from", "to")})
    req = replace(req, newest_first=True)
    backend = index_holder.get_backend()
    result = backend.awards(req)
    here = url_for("awards_views.awards_page")
    bodies = list(backend.award_bodies())
    if req.body and req.body not in bodies:
        bodies.append(req.body)  # keep the caller's choice visible, even with no match
    return render_template(
        "awards.html",
        req=req,
        result=result,
        groups=make_timeline(result.rows, newest_first=True),
        type_options=[(key, TYPE_LABELS[key]) for key in TYPES],
        body_options=bodies,
        typed_from=_one_value(args, "from"),
        typed_to=_one_value(args, "to"),
        year_message=year_message,
        pages=page_links(req.page, result.pages, lambda n: _with(here, req.with_page(n))),
        prev_url=_with(here, req.with_page(req.page - 1)) if req.page > 1 else None,
        next_url=_with(here, req.with_page(req.page + 1)) if result.has_next else None,
        clear_url=here,
        csv_url=_with(url_for("awards_api.api_awards_csv"), req, paging=False),
        json_url=_with(url_for("awards_api.api_awards"), req),
    )


def _one_value(args: dict[str, list[str]], name: str) -> str:
    values = args.get(name) or [""]
    return values[0].strip()


def reversed_range_message(args: dict[str, list[str]]) -> str | None:
    """The form's message when "from" is after "to" (both valid years), else None: the page
    then lists the awards of the other filters, and the form keeps the years to be corrected."""
    low, high = _one_value(args, "from"), _one_value(args, "to")
    if not (low.isdigit() and high.isdigit() and len(low) == len(high) == 4):
        return None
    if not (MIN_YEAR <= int(high) < int(low) <= MAX_YEAR):
        return None
    return (
        f"Năm bắt đầu ({low}) đang sau năm kết thúc ({high}). Hãy đổi lại khoảng năm; "
        "danh sách dưới đây chưa lọc theo năm."
    )


@dataclass(frozen=True)
class PageLink:
    """One item of the page-number bar: a page (with its URL unless it is the current one) or
    a gap ("…") between distant pages."""

    label: str
    url: str | None
    current: bool = False


def page_links(page: int, pages: int, url_of: Callable[[int], str]) -> list[PageLink]:
    """Page numbers around the current one, plus the first and the last, gaps as "…"."""
    if pages <= 1:
        return []
    return [
        PageLink(str(n), None if n == page else url_of(n), n == page)
        if n is not None
        else PageLink("…", None)
        for n in urls.page_window(page, pages)
    ]


def _known_unit(name: str) -> str | None:
    """The canonical spelling of ``name``: an awarded recipient, or a unit of the unit facet."""
    backend = index_holder.get_backend()
    found = backend.canonical_recipient(name)
    if found is None:
        key = match_key(name)
        found = next((u for u in backend.unit_names() if match_key(u) == key), None)
    return found


@bp.get("/units/<path:unit>")
def unit_page(unit: str) -> str | Response:
    name = _known_unit(unit)
    if name is None:
        abort(404, description="Không có đơn vị này trong kho.")
    if name != unit:  # one URL per unit: other spellings (case, spacing) go to the canonical one
        return redirect(unit_page_url(name), code=301)  # type: ignore[return-value]
    backend = index_holder.get_backend()
    req = AwardsRequest(unit=name, per_page=MAX_PER_PAGE)
    rows = backend.award_rows(req)
    search_path = url_for("views.search_page")
    if name in backend.unit_names():
        search_url = urls.unit_url(search_path, name)
    else:  # a school or a person: the articles that name it
        search_url = urls.with_query(search_path, SearchRequest(q=f'"{name}"'))
    return render_template(
        "unit.html",
        name=name,
        kind=rows[0].recipient_kind if rows else "unit",
        total=len(rows),
        groups=make_timeline(rows),
        years=sorted({y for r in rows for y in (r.year_from, r.year_to) if y is not None}),
        search_url=search_url,
        csv_url=_with(url_for("awards_api.api_awards_csv"), req, paging=False),
        json_url=_with(url_for("awards_api.api_awards"), AwardsRequest(unit=name)),
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(unit_page_url, "unit_page_url")
    app.jinja_env.globals.update(KIND_LABELS=KIND_LABELS, TYPE_LABELS=TYPE_LABELS)
    app.add_template_filter(marked_sentence, "marked_sentence")
