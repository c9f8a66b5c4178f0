"""Property-based fuzzing of the HTTP API: random JSON payloads, options, bodies and headers.

Whatever is sent, the answer is a JSON object with a status in {200, 4xx, 503} (an error names
its ``error`` and ``field``), never a closed connection and never a 500.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import fields
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newsbrief.options import Limits, Options  # noqa: E402
from newsbrief.server import BriefServer, serve  # noqa: E402

# NEWSBRIEF_FUZZ_EXAMPLES=2000 for a longer hunt than the default, which keeps the suite quick
FUZZ = settings(max_examples=int(os.environ.get("NEWSBRIEF_FUZZ_EXAMPLES", "80")), deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

TEXTS = [
    "The city reopened the Elm Street bridge on Monday after two years of repairs. "
    "Officials said the repairs cost 12 million dollars.",
    "<html><body><article><p>The Elm Street bridge reopened on Monday, the mayor said. "
    "The repairs cost 15 million dollars.</p></article></body></html>",
    "Traffic resumed at noon on Tuesday, police said.",
]

leaf = (st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=20))
json_value = st.recursive(leaf, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
option_values = {
    "words": st.integers(-5, 6000) | json_value,
    "sentences": st.integers(-1, 250) | json_value,
    "summarizer": st.sampled_from(["newsbrief", "lead", "textrank", "nope", ""]) | json_value,
    "query": st.text(max_size=40) | json_value,
    "events": st.sampled_from(["auto", "always", "never", "sometimes"]) | json_value,
    "story": st.booleans() | json_value,
    "cite_threshold": st.floats(-1, 2, allow_nan=False) | json_value,
}
option_names = [f.name for f in fields(Options)] + ["wrods", ""]
options = st.dictionaries(st.sampled_from(option_names), json_value, max_size=3) | st.fixed_dictionaries(
    {}, optional={k: v for k, v in option_values.items()})
text = st.sampled_from(TEXTS) | st.text(max_size=120)
article_fields = {"id": st.text(max_size=8), "text": text, "title": st.text(max_size=30),
                  "url": st.text(max_size=30), "source": st.text(max_size=12), "author": st.text(max_size=12),
                  "published": st.dates().map(str) | st.text(max_size=12)}
article = (text | st.fixed_dictionaries({}, optional={k: v | json_value for k, v in article_fields.items()})
           | json_value)
payloads = (st.fixed_dictionaries({"articles": st.lists(article, max_size=3)},
                                  optional={"options": options | json_value})
            | json_value)


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    server: BriefServer = serve("127.0.0.1", 0, workers=2, processes=False, read_timeout=5)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        logging.getLogger(__name__).info("statuses answered: %s", dict(sorted(SEEN.items())))
        server.shutdown()
        server.server_close()


def post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", "/api/brief", body=body, headers=headers)
        resp = conn.getresponse()  # a closed connection raises RemoteDisconnected here
        data = resp.read()
        return resp.status, json.loads(data)
    finally:
        conn.close()


SEEN: dict[int, int] = {}


def check(status: int, body: Any) -> None:
    SEEN[status] = SEEN.get(status, 0) + 1
    assert status == 200 or 400 <= status < 500 or status == 503, (status, body)
    assert isinstance(body, dict), body
    if status == 200:
        assert "summary" in body and "articles" in body
    else:
        assert isinstance(body.get("error"), str) and body["error"] and "field" in body, body


@FUZZ
@given(payload=payloads)
def test_random_payloads_answered(port, payload):
    status, body = post(port, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    check(status, body)
    if not isinstance(payload, dict) or not isinstance(payload.get("articles"), list):
        assert status == 422


@FUZZ
@given(options=options)
def test_random_options_answered(port, options):
    payload = {"articles": TEXTS[:2], "options": options}
    status, body = post(port, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    check(status, body)
    if status == 422 and body["field"]:
        assert body["field"].startswith("options")


@FUZZ
@given(body=st.binary(max_size=300) | json_value.map(lambda v: json.dumps(v).encode()))
def test_random_bytes_answered(port, body):
    status, answer = post(port, body, {"Content-Type": "application/json"})
    check(status, answer)
    assert status in (400, 422)


header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30)
BODY = json.dumps({"articles": TEXTS[:1], "options": {"story": False}}).encode()
# lengths that are answered at once: not a number, at most the body, or past the size limit
# (a number between those would rightly wait for the rest of the body until the read deadline)
lengths = (st.none() | header_text.filter(lambda t: not t.strip().isdigit()) | st.integers(0, len(BODY)).map(str)
           | st.integers(Limits().file_bytes + 1, 10**15).map(str))


@FUZZ
@given(ctype=st.sampled_from(["application/json", "application/json; charset=UTF-8", "Application/JSON"])
       | header_text, length=lengths)
def test_random_headers_answered(port, ctype, length):
    headers = {"Content-Type": ctype}
    if length is not None:
        headers["Content-Length"] = length.strip() or "x"
    status, answer = post(port, BODY, headers)
    check(status, answer)
