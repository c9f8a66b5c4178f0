"""Story linking: events (precise, short-lived clusters) grouped into stories.

Runs once the events are known, over their centroids only (a few hundred numbers each,
never the articles), so it costs little even after a long stream:

1. greedy pass, largest events first: each event joins the story whose centroid is the
   most similar (cosine over the top terms, decayed by the time gap between the event
   and the story's span, nothing beyond ``window_days``) when that reaches
   ``params.threshold``, else it starts a story.  Large events seed the stories, so the
   small ones attach to established topics rather than to each other;
2. ``refine`` rounds of spherical k-means over events: every event moves to the story it
   is most similar to, its own story scored without it (leave-one-out), so an early
   greedy choice can be undone.  An event alone in its story that is as large as a seed
   needs ``seed_threshold`` to join another one (as in the greedy pass);
3. with ``params.merge > 0``, stories that are pieces of one topic are merged, then
   ``refine`` runs again.  The cosine of two story centroids is low for two small pieces
   of one topic (a centroid of few articles is mostly noise) and high for two large
   stories of related topics, so it is corrected for the reliability of each centroid
   (Spearman's correction for attenuation): ``cos * decay(gap) / (q_a * q_b)``, where
   ``q`` estimates the cosine of a story centroid with the centroid of its whole topic
   (near 1 for a story of many mutually similar events, ``sqrt(merge_prior)`` for one
   article).  Mutual nearest pairs reaching ``params.merge`` merge, round after round;
4. then stories that are two topics are split, and ``refine`` runs again: each story of two or
   more events is bisected (2-means over its events, seeded by its heaviest event and the
   event least like it) and split when each half has at least ``seed_size`` articles and the
   corrected similarity of the halves is below ``params.split`` (as ``params.merge``: the merge
   pass would not have joined them). That undoes related topics the greedy pass linked early
   (Chechnya / Putin's election, evolution / home-schooling); stray events are left to
   ``refine`` (split off alone, they would not find their way back). For this test the products
   of near-copy events (unit cosine >= ``_COPY``: a text repeated, years later, outside the
   dedup window) count as noise, not as evidence that their half is a topic of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .features import DIM
from .online import Level, Vector
from .params import LevelParams

_CHUNK = 512
_MERGE_ROUNDS = 64
_SPLIT_ROUNDS = 4
_BISECT_ROUNDS = 20
_COPY = 0.8


@dataclass(frozen=True, eq=False)
class EventVector:
    """What story linking needs of an event: raw top-term centroid, size and day span."""

    vector: Vector
    size: int
    first: int | None
    last: int | None


def _choose(level: Level, it: EventVector, need: float) -> int:
    """Add the event to its best story in ``level`` when the score reaches ``need``, else open one."""
    level.advance(it.first)
    best, best_score = -1, 0.0
    for c, sc in level.scores(it.vector, it.first).items():
        if sc > best_score or (sc == best_score and c < best):
            best, best_score = c, sc
    if best >= 0 and best_score >= need:
        level.add(best, it.vector, it.first)
    else:
        best = level.open(it.vector, it.first)
    if it.last is not None and it.last != it.first:
        level.extend(best, it.last)
    return best


def _greedy(items: Sequence[EventVector], params: LevelParams, seed_size: int, seed_threshold: float) -> np.ndarray:
    """Seed events (the largest) make the stories, then the other events attach to them.

    Both passes run in chronological order with closing windows, so each decision only
    looks at the stories open around the event's time (cost independent of the stream's
    length).  The second pass sees every seed story from ``window_days`` before it starts
    until ``window_days`` after it ends.
    """
    seed_size = min(seed_size, max(it.size for it in items))

    def chrono(i: int) -> tuple:
        return (items[i].first is None, items[i].first or 0, -items[i].size, i)

    seeds = sorted((i for i, it in enumerate(items) if it.size >= seed_size), key=chrono)
    rest = sorted((i for i, it in enumerate(items) if it.size < seed_size), key=chrono)
    story = np.zeros(len(items), dtype=np.int64)
    first_pass = Level(params)
    for i in seeds:
        story[i] = _choose(first_pass, items[i], seed_threshold)
    n_seed = len(first_pass)
    spans = [first_pass.span(c) for c in range(n_seed)]
    pending = sorted(range(n_seed), key=lambda c: (spans[c][0] is None, (spans[c][0] or 0) - params.window_days))
    second = Level(params)
    seed_of: dict[int, int] = {}
    at = 0
    for i in rest:
        t = items[i].first
        while at < len(pending):
            c = pending[at]
            first, last = spans[c]
            if t is not None and first is not None and first - params.window_days > t:
                break
            k = second.open(first_pass.centroid(c), first)
            if last is not None:
                second.extend(k, last)
            seed_of[k] = c
            at += 1
        k = _choose(second, items[i], params.threshold)
        story[i] = seed_of.get(k, n_seed + k)
    return story


def _matrix(items: Sequence[EventVector]) -> sp.csr_matrix:
    indptr = np.zeros(len(items) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(it.vector.terms) for it in items])
    terms = np.concatenate([it.vector.terms for it in items]) if items else np.zeros(0, np.int64)
    weights = np.concatenate([it.vector.weights for it in items]).astype(np.float32) if items else np.zeros(0)
    m = sp.csr_matrix((weights, terms, indptr), shape=(len(items), DIM))
    m.sum_duplicates()
    return m


def _spans(f: np.ndarray, la: np.ndarray, story: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Day spans of the ``k`` stories of events with spans ``f .. la`` (:class:`_Space`'s markers
    for undated events kept where every event of a story is undated)."""
    big = np.iinfo(np.int64).max
    first = np.full(k, big, dtype=np.int64)
    last = np.full(k, -big, dtype=np.int64)
    np.minimum.at(first, story, f)
    np.maximum.at(last, story, la)
    return first, last


