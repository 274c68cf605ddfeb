"""Subcommands of `rapport`, one module per area. Each module's `register(sub)` adds its parsers.

Registration must stay cheap: heavy imports (pydantic, pygame, sqlite) happen inside the handlers.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any


class UserError(Exception):
    """A problem the user can fix; printed as one line, never a traceback."""


def out(text: str) -> None:
    """Print a command's output; control characters from files, names or servers show as escapes."""
    from game.textsafe import for_terminal

    text = for_terminal(text)
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def print_findings(findings: Iterable[Any], fmt: str) -> None:
    if fmt == "json":
        out(json.dumps([f.to_dict() for f in findings], indent=2))
    else:
        for f in findings:
            out(str(f))


# Modules whose `register(sub)` is called, in help order.
MODULES = ("game.commands.play", "game.commands.authoring", "game.commands.engine", "game.commands.results",
           "game.commands.web", "game.commands.ownwords")
