"""web build: the static site that plays a pack in a browser (the work is in game/web/build.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.commands import UserError, out
from game.i18n import _, ngettext


def cmd_web_build(args: argparse.Namespace) -> int:
    import tempfile

    from game.web.build import WebBuildError, build_site, scorm_package

    def log(text: str) -> None:
        sys.stderr.write(f"rapport: {text}\n")

    if not args.out and not args.scorm:
        raise UserError(_("give --out DIR (the site), --scorm FILE.zip (a package for an LMS), or both"))
    if args.scorm and not str(args.scorm).lower().endswith(".zip"):
        raise UserError(_("--scorm {path}: the package is a zip file; name it like course.zip").format(path=args.scorm))
    with tempfile.TemporaryDirectory(prefix="rapport-site-") as tmp:
        site = Path(args.out) if args.out else Path(tmp) / "site"
        try:
            result = build_site(Path(args.pack), site, log=log, lrs=args.lrs, lrs_homepage=args.lrs_homepage,
                                lang=args.lang)
            package = scorm_package(site, Path(args.scorm)) if args.scorm else None
        except WebBuildError as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            raise UserError(_("cannot write {path}: {problem}").format(path=exc.filename or args.scorm,
                                                                       problem=exc.strerror or exc)) from None
    what = (ngettext("{n} scenario", "{n} scenarios", result.scenarios).format(n=result.scenarios) + ", "
            + ngettext("{n} picture", "{n} pictures", result.images).format(n=result.images) + ", "
            + _("{size} MB in all").format(size=f"{result.total_bytes / 2**20:.1f}"))
    if args.out:
        out(_("built {path}: {what}").format(path=result.out, what=what))
        out(_("serve the folder from any static web host, e.g. `python -m http.server -d {path}`").format(
            path=result.out))
        if args.lrs:
            out(_("statements go to {lrs}: allow this site's origin in the LRS's CORS settings, and open it as "
                  "index.html?auth=Basic%20<base64 key:secret> (or learners enter the key in Settings)").format(
                lrs=args.lrs.rstrip("/")))
    if package is not None:
        out(_("wrote the SCORM 1.2 package {path} ({size} MB; {what}); upload it to your LMS as a SCORM package")
            .format(path=package, size=f"{package.stat().st_size / 2**20:.1f}", what=what))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("web", help=_("build the browser version (a static site)"),
                       description=_("The browser version of Rapport: a static site that plays a pack."))
    web = p.add_subparsers(dest="web_command", metavar="COMMAND", required=True)
    b = web.add_parser("build", help=_("build a static site that plays every scenario of PACK"),
                       description=_("Check PACK with the desktop loader, compile it, draw its pictures, and write "
                                     "a static site (Pyodide runs the game's own Python in the page) to --out."))
    b.add_argument("pack", metavar="PACK", help=_("a folder of scenarios"))
    b.add_argument("--out", metavar="DIR", help=_("the folder to write the site to (new or empty)"))
    b.add_argument("--scorm", metavar="FILE.zip", help=_("also (or only) write the site as a SCORM 1.2 package"))
    b.add_argument("--lrs", metavar="URL", help=_("send xAPI statements from the browser to this LRS endpoint "
                     "(its xAPI base, e.g. https://lrs.example.org/xAPI); learners give the credentials"))
    b.add_argument("--lrs-homepage", metavar="URL", help=_("the learners' account homePage in statements "
                     "(as `rapport lrs configure --homepage`; default https://rapport.example)"))
    b.add_argument("--lang", metavar="LANG", help=_("the site's language (e.g. es): the page's own words from the "
                     "game's catalog, the pack's texts from its l10n/LANG.po; default the pack's language"))
    b.set_defaults(func=cmd_web_build)
