"""`rapport`: one command with subcommands. Imports are lazy, so commands without a window never load pygame."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from game import __version__, i18n
from game.commands import MODULES, UserError
from game.i18n import N_, _

# Commands whose `--lang` names a translation to work on, not the language to speak (their parsers set
# `lang_is_ui=False`; `rapport lint --lang es` checks a pack's Spanish). Their --help stays in the UI language.
LANG_IS_NOT_UI = frozenset({"lint"})

# Python's argparse writes its own words through the `_` and `ngettext` of its module (the gettext domain
# `argparse`, which no Python ships in Spanish). speak_argparse() points those at game.i18n, so these come from
# our catalog; marked here so that `make locale` extracts them. Each is argparse's exact msgid (Python 3.11).
ARGPARSE_WORDS = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("expected one argument"), N_("expected at least one argument"), N_("expected at most one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"), N_("ignored explicit argument %r"),
)


def speak_argparse() -> None:
    """argparse's own words ("usage:", "options:", "error:") in the language in use, from our catalog.

    argparse binds `from gettext import gettext as _, ngettext` at import and calls them when it builds a parser
    and when it formats help or an error; rebinding those two names is the one hook it has. In English (no
    catalog) game.i18n returns every message unchanged, so the output is byte for byte argparse's own."""
    vars(argparse).update(_=i18n._, ngettext=i18n.ngettext)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `command`, only as far as the module that registers that command.

    Every subcommand's parser costs time to build (argparse looks up translations for each help
    string), and only `rapport --help` or a mistyped command needs them all.
    """
    parser = argparse.ArgumentParser(
        prog="rapport",
        description=_("Rapport: practice professional networking, one conversation at a time."),
    )
    parser.add_argument("--version", action="version", version=f"rapport {__version__}",
                        help=_("show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in MODULES:
        importlib.import_module(name).register(sub)
        if command is not None and command in sub.choices:
            break
    return parser


def command_named(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` asks for ("play" for a bare `rapport`); None when it starts with an option."""
    if not argv:
        return "play"
    return None if argv[0].startswith("-") else argv[0]


def lang_in_argv(argv: Sequence[str]) -> str | None:
    """The value of `--lang X` or `--lang=X` in `argv` (the last one wins, as in argparse); None without one, or
    for a command whose --lang is not the UI language (LANG_IS_NOT_UI). A cheap look before the parser exists,
    so that --help is written in that language; the parsed value is applied again after parsing."""
    if command_named(argv) in LANG_IS_NOT_UI:
        return None
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg[len("--lang="):]
    return found


def use_language(args: argparse.Namespace, environ: dict[str, str] | None = None) -> str:
    """Speak the language the window would: `--lang`, then the Language setting, then the environment (LANG...),
    then English, string by string (game/i18n.py). Returns the language in use. A bad `--lang` is left for the
    command to refuse, in English. A command whose `--lang` names something else to work on (`rapport lint
    --lang es` checks the pack's Spanish translation) sets `lang_is_ui=False`: its own words follow the setting
    and the environment, as for an instructor who checks a translation in a language they may not read."""
    import re

    lang = (getattr(args, "lang", None) or None) if getattr(args, "lang_is_ui", True) else None
    if lang is not None and not re.match(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8}){0,3}$", str(lang)):
        lang = None  # the same rule as game.scenario.l10n.check_lang, without loading the scenario layer
    setting = None
    if lang is None:
        try:
            from game.ui.settings import default_path, load

            setting = load(default_path()).language
        except Exception:  # an unreadable settings file never stops a command
            setting = None
    return i18n.set_language(i18n.choose(lang, setting, environ))


def main(argv: Sequence[str] | None = None) -> int:
    # Rapport uses no pydantic plugins; skipping their discovery saves scanning every installed package.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    argv = list(sys.argv[1:] if argv is None else argv)
    speak_argparse()
    use_language(argparse.Namespace(lang=lang_in_argv(argv)))  # before the parser: --help in that language
    parser = build_parser(command_named(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if getattr(args, "command", None) is None:  # plain `rapport` plays the game
            args = parser.parse_args(["play", *(argv or [])])
        else:
            build_parser().print_help()  # the whole list of commands
            return 0
    use_language(args)
    try:
        return int(args.func(args))
    except UserError as exc:
        from game.textsafe import for_terminal

        sys.stderr.write(f"rapport: {for_terminal(exc)}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("\nrapport: " + _("stopped.") + "\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: one line, never a traceback
        from game.store.db import StoreError  # a store problem the user can fix: its own sentence

        if isinstance(exc, StoreError):
            from game.store.cli_commands import store_error_message

            sys.stderr.write(store_error_message(exc) + "\n")
            return 1
        sys.stderr.write("rapport: " + _("internal error: {error}. Please report it with the command you ran.")
                         .format(error=f"{type(exc).__name__}: {exc}") + "\n")
        return 3


if __name__ == "__main__":
    sys.exit(main())
