"""The JSON answer of ``GET /api/awards`` (and the columns of its CSV twin) as pydantic models.

They generate the awards part of ``/api/openapi.json``; ``tests/test_api_contract.py`` checks
real answers against that document. A test fails when ``AWARD_FIELDS`` (the CSV columns) and
``Award`` disagree.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from searchsvc.awards.query import TYPES

RECIPIENT_KINDS = ("unit", "school", "organisation", "place", "person")


class Model(BaseModel):
    # The answer is built in searchsvc.web.awards_api; additionalProperties false in the schema
    # makes tests/test_api_contract.py fail on a key the document does not list.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(Model):
    """One sentence of one article that asserts the award."""

    article_id: str
    article_title: str
    article_url: str
    sentence: str


class Award(Model):
    """One award mention: who, what, by whom, when, and the sentence it was read from."""

    recipient: str
    recipient_kind: str = Field(json_schema_extra={"enum": list(RECIPIENT_KINDS)})
    award: str = Field(description="As written, e.g. `Cờ thi đua xuất sắc`.")
    award_type: str = Field(json_schema_extra={"enum": list(TYPES)})
    conferred_by: str | None
    period: str | None = Field(description="`2003` or `2015-2016`.")
    year_from: int | None
    year_to: int | None
    article_id: str
    article_title: str
    article_url: str = Field(description="The article's page here.")
    sentence: str = Field(description="The sentence the award was read from.")
    evidence: list[Evidence] = Field(
        description="Every sentence and article asserting this award (the first is the above)."
    )


class AwardsFilters(Model):
    """The filters the answer applied (null: not filtered)."""

    unit: str | None
    type: str | None
    body: str | None
    year_from: int | None = Field(alias="from")
    year_to: int | None = Field(alias="to")


class Recipient(Model):
    recipient: str
    recipient_kind: str
    count: int = Field(ge=1)


class AwardsResponse(Model):
    """One page of awards in timeline order (unknown years last)."""

    filters: AwardsFilters
    total: int = Field(ge=0)
    page: int = Field(ge=1)
    per_page: int = Field(ge=1)
    awards: list[Award]
    recipients: list[Recipient] = Field(
        description="Every matching recipient with its number of awards."
    )
    next: str | None = Field(description="URL of the next page.")
