"""Hostile and malformed requests against the web desk served by uvicorn on 127.0.0.1, through raw
sockets: every case the application sees is answered with its status and a JSON ``{"error", "field"}``;
what uvicorn refuses itself (a malformed request line) is still answered, never reset."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import pytest

pytest.importorskip("uvicorn", reason="the web desk needs the server extra: pip install 'newsbrief[server]'")

from web_support import TEXT, build, exchange, running, sample_store  # noqa: E402

from newsbrief.web.app import WebConfig  # noqa: E402

READ_TIMEOUT = 1.0
ARTICLES: dict[str, Any] = {"articles": [{"text": TEXT, "title": "Bridge reopens", "published": "2024-05-06"}]}


@pytest.fixture(scope="module")
def port(tmp_path_factory) -> Iterator[int]:
    store = sample_store(tmp_path_factory.mktemp("hostile") / "store.sqlite")
    config = WebConfig(store=store, workers=2, processes=True, read_timeout=READ_TIMEOUT, max_body=512 * 1024)
    with running(config) as url:
        yield int(urlsplit(url).port or 0)


Case = tuple[str, Callable[[int], bytes], int, "str | None"]
FORM = "application/x-www-form-urlencoded"
CASES: list[Case] = [
    ("article url a number", lambda p: build(p, body={"articles": [{"text": TEXT, "url": 5}]}), 422, "articles[0].url"),
    ("article published not a date", lambda p: build(p, body={"articles": [{"text": TEXT, "published": "soon"}]}),
     422, "articles[0].published"),
    ("50k nested [", lambda p: build(p, body="[" * 50_000), 400, None),
    ("malformed JSON", lambda p: build(p, body="{not json"), 400, None),
    ("NaN in JSON", lambda p: build(p, body='{"articles": [{"text": NaN}]}'), 422, "articles[0].text"),
    ("body not UTF-8", lambda p: build(p, body=b'{"articles": ["\xff\xfe"]}'), 400, "body"),
    ("body a JSON list", lambda p: build(p, body=[TEXT]), 422, None),
    ("no articles", lambda p: build(p, body={"articles": []}), 422, "articles"),
    ("no Content-Length", lambda p: build(p, body=b"", length=None, headers={"Content-Length": None}),
     411, "Content-Length"),
    ("chunked body", lambda p: build(p, body=b"2\r\n{}\r\n0\r\n\r\n", length=None,
                                     headers={"Content-Length": None, "Transfer-Encoding": "chunked"}),
     411, "Content-Length"),
    ("Content-Length too large", lambda p: build(p, body=b"{}", length=str(10**12)), 413, "Content-Length"),
    ("text/plain JSON elsewhere", lambda p: build(p, path="/api/ingest", body={"url": "http://x.org"}, ctype="text/plain"),
     415, "Content-Type"),
    ("form-encoded on the API", lambda p: build(p, body=ARTICLES, ctype=FORM), 415, "Content-Type"),
    ("no Content-Type on the API", lambda p: build(p, body=ARTICLES, ctype=None), 415, "Content-Type"),
    ("JSON charset latin-1", lambda p: build(p, body=ARTICLES, ctype="application/json; charset=latin-1"),
     415, "Content-Type"),
    ("JSON posted to the add form", lambda p: build(p, "POST", "/add", ARTICLES), 415, "Content-Type"),
    ("form not ASCII", lambda p: build(p, "POST", "/add", b"text=\xff\xfe", FORM), 400, None),
    ("form unknown field", lambda p: build(p, "POST", "/add", "text=x&format=json", FORM), 422, "format"),
    ("Host not served (DNS rebinding)", lambda p: build(p, "GET", "/api/health", headers={"Host": f"evil.example:{p}"}),
     421, "Host"),
    ("Host malformed", lambda p: build(p, "GET", "/api/health", headers={"Host": "a b"}), 400, "Host"),
    ("Host port not a number", lambda p: build(p, "GET", "/api/health", headers={"Host": "127.0.0.1:http"}),
     400, "Host"),
    ("cross-site Origin", lambda p: build(p, body=ARTICLES, headers={"Origin": "http://evil.example"}), 403, "Origin"),
    ("cross-site form post", lambda p: build(p, "POST", "/add", "text=x", FORM,
                                            headers={"Origin": "http://evil.example"}), 403, "Origin"),
    ("null Origin", lambda p: build(p, body=ARTICLES, headers={"Origin": "null"}), 403, "Origin"),
    ("unknown page", lambda p: build(p, "GET", "/nope"), 404, None),
    ("PUT", lambda p: build(p, "PUT", "/api/articles"), 405, None),
    ("unknown story", lambda p: build(p, "GET", "/api/stories/s999"), 404, "story_id"),
    ("words out of range", lambda p: build(p, "GET", "/api/stories/s1?words=1000000"), 422, "words"),
]


@pytest.mark.parametrize("name,make,status,field", CASES, ids=[c[0] for c in CASES])
def test_refused_with_json_error(port, name, make, status, field):
    code, headers, body = exchange(port, make(port))
    assert code == status, body
    assert headers["content-type"].startswith("application/json"), (name, body)
    assert body["error"] and "\n" not in body["error"] and body.get("field") == field, body
    assert headers.get("x-content-type-options") == "nosniff"


PROTOCOL: list[tuple[str, Callable[[int], bytes]]] = [
    ("bad request line", lambda p: b"GARBAGE\r\n\r\n"),
    ("unknown HTTP version", lambda p: b"GET / HTTP/9.9\r\n\r\n"),
    ("NUL in the target", lambda p: b"GET /\x00 HTTP/1.1\r\n\r\n"),
    ("Content-Length abc", lambda p: build(p, body=b"{}", length="abc")),
    ("Content-Length twice, different", lambda p: build(p, body=b"{}", headers={"content-length": "3"})),
]


@pytest.mark.parametrize("name,make", PROTOCOL, ids=[c[0] for c in PROTOCOL])
def test_protocol_errors_answered_not_reset(port, name, make):
    """uvicorn (h11) answers these itself, before the application: a 4xx, never a reset."""
    code, _, _ = exchange(port, make(port))
    assert 400 <= code < 500


def test_good_requests_still_served(port):
    code, _, body = exchange(port, build(port, body=ARTICLES))
    assert code == 200 and body["added"] + body["duplicates"] == 1
    code, headers, page = exchange(port, build(port, "GET", "/stories/s1", ctype=None))
    assert code == 200 and "<main" in page
    assert "script-src" not in headers["content-security-policy"] and "default-src 'none'" in headers[
        "content-security-policy"]


def test_slow_body_gets_408_at_the_deadline(port):
    data = build(port, body=b'{"articles": [', length="5000")
    started = time.monotonic()
    code, _, body = exchange(port, data)
    assert code == 408 and body["field"] == "Content-Length"
    assert time.monotonic() - started < READ_TIMEOUT + 5


def test_slow_clients_do_not_hold_the_server(port):
    socks = []
    try:
        for _ in range(20):  # half-sent requests, left hanging
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(build(port, body=b'{"articles": [', length="5000")[:-3])
            socks.append(s)
        started = time.monotonic()
        code, _, body = exchange(port, build(port, "GET", "/api/health", ctype=None))
        assert code == 200 and body["status"] == "ok" and time.monotonic() - started < 2
    finally:
        for s in socks:
            s.close()


def test_200_concurrent_story_pages_all_served(port):
    exchange(port, build(port, "GET", "/stories/s1", ctype=None))  # made once, then served from the cache

    def one(_: int) -> int:
        return exchange(port, build(port, "GET", "/stories/s1", ctype=None))[0]

    with ThreadPoolExecutor(200) as pool:
        codes = list(pool.map(one, range(200)))
    assert codes == [200] * 200


def test_a_full_queue_answers_503_with_retry_after(tmp_path):
    store = sample_store(tmp_path / "store.sqlite")
    config = WebConfig(store=store, workers=1, queue=0, processes=False)
    with running(config) as url:
        port = int(urlsplit(url).port or 0)
        articles = [{"articles": [{"text": f"{TEXT} Item {i} of a burst about the Elm Street bridge."}]}
                    for i in range(6)]
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda body: exchange(port, build(port, body=body)), articles))
    codes = sorted(a[0] for a in answers)
    assert 200 in codes and 503 in codes and set(codes) <= {200, 503}
    assert all(a[1].get("retry-after", "").isdigit() for a in answers if a[0] == 503)


def test_newsbrief_serve_command(tmp_path):
    """``newsbrief serve`` over a stored sample: pages and API answer; SIGTERM stops it cleanly."""
    import os
    import re
    import signal
    import subprocess
    import sys

    store = sample_store(tmp_path / "store.sqlite")
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    proc = subprocess.Popen([sys.executable, "-m", "newsbrief", "serve", "--store", str(store), "--port", "0",
                             "--workers", "1"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line)[1])  # type: ignore[index]
        deadline = time.monotonic() + 60
        while True:
            try:
                code, _, body = exchange(port, build(port, "GET", "/", ctype=None))
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert code == 200 and "Israel" in body
        code, _, data = exchange(port, build(port, "GET", "/api/stories", ctype=None))
        assert code == 200 and data["stories"][0]["id"] == "s1"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_newsbrief_serve_refuses_a_file_that_is_not_a_store(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database " * 200)
    done = subprocess.run([sys.executable, "-m", "newsbrief", "serve", "--store", str(bad), "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    lines = [x for x in done.stderr.splitlines() if "error" in x]
    assert done.returncode == 1 and len(lines) == 1 and "notes.sqlite" in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_a_large_add_does_not_starve_the_pages(port):
    """A large add runs in a worker process: pages and health keep answering meanwhile."""
    import threading

    exchange(port, build(port, "GET", "/stories/s1", ctype=None))  # the page is kept
    big = {"articles": [{"text": f"{TEXT} Bulletin {i}: lane {i % 7} reopened at {i % 12 + 1} o'clock after "
                                 f"inspection number {i} of the Elm Street bridge's {i % 5 + 2} spans.",
                         "title": f"Bridge bulletin {i}", "source": f"Wire {i % 9}"} for i in range(300)]}
    answer: list[Any] = []
    worker = threading.Thread(target=lambda: answer.append(exchange(port, build(port, body=big), timeout=300)))
    worker.start()
    slowest = 0.0
    try:
        while worker.is_alive():
            started = time.monotonic()
            code, _, _ = exchange(port, build(port, "GET", "/stories/s1", ctype=None))
            slowest = max(slowest, time.monotonic() - started)
            assert code == 200
            time.sleep(0.05)
    finally:
        worker.join(300)
    assert answer and answer[0][0] == 200 and answer[0][2]["added"] >= 250, answer[:1]
    assert slowest < 1.5, slowest


def test_first_readers_of_a_story_share_one_brief(tmp_path):
    """Readers arriving while a story's brief is being made wait for that one job (no 503 even with
    one worker and no queue)."""
    store = sample_store(tmp_path / "store.sqlite")
    with running(WebConfig(store=store, workers=1, queue=0, processes=False)) as url:
        port = int(urlsplit(url).port or 0)
        with ThreadPoolExecutor(20) as pool:
            codes = list(pool.map(lambda _: exchange(port, build(port, "GET", "/stories/s1", ctype=None))[0],
                                  range(20)))
    assert codes == [200] * 20
