"""The browser's xAPI outbox: Python builds and queues the statements, the page's JavaScript sends them.

The statements are the desktop's own (`game.store.xapi`, queued by the same `Recorder` into the same
`outbox` table of the SQLite store the page keeps in IndexedDB), so their ids are the desktop's uuid5s.
A page cannot block on the network, so sending is split in two: `take` leases a batch and hands the
page its JSON; the page POSTs it with `fetch` and hands back the status and body; `answer` decides
what that means with the desktop's rules (`game.store.outbox.judge`) and marks the rows.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from game.i18n import _
from game.store import outbox
from game.store.db import Database
from game.store.lrs_config import LrsConfig

BATCH_SIZE = 50


class PageSender:
    """Takes batches out of the outbox and records the LRS's answers; the page does the HTTP."""

    def __init__(self, db: Database, endpoint: str) -> None:
        self.db = db
        self.config = LrsConfig(endpoint, "", "")  # the page holds the credentials, never Python
        self.single: set[int] = set()  # rows of a batch the LRS objected to: sent one at a time
        # This page is the folder's only sender: a lease left by a reload mid-send is void.
        with db.transaction() as c:
            c.execute("UPDATE outbox SET lease = NULL WHERE state = 'pending'")

    def take(self, limit: int = BATCH_SIZE) -> dict[str, Any]:
        f = outbox._Flusher(self.db, self.config, 15.0, outbox.post)
        rows = f.claim(max(1, int(limit)))
        split = [r for r in rows if r[0] in self.single]
        if split:
            rows = split[:1]
            with self.db.transaction() as c:  # give back the rest of the claim
                c.execute("UPDATE outbox SET lease = NULL WHERE state = 'pending' AND id != ?", (rows[0][0],))
        return {"ids": [r[0] for r in rows], "body": "[" + ",".join(r[1] for r in rows) + "]"}

    def answer(self, ids: list[int], code: int, text: str) -> dict[str, Any]:
        """`code` 0 means the request never got an answer (offline, refused, blocked by CORS)."""
        marks = ",".join("?" * len(ids))
        rows = [(r[0], r[1]) for r in self.db.conn.execute(
            f"SELECT id, body FROM outbox WHERE state = 'pending' AND id IN ({marks}) ORDER BY id",
            [int(i) for i in ids])] if ids else []
        f = outbox._Flusher(self.db, self.config, 15.0, outbox.post)
        where = self.config.endpoint
        try:
            if code == 0:
                raise outbox.LrsUnavailable(f"cannot reach the LRS at {where}: {text}")
            kind, _ = outbox.judge(int(code), text, [r[1] for r in rows], where)
            if kind == "split":
                self.single.update(r[0] for r in rows)
                with self.db.transaction() as c:
                    c.executemany("UPDATE outbox SET lease = NULL WHERE id = ?", [(r[0],) for r in rows])
            else:
                f.answer(rows, int(code), text)
                self.single.difference_update(r[0] for r in rows)
        except outbox.LrsUnavailable as exc:
            f.release(rows, str(exc))
            return {**self.status(), "retry": True, "refused": isinstance(exc, outbox.LrsRefused),
                    "error": str(exc)}
        return {**self.status(), "retry": False, "refused": False, "error": None}

    def status(self) -> dict[str, Any]:
        st = outbox.status(self.db)
        return {"pending": st.pending, "sent": st.sent, "failed": st.failed}


def site_config(text: str) -> dict[str, str]:
    """The site's `lrs.json` (written by `rapport web build --lrs`): the endpoint and learner homePage only."""
    data = json.loads(text) if text else {}
    return {k: str(data[k]) for k in ("endpoint", "homepage") if data.get(k)}


IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


def launch_actor(text: str) -> dict[str, Any]:
    """The `actor` of an xAPI launch address (JSON text, an Agent) as the statements' actor; ValueError says
    what is wrong with it, in words a learner can pass on to the course."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError(_("the launch address's actor is not JSON ({problem}); ask your course for a "
                           "working link").format(problem=exc.args[0])) from None
    if isinstance(data, list) and len(data) == 1:  # some launchers send a one-agent array
        data = data[0]
    if not isinstance(data, dict):
        raise ValueError(_("the launch address's actor must be a JSON object (an xAPI Agent)"))
    kind = data.get("objectType", "Agent")
    if kind != "Agent":
        raise ValueError(_("the launch address's actor must be an Agent, not {kind}").format(kind=repr(kind)))
    found = [k for k in IFIS if k in data]
    if len(found) != 1:
        raise ValueError(_("the launch address's actor must name the learner by exactly one of mbox, "
                           "mbox_sha1sum, openid or account (it has {found})").format(
                               found=", ".join(found) or _("none")))
    key, value = found[0], data[found[0]]
    out: dict[str, Any] = {"objectType": "Agent"}
    name = data.get("name")
    if name is not None:
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise ValueError(_("the launch address's actor.name must be a name of 1 to 200 characters"))
        out["name"] = name.strip()
    if key == "mbox" and not (isinstance(value, str) and value.startswith("mailto:") and "@" in value):
        raise ValueError(_("the launch address's actor.mbox must be mailto:someone@example.org"))
    if key == "mbox_sha1sum" and not (isinstance(value, str) and len(value) == 40
                                      and all(c in "0123456789abcdefABCDEF" for c in value)):
        raise ValueError(_("the launch address's actor.mbox_sha1sum must be 40 hexadecimal digits"))
    if key == "openid" and not (isinstance(value, str) and value.startswith(("http://", "https://"))):
        raise ValueError(_("the launch address's actor.openid must be an http(s) address"))
    if key == "account":
        if not (isinstance(value, dict) and isinstance(value.get("homePage"), str)
                and value["homePage"].startswith(("http://", "https://"))
                and isinstance(value.get("name"), str) and value["name"].strip()):
            raise ValueError(_("the launch address's actor.account needs a homePage (an http(s) address) and a "
                               "name"))
        value = {"homePage": value["homePage"], "name": value["name"]}
    out[key] = value
    return out


def launch_registration(text: str) -> str:
    """The `registration` of an xAPI launch address: a UUID, in its canonical form."""
    try:
        return str(uuid.UUID(text.strip()))
    except (ValueError, AttributeError):
        raise ValueError(_("the launch address's registration {text} is not a UUID; ask your course for "
                           "a working link").format(text=repr(text[:60]))) from None
