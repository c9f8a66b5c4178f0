"""HTTP API and web page (standard library only), driven by the same :class:`Options` as the CLI.

* ``GET /``                 a page with a form: paste articles, get the HTML brief
* ``POST /brief``           the form's target (``articles`` separated by lines of ``---``)
* ``POST /api/brief``       JSON ``{"articles": [str | {"id","text","title","url","published",
                            "source"}], "options": {"words": 80, ...}}`` -> the JSON brief
* ``GET /api/sample``       the JSON brief of the bundled sample
* ``GET /api/health``       ``{"status": "ok", "version": ...}``

Errors are JSON ``{"error": "..."}`` with status 400 (bad request), 413 (too large) or 422
(nothing usable). Article text is cleaned exactly as files are.
"""

from __future__ import annotations

import json
import logging
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from . import __version__
from .ingest import records
from .ingest.decode import MAX_BYTES, InputError
from .options import Options, OptionsError
from .pipeline import NothingToBrief, brief_articles, load, sample_path
from .render import render

log = logging.getLogger(__name__)

FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>newsbrief</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em}
textarea{width:100%;height:22em;font:14px monospace}label{margin-right:1em}</style></head><body>
<h1>newsbrief</h1><p>Paste articles about one story (text or HTML), separated by a line <code>---</code>.</p>
<form method="post" action="/brief"><textarea name="articles" required></textarea><p>
<label>Words <input type="number" name="words" value="100" min="1" max="2000"></label>
<label>Summarizer <select name="summarizer">{choices}</select></label>
<button type="submit">Brief</button></p></form>
<p><a href="/api/sample">JSON brief of the bundled sample</a></p></body></html>"""


class BadRequest(ValueError):
    def __init__(self, message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status


def brief_request(payload: dict[str, Any]) -> str:
    """The JSON brief for an API payload; raises :class:`BadRequest` with a one-line reason."""
    if not isinstance(payload, dict):
        raise BadRequest("the body must be a JSON object")
    raw_options = payload.get("options") or {}
    if not isinstance(raw_options, dict):
        raise BadRequest("options must be an object")
    options = _options({**raw_options, "format": "json"})
    items = payload.get("articles", payload.get("documents"))
    if not isinstance(items, list) or not items:
        raise BadRequest("articles must be a non-empty list")
    return render(_brief(items, options), "json")


def _options(values: dict[str, Any]) -> Options:
    try:
        return Options.from_mapping(values)
    except (OptionsError, TypeError) as exc:
        raise BadRequest(str(exc)) from None


def _brief(items: list[Any], options: Options):
    from .clean import clean

    docs, problems = [], []
    for i, item in enumerate(items, 1):
        try:
            docs.extend(records(item, f"article-{i}", f"articles[{i}]"))
        except InputError as exc:
            problems.append(f"articles[{i}]: skipped ({exc})")
    articles = clean(docs)
    if not articles:
        raise BadRequest("no usable article" + (f": {problems[0]}" if problems else ""),
                         HTTPStatus.UNPROCESSABLE_ENTITY)
    try:
        return brief_articles(articles, options, problems)
    except NothingToBrief as exc:
        raise BadRequest(str(exc), HTTPStatus.UNPROCESSABLE_ENTITY) from None


class Handler(BaseHTTPRequestHandler):
    server_version = f"newsbrief/{__version__}"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.info("%s %s", self.address_string(), format % args)

    def _send(self, status: int, body: str, ctype: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        self._send(status, json.dumps({"error": message}), "application/json")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BYTES:
            raise BadRequest("request body too large", HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        return self.rfile.read(length)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        from .summarize import available

        path = self.path.split("?", 1)[0]
        if path == "/":
            choices = "".join(f"<option>{n}</option>" for n in available() if not n.startswith("sumy"))
            self._send(200, FORM.replace("{choices}", choices), "text/html")
        elif path == "/api/health":
            self._send(200, json.dumps({"status": "ok", "version": __version__}), "application/json")
        elif path == "/api/sample":
            articles, warnings = load([sample_path()])
            result = brief_articles(articles, Options(format="json"), warnings)
            self._send(200, render(result, "json"), "application/json")
        else:
            self._error(404, f"no such page: {path}")

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        path = self.path.split("?", 1)[0]
        try:
            if path == "/api/brief":
                try:
                    payload = json.loads(self._body().decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    raise BadRequest(f"malformed JSON body ({exc})") from None
                self._send(200, brief_request(payload), "application/json")
            elif path == "/brief":
                form = parse_qs(self._body().decode("utf-8", errors="replace"))
                texts = [t for t in re.split(r"(?m)^-{3,}\s*$", form.get("articles", [""])[0]) if t.strip()]
                values = {k: v[0] for k, v in form.items() if k != "articles"}
                if "words" in values:
                    values["words"] = int(values["words"]) if values["words"].isdigit() else -1
                options = _options({**values, "format": "html"})
                if not texts:
                    raise BadRequest("no article text given")
                self._send(200, render(_brief(texts, options), "html"), "text/html")
            else:
                self._error(404, f"no such endpoint: {path}")
        except BadRequest as exc:
            self._error(exc.status, str(exc))


def serve(host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A ready server (call ``serve_forever()``); ``port=0`` picks a free port."""
    return ThreadingHTTPServer((host, port), Handler)
