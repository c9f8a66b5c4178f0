"""The ``newsbrief spark`` job: the local pipeline's stages, run across a Spark cluster.

1. read (:mod:`.read`) and clean (:mod:`.clean`) on the executors: the batch line counts and the
   recurring-line check gathered there, the driver receiving small aggregates only;
2. TEXT records (``text.analyze``) on the executors; missing dates inferred on the driver with
   ``timeline.infer_published`` over lead records (only when some article is undated);
3. clustering features (the library's ``Featurizer``, MinHash signatures) on the executors;
4. near-duplicates (:mod:`.dedup`): LSH bands joined across partitions, resolved in order;
5. events by overlapping time windows (:mod:`.windows`), one task a window; stories linked on
   the driver over the event centroids (a few hundred numbers an event);
6. a brief per story (``pipeline.brief_prepared`` on the story's articles and events), one task a
   story;
7. Parquet tables ``articles``, ``events``, ``stories``, ``briefs`` (and JSON lines on request).
"""

from __future__ import annotations

import bisect
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..cluster import ClusterParams
from ..cluster.features import DIM, Featurizer
from ..options import Options
from ..types import ArticleText, Event, RawDocument, oldest_first
from . import clean as cl
from . import read as rd
from .dedup import band_keys, bands, clocks, resolve, similarity
from .windows import Window, assemble, centroid, cluster_window, merge, plan

log = logging.getLogger(__name__)

TABLES = ("articles", "events", "stories", "briefs")

TASKS_PER_CORE = 4
DOCS_PER_TASK = 250  # fewer documents than this a task: fewer tasks
MAX_WARNINGS_SHOWN = 20


def _spill() -> Any:
    """How kept RDDs are stored: in memory, spilled to local disk when the JVM heap is short
    (PySpark's default, memory only, ran the local-mode JVM out of heap at 100,000 articles)."""
    from pyspark import StorageLevel

    return StorageLevel.MEMORY_AND_DISK


@dataclass(frozen=True)
class SparkSettings:
    """How the job cuts the work: clustering windows and their overlap, task counts, JSON output."""

    window_days: int = 365
    overlap_days: int = 120
    partitions: int | None = None  # tasks per stage (default: 4 per core of the cluster)
    jsonl: bool = False
    chunk_mb: float = 8.0  # JSON-lines files are read in byte ranges of about this size

    def __post_init__(self) -> None:
        if self.window_days < 1 or self.overlap_days < 0 or self.chunk_mb <= 0 or (self.partitions is not None and self.partitions < 1):
            raise ValueError("window_days >= 1, overlap_days >= 0, chunk_mb > 0 and partitions >= 1")


@dataclass(frozen=True)
class RunResult:
    articles: int
    copies: int
    events: int
    stories: int
    windows: int
    warnings: tuple[str, ...]
    seconds: dict[str, float] = field(default_factory=dict)


class _Clock:
    def __init__(self) -> None:
        self.t = time.perf_counter()
        self.seconds: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(now - self.t, 3)
        self.t = now


def _featurizer(params: ClusterParams) -> Featurizer:
    """The featurizer :class:`~newsbrief.cluster.EventClusterer` builds for ``params``."""
    d = params.dedup
    return Featurizer(params.title_weight, params.entity_weight, d.shingle if d else 4, d.num_perm if d else 0)


def _features(params: ClusterParams) -> Callable[[Iterable[ArticleText]], Iterator[tuple[str, Any]]]:
    def run(texts: Iterable[ArticleText]) -> Iterator[tuple[str, Any]]:
        featurize = _featurizer(params)  # one cache a partition
        for t in texts:
            yield t.id, featurize(t.article)

    return run


def _lead_record(t: ArticleText) -> ArticleText:
    """What date inference reads of an article (its text only where its date is to be found)."""
    from ..timeline.published import LEAD_SENTENCES, _known

    if _known(t.article):
        return ArticleText(replace(t.article, text=""), (), (), (t.all_stems,))
    return ArticleText(t.article, t.sentences[:LEAD_SENTENCES], (), (t.all_stems,))


