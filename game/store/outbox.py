"""The xAPI outbox: statements wait in the database until a Learning Record Store has them.

- `enqueue` runs inside the caller's transaction, so a decision and its
  statement are saved together or not at all.
- `flush` sends pending statements oldest first, in batches. A row is leased
  while in flight, so a background thread and `rapport sync` in another
  process never post the same statement at the same time.
- A 2xx whose body is a JSON list of ids, each one we sent (xAPI 1.0.3; one
  that already held some lists only the new ones, or, like ralph, answers
  204 with no body when it held them all): delivered. Any other 2xx
  (a captive portal's HTML) and every 3xx (never followed) leave them pending. 409 on a single statement: the LRS already holds that id
  (ours are stable uuid5s), so it counts as delivered. A batch is atomic on the
  LRS side, so a 409, 400 or 413 on a batch is retried one statement at a
  time: one bad or already-held statement never blocks or loses the others.
- 400 on a single statement: set aside as `failed` with the LRS's answer
  (kept, not deleted; `flush(retry_failed=True)` tries them again).
- A network error, timeout, 5xx or other status leaves everything pending;
  `BackgroundSender` waits with exponential backoff and tries again.
"""

from __future__ import annotations

import json
import logging
import random
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from game.store import lrs_http
from game.store.db import Database, iso
from game.store.lrs_config import LrsConfig, load_config
from game.store.lrs_http import clean, redact
from game.store.xapi import VERBS

log = logging.getLogger(__name__)

BATCH_SIZE = 50
_VERB_NAMES = {v: k for k, v in VERBS.items()}


class LrsUnavailable(Exception):
    """Could not reach the LRS, or it answered with an error worth retrying later."""


class LrsRefused(LrsUnavailable):
    """The LRS refused the credentials (401/403): retrying will not help until settings change."""


# --------------------------------------------------------------------------- queueing


def enqueue(conn: sqlite3.Connection, attempt_id: int | None, statements: Iterable[dict[str, Any]], now: str) -> None:
    """Queue statements (call inside an open transaction). An id already queued is left as it is."""
    for stmt in statements:
        conn.execute(
            "INSERT OR IGNORE INTO outbox(statement_id, attempt_id, verb, body, created) VALUES (?, ?, ?, ?, ?)",
            (stmt["id"], attempt_id, _VERB_NAMES.get(stmt["verb"]["id"], stmt["verb"]["id"]),
             json.dumps(stmt, sort_keys=True, separators=(",", ":")), now),
        )


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    sent: int
    failed: int
    oldest_pending: str | None
    last_error: str | None

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def status(db: Database) -> OutboxStatus:
    counts = dict(db.conn.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
    oldest = db.conn.execute("SELECT MIN(created) FROM outbox WHERE state = 'pending'").fetchone()[0]
    err = db.conn.execute(
        "SELECT last_error FROM outbox WHERE state != 'sent' AND last_error IS NOT NULL"
        " ORDER BY last_try DESC LIMIT 1").fetchone()
    return OutboxStatus(counts.get("pending", 0), counts.get("sent", 0), counts.get("failed", 0), oldest,
                        err[0] if err else None)


def pending_bodies(db: Database) -> list[dict[str, Any]]:
    return [json.loads(r[0]) for r in db.conn.execute("SELECT body FROM outbox WHERE state = 'pending' ORDER BY id")]


# --------------------------------------------------------------------------- sending


def _headers(config: LrsConfig) -> dict[str, str]:
    return config.headers()


def post(config: LrsConfig, bodies: list[str], timeout: float) -> tuple[int, str]:
    """POST a JSON array of already-serialised statements; (status, response text). `timeout` is the total."""
    data = ("[" + ",".join(bodies) + "]").encode("utf-8")
    headers = {**_headers(config), "Content-Type": "application/json"}
    try:
        code, head, body = lrs_http.request("POST", config.statements_url, data, headers, timeout)
    except lrs_http.HttpFailure as exc:
        raise LrsUnavailable(f"cannot reach the LRS at {redact(config.endpoint)}: {exc}") from exc
    if 300 <= code < 400:  # never followed: a redirect would replay our credentials elsewhere
        return code, f"redirect to {redact(head.get('location', '(no location)'))}"
    return code, body.decode("utf-8", "replace")


def _statement_ids(bodies: list[str]) -> list[str]:
    return [str(json.loads(b).get("id")) for b in bodies]


def accepted_ids(text: str, sent: list[str]) -> str | None:
    """None when `text` is the xAPI 1.0.3 answer to POSTing `sent` (the list of their ids); else why not."""
    try:
        answer = json.loads(text)
    except (ValueError, RecursionError):
        return "its answer was not JSON (a captive portal or proxy page?)"
    if not isinstance(answer, list) or not all(isinstance(i, str) for i in answer):
        return "its answer was not a list of statement ids"
    # An LRS that already held some identical statements (ralph does this) lists only the new ones,
    # so the answer may be a subset; an id we did not send means it is not answering our POST.
    if not {i.lower() for i in answer} <= {i.lower() for i in sent} or len(answer) > len(sent):
        return f"its answer listed {len(answer)} statement ids that do not match the {len(sent)} sent"
    return None


@dataclass
class FlushResult:
    delivered: int = 0
    duplicates: int = 0  # 409 on a single statement: the LRS already had it
    rejected: int = 0    # 400 on a single statement: set aside as failed
    pending: int = 0
    failed: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "ok": self.ok}


