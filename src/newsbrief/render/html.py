"""HTML rendering: one self-contained page (inline CSS, no script, no external asset).

Every citation is a link to the cited passage, which is marked inside the full
text of its article in the "Sources" section (``id="c-<n>-<start>-<end>"``,
``n`` the article's number). Conflicting claims are highlighted both in the
"Where the outlets disagree" section and in the article text. All text coming
from articles (body, title, source, speaker...) is escaped with
``html.escape(..., quote=True)``; only http(s) URLs become links.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..types import Article, Brief, Citation, Story, Summary

CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d9dee7; --accent:#1f5fbf; --bg:#fbfbfd;
        --mark:#fff2b3; --conflict:#ffd7d2; --conflict-ink:#9b1c0c; }
* { box-sizing:border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
       font:16px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width:980px; margin:0 auto; padding:24px 28px 64px; }
h1 { font-size:1.9rem; line-height:1.25; margin:.2em 0 .1em; }
h2 { font-size:1.25rem; margin:2em 0 .6em; padding-bottom:.25em; border-bottom:2px solid var(--line); }
h3 { font-size:1.05rem; margin:1.2em 0 .4em; }
.meta { color:var(--muted); font-size:.9rem; }
ul, ol { padding-left:1.3em; }
li { margin:.35em 0; }
a { color:var(--accent); }
a.cite { font-size:.75em; vertical-align:super; text-decoration:none; margin-left:1px; white-space:nowrap; }
a.cite:hover { text-decoration:underline; }
.summary li { font-size:1.05rem; }
.timeline { list-style:none; padding:0; border-left:3px solid var(--line); margin-left:6px; }
.timeline li { position:relative; padding-left:16px; }
.timeline li::before { content:""; position:absolute; left:-8px; top:.55em; width:11px; height:11px;
                       border-radius:50%; background:var(--accent); }
time { font-weight:600; font-variant-numeric:tabular-nums; margin-right:.4em; }
.badge { display:inline-block; font-size:.72rem; padding:0 .45em; border-radius:9px; background:#e8edf5;
         color:var(--muted); margin-right:.4em; vertical-align:1px; }
.conflict { background:var(--conflict); border-left:4px solid var(--conflict-ink); padding:.6em .9em;
            border-radius:4px; list-style:none; margin:.6em 0; }
.conflict strong { color:var(--conflict-ink); }
.claim { display:inline-block; background:#fff; border:1px solid #f0b3aa; border-radius:4px; padding:0 .4em;
         margin:.2em .3em .2em 0; }
blockquote { margin:.8em 0; padding:.4em 1em; border-left:4px solid var(--line); background:#fff; }
blockquote p { margin:.2em 0; }
.entities dd { margin:0 0 .6em 0; }
.entities dt { font-weight:600; }
.article { background:#fff; border:1px solid var(--line); border-radius:6px; padding:12px 18px; margin:14px 0; }
.article h3 { margin-top:.2em; }
.body { white-space:pre-wrap; overflow-wrap:anywhere; }
mark { background:transparent; color:inherit; border-bottom:1px dotted #b8c2d3; }
mark.summary { background:var(--mark); border-bottom:0; padding:0 1px; border-radius:2px; }
mark.conflicting { background:var(--conflict); border-bottom:0; outline:1px solid #f0b3aa; }
mark:target { outline:2px solid var(--accent); background:#cfe1ff; }
.anchor:target + * { outline:2px solid var(--accent); }
.warnings { color:var(--muted); font-size:.9rem; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def more_note(more: int) -> str:
    """"+N more": the supporting articles an item counts but does not list (``limits.citations``)."""
    return f' <span class="cite more" title="supporting articles not listed">+{more:,} more</span>' if more else ""


@dataclass(frozen=True)
class _Refs:
    """Article numbers and the marked spans of each article."""

    numbers: dict[str, int]
    lengths: dict[str, int]

    def anchor(self, c: Citation) -> str | None:
        n = self.numbers.get(c.article)
        if n is None:
            return None
        if 0 <= c.start < c.end <= self.lengths[c.article]:
            return f"c-{n}-{c.start}-{c.end}"
        return f"a-{n}"

    def links(self, cites: Iterable[Citation], more: int = 0) -> str:
        """The citation links, and "+N more" for supporting articles past ``limits.citations``."""
        out = []
        for c in dict.fromkeys(cites):
            target = self.anchor(c)
            n = self.numbers.get(c.article)
            if target is None or n is None:
                out.append(f'<span class="cite">[{_e(c.article)}]</span>')
            else:
                out.append(f'<a class="cite" href="#{target}" title="source {n}">[{n}]</a>')
        return "".join(out) + more_note(more)


def _summary(summary: Summary, refs: _Refs) -> str:
    items = "".join(
        f"<li>{_e(s.text)} {refs.links(s.citations, s.more_citations)}</li>" for s in summary.sentences
    )
    return f'<ul class="summary">{items}</ul>' if items else "<p class=meta>No summary.</p>"


def _story(story: Story, refs: _Refs, level: int = 2, prefix: str = "") -> str:
    """The story sections; ``prefix`` keeps section ids unique when events repeat them."""
    h = f"h{level}"
    out: list[str] = []
    if story.timeline:
        out.append(f"<section id={prefix}timeline><{h}>Timeline</{h}><ol class=timeline>")
        for e in story.timeline:
            badge = f'<span class="badge">{_e(e.granularity)}</span>' if e.granularity != "day" else ""
            week = "week of " if e.granularity == "week" else ""
            out.append(
                f'<li><time datetime="{_e(e.date)}">{week}{_e(e.date)}</time>{badge}'
                f"{_e(e.text)} {refs.links(e.citations, e.more_citations)}</li>"
            )
        out.append("</ol></section>")
    if story.conflicts:
        out.append(f"<section id={prefix}conflicts><{h}>Where the outlets disagree</{h}><ul>")
        for c in story.conflicts:
            claims = " ".join(
                f'<span class="claim">“{_e(cl.text)}” {refs.links((cl.citation,))}</span>' for cl in c.claims
            )
            out.append(
                f'<li class="conflict"><strong>{_e(c.about)}</strong> '
                f'<span class="badge">{_e(c.kind)}</span><br>{claims}</li>'
            )
        out.append("</ul></section>")
    if story.consensus:
        out.append(f"<section id={prefix}consensus><{h}>What the outlets agree on</{h}><ul>")
        for f in story.consensus:
            out.append(
                f'<li><span class="badge">{len(f.sources)} outlets</span>{_e(f.text)} '
                f"{refs.links(f.citations, f.more_citations)}</li>"
            )
        out.append("</ul></section>")
    if story.unique:
        out.append(f"<section id={prefix}unique><{h}>Reported by one outlet only</{h}><ul>")
        for f in story.unique:
            src = ", ".join(f"source [{refs.numbers[o]}]" if o in refs.numbers else o for o in f.sources)
            out.append(
                f'<li><span class="badge">{_e(src)}</span>{_e(f.text)} {refs.links(f.citations, f.more_citations)}</li>'
            )
        out.append("</ul></section>")
    if story.quotes:
        out.append(f"<section id={prefix}quotes><{h}>Quotes</{h}>")
        for q in story.quotes:
            who = _e(q.speaker) if q.speaker else "<em>unattributed</em>"
            n = len(q.sources)
            carried = f'<span class="badge">{n} outlet{"s" if n != 1 else ""}</span>'
            out.append(
                f"<blockquote><p>“{_e(q.text)}”</p><p class=meta>— {who} {carried}"
                f"{refs.links(q.citations, q.more_citations)}</p></blockquote>"
            )
        out.append("</section>")
    if story.entities:
        out.append(f"<section id={prefix}entities><{h}>Who and what</{h}><dl class=entities>")
        by_label: dict[str, list[str]] = defaultdict(list)
        for ent in story.entities:
            by_label[ent.label].append(f"{_e(ent.name)} <span class=meta>({ent.mentions})</span>")
        for label in ("PERSON", "ORG", "PLACE", "OTHER"):
            if by_label.get(label):
                title = {"PERSON": "People", "ORG": "Organisations", "PLACE": "Places", "OTHER": "Other"}[
                    label
                ]
                out.append(f"<dt>{title}</dt><dd>{', '.join(by_label[label])}</dd>")
        out.append("</dl></section>")
    return "".join(out)


def _spans(brief: Brief) -> tuple[dict[str, set[tuple[int, int]]], dict[tuple[str, int, int], str]]:
    """Every cited span per article, and the class of the special ones: "summary" for the
    summary's citations, "conflicting" for conflicting claims (all others are "cited")."""
    cites: list[Citation] = []
    conflicting: set[tuple[str, int, int]] = set()

    def story_cites(story: Story) -> None:
        for e in story.timeline:
            cites.extend(e.citations)
        for f in story.consensus + story.unique:
            cites.extend(f.citations)
        for q in story.quotes:
            cites.extend(q.citations)
        for c in story.conflicts:
            for cl in c.claims:
                cites.append(cl.citation)
                conflicting.add((cl.citation.article, cl.citation.start, cl.citation.end))

    cites.extend(c for s in brief.summary.sentences for c in s.citations)
    classes = {(c.article, c.start, c.end): "summary" for s in brief.summary.sentences for c in s.citations}
    story_cites(brief.story)
    for eb in brief.events:
        cites.extend(c for s in eb.summary.sentences for c in s.citations)
        story_cites(eb.story)
    spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for c in cites:
        spans[c.article].add((c.start, c.end))
    classes.update(dict.fromkeys(conflicting, "conflicting"))
    return spans, classes


