"""The player's record: one SQLite file in the user's data folder.

Why these choices:
- WAL mode and `synchronous=FULL`: every decision is its own committed
  transaction, so killing the process (or the machine) loses nothing already
  chosen, and the outbox thread can read while the game writes.
- The schema version lives in `PRAGMA user_version`; `MIGRATIONS[i]` takes a
  database from version i to i+1 inside one transaction, so a crash during an
  upgrade leaves the old version intact.
- A file SQLite reports as corrupt (or that is not a database at all) is
  renamed aside with a timestamp, never overwritten, and `Database.notices`
  says where it went.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.attempts import AttemptGone
from game.i18n import _
from game.store.records import Debrief, Decision

log = logging.getLogger(__name__)

APP_NAME = "rapport"
DB_FILENAME = "rapport.sqlite3"
SQLITE_MAGIC = b"SQLite format 3\x00"
STATUSES = ("in_progress", "finished", "abandoned")


class StoreError(Exception):
    """Base class for errors of the results store."""


class DatabaseTooNew(StoreError):
    """The file was written by a newer Rapport; we refuse to touch it rather than guess."""


class StoreUnavailable(StoreError):
    """The database cannot be opened or written for a reason the user can fix (permissions, full disk)."""


def is_disk_full(exc: BaseException) -> bool:
    """SQLITE_FULL: the disk (or quota) is full. Worth retrying later, not a damaged file."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_FULL") or "database or disk is full" in str(exc).lower()


def _open_problem(path: Path, exc: sqlite3.DatabaseError) -> str:
    """A sentence for an open that failed: which file or folder, and what to do about it."""
    folder = path.parent
    if is_disk_full(exc):
        return _("the disk holding {folder} is full; free some space and start Rapport again").format(folder=folder)
    if not os.access(folder, os.W_OK):
        return _("the data folder {folder} is read-only, so {file} cannot be saved there; make it writable "
                 "(chmod u+w) or set RAPPORT_DATA_DIR to a folder you can write to").format(folder=folder,
                                                                                          file=path.name)
    if path.exists() and not os.access(path, os.W_OK):
        return _("the results database {path} is read-only; make it writable (chmod u+w {path})").format(path=path)
    return _("cannot open the results database {path} ({reason}); check that {folder} is a local folder "
             "you can write to, or set RAPPORT_DATA_DIR to another folder").format(path=path, reason=exc,
                                                                                  folder=folder)


class AttemptStateError(StoreError, AttemptGone):
    """An attempt was asked to do something its status forbids (e.g. finish twice)."""


# --------------------------------------------------------------------------- time and places


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(ts: datetime) -> str:
    """UTC, millisecond precision, `Z` suffix: sorts as text and is valid xAPI."""
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def data_dir() -> Path:
    """`RAPPORT_DATA_DIR` if set, else the platform's user data folder (not created here)."""
    env = os.environ.get("RAPPORT_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def default_player_name() -> str:
    """The operating-system user name; nothing prompts before the first scene."""
    try:
        name = getpass.getuser().strip()
    except Exception:  # getuser raises OSError/KeyError when no name is known (containers)
        name = ""
    return name or "player"


# --------------------------------------------------------------------------- migrations


def _v1(conn: sqlite3.Connection) -> None:
    """Players, attempts and every decision."""
    conn.execute(
        """CREATE TABLE players (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created TEXT NOT NULL)"""
    )
    conn.execute(
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            player_id INTEGER NOT NULL REFERENCES players(id),
            scenario_id TEXT NOT NULL,
            scenario_title TEXT NOT NULL DEFAULT '',
            pack TEXT,
            mode TEXT NOT NULL,
            seed INTEGER,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL DEFAULT 'in_progress'
                CHECK (status IN ('in_progress', 'finished', 'abandoned')),
            ending_id TEXT,
            outcome TEXT,
            grade INTEGER,
            debrief TEXT)"""
    )
    conn.execute("CREATE INDEX attempts_player ON attempts(player_id, scenario_id, started)")
    conn.execute(
        """CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            step INTEGER NOT NULL,
            node_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            choice_index INTEGER NOT NULL,
            text TEXT NOT NULL,
            to_id TEXT NOT NULL,
            effects TEXT NOT NULL,
            patterns TEXT NOT NULL DEFAULT '[]',
            elapsed REAL,
            at TEXT NOT NULL,
            rewound TEXT,
            UNIQUE (attempt_id, seq))"""
    )
    # At most one live decision per step; rewound ones stay as history.
    conn.execute("CREATE UNIQUE INDEX decisions_live_step ON decisions(attempt_id, step) WHERE rewound IS NULL")


def _v2(conn: sqlite3.Connection) -> None:
    """The xAPI outbox: statements wait here until an LRS has them."""
    conn.execute(
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            statement_id TEXT NOT NULL UNIQUE,
            attempt_id INTEGER REFERENCES attempts(id) ON DELETE SET NULL,
            verb TEXT NOT NULL,
            body TEXT NOT NULL,
            created TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
            tries INTEGER NOT NULL DEFAULT 0,
            last_try TEXT,
            last_error TEXT,
            lease TEXT,
            sent TEXT)"""
    )
    conn.execute("CREATE INDEX outbox_pending ON outbox(state, id)")


