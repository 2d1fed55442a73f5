"""schemathesis against /api/openapi.json through the WSGI app: no 500, nothing off-contract.

Bounded: a fixed number of generated requests per operation keeps the run well under a minute.
Every default check runs (server errors, status codes, content types, headers, response
schemas); the rate limit is off so generated traffic is not answered with 429s.

schemathesis' own pytest plugin (``from_fixture``) fails on pytest 9 (it sets a private
``_nodeid``), so each operation's case strategy is driven by Hypothesis directly.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.webapp import make_app

# Generated requests per operation: enough to hit every parameter's edge cases (empty, long,
# out of range, repeated), small enough for a 2-core CI machine.
EXAMPLES_PER_OPERATION = 60
OPERATIONS = [
    "GET /api/search",
    "GET /api/articles/{article_id}",
    "GET /api/awards",
    "GET /api/awards.csv",
    "GET /api/suggest",
    "GET /healthz",
]


def _respects_documented_rules(case) -> bool:
    """Rules OpenAPI 3.0 cannot express are documented in words and kept out of generation:
    on /api/awards*, `to` is "not before `from`" (a 400, tested in tests/test_awards_web.py)."""
    query = case.query or {}
    low, high = query.get("from"), query.get("to")
    if isinstance(low, int) and isinstance(high, int):
        return low <= high
    return True


@pytest.fixture(scope="module")
def api_schema(built_index, tmp_path_factory):
    app = make_app(built_index, tmp_path_factory.mktemp("fuzz"))
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def test_document_lists_the_fuzzed_operations(api_schema):
    found = [f"{op.ok().method.upper()} {op.ok().path}" for op in api_schema.get_all_operations()]
    assert sorted(found) == sorted(OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_api_honours_its_openapi_document(api_schema, operation):
    method, path = operation.split(" ", 1)
    strategy = api_schema[path][method].as_strategy().filter(_respects_documented_rules)

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,  # the same requests on every run: a failure here is reproducible
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case):
        # The WSGI test client does not decompress: ask for the plain body (compression is
        # tested in tests/test_api.py).
        case.call_and_validate(headers={"Accept-Encoding": "identity"})

    check()
