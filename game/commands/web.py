"""web build: the static site that plays a pack in a browser (the work is in game/web/build.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.commands import UserError, out


def cmd_web_build(args: argparse.Namespace) -> int:
    from game.web.build import WebBuildError, build_site

    def log(text: str) -> None:
        sys.stderr.write(f"rapport: {text}\n")

    try:
        result = build_site(Path(args.pack), Path(args.out), log=log)
    except WebBuildError as exc:
        raise UserError(str(exc)) from None
    out(f"built {result.out}: {result.scenarios} scenarios, {result.images} pictures, "
        f"{result.total_bytes / 2**20:.1f} MB in all")
    out(f"serve the folder from any static web host, e.g. `python -m http.server -d {result.out}`")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("web", help="build the browser version (a static site)",
                       description="The browser version of Rapport: a static site that plays a pack.")
    web = p.add_subparsers(dest="web_command", metavar="COMMAND", required=True)
    b = web.add_parser("build", help="build a static site that plays every scenario of PACK",
                       description="Check PACK with the desktop loader, compile it, draw its pictures, and write "
                                   "a static site (Pyodide runs the game's own Python in the page) to --out.")
    b.add_argument("pack", metavar="PACK", help="a folder of scenarios")
    b.add_argument("--out", required=True, metavar="DIR", help="the folder to write the site to (new or empty)")
    b.set_defaults(func=cmd_web_build)
