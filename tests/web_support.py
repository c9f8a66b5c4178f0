"""Shared by the web desk's tests: a store holding the sample, a real uvicorn server on 127.0.0.1,
raw HTTP exchanges."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from newsbrief.pipeline import sample_path
from newsbrief.store import Store
from newsbrief.web import bind
from newsbrief.web.app import WebConfig, create_app

TEXT = ("The city reopened the Elm Street bridge on Monday after two years of repairs. "
        "Officials said the repairs cost 12 million dollars. Traffic resumed at noon.")


def sample_store(path: Path) -> Path:
    """A store at ``path`` holding the bundled sample (one story, three events)."""
    with Store.open(path) as store:
        store.add([sample_path()])
    return path


@contextmanager
def running(config: WebConfig) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port (in a thread); yields its base URL."""
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(config), log_level="warning", access_log=False,
                                           timeout_keep_alive=5))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def build(port: int, method: str = "POST", path: str = "/api/articles", body: bytes | str | Any = b"",
          ctype: str | None = "application/json", length: str | None = None,
          headers: dict[str, str | None] | None = None) -> bytes:
    """Request bytes; a non-bytes, non-str body is sent as JSON; ``length`` overrides Content-Length."""
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    data = body.encode() if isinstance(body, str) else body
    head: dict[str, str | None] = {"Host": f"127.0.0.1:{port}", "Connection": "close"}
    if ctype:
        head["Content-Type"] = ctype
    if method == "POST":
        head["Content-Length"] = str(len(data)) if length is None else length
    head.update(headers or {})
    lines = [f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in head.items() if v is not None)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


def exchange(port: int, data: bytes, timeout: float = 60) -> tuple[int, dict[str, str], Any]:
    """Send ``data``, read until the server closes; (status, headers, JSON body or text)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
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
