"""match: test how answers in a player's own words map onto a node's choices."""

from __future__ import annotations

import argparse
import json
from typing import Any

from game.commands import UserError, out
from game.i18n import _


def cmd_match(args: argparse.Namespace) -> int:
    from game.ownwords import missing

    hint = missing()
    if hint:
        raise UserError(hint)
    from game.ownwords.lint import candidates_of
    from game.ownwords.match import Matcher
    from game.ownwords.model import OwnWordsUnavailable, shared_embedder
    from game.scenario import ScenarioError, load_scenario

    try:
        sc = load_scenario(args.scenario)
    except ScenarioError as exc:
        raise UserError(_("{problem} (run  rapport validate {path}  for every error)").format(
            problem=exc, path=args.scenario)) from None
    except OSError as exc:
        raise UserError(_("cannot read {path}: {problem}").format(path=args.scenario,
                                                                   problem=exc.strerror or exc)) from None
    node = sc.nodes.get(args.node)
    if node is None:
        raise UserError(_("{path} has no node `{node}`; its nodes are: {nodes}").format(
            path=args.scenario, node=args.node, nodes=", ".join(sc.nodes)))
    cands = candidates_of(node)
    if not cands:
        raise UserError(_("node `{node}` has no choices to match (it is a story line); pick a node with choices")
                        .format(node=args.node))
    try:
        matcher = Matcher(cands, shared_embedder().embed)
    except OwnWordsUnavailable as exc:
        raise UserError(str(exc)) from None
    # As in play, the text is stripped first, and a blank answer is never matched: the game asks again.
    results = [matcher.match(t.strip()) if t.strip() else None for t in args.texts]
    if args.format == "json":
        out(json.dumps([r.as_json() | {"text": t} if r is not None else _blank(t)
                        for t, r in zip(args.texts, results)], indent=2))
        return 0
    for t, r in zip(args.texts, results):
        if r is None:
            out(f"{t!r} -> " + _("nothing to match: a blank answer is not matched, the game asks again"))
            continue
        second = (", " + _("runner-up {choice} ({score})").format(choice=r.runner_up, score=f"{r.runner_up_score:.2f}")
                  if r.runner_up is not None else "")
        verdict = _("confident") if r.confident else _("not sure")
        out(f"{t!r} -> {r.choice} ({r.score:.2f}{second}): {verdict}")
    return 0


def _blank(text: str) -> dict[str, Any]:
    """The JSON for a blank TEXT: the same keys, no choice, and not confident."""
    return {"text": text, "choice": None, "score": 0.0, "runner_up": None, "runner_up_score": None,
            "confident": False}


def register(sub: Any) -> None:
    p = sub.add_parser("match", help=_("how typed answers map onto a node's choices (needs the own-words extra)"),
                       description=_("For each TEXT: the choice it maps to, its similarity, the runner-up, and "
                                     "whether the game would be confident. Every choice of the node is compared, "
                                     "whatever its `if` (in play, only choices whose `if` holds are)."))
    p.add_argument("scenario", metavar="SCENARIO", help=_("a scenario file"))
    p.add_argument("node", metavar="NODE", help=_("the id of a node with choices"))
    p.add_argument("texts", nargs="+", metavar="TEXT", help=_("what a player might type"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_match)
