"""The class report: many learners' records in, one summary out (`rapport report PATH... --out FILE`).

What a PATH can be (a facilitator collects one file per learner):
- a JSON export (`rapport export --format json`): the intended hand-in;
- a Rapport database file (`rapport.sqlite3`): read from a private copy, so the
  learner's file is never migrated, moved or locked;
- a folder: every `*.json`, `*.sqlite3`, `*.sqlite` and `*.db` inside, recursively.
A file that is neither is listed as skipped, with the reason, and the rest are
used. With `--lrs` the class's statements are also read from the LRS
(`lrs_read.py`) and turned back into the same records (`xapi_read.py`). An
attempt found twice (same uuid: handed in twice, or in a file and the LRS)
counts once.

How the numbers are made, so a facilitator can trust them:
- principle levels: where a score fell between the worst and best that
  scenario allows (0-100%), from each learner's latest finished attempt of
  each scenario (practising ten times does not give ten votes);
- patterns: the share of learners who fell into it at least once;
- splits: each learner's first answer at each decision, ranked by how evenly
  the answers spread (1 - the largest option's share), when no answer has
  more than 75%; and, apart (when not already listed as a split), decisions
  where 60% or more of the class agreed on an answer that was not the best one;
- completion: learners who started a scenario and who finished it at least once.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from game import i18n
from game.i18n import _, ngettext
from game.store import export as export_mod
from game.store.db import SQLITE_MAGIC, Database, StoreError
from game.store.handin_schema import (
    MAX_HANDIN_BYTES,
    HandinError,
    check_attempt,
    check_export,
)
from game.store.lrs_config import LrsConfig
from game.store.lrs_http import redact
from game.store.lrs_read import MAX_STATEMENTS, Query, ReadError, fetch
from game.store.records import Decision, position_id
from game.store.xapi_read import rebuild

DB_SUFFIXES = (".sqlite3", ".sqlite", ".db")
MAX_DB_BYTES = 200 * 1024 * 1024
BINS = 10
MIN_SPREAD = 0.25  # a decision "splits" the class when no answer has more than 75%
MISS_SHARE = 0.6   # "most of the class missed": the top answer, not the best, has 60% or more
STATUS_RANK = {"finished": 2, "abandoned": 1, "in_progress": 0}


class ReportError(ValueError):
    """Nothing usable was found in the given paths."""


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class LrsRead:
    """What a read of the LRS gave: for the command's summary line and the benchmark."""

    pages: int
    statements: int
    used: int
    skipped: int
    foreign: int
    attempts: int
    seconds: float


@dataclass
class Loaded:
    records: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    lrs: LrsRead | None = None


QUERY_SECONDS = 10.0  # per query on a hand-in database: a recursive view must not hang the report
PROGRESS_OPS = 200  # SQLite VM steps between deadline checks


def _deadline_handler(seconds: float) -> Callable[[], int]:
    end = time.monotonic() + seconds
    return lambda: 1 if time.monotonic() > end else 0  # non-zero aborts the query (sqlite3.OperationalError)


def _probe_db(copy: Path) -> None:
    """Read-only look at a hand-in database before the store opens it: the core tables must be tables."""
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.set_progress_handler(_deadline_handler(QUERY_SECONDS), PROGRESS_OPS)
        try:
            kinds = dict(conn.execute(
                "SELECT name, type FROM sqlite_master WHERE name IN ('attempts', 'decisions', 'players')"))
            if conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0]:
                raise HandinError("the database has triggers, which no Rapport database has")
        except sqlite3.DatabaseError as exc:
            if "interrupt" in str(exc):
                raise HandinError(f"reading it took longer than {QUERY_SECONDS:g} s; skipped") from exc
            raise HandinError(f"not a readable SQLite database ({exc})") from exc
        if "attempts" not in kinds:
            raise HandinError("a SQLite database without Rapport's attempts table; not a Rapport database")
        odd = sorted(n for n, t in kinds.items() if t != "table")
        if odd:
            raise HandinError(f"{', '.join(odd)} should be tables, not views; this is not a Rapport database")
    finally:
        conn.close()


