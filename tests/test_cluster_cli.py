"""``newsbrief cluster`` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SEEDS, need


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsbrief", *args], capture_output=True, text=True, timeout=300)


def _jsonl(tmp_path):
    body = (
        "A powerful earthquake struck northern Chile, shaking buildings in Santiago and Antofagasta. "
        "Rescue teams searched collapsed homes in the Atacama region as aftershocks continued. "
        "The Chilean government declared an emergency after the earthquake damaged coastal towns."
    )
    other = (
        "The Boston Celtics beat the Dallas Mavericks in the NBA Finals at TD Garden. Jayson Tatum "
        "scored 31 points as the Celtics pulled ahead. Coach Joe Mazzulla praised the Boston bench."
    )
    recs = [
        {"id": "quake", "title": "Chile earthquake", "published": "2024-03-01", "text": body},
        {"id": "quake-copy", "title": "Quake in Chile", "published": "2024-03-02", "text": body + " (Reuters)"},
        {"id": "finals", "title": "Celtics win", "published": "2024-03-01", "text": other},
    ]
    p = tmp_path / "news.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    return p


def test_cluster_json_shape(tmp_path):
    r = run("cluster", str(_jsonl(tmp_path)), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    evs = data["events"]
    assert [sorted(e) for e in evs][0] == sorted(["id", "title", "articles", "start", "end", "story", "duplicates"])
    quake = next(e for e in evs if "quake" in e["articles"])
    assert quake["duplicates"] == {"quake": ["quake-copy"]}
    assert quake["start"] == "2024-03-01" and quake["end"] == "2024-03-02"
    assert {a for e in evs for a in e["articles"]} == {"quake", "finals"}
    assert r.stderr == ""  # not a terminal: no progress bar


def test_cluster_text_table_on_seeds():
    r = run("cluster", str(need(SEEDS)), "-q")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split()[:4] == ["event", "story", "articles", "copies"]
    assert lines[-1].endswith("from 5 articles")
    assert r.stderr == ""


def test_cluster_without_usable_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    r = run("cluster", str(empty))
    assert r.returncode == 1 and "no usable article" in r.stderr
    assert "Traceback" not in r.stderr
