"""The command line, run as a user runs it: exit codes, stderr lines, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsbrief.cli import main


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsbrief", *args], input=stdin, capture_output=True, timeout=300
    )


def test_help_explains_itself(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("brief", "clean"):
        assert word in out


def test_brief_sample_says_so_on_stderr():
    r = run("brief", "--format", "json", "--no-story")
    assert r.returncode == 0, r.stderr
    assert b"bundled sample" in r.stderr
    data = json.loads(r.stdout)
    assert len(data["articles"]) == 5 and data["summary"]


def test_clean_writes_jsonl(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("A Headline Here\n\nThe first body sentence is long enough to count. And another one follows it.\n",
                 encoding="utf-8")
    r = run("clean", str(p))
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert rows[0]["id"] == "a.txt" and "first body sentence" in rows[0]["text"]


def test_nothing_usable_exits_nonzero_without_traceback(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.dat").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "bad.jsonl").write_text("{nope\n", encoding="utf-8")
    r = run("brief", str(tmp_path))
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "Traceback" not in err
    assert "empty.txt" in err and "bin.dat" in err and "bad.jsonl:1" in err
    assert "error" in err


def test_good_inputs_survive_bad_neighbours(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(
        "Officials said on Monday that the bridge would reopen next week after repairs. "
        "The repairs cost more than expected, the city said.\n", encoding="utf-8")
    r = run("brief", "--format", "json", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "empty.txt" in r.stderr.decode()
    data = json.loads(r.stdout)
    assert [a["id"] for a in data["articles"]] == ["good.txt"]
    assert data["summary"] and data["warnings"]


def test_stdin_input():
    r = run("brief", "--format", "json", "-", stdin=(
        b"The council approved the budget on Tuesday after a long debate. "
        b"Critics said the plan cut too deeply into schools.\n"))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["articles"][0]["id"] == "<stdin>"


def test_bad_option_is_one_line_error():
    r = run("brief", "--words", "0")
    assert r.returncode == 2 and b"Traceback" not in r.stderr and b"words" in r.stderr


def test_output_file(tmp_path):
    out = tmp_path / "brief.md"
    r = run("brief", "-q", "--no-story", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("# ")