def _read_db(path: Path) -> list[dict[str, Any]]:
    if path.stat().st_size > MAX_DB_BYTES:
        raise HandinError(f"the database is larger than {MAX_DB_BYTES // (1024 * 1024)} MB; hand in"
                          " `rapport export --format json` instead")
    with tempfile.TemporaryDirectory(prefix="rapport-report-") as tmp:
        # A private copy: the learner's file is never migrated, locked or written to.
        copy = Path(tmp) / "copy.sqlite3"
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        _probe_db(copy)
        db = Database(copy)
        try:
            if db.moved_aside is not None:
                raise HandinError("the database is damaged")
            db.conn.set_progress_handler(_deadline_handler(QUERY_SECONDS), PROGRESS_OPS)
            try:
                records = export_mod.collect(db)
            except sqlite3.OperationalError as exc:
                if "interrupt" in str(exc):
                    raise HandinError(f"reading it took longer than {QUERY_SECONDS:g} s; skipped") from exc
                raise
            return [check_attempt(r, f"attempt {r.get('uuid', i)}") for i, r in enumerate(records)]
        finally:
            db.close()


def _no_constant(name: str) -> Any:
    raise HandinError(f"holds {name}, which is not a number JSON allows")


def _read_json(path: Path) -> list[dict[str, Any]]:
    if path.suffix.lower() == ".csv":
        raise HandinError("a CSV export cannot be reported on; hand in `rapport export --format json`")
    size = path.stat().st_size
    if size > MAX_HANDIN_BYTES:
        raise HandinError(f"the file is {size // (1024 * 1024)} MB, over the {MAX_HANDIN_BYTES // (1024 * 1024)} MB"
                          " a hand-in may be")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HandinError(f"not UTF-8 text (byte {exc.start}); is it a Rapport JSON export?") from exc
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except RecursionError as exc:
        raise HandinError("nested too deeply to be a Rapport export") from exc
    except HandinError:
        raise
    except ValueError as exc:
        raise HandinError(f"not valid JSON ({exc})") from exc
    return check_export(doc, export_mod.KIND, export_mod.VERSION)


def _expand(paths: Iterable[Path]) -> Iterable[Path]:
    for p in paths:
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in (".json", *DB_SUFFIXES))
        else:
            yield p


def load(paths: Sequence[Path | str], *, lrs: LrsSource | None = None) -> Loaded:
    """Read every path (and the LRS, when given); bad ones are skipped with a reason, duplicates merged.

    An attempt found twice (the same uuid: handed in twice, or handed in and also in the LRS) counts
    once, as its most complete copy. A failed LRS read raises ReportError: half a class is not a report.
    """
    out = Loaded()
    by_uuid: dict[str, dict[str, Any]] = {}
    for path in _expand(Path(p) for p in paths):
        try:
            with open(path, "rb") as fh:
                head = fh.read(16)
            records = _read_db(path) if head == SQLITE_MAGIC else _read_json(path)
        except (OSError, ValueError, sqlite3.Error, StoreError, RecursionError) as exc:
            out.skipped.append((str(path), str(getattr(exc, "strerror", None) or exc)))
            continue
        out.sources.append(str(path))
        _merge(by_uuid, records)
    if lrs is not None:
        _merge(by_uuid, _read_lrs(lrs, out))
    out.records = sorted(by_uuid.values(), key=lambda r: (r.get("started") or "", r["uuid"]))
    return out


def _merge(by_uuid: dict[str, dict[str, Any]], records: Iterable[dict[str, Any]]) -> None:
    for r in records:
        old = by_uuid.get(r["uuid"])
        if old is None or _completeness(r) > _completeness(old):
            by_uuid[r["uuid"]] = r


@dataclass(frozen=True)
class LrsSource:
    """Where and what to read for `rapport report --lrs`: the configured LRS and the xAPI filters."""

    config: LrsConfig
    query: Query = Query()
    timeout: float = 30.0
    max_statements: int = MAX_STATEMENTS


