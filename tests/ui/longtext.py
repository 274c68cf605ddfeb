"""Long strings: a pseudo-localized copy of a pack, about 30% longer, as a translation would make it.

Every word a player reads grows by roughly a third (accented letters stand in for another language, so a
cut shows at a glance), ids, keys and conditions are left alone, and the built-in principles and patterns
of the loaded packs are lengthened the same way.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from game.scenario.model import Pattern, Principle
from game.ui.catalog import Catalog

# The keys whose values a player reads (scenario text, ending text, people, principles).
TEXT_KEYS = {"title", "summary", "goal", "text", "name", "role", "feedback", "reply", "scene", "discuss",
             "reflect", "description", "tip"}
ACCENTS = str.maketrans("aeiouAEIOUcn", "àéîõüÀÉÎÕÜçñ")


def longer(s: str, ratio: float = 0.3) -> str:
    """`s` about `ratio` longer: each longer word gains accented letters, so wrapping moves as it would."""
    out = []
    for word in s.split(" "):
        extra = round(len(word) * ratio) if len(word) > 2 else 0
        core = word.translate(ACCENTS)
        out.append(core + ("ë" * extra))
    return " ".join(out)


def _walk(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: (_walk(v, k) if k != "perspective" else {c: longer(t) for c, t in v.items()})
                for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, key) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        return longer(value)
    return value


def long_pack(src: Path, dst: Path) -> Path:
    """A copy of the pack at `src` in `dst` with every player-facing string lengthened."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.iterdir()):
        if f.suffix in (".yaml", ".yml"):
            doc = yaml.safe_load(f.read_text(encoding="utf-8"))
            if f.name not in ("pack.yaml", "pack.yml"):
                doc = _walk(doc)
            (dst / f.name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        elif f.is_dir():
            shutil.copytree(f, dst / f.name)
    return dst


def lengthen_builtins(catalog: Catalog) -> None:
    """Lengthen the principles and patterns every pack of the catalog shows (they are built in, not in YAML)."""
    seen: set[int] = set()
    for entry in catalog.entries:
        pack = entry.pack
        if id(pack) in seen:
            continue
        seen.add(id(pack))
        # New records in new dicts: the built-in ones are shared (cached) by every pack in the process.
        pack.principles = {k: Principle(name=longer(p.name), summary=longer(p.summary), tip=longer(p.tip))
                           for k, p in pack.principles.items()}
        pack.patterns = {k: Pattern(name=longer(p.name), principle=p.principle, summary=longer(p.summary),
                                    tip=longer(p.tip) if p.tip else None) for k, p in pack.patterns.items()}
