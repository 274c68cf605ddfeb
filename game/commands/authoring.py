"""validate, lint, schema: the instructor's checks."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from game.commands import UserError, out, print_findings
from game.i18n import _, ngettext


def cmd_validate(args: argparse.Namespace) -> int:
    from game.scenario.lint import check_paths

    findings = [f for f in check_paths(args.paths, with_warnings=False) if f.severity == "error"]
    print_findings(findings, args.format)
    if args.format == "text":
        n = len(findings)
        sys.stderr.write((ngettext("{n} error", "{n} errors", n).format(n=n) if n else _("ok: no errors")) + "\n")
    return 1 if findings else 0


def _engine_warning_passes() -> list[Any]:
    try:
        from game.engine.analysis import lint_findings
    except ImportError as exc:  # lint still gives every static finding without the engine
        sys.stderr.write("rapport: " + _("path analysis unavailable ({problem}); condition checks skipped")
                         .format(problem=exc) + "\n")
        return []
    from game.ownwords import missing

    if missing() is not None:  # the own-words warning needs the model; without the extra it is skipped
        return [lint_findings]
    from game.ownwords.lint import similar_choices

    return [lint_findings, similar_choices]


def cmd_lint(args: argparse.Namespace) -> int:
    from game.scenario.lint import check_paths

    if args.lang is not None:
        from game.scenario.l10n import check_lang

        problem = check_lang(args.lang)
        if problem is not None:
            raise UserError(f"--lang: {problem}")
    findings = check_paths(args.paths, with_warnings=True, extra=_engine_warning_passes(), lang=args.lang)
    if not args.notes:  # notes are advice, asked for: the default output keeps the `error|warning` form
        findings = [f for f in findings if f.severity != "note"]
    print_findings(findings, args.format)
    errors = sum(f.severity == "error" for f in findings)
    warns = sum(f.severity == "warning" for f in findings)  # notes are shown, never counted (`--strict` too)
    if args.format == "text":
        sys.stderr.write(ngettext("{n} error", "{n} errors", errors).format(n=errors) + ", "
                         + ngettext("{n} warning", "{n} warnings", warns).format(n=warns) + "\n")
    return 1 if errors or (args.strict and warns) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.schema import scenario_schema

    out(json.dumps(scenario_schema(), indent=2))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from game.scenario.starter import slug, starter_text

    folder = Path(args.dir)
    if not folder.is_dir():
        raise UserError(_("no folder {path}; create it first, or pass --dir").format(path=folder))
    target = folder / f"{slug(args.name)}.yaml"
    if target.exists():
        raise UserError(_("{path} already exists; choose another name (nothing was overwritten)").format(path=target))
    target.write_text(starter_text(args.name, target), encoding="utf-8")
    out(_("wrote {path}").format(path=target))
    out(_("next: edit it, then run  rapport validate {path}  and  rapport play --text {path}").format(path=target))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from pathlib import Path

    from game.scenario import Scenario, ScenarioError, load_pack, load_scenario
    from game.scenario.stats import format_table, scenario_stats
    from game.scenario.tells import format_tells, pack_tells, scenario_tells

    scenarios: list[Scenario] = []
    broken = []
    for raw in args.paths:
        p = Path(raw)
        if p.is_dir():
            pack = load_pack(p)
            scenarios += list(pack.scenarios)
            broken += [b.first_error for b in pack.broken]
        elif p.is_file():
            try:
                scenarios.append(load_scenario(p))
            except ScenarioError as exc:
                broken.append(exc.findings[0])
        else:
            raise UserError(_("no such file or folder: {path}").format(path=p))
    rows = [scenario_stats(sc) for sc in scenarios]
    tells = [(sc.id or sc.title, scenario_tells(sc)) for sc in scenarios]
    total = pack_tells([t for _id, t in tells])
    if args.format == "json":
        out(json.dumps({
            "scenarios": [{**r.to_dict(), "tells": t.to_dict()} for r, (_id, t) in zip(rows, tells, strict=True)],
            "pack": {"scenarios": len(rows), "tells": total.to_dict()},
        }, indent=2))
    else:
        out(format_table(rows))
        out("")
        out(format_tells(tells, total if len(tells) > 1 else None))
    for f in broken:
        sys.stderr.write(_("skipped (broken): {finding}").format(finding=f) + "\n")
    return 1 if broken else 0


def cmd_l10n_extract(args: argparse.Namespace) -> int:
    from pathlib import Path

    from game.scenario import load_pack
    from game.scenario.l10n import write_pot

    root = Path(args.pack)
    if not root.is_dir():
        raise UserError(_("no pack folder at {path}; give the folder that holds the pack's .yaml files").format(path=root))
    pack = load_pack(root)
    problems = [*pack.findings, *(f for b in pack.broken for f in b.findings)]
    errors = [f for f in problems if f.severity == "error"]
    if errors:
        for f in errors:
            sys.stderr.write(f"{f}\n")
        sys.stderr.write("rapport: " + _("fix these errors first (`rapport validate` lists them); a catalog without "
                                         "these files' texts would drop their translations. l10n/messages.pot was "
                                         "not written.") + "\n")
        return 1
    if not pack.scenarios:
        raise UserError(_("{path} holds no scenario files; nothing to extract").format(path=root))
    path, changed = write_pot(pack)
    out((_("wrote {path}") if changed else _("up to date: {path}")).format(path=path))
    if changed:
        out(_("next: copy it to l10n/LANG.po (like es.po) to start a language, or merge it into the .po files "
              "you have (Poedit: Translation > Update from POT File); then run  rapport lint --lang LANG "
              "{path}").format(path=root))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("validate", help=_("check scenario files or pack folders for errors"))
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("lint", help=_("errors and warnings for scenario files or pack folders"))
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--strict", action="store_true", help=_("fail on warnings too"))
    p.add_argument("--notes", action="store_true",
                   help=_("also show notes: advice such as perspective-unmet, never counted, never failing --strict"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--lang", metavar="LANG",
                   help=_("also check the pack's translation l10n/LANG.po: every missing or stale entry "
                          "(lint's own words follow the Language setting and LANG, not --lang)"))
    p.set_defaults(func=cmd_lint, lang_is_ui=False)

    p = sub.add_parser("l10n", help=_("translations of a pack (gettext .po files in its l10n/ folder)"))
    l10n = p.add_subparsers(dest="l10n_command", metavar="ACTION", required=True)
    e = l10n.add_parser("extract", help=_("write or update PACK/l10n/messages.pot, the texts to translate"))
    e.add_argument("pack", metavar="PACK", help=_("the pack folder"))
    e.set_defaults(func=cmd_l10n_extract)

    p = sub.add_parser("schema", help=_("print the JSON Schema of a scenario file"))
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("new", help=_("write a commented starter scenario that validates"))
    p.add_argument("name", help=_("a name for the scenario, e.g. alumni-brunch"))
    p.add_argument("--dir", default=".", help=_("the folder to write it in (default: here)"))
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("stats", help=_("words, decisions, endings, play time and answer-key tells of each scenario"))
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_stats)
