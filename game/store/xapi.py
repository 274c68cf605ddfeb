"""xAPI 1.0.3 statements for an attempt, as pure functions of what the store holds.

Every statement is built only from recorded data (its timestamp is the moment
the event was recorded, never "now"), and its id is a uuid5 of the attempt's
uuid and the event. Building the same statement twice gives the same JSON, so
an LRS that already holds it sees an equivalent duplicate, and a resent batch
never duplicates anything.

One attempt sends:
- `launched` when the scenario starts;
- `answered` for each decision: a `choice` interaction whose activity lists
  the node's choices by id; the response is the chosen choice's id, and its
  per-principle effects, rapport changes, patterns and the order the options
  were shown in are result extensions;
- `completed` with the scaled score (the debrief grade / 100), raw total
  between the worst and best possible totals, success = a "success" ending,
  and a `debrief` extension with what the class report needs besides the
  scores (principle and pattern names, tips, the best choice at each
  decision, the ending's `perspective` and the scenario's `reflect`), so `rapport report --lrs` can rebuild the report from the LRS;
- `scored` once per principle the scenario can move, with that principle's
  score between its worst and best;
- or `abandoned` (the cmi5 verb) when the player gives up.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from game.store.db import Attempt, DecisionRecord, parse_iso
from game.store.records import Debrief

XAPI_VERSION = "1.0.3"
# Fixed forever: changing it would change every statement id.
NAMESPACE = uuid.UUID("4b1f7a52-6f0e-5c1a-9d1e-72617070f0a7")
# `.example` is reserved (RFC 2606): these IRIs identify, they are not fetched.
DEFAULT_BASE = "https://rapport.example/xapi"
DEFAULT_HOMEPAGE = "https://rapport.example"
LANG = "en"
TEXT_LIMIT = 500  # characters of a prompt, a choice or a tip that a statement carries

VERBS: dict[str, str] = {
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "scored": "http://adlnet.gov/expapi/verbs/scored",
    "abandoned": "https://w3id.org/xapi/adl/verbs/abandoned",
}
ACTIVITY_TYPES = {
    "scenario": "http://adlnet.gov/expapi/activities/simulation",
    "node": "http://adlnet.gov/expapi/activities/question",
    "principle": "http://adlnet.gov/expapi/activities/objective",
    "pack": "http://adlnet.gov/expapi/activities/course",
}


@dataclass(frozen=True)
class Identity:
    """How learners and activities are named in statements."""

    homepage: str = DEFAULT_HOMEPAGE  # the account's homePage: the institution's system
    base: str = DEFAULT_BASE          # prefix of activity ids and extension keys
    agent: str = ""                   # an xAPI launch's actor (JSON text): the statements' actor, as given
    registration: str = ""            # an xAPI launch's registration: context.registration of every attempt

    def ext(self, name: str) -> str:
        return f"{self.base}/extensions/{name}"


def statement_id(attempt_uuid: str, *parts: object) -> str:
    """The stable id of one event of one attempt."""
    return str(uuid.uuid5(NAMESPACE, "/".join([attempt_uuid, *map(str, parts)])))


def _seg(text: str) -> str:
    return quote(text, safe="-_.~")


def _duration(seconds: float) -> str:
    return f"PT{max(seconds, 0.0):.2f}S"


def actor(player: str, ident: Identity) -> dict[str, Any]:
    if ident.agent:
        return dict(json.loads(ident.agent))
    return {"objectType": "Agent", "name": player, "account": {"homePage": ident.homepage, "name": player}}


def verb(name: str) -> dict[str, Any]:
    return {"id": VERBS[name], "display": {LANG: name}}


def scenario_iri(scenario_id: str, base: str = DEFAULT_BASE) -> str:
    """The activity id a scenario's statements name it by (`rapport report --lrs --activity` asks for it)."""
    return f"{base}/scenarios/{_seg(scenario_id)}"


def played(a: Attempt) -> str:
    """The language the attempt was played in (`context.language`); English for one recorded before languages."""
    return a.language or LANG


