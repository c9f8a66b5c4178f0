"""The web desk's API checked against its own OpenAPI schema by schemathesis (in process, over ASGI):
every operation, with data generated from the schema (valid and invalid), answers with a status and
a body the schema documents, never a server error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra")
pytest.importorskip("fastapi", reason="the web desk needs the server extra: pip install 'newsbrief[server]'")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402
from web_support import sample_store  # noqa: E402

from newsbrief.web.app import WebConfig, create_app  # noqa: E402

EXAMPLES = int(os.environ.get("NEWSBRIEF_FUZZ_EXAMPLES", "30"))


@pytest.fixture(scope="module")
def web_schema(tmp_path_factory):
    store: Path = sample_store(tmp_path_factory.mktemp("schema") / "store.sqlite")
    # schemathesis' client calls the app as host "testserver"
    app = create_app(WebConfig(store=store, allow_hosts=("testserver",), workers=1, processes=False,
                               max_body=64 * 1024))
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


# every operation but /api/ingest (it fetches the urls it is given: not hermetic; tests/test_web_pages.py
# ingests a feed from a local server)
OPERATIONS = [("/api/articles", "POST"), ("/api/stories", "GET"), ("/api/stories/{story_id}", "GET"),
              ("/api/articles/{article_id}", "GET"), ("/api/search", "GET"), ("/api/health", "GET")]


def test_every_operation_is_checked(web_schema):
    listed = {(r.ok().path, r.ok().method.upper()) for r in web_schema.get_all_operations()}
    assert listed == set(OPERATIONS) | {("/api/ingest", "POST")}


@pytest.mark.parametrize("path,method", OPERATIONS)
def test_api_conforms_to_its_schema(web_schema, path, method):
    operation = web_schema[path][method]
    # schema-valid articles may still hold no article text once cleaned ("0", "<b>"): a 422 then
    excluded = [positive_data_acceptance] if path == "/api/articles" else []

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case) -> None:
        case.call_and_validate(excluded_checks=excluded)

    check()
