"""The scenario browser's data: every pack flattened into entries, good and broken.

The select screen lists what an instructor dropped into a folder, so a broken
file must show up (with its first error) next to the good ones rather than
disappear or stop the game.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.scenario import BrokenFile, Pack, Scenario, load_pack
from game.scenario.l10n import builtins_in_language
from game.scenario.model import DIFFICULTIES

log = logging.getLogger(__name__)

DIFFICULTY_ORDER = {d: i for i, d in enumerate(DIFFICULTIES)}


@dataclass(eq=False)
class Entry:
    """One row of the browser: a playable scenario or a broken file."""

    pack: Pack
    scenario: Scenario | None = None
    broken: BrokenFile | None = None
    error: str | None = None  # pack-level problem (missing folder, bad principles.yaml)

    @property
    def playable(self) -> bool:
        return self.scenario is not None

    @property
    def id(self) -> str:
        if self.scenario is not None:
            return str(self.scenario.id)
        if self.broken is not None:
            return self.broken.id
        return self.pack.title

    @property
    def title(self) -> str:
        if self.scenario is not None:
            return self.scenario.title
        if self.broken is not None:
            return Path(self.broken.path).name
        return self.pack.title

    @property
    def summary(self) -> str:
        return self.scenario.summary if self.scenario is not None else ""

    @property
    def first_error(self) -> str:
        if self.broken is not None:
            return str(self.broken.first_error)
        return self.error or ""

    @property
    def error_text(self) -> str:
        """The first error without the path (the card's title already names the file)."""
        if self.broken is not None:
            f = self.broken.first_error
            return f"Line {f.line}, column {f.column}: {f.message}"
        return self.error or ""

    @property
    def focus_names(self) -> list[str]:
        """Names of the principles this scenario trains, in the author's order."""
        if self.scenario is None:
            return []
        principles: dict[str, Any] = self.pack.principles
        return [principles[p].name if p in principles else p for p in self.scenario.focus]


@dataclass
class Catalog:
    """All packs the game was pointed at, as one list."""

    packs: list[Pack] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def load(cls, pack_dirs: list[Path], lang: str | None = None) -> Catalog:
        """Every pack in `pack_dirs`; with `lang`, each pack that has l10n/LANG.po comes translated (the
        others, and a catalog that cannot be read, keep their own language, with a line in the log)."""
        cat = cls()
        for d in pack_dirs:
            try:
                pack = load_pack(d)
            except (OSError, ValueError) as exc:  # a missing folder is a row, not a crash
                log.warning("could not open pack %s: %s", d, exc)
                pack = Pack(root=Path(d))
                cat.packs.append(pack)
                cat.entries.append(Entry(pack, error=f"{d}: {exc}"))
                continue
            cat.add(_in_language(pack, Path(d), lang) if lang else builtins_in_language(pack))
        return cat

    def add(self, pack: Pack) -> None:
        self.packs.append(pack)
        good = sorted(pack.scenarios, key=lambda s: (DIFFICULTY_ORDER.get(s.difficulty, 9), s.title.lower()))
        self.entries.extend(Entry(pack, scenario=s) for s in good)
        self.entries.extend(Entry(pack, broken=b) for b in pack.broken)
        for f in pack.findings:
            self.entries.append(Entry(pack, error=str(f)))

    @property
    def playable(self) -> list[Entry]:
        return [e for e in self.entries if e.playable]

    def find(self, key: str) -> Entry | None:
        """A playable entry by scenario id, file name or path (what `rapport play NAME` gets)."""
        stem = Path(key).stem.lower()
        for e in self.playable:
            sc = e.scenario
            assert sc is not None
            if key in (sc.id, sc.path) or stem == str(sc.id) or Path(sc.path).stem.lower() == stem:
                return e
        return None

    def next_after(self, entry: Entry | None) -> Entry | None:
        """The next playable scenario in list order, wrapping around."""
        items = self.playable
        if not items:
            return None
        idx = next((i for i, e in enumerate(items) if e is entry), None)
        return items[0] if idx is None else items[(idx + 1) % len(items)]


def _in_language(pack: Pack, root: Path, lang: str) -> Pack:
    from game.scenario import ScenarioError
    from game.scenario.l10n import load_translations, translate_pack

    try:
        return translate_pack(pack, load_translations(root, lang))
    except ScenarioError as exc:
        log.warning("%s: playing in the pack's own language", exc)
        return builtins_in_language(pack)  # the built-in principles and patterns in the game's language
