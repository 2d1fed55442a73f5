"""The query parameters every endpoint accepts, written once as pydantic models.

One model per parameter set validates a query string at the HTTP boundary (400 with one exact
message, never a 500) and is the source of the parameters in ``/api/openapi.json``
(``searchsvc.web.openapi``): names, types, bounds, patterns and enums cannot drift from what is
enforced. The engine keeps its own input, the ``SearchRequest`` dataclass; ``to_request`` builds it.

Rules shared by every surface: an unknown name is refused; a single-valued name given twice is
refused; an empty value (a form's "any" option) means "not given"; whole numbers are ASCII digits
(``²`` and ``①`` are digits to ``str.isdigit`` but not to ``int``); text values are NFC and hold
no control characters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Self, cast

from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic import ValidationInfo as Info
from pydantic_core import PydanticCustomError

from indexer.text.analysis import normalize
from searchsvc.awards import query as awards
from searchsvc.engine.request import (
    CONTROL,
    CONTROL_CHARS,
    DEFAULT_PER_PAGE,
    MAX_FILTER_VALUES,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    MAX_VALUE_CHARS,
    SORTS,
    RequestError,
    SearchRequest,
    clean_query,
)

NO_CONTROL = f"^[^{CONTROL_CHARS}]*$"
# ASCII only: ``\d`` would take Arabic-Indic or fullwidth digits that no caller means.
WHOLE_NUMBER = re.compile(r"^[0-9]+$")
# A publication year of the archive, or ``unknown`` (articles without a date).
YEAR_VALUE = re.compile(r"^(1[89][0-9][0-9]|2[0-9][0-9][0-9]|unknown)$")
# Code for a value the models reject in a way no validator below words (kept for safety).
INVALID = "invalid_parameter"

FilterValue = Annotated[str, Field(max_length=MAX_VALUE_CHARS, pattern=NO_CONTROL)]
Year = Annotated[str, Field(pattern=YEAR_VALUE.pattern)]


def _fail(message: str, code: str = INVALID, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(code, message, context)


def _is_repeatable(annotation: Any) -> bool:
    return getattr(annotation, "__origin__", None) is tuple


class QueryParams(BaseModel):
    """A query string (name -> list of values) validated into typed, frozen fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _from_query_string(cls, data: Any) -> Any:
        """Unknown names, repeated single values and empty values, before any field."""
        if not isinstance(data, Mapping):
            return data
        names = [field.alias or name for name, field in cls.model_fields.items()]
        unknown = sorted(set(data) - set(names))
        if unknown:
            allowed = ", ".join(names)
            message = "Unknown parameter '{name}'. Allowed: {allowed}."
            raise _fail(message, "unknown_parameter", name=unknown[0], allowed=allowed)
        fields: dict[str, Any] = {}
        for name, field in cls.model_fields.items():
            key = field.alias or name
            values = [v for v in data.get(key) or [] if v.strip()]
            if _is_repeatable(field.annotation):
                fields[key] = [normalize(v).strip() for v in values]
            elif len(data.get(key) or []) > 1:
                raise _fail("'{name}' may be given only once.", name=key)
            elif values:
                fields[key] = values[0].strip()
        return fields

    @classmethod
    def parse(cls, args: Mapping[str, Sequence[str]]) -> Self:
        """Validate ``args`` or raise ``RequestError`` with the first problem's message."""
        try:
            return cls.model_validate(args)
        except ValidationError as exc:
            raise _request_error(exc) from None

    @classmethod
    def _bounds(cls, name: str) -> tuple[int, int]:
        metadata = cls.model_fields[name].metadata
        low = next(m.ge for m in metadata if isinstance(m, Ge))
        high = next(m.le for m in metadata if isinstance(m, Le))
        return cast(int, low), cast(int, high)

    # Paging fields of the subclasses that have them; bounds come from their ``Field``.
    @field_validator("page", "per_page", mode="before", check_fields=False)
    @classmethod
    def _whole(cls, value: Any, info: Info) -> Any:
        name = info.field_name or ""
        low, high = cls._bounds(name)
        if isinstance(value, str) and not (WHOLE_NUMBER.match(value) and low <= int(value) <= high):
            raise _fail(f"'{name}' must be a whole number from {low} to {high}.")
        return value


def _request_error(exc: ValidationError) -> RequestError:
    error = exc.errors(include_url=False)[0]
    name = str(error["loc"][0]) if error["loc"] else (error.get("ctx") or {}).get("name")
    if error["type"] in {INVALID, "unknown_parameter", "query_too_long"}:
        return RequestError(error["type"], error["msg"], name)
    return RequestError(INVALID, f"'{name}' is not valid.", name)