def _sums(unit: sp.csr_matrix, norm: np.ndarray, story: np.ndarray, k: int) -> sp.csr_matrix:
    """Centroids of ``k`` stories: sums of their raw event centroids (unit rows scaled back by their norms)."""
    member = sp.csr_matrix((norm, (story, np.arange(len(story)))), shape=(k, len(story)))
    return (member @ unit).tocsr()


@dataclass(frozen=True, eq=False)
class _Space:
    """The events as unit rows (one float32 matrix), their raw norms, day spans and sizes."""

    unit: sp.csr_matrix
    norm: np.ndarray
    first: np.ndarray  # int64 max when undated
    last: np.ndarray  # int64 min when undated
    size: np.ndarray

    @classmethod
    def of(cls, items: Sequence[EventVector]) -> _Space:
        unit = _matrix(items)
        rn = np.sqrt(np.asarray(unit.multiply(unit).sum(axis=1)).ravel())
        rn[rn == 0] = 1.0
        unit.data /= np.repeat(rn, np.diff(unit.indptr)).astype(unit.data.dtype)
        big = np.iinfo(np.int64).max
        first = np.array([it.first if it.first is not None else big for it in items], dtype=np.int64)
        last = np.array([it.last if it.last is not None else -big for it in items], dtype=np.int64)
        return cls(unit, rn, first, last, np.array([it.size for it in items], dtype=np.float64))

    def centroids(self, story: np.ndarray, k: int) -> sp.csr_matrix:
        """Story centroids: sums of the raw event centroids (= unit rows scaled back by their norms)."""
        return _sums(self.unit, self.norm, story, k)


def _decay(params: LevelParams, first: np.ndarray, last: np.ndarray, sfirst: np.ndarray, slast: np.ndarray) -> np.ndarray:
    """Time factor between spans (rows) and story spans (columns); 0 beyond the window."""
    big = np.iinfo(np.int64).max
    dated = (first != big)[:, None] & (sfirst != big)[None, :]
    gap = np.maximum(sfirst[None, :] - last[:, None], first[:, None] - slast[None, :])
    gap = np.where(dated, np.maximum(gap, 0), 0)
    decay = params.floor + (1.0 - params.floor) * 0.5 ** (gap / params.halflife_days)
    return np.where(gap > params.window_days, 0.0, decay)


