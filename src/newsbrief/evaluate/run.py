"""Summarize evaluation clusters and score them (update sets with their earlier sets as already
read); score NIST's peer summaries with the same code."""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..types import Budget, Sentence
from .data import Cluster, Peer
from .rouge import ROUGE_TYPES, Rouge, mean, score

log = logging.getLogger(__name__)

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ClusterResult:
    id: str
    summary: str
    seconds: float
    rouge: tuple[tuple[str, Rouge], ...]
    set: str | None = None
    seen: int = 0  # sentences passed as already read (from the earlier clusters)
    later: bool = False  # an update set read after earlier ones (B, C), whether or not passed as seen


@dataclass(frozen=True)
class SetReport:
    """Macro-averaged ROUGE over the clusters of one update set ("A", "B", ...) or of all the
    sets read after earlier ones ("B+C")."""

    name: str
    clusters: int
    rouge: tuple[tuple[str, Rouge], ...]
    median_seconds: float

    def get(self, kind: str) -> Rouge:
        return dict(self.rouge)[kind]

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for kind, r in self.rouge:
            out[f"{kind}_recall"] = round(r.recall, 5)
            out[f"{kind}_f"] = round(r.f, 5)
        out["clusters"] = self.clusters
        out["median_seconds"] = round(self.median_seconds, 4)
        return out


@dataclass(frozen=True)
class Report:
    """Macro-averaged ROUGE over clusters, and the summarizer's time per cluster; for update
    sets, the same per set and over the sets read after earlier ones (``sets``)."""

    summarizer: str
    words: int
    query: bool
    clusters: int
    rouge: tuple[tuple[str, Rouge], ...]
    seconds: float  # total time spent summarizing
    median_seconds: float  # per cluster
    results: tuple[ClusterResult, ...] = ()
    sets: tuple[SetReport, ...] = ()
    seen: bool = False  # the earlier clusters' documents were passed as already read

    def get(self, kind: str) -> Rouge:
        return dict(self.rouge)[kind]

    def set(self, name: str) -> SetReport:
        for r in self.sets:
            if r.name == name:
                return r
        raise KeyError(f"no set {name!r}; sets: {', '.join(r.name for r in self.sets)}")

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"summarizer": self.summarizer, "words": self.words, "query": self.query}
        for kind, r in self.rouge:
            out[f"{kind}_recall"] = round(r.recall, 5)
            out[f"{kind}_precision"] = round(r.precision, 5)
            out[f"{kind}_f"] = round(r.f, 5)
        out["clusters"] = self.clusters
        out["seconds"] = round(self.seconds, 3)
        out["median_seconds"] = round(self.median_seconds, 4)
        if self.sets:
            out["seen"] = self.seen
            out["sets"] = {r.name: r.as_dict() for r in self.sets}
        return out


def cluster_sentences(cluster: Cluster) -> tuple[Sentence, ...]:
    """The summarizer's input of ``cluster``: its sentences as the one preparation path of every
    command makes them (a cluster is one event: no clustering)."""
    from ..pipeline import prepare
    from ..text import pooled_sentences

    return pooled_sentences(prepare(cluster.articles, events="never").texts)


def summarize_cluster(
    cluster: Cluster,
    name: str,
    words: int,
    use_query: bool = False,
    *,
    seen: Sequence[Sentence] = (),
    sentences: Sequence[Sentence] | None = None,
) -> tuple[str, float]:
    """The summary text of ``cluster`` by summarizer ``name`` (``seen``: sentences already read)
    and the seconds it took; ``sentences``: the cluster's prepared sentences, when at hand."""
    from ..summarize import get

    summarizer = get(name)
    sents = cluster_sentences(cluster) if sentences is None else sentences
    query = cluster.query if use_query else None
    t0 = time.perf_counter()
    picked = summarizer(sents, Budget(words=words), query, seen=seen)
    seconds = time.perf_counter() - t0
    return " ".join(s.text for s in picked), seconds


class SeenSentences:
    """The sentences of the earlier clusters of an update set, each cluster prepared once."""

    def __init__(self, clusters: Sequence[Cluster]) -> None:
        self._by_id = {c.id: c for c in clusters}
        self._cache: dict[str, tuple[Sentence, ...]] = {}

    def sentences(self, cluster: Cluster) -> tuple[Sentence, ...]:
        if cluster.id not in self._cache:
            self._cache[cluster.id] = cluster_sentences(cluster)
        return self._cache[cluster.id]

    def seen(self, cluster: Cluster) -> tuple[Sentence, ...]:
        out: list[Sentence] = []
        for cid in cluster.earlier:
            earlier = self._by_id.get(cid)
            if earlier is None:
                log.warning(
                    "%s: earlier cluster %s is not in the evaluation set; not passed as read", cluster.id, cid
                )
                continue
            out.extend(self.sentences(earlier))
        return tuple(out)


def set_reports(results: Sequence[ClusterResult]) -> tuple[SetReport, ...]:
    """Per update set (in first-seen order), then over every cluster read after earlier ones
    (named by its sets joined with "+") when there are two such sets or more."""

    def one(name: str, rs: Sequence[ClusterResult]) -> SetReport:
        times = [r.seconds for r in rs]
        return SetReport(
            name, len(rs), tuple(mean([dict(r.rouge) for r in rs]).items()), statistics.median(times)
        )

    names = list(dict.fromkeys(r.set for r in results if r.set is not None))
    out = [one(n, [r for r in results if r.set == n]) for n in names]
    later = [r for r in results if r.later and r.set is not None]
    later_names = list(dict.fromkeys(r.set for r in later if r.set is not None))
    if len(later_names) >= 2:
        out.append(one("+".join(later_names), later))
    return tuple(out)


