"""Hostile and malformed requests against a real server on 127.0.0.1, through raw sockets.

Every case must be answered with its status and a JSON ``{"error": ..., "field": ...}``: never a
closed connection, never a thread held past the read deadline, never a reset under a burst.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest

from newsbrief.server import BriefServer, serve

TEXT = ("The city reopened the Elm Street bridge on Monday after two years of repairs. "
        "Officials said the repairs cost 12 million dollars. Traffic resumed at noon.")
ARTICLES: list[Any] = [{"id": "a", "title": "Bridge reopens", "published": "2024-05-06", "text": TEXT},
                       "The Elm Street bridge reopened on Monday, the mayor said. The repairs cost 15 million."]
QUICK = {"story": False, "events": "never", "words": 30}
READ_TIMEOUT = 1.0


@contextmanager
def running(**kwargs: Any) -> Iterator[BriefServer]:
    server = serve("127.0.0.1", 0, processes=False, **kwargs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[BriefServer]:
    with running(workers=2, read_timeout=READ_TIMEOUT) as srv:
        yield srv


# ---- raw HTTP --------------------------------------------------------------------------------


def build(port: int, method: str = "POST", path: str = "/api/brief", body: bytes | str | Any = b"",
          ctype: str | None = "application/json", length: str | None = None,
          headers: dict[str, str | None] | None = None) -> bytes:
    """Request bytes; a non-bytes, non-str body is sent as JSON; ``length`` overrides Content-Length."""
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    data = body.encode() if isinstance(body, str) else body
    head: dict[str, str | None] = {"Host": f"127.0.0.1:{port}"}
    if ctype:
        head["Content-Type"] = ctype
    if method == "POST":
        head["Content-Length"] = str(len(data)) if length is None else length
    head.update(headers or {})
    lines = [f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in head.items() if v is not None)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


def exchange(port: int, data: bytes, half_close: bool = False, timeout: float = 30) -> tuple[int, dict, Any]:
    """Send ``data``, read until the server closes; (status, headers, JSON body or text)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    answer = b"".join(chunks)
    assert answer, "the connection was closed without an answer"
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    status = int(lines[0].split()[1])
    if headers.get("content-type", "").startswith("application/json"):
        return status, headers, json.loads(body)
    return status, headers, body.decode("utf-8", "replace")


def form(fields: dict[str, str]) -> str:
    return urlencode({"articles": TEXT, **fields})


FORM = "application/x-www-form-urlencoded"

