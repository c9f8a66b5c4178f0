"""The SparkSession of a ``newsbrief spark`` run, and the one clear error when PySpark is missing."""

from __future__ import annotations

import os
import sys
from typing import Any

INSTALL_HINT = "PySpark is not installed: pip install 'newsbrief[spark]' (it also needs Java 17)"


class SparkUnavailable(RuntimeError):
    """PySpark (or the Java it runs on) cannot be used here."""


def require_pyspark() -> None:
    """Raise :class:`SparkUnavailable` with the install hint when PySpark cannot be imported."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SparkUnavailable(INSTALL_HINT) from None


def active() -> Any:
    """The SparkSession already running in this process (``spark-submit``, a notebook), or None."""
    require_pyspark()
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession()


def session(master: str = "local[*]", partitions: int | None = None, app: str = "newsbrief",
            conf: dict[str, str] | None = None) -> Any:
    """A SparkSession on ``master`` (the Spark UI off, ``partitions`` shuffle partitions).

    The executors run this interpreter (``PYSPARK_PYTHON`` unless set): on a real cluster the same
    Python with newsbrief installed must be on every worker. Settings already given to
    ``spark-submit`` win over these defaults."""
    require_pyspark()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app).master(master)
    defaults = {
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": str(partitions or 8),
        "spark.python.worker.reuse": "true",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.memory": "4g",  # local mode: the executors' heap too (2g ran out at 100,000 articles)
    }
    if partitions:  # else Spark's own: the cores of the cluster
        defaults["spark.default.parallelism"] = str(partitions)
    for key, value in {**defaults, **(conf or {})}.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM could not start (no Java, bad master URL)
        raise SparkUnavailable(f"Spark could not start on {master!r}: {str(exc).strip().splitlines()[0]}") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark
