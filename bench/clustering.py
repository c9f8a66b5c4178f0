"""Clustering benchmark: quality on the labelled sets, speed and memory on long streams.

    .venv/bin/python bench/clustering.py                  # DUC, WikiRef220, seeds, 10k + 100k streams
    .venv/bin/python bench/clustering.py --only duc wikiref seeds
    .venv/bin/python bench/clustering.py --only cv        # merge/split threshold cross-validated
    .venv/bin/python bench/clustering.py --only replay    # story F1 on the replayed stream
    .venv/bin/python bench/clustering.py --only scale --sizes 10000

Quality (BCubed and pairwise precision / recall / F1, ``newsbrief.cluster.metrics``):

* DUC 2006: the 1,250 articles of the 50 clusters pooled and shuffled; gold = cluster id.
  Scored at the story level (DUC clusters are topics followed over up to four years, i.e.
  stories; events are days-long happenings) and, for information, the event level.
* WikiRef220: read and cleaned with newsbrief's own ingest + clean (mixed encodings, CRLF),
  README.txt left out; gold topic = file name without the trailing number.  Clustering runs
  on all 220 articles (noise topics included; one Samsung page has no text left after cleaning,
  so 219 / 184); BCubed is averaged over the articles of the 5 large topics only (their predicted clusters still contain whatever noise joined them, so
  noise hurts precision).  Story level again (topics); the articles are undated.
* Seeds: the five sample articles with their annotated dates; printed as events / stories.

Scale: the evaluation sets replayed (dates shifted by 1,800 days per replay, ids renamed,
one paragraph dropped and a furniture line added at random) into a temporary JSONL file in
publication order, read back lazily line by line and clustered as a stream with
``workers=3`` (features in two other processes while the main one clusters); each size runs
in a fresh process so its peak RSS (``resource.getrusage``, the main process) is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from newsbrief.cluster import ClusterParams, assignments, bcubed, events, pairwise
from newsbrief.evaluate import read_clusters
from newsbrief.types import Article

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
SEEDS = EVAL.parent / "corpus" / "seeds"
DUC = EVAL / "duc2006" / "clusters.jsonl"
WIKI = EVAL / "wikiref220"
_TOPIC_RE = re.compile(r"^(.*?)(?:\s*\(\d+\)|\.\d+)?\.txt$")


def wiki_topic(name: str) -> str:
    """``michelle.obama.98.txt`` -> ``michelle.obama``; ``ParisAttacks2015 (3).txt`` -> ``ParisAttacks2015``."""
    m = _TOPIC_RE.match(name)
    return m.group(1) if m else name


def duc_articles(seed: int = 0) -> tuple[list[Article], dict[str, str]]:
    arts, gold = [], {}
    for c in read_clusters(DUC):
        for a in c.articles:
            arts.append(a)
            gold[a.id] = c.id
    random.Random(seed).shuffle(arts)
    return arts, gold


def wiki_articles() -> tuple[list[Article], dict[str, str]]:
    from newsbrief.pipeline import load

    files = sorted(str(p) for p in WIKI.glob("*.txt") if p.name != "README.txt")
    arts, _ = load(files, warn=lambda m: None)
    return arts, {a.id: wiki_topic(a.id) for a in arts}


def wiki_large(gold: dict[str, str]) -> dict[str, str]:
    """The articles of WikiRef220's large topics (more than 5 articles): the ones scored."""
    counts: dict[str, int] = {}
    for t in gold.values():
        counts[t] = counts.get(t, 0) + 1
    return {i: t for i, t in gold.items() if counts[t] > 5}


def seed_articles() -> list[Article]:
    from newsbrief.pipeline import load

    ann = json.loads((SEEDS / "annotations.json").read_text(encoding="utf-8"))["documents"]
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    arts, _ = load(files, warn=lambda m: None)
    return [replace(a, published=dt.date.fromisoformat(ann[a.id]["published"])) for a in arts]


def score(gold: dict[str, str], found, level: str) -> str:
    pred = assignments(found, level)
    b, p = bcubed(gold, pred), pairwise(gold, pred)
    n = len({pred[i] for i in gold if i in pred})
    return (
        f"{level:5s}: {n:4d} clusters  BCubed P {b.precision:.3f} R {b.recall:.3f} F1 {b.f1:.3f}"
        f"  pairwise P {p.precision:.3f} R {p.recall:.3f} F1 {p.f1:.3f}"
    )


def bench_duc(params: ClusterParams) -> None:
    arts, gold = duc_articles()
    t = time.perf_counter()
    found = events(arts, params)
    secs = time.perf_counter() - t
    print(f"DUC 2006 pooled ({len(arts)} articles, 50 topics, {secs:.1f}s)")
    print("  " + score(gold, found, "story"))
    print("  " + score(gold, found, "event"))


def bench_wiki(params: ClusterParams) -> None:
    arts, gold = wiki_articles()
    found = events(arts, params)
    large = wiki_large(gold)
    print(f"WikiRef220 ({len(arts)} articles read, {len(set(gold.values()))} topics; "
          f"scored on the {len(large)} articles of the {len(set(large.values()))} large topics)")
    print("  " + score(large, found, "story"))
    print("  " + score(large, found, "event"))
    print("  all 16 topics: " + score(gold, found, "story"))


