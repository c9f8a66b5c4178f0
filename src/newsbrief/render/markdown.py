"""Markdown rendering: summary with numbered citations, the story layer, a source list.

Everything taken from the articles (titles, text, quotes, speakers, outlets, urls, ids,
warnings naming files) is untrusted: :func:`text` collapses it to one line and escapes
``&``, ``<``, ``>`` (so no raw HTML such as ``<script>`` or ``<img onerror=...>`` reaches a
Markdown renderer) and the characters that would start a link, image or code span
(``[``, ``]``, backquote, backslash). Only ``http(s)`` urls become links, with the
destination percent-encoded; ``javascript:``, ``data:`` and the like are shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from ..types import Article, Brief, Citation, Story, Summary

_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "[": "\\[", "]": "\\]", "`": "\\`"}
_SPECIAL_RE = re.compile(r"[&<>\\\[\]`]")
_WS_RE = re.compile(r"\s+")
_BREAK_RE = re.compile(r"[^\S ]")  # whitespace other than a plain space
_SAFE_URL_RE = re.compile(r"https?://[^\s/?#]+", re.I)
_URL_SAFE_CHARS = "/:?#@!$&'()*+,;=%~-._"  # RFC 3986 reserved and unreserved; the rest is encoded


def text(value: object) -> str:
    """Untrusted text as inert Markdown: one line, HTML and link syntax escaped."""
    one_line = _WS_RE.sub(" ", str(value)).strip()
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], one_line)


def safe_url(url: str | None) -> str | None:
    """The url as a Markdown link destination if it is an http(s) url, else None."""
    if not url:
        return None
    url = url.strip()
    if not _SAFE_URL_RE.match(url):
        return None
    # percent-encoding leaves no space, control, quote, bracket or backslash to break out of "(...)"
    encoded = quote(url, safe=_URL_SAFE_CHARS)
    return encoded.replace("(", "%28").replace(")", "%29").replace("&", "&amp;")


def _label(a: Article) -> str:
    title = text(a.title or a.id)
    url = safe_url(a.url)
    parts = [f"[{title}]({url})" if url else title]
    meta = [text(x) for x in (a.source, a.published.isoformat() if a.published else None) if x]
    if meta:
        parts.append(f"({', '.join(meta)})")
    return " ".join(parts)


def _code(value: str) -> str:
    """An id as a code span when that is safe and readable, else as escaped text."""
    if value and value.strip() == value and not _SPECIAL_RE.search(value) and not _BREAK_RE.search(value):
        return f"`{value}`"
    return text(value)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _refs(cites: Sequence[Citation], numbers: dict[str, int], more: int = 0) -> str:
    """``[1][3]``, and "+N more" for the supporting articles past ``limits.citations``."""
    nums = sorted({numbers[c.article] for c in cites if c.article in numbers})
    return "".join(f"[{n}]" for n in nums) + (f" +{more:,} more" if more else "")


def _summary(summary: Summary, numbers: dict[str, int]) -> list[str]:
    return [f"- {text(s.text)} {_refs(s.citations, numbers, s.more_citations)}" for s in summary.sentences]


def _story(story: Story, numbers: dict[str, int], level: str = "##") -> list[str]:
    out: list[str] = []
    if story.timeline:
        out += ["", f"{level} Timeline", ""]
        out += [
            f"- **{'week of ' if e.granularity == 'week' else ''}{text(e.date)}** {text(e.text)} "
            f"{_refs(e.citations, numbers, e.more_citations)}"
            for e in story.timeline
        ]
    if story.consensus:
        out += ["", f"{level} What the outlets agree on", ""]
        out += [
            f"- {text(f.text)} ({_count(len(f.sources), 'outlet')}) {_refs(f.citations, numbers, f.more_citations)}"
            for f in story.consensus
        ]
    if story.unique:
        out += ["", f"{level} Reported by one outlet only", ""]
        out += [f"- {text(f.text)} {_refs(f.citations, numbers, f.more_citations)}" for f in story.unique]
    if story.conflicts:
        out += ["", f"{level} Where the outlets disagree", ""]
        for c in story.conflicts:
            claims = " vs ".join(f"\"{text(cl.text)}\" {_refs((cl.citation,), numbers)}" for cl in c.claims)
            out.append(f"- **{text(c.about)}** ({text(c.kind)}): {claims}")
    if story.quotes:
        out += ["", f"{level} Quotes", ""]
        for q in story.quotes:
            who = text(q.speaker) if q.speaker else "unattributed"
            out.append(f"- “{text(q.text)}” — {who} {_refs(q.citations, numbers, q.more_citations)}")
    if story.entities:
        out += ["", f"{level} Who and what", ""]
        by_label: dict[str, list[str]] = {}
        for e in story.entities:
            by_label.setdefault(e.label, []).append(text(e.name))
        out += [f"- **{text(label.title())}**: {', '.join(names)}" for label, names in sorted(by_label.items())]
    return out


def render(brief: Brief) -> str:
    numbers = {a.id: i for i, a in enumerate(brief.articles, 1)}
    title = text(next((a.title for a in brief.articles if a.title), None) or "Brief")
    summarizer = _code(brief.summary.summarizer)
    out = [f"# {title}", "", f"*{_count(len(brief.articles), 'article')}, summary by {summarizer}*", ""]
    if brief.since is not None:
        out += [f"**What's new since {brief.since.isoformat()}** (earlier articles count as read)", ""]
    out += ["## Summary", ""] + _summary(brief.summary, numbers)
    out += _story(brief.story, numbers)
    if len(brief.events) > 1:
        out += ["", "## Events", ""]
        for eb in brief.events:
            ev = eb.event
            span = " to ".join(dict.fromkeys(str(d) for d in (ev.start, ev.end) if d))
            out += ["", f"### {text(ev.title)}", "", f"*{_count(len(ev.articles), 'article')}{', ' + span if span else ''}*", ""]
            out += _summary(eb.summary, numbers)
    out += ["", "## Sources", ""]
    out += [f"{numbers[a.id]}. {_label(a)} — {_code(a.id)}" for a in brief.articles]
    if brief.warnings:
        out += ["", "## Skipped inputs", ""] + [f"- {text(w)}" for w in brief.warnings]
    return "\n".join(out) + "\n"
