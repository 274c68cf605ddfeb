"""The branch map of a scenario, as Mermaid (from transitions' diagram support) or DOT (graphviz's `source`).

Both are pure functions from a scenario to text: nothing is drawn and no
graphviz binary is needed. Choices are labelled with their number in the file
and a short text, branch entries with their condition, and endings are
coloured by outcome. `highlight` marks the best path (by the focus total, or
by one principle) found by the analysis.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

from game.engine.rules import PlayState, Rules
from game.engine.scoring import analysis_for
from game.scenario.model import Scenario

LABEL_CHARS = 48
OUTCOME_COLOURS = {  # fill, stroke, text
    "success": ("#c8e6c9", "#2e7d32", "#1b5e20"),
    "mixed": ("#fff3c4", "#b8860b", "#5d4300"),
    "setback": ("#ffcdd2", "#c62828", "#7f0000"),
}
BEST_COLOUR = "#1565c0"


class GraphError(ValueError):
    """A request the branch map cannot answer (an unknown format or highlight)."""


@dataclass(frozen=True)
class MapNode:
    id: str
    kind: str  # "choices" | "branch" | "next" | "end" | "ending"
    label: str
    outcome: str | None = None
    reachable: bool = True


@dataclass(frozen=True)
class MapEdge:
    source: str
    dest: str
    kind: str  # "choice" | "branch" | "next"
    index: int
    label: str


@dataclass
class BranchMap:
    title: str
    start: str
    nodes: list[MapNode] = field(default_factory=list)
    edges: list[MapEdge] = field(default_factory=list)
    best_nodes: set[str] = field(default_factory=set)
    best_edges: set[tuple[str, str, str, int]] = field(default_factory=set)  # (source, dest, kind, index)

    def on_best(self, e: MapEdge) -> bool:
        return (e.source, e.dest, e.kind, e.index) in self.best_edges


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """One line of at most `limit` characters, cut at a word where possible."""
    one = " ".join(text.split())
    if len(one) <= limit:
        return one
    cut = one[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def branch_map(sc: Scenario, highlight: str | None = None) -> BranchMap:
    """The nodes and labelled edges of a scenario, with the highlighted path when asked for."""
    a = analysis_for(sc)
    chars = sc.characters
    m = BranchMap(title=sc.title, start=sc.start_id)
    for nid, node in sc.nodes.items():
        who = chars[node.speaker].name if node.speaker in chars else (
            "You" if node.speaker == "you" else "")
        said = f"{who}: {node.text}" if who and node.text else node.text
        label = f"{nid}: {short(said)}" if said.strip() else nid
        m.nodes.append(MapNode(nid, node.kind, label, reachable=nid in a.reachable_nodes))
        for x in node.successors():
            if x.choice is not None:
                cond = sc.condition(nid, "choice", x.index)
                text = f"{x.index + 1}. {short(x.choice.text, 36)}" + (f" [if {cond.source}]" if cond is not None
                                                                         else "")
                m.edges.append(MapEdge(nid, x.to, "choice", x.index, text))
            elif x.kind == "branch":
                cond = sc.condition(nid, "branch", x.index)
                m.edges.append(MapEdge(nid, x.to, "branch", x.index,
                                       f"if {cond.source}" if cond is not None else "otherwise"))
            else:  # `next` and `end` are drawn alike
                m.edges.append(MapEdge(nid, x.to, "next", 0, ""))
    for eid, e in sc.endings.items():
        m.nodes.append(MapNode(eid, "ending", f"{eid}: {short(e.title)} ({e.outcome})", e.outcome,
                               eid in a.reachable_endings))
    if highlight:
        _mark_path(sc, m, highlight)
    return m


def _mark_path(sc: Scenario, m: BranchMap, highlight: str) -> None:
    a = analysis_for(sc)
    if highlight == "best":
        principle = None
    elif highlight in a.principles:
        principle = highlight
    else:
        raise GraphError(f"cannot highlight `{highlight}`; use `best` or a principle: {', '.join(a.principles)}")
    rules = Rules.of(sc)
    state = PlayState.initial(sc)

    def enter(nid: str) -> str:
        # Follow automatic moves as the rules do, recording the nodes and edges passed.
        while True:
            m.best_nodes.add(nid)
            if nid in rules.endings:
                return nid
            state.visited.add(nid)
            nxt = rules.auto_target(nid, state)
            if nxt is None:
                return nid
            kind, index = "next", 0
            for i, (to, cond) in enumerate(rules.branches.get(nid, ())):
                if to == nxt and (cond is None or cond(state)):
                    kind, index = "branch", i
                    break
            m.best_edges.add((nid, nxt, kind, index))
            nid = nxt

    nid = enter(sc.start_id)
    for node_id, index in a.best_path(principle):
        if node_id != nid:  # cannot happen: the path is computed by the same rules
            break
        choice = (sc.nodes[nid].choices or [])[index]
        m.best_edges.add((nid, choice.to, "choice", index))
        state.apply(choice)
        nid = enter(choice.to)


# ------------------------------------------------------------------ Mermaid
_MERMAID_RESERVED = {"state", "note", "class", "classdef", "direction", "style", "end", "as", "click",
                     "default", "hide", "left", "right", "of", "fork", "join", "choice", "graph"}
# Mermaid reads `:`, `;` and `#` as syntax in a state diagram; entity codes survive its parser.
_ENTITIES = str.maketrans({"#": "#35;", ":": "#58;", '"': "#quot;", ";": "#59;", "<": "#lt;", ">": "#gt;",
                           "{": "#123;", "}": "#125;", "|": "#124;"})


def mermaid_text(text: str) -> str:
    """Text made safe inside a Mermaid label (entity codes instead of syntax characters)."""
    return text.translate(_ENTITIES)


def _mermaid_ids(ids: list[str]) -> dict[str, str]:
    """Scenario ids may hold `-`, which Mermaid state ids cannot: map each to a safe, unique one."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for raw in ids:
        safe = re.sub(r"[^A-Za-z0-9_]", "_", raw)
        if safe.lower() in _MERMAID_RESERVED or safe[:1].isdigit():
            safe = "n_" + safe
        base, n = safe, 2
        while safe in used:
            safe, n = f"{base}_{n}", n + 1
        used.add(safe)
        out[raw] = safe
    return out


