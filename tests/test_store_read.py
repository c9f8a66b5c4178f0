"""A kept story is read back as it was rendered, without the text stage (issue 9: fast reads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from newsbrief.options import Options
from newsbrief.pipeline import sample_path
from newsbrief.render import render
from newsbrief.store import Store
from newsbrief.store.briefs import kept_document, story_brief, story_document


def test_document_is_kept_per_format_and_dropped_when_the_story_changes(tmp_path: Path) -> None:
    files = sorted(sample_path().glob("*.txt"))
    with Store.open(tmp_path / "s.sqlite") as store:
        store.add(files[:4])
        sid = store.stories()[0].id
        for fmt in ("json", "markdown", "html"):
            options = Options(format=fmt)
            assert kept_document(store, sid, options) is None
            made = story_document(store, sid, options)
            assert made == render(story_brief(store, sid, options), fmt)
            assert kept_document(store, sid, options) == made
        assert kept_document(store, sid, Options(format="json", words=60)) is None  # other options
        store.add(files[4:])  # the 3 March article joins the story: its briefs are made again
        assert kept_document(store, sid, Options(format="json")) is None
        assert "March 3" in json.dumps(json.loads(story_document(store, sid, Options(format="json"))))


def test_reading_a_kept_story_does_not_load_the_text_stage(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    env = {**os.environ, "NEWSBRIEF_STORE": str(db)}
    exe = [sys.executable, "-c", "import sys; from newsbrief.cli import main; code = main(sys.argv[1:]);"
           " print('nltk' in sys.modules, 'numpy' in sys.modules, file=sys.stderr); sys.exit(code)"]
    subprocess.run([*exe, "-q", "add", str(sample_path())], env=env, check=True, capture_output=True)
    first = subprocess.run([*exe, "story", "s1", "--format", "json"], env=env, capture_output=True, text=True)
    again = subprocess.run([*exe, "story", "s1", "--format", "json"], env=env, capture_output=True, text=True)
    assert first.returncode == again.returncode == 0
    assert first.stdout == again.stdout and json.loads(again.stdout)["summary"]
    assert first.stderr.split()[-2:] == ["True", "True"]  # made: the text stage ran
    assert again.stderr.split()[-2:] == ["False", "False"]  # kept: one row read, nothing imported