# name, request builder (port -> bytes), status, field named in the error
Case = tuple[str, Callable[[int], bytes], int, "str | None"]
CASES: list[Case] = [
    ("options.query a number", lambda p: build(p, body={"articles": ARTICLES, "options": {"query": 5}}),
     422, "options.query"),
    ("options.query a list", lambda p: build(p, body={"articles": ARTICLES, "options": {"query": ["a"]}}),
     422, "options.query"),
    ("article url a number", lambda p: build(p, body={"articles": [{"text": TEXT, "url": 5}]}),
     422, "articles[0].url"),
    ("article source a list", lambda p: build(p, body={"articles": [{"text": TEXT, "source": ["x"]}]}),
     422, "articles[0].source"),
    ("article published not a date", lambda p: build(p, body={"articles": [{"text": TEXT, "published": "soon"}]}),
     422, "articles[0].published"),
    ("article a number", lambda p: build(p, body={"articles": [TEXT, 7]}), 422, "articles[1]"),
    ("50k nested [", lambda p: build(p, body="[" * 50_000), 400, None),
    ("malformed JSON", lambda p: build(p, body="{not json"), 400, None),
    ("NaN in JSON", lambda p: build(p, body='{"articles": ["x"], "options": {"words": NaN}}'), 400, None),
    ("body not UTF-8", lambda p: build(p, body=b'{"articles": ["\xff\xfe"]}'), 400, None),
    ("body a JSON list", lambda p: build(p, body=ARTICLES), 422, None),
    ("options not an object", lambda p: build(p, body={"articles": ARTICLES, "options": [1]}), 422, "options"),
    ("unknown option", lambda p: build(p, body={"articles": ARTICLES, "options": {"wrods": 5}}),
     422, "options.wrods"),
    ("server-side option", lambda p: build(p, body={"articles": ARTICLES, "options": {"cluster": {"workers": 64}}}),
     422, "options.cluster"),
    ("words=1e9", lambda p: build(p, body={"articles": ARTICLES, "options": {"words": 1e9}}), 422, "options.words"),
    ("story=\"no\"", lambda p: build(p, body={"articles": ARTICLES, "options": {"story": "no"}}),
     422, "options.story"),
    ("cite_threshold=\"x\"", lambda p: build(p, body={"articles": ARTICLES, "options": {"cite_threshold": "x"}}),
     422, "options.cite_threshold"),
    ("no articles", lambda p: build(p, body={"articles": []}), 422, "articles"),
    ("form words \"²\"", lambda p: build(p, "POST", "/brief", form({"words": "²"}), FORM), 422, "words"),
    ("form words 1e9", lambda p: build(p, "POST", "/brief", form({"words": "1e9"}), FORM), 422, "words"),
    ("form story \"no\"", lambda p: build(p, "POST", "/brief", form({"story": "no"}), FORM), 422, "story"),
    ("form cite_threshold \"x\"", lambda p: build(p, "POST", "/brief", form({"cite_threshold": "x"}), FORM),
     422, "cite_threshold"),
    ("form unknown field", lambda p: build(p, "POST", "/brief", form({"format": "json"}), FORM), 422, "format"),
    ("form not UTF-8", lambda p: build(p, "POST", "/brief", b"articles=%FF%FE", FORM), 400, None),
    ("Content-Length abc", lambda p: build(p, body=b"{}", length="abc"), 400, "Content-Length"),
    ("Content-Length -1", lambda p: build(p, body=b"{}", length="-1"), 400, "Content-Length"),
    ("Content-Length 1e3", lambda p: build(p, body=b"{}", length="1e3"), 400, "Content-Length"),
    ("Content-Length twice, different", lambda p: build(p, body=b"{}", headers={"content-length": "3"}),
     400, "Content-Length"),
    ("no Content-Length", lambda p: build(p, body=b"{}", length=None, headers={"Content-Length": None}),
     411, "Content-Length"),
    ("chunked body", lambda p: build(p, body=b"2\r\n{}\r\n0\r\n\r\n", length=None,
                                     headers={"Content-Length": None, "Transfer-Encoding": "chunked"}),
     411, "Content-Length"),
    ("Content-Length too large", lambda p: build(p, body=b"{}", length=str(10**12)), 413, "Content-Length"),
    ("text/plain JSON on the API", lambda p: build(p, body={"articles": ARTICLES}, ctype="text/plain"),
     415, "Content-Type"),
    ("form-encoded on the API", lambda p: build(p, body={"articles": ARTICLES}, ctype=FORM), 415, "Content-Type"),
    ("no Content-Type on the API", lambda p: build(p, body={"articles": ARTICLES}, ctype=None), 415, "Content-Type"),
    ("JSON charset latin-1", lambda p: build(p, body={"articles": ARTICLES}, ctype="application/json; charset=latin-1"),
     415, "Content-Type"),
    ("JSON posted to the form", lambda p: build(p, "POST", "/brief", {"articles": ARTICLES}), 415, "Content-Type"),
    ("Host not served (DNS rebinding)", lambda p: build(p, "GET", "/api/health", headers={"Host": f"evil.example:{p}"}),
     421, "Host"),
    ("Host malformed", lambda p: build(p, "GET", "/api/health", headers={"Host": "a b"}), 400, "Host"),
    ("Host port not a number", lambda p: build(p, "GET", "/api/health", headers={"Host": "127.0.0.1:http"}),
     400, "Host"),
    ("Host missing", lambda p: build(p, "GET", "/api/health", headers={"Host": None}), 400, "Host"),
    ("cross-site Origin", lambda p: build(p, body={"articles": ARTICLES}, headers={"Origin": "http://evil.example"}),
     403, "Origin"),
    ("unknown page", lambda p: build(p, "GET", "/nope"), 404, None),
    ("PUT", lambda p: build(p, "PUT", "/api/brief"), 405, None),
    ("bad request line", lambda p: b"GARBAGE\r\n\r\n", 400, None),
    ("blank request line", lambda p: b"\r\n\r\n", 400, None),
    ("HTTP/2.0 request line", lambda p: b"GET / HTTP/2.0\r\n\r\n", 505, None),
    ("too many headers", lambda p: build(p, "GET", "/", headers={f"X-{i}": "1" for i in range(150)}), 431, None),
    ("header line too long", lambda p: build(p, "GET", "/", headers={"X": "a" * 70_000}), 431, None),
]


