"""Portraits and backgrounds: a pack's own PNGs first, then art drawn by code.

`ArtLibrary` is the only door the scenes use. It caches every rendered
surface (drawing an avatar costs milliseconds, a frame must not), keyed by
what changes the pixels: key, mood and size. The cache is an LRU bounded by
the bytes of its pixels, because a window being resized (or a long workshop
through every scenario) would otherwise fill memory; so are the pack PNGs
loaded to make them (`FILE_BUDGET`). A scenario's pictures are painted ahead
(`prewarm`, while its briefing is read) and pinned while it is played, so no
line of dialogue waits for a brush; `unpin`, when the scenario is left, makes
them ordinary entries again.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pygame

from game.ui.art.avatar import MOODS, AvatarSpec, Mood, draw_avatar, look_key
from game.ui.art.backgrounds import PAINTERS, draw_background
from game.ui.text import SurfaceCache, surface_bytes

__all__ = ["ArtLibrary", "AssetSource", "Job", "MOODS", "Mood", "mood_for", "face_mood", "scenario_moods",
           "BUILTIN_SETTINGS"]

log = logging.getLogger(__name__)
BUILTIN_SETTINGS: tuple[str, ...] = tuple(PAINTERS)

# A pack's PNGs for the moods format 1.1 added: KEY_amused.png, else KEY_warm.png, else KEY.png.
_MOOD_FALLBACK: dict[str, str] = {"amused": "warm", "concerned": "cool", "surprised": "neutral"}


class AssetSource(Protocol):
    """What a pack offers for overrides (game.scenario.Pack satisfies it)."""

    def asset_path(self, kind: str, key: str) -> Path | None: ...


def mood_for(rapport: int) -> Mood:
    """Rapport to expression: the single rule, so every screen agrees."""
    if rapport >= 1:
        return "warm"
    if rapport <= -1:
        return "cool"
    return "neutral"


def face_mood(line_mood: str | None, rapport: int) -> Mood:
    """The face a character shows: the line's `mood` (a node's, or a choice's for its reply), else rapport's."""
    if line_mood in MOODS:
        return line_mood  # type: ignore[return-value]
    return mood_for(rapport)


def scenario_moods(scenario: Any) -> dict[str, list[Mood]]:
    """Every face each character of `scenario` can show: rapport's three, and the moods its lines name.

    A node's `mood` is its speaker's; a choice's is for its reply, spoken by whom the engine says
    (game.engine.session.reply_speaker). The briefing paints exactly these ahead, neutral first.
    """
    from game.engine.session import reply_speaker  # the title's first frame must not wait for the engine

    out: dict[str, list[Mood]] = {cid: ["neutral", "warm", "cool"] for cid in scenario.characters}
    for nid, node in scenario.nodes.items():
        if node.mood is not None and node.speaker in out and node.mood not in out[node.speaker]:
            out[node.speaker].append(node.mood)
        for choice in node.choices or ():
            if choice.mood is None or not choice.reply:
                continue
            who = reply_speaker(scenario, nid, choice.to)
            if who in out and choice.mood not in out[who]:
                out[who].append(choice.mood)
    return out


ART_BUDGET = 24 * 2**20  # bytes of pictures kept, or more while the scenario being played needs them (pinned)
PICTURES_OF_ART = 3  # the budget grows to hold at least this many of the largest picture (huge windows)
FILE_BUDGET = 16 * 2**20  # bytes of pack PNGs kept as loaded (the source of their scaled copies), or the newest one


class _LRU:
    """Painted pictures by key, bounded by the bytes of their pixels (`items` is a SurfaceCache)."""

    def __init__(self, budget: int) -> None:
        self.items = SurfaceCache(budget)

    def get(self, key: tuple[object, ...]) -> pygame.Surface | None:
        return self.items.hit(key)

    def put(self, key: tuple[object, ...], surf: pygame.Surface) -> pygame.Surface:
        self.items[key] = surf
        self.items.move_to_end(key)
        self.trim(surface_bytes(surf))
        return surf

    def trim(self, largest: int = 0) -> None:
        """Let the least recently used go (never a pinned one) until the pixels fit the budget, raised to
        hold PICTURES_OF_ART pictures of `largest` bytes."""
        self.items.trim(max(self.items.budget, PICTURES_OF_ART * largest))


@dataclass(frozen=True)
class Job:
    """One picture to paint ahead: the arguments of `portrait` (kind "portrait") or `background` ("bg")."""

    kind: str
    args: tuple[Any, ...]


class ArtLibrary:
    """Finds, draws, scales and caches every picture the scenes show."""

    def __init__(self, budget: int = ART_BUDGET) -> None:
        self._cache = _LRU(budget)
        # Pack PNGs as loaded, by path: kept while their scaled copies are made (three moods from one
        # KEY.png), then let go by FILE_BUDGET; a file that would not load is in `_bad` (until `forget`).
        self._files = SurfaceCache(FILE_BUDGET)
        self._bad: set[Path] = set()
        # Where a pack's asset names lead, by id(pack): (the pack, kept so the id stays its own, and
        # {(kind, name): path or None}). Looking on disk (resolve, is_file) every frame costs more than
        # drawing the picture from cache; `forget` drops a pack's answers when its files may have changed.
        self._paths: dict[int, tuple[object, dict[tuple[str, str], Path | None]]] = {}
        self._jobs: deque[Job] = deque()
        self._ahead: tuple[Job, ...] = ()  # the last `prewarm`'s jobs: the pictures of the scenario being played
        self.draw_count = 0  # how many pictures were actually painted (tests watch this)

    def _load(self, path: Path) -> pygame.Surface | None:
        if path in self._bad:
            return None
        img = self._files.hit(path)
        if img is None:
            # Imported here: the title's first frame must not wait for the scenario layer to load.
            from game.scenario.images import png_problem
            from game.textsafe import printable_name

            problem = png_problem(path)  # decode nothing whose header was not checked: no PNG bombs
            if problem is not None:
                log.warning("not loading %s (%s); drawing the built-in art instead", printable_name(path), problem)
                self._bad.add(path)
                return None
            try:
                img = pygame.image.load(str(path))
                img = img.convert_alpha() if pygame.display.get_surface() else img
            except (pygame.error, OSError) as exc:  # a bad PNG must not end a workshop
                log.warning("could not load %s (%s); drawing the built-in art instead", path, exc)
                self._bad.add(path)
                return None
            self._files[path] = img
            self._files.trim()
        return img

    def _pack_file(self, pack: AssetSource | None, kind: str, names: list[str]) -> Path | None:
        if pack is None:
            return None
        held = self._paths.get(id(pack))
        if held is None or held[0] is not pack:
            held = self._paths[id(pack)] = (pack, {})
        known = held[1]
        for name in names:
            if (kind, name) not in known:
                known[(kind, name)] = pack.asset_path(kind, name)
            path = known[(kind, name)]
            if path is not None:
                return path
        return None

    def forget(self, pack: AssetSource | None = None) -> None:
        """Look on disk again: a pack's files may have changed (--watch). Every pack when `pack` is None.

        Drops where the pack's names led, the PNGs loaded from it and the pictures made from them, so
        an image added, replaced or deleted shows from the next frame.
        """
        if pack is None:
            stale = {p for _, known in self._paths.values() for p in known.values() if p is not None}
            self._paths.clear()
        else:
            _, known = self._paths.pop(id(pack), (None, {}))
            stale = {p for p in known.values() if p is not None}
        stale |= {p for p in [*self._files, *self._bad] if pack is None or p in stale}
        for p in stale:
            self._files.pop(p, None)
            self._bad.discard(p)
        names = {str(p) for p in stale}
        for key in [k for k in self._cache.items if k[0] == "badge" or k[1] in names]:
            del self._cache.items[key]

    # -- painting ahead
    def prewarm(self, jobs: Iterable[Job]) -> None:
        """Queue pictures to paint before they are needed (`warm_step`, `warm_all`).

        They replace any earlier queue, and the pictures they make are pinned in the cache, beyond its
        budget, until `unpin` (or the next `prewarm`): they are the scenario being played, which must not
        repaint.
        """
        self._ahead = tuple(jobs)
        self._jobs = deque(self._ahead)
        self._cache.items.pinned.clear()

    def unpin(self) -> None:
        """The scenario was left (or finished): its pictures become ordinary entries, and the cache goes
        back within its budget, letting the least recently used go.

        Its jobs are queued again, so playing it again without a new briefing (Replay on the debrief,
        whose `begin` calls `warm_all`) pins them again, painting only what was let go meanwhile.
        """
        items = self._cache.items
        items.pinned.clear()
        self._jobs = deque(self._ahead)
        self._cache.trim(max(map(surface_bytes, items.values()), default=0))

    @property
    def pinned(self) -> int:
        """How many pictures are pinned (those of the scenario being played)."""
        return sum(1 for k in self._cache.items.pinned if k in self._cache.items)

    @property
    def warming(self) -> int:
        """How many queued pictures are still to paint."""
        return len(self._jobs)

    def warm_step(self) -> bool:
        """Paint the next queued picture (a cached one costs nothing); True while more remain."""
        while self._jobs:
            job = self._jobs.popleft()
            before = self.draw_count
            if job.kind == "portrait":
                key = self._portrait_key(*job.args)[1]
                self.portrait(*job.args)
            else:
                key = self._background_key(*job.args)[1]
                self.background(*job.args)
            self._cache.items.pinned.add(key)
            if self.draw_count != before:
                break
        return bool(self._jobs)

    def warm_all(self) -> None:
        """Paint whatever is still queued, now."""
        while self.warm_step():
            pass

    @staticmethod
    def portrait_job(character_id: str, key: str | None, mood: Mood, height: int,
                     pack: AssetSource | None = None, look: Any = None) -> Job:
        return Job("portrait", (character_id, key, mood, height, pack, look))

    @staticmethod
    def background_job(setting: str | None, size: tuple[int, int], pack: AssetSource | None = None) -> Job:
        return Job("bg", (setting, size, pack))

    def portrait(self, character_id: str, key: str | None, mood: Mood, height: int,
                 pack: AssetSource | None = None, look: Any = None) -> pygame.Surface:
        """The portrait of a character: `KEY_MOOD.png` or `KEY.png` in the pack, else drawn from `look`.

        `look` is the character's `Look` (format 1.1), or None: what it leaves out comes from the id.
        """
        height = max(8, int(height))
        path, ck = self._portrait_key(character_id, key, mood, height, pack, look)
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        img = self._load(path) if path else None
        self.draw_count += 1
        if img is not None:
            w = max(1, round(img.get_width() * height / img.get_height()))
            return self._cache.put(ck, pygame.transform.smoothscale(img, (w, height)))
        return self._cache.put(ck, draw_avatar(self.spec(character_id, key, look), mood, height))

    def badge(self, character_id: str, key: str | None, mood: Mood, diameter: int,
              ring: tuple[int, int, int], pack: AssetSource | None = None, look: Any = None) -> pygame.Surface:
        """Head and shoulders in a circle (briefing lists, history): the portrait, cropped and masked."""
        d = max(8, int(diameter))
        ck = ("badge", key or character_id, mood, d, ring, id(pack), look_key(look))
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        img = self.portrait(character_id, key, mood, round(d * 1.45), pack, look)
        out = pygame.Surface((d, d), pygame.SRCALPHA)
        pygame.draw.circle(out, ring, (d // 2, d // 2), d // 2)
        out.blit(img, ((d - img.get_width()) // 2, round(d * 0.06)))
        mask = pygame.Surface((d, d), pygame.SRCALPHA)
        pygame.draw.circle(mask, (255, 255, 255, 255), (d // 2, d // 2), d // 2)
        out.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        return self._cache.put(ck, out)

    def _portrait_key(self, character_id: str, key: str | None, mood: Mood, height: int,
                      pack: AssetSource | None = None, look: Any = None) -> tuple[Path | None, tuple[object, ...]]:
        height = max(8, int(height))
        names = [f"{key}_{mood}", *([f"{key}_{_MOOD_FALLBACK[mood]}"] if mood in _MOOD_FALLBACK else []), key] \
            if key else []
        path = self._pack_file(pack, "portraits", names)
        if path is not None:
            return path, ("portrait", str(path), mood, height)
        return path, ("portrait", key or character_id, mood, height, look_key(look))

    @staticmethod
    def spec(character_id: str, key: str | None, look: Any = None) -> AvatarSpec:
        """Who is drawn: a preset key (recruiter_2) seeds the person, so it is the same one in every
        scenario, and dresses them for the role unless `look` names an outfit."""
        role = (key or "").rsplit("_", 1)[0] if key else None
        return AvatarSpec.for_id(key or character_id, look, role)

    def background(self, setting: str | None, size: tuple[int, int],
                   pack: AssetSource | None = None) -> pygame.Surface:
        """The setting's background, covering `size` (cropped, never stretched out of shape)."""
        size = (max(1, size[0]), max(1, size[1]))
        path, ck = self._background_key(setting, size, pack)
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        img = self._load(path) if path else None
        self.draw_count += 1
        if img is None:
            return self._cache.put(ck, draw_background(setting, size))
        scale = max(size[0] / img.get_width(), size[1] / img.get_height())
        scaled = pygame.transform.smoothscale(
            img, (max(1, round(img.get_width() * scale)), max(1, round(img.get_height() * scale))))
        out = pygame.Surface(size)
        out.blit(scaled, ((size[0] - scaled.get_width()) // 2, (size[1] - scaled.get_height()) // 2))
        return self._cache.put(ck, out)

    def _background_key(self, setting: str | None, size: tuple[int, int],
                        pack: AssetSource | None = None) -> tuple[Path | None, tuple[object, ...]]:
        size = (max(1, size[0]), max(1, size[1]))
        path = self._pack_file(pack, "backgrounds", [setting] if setting else [])
        return path, ("bg", str(path) if path else setting, size)
