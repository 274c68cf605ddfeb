"""Shared paths and helpers for the scenario-layer tests. Nothing here imports pygame."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GOOD = HERE / "good"
BROKEN = HERE / "broken"

# A small valid scenario (the corpus in broken/ is this file with one defect each).
BASE = """\
title: Booth
summary: A short booth visit.
focus: [first_impression]
characters:
  maya:
    name: Maya Chen
    role: Recruiter
nodes:
  approach:
    speaker: maya
    text: Hello there.
    choices:
      - text: Introduce yourself.
        to: pitch
        score: {first_impression: 2}
        rapport: {maya: 1}
        set: {introduced: true}
        feedback: Good.
      - text: Push your resume.
        to: pitch
        score: {first_impression: -2}
        pattern: hard_seller
        feedback: Too fast.
  pitch:
    speaker: maya
    text: What brings you here?
    branch:
      - if: introduced and maya.rapport >= 1
        to: warm
      - to: cold
endings:
  warm:
    title: Warm
    text: She takes your card.
    outcome: success
  cold:
    title: Cold
    text: She moves on.
    outcome: setback
"""


def child_env() -> dict[str, str]:
    """The environment for a child `python`: headless, no plugin scan, the repo importable."""
    env = dict(os.environ)
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_python(code: str, *args: str, timeout: float = 60, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout,
                          env=child_env(), cwd=cwd or REPO)


def run_rapport(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m game ARGS` in a child process, as an instructor would run `rapport ARGS`."""
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=timeout,
                          env=child_env(), cwd=cwd or REPO)


@pytest.fixture
def base_text() -> str:
    return BASE