@pytest.mark.parametrize("name,make,status,field", CASES, ids=[c[0] for c in CASES])
def test_refused_with_json_error(server, name, make, status, field):
    port = server.server_address[1]
    code, headers, body = exchange(port, make(port))
    assert code == status, body
    assert isinstance(body, dict) and isinstance(body["error"], str) and body["error"], body
    assert body["field"] == field
    assert headers["connection"] == "close"


def test_ours_not_pythons_messages(server):
    port = server.server_address[1]
    for opts in ({"cite_threshold": "x"}, {"words": "²"}):
        _, _, body = exchange(port, build(port, body={"articles": ARTICLES, "options": opts}))
        assert "must be" in body["error"] and "could not convert" not in body["error"]


def test_good_requests_still_served(server):
    port = server.server_address[1]
    code, headers, body = exchange(port, build(port, body={"articles": ARTICLES, "options": QUICK},
                                               headers={"Origin": f"http://127.0.0.1:{port}"}))
    assert code == 200 and body["summary"], body
    code, headers, body = exchange(port, build(port, "POST", "/brief", form({"words": "40"}), FORM))
    assert code == 200 and "<html" in body.lower() and "content-security-policy" in headers
    code, _, body = exchange(port, build(port, "GET", "/api/health", headers={"Host": f"localhost:{port}"}))
    assert code == 200 and body["status"] == "ok"


def test_expect_100_continue(server):
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        body = json.dumps({"articles": ARTICLES, "options": QUICK}).encode()
        head = build(port, body=b"", length=str(len(body)), headers={"Expect": "100-continue"})
        sock.sendall(head)
        assert sock.recv(100).startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200")


def test_short_body_with_eof_is_400(server):
    port = server.server_address[1]
    code, _, body = exchange(port, build(port, body=b'{"articles": ', length="100"), half_close=True)
    assert code == 400 and body["field"] == "Content-Length" and "ended after 13 of 100" in body["error"]


@pytest.mark.parametrize("data", [
    pytest.param(lambda p: build(p, body=b'{"articles": ', length="100"), id="short body"),
    pytest.param(lambda p: f"POST /api/brief HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n".encode(), id="slow headers"),
])
def test_slow_client_gets_408_at_the_deadline(server, data):
    port = server.server_address[1]
    started = time.monotonic()
    code, _, body = exchange(port, data(port))
    elapsed = time.monotonic() - started
    assert code == 408 and "error" in body
    assert READ_TIMEOUT * 0.9 <= elapsed < READ_TIMEOUT + 2