def _read_lrs(src: LrsSource, out: Loaded) -> list[dict[str, Any]]:
    try:
        fetched = fetch(src.config, src.query, timeout=src.timeout, max_statements=src.max_statements)
    except ReadError as exc:
        raise ReportError(str(exc)) from exc
    got = rebuild(fetched.statements, src.config.identity.base)
    label = _("the LRS at {where}").format(where=redact(src.config.endpoint))
    out.lrs = LrsRead(fetched.pages, len(fetched.statements), got.used, got.skipped_total, got.foreign,
                      len(got.records), fetched.seconds)
    n = len(fetched.statements)
    read = _("{source}: {statements} in {pages}").format(
        source=label, statements=ngettext("{n} statement", "{n} statements", n).format(n=n),
        pages=ngettext("{n} page", "{n} pages", fetched.pages).format(n=fetched.pages))
    if got.foreign:
        read += " " + ngettext("({n} of another application, left out)", "({n} of other applications, left out)",
                               got.foreign).format(n=got.foreign)
    out.sources.append(read)
    for reason, n in got.skipped.most_common():
        out.skipped.append((label, ngettext("{n} statement skipped: {reason} (the first: {example})",
                                            "{n} statements skipped: {reason} (the first: {example})", n)
                            .format(n=n, reason=got.reason(reason), example=got.examples[reason])))
    return got.records


def _completeness(r: dict[str, Any]) -> tuple[int, int]:
    return STATUS_RANK.get(r.get("status", ""), 0), len(r.get("decisions") or [])


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class ScenarioCompletion:
    scenario_id: str
    title: str
    learners: int          # started it at least once
    finished_learners: int  # finished it at least once
    attempts: int
    statuses: dict[str, int]  # finished / abandoned / in_progress (attempts)
    outcomes: dict[str, int]  # success / mixed / setback (finished attempts)
    median_grade: float | None


@dataclass(frozen=True)
class PrincipleDistribution:
    id: str
    name: str
    levels: list[float]   # 0..1, one per learner and scenario (latest finished attempt)
    bins: list[int]       # BINS equal-width bins over 0..1
    median: float | None
    low: int              # levels below 40%


@dataclass(frozen=True)
class PatternFrequency:
    id: str
    name: str
    tip: str | None
    learners: int
    share: float          # of learners with any attempt
    times: int            # choices over every attempt


@dataclass(frozen=True)
class OptionShare:
    id: str  # the choice's id
    text: str
    count: int
    share: float
    best: bool
    patterns: list[str]


@dataclass(frozen=True)
class Split:
    scenario_id: str
    scenario_title: str
    node_id: str
    prompt: str
    total: int
    options: list[OptionShare]
    spread: float         # 1 - largest share: 0 when unanimous
    best_text: str | None = None  # the best option's text, known from the debriefs


@dataclass(frozen=True)
class TheirSide:
    """One character's view of an ending (its `perspective`)."""

    name: str
    role: str | None
    text: str


@dataclass(frozen=True)
class EndingReached:
    ending_id: str
    title: str
    outcome: str
    attempts: int   # finished attempts that ended here
    learners: int
    perspective: list[TheirSide]


@dataclass(frozen=True)
class Discussion:
    """A scenario's `reflect` questions and the endings the class reached, with their side: the facilitator's prompts."""

    scenario_id: str
    title: str
    reflect: list[str]
    endings: list[EndingReached]


@dataclass(frozen=True)
class ClassReport:
    title: str
    generated: str
    learners: int
    attempts: int
    finished: int
    median_grade: float | None
    scenarios: list[ScenarioCompletion]
    principles: list[PrincipleDistribution]
    patterns: list[PatternFrequency]
    splits: list[Split]
    misses: list[Split]
    sources: list[str]
    skipped: list[tuple[str, str]]
    discussions: list[Discussion] = field(default_factory=list)
    pattern_names: dict[str, str] = field(default_factory=dict)  # id -> name in the report's language (chips)


def _level(p: dict[str, Any]) -> float | None:
    best, worst, score = float(p.get("best", 0)), float(p.get("worst", 0)), float(p.get("score", 0))
    if best <= worst:
        return None
    return max(0.0, min(1.0, (score - worst) / (best - worst)))


