"""Budgeted maximum concept coverage as a mixed-integer program solved with HiGHS.

maximise   sum_j w_j c_j
subject to sum_s len_s x_s <= L
           c_j <= sum_{s contains j} x_s      for every concept j
           x_s in {0, 1},  0 <= c_j <= 1

(Gillick & Favre 2009.) ``c_j`` may stay continuous: with integral ``x`` the optimum puts
``c_j = min(1, ...)``, which is integral, so only the sentence variables are branched on.
A greedy solution seeds the solver and is the answer when HiGHS finds nothing in time.
"""

from __future__ import annotations

import logging

import highspy
import numpy as np
import scipy.sparse as sp

log = logging.getLogger(__name__)


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
) -> list[int]:
    """Indices of the sentences (rows of the 0/1 matrix ``A``: sentences x concepts) to pick.

    ``bonus`` (one per sentence) is added to the objective for each sentence picked. The solver
    stops within ``rel_gap`` of the optimum (HiGHS spends most of its time closing the last
    fraction of a percent) or at ``time_limit`` seconds, whichever comes first.
    """
    n, m = A.shape
    if n == 0:
        return []
    start = greedy(A, weights, lengths, budget, bonus)
    # a concept found in one sentence only is covered exactly when that sentence is picked:
    # fold its weight into the sentence's bonus, which leaves a much smaller program
    per = np.asarray((A > 0).sum(axis=0)).ravel()
    single = np.flatnonzero(per == 1)
    folded = (np.zeros(n) if bonus is None else bonus.astype(np.float64)) + A[:, single] @ weights[single]
    shared = np.flatnonzero(per >= 2)
    A, weights, m = A[:, shared].tocsr(), weights[shared], len(shared)
    bonus = folded
    # columns: x_0..x_{n-1}, c_0..c_{m-1}; rows: budget, then one per concept
    At = A.T.tocsr().astype(np.float64)  # m x n
    M = sp.vstack(
        [
            sp.hstack([sp.csr_matrix(lengths.reshape(1, -1).astype(np.float64)), sp.csr_matrix((1, m))]),
            sp.hstack([-At, sp.identity(m, format="csr")]),
        ]
    ).tocsc()
    lp = highspy.HighsLp()
    lp.num_col_ = n + m
    lp.num_row_ = m + 1
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate([np.zeros(n) if bonus is None else bonus, weights]).astype(np.float64)
    lp.col_lower_ = np.zeros(n + m)
    lp.col_upper_ = np.ones(n + m)
    inf = highspy.kHighsInf
    lp.row_lower_ = np.full(m + 1, -inf)
    lp.row_upper_ = np.concatenate([[float(budget)], np.zeros(m)])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = M.indptr.astype(np.int32)
    lp.a_matrix_.index_ = M.indices.astype(np.int32)
    lp.a_matrix_.value_ = M.data.astype(np.float64)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [highspy.HighsVarType.kContinuous] * m
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", rel_gap)
    h.passModel(lp)
    x0 = np.zeros(n + m)
    x0[start] = 1.0
    if start:
        x0[n:] = np.minimum(1.0, np.asarray(A[start].sum(axis=0)).ravel())
    sol = highspy.HighsSolution()
    sol.col_value = x0.tolist()
    sol.value_valid = True
    h.setSolution(sol)
    h.run()
    values = np.asarray(h.getSolution().col_value)
    if len(values) != n + m:
        log.debug("HiGHS returned no solution (%s); using greedy", h.modelStatusToString(h.getModelStatus()))
        return start
    picked = [int(i) for i in np.flatnonzero(values[:n] > 0.5)]
    if float(lengths[picked].sum()) > budget + 1e-6:
        return start
    return picked if _value(A, weights, bonus, picked) >= _value(A, weights, bonus, start) else start


def _value(A: sp.csr_matrix, weights: np.ndarray, bonus: np.ndarray | None, rows: list[int]) -> float:
    if not rows:
        return 0.0
    covered = float(weights @ np.minimum(1.0, np.asarray(A[rows].sum(axis=0)).ravel()))
    return covered + (0.0 if bonus is None else float(bonus[rows].sum()))