def _v3(conn: sqlite3.Connection) -> None:
    """Choice ids and shuffled options: each decision names its choice by id and keeps the order shown.

    Attempts recorded before this showed every node's options in file order, so they are marked
    `in_order` (resuming one shows the order the player saw), and a choice then had no id but its
    position in the file.
    """
    conn.execute("ALTER TABLE attempts ADD COLUMN in_order INTEGER NOT NULL DEFAULT 0")
    conn.execute("UPDATE attempts SET in_order = 1")
    conn.execute("ALTER TABLE decisions ADD COLUMN choice_id TEXT")
    conn.execute("ALTER TABLE decisions ADD COLUMN shown TEXT")  # JSON list of the choice ids shown, in order
    conn.execute("UPDATE decisions SET choice_id = CAST(choice_index + 1 AS TEXT)")


def _v4(conn: sqlite3.Connection) -> None:
    """Languages: the language an attempt was played in, and its scenario's title in every language the pack had
    (JSON, tag -> title), so xAPI statements carry every translation. Older attempts have neither (their
    statements name the title in English, as they always did)."""
    conn.execute("ALTER TABLE attempts ADD COLUMN language TEXT")
    conn.execute("ALTER TABLE attempts ADD COLUMN titles TEXT")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema to `target`, one transaction per version. Returns the version."""
    while True:
        conn.execute("BEGIN IMMEDIATE")  # re-read the version under the write lock
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise DatabaseTooNew(
                    _("this database has schema version {version}, newer than this Rapport understands "
                      "({supported}); update Rapport to open it, or set RAPPORT_DATA_DIR to another folder")
                    .format(version=version, supported=SCHEMA_VERSION)
                )
            if version >= target:
                conn.execute("COMMIT")
                return version
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
            log.info("migrated database to schema version %d", version + 1)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Player:
    id: int
    name: str
    created: str


@dataclass(frozen=True)
class Attempt:
    id: int
    uuid: str
    player_id: int
    player: str
    scenario_id: str
    scenario_title: str
    pack: str | None
    mode: str
    seed: int | None
    started: str
    finished: str | None
    status: str
    ending_id: str | None
    outcome: str | None
    grade: int | None
    debrief: dict[str, Any] | None
    decision_count: int = 0
    in_order: bool = False  # every node's options were shown in file order (--in-order, or recorded before shuffling)
    language: str | None = None  # the language tag it was played in (None: recorded before languages)
    titles: dict[str, str] = field(default_factory=dict)  # the scenario's title by language tag

    def debrief_record(self) -> Debrief | None:
        """The stored debrief, typed (KeyError when a field is missing, rather than a silent default)."""
        return None if self.debrief is None else Debrief.from_dict(self.debrief)


@dataclass(frozen=True, kw_only=True)
class DecisionRecord(Decision):
    """A decision as stored: the engine's `Decision` fields, plus where and when it was recorded."""

    attempt_id: int
    seq: int
    at: str
    rewound: str | None = None
    prompt: str | None = None  # the node's text when it was recorded (xAPI names the question with it)
    options: dict[str, str] = field(default_factory=dict)  # the node's choices then, id -> text, in file order
    prompts: dict[str, str] = field(default_factory=dict)  # the node's text by language tag (every translation)
    choice_texts: dict[str, dict[str, str]] = field(default_factory=dict)  # choice id -> language tag -> text

    def to_dict(self) -> dict[str, Any]:
        return {**Decision.to_dict(self), "seq": self.seq, "at": self.at, "rewound": self.rewound,
                "prompt": self.prompt, "options": dict(self.options)}


_ATTEMPT_SELECT = """
    SELECT a.id, a.uuid, a.player_id, p.name, a.scenario_id, a.scenario_title, a.pack, a.mode,
           a.seed, a.started, a.finished, a.status, a.ending_id, a.outcome, a.grade, a.debrief,
           (SELECT COUNT(*) FROM decisions d WHERE d.attempt_id = a.id AND d.rewound IS NULL), a.in_order,
           a.language, a.titles
    FROM attempts a JOIN players p ON p.id = a.player_id
"""


