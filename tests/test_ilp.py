"""The concept ILP: tiny instances whose optimum is known by hand and where greedy misses it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp

from newsbrief.summarize import _ilp


def brute_force(A, w, lengths, budget, bonus=None):
    """Best objective over all feasible subsets (the ground truth for small instances)."""
    dense = np.asarray(A.todense()) > 0
    best, arg = -1.0, ()
    for k in range(len(lengths) + 1):
        for rows in itertools.combinations(range(len(lengths)), k):
            if lengths[list(rows)].sum() > budget:
                continue
            value = float(w[dense[list(rows)].any(axis=0)].sum()) if rows else 0.0
            if bonus is not None:
                value += float(bonus[list(rows)].sum())
            if value > best + 1e-12:
                best, arg = value, rows
    return best, sorted(arg)


def objective(A, w, rows, bonus=None):
    if not rows:
        return 0.0
    covered = np.asarray(A[rows].sum(axis=0)).ravel() > 0
    return float(w[covered].sum()) + (0.0 if bonus is None else float(bonus[rows].sum()))


# 4 sentences, 4 concepts (weights 3.1, 3.1, 2, 2), budget 10 words:
#   sentence 0: concepts 0+1, 6 words (6.2 / 6 = 1.033 per word)
#   sentence 1: concepts 0+2, 5 words (5.1 / 5 = 1.02)
#   sentence 2: concepts 1+3, 5 words (5.1 / 5 = 1.02)
#   sentence 3: concept 2,    4 words (2 / 4 = 0.5)
# greedy takes sentence 0, then only sentence 3 still fits: {0, 3} = 3.1 + 3.1 + 2 = 8.2
# optimum: sentences 1 + 2 (10 words) cover all four concepts = 10.2
A4 = sp.csr_matrix(np.array([[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]], dtype=float))
W4 = np.array([3.1, 3.1, 2.0, 2.0])
L4 = np.array([6.0, 5.0, 5.0, 4.0])


def test_hand_instance_greedy_is_suboptimal():
    g = sorted(_ilp.greedy(A4, W4, L4, 10.0))
    assert g == [0, 3] and objective(A4, W4, g) == pytest.approx(8.2)
    best, rows = brute_force(A4, W4, L4, 10.0)
    assert rows == [1, 2] and best == pytest.approx(10.2)


def test_hand_instance_solved_to_optimum():
    picked = sorted(_ilp.solve(A4, W4, L4, 10.0, time_limit=5.0))
    assert picked == [1, 2]
    assert objective(A4, W4, picked) == pytest.approx(10.2)


def test_bonus_changes_the_optimum():
    # a bonus of 5 on sentence 3 makes {0, 3} (8.2 + 5 = 13.2) beat {1, 2} (10.2)
    bonus = np.array([0.0, 0.0, 0.0, 5.0])
    best, rows = brute_force(A4, W4, L4, 10.0, bonus)
    assert rows == [0, 3] and best == pytest.approx(13.2)
    assert sorted(_ilp.solve(A4, W4, L4, 10.0, time_limit=5.0, bonus=bonus)) == [0, 3]


def test_sentence_budget():
    # unit lengths, budget 2 sentences; concept weights a=2, b=2, c=1.9, d=1.9
    # s0 = {a, b} (4), s1 = {a, c} (3.9), s2 = {b, d} (3.9), s3 = {c} (1.9)
    # greedy: s0, then s1 adds only c: 5.9; optimum s1 + s2 covers a, b, c, d: 7.8
    A = sp.csr_matrix(np.array([[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]], dtype=float))
    w = np.array([2.0, 2.0, 1.9, 1.9])
    lengths = np.ones(4)
    g = sorted(_ilp.greedy(A, w, lengths, 2.0))
    assert g == [0, 1] and objective(A, w, g) == pytest.approx(5.9)
    assert brute_force(A, w, lengths, 2.0)[1] == [1, 2]
    picked = sorted(_ilp.solve(A, w, lengths, 2.0, time_limit=5.0))
    assert picked == [1, 2] and objective(A, w, picked) == pytest.approx(7.8)


def test_greedy_is_the_fallback_when_the_solver_finds_nothing():
    def nothing(program, time_limit, rel_gap):
        return None

    assert sorted(_ilp.solve(A4, W4, L4, 10.0, backend=nothing)) == [0, 3]


def test_a_backend_sees_the_reduced_program_and_its_answer_is_used():
    seen = {}

    def spy(program, time_limit, rel_gap):
        seen["p"] = program
        return _ilp.scipy_backend(program, time_limit, rel_gap)

    assert sorted(_ilp.solve(A4, W4, L4, 10.0, time_limit=5.0, backend=spy)) == [1, 2]
    p = seen["p"]
    # concept 3 (only in sentence 2) is folded into a bonus; 0, 1, 2 are shared
    assert p.n == 4 and p.M.shape == (1 + 3, 4 + 3)
    assert p.cost[:4].tolist() == [0.0, 0.0, 2.0, 0.0]
    assert p.start[:4].tolist() == [1.0, 0.0, 0.0, 1.0]  # the greedy solution as a warm start


def test_infeasible_or_worse_answers_are_rejected():
    def over_budget(program, time_limit, rel_gap):
        return np.ones(len(program.cost))

    def worse(program, time_limit, rel_gap):
        return np.zeros(len(program.cost))

    assert sorted(_ilp.solve(A4, W4, L4, 10.0, backend=over_budget)) == [0, 3]
    assert sorted(_ilp.solve(A4, W4, L4, 10.0, backend=worse)) == [0, 3]


def test_identical_concepts_are_merged_exactly():
    # concepts 0 and 1 occur in exactly the same sentences: one column weighing 3 + 4
    A = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 1], [0, 0, 1]], dtype=float))
    B, w = _ilp._merge(A, np.array([3.0, 4.0, 1.0]))
    assert B.shape == (3, 2)
    assert sorted(zip(w.tolist(), map(tuple, B.T.toarray().tolist()), strict=True)) == [
        (1.0, (0.0, 1.0, 1.0)),
        (7.0, (1.0, 1.0, 0.0)),
    ]


@pytest.mark.parametrize("seed", range(20))
def test_random_instances_match_brute_force(seed):
    rng = np.random.default_rng(seed)
    n, m = 8, 12
    A = sp.csr_matrix((rng.random((n, m)) < 0.3).astype(float))
    w = rng.random(m) * 3
    lengths = rng.integers(3, 12, n).astype(float)
    bonus = rng.random(n) * 0.5
    budget = 20.0
    best, _ = brute_force(A, w, lengths, budget, bonus)
    picked = _ilp.solve(A, w, lengths, budget, time_limit=5.0, bonus=bonus, rel_gap=0.0)
    assert lengths[picked].sum() <= budget
    assert objective(A, w, picked, bonus) == pytest.approx(best, abs=1e-6)


def test_empty():
    assert _ilp.solve(sp.csr_matrix((0, 3)), np.ones(3), np.ones(0), 10.0) == []
    # no concept at all: whatever comes back fits the budget
    lengths = np.array([4.0, 5.0, 6.0])
    assert lengths[_ilp.solve(sp.csr_matrix((3, 0)), np.ones(0), lengths, 10.0)].sum() <= 10.0
