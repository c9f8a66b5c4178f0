"""Every registered summarizer on the same clusters, in one process: ROUGE, speed, memory.

    .venv/bin/python bench/summarizers.py                       # DUC 2006, 250 words, all summarizers
    .venv/bin/python bench/summarizers.py --query               # with the topic as query
    .venv/bin/python bench/summarizers.py --only newsbrief,sumy-lexrank --limit 10
    .venv/bin/python bench/summarizers.py --dataset ../shared/eval/multinews-sample/validation.jsonl
    .venv/bin/python bench/summarizers.py --only newsbrief --cv          # + cross-validated R-2
    .venv/bin/python bench/summarizers.py --only newsbrief --words 100   # DUC 2006 at 100 words

Prints ROUGE-1/2 recall (and F1), the median seconds per cluster, peak traced memory per
summarizer (tracemalloc, Python allocations incl. numpy), then NIST's DUC 2006 best
participants and humans from peers.jsonl scored with the same code. Timing runs without
tracemalloc (it slows Python code); memory is measured in a second pass over 3 clusters.

``--cv`` adds, in the same run, newsbrief's ROUGE-2 recall cross-validated by cluster
(:func:`newsbrief.summarize.train.cross_validate`: the concept weights fitted on the other folds,
fixed folds ``i % k``) beside the fitted figure; it needs scikit-learn (``.[train]``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the speed goal says
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from newsbrief.evaluate import read_clusters, read_peers, score, score_peers  # noqa: E402
from newsbrief.summarize import available, get  # noqa: E402
from newsbrief.text import all_sentences  # noqa: E402
from newsbrief.types import Budget  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=SHARED / "duc2006" / "clusters.jsonl")
    parser.add_argument("--peers", type=Path, default=SHARED / "duc2006" / "peers.jsonl")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--query", action="store_true", help="use the cluster topic as the query")
    parser.add_argument("--only", default=None, help="comma-separated summarizer names")
    parser.add_argument(
        "--cv",
        type=int,
        nargs="?",
        const=2,
        default=0,
        metavar="FOLDS",
        help="also newsbrief's R-2 with the concept weights cross-validated (2 folds)",
    )
    args = parser.parse_args()

    clusters = read_clusters(args.dataset, args.limit)
    prepared = [(c, all_sentences(c.articles)) for c in clusters]
    names = args.only.split(",") if args.only else list(available())
    budget = Budget(words=args.words)
    rows = []
    for name in names:
        fn = get(name)
        fn(prepared[0][1][:50], budget, None)  # warm-up: imports, caches
        times, scores = [], []
        for c, sents in prepared:
            query = c.query if args.query else None
            t0 = time.perf_counter()
            out = fn(sents, budget, query)
            times.append(time.perf_counter() - t0)
            scores.append(
                score(" ".join(s.text for s in out), c.references, args.words, ("rouge1", "rouge2"))
            )
        peak = 0
        for c, sents in prepared[:3]:
            tracemalloc.start()
            fn(sents, budget, c.query if args.query else None)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        k = len(scores)
        r1 = sum(s["rouge1"].recall for s in scores) / k
        r2 = sum(s["rouge2"].recall for s in scores) / k
        f1 = sum(s["rouge1"].f for s in scores) / k
        f2 = sum(s["rouge2"].f for s in scores) / k
        rows.append((name, r1, r2, f1, f2, statistics.median(times), peak / 2**20))
        print(
            f"  {name}: R-2 {r2:.4f}, {statistics.median(times):.3f} s/cluster", file=sys.stderr, flush=True
        )

    print(
        f"\n{args.dataset.name}: {len(prepared)} clusters, {args.words} words"
        + (", topic as query" if args.query else ", no query")
    )
    print(
        f"{'summarizer':<16}{'R-1 rec':>9}{'R-2 rec':>9}{'R-1 F':>8}{'R-2 F':>8}{'s/cluster':>11}{'peak MiB':>10}"
    )
    for name, r1, r2, f1, f2, sec, mib in sorted(rows, key=lambda r: -r[2]):
        print(f"{name:<16}{r1:>9.4f}{r2:>9.4f}{f1:>8.4f}{f2:>8.4f}{sec:>11.4f}{mib:>10.1f}")
    if args.cv:
        from newsbrief.summarize.train import cross_validate

        data = [(sents, c.query, c.references) for c, sents in prepared]
        held_out, _ = cross_validate(data, args.query, args.cv, args.words)
        print(
            f"\nnewsbrief, concept weights fitted on the other folds ({args.cv}-fold by cluster): "
            f"held-out R-2 recall {held_out:.4f}"
        )
    by = {r[0]: r for r in rows}
    if "newsbrief" in by and "sumy-lexrank" in by:
        ratio = by["sumy-lexrank"][5] / max(by["newsbrief"][5], 1e-9)
        print(f"\nnewsbrief is {ratio:.1f}x faster than sumy LexRank (median s/cluster)")

    if args.peers.exists() and "duc" in args.dataset.parent.name.lower() and args.limit is None:
        report = score_peers(read_peers(args.peers), read_clusters(args.dataset), args.words)
        best = sorted(report.peers, key=lambda p: -p.rouge2_recall)
        print(f"\nDUC 2006 peers (same scorer; official ROUGE-2 in brackets), Spearman {report.spearman:.4f}")
        systems = [p for p in best if p.system.isdigit()][:5]
        humans = [p for p in best if not p.system.isdigit()]
        for p in systems + humans[:1] + humans[-1:]:
            kind = "system" if p.system.isdigit() else "human"
            print(
                f"{kind + ' ' + p.system:<16}{p.rouge1_recall:>9.4f}{p.rouge2_recall:>9.4f}"
                f"   [{p.official:.4f}]"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
