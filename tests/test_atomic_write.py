"""``cli.common.write``: outputs are replaced atomically; a failed or killed run keeps the old file."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsbrief.cli.common import write


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_success_replaces_the_file_and_keeps_its_mode(tmp_path):
    out = tmp_path / "brief.md"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert write("new text é\n", out) == 0
    assert out.read_text(encoding="utf-8") == "new text é\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_new_file_gets_default_permissions(tmp_path):
    out = tmp_path / "new.jsonl"
    assert write("x\n", out) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failure_while_writing_keeps_old_content_and_no_temp_file(tmp_path, monkeypatch, capsys, failing):
    out = tmp_path / "out.jsonl"
    out.write_text("previous output\n", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    assert write("half written " * 1000, out) == 1
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "previous output\n"
    assert _leftovers(tmp_path) == []
    err = capsys.readouterr().err
    assert "out.jsonl: cannot write (No space left on device)" in err and "\n" == err[-1]


def test_interrupt_while_writing_removes_the_temp_file(tmp_path, monkeypatch):
    out = tmp_path / "out.md"
    out.write_text("previous\n", encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write("new", out)
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "previous\n" and _leftovers(tmp_path) == []


def test_kill_9_mid_write_keeps_the_previous_file(tmp_path):
    """A real SIGKILL after the data went out but before the rename: the old file is intact."""
    out = tmp_path / "brief.md"
    out.write_text("the previous brief\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from newsbrief.cli.common import write
        os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
        write("x" * 5_000_000, Path({str(out)!r}))
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert r.returncode == -signal.SIGKILL
    assert out.read_text(encoding="utf-8") == "the previous brief\n"


def test_missing_folder_and_folder_target_are_one_line_errors(tmp_path, capsys):
    assert write("x", tmp_path / "no" / "such" / "out.md") == 1
    assert write("x", tmp_path) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("newsbrief: error: ") for line in err)
    assert "it is a folder" in err[1]


def test_symlink_target_is_replaced_and_link_kept(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert write("new", link) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_devices_are_written_directly():
    assert write("discarded", Path(os.devnull)) == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_cli_output_is_atomic(tmp_path):
    """``newsbrief clean -o`` through the command line replaces the file in one step."""
    from newsbrief.cli import main

    src = tmp_path / "a.txt"
    src.write_text("A Headline Here\n\nThe first body sentence is long enough to count. "
                   "And another one follows it.\n", encoding="utf-8")
    out = tmp_path / "out" / "clean.jsonl"
    out.parent.mkdir()
    out.write_text("stale\n", encoding="utf-8")
    assert main(["clean", str(src), "-o", str(out)]) == 0
    assert '"id": "a.txt"' in out.read_text(encoding="utf-8")
    assert _leftovers(out.parent) == []