def _near(first: np.ndarray, last: np.ndarray, sfirst: np.ndarray, slast: np.ndarray, window: float) -> np.ndarray:
    """The stories (ascending) within ``window`` days of any of the spans ``first..last``: the
    others' decay is 0 for every one of them (all stories when a span is undated). The scores
    kept are computed exactly as over all stories, so the choices are the same."""
    big = np.iinfo(np.int64).max
    if (first == big).any():
        return np.arange(len(sfirst))
    dated = sfirst != big
    keep = ~dated | ((np.where(dated, sfirst, 0) - int(last.max()) <= window)
                     & (int(first.min()) - np.where(dated, slast, 0) <= window))
    return np.flatnonzero(keep)


def _columns(m: sp.csr_matrix, cols: np.ndarray) -> sp.csr_matrix:
    return m if len(cols) == m.shape[0] else m[cols]


def _norms(m: sp.csr_matrix) -> np.ndarray:
    return np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())


def _refine(
    space: _Space, story: np.ndarray, params: LevelParams, rounds: int, alone_need: np.ndarray,
) -> np.ndarray:
    rn, ef, el = space.norm, space.first, space.last
    for _ in range(rounds):
        _, story = np.unique(story, return_inverse=True)
        k = int(story.max()) + 1
        cent = space.centroids(story, k)
        cn = _norms(cent)
        sfirst, slast = _spans(space.first, space.last, story, k)
        new = story.copy()
        for lo in range(0, len(story), _CHUNK):
            hi = min(len(story), lo + _CHUNK)
            cols = _near(ef[lo:hi], el[lo:hi], sfirst, slast, params.window_days)
            sims = (space.unit[lo:hi] @ _columns(cent, cols).T).toarray()
            rows = np.arange(hi - lo)
            own = story[lo:hi]
            at = np.searchsorted(cols, own)  # the own story is always near
            dot = sims[rows, at]
            c = cn[cols]
            sims /= np.where(c > 0, c, 1.0)
            # leave-one-out: the event's own story without the event
            r = rn[lo:hi]
            rest = np.sqrt(np.maximum(cn[own] ** 2 - 2 * dot * r + r * r, 0.0))
            alone = rest <= 1e-9
            sims[rows, at] = np.where(alone, 0.0, (dot - r) / np.where(alone, 1.0, rest))
            sims *= _decay(params, ef[lo:hi], el[lo:hi], sfirst[cols], slast[cols])
            pick = sims.argmax(axis=1)
            best = cols[pick]
            score = sims[rows, pick]
            need = np.where(alone, alone_need[lo:hi], params.threshold)
            move = (best != own) & (score >= need)
            new[lo:hi] = np.where(move, best, own)
        if np.array_equal(new, story):
            break
        story = new
    _, story = np.unique(story, return_inverse=True)
    return story


def _signal(space: _Space, params: LevelParams) -> tuple[np.ndarray, np.ndarray]:
    """Each event's squared norm and the share of it that is topic (not noise):
    ``n r0 / (1 + (n - 1) r0)`` of it for an event of ``n`` articles."""
    r0 = params.merge_prior
    n2 = space.norm.astype(np.float64) ** 2
    return n2, n2 * space.size * r0 / (1.0 + (space.size - 1.0) * r0)


def _scale(c2: np.ndarray, n2: np.ndarray, signal: np.ndarray) -> np.ndarray:
    """``1 / (|c| q)`` of centroids with squared norms ``c2`` made of events with squared norms
    summing to ``n2`` and topic shares summing to ``signal`` (0 for an empty centroid)."""
    # between-event products are topic; within events, the prior share
    sig = c2 - n2 + signal
    ok = c2 > 0
    q = np.sqrt(np.clip(np.where(ok, sig / np.where(ok, c2, 1.0), 1.0), 1e-6, 1.0))
    return np.where(ok, 1.0 / (np.sqrt(np.where(ok, c2, 1.0)) * q), 0.0)


