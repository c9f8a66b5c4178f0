"""The concept ILP (``newsbrief`` summarizer) with each solver backend, on the same clusters.

    .venv/bin/python bench/solver.py                      # DUC 2006, 250 words, without and with query
    .venv/bin/python bench/solver.py --query no --rounds 3
    .venv/bin/python bench/solver.py --backends scipy --limit 10

For each solver backend of :func:`newsbrief.summarize._ilp.solve` (``scipy``: the library's
:func:`~newsbrief.summarize._ilp.scipy_backend`; ``highspy``: the ``highspy`` bindings seeded
with the greedy solution, defined here, skipped unless highspy is installed since it is no
longer a dependency: ``.venv/bin/pip install highspy``) it runs
:func:`newsbrief.evaluate.evaluate` and prints ROUGE-1/2 recall, the median and total seconds
per cluster, and in how many clusters the summary differs from the first backend's. With
``--rounds N`` the backends run N times in alternating order and each cluster's time is the
fastest of its rounds (the machine is shared; ROUGE comes from the first round).

The backend is chosen here only, by wrapping ``_ilp.solve`` while one backend runs; the
library has no switch for it.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import statistics
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from newsbrief.evaluate import Report, evaluate, read_clusters  # noqa: E402
from newsbrief.summarize import _ilp  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def highspy_backend(p: _ilp.Program, time_limit: float, rel_gap: float) -> np.ndarray | None:
    """The program solved by highspy, warm-started at ``p.start`` (the greedy solution)."""
    import highspy

    k = len(p.cost)
    lp = highspy.HighsLp()
    lp.num_col_ = k
    lp.num_row_ = len(p.upper)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = p.cost
    lp.col_lower_ = np.zeros(k)
    lp.col_upper_ = np.ones(k)
    lp.row_lower_ = np.full(len(p.upper), -highspy.kHighsInf)
    lp.row_upper_ = p.upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = p.M.indptr.astype(np.int32)
    lp.a_matrix_.index_ = p.M.indices.astype(np.int32)
    lp.a_matrix_.value_ = p.M.data.astype(np.float64)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * p.n + [highspy.HighsVarType.kContinuous] * (k - p.n)
    h = highspy.Highs()  # its banner goes to /dev/null: _ilp.solve mutes fd 1 around a backend
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", rel_gap)
    h.passModel(lp)
    sol = highspy.HighsSolution()
    sol.col_value = p.start.tolist()
    sol.value_valid = True
    h.setSolution(sol)
    h.run()
    values = np.asarray(h.getSolution().col_value)
    return values if len(values) == k else None


BACKENDS: dict[str, _ilp.Backend] = {"scipy": _ilp.scipy_backend, "highspy": highspy_backend}


@contextmanager
def backend(name: str) -> Iterator[None]:
    """``_ilp.solve`` with the backend ``name`` for the duration of the block."""
    with mock.patch.object(_ilp, "solve", functools.partial(_ilp.solve, backend=BACKENDS[name])):
        yield


def run(clusters, name: str, words: int, use_query: bool) -> Report:
    with backend(name):
        return evaluate(clusters, "newsbrief", words, use_query, kinds=("rouge1", "rouge2"))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, default=SHARED / "duc2006" / "clusters.jsonl")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--query", choices=("no", "yes", "both"), default="both")
    parser.add_argument("--backends", default=None, help="comma-separated (default: all available)")
    parser.add_argument("--rounds", type=int, default=1, help="timing rounds, alternating order (1)")
    parser.add_argument("--json", action="store_true", help="one JSON object per row instead of a table")
    args = parser.parse_args()

    names = args.backends.split(",") if args.backends else list(BACKENDS)
    unknown = [b for b in names if b not in BACKENDS]
    if unknown:
        parser.error(f"unknown backend(s) {', '.join(unknown)}; choose from {', '.join(BACKENDS)}")
    if "highspy" in names and importlib.util.find_spec("highspy") is None:
        print("highspy not installed: skipped", file=sys.stderr)
        names.remove("highspy")
    clusters = read_clusters(args.dataset, args.limit)
    modes = {"no": [False], "yes": [True], "both": [False, True]}[args.query]

    for name in names:  # warm-up: imports, caches, HiGHS's one-time set-up
        run(clusters[:1], name, args.words, False)

    if not args.json:
        print(f"{args.dataset} ({len(clusters)} clusters, {args.words} words, {args.rounds} round(s))")
        print(
            f"{'backend':<9} {'query':<6} {'R-1':>8} {'R-2':>8} {'median s':>9} {'total s':>8} {'differ':>7}"
        )
    for use_query in modes:
        first: dict[str, Report] = {}
        best: dict[str, list[float]] = {}
        for r in range(args.rounds):
            for name in names if r % 2 == 0 else names[::-1]:
                rep = run(clusters, name, args.words, use_query)
                first.setdefault(name, rep)
                secs = [c.seconds for c in rep.results]
                best[name] = (
                    secs if name not in best else [min(a, b) for a, b in zip(best[name], secs, strict=True)]
                )
        base = [c.summary for c in first[names[0]].results]
        for name in names:
            rep = first[name]
            differ = sum(a != c.summary for a, c in zip(base, rep.results, strict=True))
            row = {
                "backend": name,
                "query": use_query,
                "rouge1_recall": round(rep.get("rouge1").recall, 5),
                "rouge2_recall": round(rep.get("rouge2").recall, 5),
                "median_seconds": round(statistics.median(best[name]), 4),
                "seconds": round(sum(best[name]), 3),
                "clusters": rep.clusters,
                "differ_from_first": differ,
            }
            if args.json:
                print(json.dumps(row))
            else:
                print(
                    f"{name:<9} {'yes' if use_query else 'no':<6} {row['rouge1_recall']:>8.5f} "
                    f"{row['rouge2_recall']:>8.5f} {row['median_seconds']:>9.4f} {row['seconds']:>8.2f} "
                    f"{differ:>7d}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
