"""Statements read back from an LRS, turned into the attempt records the class report takes.

The reverse of `xapi.py`. Anyone holding write credentials to the LRS can store
any statement, so every field is checked before it is used: a statement that
does not read as one of Rapport's is skipped and counted under a reason, and
the rest still make a report. Statements of other applications (an LRS serves a
whole institution) are counted apart, as not Rapport's.

An attempt is a registration. Its learner and scenario are those of its
`launched` statement (else of its earliest statement); a statement of the same
registration that names another learner or scenario is skipped. The decisions
still live are rebuilt from the order they were made in (their seq, recovered
from the statement id, else their timestamps): an answer at a step drops every
answer at that step or later, as the desktop's rewind does, and the dropped
ones are kept as rewound, exactly as a hand-in keeps them.
"""

from __future__ import annotations

import math
import re
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from game import i18n
from game.i18n import N_
from game.store.db import iso
from game.store.handin_schema import HandinError, check_attempt
from game.store.xapi import DEFAULT_BASE, VERBS, statement_id

MAX_TEXT = 2000       # characters of any text field: a statement of ours never has longer
MAX_ITEMS = 200       # entries of any list or map in a statement
MAX_STEP = 100_000
_VERB_NAMES = {iri: name for name, iri in VERBS.items()}
_DURATION = re.compile(r"^PT(\d{1,7}(?:\.\d{1,6})?)S$")


class Skip(ValueError):
    """This statement is not usable; str() is the reason in English, the key it is counted under, and
    `translated()` the same reason in the language in use, for the report to print.

    `template` is an English sentence marked with N_() and `fields` fill its `{name}`s. A `where` field is
    translated too when it is words (`the grade extension`, marked with N_() where it is written); a JSON path
    (`actor.account.name`, no space) is a name and stays as written."""

    def __init__(self, template: str, **fields: Any) -> None:
        self.template, self.fields = template, fields
        super().__init__(template.format(**fields))

    def translated(self) -> str:
        values = dict(self.fields)
        where = values.get("where")
        if isinstance(where, str) and " " in where:
            values["where"] = i18n._(where)
        return i18n._(self.template).format(**values)


@dataclass
class Rebuilt:
    """The attempts the statements describe, and what was left out and why."""

    records: list[dict[str, Any]] = field(default_factory=list)
    used: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> statements
    examples: dict[str, str] = field(default_factory=dict)  # reason -> the first such statement's id
    reasons: dict[str, Skip] = field(default_factory=dict)  # reason -> its Skip, to print it translated

    def reason(self, key: str) -> str:
        """A reason of `skipped` in the language in use (the English key when it was not a Skip)."""
        found = self.reasons.get(key)
        return found.translated() if found is not None else i18n._(key)
    foreign: int = 0  # statements of other applications, left alone

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


@dataclass
class _Parsed:
    id: str
    verb: str
    registration: str
    player: str
    scenario_id: str
    scenario_title: str | None
    timestamp: str
    when: datetime
    pack: str | None
    mode: str | None
    data: dict[str, Any]  # what the verb adds


# --------------------------------------------------------------------------- typed reading


def _obj(v: Any, where: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise Skip(N_("{where} is not an object"), where=where)
    if len(v) > MAX_ITEMS:
        raise Skip(N_("{where} has more than {n} entries"), where=where, n=MAX_ITEMS)
    return v


def _list(v: Any, where: str) -> list[Any]:
    if not isinstance(v, list):
        raise Skip(N_("{where} is not a list"), where=where)
    if len(v) > MAX_ITEMS:
        raise Skip(N_("{where} has more than {n} entries"), where=where, n=MAX_ITEMS)
    return v


def _text(v: Any, where: str, *, empty: bool = False) -> str:
    if not isinstance(v, str) or (not v and not empty):
        raise Skip(N_("{where} is not text") if not isinstance(v, str) else N_("{where} is empty"), where=where)
    if len(v) > MAX_TEXT:
        raise Skip(N_("{where} is longer than {n} characters"), where=where, n=MAX_TEXT)
    return v


def _opt_text(v: Any, where: str) -> str | None:
    return None if v is None else _text(v, where, empty=True)


def _int(v: Any, where: str, lo: int = -10**9, hi: int = 10**9) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, float) and v.is_integer() and math.isfinite(v):
            v = int(v)
        else:
            raise Skip(N_("{where} is not a whole number"), where=where)
    if not lo <= v <= hi:
        raise Skip(N_("{where} is out of range"), where=where)
    return v


