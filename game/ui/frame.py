"""Drawing a frame from a cached still layer: the picture key, and the compositing `App.render` does.

A frame is two layers (see `game.ui.scene`): the scene's still part, kept as a picture and drawn again only
when its key changes, and the live part painted over it every frame. With a dialog or the watch overlay open,
they and the live part go into the layer too (they sit on top of it), keyed by the live part as well.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Protocol

import pygame

from game.ui.context import Context
from game.ui.picture import CachedKey, FrameKey, PictureKey

if TYPE_CHECKING:
    from game.ui.scene import Scene
    from game.ui.text import TextRecord



class WatchLayer(Protocol):
    """The `--watch` error overlay, as a frame sees it."""

    @property
    def shown(self) -> bool: ...

    def layer_key(self, app: Context) -> Hashable: ...

    def draw(self, surface: pygame.Surface, app: Context) -> None: ...


class FrameHost(Context, Protocol):
    """What a frame is drawn from: the window's context, the scene on screen and the `--watch` overlay."""

    @property
    def watch_overlay(self) -> WatchLayer | None: ...

    @property
    def scene(self) -> Scene: ...

    def frame_key(self, scene_key: Hashable, over: tuple[object, ...]) -> FrameKey: ...


class Frame:
    """The cached still layer of the screen, and the key of the frame last drawn."""

    def __init__(self, host: FrameHost) -> None:
        self.host = host
        self.moving = False  # whether the last update animated something (see `render`)
        self._layer: pygame.Surface | None = None
        self._layer_for: pygame.Surface | None = None  # the surface the layer was made for (its size and format)
        self._layer_key: CachedKey | None = None
        self._layer_records: list[TextRecord] = []
        self._shown_key: PictureKey | None = None  # the key of the frame last drawn

    def picture_key(self) -> PictureKey | None:
        """The frame as it would be drawn now (its still layer's key and its live part's); None when the
        screen (or a dialog over it) keeps no key, and is drawn whole every frame."""
        h = self.host
        scene = h.scene
        skey = scene.layer_key()
        if skey is None:
            return None
        over: list[object] = []
        if h.modal is not None:
            modal_key = getattr(h.modal, "layer_key", None)
            if modal_key is None:
                return None
            over.append(modal_key())
        if h.watch_overlay is not None and h.watch_overlay.shown:
            over.append(h.watch_overlay.layer_key(h))
        return PictureKey(h.frame_key(skey, tuple(over)), scene.live_key())

    def changed(self) -> bool:
        """Whether the frame drawn now would differ from the one on screen (always, for a screen without keys)."""
        key = self.picture_key()
        return key is None or key != self._shown_key

    def render(self) -> None:
        """Draw the current screen (and dialog) into the surface.

        The still part comes from the cached layer when its key is unchanged, so a frame costs one
        full-screen blit plus what moves; the layer's text records are put back, as if drawn again.
        A still screen that changed (a new node, the hover moving) is drawn straight onto the surface:
        its layer is made only when the same picture has to be drawn again, or when something starts
        to move over it.
        """
        h = self.host
        key = self.picture_key() if h.layer_cache else None
        new_picture = key is not None and key != self._shown_key and key.cached() != self._layer_key
        if new_picture and not self.moving:
            self._draw_whole()
            self._shown_key = self.picture_key()
            # The layer no longer shows the scene's last drawing: the rectangles it hit-tests with (cards,
            # choices, the typed line's box) are this frame's now, so the layer is never reused after it.
            self._layer_key = None
        elif key is None:
            self._draw_whole()
            self._shown_key = None
        else:
            layer = self._layer
            if layer is None or self._layer_for is not h.surface or layer.get_size() != h.size:
                layer = self._layer = h.surface.copy()  # the display's own pixel format: a fast blit
                self._layer_for, self._layer_key = h.surface, None
            if key.cached() != self._layer_key:
                h.text.records.clear()
                if self._grown(layer, key.layer):
                    self._layer_records += h.text.records
                else:
                    h.text.records.clear()
                    self._compose(layer, bool(key.layer.over))
                    self._layer_records = list(h.text.records)
                # Drawing settles layout state (a scroll clamped, focus kept on a button): key what was drawn.
                key = self.picture_key() or key
                self._layer_key = key.cached()
            h.surface.blit(layer, (0, 0))
            h.text.records[:] = self._layer_records
            if not key.layer.over:
                h.scene.draw_live(h.surface)
                if h.watch_overlay is not None:
                    h.watch_overlay.draw(h.surface, h)  # not shown: it only forgets its rectangle
            self._shown_key = key

    def _draw_whole(self) -> None:
        """Draw every part of the frame straight onto the surface, as a screen without a layer is drawn."""
        h = self.host
        h.text.records.clear()
        h.scene.draw(h.surface)
        h.scene.draw_live(h.surface)
        if h.modal is not None:
            h.modal.draw(h.surface, h)
        if h.watch_overlay is not None:
            h.watch_overlay.draw(h.surface, h)

    def _grown(self, layer: pygame.Surface, now: FrameKey) -> bool:
        """Whether the scene brought the layer up to date by drawing onto it what was added (`grow_layer`):
        only when no dialog was or is over it and nothing but the scene's own key changed."""
        old = self._layer_key
        if old is None or old.layer.over or now.over or not old.layer.same_but_scene(now):
            return False
        return self.host.scene.grow_layer(layer, old.layer.scene_key)

    def _compose(self, layer: pygame.Surface, over: bool) -> None:
        """Paint the still layer: the scene's still part, and with a dialog open, everything up to it."""
        h = self.host
        h.scene.draw(layer)
        if over:
            h.scene.draw_live(layer)
            if h.modal is not None:
                h.modal.draw(layer, h)
            if h.watch_overlay is not None:
                h.watch_overlay.draw(layer, h)
