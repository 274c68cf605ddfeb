"""history, export, sync, lrs, report: the results commands (the work is in game/store/cli_commands.py)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from game.commands import UserError, out
from game.i18n import _


def _emit(result: Any) -> int:
    from game.textsafe import for_terminal

    text, code, warnings = result
    for w in warnings:
        sys.stderr.write(f"rapport: {for_terminal(w)}\n")
    if code == 2:
        raise UserError(for_terminal(text))
    if text:
        out(text) if code in (0, 3) else sys.stderr.write(for_terminal(text) + "\n")  # 3: written, some inputs skipped
    return int(code)


def _player(raw: str | None) -> str | None:
    """A --player name cleaned and bounded like every other name, or a sentence saying why not."""
    from game.textsafe import clean_player_name

    if raw is None:
        return None
    try:
        return clean_player_name(raw)
    except ValueError as exc:
        raise UserError(f"--player: {exc}") from None


def cmd_history(args: argparse.Namespace) -> int:
    from game.store import cli_commands

    return _emit(cli_commands.history(_player(args.player), format=args.format, scenario=args.scenario))


def cmd_export(args: argparse.Namespace) -> int:
    from game.store import cli_commands

    return _emit(cli_commands.export(args.format, args.out, since=args.since, player=args.player,
                                     all_players=args.all_players))


def cmd_sync(args: argparse.Namespace) -> int:
    from game.store import cli_commands

    return _emit(cli_commands.sync(timeout=args.timeout, retry_failed=args.retry_failed))


def cmd_lrs_configure(args: argparse.Namespace) -> int:
    from game.store import cli_commands

    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    return _emit(cli_commands.lrs_configure(args.endpoint, args.username, password, homepage=args.homepage,
                                            check=not args.no_check))


def cmd_lrs_status(args: argparse.Namespace) -> int:
    from game.store import cli_commands

    return _emit(cli_commands.lrs_status())


def cmd_report(args: argparse.Namespace) -> int:
    from game.store import cli_commands

    return _emit(cli_commands.report(args.paths, args.out, title=args.title, lrs=args.lrs, since=args.since,
                                     until=args.until, activities=args.activity or (),
                                     related_activities=args.related_activities, timeout=args.timeout,
                                     max_statements=args.max_statements))


def register(sub: Any) -> None:
    p = sub.add_parser("history", help=_("your attempts, principle trends and recurring patterns"))
    p.add_argument("--player", metavar="NAME", help=_("whose history (default: your user name)"))
    p.add_argument("--scenario", metavar="ID", help=_("only this scenario"))
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("export", help=_("write your attempts as CSV, JSON (for a facilitator) or xAPI"))
    p.add_argument("--format", choices=("csv", "json", "xapi"), required=True)
    p.add_argument("--out", metavar="FILE", required=True, help=_("the file to write, or - for the terminal"))
    p.add_argument("--since", metavar="DATE", help=_("only attempts started on or after this date (2026-11-20)"))
    who = p.add_mutually_exclusive_group()
    who.add_argument("--player", metavar="NAME", help=_("whose attempts (default: your user name)"))
    who.add_argument("--all-players", action="store_true", help=_("every profile on this computer"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("sync", help=_("send waiting xAPI statements to the Learning Record Store now"))
    p.add_argument("--timeout", type=float, default=10.0, metavar="S",
                   help=_("total seconds allowed for each request: connect, send and every read (default 10)"))
    p.add_argument("--retry-failed", action="store_true", help=_("also retry statements the LRS rejected"))
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("lrs", help=_("the Learning Record Store settings"))
    lrs = p.add_subparsers(dest="lrs_command", metavar="ACTION", required=True)
    c = lrs.add_parser("configure", help=_("save the LRS address and credentials (asks for the password)"))
    c.add_argument("--endpoint", required=True, metavar="URL", help=_("the xAPI base, e.g. https://lrs.example/xAPI"))
    c.add_argument("--username", required=True, metavar="NAME")
    c.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input"))
    c.add_argument("--homepage", metavar="URL", help=_("learners' account homePage (your institution's system)"))
    c.add_argument("--no-check", action="store_true", help=_("do not contact the LRS to check the credentials"))
    c.set_defaults(func=cmd_lrs_configure)
    s = lrs.add_parser("status", help=_("show the settings (password hidden) and the outbox"))
    s.set_defaults(func=cmd_lrs_status)

    p = sub.add_parser("report", help=_("a class report (HTML) from learners' exports or databases, or from the LRS"),
                       epilog=_("exit status: 0 written from everything; 3 written, some files or statements skipped"
                              " (named on stderr); 1 nothing written"))
    p.add_argument("paths", nargs="*", metavar="PATH", help=_("JSON exports, database files or folders of them"))
    p.add_argument("--out", required=True, metavar="FILE", help=_("the HTML page to write"))
    p.add_argument("--title", default=None, help=_('the page\'s heading (default "Class report", in the language '
                     "in use)"))
    g = p.add_argument_group(_("from the Learning Record Store (the one `rapport sync` sends to)"))
    g.add_argument("--lrs", action="store_true", help=_("also read the class's statements from the LRS"))
    g.add_argument("--since", metavar="WHEN", help=_("only statements timed after this date or time (2026-11-20,"
                                                     " 2026-11-20T14:00; a date is local midnight)"))
    g.add_argument("--until", metavar="WHEN", help=_("only statements timed up to this date (to the end of that"
                                                     " day) or time"))
    g.add_argument("--activity", action="append", metavar="ID",
                   help=_("only this scenario (its id) or activity (an IRI, e.g. a pack's); repeat for several"))
    g.add_argument("--related-activities", action=argparse.BooleanOptionalAction, default=True,
                   help=_("with --activity, also statements that name it as their parent or grouping (default:"
                          " yes, so a scenario brings its decisions and scores)"))
    g.add_argument("--timeout", type=float, default=30.0, metavar="S",
                   help=_("seconds allowed for each page (default 30)"))
    g.add_argument("--max-statements", type=int, default=1_000_000, metavar="N",
                   help=_("stop with a message past this many statements (default 1,000,000)"))
    p.set_defaults(func=cmd_report)
