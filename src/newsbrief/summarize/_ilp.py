"""Budgeted maximum concept coverage as a mixed-integer program solved with HiGHS.

maximise   sum_j w_j c_j + sum_s b_s x_s
subject to sum_s len_s x_s <= L
           c_j <= sum_{s contains j} x_s      for every concept j
           x_s in {0, 1},  0 <= c_j <= 1

(Gillick & Favre 2009; ``b_s`` is an optional bonus per picked sentence.) ``c_j`` may stay
continuous: with integral ``x`` the optimum puts ``c_j = min(1, ...)``, which is integral, so
only the sentence variables are branched on. Two exact reductions shrink the program first:
a concept found in one sentence only is folded into that sentence's bonus, and concepts found
in the same set of sentences become one (weights summed). A greedy solution is always
computed; the answer is the better of it and the solver's, and the greedy one alone when the
solver finds nothing in time.

The solver is :func:`scipy.optimize.milp` (the HiGHS built into SciPy). It replaced the
``highspy`` bindings, whose ``highspy.Highs()`` prints a two-line banner on fd 1 from C++ the
first time it is built in a process, before ``output_flag`` can be set (that broke
``newsbrief brief --format json | jq``). SciPy prints no banner, but the HiGHS 1.12.0 inside
SciPy 1.17.1 calls ``printf`` unconditionally ("HighsMipSolverData::transformNewInteger...
tmpSolver.run();") when it repairs a solution after presolve (ERGO-Code/HiGHS#2783, removed
in HiGHS 1.13); the bundled sample with ``--query Syria`` hits it. So every solve runs with
fd 1 on ``/dev/null`` (:class:`_SilentFd`, counted across threads): whichever HiGHS is inside,
no C code can write into the program's stdout. ``milp`` takes no warm start; the greedy
result is the fallback. ``solve(..., backend=f)`` takes another solver of the same
:class:`Program`; ``bench/solver.py`` defines a warm-started ``highspy`` one to compare.

Measured with ``.venv/bin/python bench/solver.py --rounds 5`` (DUC 2006, 50 clusters, 250
words, default ``newsbrief`` summarizer: mip_rel_gap 0.005, time limit 0.5 s, <= 80
candidates; seconds per cluster for the whole summarizer, the fastest of 5 rounds, on 2 cores
shared with other work (load ~2.5), so differences under ~10% are barely signal)::

    backend                          query   R-1      R-2      median s  total s
    scipy 1.17.1 (HiGHS 1.12)        no      0.41827  0.11011  0.077     5.03
    highspy 1.16, greedy warm start  no      0.41843  0.11020  0.075     4.73
    scipy 1.17.1 (HiGHS 1.12)        yes     0.42068  0.11268  0.061     4.46
    highspy 1.16, greedy warm start  yes     0.42088  0.11264  0.061     4.31

The same quality: the backends differ in 4-7 of the 50 summaries, which near-optimal solution
within the 0.5% gap comes out, +-0.0002 R-2. Before this change (HEAD 63dc7e1: highspy, no
concept merging) R-2 was 0.11018 / 0.11264. Timing the solve alone on the 100 programs of
those two runs (fastest of 5): old highspy 3.50 / 2.92 s in total, scipy 3.66 / 3.03 s, highspy
with the merging 3.25 / 2.84 s: SciPy's older HiGHS is ~4% slower than before and ~8% slower
than highspy would be. SciPy is kept all the same: equal quality, one dependency fewer, a
public and stable API.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Program:
    """maximise ``cost @ v`` subject to ``M @ v <= upper``, ``0 <= v <= 1``, ``v[:n]`` integral.

    Columns are the ``n`` sentences then the concepts; ``start`` is a feasible point (the
    greedy solution) for solvers that take a warm start.
    """

    M: sp.csc_matrix
    cost: np.ndarray
    upper: np.ndarray
    n: int
    start: np.ndarray


# (program, time_limit, rel_gap) -> column values, or None when no solution was found
Backend = Callable[[Program, float, float], np.ndarray | None]


def greedy(
    A: sp.csr_matrix, weights: np.ndarray, lengths: np.ndarray, budget: float, bonus: np.ndarray | None = None
) -> list[int]:
    """Pick sentences by covered-weight gain per word until nothing more fits."""
    n = A.shape[0]
    covered = np.zeros(A.shape[1], dtype=bool)
    chosen: list[int] = []
    used = 0.0
    alive = lengths <= budget
    Acsc = A.tocsc()
    gain = A @ weights + (0.0 if bonus is None else bonus)
    while alive.any():
        ratio = np.where(alive, gain / np.maximum(lengths, 1.0), -np.inf)
        s = int(np.argmax(ratio))
        if ratio[s] <= 0:
            break
        chosen.append(s)
        used += lengths[s]
        alive[s] = False
        new = A.indices[A.indptr[s] : A.indptr[s + 1]]
        new = new[~covered[new]]
        covered[new] = True
        if len(new):
            # sentences sharing the newly covered concepts lose their weight
            sub = Acsc[:, new]
            gain = gain - sub @ weights[new]
        alive &= lengths <= budget - used
    assert len(chosen) <= n
    return chosen


def solve(
    A: sp.csr_matrix,
    weights: np.ndarray,
    lengths: np.ndarray,
    budget: float,
    time_limit: float = 0.15,
    bonus: np.ndarray | None = None,
    rel_gap: float = 0.005,
    backend: Backend | None = None,
) -> list[int]:
    """Indices of the sentences (rows of the 0/1 matrix ``A``: sentences x concepts) to pick.

    ``bonus`` (one per sentence) is added to the objective for each sentence picked. The solver
    stops within ``rel_gap`` of the optimum (HiGHS spends most of its time closing the last
    fraction of a percent) or at ``time_limit`` seconds, whichever comes first. ``backend``
    solves the :class:`Program` (default :func:`scipy_backend`).
    """
    n = A.shape[0]
    if n == 0:
        return []
    lengths = np.asarray(lengths, dtype=np.float64)
    start = greedy(A, weights, lengths, budget, bonus)
    # a concept found in one sentence only is covered exactly when that sentence is picked:
    # fold its weight into the sentence's bonus, which leaves a much smaller program
    per = np.asarray((A > 0).sum(axis=0)).ravel()
    single = np.flatnonzero(per == 1)
    bonus = (np.zeros(n) if bonus is None else np.asarray(bonus, dtype=np.float64)) + np.asarray(
        A[:, single] @ weights[single], dtype=np.float64
    ).ravel()
    shared = np.flatnonzero(per >= 2)
    A, weights = _merge(A[:, shared], np.asarray(weights[shared], dtype=np.float64))
    m = len(weights)
    # columns: x_0..x_{n-1}, c_0..c_{m-1}; rows: budget, then one per concept (c_j - sum x_s <= 0)
    At = A.T.tocsr()  # m x n
    M = sp.vstack(
        [
            sp.hstack([sp.csr_matrix(lengths.reshape(1, -1)), sp.csr_matrix((1, m))]),
            sp.hstack([-At, sp.identity(m, format="csr")]),
        ]
    ).tocsc()
    x0 = np.zeros(n + m)
    if start:
        x0[start] = 1.0
        x0[n:] = np.minimum(1.0, np.asarray(A[start].sum(axis=0)).ravel())
    program = Program(
        M, np.concatenate([bonus, weights]), np.concatenate([[float(budget)], np.zeros(m)]), n, x0
    )
    with _SILENT_STDOUT:  # HiGHS may printf to fd 1 whatever its output_flag (module docstring)
        values = (backend or scipy_backend)(program, float(time_limit), float(rel_gap))
    if values is None or len(values) != n + m:
        return start
    picked = [int(i) for i in np.flatnonzero(np.asarray(values)[:n] > 0.5)]
    if float(lengths[picked].sum()) > budget + 1e-6:
        return start
    return picked if _value(A, weights, bonus, picked) >= _value(A, weights, bonus, start) else start


def scipy_backend(p: Program, time_limit: float, rel_gap: float) -> np.ndarray | None:
    """Column values found by :func:`scipy.optimize.milp` (which minimises), or ``None``."""
    k = len(p.cost)
    res = milp(
        -p.cost,
        integrality=np.concatenate([np.ones(p.n), np.zeros(k - p.n)]),
        bounds=Bounds(np.zeros(k), np.ones(k)),
        constraints=LinearConstraint(p.M, np.full(len(p.upper), -np.inf), p.upper),
        options={"disp": False, "presolve": True, "time_limit": time_limit, "mip_rel_gap": rel_gap},
    )
    if res.x is None:
        log.debug("scipy.optimize.milp returned no solution (%s); using greedy", res.message)
        return None
    return np.asarray(res.x)


def _merge(A: sp.spmatrix, weights: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
    """One concept per distinct set of sentences, weighing the sum of its members: an exact
    reduction (such concepts are always covered together) that leaves about half the
    columns and rows on DUC and makes the solver ~20% faster."""
    C = sp.csc_matrix(A > 0, dtype=np.float64)
    C.sort_indices()
    group: dict[bytes, int] = {}
    of = np.empty(C.shape[1], dtype=np.int64)
    for j in range(C.shape[1]):
        of[j] = group.setdefault(C.indices[C.indptr[j] : C.indptr[j + 1]].tobytes(), len(group))
    k = len(group)
    if k == C.shape[1]:
        return C.tocsr(), weights
    first = np.zeros(k, dtype=np.int64)
    first[of] = np.arange(C.shape[1])  # one member of each group (its columns are all equal)
    return C[:, first].tocsr(), np.bincount(of, weights=weights, minlength=k)


class _SilentFd:
    """While any thread is inside, file descriptor ``fd`` points at ``/dev/null``.

    Counted across threads: the first to enter redirects, the last to leave restores. C stdio
    buffers are flushed on both edges so that nothing written before lands in ``/dev/null`` and
    nothing written inside lands on the real stdout later. Whatever else the process writes to
    fd 1 meanwhile is lost too; the CLI writes its output after summarizing and the server
    never writes to stdout. When ``fd`` is not open there is nothing to protect.
    """

    def __init__(self, fd: int = 1) -> None:
        self._fd = fd
        self._lock = threading.Lock()
        self._depth = 0
        self._saved: int | None = None

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                self._saved = self._redirect()
            self._depth += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._saved is not None:
                _flush_c_stdio()
                os.dup2(self._saved, self._fd)
                os.close(self._saved)
                self._saved = None

    def _redirect(self) -> int | None:
        if self._fd == 1 and sys.stdout is not None:
            try:
                sys.stdout.flush()
            except (OSError, ValueError):
                pass
        _flush_c_stdio()
        try:
            saved = os.dup(self._fd)
        except OSError:
            return None
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, self._fd)
        finally:
            os.close(null)
        return saved


_SILENT_STDOUT = _SilentFd(1)
_LIBC: list = []


def _flush_c_stdio() -> None:
    """``fflush(NULL)``: write out what C code has buffered (a pipe makes C stdout fully buffered)."""
    if not _LIBC:
        try:
            import ctypes

            _LIBC.append(ctypes.CDLL(None).fflush)
        except (OSError, AttributeError, ImportError):  # no C library to reach (Windows)
            _LIBC.append(None)
    if _LIBC[0] is not None:
        _LIBC[0](None)


def _value(A: sp.csr_matrix, weights: np.ndarray, bonus: np.ndarray | None, rows: list[int]) -> float:
    if not rows:
        return 0.0
    covered = float(weights @ np.minimum(1.0, np.asarray(A[rows].sum(axis=0)).ravel()))
    return covered + (0.0 if bonus is None else float(bonus[rows].sum()))
