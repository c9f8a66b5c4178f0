"""The brief pipeline on Apache Spark (``newsbrief spark``, the ``[spark]`` extra).

>>> from newsbrief.spark import session, run, SparkSettings      # doctest: +SKIP
>>> spark = session("local[2]")                                    # doctest: +SKIP
>>> run(spark, ["news.jsonl"], Path("out"))                        # doctest: +SKIP

The job calls the library's own stages (ingest, clean, text, timeline, cluster, summarize,
compare) on the executors, with the same records and the same :class:`~newsbrief.options.Options`;
only the cross-article steps are arranged for a cluster (batch line counts reduced across
partitions, near-duplicates by a distributed LSH join, events by overlapping time windows).
See :mod:`.job` for the stages and :mod:`.windows` for how windowing can differ from one process.
"""

from __future__ import annotations

from .session import INSTALL_HINT, SparkUnavailable, active, require_pyspark, session

__all__ = ["INSTALL_HINT", "RunResult", "active", "SparkSettings", "SparkUnavailable", "require_pyspark", "run", "session"]


def __getattr__(name: str):  # the job imports NumPy and the clustering code: only when used
    if name in ("run", "SparkSettings", "RunResult", "TABLES"):
        from . import job

        return getattr(job, name)
    raise AttributeError(name)
