"""`rapport`: one command with subcommands. Imports are lazy, so commands without a window never load pygame."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]


class UserError(Exception):
    """A problem the user can fix; printed as one line, never a traceback."""


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def _print_findings(findings: list, fmt: str) -> None:  # type: ignore[type-arg]
    if fmt == "json":
        _out(json.dumps([f.to_dict() for f in findings], indent=2))
    else:
        for f in findings:
            _out(str(f))


def cmd_validate(args: argparse.Namespace) -> int:
    from game.scenario.lint import check_paths

    findings = [f for f in check_paths(args.paths, with_warnings=False) if f.severity == "error"]
    _print_findings(findings, args.format)
    if args.format == "text":
        n = len(findings)
        sys.stderr.write(f"{n} error{'s' if n != 1 else ''}\n" if n else "ok: no errors\n")
    return 1 if findings else 0


def _engine_warning_passes() -> list:  # type: ignore[type-arg]
    try:
        from game.engine.analysis import lint_findings
    except ImportError:  # the engine is optional for lint
        return []
    return [lint_findings]


def cmd_lint(args: argparse.Namespace) -> int:
    from game.scenario.lint import check_paths

    findings = check_paths(args.paths, with_warnings=True, extra=_engine_warning_passes())
    _print_findings(findings, args.format)
    errors = sum(f.severity == "error" for f in findings)
    warns = len(findings) - errors
    if args.format == "text":
        sys.stderr.write(f"{errors} error{'s' if errors != 1 else ''}, {warns} warning{'s' if warns != 1 else ''}\n")
    return 1 if errors or (args.strict and warns) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.schema import scenario_schema

    _out(json.dumps(scenario_schema(), indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rapport",
        description="Rapport: practise professional networking, one conversation at a time.",
    )
    parser.add_argument("--version", action="version", version="rapport 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except UserError as exc:
        sys.stderr.write(f"rapport: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("\nrapport: stopped.\n")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