def evaluate(
    clusters: Sequence[Cluster],
    name: str = "newsbrief",
    words: int = 250,
    use_query: bool = False,
    kinds: Sequence[str] = ROUGE_TYPES,
    progress: Progress | None = None,
    *,
    use_seen: bool = True,
) -> Report:
    """Summarize every cluster with summarizer ``name`` and score it against its references.

    An update set's earlier clusters (``Cluster.earlier``, among ``clusters``) are passed as
    already read (``seen``) unless ``use_seen`` is false."""
    results = []
    pool = SeenSentences(clusters)
    for i, c in enumerate(clusters):
        seen = pool.seen(c) if use_seen and c.earlier else ()
        sents = pool.sentences(c) if c.set is not None else cluster_sentences(c)
        text, seconds = summarize_cluster(c, name, words, use_query, seen=seen, sentences=sents)
        rouge = score(text, c.references, words, kinds)
        results.append(
            ClusterResult(c.id, text, seconds, tuple(rouge.items()), c.set, len(seen), bool(c.earlier))
        )
        if progress:
            progress(i + 1)
    avg = mean([dict(r.rouge) for r in results])
    times = [r.seconds for r in results]
    return Report(
        summarizer=name,
        words=words,
        query=use_query,
        clusters=len(results),
        rouge=tuple(avg.items()),
        seconds=sum(times),
        median_seconds=statistics.median(times) if times else 0.0,
        results=tuple(results),
        sets=set_reports(results),
        seen=use_seen and any(r.seen for r in results),
    )


@dataclass(frozen=True)
class PeerScore:
    system: str
    clusters: int
    rouge1_recall: float
    rouge2_recall: float
    official: float | None
    sets: tuple[tuple[str, int, float], ...] = ()  # update sets: (set, clusters, ROUGE-2 recall), then "B+C"


@dataclass(frozen=True)
class PeerReport:
    peers: tuple[PeerScore, ...]
    max_abs_diff: float | None  # ours vs official ROUGE-2 recall
    spearman: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "peers": [
                {
                    "system": p.system,
                    "clusters": p.clusters,
                    "rouge1_recall": round(p.rouge1_recall, 5),
                    "rouge2_recall": round(p.rouge2_recall, 5),
                    "official_rouge2_recall": p.official,
                    **(
                        {"sets": {n: {"clusters": k, "rouge2_recall": round(r, 5)} for n, k, r in p.sets}}
                        if p.sets
                        else {}
                    ),
                }
                for p in self.peers
            ],
            "max_abs_diff": None if self.max_abs_diff is None else round(self.max_abs_diff, 5),
            "spearman": None if self.spearman is None else round(self.spearman, 5),
        }


def _cluster_key(cid: str) -> str:
    """DUC cluster ids carry the assessor letter (``D0601A``); peer files use ``D0601``."""
    return cid[:-1] if len(cid) > 1 and cid[-1].isalpha() and cid[-2].isdigit() else cid


def _norm(text: str) -> str:
    return " ".join(text.split())


def _set_means(items: Sequence[tuple[str | None, bool, float]]) -> tuple[tuple[str, int, float], ...]:
    """(set, clusters, mean) per update set of ``(set, read after earlier ones, value)``, sets in
    name order, then over the later sets joined with "+" ("B+C")."""
    groups: dict[str, list[float]] = {}
    later: dict[str, list[float]] = {}
    for name, after, value in items:
        if name is None:
            continue
        groups.setdefault(name, []).append(value)
        if after:
            later.setdefault(name, []).append(value)
    out = [(n, len(groups[n]), sum(groups[n]) / len(groups[n])) for n in sorted(groups)]
    if len(later) >= 2:
        vals = [x for v in later.values() for x in v]
        out.append(("+".join(sorted(later)), len(vals), sum(vals) / len(vals)))
    return tuple(out)


def score_peers(
    peers: Iterable[Peer], clusters: Sequence[Cluster], words: int = 250, progress: Progress | None = None
) -> PeerReport:
    """ROUGE-1/2 recall of each peer's summaries, the way ``evaluate`` scores ours.

    A human peer's own summary is among the references: it is scored against the others
    (as NIST does). ``max_abs_diff``/``spearman`` compare ROUGE-2 with the official figures.
    """
    from scipy.stats import spearmanr

    by_id: dict[str, Cluster] = {}
    for c in clusters:
        by_id[c.id] = c
        by_id.setdefault(_cluster_key(c.id), c)
    out = []
    for i, peer in enumerate(peers):
        per = []
        sets: list[tuple[str | None, bool, float]] = []
        for cid, text in peer.summaries:
            cluster = by_id.get(cid) or by_id.get(_cluster_key(cid))
            if cluster is None or not cluster.references:
                continue
            cref = cluster.references
            others = [r for r in cref if _norm(r) != _norm(text)] or list(cref)
            per.append(score(text, others, words, ("rouge1", "rouge2")))
            sets.append((cluster.set, bool(cluster.earlier), per[-1]["rouge2"].recall))
        if per:
            avg = mean(per)
            out.append(
                PeerScore(
                    peer.system,
                    len(per),
                    avg["rouge1"].recall,
                    avg["rouge2"].recall,
                    peer.official,
                    _set_means(sets),
                )
            )
        if progress:
            progress(i + 1)
    known = [p for p in out if p.official is not None]
    diff = max((abs(p.rouge2_recall - p.official) for p in known), default=None)  # type: ignore[operator]
    rho = None
    if len(known) >= 3:
        rho = float(spearmanr([p.rouge2_recall for p in known], [p.official for p in known]).statistic)
    return PeerReport(tuple(out), diff, rho)
