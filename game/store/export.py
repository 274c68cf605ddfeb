"""Exports: `rapport export --format csv|json|xapi [--since DATE] --out FILE`.

- json: the full record, one object per attempt with its decisions and
  debrief. This is the file a learner hands to a facilitator; `rapport report`
  reads it (format below, `KIND`/`VERSION`).
- csv: one row per decision (an attempt with no decision gets one row), with
  the attempt's columns repeated, one `effect:<principle>` column per principle,
  the attempt's final `final:<principle>` scores, then the ending's
  `ending_perspective` and the scenario's `reflect` questions, for spreadsheets.
- xapi: the JSON array of xAPI 1.0.3 statements the attempts send to an LRS,
  with the same ids as the outbox's, so importing them next to a live feed
  never duplicates a statement.

A file is written next to its destination and moved into place, so a failed
export never leaves half a file. `out="-"` returns the text instead.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from game.i18n import _
from game.store import xapi
from game.store.db import Attempt, Database, iso
from game.store.records import Debrief, Decision

FORMATS = ("csv", "json", "xapi")
KIND = "rapport-export"
VERSION = 1


class ExportError(ValueError):
    """Bad export arguments (unknown format, unreadable date)."""


@dataclass(frozen=True)
class ExportResult:
    format: str
    path: Path | None
    attempts: int
    items: int  # rows (csv), attempts (json) or statements (xapi)
    text: str | None = None  # the export itself when out was "-"


def parse_since(text: str) -> date:
    """`--since 2026-11-20` (ISO date); a clear message otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ExportError(_("--since expects a date like 2026-11-20, not {text}").format(text=repr(text))) from exc


def since_iso(since: date | datetime | None) -> str | None:
    """A date means local midnight at its start; stored times are UTC."""
    if since is None:
        return None
    if not isinstance(since, datetime):
        since = datetime.combine(since, time.min)
    if since.tzinfo is None:
        since = since.astimezone()  # naive = local time
    return iso(since)


def attempt_record(db: Database, a: Attempt) -> dict[str, Any]:
    """One attempt as plain data: the unit of the JSON export and of the class report."""
    return {
        "uuid": a.uuid,
        "player": a.player,
        "scenario_id": a.scenario_id,
        "scenario_title": a.scenario_title,
        "pack": a.pack,
        "mode": a.mode,
        "seed": a.seed,
        "started": a.started,
        "finished": a.finished,
        "status": a.status,
        "ending_id": a.ending_id,
        "outcome": a.outcome,
        "grade": a.grade,
        "debrief": a.debrief,
        # Rewound decisions are kept (with their `rewound` time): they were made, and sent.
        "decisions": [d.to_dict() for d in db.decisions(a.id, include_rewound=True)],
    }


def selected_attempts(db: Database, *, since: date | datetime | None = None, player: str | None = None) -> list[Attempt]:
    return db.attempts(player, since=since_iso(since))


def collect(db: Database, *, since: date | datetime | None = None, player: str | None = None) -> list[dict[str, Any]]:
    return [attempt_record(db, a) for a in selected_attempts(db, since=since, player=player)]


