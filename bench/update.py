"""'What's new since' summaries on DUC 2007 update: sets B and C with the earlier sets as read.

    .venv/bin/python bench/update.py                 # 100 words, no query, 2-fold CV by topic
    .venv/bin/python bench/update.py --query         # the topic (title + narrative) as query
    .venv/bin/python bench/update.py --no-cv         # skip the cross-validation (about a minute)

Prints, for newsbrief (with and without ``seen``), lead and sumy-lexrank: ROUGE-1/2 recall on
sets A, B, C and B+C at 100 words and the median seconds per set; then the cross-validated B+C
of newsbrief (its seen settings fitted on half the topics and scored on the other half, and vice
versa, with ``newsbrief.summarize.train``): the overlap threshold alone (``Config.seen_overlap``,
how the shipped setting was chosen) and together with a discount of seen concepts; then NIST's
best systems and the human range from peers.jsonl, scored with the same code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from newsbrief.evaluate import Report, evaluate, read_clusters, read_peers, score_peers  # noqa: E402
from newsbrief.summarize.train import GRID_DISCOUNT, cross_validate_update, update_examples  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "duc2007-update"
RUNS = (  # label, summarizer, earlier sets passed as seen
    ("newsbrief", "newsbrief", True),
    ("newsbrief no seen", "newsbrief", False),
    ("lead", "lead", True),
    ("sumy-lexrank", "sumy-lexrank", True),
)
SETS = ("A", "B", "C", "B+C")


def _cells(report: Report, kind: str) -> str:
    out = []
    for name in SETS:
        try:
            out.append(f"{report.set(name).get(kind).recall:>8.4f}")
        except KeyError:
            out.append(f"{'-':>8}")
    return "".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=SHARED / "clusters.jsonl")
    parser.add_argument("--peers", type=Path, default=SHARED / "peers.jsonl")
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--query", action="store_true", help="use the topic as the query")
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validated figure")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    log = logging.getLogger("bench.update")

    clusters = read_clusters(args.dataset)
    reports = []
    for label, name, use_seen in RUNS:
        report = evaluate(clusters, name, args.words, args.query, ("rouge1", "rouge2"), use_seen=use_seen)
        log.info("  %s: B+C R-2 %.4f", label, report.set("B+C").get("rouge2").recall)
        reports.append((label, report))
    cv = cv_discount = None
    if not args.no_cv:
        examples = update_examples(clusters)
        # the shipped procedure: the overlap threshold fitted, no concept discount
        cv = cross_validate_update(examples, args.folds, args.query, args.words, (0.0,))
        # the overlap threshold and the discount of seen concepts fitted together
        cv_discount = cross_validate_update(examples, args.folds, args.query, args.words, GRID_DISCOUNT)

    out = sys.stdout
    head = "".join(f"{s:>8}" for s in SETS)
    out.write(
        f"\n{args.dataset.parent.name}: {len(clusters)} sets, {args.words} words, "
        + ("topic as query" if args.query else "no query")
        + "; B and C with the earlier sets as read\n"
    )
    out.write(f"{'summarizer':<20}{'R-1:':<5}{head}   {'R-2:':<5}{head}{'CV B+C':>9}{'s/set':>8}\n")
    for label, report in reports:
        cv_cell = f"{cv.held_out:>9.4f}" if cv is not None and label == "newsbrief" else f"{'':>9}"
        out.write(
            f"{label:<20}{'':<5}{_cells(report, 'rouge1')}   {'':<5}{_cells(report, 'rouge2')}"
            f"{cv_cell}{report.median_seconds:>8.3f}\n"
        )
    for label, fit in (("overlap threshold", cv), ("overlap + concept discount", cv_discount)):
        if fit is None:
            continue
        sets = ", ".join(f"{n} {v:.4f}" for n, v in fit.per_set)
        out.write(
            f"\nnewsbrief, {label} fitted ({args.folds}-fold CV by topic): held-out B+C ROUGE-2 "
            f"{fit.held_out:.4f} ({sets}); per fold (overlap, discount) {fit.folds}; "
            f"on all topics {fit.overlap}, {fit.discount} (in-sample {fit.fitted:.4f}); {fit.seconds:.0f} s"
        )
    out.write("\n")

    if args.peers.exists():
        peers = score_peers(read_peers(args.peers), clusters, args.words)
        out.write(
            f"\nNIST peers (same scorer; official ROUGE-2 in brackets): max |diff| {peers.max_abs_diff:.4f}, "
            f"Spearman {peers.spearman:.4f}\n"
        )
        out.write(f"{'peer':<20}{'R-1':>8}{'R-2':>8}   {'R-2:':<5}{head}\n")
        ranked = sorted(peers.peers, key=lambda p: -p.rouge2_recall)
        systems = [p for p in ranked if p.system.isdigit()]
        humans = [p for p in ranked if not p.system.isdigit()]
        for p in systems[:3] + humans[:1] + humans[-1:]:
            sets_r2 = {n: r for n, _, r in p.sets}
            cells = "".join(f"{sets_r2[s]:>8.4f}" if s in sets_r2 else f"{'-':>8}" for s in SETS)
            kind = "system" if p.system.isdigit() else "human"
            official = "" if p.official is None else f"   [{p.official:.4f}]"
            out.write(
                f"{kind + ' ' + p.system:<20}{p.rouge1_recall:>8.4f}{p.rouge2_recall:>8.4f}   {'':<5}{cells}{official}\n"
            )
        bc = [dict((n, r) for n, _, r in p.sets).get("B+C") for p in humans]
        known = [r for r in bc if r is not None]
        if known:
            out.write(
                f"humans on B+C: {min(known):.4f} to {max(known):.4f} (each human wrote 12 of the 30 sets); "
                f"best system on B+C: {max(dict((n, r) for n, _, r in p.sets).get('B+C', 0.0) for p in systems):.4f}\n"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
