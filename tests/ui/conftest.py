"""Headless pygame for every UI test: the dummy drivers are set before pygame is imported."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui.app import App  # noqa: E402
from game.ui.catalog import Catalog  # noqa: E402
from game.ui.results import MemoryResults  # noqa: E402
from game.ui.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "scenarios"

# A small pack that exercises every dialogue feature: a scene break, a reply,
# feedback, a pattern, a timer, a discussion prompt, narration with `next`,
# a branch, two characters and three endings. Plus one broken file.
SCENARIO = """\
id: booth-test
title: Test Booth
summary: A short conversation at a booth, for tests.
goal: Leave with a way to follow up.
setting: career_fair
difficulty: beginner
minutes: 3
focus: [first_impression, communication]
characters:
  maya:
    name: Maya Chen
    role: Campus recruiter, Northwind Analytics
  devon:
    name: Devon Price
    role: Analyst
    portrait: engineer_2
start: approach
nodes:
  approach:
    scene: Spring career fair
    speaker: narrator
    text: The booth is busy. Maya finishes a conversation and looks your way.
    choices:
      - text: Smile, wait, and introduce yourself by name.
        to: pitch
        score: {first_impression: 2}
        rapport: {maya: 1}
        feedback: A calm, clear introduction lets her place you.
      - text: Push your resume across the table before saying a word.
        to: pitch
        score: {first_impression: -2, communication: -1}
        rapport: {maya: -1}
        pattern: hard_seller
        reply: Oh. Thanks, I guess.
        feedback: Leading with paper skips the person in front of you.
  pitch:
    speaker: maya
    text: So, what brings you to Northwind?
    timer: 20
    discuss: What would you say first?
    choices:
      - text: Ask what her team is working on this year.
        to: aside
        score: {communication: 2}
        feedback: A question about her work opens the conversation.
      - text: List every project on your resume.
        to: aside
        score: {communication: -2}
        pattern: hard_seller
        feedback: A monologue leaves no room for her.
  aside:
    speaker: narrator
    text: Devon, her colleague, waves from the other end of the table.
    next: devon_talk
  devon_talk:
    speaker: devon
    text: Want a brochure? We have too many.
    choices:
      - text: Take one and thank him by name.
        to: later
        rapport: {devon: 1}
        score: {communication: 1}
        feedback: Everyone at the booth counts.
      - text: Ignore him and wait for Maya.
        to: later
        rapport: {devon: -1}
        pattern: self_server
        feedback: He notices, and so does Maya.
  later:
    scene: Two days later
    setting: home_office
    speaker: narrator
    text: Your inbox is full.
    branch:
      - if: maya.rapport >= 1
        to: warm_lead
      - to: quiet_end
endings:
  warm_lead:
    title: A warm lead
    text: Maya forwards your note to her manager.
    outcome: success
  quiet_end:
    title: The trail goes cold
    text: Without a follow-up, the conversation fades.
    outcome: setback
  unused_end:
    title: Never reached
    text: No path leads here.
    outcome: mixed
"""

SECOND = SCENARIO.replace("id: booth-test", "id: booth-two").replace("title: Test Booth", "title: Second Booth")
BROKEN = "title: Broken one\nsummary: [unclosed\n"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    d = tmp_path / "pack"
    d.mkdir()
    (d / "booth.yaml").write_text(SCENARIO, encoding="utf-8")
    (d / "second.yaml").write_text(SECOND, encoding="utf-8")
    (d / "zz-broken.yaml").write_text(BROKEN, encoding="utf-8")
    return d


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def make_app(pack_dir: Path) -> Iterator[Callable[..., App]]:
    """Build a headless App on a plain Surface; keyword args override settings."""
    pygame.display.init()
    pygame.font.init()

    def build(size: tuple[int, int] = (1280, 800), packs: list[Path] | None = None, workshop: bool = False,
              **settings: object) -> App:
        s = Settings(**{"reduced_motion": True, **settings})  # type: ignore[arg-type]
        return App(Catalog.load(packs or [pack_dir]), s, results=MemoryResults(), surface=pygame.Surface(size),
                   seed=0, in_order=True, clock=FakeClock(), workshop=workshop)

    yield build
    pygame.event.clear()


def press(app: App, key: int, mod: int = 0, render: bool = True) -> None:
    """A real KEYDOWN through pygame's queue, then one app tick."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    app.step(0.0)
    if render:
        app.render()


def click(app: App, pos: tuple[int, int]) -> None:
    """Move there and click, as a mouse would, then one app tick."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    app.step(0.0)
    app.render()


class Helpers:
    """What the tests share, handed out as the `ui` fixture (tests never import conftest)."""

    SHIPPED = SHIPPED
    SCENARIO = SCENARIO
    FakeClock = FakeClock
    press = staticmethod(press)
    click = staticmethod(click)


@pytest.fixture
def ui() -> type[Helpers]:
    return Helpers
