"""The class report: many learners' records in, one summary out (`rapport report PATH... --out FILE`).

What a PATH can be (a facilitator collects one file per learner):
- a JSON export (`rapport export --format json`): the intended hand-in;
- a Rapport database file (`rapport.sqlite3`): read from a private copy, so the
  learner's file is never migrated, moved or locked;
- a folder: every `*.json`, `*.sqlite3`, `*.sqlite` and `*.db` inside, recursively.
A file that is neither is listed as skipped, with the reason, and the rest are
used. An attempt handed in twice (same uuid) counts once.

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
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from game.store import export as export_mod
from game.store.db import SQLITE_MAGIC, Database, StoreError
from game.store.records import Decision, DecisionReview

DB_SUFFIXES = (".sqlite3", ".sqlite", ".db")
BINS = 10
MIN_SPREAD = 0.25  # a decision "splits" the class when no answer has more than 75%
MISS_SHARE = 0.6   # "most of the class missed": the top answer, not the best, has 60% or more
STATUS_RANK = {"finished": 2, "abandoned": 1, "in_progress": 0}


class ReportError(ValueError):
    """Nothing usable was found in the given paths."""


# --------------------------------------------------------------------------- loading


@dataclass
class Loaded:
    records: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _read_db(path: Path) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="rapport-report-") as tmp:
        copy = Path(tmp) / "copy.sqlite3"
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        db = Database(copy)
        try:
            if db.moved_aside is not None:
                raise ValueError("the database is damaged")
            return export_mod.collect(db)
        finally:
            db.close()


def _read_json(path: Path) -> list[dict[str, Any]]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError as exc:
        raise ValueError(f"not valid JSON ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("kind") != export_mod.KIND:
        raise ValueError("not a Rapport export (make one with `rapport export --format json`)")
    if int(doc.get("version", 0)) > export_mod.VERSION:
        raise ValueError(f"made by a newer Rapport (export version {doc.get('version')})")
    attempts = doc.get("attempts")
    if not isinstance(attempts, list):
        raise ValueError("the export has no attempts list")
    good = [a for a in attempts if isinstance(a, dict) and a.get("uuid") and a.get("scenario_id")]
    if len(good) != len(attempts):
        raise ValueError(f"{len(attempts) - len(good)} attempts are malformed")
    return good


def _expand(paths: Iterable[Path]) -> Iterable[Path]:
    for p in paths:
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in (".json", *DB_SUFFIXES))
        else:
            yield p


def load(paths: Sequence[Path | str]) -> Loaded:
    """Read every path; bad ones are skipped with a reason, duplicates (same attempt uuid) merged."""
    out = Loaded()
    by_uuid: dict[str, dict[str, Any]] = {}
    for path in _expand(Path(p) for p in paths):
        try:
            with open(path, "rb") as fh:
                head = fh.read(16)
            records = _read_db(path) if head == SQLITE_MAGIC else _read_json(path)
        except (OSError, ValueError, sqlite3.Error, StoreError) as exc:
            out.skipped.append((str(path), str(exc)))
            continue
        out.sources.append(str(path))
        for r in records:
            old = by_uuid.get(r["uuid"])
            if old is None or _completeness(r) > _completeness(old):
                by_uuid[r["uuid"]] = r
    out.records = sorted(by_uuid.values(), key=lambda r: (r.get("started") or "", r["uuid"]))
    return out


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
    patterns = [
        PatternFrequency(pid, pattern_info.get(pid, {}).get("name") or pid, pattern_info.get(pid, {}).get("tip"),
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
                best[key] = DecisionReview.from_dict(d).best_id
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
        key = {id(d): Decision.from_dict(d).choice_id for d in ds}
        counts = Counter(key[id(d)] for d in ds)
        if len(ds) < 2:
            continue
        texts = {key[id(d)]: d["text"] for d in ds}
        pats = {key[id(d)]: list(d.get("patterns") or []) for d in ds}
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

    grades = [r["grade"] for r in finished if r.get("grade") is not None]
    return ClassReport(
        title=title, generated=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
        learners=len(learners), attempts=len(records), finished=len(finished),
        median_grade=statistics.median(grades) if grades else None, scenarios=scenarios,
        principles=principles, patterns=patterns[:top_patterns], splits=splits[:top_splits],
        misses=misses[:top_splits],
        sources=list(sources), skipped=list(skipped),
    )


def build_report(paths: Sequence[Path | str], out: Path | str, *, title: str = "Class report") -> ClassReport:
    """Read the paths, write the self-contained HTML page to `out`, return what it shows."""
    from game.store.report_html import render_html

    loaded = load(paths)
    if not loaded.records:
        why = "; ".join(f"{p}: {r}" for p, r in loaded.skipped) or "no files found"
        raise ReportError(f"no attempts to report on ({why})")
    report = analyse(loaded.records, title=title, sources=loaded.sources, skipped=loaded.skipped)
    export_mod.write_atomic(Path(out), render_html(report))
    return report
