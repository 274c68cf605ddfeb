"""play: the game window when there is a display, terminal play (`--text`) otherwise."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from game.commands import UserError
from game.i18n import N_, _, ngettext

NO_DISPLAY = N_("No display found; playing in the terminal.") + "\n"  # the English line; shown translated
WINDOW_FAILED = 3  # game.ui.window.run's status when no window can open


def default_pack() -> Path:
    """The pack that ships with the game: the repository's `scenarios/` folder."""
    import game

    return Path(game.__file__).resolve().parent.parent / "scenarios"


def display_available() -> bool:
    """Whether a window could open: a dummy SDL driver or a Linux session without X/Wayland has none."""
    driver = os.environ.get("SDL_VIDEODRIVER", "").lower()
    if driver in ("dummy", "offscreen"):
        return False
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or driver)
    return True


def user_packs() -> list[Path]:
    """Packs an instructor dropped into the user's data folder (`<data>/packs/NAME/`)."""
    from game.store.db import data_dir

    root = data_dir() / "packs"
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def _packs_and_scenario(args: argparse.Namespace) -> tuple[list[Path], str | None]:
    if args.file:
        target = Path(args.file)
        if target.is_file():
            return [target.resolve().parent], str(target.resolve())
        if target.suffix.lower() in (".yaml", ".yml") or "/" in args.file:
            raise UserError(_("no scenario file at {path}").format(path=args.file))
        scenario: str | None = args.file  # an id in the pack
    else:
        scenario = args.scenario
    if args.pack:
        return [Path(args.pack)], scenario
    return [default_pack(), *user_packs()], scenario


def open_store(args: argparse.Namespace) -> tuple[Any, Any]:
    """The results database and the background xAPI sender (None when no LRS is configured)."""
    from game.store import Database
    from game.store.lrs_config import ConfigError
    from game.store.outbox import start_background_sync

    db = Database()
    for note in db.notices:
        sys.stderr.write(f"rapport: {note}\n")
    try:
        sender = start_background_sync(db.path)
    except ConfigError as exc:  # a broken LRS setting must not keep anyone from playing
        sys.stderr.write("rapport: " + _("warning: {problem}. Playing without sending results to the LRS.")
                         .format(problem=exc) + "\n")
        sender = None
    return db, sender


def player_name(args: argparse.Namespace) -> str | None:
    """Workshop sessions are kept under their own profile, so they don't mix with a facilitator's own."""
    if args.player:
        from game.textsafe import clean_player_name

        try:
            return clean_player_name(str(args.player))
        except ValueError as exc:
            raise UserError(f"--player: {exc}") from None
    return "Workshop" if getattr(args, "workshop", False) else None


def _try_window(args: argparse.Namespace) -> int | None:
    """Play in the window; None when there is no display or no window front end to use.

    When the game opens on its title (no scenario named), the window opens and the title's first frame is
    on screen before anything heavy loads (game.ui.boot); the front end, the results store and the packs
    follow, and the game carries on in the same window.
    """
    if not display_available():
        return None
    import importlib

    first = None
    if not (args.file or args.scenario):  # the title is the first screen: show it at once
        try:
            boot = importlib.import_module("game.ui.boot")  # pygame is imported only here, on the window path
        except ImportError:
            return None
        extra = {"fullscreen": True} if getattr(args, "fullscreen", False) else {}
        first = boot.show_title(player=player_name(args), workshop=args.workshop, lang=check_lang_arg(args), **extra)
        if first is None:  # no window can open
            return None
    try:
        return _play_in_window(args, first)
    finally:
        if first is not None:
            first.close()  # run() has shut the window already, unless the game stopped before it


def _play_in_window(args: argparse.Namespace, first: Any) -> int | None:
    import importlib

    try:
        app = importlib.import_module("game.ui.window")
        from game.play.store_results import StoreResults
    except ImportError:
        return None
    run = getattr(app, "run", None)
    if run is None:
        return None
    packs, scenario = _packs_and_scenario(args)
    db, sender = open_store(args)
    try:
        results = StoreResults(db, player_name(args), sender=sender)
        kwargs: dict[str, Any] = {"scenario": scenario, "player": player_name(args), "workshop": args.workshop,
                                  "results": results}
        if getattr(args, "watch", False):
            kwargs["watch"] = True
        if getattr(args, "in_order", False):
            kwargs["in_order"] = True
        lang = check_lang_arg(args)
        if lang is not None:
            kwargs["lang"] = lang
        if _own_words_wanted(args):
            kwargs["own_words"] = True  # for this run; the model loads in the background once the window is up
        if getattr(args, "fullscreen", False):
            kwargs["fullscreen"] = True
        if first is not None:
            kwargs["first_frame"] = first
        status = int(run(packs, **kwargs))
    finally:
        if sender is not None:
            sender.close()
    return None if status == WINDOW_FAILED else status