def _bins(levels: list[float]) -> list[int]:
    bins = [0] * BINS
    for v in levels:
        bins[min(BINS - 1, int(v * BINS))] += 1
    return bins


def _live(r: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted((d for d in r.get("decisions") or [] if not d.get("rewound")), key=lambda d: d["step"])


def analyse(records: list[dict[str, Any]], *, title: str = "Class report", sources: Sequence[str] = (),
            skipped: Sequence[tuple[str, str]] = (), top_patterns: int = 8, top_splits: int = 8) -> ClassReport:
    learners = sorted({r["player"] for r in records})
    finished = [r for r in records if r.get("status") == "finished"]

    # completion per scenario
    titles: dict[str, str] = {}
    per_scenario: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        per_scenario[r["scenario_id"]].append(r)
        titles[r["scenario_id"]] = r.get("scenario_title") or titles.get(r["scenario_id"]) or r["scenario_id"]
    scenarios = []
    for sid, rs in per_scenario.items():
        grades = [r["grade"] for r in rs if r.get("status") == "finished" and r.get("grade") is not None]
        scenarios.append(ScenarioCompletion(
            scenario_id=sid, title=titles[sid], learners=len({r["player"] for r in rs}),
            finished_learners=len({r["player"] for r in rs if r.get("status") == "finished"}), attempts=len(rs),
            statuses=dict(Counter(r.get("status", "in_progress") for r in rs)),
            outcomes=dict(Counter(r.get("outcome") or "unknown" for r in rs if r.get("status") == "finished")),
            median_grade=statistics.median(grades) if grades else None,
        ))
    scenarios.sort(key=lambda s: (-s.learners, s.title))

    # principles: latest finished attempt per (learner, scenario)
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for r in finished:
        latest[(r["player"], r["scenario_id"])] = r  # records are sorted by start time
    levels: dict[str, list[float]] = defaultdict(list)
    names: dict[str, str] = {}
    for r in latest.values():
        for p in (r.get("debrief") or {}).get("principles", []):
            names.setdefault(p["id"], p.get("name") or p["id"])
            lv = _level(p)
            if lv is not None:
                levels[p["id"]].append(lv)
    principles = [
        PrincipleDistribution(pid, names[pid], sorted(levels[pid]), _bins(levels[pid]),
                              statistics.median(levels[pid]) if levels[pid] else None,
                              sum(1 for v in levels[pid] if v < 0.4))
        for pid in names
    ]

    # patterns: share of learners who fell into each at least once
    pattern_learners: dict[str, set[str]] = defaultdict(set)
    pattern_times: Counter[str] = Counter()
    pattern_info: dict[str, dict[str, Any]] = {}
    for r in records:
        for p in (r.get("debrief") or {}).get("patterns", []):
            pattern_info[p["id"]] = p
        for d in _live(r):
            for pid in d.get("patterns") or []:
                pattern_learners[pid].add(r["player"])
                pattern_times[pid] += 1
    labels = pattern_labels({*pattern_learners, *pattern_info}, pattern_info)
    patterns = [
        PatternFrequency(pid, labels[pid][0], labels[pid][1],
                         len(who), len(who) / max(1, len(learners)), pattern_times[pid])
        for pid, who in pattern_learners.items()
    ]
    patterns.sort(key=lambda p: (-p.learners, -p.times, p.name))

    # splits: each learner's first answer at each node
    first: dict[tuple[str, str, str], dict[str, Any]] = {}
    prompts: dict[tuple[str, str], str] = {}
    best: dict[tuple[str, str], str] = {}
    best_texts: dict[tuple[str, str], str] = {}
    for r in records:
        for d in (r.get("debrief") or {}).get("decisions", []):
            key = (r["scenario_id"], d.get("node_id"))
            if d.get("best_index") is not None:
                best[key] = str(d.get("best_id") or position_id(int(d["best_index"])))
                best_texts[key] = d.get("best_text") or ""
            if d.get("prompt"):
                prompts.setdefault(key, d["prompt"])
        for d in _live(r):
            first.setdefault((r["scenario_id"], d["node_id"], r["player"]), d)
            if d.get("prompt"):
                prompts.setdefault((r["scenario_id"], d["node_id"]), d["prompt"])
    answers: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for (sid, node, _player), d in first.items():
        answers[(sid, node)].append(d)
    decisions = []
    for (sid, node), ds in answers.items():
        # Answers are told apart by choice id (a hand-in from before ids: its place in the file).
        choice_of = {id(d): Decision.from_dict(d).choice_id for d in ds}
        counts = Counter(choice_of[id(d)] for d in ds)
        if len(ds) < 2:
            continue
        texts = {choice_of[id(d)]: d["text"] for d in ds}
        pats = {choice_of[id(d)]: list(d.get("patterns") or []) for d in ds}
        total = len(ds)
        options = [OptionShare(i, texts[i], n, n / total, best.get((sid, node)) == i, pats[i])
                   for i, n in counts.most_common()]
        decisions.append(Split(sid, titles.get(sid, sid), node, prompts.get((sid, node), node), total, options,
                               round(1 - options[0].share, 4), best_texts.get((sid, node))))
    splits = sorted((s for s in decisions if s.spread >= MIN_SPREAD),
                    key=lambda s: (-s.spread, -s.total, s.scenario_title, s.node_id))
    shown = {(s.scenario_id, s.node_id) for s in splits[:top_splits]}
    misses = sorted((s for s in decisions if (s.scenario_id, s.node_id) in best
                     and (s.scenario_id, s.node_id) not in shown
                     and s.options[0].share >= MISS_SHARE and not s.options[0].best),
                    key=lambda s: (-s.options[0].share, -s.total, s.scenario_title, s.node_id))

    order = {s.scenario_id: i for i, s in enumerate(scenarios)}
    discussions = sorted(_discussions(finished, titles), key=lambda d: order[d.scenario_id])

    grades = [r["grade"] for r in finished if r.get("grade") is not None]
    return ClassReport(
        title=title, generated=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
        learners=len(learners), attempts=len(records), finished=len(finished),
        median_grade=statistics.median(grades) if grades else None, scenarios=scenarios,
        principles=principles, patterns=patterns[:top_patterns], splits=splits[:top_splits],
        misses=misses[:top_splits],
        sources=list(sources), skipped=list(skipped), discussions=discussions,
        pattern_names={pid: name for pid, (name, _tip) in labels.items()},
    )


SHIPPED_PACK = Path(__file__).resolve().parents[2] / "scenarios"  # its l10n/LANG.po translates the built-ins


@lru_cache(maxsize=8)
def _builtin_patterns(lang: str) -> dict[str, dict[str, tuple[str | None, frozenset[str]]]]:
    """The built-in patterns' names and tips in `lang` (the shipped pack's l10n/LANG.po, `principles|ID|name`
    and `|tip`; English where it has no current entry): id -> field -> (text, every form it has in English and
    the shipped catalogs)."""
    from game.scenario.builtin import patterns
    from game.scenario.errors import ScenarioError
    from game.scenario.l10n import LONG, PRINCIPLES, SHORT, Place, Translations, read_translations

    catalogs: dict[str, Translations] = {}
    for po in sorted((SHIPPED_PACK / "l10n").glob("*.po")):
        try:
            catalogs[po.stem] = read_translations(po, po.name, po.stem)
        except ScenarioError:  # `rapport lint --lang` reports it; the English texts stand
            continue
    wanted = next((catalogs[c] for c in (lang, lang.split("_")[0]) if c in catalogs), None)
    out: dict[str, dict[str, tuple[str | None, frozenset[str]]]] = {}
    for pid, pat in patterns().items():
        out[pid] = {}
        for name, source, limit in (("name", pat.name, SHORT), ("tip", pat.tip, LONG)):
            if not source:
                out[pid][name] = (None, frozenset())
                continue
            place = Place(f"{PRINCIPLES}|{pid}|{name}", source, "", 0, 0, limit)
            forms = {source, *(t for tr in catalogs.values() if (t := tr.text(place)))}
            out[pid][name] = ((wanted.text(place) if wanted else None) or source, frozenset(forms))
    return out


def pattern_labels(ids: Iterable[str], recorded: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str | None]]:
    """Each pattern's name and tip for the report, in its language (game/i18n.py). A built-in pattern's name (and
    tip) is its translation when the attempts recorded the built-in text (in any shipped language) or none, so a
    class that played in two languages reads as one; else the text the attempts recorded (a pack's own patterns);
    else, for the name, the id (`hard_seller` -> `hard seller`)."""
    builtin = _builtin_patterns(i18n.language())
    out: dict[str, tuple[str, str | None]] = {}
    for pid in ids:
        got = recorded.get(pid) or {}
        texts: dict[str, str | None] = {}
        for name in ("name", "tip"):
            mine = got.get(name) or None
            text, forms = builtin[pid][name] if pid in builtin else (None, frozenset())
            texts[name] = text if text is not None and (mine is None or mine in forms) else mine
        out[pid] = (texts["name"] or pid.replace("_", " "), texts["tip"])
    return out