def language_map(a: Attempt, text: str, every: dict[str, str] | None = None) -> dict[str, str]:
    """An xAPI language map: the text in every language recorded with it (a language whose catalog lacks it,
    or has it stale, is left out), or, for a record from before languages, the text in the language played."""
    out = {tag: str(t)[:TEXT_LIMIT] for tag, t in sorted((every or {}).items()) if t}
    return out or {played(a): text[:TEXT_LIMIT]}


def scenario_activity(a: Attempt, ident: Identity) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": scenario_iri(a.scenario_id, ident.base),
        "definition": {"name": language_map(a, a.scenario_title or a.scenario_id, a.titles),
                       "type": ACTIVITY_TYPES["scenario"]},
    }


def _context(a: Attempt, ident: Identity, *, parent: bool) -> dict[str, Any]:
    activities: dict[str, Any] = {}
    if parent:
        activities["parent"] = [scenario_activity(a, ident)]
    if a.pack:
        activities["grouping"] = [{
            "objectType": "Activity",
            "id": f"{ident.base}/packs/{_seg(a.pack)}",
            "definition": {"name": {LANG: a.pack}, "type": ACTIVITY_TYPES["pack"]},
        }]
    ctx: dict[str, Any] = {
        "registration": ident.registration or a.uuid,
        "platform": "Rapport",
        "language": played(a),
        "extensions": {ident.ext("mode"): a.mode},
    }
    if ident.registration:  # the launch's registration spans attempts: each keeps its own uuid here
        ctx["extensions"][ident.ext("attempt")] = a.uuid
    if activities:
        ctx["contextActivities"] = activities
    return ctx


def _base(a: Attempt, ident: Identity, sid: str, verb_name: str, obj: dict[str, Any], ts: str,
          *, parent: bool = False) -> dict[str, Any]:
    return {
        "id": sid,
        "actor": actor(a.player, ident),
        "verb": verb(verb_name),
        "object": obj,
        "context": _context(a, ident, parent=parent),
        "timestamp": ts,
        "version": XAPI_VERSION,
    }


def launched(a: Attempt, ident: Identity = Identity()) -> dict[str, Any]:
    return _base(a, ident, statement_id(a.uuid, "launched"), "launched", scenario_activity(a, ident), a.started)


def answered(a: Attempt, d: DecisionRecord, ident: Identity = Identity()) -> dict[str, Any]:
    prompt = d.prompt or d.node_id
    # The node's choices by id, in file order (recorded with the decision); a record from before
    # that knows only the chosen one.
    options = dict(d.options) or {d.choice_id: d.text}
    node = {
        "objectType": "Activity",
        "id": f"{ident.base}/scenarios/{_seg(a.scenario_id)}/nodes/{_seg(d.node_id)}",
        "definition": {
            "name": language_map(a, str(prompt), d.prompts if d.prompt else None), "type": ACTIVITY_TYPES["node"],
            "interactionType": "choice",
            "choices": [{"id": cid, "description": language_map(a, text, d.choice_texts.get(cid))}
                        for cid, text in options.items()],
        },
    }
    choice: dict[str, Any] = {"step": d.step, "id": d.choice_id, "number": d.number, "index": d.index, "to": d.to}
    if d.shown:
        choice["shown"] = list(d.shown)  # the ids in the order the player saw them: `number` is a place in it
    result: dict[str, Any] = {
        "response": d.choice_id,
        "extensions": {
            ident.ext("choice"): choice,
            ident.ext("principles"): dict(d.score),
            ident.ext("rapport"): dict(d.rapport),
            ident.ext("patterns"): list(d.patterns),
        },
    }
    if d.elapsed is not None:
        result["duration"] = _duration(d.elapsed)
    stmt = _base(a, ident, statement_id(a.uuid, "answered", d.seq), "answered", node, d.at, parent=True)
    stmt["result"] = result
    return stmt


def _span(a: Attempt) -> float | None:
    if not a.finished:
        return None
    return (parse_iso(a.finished) - parse_iso(a.started)) / timedelta(seconds=1)


def _score(raw: float, worst: float, best: float, scaled: float | None = None) -> dict[str, Any]:
    lo, hi = min(worst, raw), max(best, raw)
    if scaled is None:
        scaled = (raw - lo) / (hi - lo) if hi > lo else 1.0
    return {"scaled": round(max(-1.0, min(1.0, scaled)), 4), "raw": raw, "min": lo, "max": hi}