def _tally(rows: Iterable[tuple[str, ArticleText | None]]) -> Iterator[tuple[list[str], int, int]]:
    """A partition's documents left without text (their origins), its articles and its undated ones."""
    from ..timeline.published import _known

    failed, n, undated = [], 0, 0
    for origin, t in rows:
        if t is None:
            failed.append(origin)
        else:
            n += 1
            undated += not _known(t.article)
    yield failed, n, undated


def _band_pairs(ids: Iterable[str], keys: dict, clock: dict, window: int) -> Iterator[tuple[str, str]]:
    group = sorted(set(ids), key=keys.__getitem__)
    for i, later in enumerate(group):
        for earlier in group[:i]:
            if clock[later] - clock[earlier] <= window:
                yield later, earlier


Sparse = tuple[np.ndarray, np.ndarray]  # term ids (sorted, unique), counts


def _sparse_add(a: Sparse, b: Sparse) -> Sparse:
    terms, where = np.unique(np.concatenate([a[0], b[0]]), return_inverse=True)
    counts = np.zeros(len(terms), dtype=np.float32)
    np.add.at(counts, where, np.concatenate([a[1], b[1]]))
    return terms, counts


def _df_parts(rows: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Sparse]]:
    """Document frequencies of the terms of one partition's articles, per segment (sparse)."""
    acc: dict[int, list[np.ndarray]] = {}
    for seg, terms in rows:
        acc.setdefault(seg, []).append(terms)
    for seg, parts in acc.items():
        terms, counts = np.unique(np.concatenate(parts), return_counts=True)
        yield seg, (terms.astype(np.int64), counts.astype(np.float32))


def _dense(df: Sparse) -> np.ndarray:
    out = np.zeros(DIM, dtype=np.float32)
    out[df[0]] = df[1]
    return out