def _marked_text(article: Article, n: int, spans: set[tuple[int, int]], classes: dict) -> str:
    """The article text with each valid cited span wrapped in a ``<mark>`` (properly nested)."""
    text = article.text
    valid = sorted((s, e) for s, e in spans if 0 <= s < e <= len(text))
    opens: dict[int, list[str]] = defaultdict(list)
    closes: dict[int, int] = defaultdict(int)
    anchors: dict[int, list[str]] = defaultdict(list)
    stack: list[tuple[int, int]] = []
    for s, e in sorted(valid, key=lambda x: (x[0], -x[1])):
        while stack and stack[-1][1] <= s:
            stack.pop()
        ident = f"c-{n}-{s}-{e}"
        if stack and e > stack[-1][1]:  # crosses an open span: an anchor only
            anchors[s].append(f'<span class="anchor" id="{ident}"></span>')
            continue
        cls = classes.get((article.id, s, e), "cited")
        opens[s].append(f'<mark class="{cls}" id="{ident}">')
        closes[e] += 1
        stack.append((s, e))
    points = sorted(set(opens) | set(closes) | set(anchors) | {0, len(text)})
    out: list[str] = []
    for i, pos in enumerate(points):
        out.append("</mark>" * closes.get(pos, 0))
        out.extend(anchors.get(pos, ()))
        out.extend(opens.get(pos, ()))
        if i + 1 < len(points):
            out.append(_e(text[pos : points[i + 1]]))
    return "".join(out)


