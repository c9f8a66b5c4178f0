"""JSON rendering: plain dicts of the frozen records (dates as ISO strings)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json as _json
from typing import Any

from ..types import Article, Brief, Event, Summary


def to_data(obj: Any) -> Any:
    """Dataclasses, tuples and dates as JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_data(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    return obj


def article_data(a: Article) -> dict[str, Any]:
    return to_data(a)


def event_data(ev: Event) -> dict[str, Any]:
    """One event, the same shape in ``newsbrief brief`` and ``newsbrief cluster``:
    ``duplicates`` maps each representative article to the copies folded into it."""
    data = to_data(ev)
    data["duplicates"] = {rep: list(copies) for rep, copies in ev.duplicates}
    return data


def summary_data(s: Summary) -> list[dict[str, Any]]:
    return [to_data(x) for x in s.sentences]


def brief_data(brief: Brief) -> dict[str, Any]:
    story = to_data(brief.story)
    data: dict[str, Any] = {
        "articles": [article_data(a) for a in brief.articles],
        "summary": summary_data(brief.summary),
        "summarizer": brief.summary.summarizer,
        **story,
        "events": [
            {
                **event_data(eb.event),
                "summary": summary_data(eb.summary),
                **{k: v for k, v in to_data(eb.story).items()},
            }
            for eb in brief.events
        ],
        "warnings": list(brief.warnings),
        "since": brief.since.isoformat() if brief.since else None,
    }
    return data


def render(brief: Brief) -> str:
    return _json.dumps(brief_data(brief), ensure_ascii=False, indent=2)