def make_recorder(args: argparse.Namespace, scenario: Any, mode: str, db: Any, sender: Any, session: Any) -> Any:
    """The attempt recorder text play calls at each decision, at the end, or when abandoned; it keeps the
    session's seed and order, so resuming the attempt shows the options as they were."""
    from game.store import Recorder

    pack = scenario.pack.title if getattr(scenario, "pack", None) is not None else None
    return Recorder(db, player_name(args), scenario, mode, pack=pack, seed=session.seed, in_order=session.in_order,
                    sender=sender)


def check_lang_arg(args: argparse.Namespace) -> str | None:
    """`--lang`, checked: a language code, or None for the pack's own language."""
    lang = getattr(args, "lang", None)
    if not lang:
        return None
    from game.scenario.l10n import check_lang

    problem = check_lang(lang)
    if problem is not None:
        raise UserError(f"--lang: {problem}")
    return str(lang)


def _translations(args: argparse.Namespace, root: Path | None) -> Any:
    """The pack's catalog for `--lang`, or None without `--lang`. Raises _Broken when it is missing or broken."""
    lang = check_lang_arg(args)
    if lang is None:
        return None
    from game.scenario import ScenarioError
    from game.scenario.l10n import load_translations

    if root is None:
        raise UserError(_("--lang needs a scenario in a pack folder (its translations are in the folder's l10n/)"))
    try:
        return load_translations(root, lang)
    except ScenarioError as exc:
        raise _Broken(exc.findings) from None


def _choose_scenario(args: argparse.Namespace) -> Any:
    """The scenario to play, or None (nothing chosen: end of input). Raises _Broken for a broken file.

    With `--lang`, the scenario (and the list to choose from) comes translated."""
    from game.scenario import ScenarioError, load_pack, load_scenario
    from game.scenario.l10n import builtins_in_language, scenario_in, scenario_with_builtins, translate_pack
    from game.text_play import pick_scenario

    if args.file and (Path(args.file).is_file() or Path(args.file).suffix.lower() in (".yaml", ".yml")):
        try:
            sc = load_scenario(args.file)
        except ScenarioError as exc:
            raise _Broken(exc.findings) from None
        tr = _translations(args, Path(args.file).resolve().parent)
        return scenario_with_builtins(sc) if tr is None else scenario_in(sc, tr)
    if args.file:
        args.scenario = args.file
    root = Path(args.pack) if args.pack else default_pack()
    if not root.is_dir():
        raise UserError(_("no pack folder at {path}; pass --pack DIR or a scenario FILE").format(path=root))
    pack = load_pack(root)
    if pack.findings:
        raise _Broken(pack.findings)
    tr = _translations(args, root)
    # Without a catalog of the pack's, the built-in principles and patterns still come in the game's language.
    pack = builtins_in_language(pack) if tr is None else translate_pack(pack, tr)
    if args.scenario:
        found = pack.scenario(args.scenario)
        if found is not None:
            return found
        broken = next((b for b in pack.broken if b.id == args.scenario), None)
        if broken is not None:
            raise _Broken(broken.findings)
        ids = [s.id or "" for s in pack.scenarios]
        raise UserError(ngettext("no scenario `{id}` in {path}; the one scenario is: {ids}",
                                 "no scenario `{id}` in {path}; the scenarios are: {ids}", len(ids))
                        .format(id=args.scenario, path=root, ids=", ".join(ids)) if ids else
                        _("no scenario `{id}` in {path}, and no playable scenario there").format(
                            id=args.scenario, path=root))
    return pick_scenario(pack)


class _Broken(Exception):
    def __init__(self, findings: list[Any]):
        super().__init__(str(findings[0]) if findings else "broken")
        self.findings = findings


def _own_words_wanted(args: argparse.Namespace) -> bool:
    """Whether `--own-words` can apply: not in workshop mode, and with the extra installed (else a line says why)."""
    if not getattr(args, "own_words", False):
        return False
    if getattr(args, "workshop", False):
        sys.stderr.write("rapport: " + _("workshop mode keeps lettered choices; --own-words is ignored.") + "\n")
        return False
    from game.ownwords import missing

    hint = missing()
    if hint:
        sys.stderr.write("rapport: " + _("{hint} Playing with numbered choices for now.").format(hint=hint) + "\n")
        return False
    return True