def run(spark: Any, inputs: Sequence[str | Path], output: Path, options: Options | None = None,
        settings: SparkSettings | None = None, params: ClusterParams | None = None) -> RunResult:
    """Brief ``inputs`` on ``spark`` into Parquet tables under ``output``.

    Raises :class:`~newsbrief.pipeline.NothingToBrief` when no usable article is found."""
    from ..pipeline import NothingToBrief

    options = options or Options()
    settings = settings or SparkSettings()
    params = params or ClusterParams()
    limits = options.limits
    sc = spark.sparkContext
    slices = settings.partitions or max(2, sc.defaultParallelism * TASKS_PER_CORE)  # at most, while reading
    clock = _Clock()
    warnings: list[str] = []
    output = Path(output)
    if output.exists() and not output.is_dir():
        raise NothingToBrief(f"{output}: cannot write (it is a file, not a folder)")

    # 1. read
    units = rd.list_units(inputs, warnings.append, output, int(settings.chunk_mb * 1024 * 1024))
    ranges = [u for u in units if u.end >= 0]
    if ranges:
        counts = sc.parallelize(ranges, min(len(ranges), slices)).map(rd.count_lines).collect()
        first: dict[str, int] = {}
        starts = {}
        for u, n in zip(ranges, counts, strict=True):
            starts[u.seq] = first.get(u.path, 1)
            first[u.path] = starts[u.seq] + n
        units = [replace(u, first_line=starts[u.seq]) if u.seq in starts else u for u in units]
    if not units:
        raise NothingToBrief("no readable input in " + ", ".join(str(i) for i in inputs))
    raw = (sc.parallelize(units, min(len(units), slices)).map(lambda u: rd.read_unit(u, limits))
           .persist(_spill()))
    got = raw.map(lambda r: (r[2], [((r[0], i), d.id, d.origin) for i, d in enumerate(r[1])])).collect()
    warnings.extend(w for ws, _ in got for w in ws)
    stubs = [s for _, ss in got for s in ss]
    del got
    renamed = sc.broadcast(rd.unique_ids(stubs, limits, warnings.append))

    def named(r: tuple[int, list[RawDocument], list[str]]) -> Iterator[tuple[tuple[int, int], RawDocument]]:
        for i, d in enumerate(r[1]):
            new = renamed.value.get((r[0], i), d.id)
            if new is not None:
                yield (r[0], i), (d if new == d.id else replace(d, id=new))

    docs = raw.flatMap(named)
    if not settings.partitions:  # small inputs: fewer tasks (a Python task costs some 0.1-0.2 s)
        slices = max(1, min(slices, -(-len(stubs) // DOCS_PER_TASK)))
    if raw.getNumPartitions() < slices:  # a few large files: spread their documents over the cluster
        docs = docs.repartition(slices)
    del stubs
    clock.lap("read")

    # 2. clean: lines and line keys extracted once, the batch evidence gathered on the executors
    extracted = docs.map(lambda sd: cl.extract(*sd)).persist(_spill())
    context = sc.broadcast(cl.context(sc, extracted, slices))

    # 3. TEXT records; dates inferred (driver) where some article has none
    from ..text import analyze
    from ..timeline.published import _known, infer_published

    analyzed = extracted.map(lambda x: (x[1].origin, cl.build(x[1], x[2], x[3], x[4], context.value))).map(
        lambda oa: (oa[0], None if oa[1] is None else analyze(oa[1]))).persist(_spill())
    tally = analyzed.mapPartitions(_tally).collect()
    warnings.extend(f"{origin}: no article text after cleaning" for failed, _, _ in tally for origin in failed)
    raw.unpersist()
    extracted.unpersist()
    texts = analyzed.values().filter(lambda t: t is not None)
    if not sum(n for _, n, _ in tally):
        raise NothingToBrief("no usable article in " + ", ".join(str(i) for i in inputs)
                             + (f" ({len(warnings)} skipped)" if warnings else ""))
    if sum(u for _, _, u in tally):
        leads = sorted(texts.map(_lead_record).collect(), key=lambda t: oldest_first(t.article))
        todo = {t.id for t in leads if not _known(t.article)}
        fixes = sc.broadcast({t.id: (t.article.published, t.article.published_from, t.date_confident)
                              for t in infer_published(leads) if t.id in todo})
        del leads

        def dated_text(t: ArticleText) -> ArticleText:
            fix = fixes.value.get(t.id)
            if fix is None:
                return t
            published, source, confident = fix
            return replace(t, article=replace(t.article, published=published, published_from=source),
                           date_confident=confident)

        texts = texts.map(dated_text).persist(_spill())
    clock.lap("clean+analyze")

    # 4. features, publication order
    feats = texts.mapPartitions(_features(params)).persist(_spill())
    rows = feats.map(lambda kv: (kv[0], kv[1].key(), kv[1].words)).collect()
    keys = {i: k for i, k, _ in rows}
    ordered = sorted(keys, key=keys.__getitem__)
    position = {a: n for n, a in enumerate(ordered)}
    keys_bc, pos_bc = sc.broadcast(keys), sc.broadcast(position)

    # 5. near-duplicates
    copy_of: dict[str, str] = {}
    if params.dedup is not None:
        d = params.dedup
        ranges_ = bands(d)
        eligible = [i for i, _, w in rows if w >= d.min_words]
        clock_bc = sc.broadcast(clocks(keys, eligible))
        minimum = d.min_words
        sigs = feats.filter(lambda kv: kv[1].words >= minimum).mapValues(lambda f: f.signature)
        pairs = (sigs.flatMap(lambda kv: [(b, kv[0]) for b in band_keys(kv[1], ranges_)])
                 .groupByKey(slices)
                 .flatMap(lambda kv: _band_pairs(kv[1], keys_bc.value, clock_bc.value, d.window_days))
                 .distinct(slices))
        scored = (pairs.map(lambda p: (p[1], p[0])).join(sigs, slices)  # earlier -> (later, its signature)
                  .map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))).join(sigs, slices)
                  .map(lambda kv: (kv[0], kv[1][0][0], similarity(kv[1][0][1], kv[1][1])))
                  .filter(lambda x: x[2] >= d.threshold))
        copy_of = resolve(scored.collect(), keys, d.threshold)
    copies: dict[str, list[str]] = {}
    for c in sorted(copy_of, key=keys.__getitem__):
        copies.setdefault(copy_of[c], []).append(c)
    copy_bc = sc.broadcast(copy_of)
    clock.lap("dedup")

    # 6. events by window, merged; centroids; stories
    windows = plan([keys[a] for a in ordered], settings.window_days, settings.overlap_days, params.lookahead)
    bounds = sorted({w.fed for w in windows})
    seg_of = [bisect.bisect_right(bounds, p) for p in range(len(ordered))]
    seg_bc = sc.broadcast(seg_of)
    parts = dict(feats.map(lambda kv: (seg_bc.value[pos_bc.value[kv[0]]], kv[1].terms))
                 .mapPartitions(_df_parts).reduceByKey(_sparse_add, slices).collect())
    prefixes: list[tuple[int, Sparse]] = []  # each window's starting document frequencies
    running = np.zeros(DIM, dtype=np.float32)
    at_bound: dict[int, Sparse] = {}
    for j, b in enumerate(bounds):
        if j > 0 and j in parts:
            running[parts[j][0]] += parts[j][1]
        nz = np.flatnonzero(running)
        at_bound[b] = (nz, running[nz])
    prefixes = [(w.index, at_bound[w.fed]) for w in windows]
    del parts, at_bound
    win_bc = sc.broadcast(windows)

    def fed_to(kv: tuple[str, Any]) -> Iterator[tuple[int, tuple[int, Any]]]:
        p = pos_bc.value[kv[0]]
        for w in win_bc.value:
            if w.fed <= p < w.fed_end:
                yield w.index, (p, kv[1])

    def cluster(kv: tuple[int, tuple[Iterable[tuple[int, Any]], Iterable[Sparse]]]) -> tuple[int, Any]:
        w: Window = win_bc.value[kv[0]]
        fed, df = kv[1]
        return w.index, cluster_window(params, _dense(next(iter(df))), w.fed, copy_bc.value, fed,
                                       (w.core_start, w.core_end))

    n_windows = max(1, len(windows))
    found = (feats.flatMap(fed_to).cogroup(sc.parallelize(prefixes, n_windows), n_windows)
             .map(cluster).persist(_spill()))
    groups = dict(found.mapValues(lambda r: r[0]).collect())
    titles, owner = merge(windows, groups, position)
    members: list[list[str]] = [[] for _ in titles]
    for a in ordered:
        if a in owner:
            members[owner[a]].append(a)
    opened = sorted(range(len(titles)), key=lambda e: position[members[e][0]])
    renumber = {e: n for n, e in enumerate(opened)}
    titles = [titles[e] for e in opened]
    members = [members[e] for e in opened]
    owner = {a: renumber[e] for a, e in owner.items()}
    owner_bc = sc.broadcast(owner)
    placed_days = [keys[a][1].toordinal() for a in owner if not keys[a][0]]
    newest = max(placed_days) if placed_days else None
    closed = set()
    for e, ids in enumerate(members):
        days = [keys[a][1].toordinal() for a in ids if not keys[a][0]]
        if days and newest is not None and max(days) < newest - params.event.window_days:
            closed.add(e)
    closed_bc = sc.broadcast(closed)

    def member_vectors(kv: tuple[int, Any]) -> Iterator[tuple[int, tuple[int, int | None, Any]]]:
        for a, vec in kv[1][1].items():
            k = keys_bc.value[a]
            yield owner_bc.value[a], (pos_bc.value[a], None if k[0] else k[1].toordinal(), vec)

    cents = dict(found.flatMap(member_vectors).groupByKey(slices)
                 .map(lambda kv: (kv[0], centroid(params, list(kv[1]), kv[0] in closed_bc.value))).collect())
    events = assemble(params, titles, members, copies, keys, [cents[e] for e in range(len(titles))])
    found.unpersist()
    clock.lap("cluster")

    # 7. a brief per story, then the tables
    event_of = {a: ev.id for ev in events for a in ev.articles}
    event_of.update({c: ev.id for ev in events for _, cs in ev.duplicates for c in cs})
    story_of = {ev.id: ev.story or ev.id for ev in events}
    by_story: dict[str, list[Event]] = {}
    for ev in events:
        by_story.setdefault(story_of[ev.id], []).append(ev)
    event_bc, story_bc, evs_bc = sc.broadcast(event_of), sc.broadcast(story_of), sc.broadcast(by_story)

    def brief_story(kv: tuple[str, Iterable[ArticleText]]) -> tuple[str, str, str, str]:
        from ..pipeline import brief_prepared
        from ..render.json import brief_data
        from ..types import Prepared

        story_texts = tuple(sorted(kv[1], key=lambda t: oldest_first(t.article)))
        brief = brief_prepared(Prepared(story_texts, tuple(evs_bc.value[kv[0]])), options)
        return kv[0], brief.summary.text, brief.summary.summarizer, json.dumps(brief_data(brief), ensure_ascii=False)

    briefs = (texts.map(lambda t: (story_bc.value[event_bc.value[t.id]], t))
              .groupByKey(min(slices, max(1, len(by_story)))).map(brief_story))
    _write(spark, output, settings, texts, briefs, events, by_story, event_of, story_of, copy_of)
    clock.lap("brief+write")
    for w in warnings[:MAX_WARNINGS_SHOWN]:
        log.warning(w)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        log.warning("%d more warnings not shown", len(warnings) - MAX_WARNINGS_SHOWN)
    analyzed.unpersist()
    texts.unpersist()
    feats.unpersist()
    return RunResult(len(keys), len(copy_of), len(events), len(by_story), len(windows), tuple(warnings),
                     clock.seconds)


