"""Recording a playthrough: the one way the window, text play and workshop mode save attempts.

    rec = Recorder(db, player, scenario, mode, pack=...)
    step = session.choose(n); rec.decision(step.decision)   # committed before this returns
    rec.finish(debrief(session))        # or rec.abandon()

Each call is one transaction that also queues its xAPI statements in the
outbox, so the record and what will be sent never disagree after a crash.
An interrupted attempt is picked up with `Recorder.reopen(db, id)` and
`rec.replay(session)`, which replays the recorded choice numbers into a fresh
engine session (the engine is deterministic for a given scenario and seed).
A new attempt closes any earlier one of the same player and scenario still in
progress, so at most one attempt of a scenario is ever resumable.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from game.attempts import CHANGED_SINCE as CHANGED_SINCE  # kept under its old name here
from game.attempts import AttemptGone
from game.i18n import ngettext
from game.store import outbox, xapi
from game.store.db import (
    Attempt,
    AttemptStateError,
    Database,
    DecisionRecord,
    Player,
    StoreError,
    is_disk_full,
    parse_iso,
)
from game.store.records import EFFECT_FIELDS, Debrief, Decision, position_id

MODES = ("practice", "assessment", "workshop")


class Waker(Protocol):
    def wake(self) -> None: ...


class ResumeMismatch(StoreError, AttemptGone):
    """Replaying a saved attempt did not retrace it (the scenario file changed since)."""


CONTINUABLE_MODES = ("practice", "assessment")  # a workshop's attempt is the room's: never offered to continue


def continuable(db: Database, player: Player | str, scenario: Any) -> tuple[Attempt, datetime] | None:
    """The player's interrupted attempt of `scenario` (a model or an id) that a front end can offer to
    continue, and when they stopped (the last decision's local time); None when there is none."""
    found = [a for a in db.resumable(player, _scenario_id(scenario)) if a.mode in CONTINUABLE_MODES]
    if not found:
        return None
    a = found[0]
    last = db.decisions(a.id)
    return a, parse_iso(last[-1].at if last else a.started).astimezone()


def _scenario_id(scenario: Any) -> str:
    if isinstance(scenario, str):
        return scenario
    sid = getattr(scenario, "id", None)
    if sid:
        return str(sid)
    path = getattr(scenario, "path", "") or ""
    if path:
        return Path(path).stem
    raise ValueError("the scenario has neither an id nor a file path")


def debrief_dict(debrief: Debrief | Mapping[str, Any]) -> dict[str, Any]:
    """A `Debrief` (or the dict of one) as the plain data the database keeps."""
    data: dict[str, Any]
    if isinstance(debrief, Debrief):
        data = debrief.to_dict()
    elif isinstance(debrief, Mapping):
        data = dict(debrief)
        Debrief.from_dict(data)  # a field missing fails here (KeyError), not as a silent 0 in a statement
    else:
        raise TypeError(f"expected a Debrief or a dict, got {type(debrief).__name__}")
    json.dumps(data)  # fail here, not halfway through a transaction, if it is not plain data
    return data


class ResultsNotSaved(StoreError):
    """The disk is full: the change is kept in memory and saved by the next write that finds room."""

    def __init__(self, path: Any, unsaved: int) -> None:
        self.unsaved = unsaved
        super().__init__(
            ngettext("results cannot be saved right now: the disk holding {path} is full. {n} change is kept in "
                     "memory and will be saved as soon as there is room; free some disk space to keep them",
                     "results cannot be saved right now: the disk holding {path} is full. {n} changes are kept in "
                     "memory and will be saved as soon as there is room; free some disk space to keep them",
                     unsaved).format(path=path, n=unsaved))


class Recorder:
    """Saves one attempt as it is played. Use from one thread (the one that opened `db`)."""

    def __init__(
        self,
        db: Database,
        player: Player | str | None,
        scenario: Any,
        mode: str,
        *,
        pack: str | None = None,
        seed: int | None = None,
        in_order: bool = False,
        sender: Waker | None = None,
        identity: xapi.Identity | None = None,
        _attempt_id: int | None = None,
    ) -> None:
        self.db = db
        self.sender = sender
        self._unsaved: list[Callable[[], Any]] = []  # writes the full disk refused, in order
        self.scenario = None if isinstance(scenario, str) else scenario
        self._maps: Any = None  # the scenario's texts in every language of its pack, made once
        if identity is None:
            from game.store.lrs_config import identity as configured_identity

            identity = configured_identity()
        self.identity = identity
        if _attempt_id is not None:  # reopen()
            self.attempt_id = _attempt_id
            return
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        who = player if isinstance(player, Player) else db.player(player)
        sid = _scenario_id(scenario)
        title = "" if isinstance(scenario, str) else str(getattr(scenario, "title", "") or "")
        maps = self._languages()
        language = maps.played if maps is not None else None
        titles = json.dumps(maps.title, sort_keys=True) if maps is not None else None
        now = db.now()
        with db.transaction() as c:
            # Only one attempt of a scenario is ever resumable: a new one closes (abandons) any earlier attempt
            # of it still in progress, decisions or not. The front ends offer to continue before they get here.
            for old in self._in_progress(who.id, sid):
                self._close(old, "abandoned", now)
            cur = c.execute(
                "INSERT INTO attempts(uuid, player_id, scenario_id, scenario_title, pack, mode, seed, in_order,"
                " started, language, titles) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (str(uuid.uuid4()), who.id, sid, title, pack, mode, seed, int(in_order), now, language, titles),
            )
            assert cur.lastrowid is not None
            self.attempt_id = cur.lastrowid
            outbox.enqueue(c, self.attempt_id, [xapi.launched(self.attempt, self.identity)], now)
        self._wake()

    @classmethod
    def reopen(cls, db: Database, attempt_id: int, *, scenario: Any = None, sender: Waker | None = None,
               identity: xapi.Identity | None = None) -> Recorder:
        """A recorder for an interrupted (in-progress) attempt."""
        a = db.attempt(attempt_id)
        if a.status != "in_progress":
            raise AttemptStateError(f"attempt {attempt_id} is {a.status}, not in progress")
        return cls(db, None, scenario, a.mode, sender=sender, identity=identity, _attempt_id=attempt_id)

    # -- reading

    @property
    def attempt(self) -> Attempt:
        return self.db.attempt(self.attempt_id)

    @property
    def uuid(self) -> str:
        return self.attempt.uuid

    def decisions(self) -> list[DecisionRecord]:
        return self.db.decisions(self.attempt_id)

    def replay_ids(self) -> list[str]:
        """The choice ids to feed `Session.choose_id` to get back to where the player was."""
        return [d.choice_id for d in self.decisions()]

    def replay(self, session: Any) -> Any:
        """Re-make the recorded choices (by id) in a fresh `Session` made with the attempt's seed and order;
        checks each lands on the same choice and leads to the same place."""
        for d in self.decisions():
            node = getattr(session, "node_id", d.node_id)
            if node != d.node_id:
                raise ResumeMismatch(f"step {d.step}: the scenario is at {node!r}, the record at {d.node_id!r}")
            try:
                step = session.choose_id(d.choice_id, elapsed=d.elapsed, said=d.said)
            except ValueError as exc:  # the engine's SessionError: that choice is gone or not available
                raise ResumeMismatch(f"step {d.step}: {exc}") from exc
            made = getattr(step, "decision", None)
            if made is None:
                continue
            if made.to != d.to:
                raise ResumeMismatch(
                    f"step {d.step}: choice {d.choice_id!r} now leads to {made.to!r}, it led to {d.to!r}"
                )
            if d.choice_id.isdigit() and made.text != d.text:  # a position, now held by another choice
                raise ResumeMismatch(f"step {d.step}: choice {d.choice_id} is now {made.text!r}, it was {d.text!r}")
        return session

    # -- writing

    @property
    def unsaved(self) -> int:
        """How many changes wait in memory for room on the disk."""
        return len(self._unsaved)

    def save_pending(self) -> bool:
        """Retry the writes a full disk refused; True when none is left. Raises nothing."""
        try:
            self._drain()
        except ResultsNotSaved:
            return False
        return True

    def _drain(self) -> Any:
        """Run the unsaved writes in order; returns what the last one returned."""
        result = None
        while self._unsaved:
            try:
                result = self._unsaved[0]()
            except sqlite3.OperationalError as exc:
                if is_disk_full(exc):
                    raise ResultsNotSaved(self.db.path.parent, len(self._unsaved)) from exc
                self._unsaved.pop(0)  # any other failure is the caller's to see, not to retry forever
                raise
            except BaseException:
                self._unsaved.pop(0)
                raise
            self._unsaved.pop(0)
        return result

    def _write(self, op: Callable[[], Any]) -> Any:
        """Run one write after any earlier unsaved ones; on a full disk keep it and raise ResultsNotSaved."""
        if self._unsaved:
            self._unsaved.append(op)
            return self._drain()
        try:
            return op()
        except sqlite3.OperationalError as exc:
            if not is_disk_full(exc):
                raise
            self._unsaved.append(op)
            raise ResultsNotSaved(self.db.path.parent, len(self._unsaved)) from exc

    def decision(self, decision: Decision) -> DecisionRecord | None:
        """Save one decision; committed (and its `answered` statement queued) before returning.

        On a full disk it is kept in memory and ResultsNotSaved is raised; the game plays on."""
        now = self.db.now()
        result: DecisionRecord | None = self._write(lambda: self._do_decision(decision, now))
        return result

    def rewind(self, k: int) -> None:
        """Mirror `Session.rewind(k)`: decisions from step k on stay as history but are no longer live."""
        now = self.db.now()
        self._write(lambda: self._do_rewind(k, now))

    def finish(self, debrief: Debrief | Mapping[str, Any]) -> Attempt | None:
        """Close the attempt with its debrief; queues `completed` and one `scored` per principle."""
        data = debrief_dict(debrief)
        now = self.db.now()
        result: Attempt | None = self._write(lambda: self._do_finish(data, now))
        return result

    def abandon(self) -> Attempt | None:
        """Give up on the attempt (the decisions stay); queues `abandoned`."""
        now = self.db.now()
        result: Attempt | None = self._write(lambda: self._do_abandon(now))
        return result

    def _do_decision(self, decision: Decision, now: str) -> DecisionRecord:
        with self.db.transaction() as c:
            a = self._require_in_progress()
            live = c.execute("SELECT COUNT(*) FROM decisions WHERE attempt_id = ? AND rewound IS NULL",
                             (self.attempt_id,)).fetchone()[0]
            step = decision.step
            if step != live:
                raise AttemptStateError(
                    f"decision for step {step}, but {live} decisions are recorded; call rewind({step}) first"
                )
            seq = c.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM decisions WHERE attempt_id = ?",
                            (self.attempt_id,)).fetchone()[0]
            made = {f.name: getattr(decision, f.name) for f in fields(Decision)}
            rec = DecisionRecord(**{**made, "score": dict(decision.score),
                                    "rapport": dict(decision.rapport), "set": dict(decision.set),
                                    "patterns": tuple(decision.patterns), "shown": tuple(decision.shown),
                                    "elapsed": None if decision.elapsed is None else float(decision.elapsed)},
                                 attempt_id=self.attempt_id, seq=seq, at=now, prompt=self._prompt(decision.node_id),
                                 options=self._options(decision.node_id), **self._texts(decision.node_id))
            effects: dict[str, Any] = {k: getattr(rec, k) for k in EFFECT_FIELDS}
            effects["prompt"] = rec.prompt
            effects["options"] = rec.options
            if rec.prompts or rec.choice_texts:
                effects["prompts"] = rec.prompts
                effects["choice_texts"] = rec.choice_texts
            c.execute(
                "INSERT INTO decisions(attempt_id, seq, step, node_id, number, choice_index, choice_id, shown, text,"
                " to_id, effects, patterns, elapsed, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self.attempt_id, seq, step, rec.node_id, rec.number, rec.index, rec.choice_id,
                 json.dumps(list(rec.shown)) if rec.shown else None, rec.text, rec.to,
                 json.dumps(effects, sort_keys=True), json.dumps(list(rec.patterns)), rec.elapsed, now),
            )
            outbox.enqueue(c, self.attempt_id, [xapi.answered(a, rec, self.identity)], now)
        self._wake()
        return rec

    def _do_rewind(self, k: int, now: str) -> None:
        with self.db.transaction() as c:
            self._require_in_progress()
            c.execute("UPDATE decisions SET rewound = ? WHERE attempt_id = ? AND step >= ? AND rewound IS NULL",
                      (now, self.attempt_id, k))

    def _do_finish(self, data: dict[str, Any], now: str) -> Attempt:
        typed = Debrief.from_dict(data)
        with self.db.transaction() as c:
            self._require_in_progress()
            c.execute(
                "UPDATE attempts SET status = 'finished', finished = ?, ending_id = ?, outcome = ?, grade = ?,"
                " debrief = ? WHERE id = ?",
                (now, typed.ending_id, typed.outcome, typed.grade, json.dumps(data, sort_keys=True),
                 self.attempt_id),
            )
            a = self.db.attempt(self.attempt_id)
            outbox.enqueue(c, self.attempt_id, [xapi.completed(a, self.identity), *xapi.scored(a, self.identity)],
                           now)
        self._wake()
        return a

    def _do_abandon(self, now: str) -> Attempt:
        with self.db.transaction():
            self._require_in_progress()
            self._close(self.attempt_id, "abandoned", now)
        self._wake()
        return self.attempt

    def close_others(self) -> list[int]:
        """Abandon every other in-progress attempt of this player and scenario (a database written before a
        new attempt closed the older ones may hold several); returns their ids. For a reopened attempt."""
        a = self.attempt
        now = self.db.now()
        with self.db.transaction():
            others = [i for i in self._in_progress(a.player_id, a.scenario_id) if i != self.attempt_id]
            for old in others:
                self._close(old, "abandoned", now)
        if others:
            self._wake()
        return others

    # -- helpers

    def _in_progress(self, player_id: int, scenario_id: str) -> list[int]:
        return [r[0] for r in self.db.conn.execute(
            "SELECT id FROM attempts WHERE player_id = ? AND scenario_id = ? AND status = 'in_progress'",
            (player_id, scenario_id))]

    def _close(self, attempt_id: int, status: str, now: str) -> None:
        c = self.db.conn
        c.execute("UPDATE attempts SET status = ?, finished = ? WHERE id = ?", (status, now, attempt_id))
        outbox.enqueue(c, attempt_id, [xapi.abandoned(self.db.attempt(attempt_id), self.identity)], now)

    def _require_in_progress(self) -> Attempt:
        a = self.db.attempt(self.attempt_id)
        if a.status != "in_progress":
            raise AttemptStateError(f"attempt {self.attempt_id} is already {a.status}")
        return a

    def _prompt(self, node_id: str) -> str | None:
        nodes = getattr(self.scenario, "nodes", None)
        node = nodes.get(node_id) if isinstance(nodes, Mapping) else None
        text = getattr(node, "text", None)
        return str(text) if text else None

    def _options(self, node_id: str) -> dict[str, str]:
        """The node's choices, id -> text in file order, so the `answered` statement can list them by id."""
        nodes = getattr(self.scenario, "nodes", None)
        node = nodes.get(node_id) if isinstance(nodes, Mapping) else None
        choices = getattr(node, "choices", None) or []
        return {str(getattr(c, "id", None) or position_id(i)): str(c.text) for i, c in enumerate(choices)}

    def _languages(self) -> Any:
        """The scenario's texts in every language of its pack (`game.scenario.l10n.LanguageMaps`), or None for
        a scenario that is not a loaded one (tests record plain stand-ins)."""
        if self._maps is None and self.scenario is not None and hasattr(self.scenario, "origin"):
            self._maps = getattr(self.scenario.origin, "languages", None)  # the browser's, made at build
            if self._maps is None:
                try:
                    from game.scenario.l10n import language_maps
                except ImportError:  # a runtime without the pack loader: the scenario's own texts only
                    return None
                self._maps = language_maps(self.scenario)
        return self._maps

    def _texts(self, node_id: str) -> dict[str, Any]:
        """The node's text and its choices' texts by language, for the `answered` statement's language maps."""
        maps = self._languages()
        if maps is None:
            return {}
        return {"prompts": dict(maps.prompts.get(node_id, {})),
                "choice_texts": {cid: dict(m) for cid, m in maps.choices.get(node_id, {}).items()}}

    def _wake(self) -> None:
        if self.sender is not None:
            self.sender.wake()