def _num(v: Any, where: str) -> float | int:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or abs(v) > 1e9:
        raise Skip(N_("{where} is not a number"), where=where)
    return v


def _lang(v: Any, where: str) -> str | None:
    """A language map's text in the language in use (the report's, game/i18n.py), else English, else any; or
    None. `es_MX` takes `es-MX`, then `es` or any other `es-...`, then `en`, `en-US`, any `en-...`."""
    if v is None:
        return None
    m = _obj(v, where)
    for key in language_order(m, i18n.language()):
        return _text(m[key], f"{where}.{key}", empty=True)
    return None


def language_order(keys: Iterable[str], wanted: str) -> list[str]:
    """The keys of a language map, best first for `wanted` (a gettext code, `es_MX`; or a tag, `es-MX`): that
    language exactly, then its other regions, then English (`en`, `en-US`, any other), then the rest in order."""
    tags = list(keys)

    def parts(tag: str) -> tuple[str, str]:
        norm = tag.replace("_", "-").lower()
        return norm, norm.split("-")[0]

    want, want_base = parts(wanted)

    def rank(i_tag: tuple[int, str]) -> tuple[int, int]:
        i, tag = i_tag
        norm, base = parts(tag)
        if norm == want:
            return 0, i
        if norm == want_base:
            return 1, i
        if base == want_base:
            return 2, i
        if norm == "en":
            return 3, i
        if norm == "en-us":
            return 4, i
        if base == "en":
            return 5, i
        return 6, i

    return [tag for _i, tag in sorted(enumerate(tags), key=rank)]


def _when(v: Any) -> datetime:
    text = _text(v, "timestamp")
    try:
        ts = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Skip(N_("timestamp is not an ISO 8601 time")) from None
    if ts.tzinfo is None:
        raise Skip(N_("timestamp has no time zone"))
    return ts


def _under(iri: str, base: str, kind: str) -> str | None:
    prefix = f"{base}/{kind}/"
    if not iri.startswith(prefix):
        return None
    return unquote(iri[len(prefix):])


def _duration(v: Any) -> float | None:
    if v is None:
        return None
    m = _DURATION.match(_text(v, "result.duration"))
    return float(m.group(1)) if m else None


# --------------------------------------------------------------------------- one statement


def _is_ours(s: Any, base: str) -> bool:
    """Rapport's own statement (by its verb and an activity under our base), whatever shape the rest has."""
    if not isinstance(s, dict):
        return True  # not even an object: count it as a broken statement, not as someone else's
    verb = s.get("verb")
    if not isinstance(verb, dict) or verb.get("id") not in _VERB_NAMES:
        return False
    obj = s.get("object")
    oid = obj.get("id") if isinstance(obj, dict) else None
    return isinstance(oid, str) and oid.startswith(base + "/")