def _safe_url(url: str | None) -> str | None:
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _article(article: Article, n: int, spans: set[tuple[int, int]], classes: dict) -> str:
    meta = [x for x in (article.source, article.author) if x]
    if article.published:
        how = f" ({article.published_from})" if article.published_from in ("event", "dateline") else ""
        meta.append(f"{article.published.isoformat()}{how}")
    url = _safe_url(article.url)
    link = f' · <a href="{_e(url)}" rel="noreferrer noopener">original</a>' if url else ""
    return (
        f'<article class="article" id="a-{n}"><h3>[{n}] {_e(article.title or article.id)}</h3>'
        f"<p class=meta>{_e(' · '.join(meta))}{link} · <code>{_e(article.id)}</code></p>"
        f'<div class="body">{_marked_text(article, n, spans, classes)}</div></article>'
    )


def _events(brief: Brief, refs: _Refs) -> str:
    if len(brief.events) <= 1:
        return ""
    out = ["<section id=events><h2>Events</h2>"]
    for k, eb in enumerate(brief.events, 1):
        ev = eb.event
        span = " to ".join(dict.fromkeys(str(d) for d in (ev.start, ev.end) if d))
        out.append(f"<h3>{_e(ev.title)}</h3><p class=meta>{len(ev.articles)} articles {_e(span)}</p>")
        out.append(_summary(eb.summary, refs))
        out.append(_story(eb.story, refs, level=4, prefix=f"e{k}-"))
    out.append("</section>")
    return "".join(out)


def _title(articles: Sequence[Article]) -> str:
    return next((a.title for a in articles if a.title), None) or "Brief"


def render(brief: Brief) -> str:
    """One self-contained HTML page for ``brief``."""
    numbers = {a.id: i for i, a in enumerate(brief.articles, 1)}
    refs = _Refs(numbers, {a.id: len(a.text) for a in brief.articles})
    spans, classes = _spans(brief)
    title = _title(brief.articles)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>",
        f"<header><h1>{_e(title)}</h1><p class=meta>{len(brief.articles)} articles · summary by "
        f"{_e(brief.summary.summarizer)}</p></header>",
        f"<section id=summary><h2>Summary</h2>{_summary(brief.summary, refs)}</section>",
        _story(brief.story, refs),
        _events(brief, refs),
        "<section id=sources><h2>Sources</h2>",
        *(_article(a, numbers[a.id], spans.get(a.id, set()), classes) for a in brief.articles),
        "</section>",
    ]
    if brief.warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in brief.warnings)
        parts.append(f"<section class=warnings><h2>Skipped inputs</h2><ul>{items}</ul></section>")
    parts.append("</main></body></html>\n")
    return "\n".join(p for p in parts if p)
