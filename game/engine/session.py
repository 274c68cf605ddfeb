"""One playthrough. A `transitions` machine compiled from the scenario drives a `Session` model.

States are the scenario's nodes and endings, each choice is a trigger, each
`if:` a condition, and effects are applied in `after` callbacks. `next`,
`branch` and `end` nodes are followed by the `advance` trigger, whose
transitions are tried in file order (the last branch entry has no condition).
The machine is built once per scenario and shared by its sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from transitions import EventData, Machine

from game.engine.compiled import compiled
from game.engine.order import choice_id, display_order
from game.engine.rules import PlayState, available
from game.scenario.model import Choice, Ending, Scenario
from game.store.records import Decision

Mode = Literal["practice", "assessment"]
ADVANCE = "advance"


@dataclass(frozen=True)
class Beat:
    """One piece of text the player sees, in order."""

    node_id: str
    speaker: str
    text: str
    scene: str | None = None
    setting: str | None = None
    kind: str = "node"  # "node" (narration passed through) | "reply" | "decision"
    timer: int | None = None
    discuss: str | None = None
    mood: str | None = None  # the face the speaker shows for this line (a node's or a choice's `mood`)


@dataclass(frozen=True)
class Option:
    """One option on screen: `number` is its place there (1-based), `index` its place in the file."""

    number: int
    index: int
    text: str
    choice: Choice
    id: str = ""  # the choice's id (explicit, or its position in the file)


@dataclass(frozen=True)
class Step:
    decision: Decision
    reply: Beat | None
    beats: list[Beat] = field(default_factory=list)
    ending: Ending | None = None


def trigger_name(node_id: str, index: int) -> str:
    """The trigger of choice `index` (0-based) at a node."""
    return f"choose:{node_id}:{index}"


def reply_speaker(scenario: Scenario, nid: str, to: str) -> str:
    """Who says a choice's `reply`: the node's speaker if a character, else the next node's, else the first."""
    chars = scenario.characters
    here = scenario.nodes[nid].speaker
    if here in chars:
        return here
    nxt = scenario.nodes.get(to)
    if nxt is not None and nxt.speaker in chars:
        return nxt.speaker
    return next(iter(chars), "narrator")


class SessionError(ValueError):
    """A call the current state does not allow (a number not on offer, choosing after the end)."""


def _cond(sc: Scenario, nid: str, where: str, i: int) -> Any:
    cond = sc.condition(nid, where, i)
    if cond is None:
        return None
    return lambda ev: cond(ev.model.play)


def _machine_for(sc: Scenario) -> Machine:
    """The scenario's machine, compiled once and shared by every session of it."""
    return compiled(sc, _compile_machine)


def _compile_machine(sc: Scenario) -> Machine:
    states = list(sc.nodes) + list(sc.endings)
    transitions: list[dict[str, Any]] = []
    for nid, node in sc.nodes.items():
        for x in node.successors():  # a choice is its own trigger; the other exits are ADVANCE
            t: dict[str, Any] = {"trigger": ADVANCE, "source": nid, "dest": x.to}
            if x.choice is not None:
                t.update(trigger=trigger_name(nid, x.index), before=_make_apply(x.choice))
            if x.kind in ("choice", "branch"):
                cond = _cond(sc, nid, x.kind, x.index)
                if cond is not None:
                    t["conditions"] = [cond]
            transitions.append(t)
    machine = Machine(
        model=None, states=states, transitions=transitions, initial=sc.start_id,
        auto_transitions=False, send_event=True, ignore_invalid_triggers=False,
        after_state_change=lambda ev: ev.model._entered(ev.state.name),
    )
    return machine


def _make_apply(choice: Choice) -> Any:
    return lambda ev: ev.model.play.apply(choice)


