"""Parameters of near-duplicate detection and event / story clustering (all frozen).

Two levels, on purpose: an *event* is a days-long happening (decayed with a 7-day
half-life, closed after 60 quiet days), a *story* is the topic that links events over
months or years.  The defaults were tuned on the labelled sets (``bench/clustering.py``):

* seeds (five outlets, one story, events on 4 Jan, 30 Jan and 3 Mar 2019): the event
  threshold 0.25 with the 7-day decay keeps the three 4 January articles together and the
  two later ones apart (their undecayed similarity to the January event is ~0.35-0.45, as
  high as that of topic-mates in DUC: only time separates them), all in one story;
* DUC 2006 pooled (50 topics followed over up to four years): scored at the story level;
  BCubed F1 0.905 (0.881 before the split pass, 0.865 before the merge pass; event threshold
  0.15 without any decay gives ~0.90 with the old linking but merges the seed events;
  single-pass TF-IDF ~0.83);
* WikiRef220 (undated web news, 5 large + 11 noise topics): story level, BCubed F1 0.971
  over the 5 large topics (0.934 before the merge pass).

Stories: events of ``seed_size``+ articles seed them, the others attach at the looser
story threshold 0.1 (90-day half-life, 1,500-day window), then ``refine`` rounds of k-means
over events (leave-one-out) undo early choices (+0.04 on both DUC and WikiRef).  Then stories
merge at a reliability-corrected similarity of 0.45 (prior 0.035; :mod:`.stories`), and a story
whose two halves (of ``seed_size`` articles or more each) score below 0.45 is split.
Cross-validated (``bench/clustering.py --only cv``: merge, prior and split fitted on half the topics
of DUC and WikiRef220, scored on the other half, both ways, three random halvings): held-out DUC
0.917, WikiRef220 0.979 (split pass off: 0.909, 0.966); the folds choose merge 0.35-0.45, split
0.4-0.5 (one fold no split).
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ParamsError(ValueError):
    """A clustering parameter has a value that cannot be used."""


@dataclass(frozen=True)
class DedupParams:
    """Near-duplicate detection: MinHash / LSH over word shingles of the cleaned body.

    Two articles are copies when the estimated Jaccard similarity of their sets of
    ``shingle``-word shingles (lower-cased words) is at least ``threshold``.  Wire copies
    and reposts of one text score 0.6 to 1.0 even with a changed headline, a different
    dateline or leftover page furniture; two outlets writing about one event (even when
    quoting the same statement) stay below 0.15 on the seeds and the evaluation sets.
    The threshold sits between, on the safe side.  A copy is only searched among the
    articles of the last ``window_days`` days (syndication happens within days), which
    also bounds memory on a long stream.
    """

    threshold: float = 0.5
    shingle: int = 4
    num_perm: int = 128
    window_days: int = 14
    min_words: int = 12  # shorter bodies are never folded (too little evidence)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ParamsError(f"dedup threshold must be in (0, 1], got {self.threshold!r}")
        if self.shingle < 1 or self.num_perm < 16 or self.window_days < 0 or self.min_words < 1:
            raise ParamsError("dedup shingle >= 1, num_perm >= 16, window_days >= 0, min_words >= 1")


@dataclass(frozen=True)
class LevelParams:
    """One level of online clustering (articles into events, or events into stories).

    An item joins the cluster with the highest ``cosine * decay(gap)`` when that is at least
    ``threshold``, where ``gap`` is the number of days between the item and the newest member
    of the cluster, ``decay(gap) = floor + (1 - floor) * 0.5 ** (gap / halflife_days)``, and a
    cluster whose newest member is more than ``window_days`` old is closed (never joined
    again, dropped from the index).  Clusters are represented by their ``top_terms``
    heaviest centroid terms and items by their ``query_terms`` heaviest terms.
    """

    threshold: float
    halflife_days: float
    floor: float
    window_days: float
    top_terms: int = 120
    query_terms: int = 60
    merge: float = 0.0  # stories only: corrected similarity at which two stories merge (0: never)
    merge_prior: float = 0.035  # stories only: prior similarity of two articles of one story
    split: float = 0.0  # stories only: a story is split when its halves' corrected similarity is below (0: never)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ParamsError(f"threshold must be in (0, 1), got {self.threshold!r}")
        if self.halflife_days <= 0 or self.window_days <= 0 or not 0.0 <= self.floor <= 1.0:
            raise ParamsError("halflife_days and window_days must be > 0 and floor in [0, 1]")
        if self.top_terms < 1 or self.query_terms < 1:
            raise ParamsError("top_terms and query_terms must be >= 1")
        if self.merge < 0 or self.split < 0 or not 0.0 < self.merge_prior <= 1.0:
            raise ParamsError("merge and split must be >= 0 and merge_prior in (0, 1]")


@dataclass(frozen=True)
class ClusterParams:
    """Everything :func:`newsbrief.cluster.events` needs.

    ``title_weight`` is added to the weight of each title term, ``entity_weight`` scales the
    capitalised-name terms (``Vladimir Putin``, ``EgyptAir``) added beside the word stems.
    ``lookahead`` articles are read (and counted in the document frequencies) before the
    oldest of them is placed, so early decisions see a useful IDF and a stream may be out of
    publication order by that many articles.  ``dedup=None`` turns duplicate folding off.
    """

    event: LevelParams = field(
        default_factory=lambda: LevelParams(threshold=0.25, halflife_days=7.0, floor=0.5, window_days=60.0)
    )
    story: LevelParams = field(
        default_factory=lambda: LevelParams(
            threshold=0.1, halflife_days=90.0, floor=0.5, window_days=1500.0, top_terms=200, query_terms=100,
            merge=0.45, merge_prior=0.035, split=0.45,
        )
    )
    title_weight: float = 1.0
    entity_weight: float = 1.0
    refine: int = 3  # rounds of k-means over events when linking stories
    seed_size: int = 8  # events this large seed stories (and need seed_threshold to join one)
    seed_threshold: float = 0.5
    lookahead: int = 256
    idf_prior: float = 50.0
    dedup: DedupParams | None = field(default_factory=DedupParams)

    def __post_init__(self) -> None:
        if min(self.title_weight, self.entity_weight, self.lookahead, self.refine) < 0:
            raise ParamsError("title_weight, entity_weight, lookahead and refine must be >= 0")
