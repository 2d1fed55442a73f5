"""The query parameters of the search surfaces, written once as pydantic models, and the rules
every parameter model shares (the awards' models are in ``searchsvc.web.award_params``).

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
# ASCII only: ``\d`` would take Arabic-Indic or fullwidth digits that no caller means. At most
# 9 digits: every bound is far smaller, and int() refuses strings of over 4300 digits.
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
# A publication year of the archive, or ``unknown`` (articles without a date).
YEAR_VALUE = re.compile(r"^(1[89][0-9][0-9]|2[0-9][0-9][0-9]|unknown)$")
# Code for a value the models reject in a way no validator below words (kept for safety).
INVALID = "invalid_parameter"

FilterValue = Annotated[str, Field(max_length=MAX_VALUE_CHARS, pattern=NO_CONTROL)]
Year = Annotated[str, Field(pattern=YEAR_VALUE.pattern)]


def fail(message: str, code: str = INVALID, **context: Any) -> PydanticCustomError:
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
            raise fail(message, "unknown_parameter", name=unknown[0], allowed=allowed)
        fields: dict[str, Any] = {}
        for name, field in cls.model_fields.items():
            key = field.alias or name
            values = [v for v in data.get(key) or [] if v.strip()]
            if _is_repeatable(field.annotation):
                fields[key] = [normalize(v).strip() for v in values]
            elif len(data.get(key) or []) > 1:
                raise fail("'{name}' may be given only once.", name=key)
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
        if isinstance(value, str) and not (
            WHOLE_NUMBER.fullmatch(value) and low <= int(value) <= high
        ):
            raise fail(f"'{name}' must be a whole number from {low} to {high}.")
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
            f'{MAX_QUERY_TERMS} words). Supports "phrases", OR, NOT / -word, title:word. '
            "A hyphen negates only at the start or after a space: A-B and A - B keep both words."
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
            raise fail(exc.message, exc.code) from None

    @field_validator("unit", "year", "award", mode="before")
    @classmethod
    def _filter(cls, values: list[str], info: Info) -> tuple[str, ...]:
        name = info.field_name
        if len(values) > MAX_FILTER_VALUES:
            raise fail(f"At most {MAX_FILTER_VALUES} values of '{name}'.")
        if any(len(v) > MAX_VALUE_CHARS or CONTROL.search(v) for v in values):
            raise fail(f"A value of '{name}' is not valid.")
        if name == "year" and not all(YEAR_VALUE.fullmatch(v) for v in values):
            raise fail("'year' must be a four-digit year or 'unknown'.")
        return tuple(dict.fromkeys(values))

    @field_validator("sort", mode="before")
    @classmethod
    def _sort(cls, value: str) -> str:
        if value not in SORTS:
            raise fail(f"'sort' must be one of {', '.join(SORTS)}.")
        return value

    def to_request(self) -> SearchRequest:
        return SearchRequest(
            self.q, self.unit, self.year, self.award, self.page, self.per_page, self.sort
        )


def parse_request(args: Mapping[str, Sequence[str]]) -> SearchRequest:
    """A query string's ``SearchRequest``, or ``RequestError`` (400)."""
    return SearchParams.parse(args).to_request()
