"""The browser's side of Rapport: what the page's JavaScript calls, inside Pyodide.

The page hands every action to `Runtime` and draws the plain data it returns.
Play goes through the same `PlayController` as the window and text play; results
go into the same SQLite store (`game.store`) in a folder the page keeps in
IndexedDB, so resuming, the debrief and the JSON hand-in are the desktop's own.
No pygame, YAML or pydantic here: scenarios arrive compiled (`game.play.compiled`).

Each method takes and returns JSON text, so the page never holds a Python object.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from game.engine.session import Beat, Mode, Session, Step
from game.i18n import _
from game.play.compiled import CompiledPack, pack_from_data
from game.play.controller import PlayController, Resumed
from game.play.store_results import StoreResults
from game.scenario.model import Scenario
from game.web.sync import PageSender

log = logging.getLogger(__name__)

MODES: tuple[Mode, ...] = ("practice", "assessment")


class WebError(ValueError):
    """A request the page should not have made (an unknown scenario, no session)."""


def _ok(data: Any) -> str:
    return json.dumps({"ok": True, **data}, ensure_ascii=False)


def card(sc: Scenario) -> dict[str, Any]:
    """A scenario's card on the list, without this browser's results (`best`, `resume`)."""
    return {"id": sc.id, "title": sc.title, "summary": sc.summary, "difficulty": sc.difficulty,
            "minutes": sc.minutes, "tags": list(sc.tags), "setting": sc.setting}


def brief(pack: CompiledPack, sc: Scenario) -> dict[str, Any]:
    """A scenario's briefing, without this browser's results (`note`, `resume`)."""
    focus = [{"id": p, "name": pack.principles[p].name, "summary": pack.principles[p].summary}
             for p in sc.focus if p in pack.principles]
    cast = [{"id": cid, "name": ch.name, "role": ch.role, "portrait": ch.portrait, "mood": "neutral"}
            for cid, ch in sc.characters.items()]
    return {"view": "briefing", "id": sc.id, "title": sc.title, "summary": sc.summary, "goal": sc.goal,
            "difficulty": sc.difficulty, "minutes": sc.minutes, "setting": sc.setting, "focus": focus,
            "characters": cast}


def menu(pack: CompiledPack) -> dict[str, Any]:
    """The list and every briefing as plain data: the build writes it into pack.json (`web.menu`), so the
    page draws the list while Pyodide is still starting (the results arrive when the engine is ready)."""
    return {"pack": pack.title, "scenarios": [{**card(sc), "briefing": brief(pack, sc)} for sc in pack.scenarios]}


class Runtime:
    """One page's game: the compiled pack, the store in `data_dir`, and the player whose results they are."""

    def __init__(self, pack_json: str, data_dir: str, player: str = "Student", in_order: bool = False,
                 lrs_json: str = "") -> None:
        os.environ.setdefault("RAPPORT_DATA_DIR", data_dir)
        os.environ.setdefault("RAPPORT_CONFIG_DIR", str(Path(data_dir) / "config"))
        from game.store.db import Database
        from game.web.sync import site_config

        lrs = site_config(lrs_json)
        if lrs.get("endpoint"):  # statements name learners as the desktop's do (`rapport lrs configure`)
            os.environ["RAPPORT_LRS_ENDPOINT"] = lrs["endpoint"]
            os.environ["RAPPORT_LRS_HOMEPAGE"] = lrs.get("homepage", "")

        data = json.loads(pack_json)
        from game.i18n import set_language

        set_language(str(data.get("web", {}).get("lang") or "en"))  # the notes' and names' language (--lang)
        self.moods: dict[str, str] = data.get("web", {}).get("moods", {})
        self.pack: CompiledPack = pack_from_data(data)
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        self.db = Database(Path(data_dir) / "rapport.sqlite3")
        self.player = ""
        self.in_order = bool(in_order)  # the page's `?in-order`: options in file order (authors, tests)
        self.play = PlayController()
        self.identity: Any = None  # set by an xAPI launch's actor and registration (`set_launch`)
        self.set_player(player)
        self.sender = PageSender(self.db, lrs["endpoint"]) if lrs.get("endpoint") else None

    # ------------------------------------------------------------------ helpers
    def set_player(self, player: str) -> str:
        from game.textsafe import clean_player_name

        try:
            name = clean_player_name(player or "Student")
        except ValueError as exc:
            raise WebError(_("name: {problem}").format(problem=exc)) from None
        if name != self.player:
            if self.play.session is not None:
                self.play.leave()
            self.player = name
            self.play = PlayController(StoreResults(self.db, name, pack=self.pack.title, identity=self.identity),
                                       player=name, in_order=self.in_order)
        return _ok({"player": name})

    def _scenario(self, sid: str) -> Scenario:
        sc = self.pack.scenario(sid)
        if sc is None:
            raise WebError(_("no scenario {sid} in this pack").format(sid=repr(sid)))
        return sc

    def _session(self) -> Session:
        if self.play.session is None:
            raise WebError(_("no scenario is being played"))
        return self.play.session

    def _name(self, sc: Scenario, speaker: str) -> str | None:
        if speaker == "narrator":
            return None
        if speaker == "you":
            return _("You")
        ch = sc.characters.get(speaker)
        return ch.name if ch is not None else speaker

    def _mood(self, s: Session, cid: str, line_mood: str | None = None) -> str:
        """The line's own mood (format 1.1), else the one the window draws for this character's rapport."""
        if line_mood:
            return line_mood
        r = s.rapport.get(cid, 0)
        lo, hi = self.moods.get("min", -3), self.moods.get("max", 3)
        return str(self.moods.get(str(max(int(lo), min(int(hi), r))), "neutral"))

    def _beat(self, s: Session, beat: Beat, line_mood: str | None = None) -> dict[str, Any]:
        sc = s.scenario
        node = sc.nodes.get(beat.node_id)
        cid = beat.speaker if beat.speaker in sc.characters else None
        if line_mood is None and node is not None and beat.kind != "reply":
            line_mood = node.mood
        return {
            "speaker": beat.speaker, "name": self._name(sc, beat.speaker), "text": beat.text, "scene": beat.scene,
            "setting": beat.setting, "kind": beat.kind, "character": cid,
            "portrait": sc.characters[cid].portrait if cid else None,
            "mood": self._mood(s, cid, line_mood) if cid else None,
        }

    def _present(self, s: Session) -> dict[str, Any] | None:
        """Who the player is talking to now: the last character who spoke, else the first in the cast."""
        sc = s.scenario
        spoke = True
        for beat in reversed(self._shown):
            if beat.get("character"):
                cid = beat["character"]
                break
        else:
            cid, spoke = next(iter(sc.characters), None), False
        if cid is None:
            return None
        ch = sc.characters[cid]
        return {"character": cid, "name": ch.name, "role": ch.role, "portrait": ch.portrait, "spoke": spoke,
                "mood": self._mood(s, cid), "rapport": s.rapport.get(cid, 0)}

    def _view(self, step: Step | None = None, beats: list[Beat] | None = None, note: str = "") -> str:
        s = self._session()
        sc = s.scenario
        shown: list[dict[str, Any]] = []
        reply = feedback = None
        if step is not None:
            choice = sc.nodes[step.decision.node_id].choices[step.decision.index]  # type: ignore[index]
            if step.reply is not None:
                reply = self._beat(s, step.reply, choice.mood)
            if s.mode == "practice" and step.decision.feedback:
                feedback = step.decision.feedback
            shown += [self._beat(s, b) for b in step.beats]
        shown += [self._beat(s, b) for b in beats or []]
        self._shown = ([reply] if reply else []) + shown
        ending = s.ending
        setting = next((b["setting"] for b in reversed(shown) if b.get("setting")), None) or self._setting
        self._setting = setting
        recorded = None
        if s.finished:  # recorded the moment the ending is reached, not when the debrief opens
            d_end = self.play.finish()
            recorded = {"grade": d_end.grade, "outcome": d_end.outcome}
        made = None
        if step is not None:
            d = step.decision
            made = {"step": d.step, "node": d.node_id, "choice": d.choice_id, "text": d.text}
        return _ok({
            "view": "dialogue", "scenario": sc.id, "made": made, "title": sc.title, "mode": s.mode, "note": note,
            "decision": len(s.log) + (0 if s.finished else 1), "chosen": step.decision.text if step else None,
            "reply": reply, "feedback": feedback, "beats": shown,
            "options": [] if s.finished else [{"number": o.number, "text": o.text} for o in s.options()],
            "finished": s.finished, "can_rewind": s.mode == "practice" and bool(s.log) and not s.finished,
            "ending": None if ending is None else {"title": ending.title, "outcome": ending.outcome,
                                                   "text": ending.text},
            "setting": setting, "present": self._present(s), "recorded": recorded,
        })

    # ------------------------------------------------------------------ the list and the briefing
    def scenarios(self) -> str:
        res = self.play.results
        out = []
        for sc in self.pack.scenarios:
            assert sc.id is not None
            best = res.best_for(sc.id)
            point = res.resumable(sc.id, self.player)
            out.append({
                **card(sc),
                "best": None if best is None else {"grade": best.grade, "ending": best.ending_title,
                                                   "outcome": best.outcome, "attempts": best.attempts},
                "resume": None if point is None else {"decision": point.at_decision, "mode": point.mode},
            })
        return _ok({"pack": self.pack.title, "player": self.player, "scenarios": out})

    def briefing(self, sid: str) -> str:
        sc = self._scenario(sid)
        self.play.select(sc)
        point, note = self.play.resume_offer()
        return _ok({
            **brief(self.pack, sc), "note": note,
            "resume": None if point is None else {"decision": point.at_decision, "mode": point.mode,
                                                  "stopped": point.stopped.isoformat(timespec="minutes")},
        })

    def warm(self, sid: str) -> str:
        """Compute the scenario's analysis now (the worker asks for it after a briefing is shown, while the
        player reads): the debrief needs it the moment the ending is reached, and computing it there made the
        last choice of a scenario several hundred milliseconds slower than the others in the browser."""
        from game.engine.scoring import analysis_for

        analysis_for(self._scenario(sid))
        return _ok({})

    # ------------------------------------------------------------------ playing
    def start(self, sid: str, mode: str = "practice") -> str:
        sc = self._scenario(sid)
        self.warm(sid)  # at once when the briefing already did it; never on a choice
        if mode not in MODES:
            raise WebError(_("mode must be practice or assessment, not {mode}").format(mode=repr(mode)))
        self.play.select(sc)
        point = self.play.interrupted()
        s = self.play.start_over(point, mode)  # type: ignore[arg-type]
        self._setting = sc.setting
        return self._view(beats=list(s.opening))

    def resume(self, sid: str) -> str:
        """Continue the interrupted attempt of `sid`; when it no longer replays, start over with a note."""
        sc = self._scenario(sid)
        self.warm(sid)
        self.play.select(sc)
        point = self.play.interrupted()
        if point is None:
            return self.start(sid, "practice")
        went = self.play.continue_attempt(point)
        if went.outcome is Resumed.UNREADABLE:
            raise WebError(went.note)
        if not went.ok:
            s = self.play.begin(point.mode if point.mode in MODES else "practice")  # type: ignore[arg-type]
            self._setting = sc.setting
            return self._view(beats=list(s.opening), note=went.note)
        s = self._session()
        self._setting = s.node.setting if getattr(s, "node", None) is not None else sc.setting
        self._setting = self._setting or sc.setting
        beat = s.current_beat
        return self._view(beats=[beat] if beat is not None and not s.finished else [],
                          note=_("Picking up at decision {n}.").format(n=len(s.log) + 1) if not s.finished else "")

    def choose(self, number: int) -> str:
        s = self._session()
        if not s.may_choose(int(number)):
            raise WebError(_("choice {number} is not on offer").format(number=number))
        step = self.play.choose(int(number))
        return self._view(step=step)

    def rewind(self) -> str:
        s = self._session()
        if s.mode != "practice" or not s.log:
            raise WebError(_("going back is only possible in practice mode, after a choice"))
        k = len(s.log) - 1
        beat = self.play.rewind(k)
        return self._view(beats=[beat] if beat is not None else [], note=_("Back to decision {n}.").format(n=k + 1))

    def debrief(self) -> str:
        s = self._session()
        if not s.finished:
            raise WebError(_("the scenario has not ended yet"))
        d = self.play.finish()
        return _ok({"view": "debrief", "mode": s.mode, "debrief": d.to_dict()})

    def leave(self) -> str:
        self.play.leave()
        return _ok({})

    # ------------------------------------------------------------------ an LMS's copy of the attempt (SCORM)
    def suspend_state(self) -> str:
        """The attempt on screen in a few hundred characters (SCORM 1.2 keeps 4,096 of `suspend_data`):
        enough to rebuild it where this browser's own store is gone (another machine, a cleared cache)."""
        s = self.play.session
        if s is None or s.finished:
            return _ok({"state": ""})
        state = {"v": 1, "s": s.scenario.id, "m": s.mode, "seed": s.seed, "o": int(s.in_order),
                 "c": [d.choice_id for d in s.log]}
        return _ok({"state": json.dumps(state, separators=(",", ":"))})

    def restore(self, state_text: str) -> str:
        """Pick up the attempt an LMS kept (`suspend_state`): from this browser's store when it has it, else
        as a new recorded attempt with the same seed and order, its choices made again by id."""
        try:
            state = json.loads(state_text)
            sid, mode, seed = str(state["s"]), str(state["m"]), int(state["seed"])
            in_order, choices = bool(state.get("o")), [str(c) for c in state["c"]]
        except (ValueError, KeyError, TypeError):
            raise WebError(_("the LMS's saved progress is not Rapport's; starting from the list")) from None
        sc = self._scenario(sid)
        self.warm(sid)
        self.play.select(sc)
        if self.play.interrupted() is not None:
            return self.resume(sid)
        if mode not in MODES:
            raise WebError(_("the LMS's saved progress names mode {mode}").format(mode=repr(mode)))
        saved = self.play.seed, self.play.in_order
        self.play.seed, self.play.in_order = seed, in_order
        try:
            s = self.play.begin(mode)  # type: ignore[arg-type]
        finally:
            self.play.seed, self.play.in_order = saved
        for cid in choices:
            number = next((o.number for o in s.options() if o.id == cid), None) if not s.finished else None
            if number is None:
                self.play.abandon()
                raise WebError(_("this scenario has changed since your progress was saved, so it starts again"))
            self.play.choose(number)
        self._setting = (s.node.setting if not s.finished else None) or sc.setting
        beat = s.current_beat
        return self._view(beats=[beat] if beat is not None and not s.finished else [],
                          note=_("Picking up at decision {n}.").format(n=len(s.log) + 1) if not s.finished else "")

    # ------------------------------------------------------------------ the hand-in
    def export(self) -> str:
        """The JSON hand-in `rapport export --format json` writes, for this browser's results."""
        from game.store.export import collect, to_json

        return _ok({"text": to_json(collect(self.db)), "player": self.player})

    # ------------------------------------------------------------------ xAPI: the page sends, Python decides
    def set_launch(self, actor: str = "", registration: str = "") -> str:
        """An xAPI launch's `actor` (JSON) and `registration` (UUID): the statements' actor and
        context.registration from now on. A bad one is a sentence for the page, and nothing changes."""
        from dataclasses import replace

        from game.store.lrs_config import identity
        from game.web.sync import launch_actor, launch_registration

        try:
            agent = launch_actor(actor) if actor else None
            reg = launch_registration(registration) if registration else ""
        except ValueError as exc:
            raise WebError(str(exc)) from None
        self.identity = replace(identity(), agent=json.dumps(agent, sort_keys=True) if agent else "",
                                registration=reg)
        self.play.results.identity = self.identity  # type: ignore[attr-defined]
        return _ok({"actor": agent, "registration": reg})

    def _sender(self) -> PageSender:
        if self.sender is None:
            raise WebError(_("this site was built without an LRS (rapport web build --lrs URL)"))
        return self.sender

    def outbox_take(self, limit: int = 50) -> str:
        """The next batch of queued statements: their outbox ids and the JSON array to POST."""
        return _ok(self._sender().take(limit))

    def outbox_answer(self, ids: list[int], code: int, text: str) -> str:
        """What the LRS answered to the batch `outbox_take` gave (`code` 0: no answer at all)."""
        return _ok(self._sender().answer(ids, code, text))

    def outbox_status(self) -> str:
        return _ok(self._sender().status())

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file before the page saves its folder to IndexedDB."""
        self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def call(self, name: str, args_json: str = "[]") -> str:
        """The page's one door: a method by name with JSON arguments; errors come back as a sentence."""
        if name.startswith("_") or name in ("call",) or not callable(getattr(self, name, None)):
            return json.dumps({"ok": False, "error": _("unknown action {name}").format(name=repr(name))},
                              ensure_ascii=False)
        try:
            result = getattr(self, name)(*json.loads(args_json))
        except WebError as exc:
            return json.dumps({"ok": False, "error": str(exc)})
        except Exception:  # a bug, not the player's doing: the traceback goes to the console, a sentence to them
            log.exception("the page's call %s failed", name)
            return json.dumps({"ok": False, "error": _(
                "something went wrong inside the game (your choices so far are saved); reload the page to go on")})
        finally:
            try:
                self.checkpoint()
            except Exception:  # a busy or closed database: the log stays beside the file and is read next time
                pass
        return result if isinstance(result, str) else _ok({})

    _shown: list[dict[str, Any]] = []
    _setting: str | None = None


__all__ = ["Runtime", "WebError"]
