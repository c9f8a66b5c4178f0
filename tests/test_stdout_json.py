"""Every command with JSON output writes nothing else on stdout (fd 1): the whole of it parses.

Run in a subprocess, as ``newsbrief ... | jq`` would, so that output written by C/C++ code
straight to fd 1 (the HiGHS banner of ``highspy.Highs()``) is caught too, not only Python's
``sys.stdout``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EVAL, need

import newsbrief
from newsbrief.summarize import available

SAMPLE = Path(newsbrief.__file__).resolve().parent / "data" / "sample"
DUC = EVAL / "duc2006" / "clusters.jsonl"


def run(*args: str) -> bytes:
    """stdout of ``python -m newsbrief ARGS`` (checked: exit 0, no traceback)."""
    r = subprocess.run([sys.executable, "-m", "newsbrief", *args], capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    assert b"Traceback" not in r.stderr
    return r.stdout


def whole_json(out: bytes) -> object:
    assert b"HiGHS" not in out
    return json.loads(out.decode("utf-8"))


def test_sample_exists():
    assert len(list(SAMPLE.glob("*.txt"))) >= 2


def test_brief_sample_without_input():
    data = whole_json(run("brief", "--format", "json"))
    assert isinstance(data, dict) and data["summary"]


@pytest.mark.parametrize("name", available())
def test_brief_every_summarizer(name):
    data = whole_json(run("brief", str(SAMPLE), "--format", "json", "--summarizer", name))
    assert isinstance(data, dict) and data["summary"]


def test_brief_ilp_path_prints_no_solver_banner():
    # the concept ILP (summarizer "newsbrief") is the path that used to construct highspy.Highs(),
    # which printed "Running HiGHS ..." on fd 1; one event and two (--events always)
    for extra in ((), ("--events", "always", "--query", "Syria")):
        out = run("brief", str(SAMPLE), "--format", "json", "--summarizer", "newsbrief", *extra)
        assert b"Running HiGHS" not in out and b"third-party software" not in out
        whole_json(out)


def test_brief_with_installed_script():
    # the console script as a user runs it (not -m), from this interpreter's environment
    script = Path(sys.executable).with_name("newsbrief")
    exe = str(script) if script.exists() else shutil.which("newsbrief")
    if exe is None:
        pytest.skip("no installed newsbrief script")
    r = subprocess.run(
        [exe, "brief", str(SAMPLE), "--format", "json"],
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "default"},
    )
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    whole_json(r.stdout)


def test_clean_every_line_is_json():
    out = run("clean", str(SAMPLE))
    assert b"HiGHS" not in out
    lines = out.decode("utf-8").splitlines()
    assert len(lines) == len(list(SAMPLE.glob("*.txt")))
    for line in lines:
        assert isinstance(json.loads(line), dict)


def test_cluster_json():
    data = whole_json(run("cluster", str(SAMPLE), "--format", "json"))
    assert isinstance(data, dict) and data["events"]


def test_eval_json():
    data = whole_json(run("eval", str(need(DUC)), "--json", "--limit", "2"))
    assert isinstance(data, dict) and data["clusters"] == 2 and data["rouge2_recall"] > 0


def test_eval_query_json():
    data = whole_json(run("eval", str(need(DUC)), "--json", "--limit", "2", "--query-field"))
    assert isinstance(data, dict) and data["query"] is True


def python(code: str) -> bytes:
    """stdout of ``python -c CODE`` (a pipe, so C stdio is fully buffered, as under ``| jq``)."""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    return r.stdout


SOLVE_WITH = """
import ctypes, json, sys
import numpy as np, scipy.sparse as sp
from newsbrief.summarize import _ilp

A = sp.csr_matrix(np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1]], dtype=float))
def noisy(program, time_limit, rel_gap):
    {body}
    return _ilp.scipy_backend(program, time_limit, rel_gap)
picked = _ilp.solve(A, np.array([1.0, 1.0, 1.0]), np.ones(3), 2.0, backend=noisy)
print(json.dumps(sorted(picked)))
"""


def test_solver_output_on_fd1_never_reaches_stdout():
    # what C code prints (printf, buffered) or writes to fd 1 inside a solve is dropped
    body = (
        'ctypes.CDLL(None).printf(b"C noise\\n"); import os; os.write(1, b"fd noise\\n"); print("py noise")'
    )
    out = python(SOLVE_WITH.format(body=body))
    assert len(json.loads(out)) == 2, out


def test_highspy_banner_never_reaches_stdout():
    # highspy.Highs() prints "Running HiGHS ..." on fd 1 the first time it is built in a process
    pytest.importorskip("highspy")
    body = "import highspy; highspy.Highs()"
    out = python(SOLVE_WITH.format(body=body))
    assert b"HiGHS" not in out and len(json.loads(out)) == 2, out


def test_stdout_around_a_solve_is_kept():
    # the caller's own output, still buffered when the solve starts, is written, in order
    code = SOLVE_WITH.format(body='print("inside")').replace(
        "picked = _ilp.solve", 'print("before")\npicked = _ilp.solve'
    )
    lines = python(code).decode().splitlines()
    assert lines[0] == "before" and len(json.loads(lines[1])) == 2 and len(lines) == 2
