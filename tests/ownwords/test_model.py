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


EDGES = """
title: Edges
summary: A node with one choice, and one whose choices are all conditional.
characters:
  maya: {name: Maya Chen, role: Recruiter}
nodes:
  hello:
    speaker: maya
    text: Hi! What brings you by?
    choices:
      - id: internship
        text: Say you are looking for a summer internship.
        to: story
        set: {asked: true}
        feedback: Plain.
  story:
    speaker: maya
    text: We have a few.
    next: gated
  gated:
    speaker: maya
    text: Anything else?
    choices:
      - id: thanks
        if: asked
        text: Thank her for her time.
        to: done
        feedback: Kind.
      - id: card
        if: not asked
        text: Ask for her card.
        to: done
        feedback: Fine.
endings:
  done: {title: Done, text: That was it., outcome: mixed, perspective: {maya: Fine.}}
"""
KEYS = {"text", "choice", "score", "runner_up", "runner_up_score", "confident"}


@needs_model
def test_match_edge_inputs_keep_the_keys_and_blank_text_is_not_matched(tmp_path: Path) -> None:
    f = tmp_path / "edges.yaml"
    f.write_text(EDGES)
    long = "I am looking for a summer internship, " * 300
    texts = ["", "   ", long, "¿Tienen prácticas de verano? 夏季实习 😀", "I am not looking for an internship"]
    res = _rapport("match", str(f), "hello", *texts, "--format", "json")
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    rows = json.loads(res.stdout)
    assert [set(r) for r in rows] == [KEYS] * len(texts)
    assert [r["text"] for r in rows] == texts  # given back as typed
    for blank in rows[:2]:  # as in play: a blank answer is never matched
        assert blank["choice"] is None and blank["confident"] is False
    for r in rows[2:]:  # the node's one choice, with no runner-up
        assert r["choice"] == "internship" and r["runner_up"] is None and r["runner_up_score"] is None
    assert rows[2]["confident"] is True  # long text is cut to the model's length, not refused
    res = _rapport("match", str(f), "hello", "", "an internship")
    assert res.returncode == 0 and "nothing to match" in res.stdout.splitlines()[0]
    assert "internship" in res.stdout.splitlines()[1]
    # every choice is compared whatever its `if`, so a node whose choices are all conditional matches too
    res = _rapport("match", str(f), "gated", "thanks so much for your time", "--format", "json")
    assert res.returncode == 0, res.stderr
    (row,) = json.loads(res.stdout)
    assert row["choice"] == "thanks" and row["runner_up"] == "card"
    res = _rapport("match", str(f), "story", "hi")
    assert res.returncode == 2 and "has no choices to match" in res.stderr and "Traceback" not in res.stderr


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
