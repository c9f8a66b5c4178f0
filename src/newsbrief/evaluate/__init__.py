"""Evaluation: ROUGE of summaries on DUC / WCEP / Multi-News style cluster files.

>>> from newsbrief.evaluate import read_clusters, evaluate
>>> report = evaluate(read_clusters("clusters.jsonl"), "newsbrief", words=250)  # doctest: +SKIP
>>> report.get("rouge2").recall  # doctest: +SKIP
"""

from __future__ import annotations

from .data import Cluster, DataError, Peer, parse_cluster, read_clusters, read_peers
from .rouge import ROUGE_TYPES, Rouge, cut, mean, score, tokens
from .run import (
    ClusterResult,
    PeerReport,
    PeerScore,
    Report,
    SetReport,
    cluster_sentences,
    evaluate,
    score_peers,
    summarize_cluster,
)

__all__ = [
    "ROUGE_TYPES",
    "Cluster",
    "ClusterResult",
    "DataError",
    "Peer",
    "PeerReport",
    "PeerScore",
    "Report",
    "Rouge",
    "SetReport",
    "cluster_sentences",
    "cut",
    "evaluate",
    "mean",
    "parse_cluster",
    "read_clusters",
    "read_peers",
    "score",
    "score_peers",
    "summarize_cluster",
    "tokens",
]
