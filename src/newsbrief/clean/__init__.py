"""CLEAN stage: raw documents (text or HTML) to :class:`~newsbrief.types.Article` records.

``clean(docs)`` returns one Article per document that still has a body after page
furniture is removed, in input order (``Article.id == doc.id``); a document left
without body is skipped with a warning.  ``clean_one(doc, context)`` cleans a single
document.

* ``kind="html"``: trafilatura extracts body, title, site name, date and author
  (:mod:`.html`), then the text rules that help on the extraction benchmark run on
  its output (``HTML_RULES``).
* ``kind="text"``: all text rules (``TEXT_RULES``, :mod:`.lines`): share/follow
  prompts, paywall and donation appeals, captions and credits, datelines and bylines
  (recovered as metadata), related-story teasers, head/tail furniture clusters,
  repeated lines, short labels shared by several documents of the batch; named furniture
  (media players and captions, wire photo captions, web archive notices and pages, widgets,
  calls to action: :mod:`.furniture`) and lines that documents of different stories of the
  batch share (:func:`.furniture.recurring`); each embedded social post is kept as one
  canonical quote line (:mod:`.posts`).

Metadata given with the document (JSONL fields) wins over page metadata, which wins
over what is recovered from the text; ``source`` falls back to the URL host.
Cross-document evidence is counted over the whole batch, so each Article depends
only on its document and the set of documents, never on their order.
The shingle scorer used by ``bench/extraction.py`` is :mod:`.score`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..types import Article, RawDocument
from .features import key
from .furniture import recurring
from .html import DEFAULT_SETTINGS, Extraction, Settings, extract
from .lines import TEXT_RULES, Rules, batch_counts, clean_lines, split_lines
from .meta import host_source

log = logging.getLogger(__name__)

# Rules applied after trafilatura: it already drops most page chrome, and the
# extraction benchmark shows which text-level rules still help there.
HTML_RULES = Rules(
    zones=False, related=False, batch=False, symbols=False, links=False, duplicates="prose",
    named=False, posts=False, recurring=False,
)  # fmt: skip

__all__ = [
    "HTML_RULES",
    "TEXT_RULES",
    "CleanContext",
    "Rules",
    "Settings",
    "clean",
    "clean_one",
    "extract",
]


@dataclass(frozen=True)
class CleanContext:
    """Batch-level evidence: in how many documents each line key occurs, and the keys of lines
    that documents of different stories share (:func:`.furniture.recurring`)."""

    line_counts: Counter[str] = field(default_factory=Counter)
    settings: Settings = DEFAULT_SETTINGS
    html_rules: Rules = HTML_RULES
    text_rules: Rules = TEXT_RULES
    recurring: frozenset[str] = frozenset()


def _prepare(doc: RawDocument, settings: Settings) -> tuple[list[str], Extraction | None]:
    if doc.kind == "html":
        ex = extract(doc.content, doc.url, settings)
        return split_lines(ex.text), ex
    return split_lines(doc.content), None


def clean_one(doc: RawDocument, context: CleanContext | None = None) -> Article | None:
    """Clean one document; None (and a warning) when no article text is left."""
    ctx = context or CleanContext()
    lines, ex = _prepare(doc, ctx.settings)
    return _build(doc, lines, ex, ctx)


def _build(
    doc: RawDocument, lines: list[str], ex: Extraction | None, ctx: CleanContext, keys: list[str] | None = None
) -> Article | None:
    rules = ctx.html_rules if ex is not None else ctx.text_rules
    meta_title = doc.title or (ex.title if ex else None)
    res = clean_lines(lines, meta_title=meta_title, batch=ctx.line_counts, rules=rules, furniture=ctx.recurring,
                      keys=keys)
    if not res.body:
        log.warning("%s: no article text after cleaning", doc.origin)
        return None
    published, published_from = doc.published, "metadata" if doc.published else None
    if published is None and ex is not None and ex.date is not None:
        published, published_from = ex.date, "metadata"
    if published is None and res.published is not None:
        published, published_from = res.published, "text"
    source = doc.source or (ex.sitename if ex else None) or host_source(doc.url)
    author = doc.author or (ex.author if ex else None) or res.author
    return Article(
        id=doc.id,
        text="\n\n".join(res.body),
        title=res.title,
        source=source,
        url=doc.url,
        author=author,
        published=published,
        published_from=published_from,
    )


def clean(docs: Iterable[RawDocument], context: CleanContext | None = None) -> list[Article]:
    """Clean a batch: one Article per document with a body left, in input order.

    ``docs`` may be a stream: each document's lines are extracted as it is read and its raw
    content (a whole HTML page) is not kept, so a batch of pages costs about its text."""
    ctx = context or CleanContext()
    prepared: list[tuple[list[str], Extraction | None]] = []
    light: list[RawDocument] = []  # the documents' metadata, their content dropped
    for doc in docs:
        prepared.append(_prepare(doc, ctx.settings))
        light.append(replace(doc, content=""))
    docs = light
    keys = [[key(line) for line in lines] for lines, _ in prepared]  # each line's key, found once
    counts = batch_counts([lines for lines, _ in prepared], keys)
    text = [k for k, (_, ex) in enumerate(prepared) if ex is None]
    shared = (
        recurring([prepared[k][0] for k in text], keys=[keys[k] for k in text])
        if ctx.text_rules.recurring else frozenset()
    )  # fmt: skip
    ctx = CleanContext(counts, ctx.settings, ctx.html_rules, ctx.text_rules, ctx.recurring | shared)
    out = []
    for doc, (lines, ex), ks in zip(docs, prepared, keys, strict=True):
        article = _build(doc, lines, ex, ctx, ks)
        if article is not None:
            out.append(article)
    return out
