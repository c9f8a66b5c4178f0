"""``newsbrief spark`` on local[2] gives what one process gives (figures: ``bench/spark.py``).

One SparkSession for the module (2 cores, 4 shuffle partitions, no UI, no network). Each input
is briefed both ways with the same Options; events, stories, articles and briefs are compared.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EVAL, need

pytest.importorskip("pyspark")

from newsbrief.cluster import bcubed  # noqa: E402
from newsbrief.options import Limits, Options  # noqa: E402
from newsbrief.pipeline import brief_prepared, load, prepare, sample_path  # noqa: E402
from newsbrief.render.json import brief_data  # noqa: E402
from newsbrief.spark import session  # noqa: E402
from newsbrief.spark.job import SparkSettings, run  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    s = session("local[2]", partitions=4)
    yield s
    s.stop()


def _local(inputs, options):
    arts, _ = load(inputs, limits=options.limits)
    prepared = prepare(arts, "always")
    return prepared, brief_prepared(prepared, options)


def _tables(spark, out: Path) -> dict[str, list]:
    return {name: spark.read.parquet(str(out / name)).collect() for name in ("articles", "events", "stories", "briefs")}


def _event_rows(events) -> dict[str, tuple]:
    return {e.id: (tuple(e.articles), e.story, e.title, e.start, e.end,
                   tuple(c for _, cs in e.duplicates for c in cs)) for e in events}


def _spark_events(rows) -> dict[str, tuple]:
    return {r.id: (tuple(r.articles), r.story, r.title, r.start, r.end, tuple(r.copies)) for r in rows}


def _assert_same(spark, inputs, out: Path, options: Options, settings: SparkSettings | None = None) -> dict:
    prepared, local = _local(inputs, options)
    result = run(spark, inputs, out, options, settings)
    tables = _tables(spark, out)
    assert result.articles == len(prepared.texts) == len(tables["articles"])
    # the same articles (cleaned text, metadata, inferred dates)
    by_id = {r.id: r for r in tables["articles"]}
    for t in prepared.texts:
        a, r = t.article, by_id[t.id]
        assert (r.text, r.title, r.source, r.published, r.published_from, r.date_confident) == (
            a.text, a.title, a.source, a.published, a.published_from, t.date_confident), t.id
    # the same events and stories
    assert _spark_events(tables["events"]) == _event_rows(prepared.events)
    # the same briefs: the largest story's summary, and every event summarised by both
    briefs = {r.story: json.loads(r.brief) for r in tables["briefs"]}
    assert len(briefs) == len({e.story for e in prepared.events}) == result.stories
    local_data = brief_data(local)
    main = next(b for b in briefs.values() if b["summary"] == local_data["summary"])
    assert main["summary"] and main["timeline"] == local_data["timeline"]
    assert main["conflicts"] == local_data["conflicts"]
    spark_events = {e["id"]: e for b in briefs.values() for e in b["events"]}
    compared = 0
    for e in local_data["events"]:
        if e["summary"] and spark_events[e["id"]]["summary"]:
            assert spark_events[e["id"]]["summary"] == e["summary"], e["id"]
            compared += 1
    assert compared >= min(len(local_data["events"]), options.limits.event_briefs)
    return tables


def test_sample_same_events_stories_briefs(spark, tmp_path):
    tables = _assert_same(spark, [str(sample_path())], tmp_path / "out", Options())
    assert len(tables["events"]) == 3 and len(tables["stories"]) == 1
    # 30-day windows cut the sample's two months into three: still the same result
    _assert_same(spark, [str(sample_path())], tmp_path / "out30", Options(),
                 SparkSettings(window_days=30, overlap_days=60))


def _duc_jsonl(path: Path, undated_every: int = 0, limit: int | None = None) -> Path:
    rows = []
    for line in need(EVAL / "duc2006" / "clusters.jsonl").read_text(encoding="utf-8").splitlines():
        for d in json.loads(line)["documents"]:
            rows.append({"id": d["id"], "title": d.get("title"), "published": d.get("published"), "text": d["text"]})
    random.Random(0).shuffle(rows)  # pooled, in no order
    rows = rows[:limit] if limit else rows
    if undated_every:
        for r in rows[::undated_every]:
            r.pop("published")
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_duc2006_pooled_one_window_is_the_local_result(spark, tmp_path):
    """1,250 articles, 50 topics over four years, 28 wire copies; read in 0.5 MB ranges (15 tasks)."""
    data = _duc_jsonl(tmp_path / "duc.jsonl")
    options = Options(story=False, limits=Limits(event_briefs=2))
    tables = _assert_same(spark, [str(data)], tmp_path / "out", options,
                          SparkSettings(window_days=100_000, chunk_mb=0.5))
    assert len(tables["events"]) > 500 and sum(len(r.copies) for r in tables["events"]) >= 20


def test_undated_articles_dated_as_locally(spark, tmp_path):
    data = _duc_jsonl(tmp_path / "duc.jsonl", undated_every=4, limit=200)
    tables = _assert_same(spark, [str(data)], tmp_path / "out", Options(story=False, limits=Limits(event_briefs=1)))
    assert sum(r.published_from == "event" for r in tables["articles"]) >= 20


def test_duc2006_windowed_differs_by_a_measured_margin(spark, tmp_path):
    """90-day windows (20 of them) with 120 days of overlap give the local events exactly (measured;
    shorter windows and overlaps differ: README, "On Apache Spark")."""
    data = _duc_jsonl(tmp_path / "duc.jsonl")
    prepared, _ = _local([str(data)], Options())
    result = run(spark, [str(data)], tmp_path / "out", Options(story=False, limits=Limits(event_briefs=1)),
                 SparkSettings(window_days=90, overlap_days=120))
    assert result.windows >= 10
    tables = _tables(spark, tmp_path / "out")
    assert _spark_events(tables["events"]) == _event_rows(prepared.events)  # measured: all 946 the same
    rows = tables["articles"]
    spark_event = {r.id: r.event for r in rows}
    spark_story = {r.id: r.story for r in rows}
    from newsbrief.cluster import assignments

    ev, st = bcubed(assignments(prepared.events), spark_event), bcubed(assignments(prepared.events, "story"), spark_story)
    print(f"windowed vs local: events BCubed F1 {ev.f1:.4f}, stories {st.f1:.4f}")
    assert ev.f1 >= 0.99 and st.f1 >= 0.95, (ev, st)


def test_bad_inputs_beside_good_ones(spark, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(sample_path().glob("*.txt")):
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "bad.jsonl").write_text('{"text": "unterminated\n{"id": 5, "text": 7}\n', encoding="utf-8")
    result = run(spark, [str(folder), str(tmp_path / "missing.txt")], tmp_path / "out", Options())
    assert result.articles == 5 and result.events == 3
    text = "\n".join(result.warnings)
    for name in ("empty.txt", "binary.txt", "bad.jsonl:1", "missing.txt"):
        assert name in text, text
    assert all("\n" not in w and "Traceback" not in w for w in result.warnings)


def test_jsonl_output_and_cli_errors(spark, tmp_path, capsys, monkeypatch):
    from newsbrief.cli import main

    out = tmp_path / "out"
    assert main(["spark", str(sample_path()), "--output", str(out), "--master", "local[2]", "--jsonl"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["events"] == 3 and summary["stories"] == 1
    lines = [json.loads(x) for p in (out / "jsonl" / "events").glob("part-*.json") for x in p.read_text().splitlines()]
    assert {x["id"] for x in lines} == {"e1", "e2", "e3"}
    assert dt.date.fromisoformat(lines[0]["start"]).year == 2019
    # nothing readable: one line, exit 1, no Spark started
    assert main(["spark", str(tmp_path / "nope"), "--output", str(tmp_path / "o2")]) == 1
    err = capsys.readouterr().err
    assert "nope: no such file or folder" in err and "Traceback" not in err
    # PySpark missing: the install hint
    monkeypatch.setitem(sys.modules, "pyspark", None)
    assert main(["spark", str(sample_path()), "--output", str(tmp_path / "o3")]) == 1
    assert "pip install 'newsbrief[spark]'" in capsys.readouterr().err


def test_help_names_the_command():
    r = subprocess.run([sys.executable, "-m", "newsbrief", "spark", "--help"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0 and "--master" in r.stdout and "Parquet" in r.stdout


def test_recurring_lines_found_on_the_executors_as_in_one_process(spark, tmp_path):
    """The distributed recurring-line check gives the library's set: DUC 2006 documents, a footer on
    40 of them (more holders than ``MAX_HOLDERS``: the first by text rank), copies whose texts share
    their first 200 characters (ranked by whole text), and an HTML page (not a text document)."""
    from newsbrief.clean import CleanContext, _prepare, batch_counts
    from newsbrief.clean.features import key
    from newsbrief.clean.furniture import MAX_HOLDERS, recurring
    from newsbrief.spark import clean as cl
    from newsbrief.types import RawDocument

    docs = []
    for line in need(EVAL / "duc2006" / "clusters.jsonl").read_text(encoding="utf-8").splitlines()[:12]:
        for d in json.loads(line)["documents"]:
            docs.append(RawDocument(d["id"], d["text"], "text", d["id"]))
    footer = "Copyright Example Wire Service all rights reserved"
    docs = [replace_text(d, d.content + "\n" + footer) if n % 3 == 0 else d for n, d in enumerate(docs)]
    docs += [replace_text(docs[n], docs[n].content + "\nA closing line told once.", f"copy{n}") for n in range(6)]
    docs.append(RawDocument("page", "<html><body><p>" + footer + "</p></body></html>", "html", "page"))
    assert sum(footer in d.content for d in docs) > MAX_HOLDERS
    prepared = [_prepare(d, CleanContext().settings) for d in docs]
    texts = [lines for lines, ex in prepared if ex is None]
    expected = recurring(texts)
    counts = batch_counts([lines for lines, _ in prepared])
    extracted = spark.sparkContext.parallelize([((0, n), d) for n, d in enumerate(docs)], 4).map(
        lambda od: cl.extract(*od)).persist()
    got = cl.context(spark.sparkContext, extracted)
    assert expected and got.recurring == expected
    assert key(footer) in expected
    consulted = {k for k, v in got.line_counts.items() if v >= 2}
    assert all(got.line_counts[k] == counts[k] for k in consulted) and consulted


def replace_text(doc, text, new_id=None):
    from dataclasses import replace

    return replace(doc, content=text, id=new_id or doc.id, origin=new_id or doc.origin)