def _merge(space: _Space, story: np.ndarray, params: LevelParams) -> np.ndarray:
    """Merge mutual nearest stories by reliability-corrected similarity (see the module docstring)."""
    n2, signal = _signal(space, params)
    for _ in range(_MERGE_ROUNDS):
        _, story = np.unique(story, return_inverse=True)
        k = int(story.max()) + 1
        if k < 2:
            break
        cent = space.centroids(story, k)
        c2 = _norms(cent) ** 2
        scale = _scale(c2, np.bincount(story, weights=n2, minlength=k), np.bincount(story, weights=signal, minlength=k))
        sfirst, slast = _spans(space.first, space.last, story, k)
        best = np.zeros(k, dtype=np.int64)
        best_score = np.zeros(k)
        by_time = np.argsort(sfirst, kind="stable")  # chunks of stories close in time: few near ones
        for lo in range(0, k, _CHUNK):
            part = by_time[lo:lo + _CHUNK]
            cols = _near(sfirst[part], slast[part], sfirst, slast, params.window_days)
            sims = (cent[part] @ _columns(cent, cols).T).toarray().astype(np.float64)
            sims *= scale[part, None] * scale[None, cols]
            sims *= _decay(params, sfirst[part], slast[part], sfirst[cols], slast[cols])
            rows = np.arange(len(part))
            sims[rows, np.searchsorted(cols, part)] = -1.0
            pick = sims.argmax(axis=1)
            best[part] = cols[pick]
            best_score[part] = sims[rows, pick]
        idx = np.arange(k)
        mutual = (best[best] == idx) & (idx < best) & (best_score >= params.merge)
        if not mutual.any():
            break
        label = idx.copy()
        label[best[mutual]] = idx[mutual]
        story = label[story]
    _, story = np.unique(story, return_inverse=True)
    return story