def parse_statement(s: Any, base: str = DEFAULT_BASE) -> _Parsed:
    """One of Rapport's statements, every field the report uses checked; Skip says why not."""
    s = _obj(s, N_("the statement"))
    sid = _text(s.get("id"), "id")
    try:
        uuid.UUID(sid)
    except ValueError:
        raise Skip(N_("id is not a UUID")) from None
    verb = _VERB_NAMES[str(_obj(s.get("verb"), "verb").get("id"))]
    actor = _obj(s.get("actor"), "actor")
    if actor.get("account") is None and isinstance(actor.get("name"), str):
        player = actor["name"].strip()  # an xAPI launch's actor (mbox, openid): its name
    else:
        account = _obj(actor.get("account"), "actor.account")
        player = _text(account.get("name"), "actor.account.name").strip()
    if not player or len(player) > 200:
        raise Skip(N_("actor.account.name is not a learner's name"))
    ctx = _obj(s.get("context"), "context")
    registration = _text(ctx.get("registration"), "context.registration")
    ctx_ext = ctx.get("extensions")
    if isinstance(ctx_ext, dict) and isinstance(ctx_ext.get(f"{base}/extensions/attempt"), str):
        registration = ctx_ext[f"{base}/extensions/attempt"]  # a launch's registration: the attempt is here
    try:
        registration = str(uuid.UUID(registration))
    except ValueError:
        raise Skip(N_("context.registration is not a UUID")) from None
    when = _when(s.get("timestamp"))
    obj = _obj(s.get("object"), "object")
    oid = _text(obj.get("id"), "object.id")
    definition = obj.get("definition")
    defn = _obj(definition, "object.definition") if definition is not None else {}
    acts = _obj(ctx.get("contextActivities") or {}, "context.contextActivities")
    pack = None
    if acts.get("grouping") is not None:
        for g in _list(acts["grouping"], "context.contextActivities.grouping"):
            g = _obj(g, "context.contextActivities.grouping[]")
            pack = _under(_text(g.get("id"), N_("grouping id")), base, "packs") or pack
    exts = _obj(ctx.get("extensions") or {}, "context.extensions")
    mode = _opt_text(exts.get(f"{base}/extensions/mode"), N_("the mode extension"))

    if verb in ("launched", "completed", "abandoned"):
        scenario = _under(oid, base, "scenarios")
        if not scenario or "/" in scenario:
            raise Skip(N_("a {verb} statement whose object is not a scenario"), verb=verb)
        title = _lang(defn.get("name"), "object.definition.name")
    else:
        parents = _list(acts.get("parent"), "context.contextActivities.parent")
        if not parents:
            raise Skip(N_("an {verb} statement with no parent scenario"), verb=verb)
        parent = _obj(parents[0], N_("the parent activity"))
        scenario = _under(_text(parent.get("id"), N_("the parent activity's id")), base, "scenarios")
        if not scenario or "/" in scenario:
            raise Skip(N_("an {verb} statement whose parent is not a scenario"), verb=verb)
        pdef = parent.get("definition")
        title = _lang(_obj(pdef, N_("the parent's definition")).get("name"), N_("the parent's name")) if pdef else None
    _text(scenario, N_("the scenario id"))
    result = _obj(s.get("result") or {}, "result")
    rext = _obj(result.get("extensions") or {}, "result.extensions")

    def ext(name: str) -> Any:
        return rext.get(f"{base}/extensions/{name}")

    data: dict[str, Any] = {}
    if verb == "answered":
        data = _answered(oid, scenario, defn, result, ext, base)
    elif verb == "completed":
        data = _completed(ext)
    elif verb == "scored":
        pid = _under(oid, base, "principles")
        if not pid:
            raise Skip(N_("a scored statement whose object is not a principle"))
        data = {"principle": pid, "name": _lang(defn.get("name"), "object.definition.name")}
    return _Parsed(id=sid, verb=verb, registration=registration, player=player, scenario_id=scenario,
                   scenario_title=title, timestamp=iso(when), when=when, pack=pack, mode=mode, data=data)


def _str_map_of_numbers(v: Any, where: str) -> dict[str, float | int]:
    return {_text(k, f"{where} key"): _num(x, f"{where}.{k}") for k, x in _obj(v or {}, where).items()}


def _answered(oid: str, scenario: str, defn: dict[str, Any], result: dict[str, Any], ext: Any,
              base: str) -> dict[str, Any]:
    node = _under(oid, base, "scenarios")
    prefix = f"{scenario}/nodes/"
    if not node or not node.startswith(prefix) or len(node) == len(prefix):
        raise Skip(N_("an answered statement whose object is not a node of its scenario"))
    node_id = node[len(prefix):]
    choice = _obj(ext("choice"), N_("the choice extension"))
    cid = _text(choice.get("id"), N_("the choice extension's id"))
    if result.get("response") != cid:
        raise Skip(N_("result.response is not the chosen choice's id"))
    texts: dict[str, str] = {}
    for c in _list(defn.get("choices") or [], "object.definition.choices"):
        c = _obj(c, N_("a choice"))
        texts[_text(c.get("id"), N_("a choice's id"))] = _lang(c.get("description"), N_("a choice's description")) or ""
    shown = [_text(x, N_("the shown extension")) for x in _list(choice.get("shown") or [], N_("the shown extension"))]
    patterns = [_text(x, N_("the patterns extension")) for x in _list(ext("patterns") or [], N_("the patterns extension"))]
    return {
        "step": _int(choice.get("step"), N_("the choice's step"), 0, MAX_STEP),
        "node_id": node_id,
        "number": _int(choice.get("number"), N_("the choice's number"), 0, MAX_ITEMS),
        "index": _int(choice.get("index"), N_("the choice's index"), 0, MAX_ITEMS),
        "text": texts.get(cid, ""),
        "to": _text(choice.get("to"), N_("the choice's to"), empty=True),
        "score": _str_map_of_numbers(ext("principles"), N_("the principles extension")),
        "rapport": _str_map_of_numbers(ext("rapport"), N_("the rapport extension")),
        "patterns": patterns,
        "choice_id": cid,
        "shown": shown,
        "elapsed": _duration(result.get("duration")),
        "prompt": _lang(defn.get("name"), "object.definition.name"),
    }


