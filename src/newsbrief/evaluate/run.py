"""Summarize evaluation clusters and score them; score NIST's peer summaries with the same code."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..types import Budget
from .data import Cluster, Peer
from .rouge import ROUGE_TYPES, Rouge, mean, score

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ClusterResult:
    id: str
    summary: str
    seconds: float
    rouge: tuple[tuple[str, Rouge], ...]


@dataclass(frozen=True)
class Report:
    """Macro-averaged ROUGE over clusters, and the summarizer's time per cluster."""

    summarizer: str
    words: int
    query: bool
    clusters: int
    rouge: tuple[tuple[str, Rouge], ...]
    seconds: float  # total time spent summarizing
    median_seconds: float  # per cluster
    results: tuple[ClusterResult, ...] = ()

    def get(self, kind: str) -> Rouge:
        return dict(self.rouge)[kind]

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"summarizer": self.summarizer, "words": self.words, "query": self.query}
        for kind, r in self.rouge:
            out[f"{kind}_recall"] = round(r.recall, 5)
            out[f"{kind}_precision"] = round(r.precision, 5)
            out[f"{kind}_f"] = round(r.f, 5)
        out["clusters"] = self.clusters
        out["seconds"] = round(self.seconds, 3)
        out["median_seconds"] = round(self.median_seconds, 4)
        return out


def summarize_cluster(cluster: Cluster, name: str, words: int, use_query: bool = False) -> tuple[str, float]:
    """The summary text of ``cluster`` by summarizer ``name`` and the seconds it took."""
    from ..pipeline import prepare
    from ..summarize import get
    from ..text import pooled_sentences

    summarizer = get(name)
    # the one preparation path of every command (a cluster is one event: no clustering)
    sents = pooled_sentences(prepare(cluster.articles, events="never").texts)
    query = cluster.query if use_query else None
    t0 = time.perf_counter()
    picked = summarizer(sents, Budget(words=words), query)
    seconds = time.perf_counter() - t0
    return " ".join(s.text for s in picked), seconds


def evaluate(
    clusters: Sequence[Cluster],
    name: str = "newsbrief",
    words: int = 250,
    use_query: bool = False,
    kinds: Sequence[str] = ROUGE_TYPES,
    progress: Progress | None = None,
) -> Report:
    """Summarize every cluster with summarizer ``name`` and score it against its references."""
    results = []
    for i, c in enumerate(clusters):
        text, seconds = summarize_cluster(c, name, words, use_query)
        rouge = score(text, c.references, words, kinds)
        results.append(ClusterResult(c.id, text, seconds, tuple(rouge.items())))
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
    )


@dataclass(frozen=True)
class PeerScore:
    system: str
    clusters: int
    rouge1_recall: float
    rouge2_recall: float
    official: float | None


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


def score_peers(
    peers: Iterable[Peer], clusters: Sequence[Cluster], words: int = 250, progress: Progress | None = None
) -> PeerReport:
    """ROUGE-1/2 recall of each peer's summaries, the way ``evaluate`` scores ours.

    A human peer's own summary is among the references: it is scored against the others
    (as NIST does). ``max_abs_diff``/``spearman`` compare ROUGE-2 with the official figures.
    """
    from scipy.stats import spearmanr

    refs = {}
    for c in clusters:
        refs[c.id] = c.references
        refs[_cluster_key(c.id)] = c.references
    out = []
    for i, peer in enumerate(peers):
        per = []
        for cid, text in peer.summaries:
            cref = refs.get(cid) or refs.get(_cluster_key(cid))
            if not cref:
                continue
            others = [r for r in cref if _norm(r) != _norm(text)] or list(cref)
            per.append(score(text, others, words, ("rouge1", "rouge2")))
        if per:
            avg = mean(per)
            out.append(
                PeerScore(peer.system, len(per), avg["rouge1"].recall, avg["rouge2"].recall, peer.official)
            )
        if progress:
            progress(i + 1)
    known = [p for p in out if p.official is not None]
    diff = max((abs(p.rouge2_recall - p.official) for p in known), default=None)  # type: ignore[operator]
    rho = None
    if len(known) >= 3:
        rho = float(spearmanr([p.rouge2_recall for p in known], [p.official for p in known]).statistic)
    return PeerReport(tuple(out), diff, rho)