def bench_seeds(params: ClusterParams) -> None:
    print("Seeds (one story, events on 2019-01-04, 2019-01-30, 2019-03-03)")
    for ev in events(seed_articles(), params):
        print(f"  {ev.id} story {ev.story} {ev.start}: {', '.join(ev.articles)}")


# -- cross-validation of the story merge / split threshold and prior ------------------------
MERGE_GRID = (0.35, 0.4, 0.45, 0.5, 0.55)
PRIOR_GRID = (0.025, 0.035, 0.05)
SPLIT_GRID = (0.0, 0.4, 0.45, 0.5)


def _halves(gold: dict[str, str], rng: random.Random, scored: dict[str, str] | None = None) -> tuple[set[str], set[str]]:
    """The topics in two random halves; the ``scored`` topics and the others halved apart, so
    that each half has scored topics."""
    kinds = [set(gold.values())] if scored is None else [set(scored.values()), set(gold.values()) - set(scored.values())]
    out: tuple[set[str], set[str]] = (set(), set())
    for kind in kinds:
        topics = sorted(kind)
        rng.shuffle(topics)
        out[0].update(topics[: len(topics) // 2])
        out[1].update(topics[len(topics) // 2:])
    return out


def _grid_scores(arts: list[Article], gold: dict[str, str], scored: dict[str, str],
                 topics: set[str], params: ClusterParams) -> dict[tuple[float, float, float], float]:
    """Story BCubed F1 of every (merge, prior, split) of the grid on the articles of ``topics``:
    the events are clustered once, only the story linking is repeated."""
    from newsbrief.cluster import feed
    from newsbrief.cluster.events import EventClusterer

    clusterer = EventClusterer(params)
    feed(clusterer, [a for a in arts if gold[a.id] in topics])
    keep = {i: t for i, t in scored.items() if t in topics}
    out = {}
    for merge in MERGE_GRID:
        for prior in PRIOR_GRID:
            for split in SPLIT_GRID:
                story = replace(params.story, merge=merge, merge_prior=prior, split=split)
                out[merge, prior, split] = bcubed(keep, assignments(clusterer.finish(story), "story")).f1
    return out


def bench_cv(params: ClusterParams, halvings: int = 3) -> None:
    """Merge threshold, prior and split threshold fitted on half the topics of DUC 2006 and
    WikiRef220 together (mean story F1 of both), scored on the other half, both ways,
    ``halvings`` random halvings; once with the split pass off, once with it fitted too."""
    duc, duc_gold = duc_articles()
    wiki, wiki_gold = wiki_articles()
    wiki_scored = wiki_large(wiki_gold)
    folds = []
    for seed in range(halvings):
        rng = random.Random(seed)
        duc_h, wiki_h = _halves(duc_gold, rng), _halves(wiki_gold, rng, wiki_scored)
        grids = [(_grid_scores(duc, duc_gold, duc_gold, duc_h[h], params),
                  _grid_scores(wiki, wiki_gold, wiki_scored, wiki_h[h], params)) for h in (0, 1)]
        folds += [(grids[0], grids[1]), (grids[1], grids[0])]
    shipped = (params.story.merge, params.story.merge_prior, params.story.split)
    for label, allowed in (("split pass off", lambda k: k[2] == 0.0), ("split fitted too", lambda k: True)):
        held: dict[str, list[float]] = {"duc": [], "wiki": []}
        chosen = []
        for (d, w), (td, tw) in folds:
            best = max((k for k in d if allowed(k)), key=lambda k: (d[k] + w[k], k == shipped))
            chosen.append(best)
            held["duc"].append(td[best])
            held["wiki"].append(tw[best])
        print(f"Cross-validated story F1, {label} ({halvings} halvings of the topics x 2 ways, fitted on one "
              f"half of DUC 2006 + WikiRef220, scored on the other): held-out DUC "
              f"{sum(held['duc']) / len(held['duc']):.3f}, WikiRef220 {sum(held['wiki']) / len(held['wiki']):.3f}")
        print(f"  per fold DUC {[round(x, 3) for x in held['duc']]} Wiki {[round(x, 3) for x in held['wiki']]}")
        print(f"  chosen (merge, prior, split): {chosen}")


# -- the replayed stream, scored -------------------------------------------------------------
def replay_gold(ids: list[str]) -> dict[str, str]:
    """``r{k}/{id}`` -> ``r{k}/{topic}``: the topic of the article within its replay."""
    _, duc_gold = duc_articles()
    out = {}
    for i in ids:
        k, orig = i.split("/", 1)
        out[i] = f"{k}/{duc_gold.get(orig) or wiki_topic(orig)}"
    return out


def bench_replay(sizes: list[int]) -> None:
    """Story BCubed F1 on the replayed stream (every replay a near-copy of the sets, 1,800 days
    later), against the topic within each replay: a story linking one topic's replays is not
    counted against it (the replays are copies), one mixing topics or splitting one is."""
    from newsbrief.cluster import feed
    from newsbrief.cluster.events import EventClusterer

    params = ClusterParams()
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "stream.jsonl"
            write_stream(path, n)
            clusterer = EventClusterer(params)
            feed(clusterer, read_stream(path), workers=2)
            with path.open(encoding="utf-8") as fh:
                gold = replay_gold([json.loads(line)["id"] for line in fh])
        for label, split in (("split pass off", 0.0), ("shipped", params.story.split)):
            found = clusterer.finish(replace(params.story, split=split))
            pred = {i: i.split("/", 1)[0] + "/" + s for i, s in assignments(found, "story").items()}
            b = bcubed(gold, pred)
            replays = -(-n // 1475)
            print(f"replayed stream of {n} articles ({replays} replay{'s' if replays > 1 else ''}), {label}: "
                  f"{len({e.story for e in found})} stories, topic-within-replay BCubed "
                  f"P {b.precision:.3f} R {b.recall:.3f} F1 {b.f1:.3f}")


# -- scale ----------------------------------------------------------------------------------
def _perturb(text: str, rng: random.Random) -> str:
    paras = [p for p in text.split("\n\n") if p.strip()]
    if len(paras) > 3:
        paras.pop(rng.randrange(len(paras)))
    if rng.random() < 0.5:
        paras.append(rng.choice(["Share this article", "Read more: related stories", "Advertisement"]))
    return "\n\n".join(paras)


def write_stream(path: Path, n: int, seed: int = 0) -> None:
    """``n`` articles replaying DUC, WikiRef220 and the seeds, in publication order."""
    rng = random.Random(seed)
    duc, _ = duc_articles(seed)
    wiki, _ = wiki_articles()
    base_day = dt.date(1996, 1, 1)
    wiki = [replace(a, published=base_day + dt.timedelta(days=rng.randrange(1700))) for a in wiki]
    pool = sorted(duc + wiki + seed_articles(), key=lambda a: (a.published or base_day, a.id))
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n // len(pool) + 1):
            shift = dt.timedelta(days=1800 * k)
            first = pool[0].published or base_day
            for a in pool:
                if written >= n:
                    return
                day = (a.published or base_day) - first + base_day + shift
                rec = {"id": f"r{k}/{a.id}", "title": a.title, "published": day.isoformat(),
                       "text": _perturb(a.text, rng) if k else a.text}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                written += 1


def read_stream(path: Path) -> Iterator[Article]:
    """Articles read back one line at a time (never the whole file)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            yield Article(r["id"], r["text"], r["title"], published=dt.date.fromisoformat(r["published"]))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_scale(path: Path) -> dict:
    before = _rss_mb()
    t = time.perf_counter()
    found = events(read_stream(path), ClusterParams(), workers=3)
    secs = time.perf_counter() - t
    n = sum(len(e.articles) + sum(len(c) for _, c in e.duplicates) for e in found)
    copies = sum(len(c) for e in found for _, c in e.duplicates)
    return {"articles": n, "seconds": round(secs, 1), "per_second": round(n / secs),
            "events": len(found), "stories": len({e.story for e in found}), "copies": copies,
            "rss_before_mb": round(before), "peak_rss_mb": round(_rss_mb()),
            "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}


def bench_scale(sizes: list[int]) -> None:
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "stream.jsonl"
            t = time.perf_counter()
            write_stream(path, n)
            mb = path.stat().st_size / 1e6
            print(f"stream of {n} articles: {mb:.0f} MB JSONL written in {time.perf_counter() - t:.0f}s")
            out = subprocess.run(
                [sys.executable, __file__, "--_scale", str(path)], capture_output=True, text=True, check=True
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"  {r['articles']} articles in {r['seconds']}s = {r['per_second']} articles/s; "
                  f"{r['events']} events, {r['stories']} stories, {r['copies']} copies folded; "
                  f"peak RSS {r['peak_rss_mb']} MB (of which {r['rss_before_mb']} MB before the run), "
                  f"each feature worker <= {r['worker_peak_rss_mb']} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="+", choices=("duc", "wikiref", "seeds", "cv", "replay", "scale"),
                    default=("duc", "wikiref", "seeds", "cv", "scale"))
    ap.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    ap.add_argument("--replay-sizes", nargs="+", type=int, default=[1_475, 3_000, 20_000])
    ap.add_argument("--_scale", help=argparse.SUPPRESS)
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args._scale:
        print(json.dumps(run_scale(Path(args._scale))))
        return
    params = ClusterParams()
    if "duc" in args.only:
        bench_duc(params)
    if "wikiref" in args.only:
        bench_wiki(params)
    if "seeds" in args.only:
        bench_seeds(params)
    if "cv" in args.only:
        bench_cv(params)
    if "replay" in args.only:
        bench_replay(args.replay_sizes)
    if "scale" in args.only:
        bench_scale(args.sizes)


if __name__ == "__main__":
    main()
