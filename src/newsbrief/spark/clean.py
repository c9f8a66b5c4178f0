"""The batch cleaning of :func:`newsbrief.clean.clean`, its cross-document evidence gathered on the executors.

Each document's lines are extracted once (trafilatura for HTML) with their line keys and the keys
the batch rule may consult (:func:`extract`, persisted by the job). Two jobs then gather what the
batch needs, and the driver receives only small aggregates:

1. one pass over the extracted documents: the line counts of the keys the batch rule may consult
   (seen in two documents or more), the word document frequencies of the text documents, and a
   short prefix of each text document's text (the local check ranks documents by their text; the
   few whose prefix ties are ranked by their whole text, fetched for them only);
2. the lines recurring across stories (:func:`newsbrief.clean.furniture.recurring`, distributed):
   line keys of text documents reduced by key to their holders (the ``MAX_HOLDERS`` first by
   rank), keys grouped by holder set, each holder's word vectors (whole, and without the group's
   lines) made where the document lies and sent to its group, and each group judged there with
   the library's own story test. Only the recurring keys reach the driver.

The result is the ``CleanContext`` one process makes, so every article is built the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import Any

from ..types import Article, RawDocument

PREFIX = 200  # characters of a text document's text sent to the driver to rank it
Order = tuple[int, int]  # (unit, index): the input order of a document


def extract(order: Order, doc: RawDocument) -> tuple[Order, RawDocument, list[str], Any, list[str], set[str]]:
    """The first half of cleaning: (order, document without its content, lines, trafilatura's
    extraction for HTML or None, each line's key, the keys the batch rule may consult)."""
    from dataclasses import replace

    from ..clean import CleanContext, _prepare
    from ..clean.features import Line

    lines, ex = _prepare(doc, CleanContext().settings)
    keys, consulted = [], set()
    for text in lines:
        line = Line(text)
        keys.append(line.key)
        if line.n_words <= 6 and not line.terminal:
            consulted.add(line.key)
    return order, replace(doc, content=""), lines, ex, keys, consulted


def build(doc: RawDocument, lines: list[str], ex: Any, keys: list[str], context: Any) -> Article | None:
    """The second half: the article built with the batch-wide context."""
    from ..clean import _build

    return _build(doc, lines, ex, context, keys)


def _evidence(x: tuple) -> Iterator[tuple[str, Any]]:
    """One document's share of the counts (tagged: its line keys, and a text's vector words)."""
    from ..clean.furniture import _VECTOR_WORD_RE

    _, _, lines, ex, keys, consulted = x
    for k in set(keys):
        yield "k" + k, (1, k in consulted)
    if ex is None:
        for w in {w.lower() for line in lines for w in _VECTOR_WORD_RE.findall(line)}:
            yield "w" + w, 1


def _head(x: tuple) -> tuple[str, tuple[Order, str, bool]]:
    text = "\n".join(x[2])
    return "r", (x[0], text[:PREFIX], len(text) > PREFIX)


def _merge(a: Any, b: Any) -> Any:
    return (a[0] + b[0], a[1] or b[1]) if isinstance(a, tuple) else a + b


def context(sc: Any, extracted: Any, tasks: int | None = None) -> Any:
    """The :class:`~newsbrief.clean.CleanContext` of the whole input, as :func:`newsbrief.clean.clean`
    makes it, from the persisted RDD of :func:`extract` records (``tasks``: shuffle partitions)."""
    from ..clean import CleanContext

    reduced = extracted.flatMap(_evidence).reduceByKey(_merge, tasks).filter(
        lambda kv: kv[0][0] == "w" or (kv[1][0] >= 2 and kv[1][1]))
    counts: Counter[str] = Counter()
    df: Counter[str] = Counter()
    heads = []
    for tag, value in extracted.filter(lambda x: x[3] is None).map(_head).union(reduced).collect():
        if tag == "r":
            heads.append(value)
        elif tag[0] == "k":
            counts[tag[1:]] = value[0]
        else:
            df[tag[1:]] = value
    ctx = CleanContext(counts)
    if not ctx.text_rules.recurring or len(heads) < 2:
        return ctx
    rank = sc.broadcast(_ranks(extracted, heads))
    found = recurring(extracted, rank, sc.broadcast((df, len(heads))), tasks)
    return CleanContext(counts, recurring=found) if found else ctx


def _ranks(extracted: Any, heads: Sequence[tuple[Order, str, bool]]) -> dict[Order, int]:
    """Each text document's rank by (text, input order), as ``recurring`` ranks them: by prefix,
    and by whole text where a prefix is shared (those texts only are fetched)."""
    seen = Counter(p for _, p, _ in heads)
    tied = {o for o, p, longer in heads if longer and seen[p] >= 2}
    whole: dict[Order, str] = {}
    if tied:
        wanted = extracted.context.broadcast(tied)
        whole = dict(extracted.filter(lambda x: x[0] in wanted.value).map(lambda x: (x[0], "\n".join(x[2])))
                     .collect())
    ordered = sorted(heads, key=lambda h: (h[1], whole.get(h[0], ""), h[0]))
    return {h[0]: r for r, h in enumerate(ordered)}


def _holders(rank: Any, x: tuple) -> Iterator[tuple[str, tuple[int, list[int]]]]:
    r = rank.value[x[0]]
    for k in set(x[4]):
        if k:
            yield k, (1, [r])


def _first(limit: int, a: tuple[int, list[int]], b: tuple[int, list[int]]) -> tuple[int, list[int]]:
    return a[0] + b[0], sorted(a[1] + b[1])[:limit]


def _vectors(batch: Any, kv: tuple[int, tuple[Iterable, Iterable]]) -> Iterator[tuple[tuple[int, ...], Any]]:
    """One holder's word vectors, whole and without each of its groups' lines, sent to the groups."""
    from ..clean.furniture import _bag, _weigh, _words

    r, (groups, docs) = kv
    groups = list(groups)
    for lines, keys in docs:
        df, n = batch.value
        words = [_words(line) for line in lines]
        whole = _weigh(_bag(words), df, n)
        for members, ks in groups:
            drop = set(ks)
            rest = _weigh(_bag(w for w, k in zip(words, keys, strict=True) if k not in drop), df, n)
            yield members, (r, whole, rest, ks if r == members[0] else None)


def _judge(kv: tuple[tuple[int, ...], Iterable]) -> list[str]:
    """The group's keys when its holders tell two stories or more (the library's test)."""
    from ..clean.furniture import _one_story, _stories

    members, got = kv
    whole, rest = {}, {}
    keys: list[str] = []
    for r, w, s, ks in got:
        whole[r], rest[r] = w, s
        keys = ks if ks is not None else keys
    same = partial(_one_story, whole, rest, {})
    return list(keys) if _stories(list(members), same) >= 2 else []


def recurring(extracted: Any, rank: Any, batch: Any, tasks: int | None = None) -> frozenset[str]:
    """:func:`newsbrief.clean.furniture.recurring` over the text documents of ``extracted``, on the
    executors (``rank``: broadcast ranks of the text documents; ``batch``: broadcast word document
    frequencies and text document count)."""
    from ..clean.furniture import MAX_HOLDERS

    texts = extracted.filter(lambda x: x[3] is None)
    groups = (texts.flatMap(partial(_holders, rank)).reduceByKey(partial(_first, MAX_HOLDERS), tasks)
              .filter(lambda kv: kv[1][0] >= 2)
              .map(lambda kv: (tuple(kv[1][1]), kv[0])).groupByKey(tasks)
              .flatMap(lambda kv: [(r, (kv[0], sorted(kv[1]))) for r in kv[0]]))
    docs = texts.map(lambda x: (rank.value[x[0]], (x[2], x[4])))
    return frozenset(groups.cogroup(docs, tasks).filter(lambda kv: len(kv[1][0]) > 0)
                     .flatMap(partial(_vectors, batch)).groupByKey(tasks).flatMap(_judge).collect())
