"""`rapport play --watch FILE`: reload the scenario when the author saves it, and keep their place.

Polling one `stat` every half second costs nothing measurable and needs no
file-watching library; the idle loop wakes for it anyway. A save that does not
load leaves the last good version playable and puts every error on screen
(file:line:col: message) until the file loads again. The pack's picture
folders (assets/portraits, assets/backgrounds) are watched too: a PNG added,
replaced or deleted there loads the file again, as a save does.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.i18n import _, ngettext
from game.scenario import Finding, Pack, Scenario, ScenarioError, load_scenario
from game.scenario.pack import ASSET_KINDS
from game.ui import draw

if TYPE_CHECKING:
    from game.ui.context import Context

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
_EARLY = 0.05  # the idle loop's half-second wait can end a hair early; that still counts as due


AssetSignature = tuple[tuple[str, tuple[tuple[str, int, int, int], ...] | None], ...]


class Watcher:
    """Polls one scenario file and hands each version that loads to `on_load`; calls `on_assets` when a
    PNG in the pack's picture folders was added, replaced or deleted."""

    def __init__(self, path: Path, pack: Pack, on_load: Callable[[Scenario], None],
                 clock: Callable[[], float], errors: list[Finding] | None = None,
                 on_assets: Callable[[], None] | None = None, lang: str | None = None) -> None:
        self.path = Path(path)
        self.pack = pack
        self.lang = lang  # played translated (`--lang`): l10n/LANG.po is watched and applied too
        self.on_load = on_load
        self.on_assets = on_assets
        self.clock = clock
        self.errors: list[Finding] = list(errors or [])
        self.reloads = 0
        self.asset_changes = 0  # how often the pack's pictures changed on disk
        self.checks = 0  # stats made (tests check the polling pace)
        self._sig = self._signature()
        self._po_sig = self._po_signature()
        self._assets = self._asset_signature()
        self._next = clock() + POLL_SECONDS

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size, st.st_ino

    def _po_path(self) -> Path | None:
        if not self.lang or self.pack.root is None:
            return None
        from game.scenario.l10n import po_path

        return po_path(self.pack.root, self.lang)

    def _po_signature(self) -> tuple[int, int, int] | None:
        path = self._po_path()
        if path is None:
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size, st.st_ino

    def _asset_signature(self) -> AssetSignature:
        """Every PNG in the pack's picture folders, with its mtime, size and inode (a replaced file, saved
        in place or renamed over, changes one of them; the folder's own mtime would miss the first)."""
        root = self.pack.root
        out: list[tuple[str, tuple[tuple[str, int, int, int], ...] | None]] = []
        for kind in ASSET_KINDS if root is not None else ():
            assert root is not None
            try:
                with os.scandir(root / "assets" / kind) as it:
                    files = []
                    for e in it:
                        if e.name.endswith(".png"):
                            try:
                                st = e.stat()
                            except OSError:  # deleted while listed
                                continue
                            files.append((e.name, st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:  # no such folder (yet)
                out.append((kind, None))
                continue
            out.append((kind, tuple(sorted(files))))
        return tuple(out)

    def poll(self) -> bool:
        """Check the file if half a second has passed; True when the screen must be redrawn."""
        now = self.clock()
        if now < self._next - _EARLY:
            return False
        self._next = now + POLL_SECONDS
        return self.check()

    def check(self) -> bool:
        """Stat the file now; reload it when it changed. True when something on screen changes.

        The pack's pictures are looked at too. When a PNG was added, replaced or deleted, `on_assets` is
        called (the pictures made from the old files are forgotten) and the file is loaded again: its
        checks look for the pictures it names (an unknown portrait is an error until its PNG is added),
        and the new version is drawn from scratch, with the new pictures.
        """
        self.checks += 1
        assets = self._asset_signature()
        pictures = assets != self._assets
        if pictures:
            self._assets = assets
            self.asset_changes += 1
            if self.on_assets is not None:
                self.on_assets()
        sig = self._signature()
        po = self._po_signature()
        if sig == self._sig and po == self._po_sig and not pictures:
            return False
        self._sig, self._po_sig = sig, po
        if sig is None:  # mid-save (some editors replace the file): wait for it to come back
            return pictures
        return self.reload()

    def reload(self) -> bool:
        try:
            scenario = self._translated(load_scenario(self.path, self.pack))
        except ScenarioError as exc:
            self.errors = list(exc.findings)
            log.info("%s does not load:\n%s", self.path, exc)
            return True
        except Exception as exc:  # an unreadable file or a loader bug: say so on screen, keep playing
            log.warning("could not load %s: %s", self.path, exc, exc_info=True)
            self.errors = [Finding(str(self.path), 1, 1, "error", "unreadable", f"could not load the file: {exc}")]
            return True
        self.errors = []
        self.reloads += 1
        self.on_load(scenario)
        return True


    def _translated(self, scenario: Scenario) -> Scenario:
        """The new version in the language played, from the catalog as it is on disk now (a .po that cannot be
        read is a ScenarioError naming its line, shown like the file's own errors)."""
        path = self._po_path()
        if not self.lang or self.pack.root is None or path is None or not path.is_file():
            return scenario
        from game.scenario.l10n import load_translations, scenario_in

        return scenario_in(scenario, load_translations(self.pack.root, self.lang))


class ErrorOverlay:
    """The load errors, over the top of the game; the last good version stays playable below it.

    Keys and clicks still reach the game underneath, except F2 or a click on
    the panel, which fold it into a small bar (and back) so the whole scene
    can be seen while the file is being fixed. A new failing save unfolds it.
    """

    MAX_SHARE = 0.55  # of the window's height; the game must stay visible below
    TOGGLE_KEY = pygame.K_F2

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.collapsed = False
        self._seen: list[Finding] = []

    @property
    def shown(self) -> bool:
        return bool(self.watcher.errors)

    def handle(self, event: pygame.event.Event) -> bool:
        """Fold or unfold on F2 or a click on the panel; True when the event was used."""
        if not self.shown:
            return False
        hit = (event.type == pygame.KEYDOWN and event.key == self.TOGGLE_KEY) or (
            event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.rect.collidepoint(event.pos))
        if hit:
            self.collapsed = not self.collapsed
        return hit

    def lines(self) -> list[str]:
        return [f"{f.file}:{f.line}:{f.column}: {f.message}" for f in self.watcher.errors]

    def layer_key(self, app: Context) -> tuple[object, ...]:
        """What the panel shows: the errors, folded or not, and whether an older version still plays."""
        entry = app.flow.entry
        return (self.shown, self.collapsed, tuple(self.lines()), self.watcher.path,
                entry is not None and entry.scenario is not None)

    def spoken(self) -> str:
        n = len(self.watcher.errors)
        head = ngettext("The scenario file has {n} error.", "The scenario file has {n} errors.", n).format(n=n)
        return " ".join([head, *self.lines()[:3]])

    def draw(self, surface: pygame.Surface, app: Context) -> None:
        if not self.shown:
            self.rect = pygame.Rect(0, 0, 0, 0)
            return
        if self.watcher.errors != self._seen:  # a new save that fails again: show what is wrong now
            self._seen = list(self.watcher.errors)
            self.collapsed = False
        if self.collapsed:
            self._bar(surface, app)
            return
        th, text = app.theme, app.text
        pal = th.palette
        w, h = surface.get_size()
        m = max(th.space(2), round(w * 0.03))
        pad = th.space(3)
        bar = th.space(0.75)
        cw = w - 2 * m
        iw = cw - 2 * pad - bar
        name = self.watcher.path.name
        title = _("Can't load {file}").format(file=name)
        hint = _("F2 folds this away")
        has_good = app.flow.entry is not None and app.flow.entry.scenario is not None
        sub = (_("Still playing the last version that loaded. Fix the file and save; this goes away.")
               if has_good else _("Fix the file and save; the scenario opens as soon as it loads."))
        title_h = text.line_height("h2", "black")
        sub_h = text.height(sub, iw, "body")
        limit = round(h * self.MAX_SHARE)
        top_h = pad + title_h + th.space(0.5) + sub_h + th.space(2)
        rows: list[tuple[str, int]] = []
        used = top_h + pad
        lines = self.lines()
        more_h = text.line_height("body", "bold")
        for i, line in enumerate(lines):
            clamped = text.clamp(line, iw, "body", max_lines=3)
            lh = text.height(clamped, iw, "body") + th.space(1)
            reserve = more_h if i < len(lines) - 1 else 0
            if used + lh + reserve > limit and rows:
                break
            rows.append((clamped, lh))
            used += lh
        hidden = len(lines) - len(rows)
        if hidden:
            used += more_h
        ch = min(limit, used)
        self.rect = pygame.Rect(m, m, cw, ch)
        draw.scrim(surface, th, rgba=(0, 0, 0, 60))
        draw.card(surface, self.rect, th, border=pal.bad)
        pygame.draw.rect(surface, pal.bad, (self.rect.x, self.rect.y, bar, self.rect.h),
                         border_top_left_radius=th.radius, border_bottom_left_radius=th.radius)
        x = self.rect.x + bar + pad
        y = self.rect.y + pad
        hint_w = text.theme.fonts.get("regular", text.theme.px("caption")).size(hint)[0]
        if hint_w < iw // 3:
            text.draw(surface, hint, pygame.Rect(x + iw - hint_w, y, hint_w, title_h), "caption", color=pal.ink_muted,
                      align="right", valign="middle", wrap=False)
        else:
            hint_w = -th.space(2)
        r = text.draw(surface, title, pygame.Rect(x, y, iw - hint_w - th.space(2), title_h), "h2", "black", pal.bad,
                      wrap=False)
        y = r.bottom + th.space(0.5)
        r = text.draw(surface, sub, pygame.Rect(x, y, iw, sub_h), "body", color=pal.ink_muted)
        y = r.bottom + th.space(2)
        bottom = self.rect.bottom - pad
        for line, lh in rows:
            box = pygame.Rect(x, y, iw, max(0, min(lh - th.space(1), bottom - y)))
            text.draw(surface, line, box, "body", color=pal.ink)
            y += lh
        if hidden:
            text.draw(surface, _("… and {n} more").format(n=hidden), pygame.Rect(x, y, iw, max(0, min(more_h, bottom - y + pad))),
                      "body", "bold", pal.ink_muted, wrap=False)


    def _bar(self, surface: pygame.Surface, app: Context) -> None:
        """Folded: one pill at the top, naming the file and how many errors wait in it."""
        th, text = app.theme, app.text
        pal = th.palette
        n = len(self.watcher.errors)
        label = ngettext("{file} doesn't load ({n} error)  ·  F2 shows them",
                         "{file} doesn't load ({n} errors)  ·  F2 shows them", n).format(file=self.watcher.path.name, n=n)
        w, _h = surface.get_size()
        pad = th.space(1.5)
        h = text.line_height("caption", "bold") + 2 * th.space(0.8)
        bw = min(round(w * 0.4), text.theme.fonts.get("bold", text.theme.px("caption")).size(label)[0] + 2 * pad)
        self.rect = pygame.Rect((w - bw) // 2, th.space(2), bw, h)
        pygame.draw.rect(surface, pal.bad, self.rect, border_radius=h // 2)
        text.draw(surface, label, self.rect.inflate(-2 * pad, 0), "caption", "bold", pal.accent_ink if
                  pal.border_width == 1 else (0, 0, 0), "center", "middle", wrap=False)


def start_watch(app: Context, path: str | os.PathLike[str]) -> Watcher | None:
    """Watch the scenario file the app was opened on; None when it is not in any of the app's packs."""
    target = Path(path).resolve()
    entry = next((e for e in app.catalog.entries if _path_of(e) == target), None)
    if entry is None:
        return None
    errors = entry.broken.findings if entry.broken is not None and entry.scenario is None else None

    def assets_changed() -> None:
        """A PNG of the pack was added, replaced or deleted: forget what was made from its files (where its
        names led, too), and draw the screen again (the reload that follows swaps in a new version)."""
        app.art.forget(entry.pack)
        app.visits += 1
        app.dirty = True

    lang = entry.scenario.origin.language if entry.scenario is not None else None  # translated by the catalog
    return Watcher(target, entry.pack, lambda sc: app.loaded_from_watch(entry, sc), app.clock, errors,
                   assets_changed, lang)


def _path_of(entry: Any) -> Path | None:
    if entry.scenario is not None and entry.scenario.path:
        return Path(entry.scenario.path).resolve()
    if entry.broken is not None:
        return Path(entry.broken.path).resolve()
    return None