def _discussions(finished: list[dict[str, Any]], titles: dict[str, str]) -> list[Discussion]:
    """Per scenario, its questions and each ending reached with their side, as the latest attempt there has them."""
    reflect: dict[str, list[str]] = {}
    ends: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for r in finished:  # sorted by start time: the latest attempt's texts win (the scenario may have been edited)
        db = r.get("debrief") or {}
        if db.get("reflect"):
            reflect[r["scenario_id"]] = [str(q) for q in db["reflect"]]
        ending = r.get("ending_id") or db.get("ending_id")
        if ending:
            ends[r["scenario_id"]][ending].append(r)
    out = []
    for sid in {*reflect, *ends}:
        endings = []
        for eid, rs in ends[sid].items():
            last = rs[-1]
            db = last.get("debrief") or {}
            endings.append(EndingReached(
                ending_id=eid, title=db.get("ending_title") or eid, outcome=last.get("outcome") or "unknown",
                attempts=len(rs), learners=len({x["player"] for x in rs}),
                perspective=[TheirSide(str(p.get("name") or p["character"]), p.get("role"), str(p["text"]))
                             for p in db.get("perspective") or []]))
        endings.sort(key=lambda e: (-e.attempts, e.title))
        out.append(Discussion(sid, titles.get(sid, sid), reflect.get(sid, []), endings))
    return out


