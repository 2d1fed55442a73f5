"""The JSON answer of ``GET /api/awards`` (and the columns of its CSV twin) as pydantic models.

They generate the awards part of ``/api/openapi.json``; ``tests/test_api_contract.py`` checks
real answers against that document. A test fails when ``AWARD_FIELDS`` (the CSV columns) and
``Award`` disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from searchsvc.awards.query import TYPES
from searchsvc.awards.table import AwardRow, AwardsResult

# The page of an article here, from its id (Flask's url_for, given by the blueprint).
ArticleUrl = Callable[[str], str]

RECIPIENT_KINDS = ("unit", "school", "organisation", "place", "person")


class Model(BaseModel):
    # Answers are built through these models (``AwardsResponse.of``, ``Award.of``), so the JSON,
    # the CSV columns and the OpenAPI document cannot drift; additionalProperties false in the
    # schema makes tests/test_api_contract.py fail on a key the document does not list.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


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

    @classmethod
    def fields_of(cls, row: AwardRow, article_url: ArticleUrl) -> dict[str, Any]:
        """The model's fields for one row of the awards table."""
        return {
            "recipient": row.recipient,
            "recipient_kind": row.recipient_kind,
            "award": row.award,
            "award_type": row.award_type,
            "conferred_by": row.conferred_by,
            "period": row.period,
            "year_from": row.year_from,
            "year_to": row.year_to,
            "article_id": row.article_id,
            "article_title": row.article_title,
            "article_url": article_url(row.article_id),
            "sentence": row.sentence,
            "evidence": [
                {
                    "article_id": e.article_id,
                    "article_title": e.article_title,
                    "article_url": article_url(e.article_id),
                    "sentence": e.sentence,
                }
                for e in row.evidence
            ],
        }

    @classmethod
    def of(cls, row: AwardRow, article_url: ArticleUrl) -> Award:
        return cls.model_validate(cls.fields_of(row, article_url))


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

    @classmethod
    def of(
        cls, result: AwardsResult, next_url: str | None, article_url: ArticleUrl
    ) -> AwardsResponse:
        req = result.request
        # One validation of the whole answer, as for the search answer (schemas.SearchResponse).
        return cls.model_validate(
            {
                "filters": {
                    "unit": req.unit,
                    "type": req.type,
                    "body": req.body,
                    "from": req.year_from,
                    "to": req.year_to,
                },
                "total": result.total,
                "page": req.page,
                "per_page": req.per_page,
                "awards": [Award.fields_of(row, article_url) for row in result.rows],
                "recipients": [
                    {"recipient": r.recipient, "recipient_kind": r.recipient_kind, "count": r.count}
                    for r in result.recipients
                ],
                "next": next_url,
            }
        )