ARTICLE_SCHEMA = ("id string, title string, source string, url string, author string, published date, "
                  "published_from string, date_confident boolean, text string, event string, story string, "
                  "copy_of string")
EVENT_SCHEMA = ("id string, story string, title string, start date, `end` date, articles array<string>, "
                "copies array<string>, size int")
STORY_SCHEMA = ("id string, title string, events array<string>, articles int, start date, `end` date")
BRIEF_SCHEMA = "story string, summary string, summarizer string, brief string"


def _write(spark: Any, output: Path, settings: SparkSettings, texts: Any, briefs: Any, events: Sequence[Event],
           by_story: dict[str, list[Event]], event_of: dict[str, str], story_of: dict[str, str],
           copy_of: dict[str, str]) -> None:
    sc = spark.sparkContext
    maps = sc.broadcast((event_of, story_of, copy_of))

    def article_row(t: ArticleText) -> tuple:
        ev, st, cp = maps.value
        a = t.article
        return (a.id, a.title, a.source, a.url, a.author, a.published, a.published_from, t.date_confident,
                a.text, ev[a.id], st[ev[a.id]], cp.get(a.id))

    event_rows = [(e.id, e.story, e.title, e.start, e.end, list(e.articles),
                   [c for _, cs in e.duplicates for c in cs],
                   len(e.articles) + sum(len(cs) for _, cs in e.duplicates)) for e in events]
    story_rows = []
    for sid, evs in by_story.items():
        starts = [e.start for e in evs if e.start]
        ends = [e.end for e in evs if e.end]
        story_rows.append((sid, evs[0].title, [e.id for e in evs],
                           sum(len(e.articles) + sum(len(cs) for _, cs in e.duplicates) for e in evs),
                           min(starts) if starts else None, max(ends) if ends else None))
    frames = {
        "articles": spark.createDataFrame(texts.map(article_row), ARTICLE_SCHEMA),
        "events": spark.createDataFrame(event_rows or [], EVENT_SCHEMA),
        "stories": spark.createDataFrame(story_rows or [], STORY_SCHEMA),
        "briefs": spark.createDataFrame(briefs, BRIEF_SCHEMA),
    }
    for name, frame in frames.items():
        frame.write.mode("overwrite").parquet(str(output / name))
        if settings.jsonl:
            spark.read.parquet(str(output / name)).coalesce(1).write.mode("overwrite").json(
                str(output / "jsonl" / name))