def test_slowloris_does_not_hold_the_server(server):
    """Clients trickling bytes are cut at the deadline while others are served at once."""
    port = server.server_address[1]
    slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(20)]
    try:
        for sock in slow:
            sock.sendall(b"POST /api/brief HTTP/1.1\r\n")
        started = time.monotonic()
        code, _, _ = exchange(port, build(port, "GET", "/api/health"))
        assert code == 200 and time.monotonic() - started < READ_TIMEOUT
        time.sleep(0.3)
        for sock in slow:  # one more byte each: the deadline is total, not per read
            sock.sendall(b"X")
        for sock in slow:
            sock.settimeout(READ_TIMEOUT + 3)
            assert sock.recv(200).startswith(b"HTTP/1.1 408")
    finally:
        for sock in slow:
            sock.close()


def test_full_queue_answers_503_with_retry_after():
    with running(workers=1, queue=1) as srv:
        port = srv.server_address[1]
        release = threading.Event()

        def blocker() -> tuple[int, str]:
            release.wait(10)
            return 200, "{}"

        with ThreadPoolExecutor(2) as ex:
            held = [ex.submit(srv.pool.run, blocker) for _ in range(2)]
            while srv.pool.admitted < 2:
                time.sleep(0.01)
            code, headers, body = exchange(port, build(port, body={"articles": ARTICLES}))
            code_sample, headers_sample, _ = exchange(port, build(port, "GET", "/api/sample"))
            release.set()
            assert all(f.result() == (200, "{}") for f in held)
        assert code == 503 and int(headers["retry-after"]) >= 1 and "busy" in body["error"]
        assert code_sample == 503 and "retry-after" in headers_sample
        code, _, _ = exchange(port, build(port, body={"articles": ARTICLES, "options": QUICK}))
        assert code == 200  # room again once the jobs are done


def test_too_many_connections_answered_503():
    with running(workers=1, max_connections=2) as srv:
        port = srv.server_address[1]
        idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(2)]
        try:
            deadline = time.monotonic() + 5
            while srv._open < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            code, headers, body = exchange(port, build(port, body={"articles": ARTICLES}))
            assert code == 503 and headers["retry-after"] == "1" and "connections" in body["error"]
        finally:
            for sock in idle:
                sock.close()


def test_bodies_in_flight_bounded():
    with running(workers=1, max_body=1000, body_budget=1500, read_timeout=3) as srv:
        port = srv.server_address[1]
        code, _, body = exchange(port, build(port, body=b"{}", length="1001"))
        assert code == 413 and body["field"] == "Content-Length"
        with socket.create_connection(("127.0.0.1", port), timeout=10) as holder:
            holder.sendall(build(port, body=b"{", length="1000"))  # holds 1000 bytes of the budget
            deadline = time.monotonic() + 5
            while srv._body_bytes < 1000 and time.monotonic() < deadline:
                time.sleep(0.01)
            code, headers, body = exchange(port, build(port, body=b"{}", length="900"))
            assert code == 503 and headers["retry-after"] == "1" and "bodies" in body["error"]
        deadline = time.monotonic() + 5
        while srv._body_bytes and time.monotonic() < deadline:
            time.sleep(0.01)
        code, _, _ = exchange(port, build(port, body={"articles": ARTICLES, "options": QUICK}))
        assert code == 200 and srv._body_bytes == 0


def _burst(port: int, n: int) -> list[tuple[int, dict, Any]]:
    request = build(port, body={"articles": ARTICLES, "options": QUICK})
    with ThreadPoolExecutor(n) as ex:
        return list(ex.map(lambda _: exchange(port, request, timeout=60), range(n)))


def test_200_concurrent_briefs_all_served():
    with running(workers=2, queue=256) as srv:
        answers = _burst(srv.server_address[1], 200)
        assert [code for code, _, _ in answers] == [200] * 200


def test_200_concurrent_with_a_small_queue_all_answered():
    with running(workers=2, queue=8) as srv:
        answers = _burst(srv.server_address[1], 200)
        codes = [code for code, _, _ in answers]
        assert set(codes) <= {200, 503} and codes.count(200) >= 10, codes
        assert all(int(h["retry-after"]) >= 1 for code, h, _ in answers if code == 503)
