"""The models of ``GET /api/suggest``: its one parameter and its answer (``suggest_api``).

Kept apart from the blueprint so that ``searchsvc.web.openapi`` can list them without importing
the HTTP side (which imports the API's caching, which imports the document).
"""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from searchsvc.engine.complete import MAX_SUGGESTIONS
from searchsvc.engine.request import MAX_QUERY_CHARS
from searchsvc.web.params import QueryParams
from searchsvc.web.schemas import Model


class SuggestParams(QueryParams):
    """``/api/suggest``: what has been typed so far."""

    q: str = Field(
        "",
        max_length=MAX_QUERY_CHARS,
        description="What has been typed so far, with or without diacritics (`thai ng`).",
    )

    @field_validator("q", mode="before")
    @classmethod
    def _length(cls, value: str) -> str:
        """Too long is its own error code, as for a search (``query_too_long``)."""
        if len(value) > MAX_QUERY_CHARS:
            message = f"The query is longer than {MAX_QUERY_CHARS} characters."
            raise PydanticCustomError("query_too_long", message, {})
        return value


class Suggestion(Model):
    text: str = Field(description="What to show: the archive's own spelling.")
    value: str = Field(description="The whole query once this is chosen.")
    kind: str = Field(json_schema_extra={"enum": ["word", "unit", "title"]})
    url: str = Field(description="Where choosing it leads: a search, a unit, an article.")


class SuggestResponse(Model):
    """At most ten completions of the query's last words, accented as the archive writes them."""

    query: str
    suggestions: list[Suggestion] = Field(max_length=MAX_SUGGESTIONS)
