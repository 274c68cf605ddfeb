"""Lint: every error and warning for files or pack folders, all findings in one pass."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from game.i18n import _
from game.scenario.errors import Finding, ScenarioError
from game.scenario.model import Scenario
from game.scenario.pack import Pack, _display, load_pack, load_pack_meta, parse_scenario, scenario_files
from game.scenario.yamlread import read_file

# Extra warning passes registered by higher layers (the engine's path analysis) — kept as a
# hook so this layer never imports the engine.
WarningPass = Callable[[Scenario], list[Finding]]


def warnings(scenario: Scenario) -> list[Finding]:
    """Warnings for a scenario that loaded. Filled in by `lint_rules`."""
    from game.scenario.lint_rules import static_warnings

    return static_warnings(scenario)


def translation_check(root: Path, scenarios: list[Scenario], lang: str, pack: Pack | None) -> list[Finding]:
    """`lint --lang`: the missing and stale entries of the pack's catalog for `lang`, for `scenarios`; with the
    whole `pack`, also its principles and the catalog's entries that name no text."""
    from game.scenario.l10n import load_translations, principle_places, scenario_places, translation_findings

    try:
        tr = load_translations(root, lang)
    except ScenarioError as exc:
        return exc.findings
    places = [p for sc in sorted(scenarios, key=lambda s: s.path) for p in scenario_places(sc)]
    if pack is not None:
        places += principle_places(pack)
    return translation_findings(places, tr, whole_pack=pack is not None)


def check_paths(paths: Iterable[str | os.PathLike[str]], *, with_warnings: bool,
                extra: Iterable[WarningPass] = (), lang: str | None = None) -> list[Finding]:
    """Errors (and warnings) for files and pack folders; with `lang`, the translation's warnings too.
    Never raises for bad input."""
    found: list[Finding] = []
    extra = list(extra)

    def scenario_warnings(sc: Scenario) -> None:
        if with_warnings:
            static = warnings(sc)
            found.extend(static)
            # A node no link reaches is also unreachable under conditions: say it once, the static way.
            said = {(f.file, f.line, f.column, f.code) for f in static}
            for fn in extra:
                found.extend(f for f in fn(sc) if (f.file, f.line, f.column, f.code) not in said)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            pack = load_pack(p)
            found.extend(pack.findings)
            for broken in pack.broken:
                found.extend(broken.findings)
            for sc in pack.scenarios:
                scenario_warnings(sc)
            if lang is not None:
                found.extend(translation_check(p, pack.scenarios, lang, pack))
            if not pack.scenarios and not pack.broken and not pack.findings:
                found.append(Finding(_display(p), 1, 1, "warning", "empty-pack",
                                     _("this folder holds no *.yaml or *.yml scenario files.")))
        elif p.is_file():
            pack = load_pack_meta(p.parent)
            if pack.findings:
                found.extend(pack.findings)
            try:
                sc = parse_scenario(read_file(str(p), _display(p)), pack, p.stem.lower())
            except ScenarioError as exc:
                found.extend(exc.findings)
                continue
            scenario_warnings(sc)
            if lang is not None:
                found.extend(translation_check(p.parent, [sc], lang, None))
        else:
            found.append(Finding(str(p), 1, 1, "error", "not-found",
                                 _("no such file or folder; check the path.")))
    return sorted(set(found), key=lambda f: (f.file, f.line, f.column, f.severity, f.code, f.message))


__all__ = ["check_paths", "warnings", "scenario_files"]
