"""Real answers checked against the generated ``/api/openapi.json``, and the document against the
app: every documented path is served, every API route is documented.

schemathesis (tests/test_openapi_fuzz.py) generates requests from the parameters; these tests
pick requests that fill every part of an answer (selected facets, awards, related articles,
errors) and validate the bodies with a JSON Schema 2020-12 validator (OpenAPI 3.1's dialect).
"""

from __future__ import annotations

import jsonschema_rs
import pytest
from openapi_spec_validator import validate

from searchsvc.awards.table import AWARD_FIELDS
from searchsvc.web.award_schemas import Award

# (request, component schema of its answer, status)
ANSWERS = [
    ("/api/search?q=thi+dua", "SearchResponse", 200),
    (
        "/api/search?q=thi+dua&year=unknown&year=2016&unit=x&per_page=1&page=2",
        "SearchResponse",
        200,
    ),
    ("/api/search?q=th%C3%A1i+nguy%C3%AAn&sort=newest", "SearchResponse", 200),
    ("/api/search?page=999", "SearchResponse", 200),
    ("/api/awards", "AwardsResponse", 200),
    ("/api/awards?type=co_thi_dua&from=2014&to=2020&per_page=1", "AwardsResponse", 200),
    ("/healthz", "Health", 200),
    ("/api/search?page=%C2%B2", "Error", 400),
    ("/api/awards?from=2020&to=2010", "Error", 400),
    ("/api/articles/0123456789abcdef", "Error", 404),
]


@pytest.fixture(scope="module")
def document(app):
    return app.test_client().get("/api/openapi.json").get_json()


def validator(document: dict, component: str) -> jsonschema_rs.Draft202012Validator:
    schema = {
        "$ref": f"#/components/schemas/{component}",
        "components": document["components"],
    }
    return jsonschema_rs.Draft202012Validator(schema)


@pytest.mark.parametrize(("path", "component", "status"), ANSWERS)
def test_real_answers_match_the_document(client, document, path, component, status):
    response = client.get(path)
    assert response.status_code == status
    validator(document, component).validate(response.get_json())


def test_article_answer_matches_the_document(client, document):
    first = client.get("/api/search?q=thai+nguyen").get_json()["hits"][0]
    article = client.get(f"/api/articles/{first['id']}").get_json()
    assert article["related"]
    validator(document, "Article").validate(article)


@pytest.mark.parametrize(
    ("bad", "component"),
    [
        ({"error": {"code": "x"}}, "Error"),
        ({"status": "ok"}, "Health"),
    ],
)
def test_the_validator_rejects_off_contract_bodies(document, bad, component):
    assert not validator(document, component).is_valid(bad)


def test_every_documented_path_is_served_and_every_api_route_documented(app, document):
    routes = {
        rule.rule.replace("<article_id>", "{article_id}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") or rule.rule == "/healthz"
    }
    routes.discard("/api/openapi.json")  # the document itself
    assert set(document["paths"]) <= routes | {"/healthz"}
    undocumented = {r for r in routes if r.startswith("/api/")} - set(document["paths"])
    assert not undocumented, f"API routes missing from the OpenAPI document: {undocumented}"


def test_the_document_is_valid_openapi_3_1(document):
    validate(document)  # raises on any structural error
    assert document["openapi"] == "3.1.0"


def test_award_schema_and_csv_columns_agree():
    assert tuple(Award.model_fields) == AWARD_FIELDS
