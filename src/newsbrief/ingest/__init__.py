"""Ingest: paths (files, folders, ``-`` for stdin) to :class:`RawDocument` records.

One reader interface; the format is chosen by content first, extension second:

* gzip data is decompressed first (``page.html.gz``);
* JSON / JSONL: one record per line, a JSON list, or one object; a record is an
  article (``text``/``body``/``article``/``content`` + optional ``title``, ``url``,
  ``published``/``date``, ``id``, ``source``, ``author``) or a cluster holding
  ``documents``/``articles`` (strings or article records);
* HTML (a document that starts like markup): cleaned later by trafilatura;
* anything else that decodes as text: plain text with furniture left in.

Unreadable inputs are skipped with a one-line warning naming the file (and line);
the rest is processed. :func:`read` never raises for a single bad input.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..types import RawDocument
from .decode import MAX_BYTES, InputError, decode, gunzip, is_gzip

__all__ = ["InputError", "read", "read_bytes", "records", "parse_date"]

log = logging.getLogger(__name__)
Warn = Callable[[str], None]

TEXT_KEYS = ("text", "body", "article", "content", "maintext")
HTML_RE = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html|<!--)", re.I)
TAG_RE = re.compile(r"<(?:p|div|article|span|a|br|h[1-6]|script|meta|section)\b", re.I)


def _warn_default(message: str) -> None:
    log.warning(message)


def parse_date(value: Any) -> dt.date | None:
    """A date from an ISO string (``2019-01-04``, ``2019-01-04T09:51:00Z``), a number or None."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"RELATIVE_BASE": dt.datetime(2000, 1, 1)})
    return parsed.date() if parsed else None


JSON_EXTS = (".jsonl", ".json", ".ndjson")
TEXT_EXTS = (".txt", ".text", ".html", ".htm", ".xhtml", ".md")


def _first_line_is_json(text: str) -> bool:
    line = text.lstrip().split("\n", 1)[0]
    try:
        json.loads(line)
    except json.JSONDecodeError:
        try:
            json.loads(text)
        except json.JSONDecodeError:
            return False
    return True


def _looks_html(text: str) -> bool:
    head = text[:2000]
    return bool(HTML_RE.match(head)) or len(TAG_RE.findall(head)) >= 3


def _record_doc(rec: dict[str, Any], default_id: str, origin: str) -> RawDocument:
    body = next((rec[k] for k in TEXT_KEYS if isinstance(rec.get(k), str) and rec[k].strip()), None)
    if body is None:
        raise InputError(f"no article text (none of {', '.join(TEXT_KEYS)})")
    title = rec.get("title") or rec.get("headline")
    return RawDocument(
        id=str(rec.get("id") or default_id),
        content=body.replace("\r\n", "\n"),
        kind="html" if _looks_html(body) else "text",
        origin=origin,
        title=str(title).strip() if title else None,
        url=rec.get("url") or None,
        source=rec.get("source") or rec.get("outlet") or rec.get("site") or None,
        author=rec.get("author") or None,
        published=parse_date(rec.get("published") or rec.get("date") or rec.get("publish_date")),
    )


def records(obj: Any, default_id: str, origin: str) -> Iterator[RawDocument]:
    """Article documents of one JSON value: an article, a cluster, or a list of either.

    Raises :class:`InputError` for a value that holds no article text.
    """
    if isinstance(obj, list):
        for i, item in enumerate(obj, 1):
            yield from records(item, f"{default_id}#{i}", origin)
        return
    if isinstance(obj, str):
        if not obj.strip():
            raise InputError("empty article text")
        yield RawDocument(id=default_id, content=obj, kind="html" if _looks_html(obj) else "text", origin=origin)
        return
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}")
    docs = obj.get("documents", obj.get("articles"))
    if isinstance(docs, list) and not any(isinstance(obj.get(k), str) for k in TEXT_KEYS):
        prefix = str(obj.get("id") or default_id)
        for i, item in enumerate(docs, 1):
            item_id = f"{prefix}/{i}"
            if isinstance(item, dict) and item.get("id"):
                item = {**item, "id": f"{prefix}/{item['id']}"}
            yield from records(item, item_id, origin)
        return
    yield _record_doc(obj, default_id, origin)


def _read_json(text: str, name: str, warn: Warn) -> Iterator[RawDocument]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON ({exc.msg} at line {exc.lineno})") from None
        yield from _safe(records(obj, name, name), name, warn)
        return
    lines = text.split("\n")
    if stripped.startswith("{") and len([ln for ln in lines if ln.strip()]) > 1:
        try:  # one pretty-printed object rather than JSON lines?
            obj = json.loads(text)
        except json.JSONDecodeError:
            pass
        else:
            yield from _safe(records(obj, name, name), name, warn)
            return
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        origin = f"{name}:{no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            warn(f"{origin}: skipped malformed JSON line ({exc.msg})")
            continue
        yield from _safe(records(obj, f"{name}:{no}", origin), origin, warn)


def _safe(docs: Iterator[RawDocument], origin: str, warn: Warn) -> Iterator[RawDocument]:
    try:
        yield from docs
    except InputError as exc:
        warn(f"{origin}: skipped ({exc})")