def _own_words(args: argparse.Namespace) -> Any:
    """An OwnWords for `--own-words` when the extra is installed; otherwise None, and a line saying why."""
    if not _own_words_wanted(args):
        return None
    from game.ownwords.prompt import OwnWords

    return OwnWords()  # the model loads in the background while the briefing is read


def play_in_terminal(args: argparse.Namespace) -> int:
    from game.engine.session import Mode
    from game.text_play import interrupted_attempt, play_or_continue

    try:
        sc = _choose_scenario(args)
    except _Broken as exc:
        for f in exc.findings:
            sys.stderr.write(f"{f}\n")
        return 1
    if sc is None:
        return 0
    mode: Mode = "assessment" if args.assess else "practice"
    own_words = _own_words(args)
    db, sender = open_store(args)
    try:
        # Offers to continue an interrupted attempt of `sc` (when stdin is a terminal); the recorder of a new
        # attempt is made only once the player has chosen, since making it closes the interrupted one.
        play_or_continue(sc, mode=mode, new_recorder=lambda s: make_recorder(args, sc, mode, db, sender, s),
                         interrupted=interrupted_attempt(db, player_name(args), sc, sender=sender),
                         in_order=bool(getattr(args, "in_order", False)), own_words=own_words)
    finally:
        if sender is not None:
            sender.close()
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    check_lang_arg(args)  # a bad --lang is said before any window opens
    if not args.text:
        status = _try_window(args)
        if status is not None:
            return status
        sys.stderr.write(_(NO_DISPLAY.rstrip("\n")) + "\n")
    return play_in_terminal(args)


def cmd_screens(args: argparse.Namespace) -> int:
    import re

    m = re.fullmatch(r"(\d{3,4})x(\d{3,4})", args.size)
    if not m:
        raise UserError(_("--size takes WIDTHxHEIGHT, like 1280x800 (got {size})").format(size=repr(args.size)))
    size = (int(m.group(1)), int(m.group(2)))
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.ui.screens import render_all

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = render_all(out_dir, [Path(args.pack) if args.pack else default_pack()], size,
                         text_size=args.text_size, lang=check_lang_arg(args))
    for path in written:
        sys.stdout.write(f"{path}\n")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("play", help=_("play (the window, or the terminal with --text)"),
                       description=_("Play a scenario. With no FILE, choose one from the pack."))
    p.add_argument("file", nargs="?", metavar="SCENARIO", help=_("a scenario file, or the id of one in the pack"))
    p.add_argument("--text", action="store_true",
                   help=_("play in the terminal (screen readers, no display); one number a line"))
    p.add_argument("--pack", metavar="DIR", help=_("a folder of scenarios (default: the game's own)"))
    p.add_argument("--scenario", metavar="ID", help=_("play this scenario of the pack without the list"))
    p.add_argument("--assess", action="store_true", help=_("assessment mode: all feedback waits for the debrief"))
    p.add_argument("--player", metavar="NAME", help=_("whose progress to record (default: your user name)"))
    p.add_argument("--workshop", action="store_true",
                   help=_("workshop mode for a projected class: lettered choices, discussion prompts, reveal all"))
    p.add_argument("--fullscreen", action="store_true",
                   help=_("open the window fullscreen at the desktop's size, for this run (F11 switches back)"))
    p.add_argument("--watch", action="store_true",
                   help=_("reload the scenario when its file changes, keeping your place (for authors)"))
    p.add_argument("--own-words", action="store_true",
                   help=_("answer in your own words: type what you would say, and the game maps it to a choice "
                          "(needs the own-words extra)"))
    p.add_argument("--in-order", action="store_true",
                   help=_("show every node's options in file order instead of shuffled (for authors checking a path)"))
    p.add_argument("--lang", metavar="LANG",
                   help=_("play in this language, like `--lang es`: the window's own words (over the Language "
                          "setting) and the pack's translation l10n/LANG.po; a missing or stale entry shows the "
                          "source text"))
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("screens", help=_("render every screen to PNG files, without a display"))
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--pack", metavar="DIR", help=_("a folder of scenarios (default: the game's own)"))
    p.add_argument("--size", default="1280x800", metavar="WxH", help=_("window size (default 1280x800)"))
    p.add_argument("--text-size", default="medium", choices=("small", "medium", "large", "projector"),
                   help=_("the text size to render at (default medium)"))
    p.add_argument("--lang", metavar="LANG",
                   help=_("render in this language, like `--lang es` (the window's words and the pack's l10n/LANG.po)"))
    p.set_defaults(func=cmd_screens)