def _attempt(row: tuple[Any, ...]) -> Attempt:
    return Attempt(
        id=row[0], uuid=row[1], player_id=row[2], player=row[3], scenario_id=row[4],
        scenario_title=row[5], pack=row[6], mode=row[7], seed=row[8], started=row[9],
        finished=row[10], status=row[11], ending_id=row[12], outcome=row[13], grade=row[14],
        debrief=json.loads(row[15]) if row[15] else None, decision_count=row[16], in_order=bool(row[17]),
        language=row[18], titles=json.loads(row[19]) if row[19] else {},
    )


def _decision(row: tuple[Any, ...]) -> DecisionRecord:
    effects = json.loads(row[8])
    return DecisionRecord(
        attempt_id=row[0], seq=row[1], step=row[2], node_id=row[3], number=row[4], index=row[5],
        text=row[6], to=row[7], score=effects.get("score", {}), rapport=effects.get("rapport", {}),
        set=effects.get("set", {}), feedback=effects.get("feedback"), reply=effects.get("reply"),
        said=effects.get("said"), patterns=tuple(json.loads(row[9])), elapsed=row[10], at=row[11], rewound=row[12],
        prompt=effects.get("prompt"), options=effects.get("options") or {},
        prompts=effects.get("prompts") or {}, choice_texts=effects.get("choice_texts") or {}, choice_id=row[13] or "", shown=tuple(json.loads(row[14])) if row[14] else (),
    )


# --------------------------------------------------------------------------- the database


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return True
    # Older builds without error names: only these messages mean a damaged file.
    text = str(exc).lower()
    return not isinstance(exc, sqlite3.OperationalError) and (
        "malformed" in text or "not a database" in text
    )