def read_bytes(data: bytes, name: str, warn: Warn = _warn_default) -> Iterator[RawDocument]:
    """Documents in the bytes of one file called ``name`` (also its id for single documents)."""
    if is_gzip(data):
        data = gunzip(data)
        name_for_ext = name[:-3] if name.endswith(".gz") else name
    else:
        name_for_ext = name
    if len(data) > MAX_BYTES and not name_for_ext.endswith((".jsonl", ".json")):
        raise InputError(f"file too large ({len(data) // (1024 * 1024)} MB > {MAX_BYTES // (1024 * 1024)} MB)")
    if not data.strip():
        raise InputError("empty file")
    text = decode(data)
    if not text.strip():
        raise InputError("empty file")
    ext = Path(name_for_ext).suffix.lower()
    first = text.lstrip()[:1]
    if ext in JSON_EXTS or (ext not in TEXT_EXTS and first in "{[" and _first_line_is_json(text)):
        if first not in "{[":
            raise InputError("not JSON although named like JSON")
        yield from _read_json(text, name, warn)
    elif ext in (".html", ".htm", ".xhtml") or _looks_html(text):
        yield RawDocument(id=name, content=text, kind="html", origin=name)
    else:
        yield RawDocument(id=name, content=text, kind="text", origin=name)


def _files(path: Path) -> Iterator[tuple[Path, str]]:
    """Files under a folder (recursive, sorted, hidden skipped) with their id relative to it."""
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path)
        if any(part.startswith(".") for part in rel.parts) or not p.is_file():
            continue
        yield p, rel.as_posix()


def read(
    paths: Iterable[str | Path], warn: Warn = _warn_default, stdin: Any = None
) -> Iterator[RawDocument]:
    """Read every input lazily; each unreadable one is reported through ``warn`` and skipped.

    Article ids are JSON ``id`` fields when given, else paths relative to the folder
    given (or the file name as given). Duplicate ids get a ``#2``, ``#3`` suffix.
    """
    seen: dict[str, int] = {}
    for doc in _read_all(paths, warn, stdin):
        n = seen.get(doc.id, 0) + 1
        seen[doc.id] = n
        if n > 1:
            new_id = f"{doc.id}#{n}"
            warn(f"{doc.origin}: duplicate article id {doc.id!r} renamed {new_id!r}")
            doc = RawDocument(**{**doc.__dict__, "id": new_id})
        yield doc


def _read_all(paths: Iterable[str | Path], warn: Warn, stdin: Any) -> Iterator[RawDocument]:
    for raw in paths:
        if str(raw) == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_one(lambda s=stream: s.read(MAX_BYTES + 1), "<stdin>", warn)
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for file, rel in _files(path):
                docs = (
                    _stream_jsonl(file, rel, warn)
                    if file.suffix.lower() in (".jsonl", ".ndjson")
                    else _read_one(file.read_bytes, rel, warn, shown=str(file))
                )
                for doc in docs:
                    found = True
                    yield doc
            if not found:
                warn(f"{path}: no readable article in this folder")
        elif path.suffix.lower() in (".jsonl", ".ndjson") and path.is_file():
            yield from _stream_jsonl(path, path.name, warn)
        elif path.exists():
            yield from _read_one(path.read_bytes, path.name, warn, shown=str(path))
        else:
            warn(f"{path}: no such file or folder")


def _read_one(
    load: Callable[[], bytes], name: str, warn: Warn, shown: str | None = None
) -> Iterator[RawDocument]:
    shown = shown or name
    try:
        data = load()
        for doc in read_bytes(data, name, warn):
            yield doc if doc.origin != name else RawDocument(**{**doc.__dict__, "origin": shown})
    except InputError as exc:
        warn(f"{shown}: skipped ({exc})")
    except OSError as exc:
        warn(f"{shown}: skipped ({exc.strerror or exc})")


def _stream_jsonl(path: Path, name: str, warn: Warn) -> Iterator[RawDocument]:
    """JSON lines read one at a time, so a large dataset never sits in memory whole."""
    found = False
    try:
        with path.open("rb") as fh:
            for no, raw in enumerate(fh, 1):
                origin = f"{path}:{no}"
                if not raw.strip():
                    continue
                if len(raw) > MAX_BYTES:
                    warn(f"{origin}: skipped (line longer than {MAX_BYTES // (1024 * 1024)} MB)")
                    continue
                try:
                    obj = json.loads(decode(raw))
                except (json.JSONDecodeError, InputError) as exc:
                    warn(f"{origin}: skipped malformed JSON line ({getattr(exc, 'msg', exc)})")
                    continue
                for doc in _safe(records(obj, f"{name}:{no}", origin), origin, warn):
                    found = True
                    yield doc
    except OSError as exc:
        warn(f"{path}: skipped ({exc.strerror or exc})")
        return
    if not found:
        warn(f"{path}: no readable article in this file")


def read_all(paths: Sequence[str | Path], warn: Warn = _warn_default) -> list[RawDocument]:
    return list(read(paths, warn))