def to_mermaid(sc: Scenario, highlight: str | None = None) -> str:
    """A Mermaid state diagram, generated by a transitions `GraphMachine` with the mermaid engine."""
    from transitions import State
    from transitions.extensions.diagrams import GraphMachine

    class LabelledState(State):
        def __init__(self, *args: Any, label: str | None = None, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self.label = label

    class MapMachine(GraphMachine):
        state_cls = LabelledState

    m = branch_map(sc, highlight)
    ids = _mermaid_ids([n.id for n in m.nodes])
    states = [{"name": ids[n.id], "label": mermaid_text(n.label)} for n in m.nodes]
    transitions = []
    for k, e in enumerate(m.edges):
        label = ("[best] " if m.on_best(e) else "") + e.label
        transitions.append({"trigger": f"t{k}", "source": ids[e.source], "dest": ids[e.dest],
                            "label": mermaid_text(label) if label else "next"})

    class Model:
        pass

    model = Model()
    machine = MapMachine(model=model, states=states, transitions=transitions, initial=ids[m.start],
                         auto_transitions=False, graph_engine="mermaid",
                         title="title: " + json.dumps(m.title, ensure_ascii=False))
    styles: dict[str, Any] = copy.deepcopy(GraphMachine.style_attributes)
    for outcome, (fill, stroke, text) in OUTCOME_COLOURS.items():
        styles["node"][outcome] = {"fill": fill, "stroke": stroke, "color": text}
        styles["node"][outcome + "_best"] = {"fill": fill, "stroke": BEST_COLOUR, "color": text,
                                             "stroke-width": "4px"}
    styles["node"]["best"] = {"fill": "#e3f2fd", "stroke": BEST_COLOUR, "color": "black", "stroke-width": "3px"}
    styles["node"]["unreachable"] = {"fill": "#eeeeee", "stroke": "#9e9e9e", "color": "#616161",
                                     "stroke-dasharray": "5 5"}
    machine.style_attributes = styles
    graph = machine.model_graphs[id(model)]
    graph.reset_styling()  # no "active" start state: this is a map, not a running game
    for n in m.nodes:
        if n.outcome is not None:
            style = n.outcome + ("_best" if n.id in m.best_nodes else "")
        elif n.id in m.best_nodes:
            style = "best"
        elif not n.reachable:
            style = "unreachable"
        else:
            continue
        graph.set_node_style(ids[n.id], style)
    source = str(machine.get_graph().source)
    # transitions prefixes style classes with `s_`; our classes keep their plain names (success, mixed...).
    ours = "|".join(sorted((k for k in styles["node"] if k not in GraphMachine.style_attributes["node"]),
                           key=len, reverse=True))
    return re.sub(rf"\bs_({ours})\b", r"\1", source) + "\n"


# ---------------------------------------------------------------------- DOT
def to_dot(sc: Scenario, highlight: str | None = None) -> str:
    """DOT source from the graphviz package (`Digraph.source`); no graphviz binary is needed."""
    import graphviz  # type: ignore[import-untyped]

    m = branch_map(sc, highlight)
    dot = graphviz.Digraph(name=sc.id or "scenario", comment=m.title,
                           graph_attr={"rankdir": "LR", "label": m.title, "labelloc": "t"},
                           node_attr={"fontname": "Helvetica", "fontsize": "11"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "9"})
    dot.node("__start__", "", shape="point", width="0.15")
    shapes = {"choices": "box", "branch": "diamond", "next": "note", "end": "note"}
    for n in m.nodes:
        attrs: dict[str, str] = {}
        if n.outcome is not None:
            fill, stroke, text = OUTCOME_COLOURS.get(n.outcome, ("white", "black", "black"))
            attrs = {"shape": "box", "style": "rounded,filled", "fillcolor": fill, "color": stroke,
                     "fontcolor": text, "peripheries": "2", "class": n.outcome}
        else:
            attrs = {"shape": shapes.get(n.kind, "box"), "style": "rounded" if n.kind == "choices" else ""}
            if not n.reachable:
                attrs.update(style="dashed", color="#9e9e9e", fontcolor="#616161")
        if n.id in m.best_nodes:
            attrs.update(penwidth="3", color=BEST_COLOUR)
        dot.node(n.id, graphviz.escape(n.label), **{k: v for k, v in attrs.items() if v})
    dot.edge("__start__", m.start, **({"penwidth": "3", "color": BEST_COLOUR} if m.best_nodes else {}))
    for e in m.edges:
        attrs = {"label": graphviz.escape(e.label)} if e.label else {}
        if e.kind == "branch":
            attrs["style"] = "dashed"
        if m.on_best(e):
            attrs.update(penwidth="3", color=BEST_COLOUR, fontcolor=BEST_COLOUR)
        dot.edge(e.source, e.dest, **attrs)
    return str(dot.source)


FORMATS = ("mermaid", "dot")


def render(sc: Scenario, fmt: str, highlight: str | None = None) -> str:
    if fmt == "mermaid":
        return to_mermaid(sc, highlight)
    if fmt == "dot":
        return to_dot(sc, highlight)
    raise GraphError(f"unknown format `{fmt}`; use one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "BranchMap", "GraphError", "MapEdge", "MapNode", "branch_map", "mermaid_text", "render",
           "short", "to_dot", "to_mermaid"]
