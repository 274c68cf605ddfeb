"""Who the player met on a path: the only people whose `perspective` an ending's debrief shows ("Their side").

A character is *met* on a path when, somewhere on it, they

* speak a line: the path goes through a node whose `speaker` is them and that the player sees (a node with
  `choices`, or another node with `text`);
* reply to a choice taken: the choice has a `reply`, and they are the one who says it (`reply_speaker`);
* have their rapport changed by a choice taken (a non-zero `rapport` entry for them).

Being named in someone else's text, or only in a condition, is not meeting them. The debrief keeps the
ending's `perspective` entries of the characters met (`met_on`); lint notes an entry some allowed path
reaches the ending without meeting (`perspective_findings`), naming one such path. That check is exact and
lists no paths: a forward pass in topological order over (node, the state every later condition reads), as in
`claims`, keeping per (node, key) the characters met on *every* path there (the intersection), and for each
one missing the first choice that brought a path there without them, so following those back gives a real
path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from game.engine.rules import PlayState, walk
from game.engine.session import reply_speaker
from game.i18n import _
from game.scenario.errors import Finding
from game.scenario.model import Choice, Scenario

if TYPE_CHECKING:
    from game.engine.analysis import Analysis, StateKey
    from game.store.records import Decision

    At = tuple[str, StateKey]
    Parent = tuple[At, str | None] | None  # the (node, key) a path came from and the choice text taken there


def node_meets(sc: Scenario, nid: str) -> frozenset[str]:
    """The character a node lets the player meet: its speaker, when a character and the node is seen."""
    node = sc.nodes[nid]
    if node.speaker in sc.characters and (node.choices is not None or node.text):
        return frozenset((node.speaker,))
    return frozenset()


def choice_meets(sc: Scenario, nid: str, choice: Choice) -> frozenset[str]:
    """The characters taking `choice` at `nid` lets the player meet: who says its `reply`, whose rapport it changes."""
    out = {cid for cid, v in choice.rapport.items() if v}
    if choice.reply:
        out.add(reply_speaker(sc, nid, choice.to))
    return frozenset(out & sc.characters.keys())


def met_on(sc: Scenario, log: Iterable[Decision]) -> set[str]:
    """The characters met on the path a decision log took (the module's definition).

    The log is replayed on the rules, so the narration between decisions counts; if it stops fitting the
    scenario (an edited file), what each remaining decision records (its node, reply, rapport) still counts."""
    state = PlayState.initial(sc)
    met: set[str] = set()

    def enter(nid: str) -> str:
        last = nid
        for last in walk(sc, nid, state):
            if last in sc.nodes:
                met.update(node_meets(sc, last))
        return last

    nid: str | None = enter(sc.start_id) if sc.start_id in sc.nodes else None
    for d in log:
        node = sc.nodes.get(d.node_id)
        if node is None:
            nid = None
            continue
        met.update(node_meets(sc, d.node_id))
        choices = node.choices or []
        if nid == d.node_id and 0 <= d.index < len(choices):
            choice = choices[d.index]
            met.update(choice_meets(sc, d.node_id, choice))
            state.apply(choice)
            nid = enter(choice.to)
        else:  # off the scenario's rules from here: count what the decision itself records
            nid = None
            met.update(cid for cid, v in d.rapport.items() if v and cid in sc.characters)
            if d.reply and d.to:
                met.update({reply_speaker(sc, d.node_id, d.to)} & sc.characters.keys())
    return met


def unmet_perspectives(a: Analysis) -> list[tuple[str, str, list[str]]]:
    """(ending, character, the choice texts of one path there without meeting them) for every `perspective`
    entry some allowed path reaches its ending without meeting that character; endings in file order."""
    sc = a.scenario
    wanted = {eid: [cid for cid in e.perspective if cid in sc.characters]
              for eid, e in sc.endings.items() if eid in a.reachable_endings}
    wanted = {eid: cids for eid, cids in wanted.items() if cids}
    if not wanted:
        return []
    watched = frozenset(cid for cids in wanted.values() for cid in cids)
    solver = a.solver
    nodes = sc.nodes
    seen = {nid: node_meets(sc, nid) for nid in nodes}
    met: dict[At, frozenset[str]] = {}  # (node, key) -> met on every path there (only the watched ones)
    why: dict[At, dict[str, Parent]] = {}  # (node, key) -> per watched character not met, a path without them
    end_met: dict[str, frozenset[str]] = {}
    end_why: dict[str, dict[str, Parent]] = {}
    pending: dict[str, dict[StateKey, PlayState]] = {}

    def join(got: frozenset[str] | None, gone: dict[str, Parent], have: frozenset[str],
             parent: Parent) -> frozenset[str]:
        for cid in watched - have:
            gone.setdefault(cid, parent)
        return have if got is None else got & have

    def arrive(t: str, s: PlayState, have: frozenset[str], parent: Parent) -> None:
        if t not in nodes:
            end_met[t] = join(end_met.get(t), end_why.setdefault(t, {}), have & watched, parent)
            return
        at = (t, solver.file(pending, t, s)[0])
        met[at] = join(met.get(at), why.setdefault(at, {}), (have | seen[t]) & watched, parent)

    arrive(sc.start_id, PlayState.initial(sc), frozenset(), None)
    for nid in solver.walk_order():
        for k, rep in pending.pop(nid, {}).items():
            here = (nid, k)
            have = met[here]
            for to, c, s2 in solver.steps(nid, rep):
                if c is None:
                    arrive(to, s2, have, (here, None))
                else:
                    arrive(to, s2, have | choice_meets(sc, nid, c), (here, c.text))
    out: list[tuple[str, str, list[str]]] = []
    for eid, cids in wanted.items():
        for cid in cids:
            if eid in end_met and cid not in end_met[eid]:
                out.append((eid, cid, _texts(why, end_why[eid][cid], cid)))
    return out


def _texts(why: dict[At, dict[str, Parent]], step: Parent, cid: str) -> list[str]:
    """The choice texts from the start along the recorded path that never meets `cid`."""
    texts: list[str] = []
    while step is not None:
        at, text = step
        if text is not None:
            texts.append(text)
        step = why[at][cid]
    return texts[::-1]


def perspective_findings(a: Analysis) -> list[Finding]:
    """A note on each `perspective` entry whose character some path reaches the ending without meeting."""
    sc = a.scenario
    doc = sc.document
    out: list[Finding] = []
    for eid, cid, texts in unmet_perspectives(a):
        line, col = doc.key_pos(("endings", eid, "perspective", cid)) if doc is not None else (1, 1)
        path = " → ".join(f'"{t}"' for t in texts) if texts else _("without a single choice")
        out.append(Finding(sc.path, line, col, "note", "perspective-unmet", _(
            "ending `{ending}` gives what `{character}` thought, but a path reaches it without meeting them "
            "(they never speak, reply or have their rapport changed): {path}; the debrief leaves their line "
            "out on such a path. Let them take part on every path there, or send that path to another "
            "ending.").format(ending=eid, character=cid, path=path)))
    return out


__all__ = ["choice_meets", "met_on", "node_meets", "perspective_findings", "unmet_perspectives"]
