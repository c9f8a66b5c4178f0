"""Markdown rendering: summary with numbered citations, the story layer, a source list."""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Article, Brief, Citation, Story, Summary


def _label(a: Article) -> str:
    parts = [a.title or a.id]
    meta = [x for x in (a.source, a.published.isoformat() if a.published else None) if x]
    if meta:
        parts.append(f"({', '.join(meta)})")
    return " ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _refs(cites: Sequence[Citation], numbers: dict[str, int]) -> str:
    nums = sorted({numbers[c.article] for c in cites if c.article in numbers})
    return "".join(f"[{n}]" for n in nums)


def _summary(summary: Summary, numbers: dict[str, int]) -> list[str]:
    return [f"- {s.text} {_refs(s.citations, numbers)}" for s in summary.sentences]


def _story(story: Story, numbers: dict[str, int], level: str = "##") -> list[str]:
    out: list[str] = []
    if story.timeline:
        out += ["", f"{level} Timeline", ""]
        out += [f"- **{'week of ' if e.granularity == 'week' else ''}{e.date}** {e.text} {_refs(e.citations, numbers)}" for e in story.timeline]
    if story.consensus:
        out += ["", f"{level} What the outlets agree on", ""]
        out += [f"- {f.text} ({_count(len(f.sources), 'outlet')}) {_refs(f.citations, numbers)}" for f in story.consensus]
    if story.unique:
        out += ["", f"{level} Reported by one outlet only", ""]
        out += [f"- {f.text} {_refs(f.citations, numbers)}" for f in story.unique]
    if story.conflicts:
        out += ["", f"{level} Where the outlets disagree", ""]
        for c in story.conflicts:
            claims = " vs ".join(f"\"{cl.text}\" {_refs((cl.citation,), numbers)}" for cl in c.claims)
            out.append(f"- **{c.about}** ({c.kind}): {claims}")
    if story.quotes:
        out += ["", f"{level} Quotes", ""]
        for q in story.quotes:
            who = q.speaker or "unattributed"
            out.append(f"- “{q.text}” — {who} {_refs(q.citations, numbers)}")
    if story.entities:
        out += ["", f"{level} Who and what", ""]
        by_label: dict[str, list[str]] = {}
        for e in story.entities:
            by_label.setdefault(e.label, []).append(e.name)
        out += [f"- **{label.title()}**: {', '.join(names)}" for label, names in sorted(by_label.items())]
    return out


def render(brief: Brief) -> str:
    numbers = {a.id: i for i, a in enumerate(brief.articles, 1)}
    title = next((a.title for a in brief.articles if a.title), None) or "Brief"
    out = [f"# {title}", "", f"*{_count(len(brief.articles), 'article')}, summary by `{brief.summary.summarizer}`*", ""]
    out += ["## Summary", ""] + _summary(brief.summary, numbers)
    out += _story(brief.story, numbers)
    if len(brief.events) > 1:
        out += ["", "## Events", ""]
        for eb in brief.events:
            ev = eb.event
            span = " to ".join(dict.fromkeys(str(d) for d in (ev.start, ev.end) if d))
            out += ["", f"### {ev.title}", "", f"*{_count(len(ev.articles), 'article')}{', ' + span if span else ''}*", ""]
            out += _summary(eb.summary, numbers)
    out += ["", "## Sources", ""]
    out += [f"{numbers[a.id]}. {_label(a)} — `{a.id}`" for a in brief.articles]
    if brief.warnings:
        out += ["", "## Skipped inputs", ""] + [f"- {w}" for w in brief.warnings]
    return "\n".join(out) + "\n"
