"""The keys `App.render` keeps a frame's pictures by (see game.ui.scene for the two layers).

A frame's `PictureKey` is its still layer's `FrameKey` and its live part's key. The layer is kept
under `PictureKey.cached()`: the layer's key alone, or with a dialog or the watch overlay over the
scene (`FrameKey.over`), the live part too, since they are then painted into the layer.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace

from game.ui.scene import Same


@dataclass(frozen=True)
class FrameKey:
    """Everything the still layer shows: the screen, window, theme and settings, and the scene's own key."""

    state: str
    scene: Same
    visits: int
    size: tuple[int, int]
    theme: Same
    palette: Same
    text_size: str
    settings: tuple[object, ...]
    text_size_override: str | None
    workshop: bool
    player: object
    entry: Same
    session: Same
    scene_key: Hashable  # the scene's `layer_key()`
    over: tuple[object, ...]  # the keys of a dialog and the watch overlay over the scene, when shown

    def same_but_scene(self, other: FrameKey) -> bool:
        """Whether only the scene's own key differs (a scene may then grow the layer, `Scene.grow_layer`)."""
        return replace(self, scene_key=None) == replace(other, scene_key=None)


@dataclass(frozen=True)
class CachedKey:
    """The kept layer's key: the frame's layer, and the live part when it was painted into the layer."""

    layer: FrameKey
    live: Hashable = None


@dataclass(frozen=True)
class PictureKey:
    """A frame as it would be drawn now: its still layer and its live part."""

    layer: FrameKey
    live: Hashable

    def cached(self) -> CachedKey:
        return CachedKey(self.layer, self.live if self.layer.over else None)