def _bisect(unit: sp.csr_matrix, norm: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Two halves (0 / 1 per row) of a story's events by spherical 2-means over their unit rows.

    The centroids are sums of the raw event centroids; seeded by the heaviest event
    (``weight``) and the event least like it, at most ``_BISECT_ROUNDS`` rounds.
    """
    a = int(np.argmax(weight))
    b = int(np.argmin(unit @ unit[a].toarray().ravel()))
    half = np.zeros(unit.shape[0], dtype=np.int64)  # all in one half: no bisection found
    ca, cb = norm[a] * unit[a].toarray().ravel(), norm[b] * unit[b].toarray().ravel()
    for _ in range(_BISECT_ROUNDS):
        na, nb = float(np.sqrt(ca @ ca)) or 1.0, float(np.sqrt(cb @ cb)) or 1.0
        new = ((unit @ cb) / nb > (unit @ ca) / na).astype(np.int64)
        if new.sum() in (0, len(new)) or np.array_equal(new, half):
            break
        half = new
        ca, cb = _sums(unit, norm, half, 2).toarray()
    return half


def _split(space: _Space, story: np.ndarray, params: LevelParams, least: int) -> np.ndarray:
    """Split each story whose bisection the merge pass would not join, when each half has ``least``
    articles or more (two topics, not a topic and its stray events: see the module docstring).
    A round looks again only at the halves the round before made (the others bisect as before)."""
    n2, signal = _signal(space, params)
    _, story = np.unique(story, return_inverse=True)
    todo = list(range(int(story.max()) + 1))
    for _ in range(_SPLIT_ROUNDS):
        k = int(story.max()) + 1
        order = np.argsort(story, kind="stable")
        bounds = np.searchsorted(story[order], np.arange(k + 1))
        size = np.bincount(story, weights=space.size, minlength=k)
        new, made = story.copy(), list[int]()
        for s in todo:
            idx = order[bounds[s]:bounds[s + 1]]
            if len(idx) < 2 or size[s] < 2 * least:
                continue
            unit = _own_terms(space.unit[idx])
            half = _bisect(unit, space.norm[idx], space.size[idx] * space.norm[idx])
            if min(space.size[idx[half == 0]].sum(), space.size[idx[half == 1]].sum()) < least:
                continue
            if _corrected(space, idx, unit, half, n2, signal, params) < params.split:
                new[idx[half == 1]] = k + len(made)
                made.append(s)
        if not made:
            break
        todo = [*made, *range(k, k + len(made))]
        story = new
    _, story = np.unique(story, return_inverse=True)
    return story


def _own_terms(rows: sp.csr_matrix) -> sp.csr_matrix:
    """``rows`` (float64) over the terms they use only: columns renumbered in O(nnz)."""
    _, cols = np.unique(rows.indices, return_inverse=True)
    return sp.csr_matrix((rows.data.astype(np.float64), cols, rows.indptr), shape=(rows.shape[0], int(cols.max()) + 1))


def _corrected(space: _Space, idx: np.ndarray, unit: sp.csr_matrix, half: np.ndarray, n2: np.ndarray,
               signal: np.ndarray, params: LevelParams) -> float:
    """The merge pass's corrected similarity of the two halves of the events ``idx`` (their unit
    rows ``unit``); where that is below ``params.split``, once more with the products of near-copy
    events (unit cosine >= ``_COPY``) counted as noise (the higher of the two is returned)."""
    cent = _sums(unit, space.norm[idx], half, 2)
    c2 = _norms(cent) ** 2
    noise = np.bincount(half, weights=n2[idx], minlength=2)
    topic = np.bincount(half, weights=signal[idx], minlength=2)
    first, last = _spans(space.first[idx], space.last[idx], half, 2)
    decay = _decay(params, first[:1], last[:1], first[1:], last[1:])[0, 0]
    dot = float((cent[0] @ cent[1].T).toarray()[0, 0]) * decay
    scale = _scale(c2, noise, topic)
    corrected = dot * scale[0] * scale[1]
    if corrected < params.split:
        copies = np.array([_copy_products(unit[half == h], space.norm[idx[half == h]]) for h in (0, 1)])
        if copies.any():
            scale = _scale(c2, noise + copies, topic)
            corrected = dot * scale[0] * scale[1]
    return corrected


def _copy_products(unit: sp.csr_matrix, norm: np.ndarray) -> float:
    """The sum of the raw products of the near-copy pairs among these events (unit cosine >=
    ``_COPY``, each pair both ways), in blocks of ``_CHUNK`` rows (only those pairs are kept)."""
    total = 0.0
    for lo in range(0, unit.shape[0], _CHUNK):
        gram = (unit[lo:lo + _CHUNK] @ unit.T).tocoo()
        near = (gram.data >= _COPY) & (gram.row + lo != gram.col)
        total += float((gram.data[near] * norm[gram.row[near] + lo] * norm[gram.col[near]]).sum())
    return total


def link(
    items: Sequence[EventVector],
    params: LevelParams,
    rounds: int = 3,
    seed_size: int = 5,
    seed_threshold: float = 0.3,
) -> np.ndarray:
    """A story number for each event (numbers are arbitrary but deterministic)."""
    if not items:
        return np.zeros(0, dtype=np.int64)
    story = _greedy(items, params, seed_size, seed_threshold)
    if rounds <= 0 and params.merge <= 0 and params.split <= 0:
        return story
    space = _Space.of(items)
    seed = min(seed_size, int(space.size.max()))
    alone_need = np.where(space.size >= seed, max(seed_threshold, params.threshold), params.threshold)
    story = _refine(space, story, params, rounds, alone_need)
    if params.merge > 0:
        story = _refine(space, _merge(space, story, params), params, rounds, alone_need)
    if params.split > 0:
        story = _refine(space, _split(space, story, params, seed_size), params, rounds, alone_need)
    return story
