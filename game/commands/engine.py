"""analyze, simulate, graph: what a scenario allows, how players fare in it, and its branch map."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from game.commands import UserError, out
from game.i18n import _, ngettext

MAX_RUNS = 10_000_000


def load_or_report(path: str) -> Any:
    """The scenario at `path`, or None after printing its errors (file:line:col) to stderr."""
    from game.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as exc:
        for f in exc.findings:
            sys.stderr.write(f"{f}\n")
        return None


def _path_text(sc: Any, steps: list[tuple[str, int]]) -> str:
    return " > ".join(f"{nid} #{i + 1}" for nid, i in steps) or _("(no decisions)")


def format_analysis(sc: Any, a: Any) -> str:
    """The readable summary `rapport analyze` prints, in the language in use (game/i18n.py)."""
    pack = sc.pack
    names = {p: pack.principles[p].name for p in a.principles}
    lines = [f"{sc.title} ({sc.path})", ""]
    n_nodes, n_end = len(sc.nodes), len(sc.endings)
    paths = ngettext("{n} distinct path", "{n} distinct paths", a.paths).format(n=f"{a.paths:,}")
    nodes = ngettext("{reached} of {n} node", "{reached} of {n} nodes", n_nodes).format(
        reached=len(a.reachable_nodes), n=n_nodes)
    endings = ngettext("{reached} of {n} ending", "{reached} of {n} endings", n_end).format(
        reached=len(a.reachable_endings), n=n_end)
    lines.append(_("{paths}; {nodes} and {endings} reachable.").format(paths=paths, nodes=nodes, endings=endings))
    focus = set(sc.focus)
    lines += ["", _("Score range per principle (* in focus)")]
    width = max((len(v) for v in names.values()), default=0) + 2
    principle, worst, best, total = _("principle"), _("worst"), _("best"), _("total")
    lines.append(f"  {principle:<{width}} {worst:>6} {best:>6}")
    for i, p in enumerate(a.principles):
        mark = "*" if p in focus else " "
        lines.append(f"  {names[p] + mark:<{width}} {a.start.worst[i]:>+6d} {a.start.best[i]:>+6d}")
    lines.append(f"  {total:<{width}} {a.start.worst_total:>+6d} {a.start.best_total:>+6d}")
    lines += ["", _("Endings")]
    ew = max((len(e) for e in sc.endings), default=0)
    for eid, e in sc.endings.items():
        reach = _("reachable") if eid in a.reachable_endings else _("UNREACHABLE")
        lines.append(f"  {eid:<{ew}}  {e.outcome:<8} {reach}")
    lines += ["", _("Best path (choice numbers as in the file)")]
    focus_total = _("focus total ({principles}, best {best}): {path}").format(
        principles=", ".join(names[p] for p in a.focus), best=f"{a.start.best_focus:+d}",
        path=_path_text(sc, a.best_path()))
    lines.append(f"  {focus_total}")
    for i, p in enumerate(a.principles):
        one = _("{principle} (best {best}): {path}").format(principle=names[p], best=f"{a.start.best[i]:+d}",
                                                          path=_path_text(sc, a.best_path(p)))
        lines.append(f"  {one}")
    lines += ["", _("Conditions that never hold")]
    never = a.never_true
    if not never:
        lines.append("  " + _("none"))
    for nid, where, i in never:
        cond = sc.condition(nid, where, i)
        what = (_("choice {n}") if where == "choice" else _("branch entry {n}")).format(n=i + 1)
        lines.append(f"  {nid}, {what}: `{cond.source if cond is not None else '?'}`")
    lines += ["", _("Unreachable nodes")]
    lines.append("  " + (", ".join(a.unreachable_nodes) if a.unreachable_nodes else _("none")))
    return "\n".join(lines)


def cmd_analyze(args: argparse.Namespace) -> int:
    sc = load_or_report(args.file)
    if sc is None:
        return 1
    from game.engine.scoring import analysis_for

    a = analysis_for(sc)
    if args.format == "json":
        out(json.dumps(a.to_dict(), indent=2))
    else:
        out(format_analysis(sc, a))
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    if not 1 <= args.n <= MAX_RUNS:
        raise UserError(_("-n must be between 1 and {max}").format(max=f"{MAX_RUNS:,}"))
    sc = load_or_report(args.file)
    if sc is None:
        return 1
    from game.engine.simulate import format_report, simulate

    report = simulate(sc, args.n, seed=args.seed, policy=args.policy)
    if args.format == "json":
        out(json.dumps(report.to_dict(), indent=2))
    else:
        names = {p: sc.pack.principles[p].name for p in report.mean_scores}
        out(format_report(report, names))
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    sc = load_or_report(args.file)
    if sc is None:
        return 1
    from game.engine.graph import GraphError, render

    try:
        text = render(sc, args.format, args.highlight)
    except GraphError as exc:
        raise UserError(str(exc)) from None
    out(text)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("analyze", help=_("paths, best and worst score per principle, reachable endings"),
                       description=_("Analyze every path a scenario's conditions allow."))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("simulate", help=_("seeded playthroughs: endings reached, mean scores, choices never taken"),
                       description=_("Play a scenario many times by a policy. The same seed gives the same report."))
    p.add_argument("file", metavar="FILE")
    p.add_argument("-n", type=int, default=1000, metavar="N", help=_("number of playthroughs (default 1000)"))
    p.add_argument("--seed", type=int, default=0, metavar="S", help=_("random seed (default 0)"))
    p.add_argument("--policy", choices=["random", "best", "worst"], default="random",
                   help=_("random choices, or the best/worst for the scenario's focus principles"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("graph", help=_("the branch map as Mermaid or DOT"),
                       description=_("Print the branch map: choices labeled, endings colored by outcome."))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")
    p.add_argument("--highlight", metavar="best|PRINCIPLE",
                   help=_("mark the best path (by the focus total, or by one principle id)"))
    p.set_defaults(func=cmd_graph)
