"""Evaluation: hand-computable ROUGE, cluster reading, NIST peer reproduction, the CLI."""

from __future__ import annotations

import json

import pytest

from newsbrief.cli import main
from newsbrief.evaluate import parse_cluster, read_clusters, score


def test_rouge_identical():
    s = score("the cat sat on the mat", ["the cat sat on the mat"])
    for r in s.values():
        assert r.recall == pytest.approx(1.0) and r.precision == pytest.approx(1.0)


def test_rouge_hand_computed():
    # as rouge_score's own tests: target "the quick brown fox", prediction "the quick fox"
    s = score("the quick fox", ["the quick brown fox"])
    assert s["rouge1"].recall == pytest.approx(3 / 4)
    assert s["rouge1"].precision == pytest.approx(1.0)
    assert s["rouge1"].f == pytest.approx(2 * 0.75 / 1.75)
    assert s["rouge2"].recall == pytest.approx(1 / 3)  # "the quick" of 3 bigrams
    assert s["rouge2"].precision == pytest.approx(1 / 2)
    assert s["rougeL"].recall == pytest.approx(3 / 4)


def test_rouge_stemming_and_punctuation():
    s = score("Cats running!", ["cat runs"])
    assert s["rouge1"].recall == pytest.approx(1.0)  # Porter: cats->cat, running/runs->run


def test_rouge_averages_over_references_and_cuts_budget():
    s = score("a b c d", ["a b", "c x"], words=None)
    assert s["rouge1"].recall == pytest.approx((1.0 + 0.5) / 2)
    s = score("a b c d", ["c d"], words=2)  # cut to "a b"
    assert s["rouge1"].recall == pytest.approx(0.0)
    with pytest.raises(ValueError):
        score("a", [])


def test_parse_cluster_shapes():
    duc = parse_cluster(
        {
            "id": "D1",
            "topic": {"title": "T", "narrative": "N."},
            "documents": [
                {"id": "b", "title": "x", "published": "2001-02-03", "text": "Later one."},
                {"id": "a", "title": "y", "published": "1999-01-01", "text": "Early one."},
            ],
            "references": ["r1", "r2"],
        },
        "x",
    )
    assert [a.id for a in duc.articles] == ["a", "b"]
    assert duc.articles[0].published.year == 1999
    assert duc.query == "T N." and duc.references == ("r1", "r2")
    mn = parse_cluster({"articles": ["first text", "second text"], "summary": "– the summary"}, "m-1")
    assert len(mn.articles) == 2 and mn.references == ("the summary",) and mn.query is None
    joined = parse_cluster({"document": "one ||||| two", "summary": "s"}, "m-2")
    assert len(joined.articles) == 2
    wcep = parse_cluster(
        {"articles": [{"id": "w1", "text": "Body.", "time": "2019-01-04 10:00:00"}], "summary": "s"}, "w"
    )
    assert wcep.articles[0].published.isoformat() == "2019-01-04"


def test_read_clusters_skips_bad_lines(tmp_path, caplog):
    p = tmp_path / "c.jsonl"
    good = {"documents": ["Some text here."], "summary": "ref"}
    p.write_text("not json\n" + json.dumps({"id": "x"}) + "\n" + json.dumps(good) + "\n")
    clusters = read_clusters(p)
    assert len(clusters) == 1
    assert f"{p}:1" in caplog.text and f"{p}:2" in caplog.text


def test_cli_nothing_usable(tmp_path, capsys):
    p = tmp_path / "bad.jsonl"
    p.write_text("{}\n[1]\n")
    assert main(["-q", "eval", str(p)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_cli_json(eval_dir, capsys):
    rc = main(["-q", "eval", str(eval_dir / "duc2006" / "clusters.jsonl"), "--limit", "2", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    for key in (
        "rouge1_recall",
        "rouge2_recall",
        "rougeL_recall",
        "rouge1_f",
        "rouge2_f",
        "clusters",
        "seconds",
    ):
        assert key in out
    assert out["clusters"] == 2 and "median_seconds" in out


def test_peers_reproduce_official(eval_dir, capsys):
    """NIST's own summaries scored by our code: official ROUGE-2 within 0.002, same ranking."""
    peers = eval_dir / "duc2006" / "peers.jsonl"
    assert main(["-q", "eval", "--peers", str(peers), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["peers"]) == 45
    assert report["max_abs_diff"] <= 0.002
    assert report["spearman"] >= 0.99
    best = max(report["peers"], key=lambda p: p["rouge2_recall"] if p["system"].isdigit() else 0)
    assert best["system"] == "24"
