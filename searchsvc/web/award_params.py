"""The query parameters of the awards surfaces (``/api/awards``, ``/api/awards.csv``, ``/awards``)
as pydantic models, on the shared rules of ``searchsvc.web.params``: they validate at the HTTP
boundary and are the parameters ``/api/openapi.json`` documents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Self

from pydantic import Field, field_validator, model_validator
from pydantic import ValidationInfo as Info

from indexer.text.analysis import normalize
from searchsvc.awards import query as awards
from searchsvc.engine.request import CONTROL, MAX_PAGE, MAX_VALUE_CHARS
from searchsvc.web.params import NO_CONTROL, QueryParams, fail


class AwardsFilterParams(QueryParams):
    """``/api/awards.csv``: which awards (one value each; every matching row, no paging)."""

    unit: str | None = Field(
        None,
        max_length=MAX_VALUE_CHARS,
        pattern=NO_CONTROL,
        description=(
            "Recipient: a canonical unit (`Phòng GD&ĐT TP Thái Nguyên`), a school or a person; "
            "case, spacing and diacritics are ignored, a unit's full name finds it too."
        ),
    )
    type: str | None = Field(
        None, description="Award type key.", json_schema_extra={"enum": list(awards.TYPES)}
    )
    body: str | None = Field(
        None,
        max_length=MAX_VALUE_CHARS,
        pattern=NO_CONTROL,
        description="Conferring body, e.g. `Bộ GD&ĐT`, `UBND tỉnh Thái Nguyên`.",
    )
    year_from: int | None = Field(
        None,
        alias="from",
        ge=awards.MIN_YEAR,
        le=awards.MAX_YEAR,
        description=(
            "Awards whose year or school year overlaps [from, to]; with a range, awards without "
            "a known year are left out (without one they are listed last)."
        ),
    )
    year_to: int | None = Field(
        None,
        alias="to",
        ge=awards.MIN_YEAR,
        le=awards.MAX_YEAR,
        description="End of the year range (inclusive); not before `from`.",
    )

    @field_validator("unit", "body", mode="before")
    @classmethod
    def _text(cls, value: str, info: Info) -> str:
        if len(value) > MAX_VALUE_CHARS or CONTROL.search(value):
            message = f"'{info.field_name}' must be at most {MAX_VALUE_CHARS} printable characters."
            raise fail(message)
        return normalize(value)

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in awards.TYPES:
            raise fail(f"'type' must be one of: {', '.join(awards.TYPES)}.")
        return value

    @field_validator("year_from", "year_to", mode="before")
    @classmethod
    def _year(cls, value: Any, info: Info) -> Any:
        key = cls.model_fields[info.field_name or ""].alias
        low, high = awards.MIN_YEAR, awards.MAX_YEAR
        if isinstance(value, str) and not (
            re.fullmatch("[0-9]{4}", value) and low <= int(value) <= high
        ):
            raise fail(f"'{key}' must be a year from {low} to {high}.")
        return value

    @model_validator(mode="after")
    def _range(self) -> Self:
        low, high = self.year_from, self.year_to
        if low is not None and high is not None and low > high:
            raise fail("'from' must not be after 'to'.", name="from")
        return self

    def to_request(self) -> awards.AwardsRequest:
        paging = {"page": 1, "per_page": awards.MAX_PER_PAGE}
        if isinstance(self, AwardsParams):
            paging = {"page": self.page, "per_page": self.per_page}
        return awards.AwardsRequest(
            self.unit,
            self.type,
            self.body,
            self.year_from,
            self.year_to,
            page=paging["page"],
            per_page=paging["per_page"],
        )


class AwardsParams(AwardsFilterParams):
    """``/api/awards`` and ``/awards``: the filters and a page of the matching awards."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page.")
    per_page: int = Field(
        awards.DEFAULT_PER_PAGE, ge=1, le=awards.MAX_PER_PAGE, description="Awards per page."
    )


def parse_awards_request(
    args: Mapping[str, Sequence[str]], *, paging: bool = True
) -> awards.AwardsRequest:
    """A query string's ``AwardsRequest``; ``paging=False`` (CSV export) refuses page/per_page."""
    model = AwardsParams if paging else AwardsFilterParams
    return model.parse(args).to_request()
