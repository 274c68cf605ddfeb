"""The real model (the own-words extra): `rapport match`, the lint warning, and the game without the extra."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.ownwords import missing

ROOT = Path(__file__).resolve().parents[2]
needs_model = pytest.mark.skipif(missing() is not None, reason="needs the own-words extra (it is in the test lock)")

SIMILAR = """
title: Two alike
summary: Two choices that read the same.
characters:
  maya: {name: Maya Chen, role: Recruiter}
nodes:
  hello:
    speaker: maya
    text: Hi! What brings you by?
    choices:
      - id: ask-team
        text: Ask what her team is working on this year.
        examples: [What are you all building right now?]
        to: done
        score: {communication: 2}
        reply: Glad you asked.
        feedback: A question about her work.
      - id: ask-team-too
        text: Ask what her team is working on this year?
        to: done
        score: {communication: -1}
        reply: Sure.
        feedback: The same question.
      - id: resume
        text: Hand over your resume without a word.
        to: done
        score: {first_impression: -2}
        reply: Oh. Thanks.
        feedback: Paper before a greeting.
endings:
  done: {title: Done, text: That was it., outcome: mixed, perspective: {maya: Fine.}}
"""


def _rapport(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SDL_VIDEODRIVER": "dummy"}
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


@needs_model
def test_match_json_has_exactly_the_documented_keys(tmp_path: Path) -> None:
    f = tmp_path / "alike.yaml"
    f.write_text(SIMILAR)
    res = _rapport("match", str(f), "hello", "What are you all building right now?", "here is my resume",
                   "--format", "json")
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert [set(r) for r in rows] == [{"text", "choice", "score", "runner_up", "runner_up_score", "confident"}] * 2
    assert rows[0]["choice"] == "ask-team" and rows[0]["score"] > 0.9
    assert rows[1]["choice"] == "resume"
    assert isinstance(rows[1]["confident"], bool)


@needs_model
def test_match_errors_are_sentences(tmp_path: Path) -> None:
    f = tmp_path / "alike.yaml"
    f.write_text(SIMILAR)
    res = _rapport("match", str(f), "nowhere", "hi")
    assert res.returncode == 2 and "has no node `nowhere`" in res.stderr and "Traceback" not in res.stderr
    res = _rapport("match", str(tmp_path / "missing.yaml"), "hello", "hi")
    assert res.returncode == 2 and "Traceback" not in res.stderr


@needs_model
def test_lint_warns_about_two_choices_too_alike_to_tell_apart(tmp_path: Path) -> None:
    f = tmp_path / "alike.yaml"
    f.write_text(SIMILAR)
    res = _rapport("lint", "--format", "json", str(f))
    found = [x for x in json.loads(res.stdout) if x["code"] == "choices-too-similar"]
    assert len(found) == 1 and "`ask-team` and `ask-team-too`" in found[0]["message"]
    assert found[0]["line"] == SIMILAR.splitlines().index("      - id: ask-team") + 1  # the choice, 1-based


def test_without_the_extra_play_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.ownwords as ow

    monkeypatch.setattr(ow, "_MODULES", ("no_such_module_for_rapport",))
    hint = ow.missing()
    assert hint is not None and "OWN_WORDS=1" in hint and "own-words" in hint


def test_own_words_without_the_extra_plays_with_numbers(tmp_path: Path) -> None:
    f = tmp_path / "alike.yaml"
    f.write_text(SIMILAR)
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}:{ROOT}", "SDL_VIDEODRIVER": "dummy",
           "RAPPORT_DATA_DIR": str(tmp_path / "data")}
    # A module named like the extra's, that cannot be imported: the game must say so and play on.
    (tmp_path / "onnxruntime").mkdir()
    (tmp_path / "onnxruntime" / "__init__.py").write_text("raise ImportError('broken for the test')\n")
    shim = tmp_path / "sitecustomize.py"
    shim.write_text("import importlib.util as u\n_f = u.find_spec\n"
                    "u.find_spec = lambda n, *a, **k: None if n == 'tokenizers' else _f(n, *a, **k)\n")
    res = subprocess.run([sys.executable, "-m", "game", "play", "--text", "--own-words", str(f)], input="3\n",
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "own-words" in res.stderr and "numbered choices" in res.stderr
    assert "Your choice (1-3)" in res.stdout and "Traceback" not in res.stderr