def to_json(records: list[dict[str, Any]], *, since: date | datetime | None = None) -> str:
    from game import __version__

    doc = {
        "kind": KIND,
        "version": VERSION,
        "exported": iso(datetime.now().astimezone()),
        "app": {"name": "rapport", "version": __version__},
        "since": since.isoformat() if since else None,
        "players": sorted({r["player"] for r in records}),
        "attempts": records,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_RISKY = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Text cells that a spreadsheet would run as a formula get a leading quote."""
    if isinstance(value, str) and value.startswith(_RISKY):
        return "'" + value
    return value


BASE_COLUMNS = [
    "player", "attempt_uuid", "scenario_id", "scenario_title", "pack", "mode", "started", "finished",
    "status", "ending_id", "outcome", "grade", "step", "seq", "node_id", "choice_id", "choice_number", "choice_index",
    "choice_text", "patterns", "elapsed", "at", "rewound",
]


# After the per-principle columns, so the columns before them keep their place.
DEBRIEF_COLUMNS = ["ending_perspective", "reflect"]


def _final_scores(record: dict[str, Any]) -> dict[str, int]:
    """Principle id -> final score, from an exported attempt's debrief (typed: a missing field fails here)."""
    data = record.get("debrief")
    return {p.id: p.score for p in Debrief.from_dict(data).principles} if data else {}


def _debrief_cells(record: dict[str, Any]) -> dict[str, str | None]:
    """The ending's `perspective` ("Name (role): text", one a line) and the scenario's `reflect` (one a line)."""
    data = record.get("debrief")
    if not data:
        return dict.fromkeys(DEBRIEF_COLUMNS)
    d = Debrief.from_dict(data)
    sides = [f"{p.name}{f' ({p.role})' if p.role else ''}: {p.text}" for p in d.perspective]
    return {"ending_perspective": "\n".join(sides), "reflect": "\n".join(d.reflect)}


def to_csv(records: list[dict[str, Any]]) -> tuple[str, int]:
    finals_of = [_final_scores(r) for r in records]
    principles = sorted({
        *(p for r in records for d in r["decisions"] for p in d["score"]),
        *(p for finals in finals_of for p in finals),
    })
    columns = BASE_COLUMNS + [f"effect:{p}" for p in principles] + [f"final:{p}" for p in principles] \
        + DEBRIEF_COLUMNS
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for r, finals in zip(records, finals_of, strict=True):
        head = {
            "player": r["player"], "attempt_uuid": r["uuid"], "scenario_id": r["scenario_id"],
            "scenario_title": r["scenario_title"], "pack": r["pack"], "mode": r["mode"], "started": r["started"],
            "finished": r["finished"], "status": r["status"], "ending_id": r["ending_id"], "outcome": r["outcome"],
            "grade": r["grade"], **{f"final:{p}": finals.get(p) for p in principles}, **_debrief_cells(r),
        }
        for d in r["decisions"] or [None]:
            row = dict(head)
            if d is not None:
                dec = Decision.from_dict(d)  # typed: a renamed field fails here, not as an empty cell
                row.update({
                    "step": dec.step, "seq": d["seq"], "node_id": dec.node_id, "choice_id": dec.choice_id,
                    "choice_number": dec.number, "choice_index": dec.index, "choice_text": dec.text,
                    "patterns": ";".join(dec.patterns), "elapsed": dec.elapsed, "at": d["at"], "rewound": d["rewound"],
                    **{f"effect:{p}": dec.score.get(p, 0) for p in principles},
                })
            writer.writerow({k: _cell(v) for k, v in row.items()})
            rows += 1
    return buf.getvalue(), rows


def to_xapi(db: Database, attempts: list[Attempt], ident: xapi.Identity) -> tuple[str, int]:
    statements = []
    for a in attempts:
        statements += xapi.attempt_statements(a, db.decisions(a.id, include_rewound=True), ident)
    return json.dumps(statements, indent=2, ensure_ascii=False) + "\n", len(statements)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)  # hard links, bind mounts
    except (OSError, RuntimeError):
        return False


def refuse_overwrite(out: Path, protected: Iterable[tuple[Path, str]]) -> None:
    """ExportError when `out` is a protected file or a database's -wal/-shm/-journal companion."""
    for path, what in protected:
        for suffix in ("", "-wal", "-shm", "-journal"):
            candidate = path.with_name(path.name + suffix)
            if _same_file(out, candidate):
                kind = _(" ({suffix} file)").format(suffix=suffix[1:]) if suffix else ""
                raise ExportError(_("--out {out} is {what}{kind}; writing there would destroy it, so choose "
                                    "another file name").format(out=out, what=what, kind=kind))


def write_atomic(out: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write next to `out` then move into place: an interrupted write never leaves half a file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(
    db: Database,
    format: str,
    out: Path | str,
    *,
    since: date | datetime | None = None,
    player: str | None = None,
    identity: xapi.Identity | None = None,
) -> ExportResult:
    """Write the attempts of `player` (None: every profile) started on or after `since`."""
    if format not in FORMATS:
        raise ExportError(_("--format must be one of {formats}, not {format}")
                          .format(formats=", ".join(FORMATS), format=repr(format)))
    attempts = selected_attempts(db, since=since, player=player)
    encoding = "utf-8"
    if format == "json":
        text, items = to_json([attempt_record(db, a) for a in attempts], since=since), len(attempts)
    elif format == "csv":
        text, items = to_csv([attempt_record(db, a) for a in attempts])
        encoding = "utf-8-sig"  # so spreadsheet programs read the accents right
    else:
        if identity is None:
            from game.store.lrs_config import identity as configured_identity

            identity = configured_identity()
        text, items = to_xapi(db, attempts, identity)
    if str(out) == "-":
        return ExportResult(format, None, len(attempts), items, text)
    path = Path(out)
    refuse_overwrite(path, [(Path(db.path), "the live database")])
    write_atomic(path, text, encoding=encoding)
    return ExportResult(format, path, len(attempts), items)