class SearchParams(QueryParams):
    """``/``, ``/api/search`` and ``/search.atom``: query text, facet filters, paging, order."""

    q: str = Field(
        "",
        max_length=MAX_QUERY_CHARS,
        description=(
            f"Query text, with or without diacritics (at most {MAX_QUERY_CHARS} characters and "
            f'{MAX_QUERY_TERMS} words). Supports "phrases", OR, NOT / -word, title:word.'
        ),
    )
    unit: tuple[FilterValue, ...] = Field(
        (),
        max_length=MAX_FILTER_VALUES,
        description="Canonical unit, e.g. `Sở GD&ĐT Điện Biên`; repeat to select several.",
    )
    year: tuple[Year, ...] = Field(
        (),
        max_length=MAX_FILTER_VALUES,
        description="Publication year, or `unknown`; repeat to select several.",
    )
    award: tuple[FilterValue, ...] = Field(
        (), max_length=MAX_FILTER_VALUES, description="Award as written; repeat to select several."
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE)
    sort: str = Field("relevance", json_schema_extra={"enum": list(SORTS)})

    @field_validator("q", mode="before")
    @classmethod
    def _query(cls, value: str) -> str:
        try:
            return clean_query(value)
        except RequestError as exc:  # the engine's limits, worded by the engine
            raise _fail(exc.message, exc.code) from None

    @field_validator("unit", "year", "award", mode="before")
    @classmethod
    def _filter(cls, values: list[str], info: Info) -> tuple[str, ...]:
        name = info.field_name
        if len(values) > MAX_FILTER_VALUES:
            raise _fail(f"At most {MAX_FILTER_VALUES} values of '{name}'.")
        if any(len(v) > MAX_VALUE_CHARS or CONTROL.search(v) for v in values):
            raise _fail(f"A value of '{name}' is not valid.")
        if name == "year" and not all(YEAR_VALUE.match(v) for v in values):
            raise _fail("'year' must be a four-digit year or 'unknown'.")
        return tuple(dict.fromkeys(values))

    @field_validator("sort", mode="before")
    @classmethod
    def _sort(cls, value: str) -> str:
        if value not in SORTS:
            raise _fail(f"'sort' must be one of {', '.join(SORTS)}.")
        return value

    def to_request(self) -> SearchRequest:
        return SearchRequest(
            self.q, self.unit, self.year, self.award, self.page, self.per_page, self.sort
        )


class AwardsFilterParams(QueryParams):
    """``/api/awards.csv``: which awards (one value each; every matching row, no paging)."""

    unit: str | None = Field(
        None,
        max_length=MAX_VALUE_CHARS,
        pattern=NO_CONTROL,
        description=(
            "Recipient: a canonical unit (`Phòng GD&ĐT TP Thái Nguyên`), a school or a person; "
            "case and spacing are ignored."
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
            raise _fail(message)
        return normalize(value)

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in awards.TYPES:
            raise _fail(f"'type' must be one of: {', '.join(awards.TYPES)}.")
        return value

    @field_validator("year_from", "year_to", mode="before")
    @classmethod
    def _year(cls, value: Any, info: Info) -> Any:
        key = cls.model_fields[info.field_name or ""].alias
        low, high = awards.MIN_YEAR, awards.MAX_YEAR
        if isinstance(value, str) and not (
            re.fullmatch("[0-9]{4}", value) and low <= int(value) <= high
        ):
            raise _fail(f"'{key}' must be a year from {low} to {high}.")
        return value

    @model_validator(mode="after")
    def _range(self) -> Self:
        low, high = self.year_from, self.year_to
        if low is not None and high is not None and low > high:
            raise _fail("'from' must not be after 'to'.", name="from")
        return self

    def to_request(self) -> awards.AwardsRequest:
        paging = {"page": 1, "per_page": awards.MAX_PER_PAGE}
        if isinstance(self, AwardsParams):
            paging = {"page": self.page, "per_page": self.per_page}
        return awards.AwardsRequest(
            self.unit, self.type, self.body, self.year_from, self.year_to, **paging
        )


class AwardsParams(AwardsFilterParams):
    """``/api/awards`` and ``/awards``: the filters and a page of the matching awards."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page.")
    per_page: int = Field(
        awards.DEFAULT_PER_PAGE, ge=1, le=awards.MAX_PER_PAGE, description="Awards per page."
    )


def parse_request(args: Mapping[str, Sequence[str]]) -> SearchRequest:
    """A query string's ``SearchRequest``, or ``RequestError`` (400)."""
    return SearchParams.parse(args).to_request()


def parse_awards_request(
    args: Mapping[str, Sequence[str]], *, paging: bool = True
) -> awards.AwardsRequest:
    """A query string's ``AwardsRequest``; ``paging=False`` (CSV export) refuses page/per_page."""
    model = AwardsParams if paging else AwardsFilterParams
    return model.parse(args).to_request()
