"""Reading evaluation clusters (DUC, WCEP, Multi-News JSONL) and peer summaries.

A cluster line is ``{"id", "topic": {"title", "narrative"}, "documents": [...], "references": [...]}``
(DUC) or ``{"articles"|"documents": [...], "summary"|"references": ...}`` (WCEP / Multi-News).
Documents are strings or objects ``{"id", "title", "published", "text"}``; a Multi-News
``documents`` (or ``document``) string may hold several articles separated by ``|||||``. Malformed lines are
skipped with a one-line warning naming ``file:line``.

Update sets (DUC 2007 update, TAC 2008) add ``"set": "B"`` and ``"earlier": ["D0703A-A"]``: the ids of
the clusters the reader has already read, whose documents a summary of this one should not repeat.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..types import Article

log = logging.getLogger(__name__)

_MULTINEWS_SEP = "|||||"


class DataError(ValueError):
    """An evaluation file has nothing usable in it."""


@dataclass(frozen=True)
class Cluster:
    """One evaluation cluster: articles ordered by (published, id), references, optional query;
    for update sets, the set's name and the ids of the earlier clusters the reader has read."""

    id: str
    articles: tuple[Article, ...]
    references: tuple[str, ...]
    query: str | None = None
    set: str | None = None
    earlier: tuple[str, ...] = ()


@dataclass(frozen=True)
class Peer:
    """A system's summaries per cluster (keyed by cluster id) and its official ROUGE-2 recall."""

    system: str
    summaries: tuple[tuple[str, str], ...]
    official: float | None


def _jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as e:
        raise DataError(f"{path}: {e.strerror or e}") from None
    with handle:
        for no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield no, json.loads(line)
            except json.JSONDecodeError as e:
                log.warning("%s:%d: skipped, not JSON (%s)", path, no, e.msg)


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _documents(raw: Any) -> list[Any]:
    if isinstance(raw, str):
        return [d for d in raw.split(_MULTINEWS_SEP) if d.strip()]
    if isinstance(raw, list):
        return raw
    raise ValueError("documents must be a list or a string")


def _article(doc: Any, cluster_id: str, i: int) -> Article | None:
    if isinstance(doc, str):
        text, title, published, doc_id = doc, None, None, f"{cluster_id}-{i}"
    elif isinstance(doc, dict):
        text = doc.get("text") or doc.get("content") or doc.get("body") or ""
        title = doc.get("title") if isinstance(doc.get("title"), str) else None
        published = _date(doc.get("published") or doc.get("date") or doc.get("time"))
        doc_id = str(doc.get("id") or f"{cluster_id}-{i}")
    else:
        return None
    if not isinstance(text, str) or not text.strip():
        return None
    return Article(id=doc_id, text=text.strip(), title=title, published=published)


def _references(obj: dict[str, Any]) -> tuple[str, ...]:
    raw = obj.get("references", obj.get("summary", obj.get("summaries")))
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return ()
    refs = []
    for r in raw:
        if isinstance(r, dict):
            r = r.get("text", "")
        if isinstance(r, str) and r.strip():
            refs.append(re.sub(r"^\s*[–—-]\s+", "", r.strip()))  # Multi-News: "– The ..."
    return tuple(refs)


def _query(obj: dict[str, Any]) -> str | None:
    topic = obj.get("topic")
    if isinstance(topic, dict):
        parts = [topic.get("title"), topic.get("narrative")]
        text = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
        return text or None
    if isinstance(topic, str) and topic.strip():
        return topic.strip()
    q = obj.get("query")
    return q.strip() if isinstance(q, str) and q.strip() else None


def _update_fields(obj: dict[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    raw_set = obj.get("set")
    if raw_set is not None and not isinstance(raw_set, str | int):
        raise ValueError('"set" must be a string')
    earlier = obj.get("earlier", [])
    if earlier is None:
        earlier = []
    if not isinstance(earlier, list) or not all(isinstance(e, str) and e.strip() for e in earlier):
        raise ValueError('"earlier" must be a list of cluster ids')
    name = str(raw_set).strip() if raw_set is not None else ""
    return name or None, tuple(e.strip() for e in earlier)


def parse_cluster(obj: Any, default_id: str) -> Cluster:
    """One cluster from a decoded JSON line; ``ValueError`` says what is wrong with it."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    cid = str(obj.get("id") or default_id)
    raw_docs = obj.get("documents", obj.get("articles", obj.get("document")))
    if raw_docs is None:
        raise ValueError('no "documents" or "articles"')
    arts = [a for i, d in enumerate(_documents(raw_docs)) if (a := _article(d, cid, i)) is not None]
    if not arts:
        raise ValueError("no document with text")
    refs = _references(obj)
    if not refs:
        raise ValueError('no "references" or "summary"')
    set_name, earlier = _update_fields(obj)
    if cid in earlier:
        raise ValueError('"earlier" names the cluster itself')
    # unique ids (some sets repeat them), then the order the pipeline uses: (published, id)
    seen: dict[str, int] = {}
    fixed = []
    for a in arts:
        n = seen.get(a.id, 0)
        seen[a.id] = n + 1
        fixed.append(a if n == 0 else Article(f"{a.id}~{n}", a.text, a.title, published=a.published))
    fixed.sort(key=lambda a: (a.published or dt.date.min, a.id))
    return Cluster(cid, tuple(fixed), refs, _query(obj), set_name, earlier)


def read_clusters(path: str | Path, limit: int | None = None) -> tuple[Cluster, ...]:
    """The usable clusters of a JSONL file (warnings for the others); ``DataError`` if none."""
    path = Path(path)
    out: list[Cluster] = []
    for no, obj in _jsonl(path):
        if limit is not None and len(out) >= limit:
            break
        try:
            out.append(parse_cluster(obj, f"{path.stem}-{no}"))
        except ValueError as e:
            log.warning("%s:%d: skipped, %s", path, no, e)
    if not out:
        raise DataError(f"{path}: no usable cluster")
    return tuple(out)


def read_peers(path: str | Path) -> tuple[Peer, ...]:
    """Peer systems of ``peers.jsonl``: ``{"system", "official_rouge2_recall_jackknife", "summaries"}``."""
    path = Path(path)
    out: list[Peer] = []
    for no, obj in _jsonl(path):
        if not isinstance(obj, dict) or not isinstance(obj.get("summaries"), dict) or "system" not in obj:
            log.warning('%s:%d: skipped, needs "system" and "summaries"', path, no)
            continue
        official = obj.get("official_rouge2_recall_jackknife", obj.get("official"))
        summaries = tuple(
            (str(k), v) for k, v in obj["summaries"].items() if isinstance(v, str) and v.strip()
        )
        out.append(
            Peer(
                str(obj["system"]), summaries, float(official) if isinstance(official, int | float) else None
            )
        )
    if not out:
        raise DataError(f"{path}: no usable peer")
    return tuple(out)