def _companions(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


_OPEN: dict[str, int] = {}
_OPEN_LOCK = threading.Lock()


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _register(path: Path, delta: int) -> None:
    """Count this process's open connections per file, so a file in use is never moved aside."""
    with _OPEN_LOCK:
        k = _key(path)
        n = _OPEN.get(k, 0) + delta
        if n > 0:
            _OPEN[k] = n
        else:
            _OPEN.pop(k, None)


def _open_count(path: Path) -> int:
    with _OPEN_LOCK:
        return _OPEN.get(_key(path), 0)


class Database:
    """One open connection to the store. Use one per thread (sqlite3's rule)."""

    def __init__(self, path: Path | str | None = None, *, clock: Callable[[], datetime] = utc_now,
                 timeout: float = 10.0) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.clock = clock
        self.timeout = timeout
        self.notices: list[str] = []
        self.moved_aside: Path | None = None
        self._closed = False
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise StoreUnavailable(
                _("the data folder {folder} is a file, not a folder; move or rename that file, or set "
                  "RAPPORT_DATA_DIR to another folder").format(folder=folder)) from exc
        except OSError as exc:
            raise StoreUnavailable(
                _("cannot create the data folder {folder} ({reason}); make its parent writable, "
                  "or set RAPPORT_DATA_DIR to a folder you can write to")
                .format(folder=folder, reason=exc.strerror or exc)) from exc
        try:
            try:
                self.conn = self._open()
            except sqlite3.DatabaseError as exc:
                if not _is_corruption(exc):
                    raise
                self._move_aside(str(exc))
                self.conn = self._open()
        except DatabaseTooNew as exc:
            raise DatabaseTooNew(f"{self.path}: {exc}") from exc
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                raise  # another process holds it: a wait, not a problem with the folder
            raise StoreUnavailable(_open_problem(self.path, exc)) from exc

    # -- opening

    def _open(self) -> sqlite3.Connection:
        # The file is touched only through sqlite3: closing any other descriptor on it would drop
        # every POSIX lock SQLite holds in this process, and another process could then delete
        # the WAL under us. SQLite itself reports a bad header as SQLITE_NOTADB below.
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=self.timeout, check_same_thread=True)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.warning("SQLite refused WAL mode for %s (got %s)", self.path, mode)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            check = conn.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                problems = "; ".join(str(r[0]) for r in check[:3])
                raise sqlite3.DatabaseError(f"database disk image is malformed ({problems})")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        _register(self.path, +1)
        return conn

    def _move_aside(self, reason: str) -> None:
        if _open_count(self.path) > 0:
            # Another connection in this process still has the file: renaming it would orphan that
            # connection's WAL, so report the damage instead of moving anything.
            raise sqlite3.DatabaseError(f"database disk image is malformed ({reason})")
        stamp = self.clock().astimezone().strftime("%Y%m%d-%H%M%S")
        base = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while any(p.exists() for p in _companions(base)):  # never overwrite an earlier one
            n += 1
            base = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        for src, dst in zip(_companions(self.path), _companions(base)):
            if src.exists():
                os.replace(src, dst)
        self.moved_aside = base
        msg = (
            f"The results database {self.path} could not be read ({reason}). "
            f"It was moved to {base} and a fresh database was started."
        )
        self.notices.append(msg)
        log.warning(msg)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.conn.close()
            _register(self.path, -1)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @property
    def journal_mode(self) -> str:
        return str(self.conn.execute("PRAGMA journal_mode").fetchone()[0])

    def now(self) -> str:
        return iso(self.clock())

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; rolled back on any exception."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            # SQLite may already have rolled back by itself (SQLITE_FULL does), and a failed COMMIT
            # leaves the transaction open: roll back only what is still open.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # -- players

    def player(self, name: str | None = None) -> Player:
        """The profile called `name` (default: the OS user name), created on first use."""
        name = (name or default_player_name()).strip() or default_player_name()
        row = self.conn.execute("SELECT id, name, created FROM players WHERE name = ?", (name,)).fetchone()
        if row is None:
            with self.transaction() as c:
                c.execute("INSERT OR IGNORE INTO players(name, created) VALUES (?, ?)", (name, self.now()))
            row = self.conn.execute("SELECT id, name, created FROM players WHERE name = ?", (name,)).fetchone()
        return Player(*row)

    def find_player(self, name: str) -> Player | None:
        row = self.conn.execute("SELECT id, name, created FROM players WHERE name = ?", (name,)).fetchone()
        return Player(*row) if row else None

    def players(self) -> list[Player]:
        return [Player(*r) for r in self.conn.execute("SELECT id, name, created FROM players ORDER BY name")]

    # -- attempts

    def attempt(self, attempt_id: int) -> Attempt:
        row = self.conn.execute(_ATTEMPT_SELECT + " WHERE a.id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise KeyError(f"no attempt {attempt_id}")
        return _attempt(row)

    def attempts(
        self,
        player: Player | str | None = None,
        *,
        scenario_id: str | None = None,
        status: str | None = None,
        since: str | None = None,
    ) -> list[Attempt]:
        """Attempts, oldest first. `player=None` means every profile; `since` is an ISO time."""
        where: list[str] = []
        args: list[Any] = []
        if player is not None:
            if isinstance(player, Player):
                where.append("a.player_id = ?")
                args.append(player.id)
            else:
                where.append("p.name = ?")
                args.append(player)
        if scenario_id is not None:
            where.append("a.scenario_id = ?")
            args.append(scenario_id)
        if status is not None:
            where.append("a.status = ?")
            args.append(status)
        if since is not None:
            where.append("a.started >= ?")
            args.append(since)
        sql = _ATTEMPT_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.started, a.id"
        return [_attempt(r) for r in self.conn.execute(sql, args)]

    def resumable(self, player: Player | str | None = None, scenario_id: str | None = None) -> list[Attempt]:
        """Interrupted attempts with at least one decision, newest first: the newest one per player and
        scenario (a new attempt closes older ones; a database from before that rule may still hold several)."""
        found = self.attempts(player, scenario_id=scenario_id, status="in_progress")
        seen: set[tuple[int, str]] = set()
        out: list[Attempt] = []
        for a in reversed(found):
            if a.decision_count > 0 and (a.player_id, a.scenario_id) not in seen:
                seen.add((a.player_id, a.scenario_id))
                out.append(a)
        return out

    def discard(self, attempt_id: int) -> None:
        """Give up on an interrupted attempt. Its decisions are kept; it is marked abandoned."""
        from game.store.recorder import Recorder

        Recorder.reopen(self, attempt_id).abandon()

    def decisions(self, attempt_id: int, *, include_rewound: bool = False) -> list[DecisionRecord]:
        sql = (
            "SELECT attempt_id, seq, step, node_id, number, choice_index, text, to_id, effects,"
            " patterns, elapsed, at, rewound, choice_id, shown FROM decisions WHERE attempt_id = ?"
        )
        if not include_rewound:
            sql += " AND rewound IS NULL"
        sql += " ORDER BY seq"
        return [_decision(r) for r in self.conn.execute(sql, (attempt_id,))]
