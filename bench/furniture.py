"""Share of brief lines that are page furniture, on every Multi-News sample cluster and on the seeds.

    .venv/bin/python bench/furniture.py                 # 250 Multi-News clusters + the five seeds
    .venv/bin/python bench/furniture.py --limit 40 --show 30
    .venv/bin/python bench/furniture.py --words 250     # also the brief summaries' ROUGE at 250 words

Each cluster's documents are read as plain text, cleaned as one batch and briefed as a user would
(``newsbrief.evaluate.furniture.brief_raw``). Every line a reader sees (summary, timeline,
consensus, unique, quotes, event titles, the events' own briefs) is checked by the independent
checker of :mod:`newsbrief.evaluate.furniture`: its own patterns, lines and sentences of the raw
data recurring in clusters of different stories, and the seeds' hand-annotated boilerplate.
Prints the furniture share per section and overall, the reasons, examples, the one-support-rule
check (sentences shown in several parts with other citations in one; items citing an article
twice), the ROUGE F1 of the briefs' summaries against the references, and the seconds taken.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path

from newsbrief.evaluate import mean, score
from newsbrief.evaluate.furniture import (
    Evidence,
    RawCluster,
    annotated_keys,
    brief_raw,
    recurring_keys,
    support_check,
    tally,
)
from newsbrief.options import Options

SHARED = Path(__file__).resolve().parents[2] / "shared"


def read_raw(path: Path, limit: int | None = None) -> list[RawCluster]:
    """The raw clusters of a Multi-News style JSONL file (documents as objects with "text")."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            obj = json.loads(line)
            docs = tuple(d["text"] if isinstance(d, dict) else str(d) for d in obj["documents"])
            refs = obj.get("references") or []
            out.append(RawCluster(str(obj["id"]), docs, tuple(refs if isinstance(refs, list) else [refs])))
    return out[:limit] if limit else out


def seeds(seeds_dir: Path) -> tuple[RawCluster, frozenset[str]]:
    ann = json.loads((seeds_dir / "annotations.json").read_text(encoding="utf-8"))["documents"]
    texts = {name: (seeds_dir / name).read_text(encoding="utf-8") for name in sorted(ann)}
    return RawCluster("seeds", tuple(texts.values())), annotated_keys(ann, texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=Path, default=SHARED / "eval" / "multinews-sample" / "validation.jsonl")
    parser.add_argument("--seeds", type=Path, default=SHARED / "corpus" / "seeds")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--words", type=int, default=Options().words, help="summary budget (%(default)s)")
    parser.add_argument("--show", type=int, default=15, help="furniture lines to print")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    clusters = read_raw(args.dataset, args.limit)
    seed_cluster, annotated = seeds(args.seeds)
    t0 = time.perf_counter()
    evidence = Evidence(recurring_keys(read_raw(args.dataset)), annotated)
    t_keys = time.perf_counter() - t0
    options = Options(words=args.words)
    briefs, rouge = [], []
    t0 = time.perf_counter()
    for c in clusters:
        b = brief_raw(c, options)
        if b is None:
            continue
        briefs.append((c.id, b))
        rouge.append(score(b.summary.text, c.references, words=args.words))
    t_brief = time.perf_counter() - t0
    result = tally(briefs, evidence)
    checks = [support_check(b) for _, b in briefs]
    seed_brief = brief_raw(seed_cluster, options)
    seed_result = tally([("seeds", seed_brief)] if seed_brief else [], evidence)

    print(f"Multi-News sample: {len(briefs)} of {len(clusters)} clusters briefed in {t_brief:.1f} s "
          f"({len(evidence.recurring)} recurring raw keys found in {t_keys:.1f} s)")
    print(f"{'section':<12} {'lines':>6} {'furniture':>9} {'share':>7}")
    for section, n, bad in result.per_section:
        print(f"{section:<12} {n:>6} {bad:>9} {bad / n if n else 0:>7.2%}")
    print(f"{'all':<12} {result.lines:>6} {len(result.findings):>9} {result.share:>7.2%}")
    print("reasons:", dict(Counter(f.reason for f in result.findings).most_common()))
    for f in result.findings[: args.show]:
        print(f"  {f.cluster} {f.line.section} [{f.reason}] {f.line.text[:140]}")
    print(f"seeds: {len(seed_result.findings)} furniture lines of {seed_result.lines}")
    for f in seed_result.findings[: args.show]:
        print(f"  seeds {f.line.section} [{f.reason}] {f.line.text[:140]}")
    print(f"one support rule: {sum(c.shared for c in checks)} sentences shown in two parts or more, "
          f"{sum(c.mismatched for c in checks)} citing other articles in one part; "
          f"{sum(c.doubled for c in checks)} items citing an article twice")
    m = mean(rouge)
    if m:
        print(f"brief summaries at {args.words} words, ROUGE F1: R-1 {m['rouge1'].f:.4f} R-2 {m['rouge2'].f:.4f}"
              f" R-L {m['rougeL'].f:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
