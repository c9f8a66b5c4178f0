"""JSON values to :class:`RawDocument` records: an article, a cluster, or a list of either.

Field types are checked, never trusted: a field of the wrong type (``"url": 5``,
``"source": ["x"]``) is dropped with a one-line warning and the article is kept;
only a record without article text is skipped.  A list or cluster skips exactly its
bad elements (each with a warning naming it) and keeps the others.  Values are never
``str()``-ed or ``repr()``-ed (a deeply nested value would blow the stack), and
nesting deeper than :data:`MAX_NESTING` containers is refused.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..types import RawDocument
from .decode import InputError, sanitize

log = logging.getLogger(__name__)
Warn = Callable[[str], None]

TEXT_KEYS = ("text", "body", "article", "content", "maintext")
MAX_NESTING = 8  # lists / clusters inside each other; article files need 3 at most
FIELD_CHARS = 1000  # title, source, author longer than this are cut
URL_CHARS = 2000  # a longer url is dropped
DATE_CHARS = 100  # a longer date string is not parsed (dateparser is slow on long text)

HTML_RE = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html|<!--)", re.I)
TAG_RE = re.compile(r"<(?:p|div|article|span|a|br|h[1-6]|script|meta|section)\b", re.I)


def _log_warn(message: str) -> None:
    log.warning(message)


def looks_html(text: str) -> bool:
    head = text[:2000]
    return bool(HTML_RE.match(head)) or len(TAG_RE.findall(head)) >= 3


def kind_of(value: Any) -> str:
    """A JSON value's type in words, for messages (never the value itself)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def parse_date(value: Any) -> dt.date | None:
    """A date from an ISO string (``2019-01-04``, ``2019-01-04T09:51:00Z``), a number or None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > DATE_CHARS:
        return None
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    import dateparser

    try:
        parsed = dateparser.parse(text, languages=["en"], settings={"RELATIVE_BASE": dt.datetime(2000, 1, 1)})
    except (ValueError, OverflowError, TypeError, ArithmeticError, re.error):  # odd strings crash it
        return None
    return parsed.date() if parsed else None


def safe(docs: Iterator[RawDocument], origin: str, warn: Warn) -> Iterator[RawDocument]:
    """The documents of ``docs``; an :class:`InputError` becomes one warning naming ``origin``."""
    try:
        yield from docs
    except InputError as exc:
        warn(f"{origin}: skipped ({exc})")


def records(
    obj: Any, default_id: str, origin: str, warn: Warn | None = None, depth: int = 0
) -> Iterator[RawDocument]:
    """Article documents of one JSON value: an article, a cluster, or a list of either.

    Raises :class:`InputError` for a value that holds no article text (elements of a list
    or of a cluster's ``documents`` are skipped one by one, each with a warning, instead).
    Field problems of a kept article are reported through ``warn`` (default: logging).
    """
    warn = warn or _log_warn
    if depth > MAX_NESTING:
        raise InputError(f"nested more than {MAX_NESTING} levels deep")
    if isinstance(obj, list):
        for i, item in enumerate(obj, 1):
            where = f"{origin}[{i}]"
            yield from safe(records(item, f"{default_id}#{i}", where, warn, depth + 1), where, warn)
        return
    if isinstance(obj, str):
        text = sanitize(obj)
        if not text.strip():
            raise InputError("empty article text")
        yield RawDocument(id=default_id, content=text, kind="html" if looks_html(text) else "text", origin=origin)
        return
    if not isinstance(obj, dict):
        raise InputError(f"expected an article object or text, got {kind_of(obj)}")
    docs = obj.get("documents", obj.get("articles"))
    if isinstance(docs, list) and not any(isinstance(obj.get(k), str) for k in TEXT_KEYS):
        prefix = _id(obj, origin, warn) or default_id
        for i, item in enumerate(docs, 1):
            item_id = f"{prefix}/{i}"
            where = f"{origin} documents[{i}]"
            if isinstance(item, dict) and "id" in item:
                own = _id(item, where, warn)
                item = {**item, "id": f"{prefix}/{own}" if own else item_id}
            yield from safe(records(item, item_id, where, warn, depth + 1), where, warn)
        return
    yield record_doc(obj, default_id, origin, warn)


def _body(rec: dict[str, Any]) -> str:
    wrong: list[str] = []
    for key in TEXT_KEYS:
        value = rec.get(key)
        if value is None:
            continue
        if isinstance(value, list) and value and all(isinstance(x, str) for x in value):
            value = "\n\n".join(x.strip() for x in value if x.strip())  # a list of paragraphs
        if isinstance(value, str):
            if value.strip():
                return value
            continue
        wrong.append(f"{key!r} is {kind_of(value)}")
    detail = f"; {', '.join(wrong)}" if wrong else ""
    raise InputError(f"no article text (none of {', '.join(TEXT_KEYS)}{detail})")


def _id(rec: dict[str, Any], origin: str, warn: Warn) -> str | None:
    """The record's own id (text or a number), None when missing or unusable (with a warning)."""
    value = rec.get("id")
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = " ".join(sanitize(value).split())[:FIELD_CHARS]
        if text:
            return text
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    warn(f"{origin}: field 'id' ignored ({kind_of(value)}, expected text or a number)")
    return None


def _text_field(
    rec: dict[str, Any], keys: tuple[str, ...], origin: str, warn: Warn, lists: bool = False
) -> str | None:
    """The first of ``keys`` holding non-blank text (whitespace collapsed, cut at FIELD_CHARS)."""
    for key in keys:
        value = rec.get(key)
        if value is None or value == "":
            continue
        if lists and isinstance(value, list) and value and all(isinstance(x, str) for x in value):
            value = ", ".join(x.strip() for x in value if x.strip())  # several authors
        if not isinstance(value, str):
            warn(f"{origin}: field {key!r} ignored ({kind_of(value)}, expected text)")
            continue
        text = " ".join(sanitize(value).split())
        if not text:
            continue
        if len(text) > FIELD_CHARS:
            warn(f"{origin}: field {key!r} cut to {FIELD_CHARS} characters")
            text = text[:FIELD_CHARS].rstrip()
        return text
    return None


def _url(rec: dict[str, Any], origin: str, warn: Warn) -> str | None:
    value = rec.get("url")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        warn(f"{origin}: field 'url' ignored ({kind_of(value)}, expected text)")
        return None
    url = sanitize(value).strip()
    if len(url) > URL_CHARS:
        warn(f"{origin}: field 'url' ignored (longer than {URL_CHARS} characters)")
        return None
    return url or None


def _published(rec: dict[str, Any], origin: str, warn: Warn) -> dt.date | None:
    for key in ("published", "date", "publish_date"):
        value = rec.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            warn(f"{origin}: field {key!r} ignored ({kind_of(value)}, expected a date)")
            continue
        return parse_date(value)
    return None


def record_doc(rec: dict[str, Any], default_id: str, origin: str, warn: Warn | None = None) -> RawDocument:
    """One article record (a JSON object) as a document; :class:`InputError` when it has no text."""
    warn = warn or _log_warn
    body = sanitize(_body(rec))
    return RawDocument(
        id=_id(rec, origin, warn) or default_id,
        content=body,
        kind="html" if looks_html(body) else "text",
        origin=origin,
        title=_text_field(rec, ("title", "headline"), origin, warn),
        url=_url(rec, origin, warn),
        source=_text_field(rec, ("source", "outlet", "site"), origin, warn),
        author=_text_field(rec, ("author", "authors"), origin, warn, lists=True),
        published=_published(rec, origin, warn),
    )
