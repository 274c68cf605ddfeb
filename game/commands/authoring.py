"""validate, lint, schema: the instructor's checks."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from game.commands import out, print_findings


def cmd_validate(args: argparse.Namespace) -> int:
    from game.scenario.lint import check_paths

    findings = [f for f in check_paths(args.paths, with_warnings=False) if f.severity == "error"]
    print_findings(findings, args.format)
    if args.format == "text":
        n = len(findings)
        sys.stderr.write(f"{n} error{'s' if n != 1 else ''}\n" if n else "ok: no errors\n")
    return 1 if findings else 0


def _engine_warning_passes() -> list[Any]:
    from game.engine.analysis import lint_findings

    return [lint_findings]


def cmd_lint(args: argparse.Namespace) -> int:
    from game.scenario.lint import check_paths

    findings = check_paths(args.paths, with_warnings=True, extra=_engine_warning_passes())
    print_findings(findings, args.format)
    errors = sum(f.severity == "error" for f in findings)
    warns = len(findings) - errors
    if args.format == "text":
        sys.stderr.write(f"{errors} error{'s' if errors != 1 else ''}, {warns} warning{'s' if warns != 1 else ''}\n")
    return 1 if errors or (args.strict and warns) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.schema import scenario_schema

    out(json.dumps(scenario_schema(), indent=2))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("validate", help="check scenario files or pack folders for errors")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("lint", help="errors and warnings for scenario files or pack folders")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_lint)

    p = sub.add_parser("schema", help="print the JSON Schema of a scenario file")
    p.set_defaults(func=cmd_schema)
