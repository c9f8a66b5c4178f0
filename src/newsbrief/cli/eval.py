"""``newsbrief eval DATASET.jsonl``: ROUGE of a summarizer on a cluster file; ``--peers``: NIST's peers.

Update sets (clusters with ``"set"`` and ``"earlier"``, DUC 2007 update) are summarized with the
earlier clusters' documents as already read, and scored per set and over the later sets ("B+C")."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HELP = "score a summarizer with ROUGE on a JSONL file of article clusters (DUC, WCEP, Multi-News)"

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..summarize import available

    parser.add_argument(
        "dataset",
        nargs="?",
        type=Path,
        help="JSONL, one cluster a line (with --peers: defaults to clusters.jsonl beside the peers file)",
    )
    parser.add_argument("--words", type=int, default=250, help="word budget; summaries are cut there (250)")
    parser.add_argument(
        "--summarizer",
        default="newsbrief",
        choices=available(),
        metavar="NAME",
        help=f"one of {', '.join(available())} (newsbrief)",
    )
    parser.add_argument(
        "--query-field", action="store_true", help="use the cluster's topic (title + narrative) as the query"
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N clusters")
    parser.add_argument(
        "--ignore-earlier",
        action="store_true",
        help='update sets: summarize each set alone, not passing its "earlier" sets as already read',
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument(
        "--peers",
        type=Path,
        default=None,
        metavar="PEERS.jsonl",
        help="score the peer summaries of this file (DUC peers.jsonl) against DATASET's references",
    )


@contextmanager
def _progress(total: int, label: str, quiet: bool) -> Iterator[Callable[[int], None] | None]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)


def _print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for i, h in enumerate(header):
        table.add_column(h, justify="left" if i == 0 else "right")
    for r in rows:
        table.add_row(*r)
    Console().print(table)


def _run_peers(args: argparse.Namespace) -> int:
    from ..evaluate import read_clusters, read_peers, score_peers

    dataset = args.dataset or args.peers.parent / "clusters.jsonl"
    clusters = read_clusters(dataset)
    peers = read_peers(args.peers)
    with _progress(len(peers), "peers", args.quiet) as progress:
        report = score_peers(peers, clusters, args.words, progress)
    if args.json:
        print(json.dumps(report.as_dict()))
        return 0
    rows = [
        [
            p.system,
            str(p.clusters),
            f"{p.rouge1_recall:.4f}",
            f"{p.rouge2_recall:.4f}",
            "" if p.official is None else f"{p.official:.4f}",
            "" if p.official is None else f"{p.rouge2_recall - p.official:+.4f}",
        ]
        for p in sorted(report.peers, key=lambda p: -p.rouge2_recall)
    ]
    _print_table(
        f"{args.peers.name}: {len(report.peers)} peers, {args.words} words",
        ["system", "clusters", "R-1 recall", "R-2 recall", "official R-2", "diff"],
        rows,
    )
    if report.max_abs_diff is not None:
        print(f"max |ours - official| ROUGE-2 = {report.max_abs_diff:.4f}; Spearman = {report.spearman:.4f}")
    return 0


def run(args: argparse.Namespace) -> int:
    from ..evaluate import ROUGE_TYPES, DataError, evaluate, read_clusters
    from ..options import EvalOptions, OptionsError

    quiet = bool(getattr(args, "quiet", False))
    args.quiet = quiet
    try:  # validated once, the same way as the brief's options
        settings = EvalOptions(
            words=args.words, summarizer=args.summarizer, query=args.query_field, limit=args.limit
        )
    except OptionsError as exc:
        log.error("%s", exc)
        return 2
    try:
        if args.peers is not None:
            return _run_peers(args)
        if args.dataset is None:
            log.error("eval needs a DATASET.jsonl (or --peers PEERS.jsonl)")
            return 2
        clusters = read_clusters(args.dataset, settings.limit)
    except DataError as e:
        log.error("%s", e)
        return 1
    if settings.query and not any(c.query for c in clusters):
        log.warning("%s: no cluster has a topic; running without a query", args.dataset)
    with _progress(len(clusters), settings.summarizer, quiet) as progress:
        report = evaluate(
            clusters,
            settings.summarizer,
            settings.words,
            settings.query,
            progress=progress,
            use_seen=not args.ignore_earlier,
        )
    if args.json:
        print(json.dumps(report.as_dict()))
        return 0
    rows = [[kind, f"{r.recall:.4f}", f"{r.precision:.4f}", f"{r.f:.4f}"] for kind, r in report.rouge]
    _print_table(
        f"{args.summarizer} on {args.dataset.name}: {report.clusters} clusters, {args.words} words"
        + (", with query" if args.query_field else ""),
        ["", "recall", "precision", "F1"],
        rows,
    )
    if report.sets:
        _print_table(
            "update sets" + (": earlier sets as already read" if report.seen else ": each set alone"),
            ["set", "clusters", "R-1 recall", "R-2 recall", "R-L recall", "median s"],
            [
                [
                    r.name,
                    str(r.clusters),
                    *(f"{r.get(k).recall:.4f}" if k in dict(r.rouge) else "" for k in ROUGE_TYPES),
                    f"{r.median_seconds:.3f}",
                ]
                for r in report.sets
            ],
        )
    print(f"{report.seconds:.2f} s summarizing, median {report.median_seconds:.3f} s per cluster")
    return 0
