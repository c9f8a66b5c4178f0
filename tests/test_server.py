"""HTTP API: a real server on a free loopback port (worker processes, as served), driven by urllib."""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request

import pytest

from newsbrief.server import Busy, WorkerPool, serve


@pytest.fixture(scope="module")
def base_url():
    server = serve("127.0.0.1", 0, workers=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def call(url: str, data: bytes | None = None, ctype: str = "application/json", method: str | None = None):
    req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype} if data else {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


ARTICLES = [
    {"id": "a", "title": "Bridge reopens", "published": "2024-05-06",
     "text": "The city reopened the Elm Street bridge on Monday after two years of repairs. "
             "Officials said the repairs cost 12 million dollars. Traffic resumed at noon."},
    "<html><body><article><p>The Elm Street bridge reopened on Monday after two years of repairs, "
    "the mayor said. The repairs cost 15 million dollars, according to the mayor's office.</p>"
    "</article></body></html>",
]


def test_health_and_page(base_url):
    status, body = call(base_url + "/api/health")
    assert status == 200 and json.loads(body)["status"] == "ok"
    assert {"workers", "busy", "capacity"} <= set(json.loads(body))
    status, body = call(base_url + "/")
    assert status == 200 and "<form" in body


def test_api_brief(base_url):
    payload = json.dumps({"articles": ARTICLES, "options": {"words": 40}}).encode()
    status, body = call(base_url + "/api/brief", payload)
    assert status == 200, body
    data = json.loads(body)
    assert [a["id"] for a in data["articles"]] == ["a", "article-2"]
    assert data["summary"] and all(s["citations"] for s in data["summary"])
    assert sum(len(s["text"].split()) for s in data["summary"]) <= 40


@pytest.mark.parametrize(
    "payload,status,field",
    [
        (b"{not json", 400, None),
        (json.dumps({"articles": []}).encode(), 422, "articles"),
        (json.dumps({"articles": ARTICLES, "options": {"words": 0}}).encode(), 422, "options.words"),
        (json.dumps({"articles": ARTICLES, "options": {"summarizer": "nope"}}).encode(), 422, "options.summarizer"),
        (json.dumps({"articles": [{"title": "no text"}]}).encode(), 422, "articles"),
        (json.dumps({"articles": ["   "]}).encode(), 422, "articles"),
    ],
)
def test_api_errors(base_url, payload, status, field):
    code, body = call(base_url + "/api/brief", payload)
    data = json.loads(body)
    assert code == status and data["error"] and data["field"] == field, data


def test_sample(base_url):
    status, body = call(base_url + "/api/sample")
    assert status == 200 and len(json.loads(body)["articles"]) == 5


def test_duplicate_ids_renamed(base_url):
    payload = {"articles": [ARTICLES[0], {**ARTICLES[0], "text": ARTICLES[1]}], "options": {"story": False}}
    status, body = call(base_url + "/api/brief", json.dumps(payload).encode())
    data = json.loads(body)
    assert status == 200 and [a["id"] for a in data["articles"]] == ["a", "a#2"]
    assert any("duplicate article id" in w for w in data["warnings"])


def test_wrong_method_and_content_type(base_url):
    status, body = call(base_url + "/api/brief", method="GET")
    assert status == 405 and json.loads(body)["error"]
    status, body = call(base_url + "/api/brief", json.dumps({"articles": ARTICLES}).encode(), "text/plain")
    assert status == 415 and json.loads(body)["field"] == "Content-Type"


def test_form_returns_html_brief(base_url):
    from urllib.parse import urlencode

    text = ARTICLES[0]["text"] + "\n---\n" + "The Elm Street bridge reopened on Monday, officials said."
    status, body = call(base_url + "/brief", urlencode({"articles": text, "words": "50"}).encode(),
                        "application/x-www-form-urlencoded")
    assert status == 200 and "<html" in body.lower() and "Elm Street" in body


def test_pool_replaces_a_dead_worker():
    pool = WorkerPool(1, 0, processes=True)
    try:
        with pytest.raises(Busy) as exc:
            pool.run(os._exit, 3)  # the worker process dies mid-job
        assert exc.value.retry_after >= 1
        assert pool.run(divmod, 7, 2) == (3, 1) and pool.admitted == 0  # new workers, slot released
    finally:
        pool.shutdown()