def _debrief(a: Attempt) -> Debrief:
    d = a.debrief_record()
    if d is None:
        raise ValueError(f"attempt {a.uuid} is {a.status} but has no debrief")
    return d


def debrief_summary(d: Debrief) -> dict[str, Any]:
    """The names, tips, best answers, their side and questions the class report shows: what the scores do not say."""
    return {
        "principles": {p.id: p.name[:TEXT_LIMIT] for p in d.principles},
        "patterns": {p.id: {"name": p.name[:TEXT_LIMIT], "tip": p.tip[:TEXT_LIMIT]} for p in d.patterns},
        "best": [{"node_id": r.node_id, "best_id": r.best_id, "best_index": r.best_index,
                  "best_text": r.best_text[:TEXT_LIMIT], "prompt": r.prompt[:TEXT_LIMIT]} for r in d.decisions],
        # The ending's "Their side" and the scenario's questions: the report's discussion prompts.
        "perspective": [{"character": p.character, "name": p.name[:TEXT_LIMIT], "role": p.role,
                         "text": p.text[:TEXT_LIMIT]} for p in d.perspective],
        "reflect": [q[:TEXT_LIMIT] for q in d.reflect],
    }


def completed(a: Attempt, ident: Identity = Identity()) -> dict[str, Any]:
    d = _debrief(a)
    outcome = a.outcome or d.outcome
    result: dict[str, Any] = {
        "score": _score(d.total, d.worst_total, d.best_total, d.grade / 100),
        "success": outcome == "success",
        "completion": True,
        "extensions": {
            ident.ext("outcome"): outcome,
            ident.ext("ending"): {"id": a.ending_id or d.ending_id, "title": d.ending_title},
            ident.ext("grade"): d.grade,
            ident.ext("principles"): {p.id: {"score": p.score, "best": p.best, "worst": p.worst}
                                      for p in d.principles},
            ident.ext("patterns"): {p.id: p.count for p in d.patterns},
            ident.ext("debrief"): debrief_summary(d),
        },
    }
    span = _span(a)
    if span is not None:
        result["duration"] = _duration(span)
    stmt = _base(a, ident, statement_id(a.uuid, "completed"), "completed", scenario_activity(a, ident),
                 a.finished or a.started)
    stmt["result"] = result
    return stmt


def scored(a: Attempt, ident: Identity = Identity()) -> list[dict[str, Any]]:
    """One statement per principle the scenario can move (best != worst) or that moved."""
    out = []
    for p in _debrief(a).principles:
        if p.best == p.worst and p.score == 0:
            continue
        obj = {
            "objectType": "Activity",
            "id": f"{ident.base}/principles/{_seg(p.id)}",
            "definition": {"name": {played(a): p.name or p.id}, "type": ACTIVITY_TYPES["principle"]},
        }
        stmt = _base(a, ident, statement_id(a.uuid, "scored", p.id), "scored", obj,
                     a.finished or a.started, parent=True)
        stmt["result"] = {
            "score": _score(p.score, p.worst, p.best),
            "extensions": {ident.ext("in-focus"): p.in_focus},
        }
        out.append(stmt)
    return out


def abandoned(a: Attempt, ident: Identity = Identity()) -> dict[str, Any]:
    stmt = _base(a, ident, statement_id(a.uuid, "abandoned"), "abandoned", scenario_activity(a, ident),
                 a.finished or a.started)
    result: dict[str, Any] = {"completion": False}
    span = _span(a)
    if span is not None:
        result["duration"] = _duration(span)
    stmt["result"] = result
    return stmt


def attempt_statements(a: Attempt, decisions: list[DecisionRecord], ident: Identity = Identity()) -> list[dict[str, Any]]:
    """Everything an attempt sends, in order (pass decisions with `include_rewound=True`)."""
    out = [launched(a, ident)] + [answered(a, d, ident) for d in decisions]
    if a.status == "finished":
        out += [completed(a, ident), *scored(a, ident)]
    elif a.status == "abandoned":
        out.append(abandoned(a, ident))
    return out