def _completed(ext: Any) -> dict[str, Any]:
    grade = _num(ext("grade"), N_("the grade extension"))
    outcome = _opt_text(ext("outcome"), N_("the outcome extension"))
    ending = _obj(ext("ending") or {}, N_("the ending extension"))
    principles = {}
    for pid, p in _obj(ext("principles") or {}, N_("the principles extension")).items():
        p = _obj(p, f"principle {pid!r}")
        principles[_text(pid, N_("a principle id"))] = {k: _num(p.get(k, 0), f"principle {pid!r} {k}")
                                                     for k in ("score", "best", "worst")}
    counts = {_text(k, N_("a pattern id")): _int(v, f"pattern {k!r} count", 0, MAX_STEP)
              for k, v in _obj(ext("patterns") or {}, N_("the patterns extension")).items()}
    summary = _obj(ext("debrief") or {}, N_("the debrief extension"))
    names = {_text(k, N_("a principle id")): _text(v, f"principle {k!r} name", empty=True)
             for k, v in _obj(summary.get("principles") or {}, N_("the debrief's principles")).items()}
    pattern_info = {}
    for k, v in _obj(summary.get("patterns") or {}, N_("the debrief's patterns")).items():
        v = _obj(v, f"pattern {k!r}")
        pattern_info[_text(k, N_("a pattern id"))] = {"name": _opt_text(v.get("name"), f"pattern {k!r} name"),
                                                  "tip": _opt_text(v.get("tip"), f"pattern {k!r} tip")}
    best = []
    for b in _list(summary.get("best") or [], N_("the debrief's best answers")):
        b = _obj(b, N_("a best answer"))
        best.append({"node_id": _text(b.get("node_id"), N_("a best answer's node")),
                     "best_id": _text(b.get("best_id"), N_("a best answer's id")),
                     "best_index": _int(b.get("best_index"), N_("a best answer's index"), 0, MAX_ITEMS),
                     "best_text": _text(b.get("best_text"), N_("a best answer's text"), empty=True),
                     "prompt": _opt_text(b.get("prompt"), N_("a best answer's prompt"))})
    perspective = []
    for v in _list(summary.get("perspective") or [], N_("the debrief's perspective")):
        v = _obj(v, N_("a perspective"))
        character = _text(v.get("character"), N_("a perspective's character"))
        perspective.append({"character": character,
                            "name": _opt_text(v.get("name"), N_("a perspective's name")) or character,
                            "role": _opt_text(v.get("role"), N_("a perspective's role")),
                            "text": _text(v.get("text"), N_("a perspective's text"), empty=True)})
    reflect = [_text(q, N_("a reflect question")) for q in _list(summary.get("reflect") or [], N_("the debrief's reflect"))]
    return {"grade": grade, "outcome": outcome,
            "ending_id": _opt_text(ending.get("id"), N_("the ending's id")),
            "ending_title": _opt_text(ending.get("title"), N_("the ending's title")),
            "principles": principles, "counts": counts, "names": names, "pattern_info": pattern_info,
            "best": best, "perspective": perspective, "reflect": reflect}


# --------------------------------------------------------------------------- attempts


def _live_order(reg: str, answers: list[_Parsed]) -> list[_Parsed]:
    """The answers in the order they were made: by seq when every id gives one back, else by time."""
    seq_of = {statement_id(reg, "answered", n): n for n in range(2 * len(answers) + 16)}
    if all(a.id in seq_of for a in answers):
        return sorted(answers, key=lambda a: seq_of[a.id])
    return sorted(answers, key=lambda a: (a.when, a.data["step"]))


