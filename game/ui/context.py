"""The typed context a scene gets: what a screen may read and call of the window, instead of the whole `App`.

`App` satisfies `Context` (structurally), and every scene, dialog and overlay is typed against it, so
none of them imports `game.ui.app`: the window sits on top of the screens, never beside them (see the
import-circle check in tests/ui/test_ui_measures.py). A scene gets it when made (`Scene(ctx)`) and
reads it on every `enter`, where the flow's state (`ctx.flow`) says what to show.

What a scene needs of the dialogue scene (the setting it last showed, pausing its voice, a speaker's
name) is `DialogueView`, so feedback and discussion screens do not depend on `DialogueScene`; what the
window itself asks of it (start its lines, where a speaker stands) is `DialogueLines`, so the app does not
import it either (the registry, game.ui.screens.registry, hands it over).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pygame

    from game.engine.session import Beat, Option
    from game.ownwords.match import Matcher
    from game.scenario import Scenario
    from game.ui.art import ArtLibrary
    from game.ui.catalog import Catalog, Entry
    from game.ui.flow import Flow
    from game.ui.results import ResultsSource
    from game.ui.settings import Settings
    from game.ui.stack import Overlay
    from game.ui.text import TextRenderer
    from game.ui.theme import FontBook, Theme


class DialogueView(Protocol):
    """What the other screens read of the dialogue: the setting behind it, its voice, its speakers."""

    @property
    def setting(self) -> str | None: ...

    def pause(self) -> None: ...

    def speaker_name(self, speaker: str) -> str: ...


class DialogueLines(DialogueView, Protocol):
    """What the window asks of the dialogue besides: start playing beats, and where a speaker would stand."""

    def start(self, beats: list[Beat], resumed: bool = False) -> None: ...

    def stage(self, size: tuple[int, int], role: str | None,
              name: str | None = None) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]: ...


class OwnWordsModel(Protocol):
    """The model that matches a typed answer to the choices (`game.ownwords.prompt.OwnWords`), as a screen uses it."""

    def ready(self) -> bool: ...

    @property
    def error(self) -> BaseException | None: ...

    def matcher(self, options: Sequence[Option]) -> Matcher: ...


class Context(Protocol):
    """The window's services and state, as the scenes, dialogs and overlays see them."""

    # what is drawn with
    surface: pygame.Surface
    theme: Theme
    text: TextRenderer
    art: ArtLibrary
    fonts: FontBook
    # what is played, and by whom
    catalog: Catalog
    settings: Settings
    results: ResultsSource
    player: str | None
    workshop: bool
    flow: Flow
    # the window's run
    window: bool
    running: bool  # False closes the window
    dirty: bool
    visits: int
    frames: int  # frames drawn so far
    layer_cache: bool
    clock: Callable[[], float]
    lang_override: str | None
    saved_fullscreen: bool | None
    text_size_override: str | None

    @property
    def size(self) -> tuple[int, int]: ...

    @property
    def dialogue(self) -> DialogueView: ...

    @property
    def modal(self) -> Overlay | None: ...

    @property
    def text_size(self) -> str: ...

    @property
    def own_words(self) -> bool: ...

    @property
    def own_words_wanted(self) -> bool: ...

    def own_words_missing(self) -> str | None: ...

    def own_words_model(self) -> OwnWordsModel | None: ...

    def set_own_words(self, on: bool) -> None: ...

    def set_text_size(self, size: str) -> None: ...

    def refresh_theme(self) -> None: ...

    def apply_language(self) -> str: ...

    def apply_display_mode(self) -> None: ...

    def save_settings(self) -> None: ...

    def speak(self, text: str) -> None: ...

    def open_modal(self, modal: Overlay) -> None: ...

    def close_modal(self) -> None: ...

    def loaded_from_watch(self, entry: Entry, scenario: Scenario) -> None: ...


__all__ = ["Context", "DialogueLines", "DialogueView", "OwnWordsModel"]