class Session:
    """The model of one playthrough; see docs/dev/engine-api.md."""

    def __init__(self, scenario: Scenario, *, mode: Mode = "practice", seed: int = 0, in_order: bool = False):
        self.scenario = scenario
        self.mode: Mode = mode
        self.seed = seed  # the option order at every node follows from it (see game.engine.order)
        self.in_order = in_order  # every node in file order (`rapport play --in-order`, for authors)
        self._orders: dict[str, tuple[int, ...]] = {}
        self._machine = _machine_for(scenario)
        self._reset()

    # ------------------------------------------------------------------ setup
    def _reset(self) -> None:
        self.play = PlayState.initial(self.scenario)
        self.log: list[Decision] = []
        self.transcript: list[Beat] = []
        self._pending: list[Beat] = []
        self._setting = self.scenario.setting
        if getattr(self, "_registered", False):
            # Rewinding: the triggers are already bound; only the state goes back to the start.
            self._machine.set_state(self.scenario.start_id, model=self)
        else:
            self._machine.add_model(self, initial=self.scenario.start_id)
            self._registered = True
        # transitions does not run callbacks for the initial state: enter it by hand.
        self._entered(self.scenario.start_id)
        self.opening: list[Beat] = self._take_pending()

    def close(self) -> None:
        """Detach from the shared machine, which holds every session of its scenario until this is called."""
        if self._registered:
            self._machine.remove_model(self)
            self._registered = False

    # --------------------------------------------------------------- queries
    @property
    def scores(self) -> dict[str, int]:
        return self.play.scores

    @property
    def rapport(self) -> dict[str, int]:
        return self.play.rapport

    @property
    def flags(self) -> dict[str, bool | int]:
        return self.play.flags

    @property
    def visited(self) -> set[str]:
        return self.play.visited

    @property
    def node_id(self) -> str:
        return str(self.state)  # type: ignore[attr-defined]

    @property
    def finished(self) -> bool:
        return self.node_id in self.scenario.endings

    @property
    def ending_id(self) -> str | None:
        return self.node_id if self.finished else None

    @property
    def ending(self) -> Ending | None:
        return self.scenario.endings.get(self.node_id) if self.finished else None

    @property
    def node(self) -> Any:
        return self.scenario.nodes.get(self.node_id)

    @property
    def current_beat(self) -> Beat | None:
        return None if self.finished else self._beat(self.node_id, "decision")

    def order(self, node_id: str) -> tuple[int, ...]:
        """The file indexes of a node's choices in the order this attempt shows them."""
        found = self._orders.get(node_id)
        if found is None:
            found = self._orders[node_id] = display_order(self.scenario, node_id, self.seed, in_order=self.in_order)
        return found

    def options(self) -> list[Option]:
        """Choices on offer now (those whose `if` holds), in this attempt's order, numbered from 1."""
        if self.finished:
            return []
        place = {index: k for k, index in enumerate(self.order(self.node_id))}
        avail = sorted(available(self.scenario, self.node_id, self.play), key=lambda ic: place[ic[0]])
        return [Option(n, i, c.text, c, choice_id(c, i)) for n, (i, c) in enumerate(avail, start=1)]

    def may_choose(self, number: int) -> bool:
        return any(o.number == number for o in self.options())

    # --------------------------------------------------------------- actions
    def choose(self, number: int, elapsed: float | None = None, said: str | None = None) -> Step:
        """Take option `number` (1-based, as `options()` numbers them); `said`: the player's own words for it."""
        if self.finished:
            raise SessionError("the scenario has ended; start again or rewind")
        opts = self.options()
        option = next((o for o in opts if o.number == number), None)
        if option is None:
            raise SessionError(f"choose a number from 1 to {len(opts)}")
        return self._take(option, opts, elapsed, said)

    def choose_index(self, index: int, elapsed: float | None = None) -> Step:
        """Take the choice at file index `index` (rewinds and the workshop's reveal use this)."""
        return self._take(*self._option(lambda o: o.index == index, f"choice {index}"), elapsed)

    def choose_id(self, choice_id: str, elapsed: float | None = None, said: str | None = None) -> Step:
        """Take the choice with this id (explicit, or its position in the file): resuming a stored attempt."""
        return self._take(*self._option(lambda o: o.id == choice_id, f"choice {choice_id!r}"), elapsed, said)

    def _option(self, match: Callable[[Option], bool], what: str) -> tuple[Option, list[Option]]:
        if self.finished:
            raise SessionError("the scenario has ended; start again or rewind")
        opts = self.options()
        option = next((o for o in opts if match(o)), None)
        if option is None:
            raise SessionError(f"{what} is not available at `{self.node_id}`")
        return option, opts

    def _take(self, option: Option, shown: list[Option], elapsed: float | None, said: str | None = None) -> Step:
        nid, c = self.node_id, option.choice
        decision = Decision(
            step=len(self.log), node_id=nid, number=option.number, index=option.index, text=c.text,
            to=c.to, score=dict(c.score), rapport=dict(c.rapport), set=dict(c.set), patterns=c.patterns,
            feedback=c.feedback, reply=c.reply, elapsed=elapsed, choice_id=option.id,
            shown=tuple(o.id for o in shown), said=said,
        )
        reply = None
        if c.reply:
            reply = Beat(nid, reply_speaker(self.scenario, nid, c.to), c.reply, setting=self._setting, kind="reply",
                         mood=c.mood)
            self.transcript.append(reply)
        trigger = getattr(self, trigger_name(nid, option.index))
        if not trigger():  # the condition was re-checked by the machine; fallback offers hidden choices too
            self._fallback(option)
        self.log.append(decision)
        beats = self._take_pending()
        return Step(decision=decision, reply=reply, beats=beats, ending=self.ending)

    def _fallback(self, option: Option) -> None:
        """Every choice was hidden, so all were offered: move without the machine's condition."""
        self.play.apply(option.choice)
        self._machine.set_state(option.choice.to, model=self)
        self._entered(option.choice.to)

    def rewind(self, k: int) -> None:
        """Back to just before decision `k` (0-based), replaying the first k decisions."""
        if not 0 <= k <= len(self.log):
            raise SessionError(f"there is no decision {k + 1} to go back to")
        keep = [(d.index, d.elapsed) for d in self.log[:k]]
        self._reset()  # the same seed: every node shows the same order again
        for index, elapsed in keep:
            self.choose_index(index, elapsed)
        self._take_pending()

    # ------------------------------------------------------------- internals
    def _entered(self, sid: str) -> None:
        """Callback after every state change: mark the node, record its beat, follow automatic moves."""
        if sid in self.scenario.endings:
            return
        node = self.scenario.nodes[sid]
        self.play.visited.add(sid)
        if node.setting:
            self._setting = node.setting
        if node.choices is not None:
            beat = self._beat(sid, "decision")
            self._pending.append(beat)
            self.transcript.append(beat)
            return
        if node.text or node.scene:
            beat = self._beat(sid, "node")
            self._pending.append(beat)
            self.transcript.append(beat)
        self.trigger(ADVANCE)  # type: ignore[attr-defined]

    def _beat(self, sid: str, kind: str) -> Beat:
        node = self.scenario.nodes[sid]
        decision = kind == "decision"
        return Beat(sid, node.speaker, node.text, node.scene, node.setting or self._setting, kind,
                    node.timer if decision else None, node.discuss if decision else None, node.mood)

    def _take_pending(self) -> list[Beat]:
        out, self._pending = self._pending, []
        return out


__all__ = ["Beat", "Decision", "Mode", "Option", "Session", "SessionError", "Step", "reply_speaker", "trigger_name",
           "EventData"]