def _record(reg: str, items: list[_Parsed]) -> dict[str, Any]:
    by_verb: dict[str, list[_Parsed]] = {}
    for p in items:
        by_verb.setdefault(p.verb, []).append(p)
    first = min(items, key=lambda p: p.when)
    launched = min(by_verb.get("launched", []), key=lambda p: p.when, default=None)
    done = min(by_verb.get("completed", []), key=lambda p: p.when, default=None)
    gave_up = min(by_verb.get("abandoned", []), key=lambda p: p.when, default=None)
    decisions: list[dict[str, Any]] = []
    for a in _live_order(reg, by_verb.get("answered", [])):
        d = {**a.data, "at": a.timestamp, "rewound": None}
        for old in decisions:
            if old["rewound"] is None and old["step"] >= d["step"]:
                old["rewound"] = a.timestamp
        decisions.append(d)
    title = next((p.scenario_title for p in ([launched] if launched else []) + items if p and p.scenario_title),
                 None)
    rec: dict[str, Any] = {
        "uuid": reg, "player": first.player, "scenario_id": first.scenario_id, "scenario_title": title,
        "pack": next((p.pack for p in items if p.pack), None), "mode": next((p.mode for p in items if p.mode), None),
        "seed": None, "started": (launched or first).timestamp, "finished": None, "status": "in_progress",
        "ending_id": None, "outcome": None, "grade": None, "debrief": None, "decisions": decisions,
    }
    if done is not None:
        c = done.data
        names = dict(c["names"])
        for sc in by_verb.get("scored", []):
            if sc.data["name"]:
                names.setdefault(sc.data["principle"], sc.data["name"])
        rec.update(status="finished", finished=done.timestamp, outcome=c["outcome"], ending_id=c["ending_id"],
                   grade=c["grade"])
        rec["debrief"] = {
            "principles": [{"id": pid, "name": names.get(pid) or pid, **v} for pid, v in c["principles"].items()],
            "patterns": [{"id": pid, "name": (c["pattern_info"].get(pid) or {}).get("name") or pid,
                          "tip": (c["pattern_info"].get(pid) or {}).get("tip"), "count": n}
                         for pid, n in c["counts"].items()],
            "decisions": c["best"],
            "ending_title": c["ending_title"],
            "perspective": c["perspective"],
            "reflect": c["reflect"],
        }
    elif gave_up is not None:
        rec.update(status="abandoned", finished=gave_up.timestamp)
    return rec


def rebuild(statements: Iterable[Any], base: str = DEFAULT_BASE) -> Rebuilt:
    """Attempt records from statements (any order, duplicates by id counted once)."""
    out = Rebuilt()
    seen: set[str] = set()
    attempts: dict[str, list[_Parsed]] = {}

    def skip(why: Skip, sid: Any) -> None:
        reason = str(why)
        out.skipped[reason] += 1
        out.reasons.setdefault(reason, why)
        if reason not in out.examples:
            out.examples[reason] = sid if isinstance(sid, str) and len(sid) <= 300 else "(no readable id)"

    for s in statements:
        if not _is_ours(s, base):
            out.foreign += 1
            continue
        try:
            p = parse_statement(s, base)
        except (Skip, RecursionError) as exc:
            skip(exc if isinstance(exc, Skip) else Skip(N_("nested too deeply")), s.get("id") if isinstance(s, dict)
                 else None)
            continue
        if p.id in seen:
            continue
        seen.add(p.id)
        attempts.setdefault(p.registration, []).append(p)
    for reg, items in attempts.items():
        anchor = min((p for p in items if p.verb == "launched"), key=lambda p: p.when, default=None) \
            or min(items, key=lambda p: p.when)
        kept = []
        for p in items:
            if (p.player, p.scenario_id) != (anchor.player, anchor.scenario_id):
                skip(Skip(N_("its learner or scenario differs from the rest of its attempt")), p.id)
            else:
                kept.append(p)
        kept.sort(key=lambda p: p.when)
        try:
            rec = check_attempt(_record(reg, kept), f"attempt {reg}")
        except (HandinError, KeyError, TypeError, ValueError) as exc:
            for p in kept:
                skip(Skip(N_("its attempt does not add up")), f"{p.id} ({exc})"[:300])
            continue
        out.records.append(rec)
        out.used += len(kept)
    out.records.sort(key=lambda r: (r.get("started") or "", r["uuid"]))
    return out