Row = tuple[int, str]  # (outbox id, body)


class _Flusher:
    def __init__(self, db: Database, config: LrsConfig, timeout: float,
                 send: Callable[[LrsConfig, list[str], float], tuple[int, str]]) -> None:
        self.db, self.config, self.timeout, self.send = db, config, timeout, send
        self.result = FlushResult()

    def lease_until(self) -> str:
        """Long enough for a request or two; renewed before each one (a killed sender's lease soon expires)."""
        return iso(self.db.clock() + timedelta(seconds=4 * self.timeout + 30))

    def claim(self, batch_size: int) -> list[Row]:
        now = self.db.clock()
        lease = self.lease_until()
        with self.db.transaction() as c:
            rows = c.execute(
                "SELECT id, body FROM outbox WHERE state = 'pending' AND (lease IS NULL OR lease < ?)"
                " ORDER BY id LIMIT ?", (iso(now), batch_size)).fetchall()
            c.executemany("UPDATE outbox SET lease = ? WHERE id = ?", [(lease, r[0]) for r in rows])
        return [(r[0], r[1]) for r in rows]

    def mark(self, rows: list[Row], state: str, error: str | None = None) -> None:
        now = self.db.now()
        with self.db.transaction() as c:
            c.executemany(
                "UPDATE outbox SET state = ?, lease = NULL, tries = tries + 1, last_try = ?, last_error = ?,"
                " sent = CASE WHEN ? = 'sent' THEN ? ELSE sent END WHERE id = ?",
                [(state, now, error, state, now, r[0]) for r in rows])

    def release(self, rows: list[Row], error: str) -> None:
        now = self.db.now()
        with self.db.transaction() as c:
            c.executemany(
                "UPDATE outbox SET lease = NULL, tries = tries + 1, last_try = ?, last_error = ? WHERE id = ?",
                [(now, error, r[0]) for r in rows])

    def deliver(self, rows: list[Row]) -> None:
        with self.db.transaction() as c:
            c.executemany("UPDATE outbox SET lease = ? WHERE id = ?", [(self.lease_until(), r[0]) for r in rows])
        bodies = [r[1] for r in rows]
        code, text = self.send(self.config, bodies, self.timeout)
        self.answer(rows, code, text)

    def answer(self, rows: list[Row], code: int, text: str) -> None:
        """Record what the LRS answered to POSTing `rows` (raises LrsUnavailable when they stay pending)."""
        kind, note = judge(code, text, [r[1] for r in rows], redact(self.config.endpoint))
        if kind == "split":
            for row in rows:  # isolate the statement the LRS objects to
                self.deliver([row])
        elif kind == "sent":
            self.mark(rows, "sent")
            self.result.delivered += len(rows)
        elif kind == "duplicate":
            self.mark(rows, "sent", note)
            self.result.duplicates += 1
        else:
            self.mark(rows, "failed", note)
            self.result.rejected += 1  # summed up once by the caller, not logged per statement


def judge(code: int, text: str, bodies: list[str], where: str) -> tuple[str, str | None]:
    """What an LRS's answer to POSTing `bodies` means: ("sent" | "duplicate" | "failed" | "split", note).

    "split": a batch the LRS objects to as a whole, to be sent again one statement at a time. Raises
    LrsRefused (401/403) or LrsUnavailable (anything worth retrying later; the statements stay pending).
    The desktop's sender and the browser's (`game/web/runtime.py`) both decide here.
    """
    if 200 <= code < 300:
        # ralph answers a POST of statements it already holds with an empty 204: that is delivered too.
        why = None if code == 204 and not text.strip() else accepted_ids(text, _statement_ids(bodies))
        if why is not None:  # not an LRS that stored them: keep them pending
            raise LrsUnavailable(f"the LRS at {where} answered {code} but {why}: {clean(text)}")
        return "sent", None
    if len(bodies) > 1 and code in (400, 409, 413):
        return "split", None
    if code == 409:
        return "duplicate", f"409: the LRS already holds this statement id ({clean(text)})"
    if code == 400:
        return "failed", f"400: the LRS rejected the statement: {clean(text)}"
    if code in (401, 403):
        raise LrsRefused(f"the LRS at {where} refused the credentials ({code})")
    if 300 <= code < 400:
        raise LrsUnavailable(f"the LRS at {where} answered {code}, a {clean(text)}; redirects are not"
                             " followed, so set the endpoint to the LRS's own address")
    raise LrsUnavailable(f"the LRS at {where} answered {code}: {clean(text)}")


