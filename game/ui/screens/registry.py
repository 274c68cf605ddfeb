"""One instance of each screen, keyed by the flow state that shows it (the App makes them at start), and the
dialogue among them as the App drives it (`dialogue_of`), so the App never imports a screen."""

from __future__ import annotations

from game.ui.context import Context, DialogueLines
from game.ui.scene import Scene
from game.ui.screens.briefing import BriefingScene
from game.ui.screens.debrief import DebriefScene, PastDebriefScene
from game.ui.screens.dialogue import DialogueScene
from game.ui.screens.discussion import DiscussionScene
from game.ui.screens.feedback import FeedbackScene
from game.ui.screens.history import HistoryScene
from game.ui.screens.select import SelectScene
from game.ui.screens.settings_screen import SettingsScene
from game.ui.screens.title import TitleScene

SCENES: list[type[Scene]] = [TitleScene, SelectScene, BriefingScene, DialogueScene, FeedbackScene, DiscussionScene,
                             DebriefScene, SettingsScene, HistoryScene, PastDebriefScene]


def make_scenes(app: Context) -> dict[str, Scene]:
    """One instance of each screen, keyed by the flow state that shows it."""
    return {cls.name: cls(app) for cls in SCENES}


def dialogue_of(scenes: dict[str, Scene]) -> DialogueLines:
    """The dialogue scene among `scenes`, as the window drives it (start its lines, place a speaker)."""
    scene = scenes[DialogueScene.name]
    assert isinstance(scene, DialogueScene)
    return scene
