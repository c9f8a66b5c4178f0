"""Request bodies to checked values: every refusal is an :class:`ApiError` naming the field.

Statuses: 400 a body that is not what it claims to be (bad JSON, bad UTF-8, bad form encoding),
422 a well-formed body holding a wrong type or an out-of-range value (``field`` names it:
``options.words``, ``articles[0].url``, a form field such as ``words``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from ..options import Options, OptionsError

MAX_MESSAGE = 300  # error messages quote values; a huge value is cut, never echoed whole

# article record fields (the aliases ``newsbrief.ingest.records`` reads) and their JSON types
STRING_FIELDS = ("id", "text", "body", "article", "content", "maintext", "title", "headline",
                 "url", "source", "outlet", "site", "author")
DATE_FIELDS = ("published", "date", "publish_date")
NESTED_FIELDS = ("documents", "articles")
# options a client may not set over HTTP: resource limits and worker processes are the server's
SERVER_OPTIONS = ("limits", "cluster")
FORM_FIELDS = ("articles", "words", "sentences", "summarizer", "query", "events", "story", "cite_threshold")
TRUE, FALSE = ("true", "on", "1"), ("false", "off", "0")


class ApiError(ValueError):
    """A request that is refused: ``status``, a one-line message and the ``field`` at fault."""

    def __init__(self, status: int, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 3] + "..."
        super().__init__(message)
        self.status = int(status)
        self.field = field
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"error": str(self), "field": self.field}


def _invalid(message: str, field: str | None) -> ApiError:
    return ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, message, field)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(data: bytes) -> Any:
    """The JSON value of a UTF-8 body; 400 for bad UTF-8, bad JSON, NaN or too deep nesting."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(HTTPStatus.BAD_REQUEST, f"the body is not UTF-8 (byte {exc.start})") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ApiError(HTTPStatus.BAD_REQUEST,
                       f"malformed JSON body ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise ApiError(HTTPStatus.BAD_REQUEST, "malformed JSON body (nested too deeply)") from None
    except ValueError as exc:  # NaN / Infinity, integers with too many digits
        raise ApiError(HTTPStatus.BAD_REQUEST, f"malformed JSON body ({exc})") from None


def options(values: dict[str, Any], fmt: str, prefix: str = "") -> Options:
    """Options from a mapping, ``format`` fixed by the endpoint; an OptionsError becomes a 422."""
    for key in SERVER_OPTIONS:
        if key in values:
            raise _invalid(f"option {key!r} is set by the server, not by a request", prefix + key)
    if values.get("format", fmt) != fmt:
        raise _invalid(f"format must be {fmt!r} on this endpoint, got {values['format']!r}", prefix + "format")
    try:
        return Options.from_mapping({**values, "format": fmt})
    except OptionsError as exc:
        raise _invalid(str(exc), prefix + exc.field if exc.field else prefix.rstrip(".") or None) from None


def _is_iso_date(value: str) -> bool:
    if value == "":
        return True
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.,]+(Z|[+-][0-9:]+)?)?", value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def check_article(item: Any, path: str) -> None:
    """A string of text or HTML, or an object whose known fields have their JSON types."""
    if isinstance(item, str):
        return
    if not isinstance(item, dict):
        raise _invalid(f"{path} must be a string or an object, got {type(item).__name__}", path)
    for key, value in item.items():
        where = f"{path}.{key}"
        if value is None:
            continue
        if key in STRING_FIELDS and not isinstance(value, str):
            raise _invalid(f"{where} must be a string, got {type(value).__name__}", where)
        if key in DATE_FIELDS and not (isinstance(value, str) and _is_iso_date(value)):
            raise _invalid(f"{where} must be an ISO date string such as 2024-05-06, got {value!r}", where)
        if key in NESTED_FIELDS:
            raise _invalid(f"{where}: nested article lists are not accepted; list every article in articles",
                           where)


def api_request(payload: Any) -> tuple[list[Any], Options, str]:
    """Articles, options and the key holding the articles of a ``POST /api/brief`` JSON value."""
    if not isinstance(payload, dict):
        raise _invalid(f"the body must be a JSON object, got {type(payload).__name__}", None)
    for key in payload:
        if key not in ("articles", "documents", "options"):
            raise _invalid(f"unknown field {key!r}; known fields: articles, options", str(key))
    if "articles" in payload and "documents" in payload:
        raise _invalid("give articles or documents, not both", "documents")
    key = "documents" if "documents" in payload else "articles"
    items = payload.get(key)
    if not isinstance(items, list) or not items:
        raise _invalid(f"{key} must be a non-empty list of articles", key)
    for i, item in enumerate(items):
        check_article(item, f"{key}[{i}]")
    raw = payload.get("options")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise _invalid(f"options must be an object, got {type(raw).__name__}", "options")
    return items, options(raw, "json", "options."), key


def _form_value(name: str, value: str) -> Any:
    if name in ("words", "sentences"):
        if not re.fullmatch(r"[0-9]{1,9}", value):
            raise _invalid(f"{name} must be a whole number, got {value!r}", name)
        return int(value)
    if name == "cite_threshold":
        if not re.fullmatch(r"[0-9]{0,9}(\.[0-9]{1,9})?", value):
            raise _invalid(f"cite_threshold must be a number in (0, 1], got {value!r}", name)
        return float(value)
    if name == "story":
        if value.lower() not in TRUE + FALSE:
            raise _invalid(f"story must be one of {', '.join(TRUE + FALSE)}, got {value!r}", name)
        return value.lower() in TRUE
    return value


def form_request(data: bytes) -> tuple[list[str], Options]:
    """Article texts (split on lines of ``---``) and options of a ``POST /brief`` form body."""
    try:
        text = data.decode("utf-8")
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), encoding="utf-8",
                        errors="strict", max_num_fields=len(FORM_FIELDS))
    except UnicodeDecodeError:
        raise ApiError(HTTPStatus.BAD_REQUEST, "the form body is not UTF-8") from None
    except ValueError as exc:
        raise ApiError(HTTPStatus.BAD_REQUEST, f"malformed form body ({exc})") from None
    values: dict[str, Any] = {}
    for name, given in form.items():
        if name not in FORM_FIELDS:
            raise _invalid(f"unknown form field {name!r}; known fields: {', '.join(FORM_FIELDS)}", name)
        if len(given) > 1:
            raise _invalid(f"form field {name!r} is given more than once", name)
        if name != "articles" and given[0].strip():
            values[name] = _form_value(name, given[0].strip())
    texts = [t for t in re.split(r"(?m)^-{3,}\s*$", form.get("articles", [""])[0]) if t.strip()]
    if not texts:
        raise _invalid("no article text given", "articles")
    return texts, options(values, "html")