def flush(
    db: Database,
    config: LrsConfig,
    *,
    batch_size: int = BATCH_SIZE,
    timeout: float = 10.0,
    max_batches: int | None = None,
    retry_failed: bool = False,
    send: Callable[[LrsConfig, list[str], float], tuple[int, str]] = post,
) -> FlushResult:
    """Send what is pending until the outbox is empty, the LRS fails, or `max_batches` is reached."""
    if retry_failed:
        with db.transaction() as c:
            c.execute("UPDATE outbox SET state = 'pending' WHERE state = 'failed'")
    f = _Flusher(db, config, timeout, send)
    batches = 0
    while max_batches is None or batches < max_batches:
        rows = f.claim(batch_size)
        if not rows:
            break
        batches += 1
        try:
            f.deliver(rows)
        except LrsUnavailable as exc:
            # Rows already marked inside deliver() stay marked; the rest go back to pending.
            still = [r for r in rows if db.conn.execute(
                "SELECT state FROM outbox WHERE id = ?", (r[0],)).fetchone()[0] == "pending"]
            f.release(still, str(exc))
            f.result.error = str(exc)
            break
    st = status(db)
    f.result.pending, f.result.failed = st.pending, st.failed
    return f.result


# --------------------------------------------------------------------------- in the background


class BackgroundSender(threading.Thread):
    """Flushes the outbox while the game runs; backs off exponentially while the LRS is down."""

    def __init__(
        self,
        db_path: Path,
        config: LrsConfig,
        *,
        batch_size: int = BATCH_SIZE,
        timeout: float = 10.0,
        base_delay: float = 1.0,
        max_delay: float = 300.0,
        idle_poll: float = 30.0,
        rng: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(name="rapport-xapi-outbox", daemon=True)
        self.db_path, self.config = Path(db_path), config
        self.batch_size, self.timeout = batch_size, timeout
        self.base_delay, self.max_delay, self.idle_poll, self.rng = base_delay, max_delay, idle_poll, rng
        self.failures = 0
        self.last: FlushResult | None = None
        self.delays: list[float] = []  # the backoff waits so far, for status and tests
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._idle = threading.Event()

    def wake(self) -> None:
        """New statements are queued. Ignored while backing off (the LRS is down; do not hammer it)."""
        self._idle.clear()
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._halt.set()
        self._wake.set()
        if self.is_alive():
            self.join(timeout)

    def close(self, timeout: float = 2.0) -> None:
        """At exit: give the last statements up to `timeout` s to go (not while backing off), then stop.

        Whatever is still pending stays in the outbox for next time or `rapport sync`.
        """
        if self.is_alive() and self.failures == 0:
            self.wake()
            self._idle.wait(timeout)
        self.stop(timeout)

    def wait_idle(self, timeout: float) -> bool:
        """Block until a flush has emptied the outbox (for tests and a clean exit)."""
        return self._idle.wait(timeout)

    def backoff(self) -> float:
        delay = min(self.max_delay, self.base_delay * 2.0 ** max(self.failures - 1, 0))
        return float(delay * (0.5 + self.rng() / 2))

    def run(self) -> None:
        db = Database(self.db_path)
        try:
            while not self._halt.is_set():
                self._wake.clear()
                try:
                    res = flush(db, self.config, batch_size=self.batch_size, timeout=self.timeout)
                except Exception as exc:  # never let the thread die silently: log and back off
                    log.exception("xAPI outbox flush failed")
                    res = FlushResult(error=f"{type(exc).__name__}: {exc}")
                self.last = res
                if res.error:
                    self.failures += 1
                    delay = self.backoff()
                    self.delays.append(delay)
                    log.info("LRS unavailable (%s); retrying in %.1fs", res.error, delay)
                    self._halt.wait(delay)
                else:
                    self.failures = 0
                    if res.pending == 0:
                        self._idle.set()
                    self._wake.wait(self.idle_poll)
        finally:
            db.close()


def start_background_sync(db_path: Path, config: LrsConfig | None = None, **kwargs: Any) -> BackgroundSender | None:
    """Start the sender when an LRS is configured; None (and nothing started) otherwise."""
    config = config if config is not None else load_config()
    if config is None:
        return None
    sender = BackgroundSender(db_path, config, **kwargs)
    sender.start()
    return sender


def check_connection(config: LrsConfig, timeout: float = 5.0) -> tuple[bool, str]:
    """Ask the LRS for one statement with our credentials: (ok, what happened)."""
    try:
        code, head, _body = lrs_http.request("GET", config.statements_url + "?limit=1", None,
                                             _headers(config), timeout)
    except lrs_http.HttpFailure as exc:
        return False, f"cannot reach {redact(config.endpoint)}: {exc}"
    if code in (401, 403):
        return False, f"the LRS refused the credentials ({code})"
    if 300 <= code < 400:
        return False, (f"the LRS answered {code}, a redirect to {redact(head.get('location', '(no location)'))};"
                       " redirects are not followed, so set the endpoint to the LRS's own address")
    if 200 <= code < 300:
        return True, f"the LRS answered {code}: credentials accepted"
    return False, f"the LRS answered {code}"