def build_report(paths: Sequence[Path | str], out: Path | str, *, title: str = "Class report",
                 lrs: LrsSource | None = None) -> ClassReport:
    """Read the paths (and the LRS), write the self-contained HTML page to `out`, return what it shows."""
    report, _loaded = build_report_with(paths, out, title=title, lrs=lrs)
    return report


def build_report_with(paths: Sequence[Path | str], out: Path | str, *, title: str = "Class report",
                      lrs: LrsSource | None = None) -> tuple[ClassReport, Loaded]:
    """`build_report`, also returning what was read (the LRS's pages and statements, for the summary)."""
    from game.store.db import default_db_path
    from game.store.report_html import render_html

    protected = [(p, "one of the report's inputs") for p in _expand(Path(p) for p in paths)]
    try:
        protected.append((default_db_path(), "the live database"))
    except (OSError, StoreError):
        pass
    try:
        export_mod.refuse_overwrite(Path(out), protected)
    except export_mod.ExportError as exc:
        raise ReportError(str(exc)) from exc
    loaded = load(paths, lrs=lrs)
    if not loaded.records:
        why = "; ".join(f"{p}: {r}" for p, r in loaded.skipped) or (
            _("the LRS holds no Rapport statements that match") if lrs is not None else _("no files found"))
        raise ReportError(_("no attempts to report on ({why})").format(why=why))
    report = analyse(loaded.records, title=title, sources=loaded.sources, skipped=loaded.skipped)
    export_mod.write_atomic(Path(out), render_html(report))
    return report, loaded
