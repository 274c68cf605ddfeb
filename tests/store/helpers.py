"""Engine-shaped test data and LRS doubles for the store tests."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from game.store import Database, Recorder
from game.store.records import Decision
from game.store.xapi import Identity

REPO = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- engine-shaped data


# The engine builds decisions of this very class (game.store.records), so the store's tests use it too.
FakeDecision = Decision


PRINCIPLES = {
    "first_impression": "First impression",
    "communication": "Communication",
    "reciprocity": "Reciprocity",
    "follow_through": "Follow-through",
    "authenticity": "Authenticity",
}
PATTERNS = {
    "hard_seller": ("The Hard Seller", "communication", "Ask one question before you talk about yourself."),
    "cookie_cutter": ("Connecting, but Not Connecting", "authenticity", "Name one thing you talked about."),
    "gimme": ('The "Gimme" Syndrome', "reciprocity", "Offer something before you ask."),
}

# A tiny scenario: three decisions, each (node, [(text, to, score, patterns)]).
SCRIPT = [
    ("approach", "The booth is busy. Maya looks your way.", [
        ("Smile, wait, and introduce yourself by name.", "pitch", {"first_impression": 2}, ()),
        ("Push your resume across the table.", "pitch", {"first_impression": -2, "communication": -1},
         ("hard_seller",)),
    ]),
    ("pitch", "So, what brings you to Northwind?", [
        ("Ask what her team is working on this year.", "promise", {"communication": 2, "reciprocity": 1}, ()),
        ("List every project on your resume.", "promise", {"communication": -2}, ("hard_seller",)),
        ("Ask if they have openings for you.", "promise", {"reciprocity": -2}, ("gimme",)),
    ]),
    ("follow_up", "Time to write to Maya.", [
        ("Send the dashboard with a note about her project.", "warm_lead", {"follow_through": 2, "authenticity": 1},
         ()),
        ('Send a generic "nice to meet you".', "quiet_end", {"authenticity": -2}, ("cookie_cutter",)),
    ]),
]
# A second scenario, so class reports have more than one.
SCRIPT_MIXER = [
    ("arrive", "The alumni mixer is loud. A quiet guest stands by the coffee urn.", [
        ("Chat with the quiet guest about the talk.", "host", {"reciprocity": 2, "authenticity": 1}, ()),
        ("Head straight for the VP everyone is circling.", "host", {"reciprocity": -2}, ("self_server",)),
    ]),
    ("host", "The host asks what you are looking for.", [
        ("Ask how she got into the field, then share one goal.", "favor", {"communication": 2}, ()),
        ("Give your two-minute pitch, twice.", "favor", {"communication": -2}, ("hard_seller",)),
        ("Ask her to pass your resume to three people.", "favor", {"reciprocity": -1}, ("gimme",)),
    ]),
    ("favor", "Later, the quiet guest mentions she needs a volunteer for a panel.", [
        ("Offer to help and follow up by Friday.", "good_end", {"reciprocity": 2, "follow_through": 1}, ()),
        ("Say you are too busy right now.", "meh_end", {"reciprocity": -1}, ()),
    ]),
]
SCRIPTS = {
    "career-fair-booth": ("The Career Fair Booth", SCRIPT, {"warm_lead": "A warm lead", "quiet_end": "The trail goes cold"}),
    "alumni-mixer": ("The Alumni Mixer", SCRIPT_MIXER, {"good_end": "An unexpected ally", "meh_end": "Small talk"}),
}
PATTERNS["self_server"] = ("The Self-Server", "reciprocity", "Talk to the person in front of you, not their title.")
# Each ending's `perspective` as (character, name, role, text); "meh_end" has none.
PERSPECTIVES: dict[str, list[tuple[str, str, str | None, str]]] = {
    "warm_lead": [("maya", "Maya", "Recruiter", "The student who sent the dashboard. I forwarded it to my lead.")],
    "quiet_end": [("maya", "Maya", "Recruiter", "Nice enough; I could not tell you what we talked about."),
                  ("sam", "Sam", None, "Maya mentioned someone stopped by. She did not remember the name.")],
    "good_end": [("lena", "Lena", "Alumna", "Someone actually offered to help. I will remember that.")],
}
# Each scenario's `reflect` questions.
REFLECTS = {
    "career-fair-booth": ["What did Maya need from you before she could help?"],
    "alumni-mixer": ["Who at the mixer could you help first?", "What did the favor cost, and what did it buy?"],
}


def _bounds(script: list[Any], pick: Any) -> dict[str, int]:
    return {p: sum(pick([o[2].get(p, 0) for o in options]) for _n, _t, options in script) for p in PRINCIPLES}


BEST = _bounds(SCRIPT, max)
WORST = _bounds(SCRIPT, min)


def decision_for(step: int, index: int, elapsed: float | None = 2.5, *,
                 scenario: str = "career-fair-booth") -> FakeDecision:
    node, _prompt, options = SCRIPTS[scenario][1][step]
    text, to, score, patterns = options[index]
    return FakeDecision(step=step, node_id=node, number=index + 1, index=index, text=text, to=to,
                        score=dict(score), patterns=tuple(patterns), elapsed=elapsed, feedback="Because.")


def debrief_for(choices: list[int], *, scenario: str = "career-fair-booth") -> dict[str, Any]:
    """What `debrief(session).to_dict()` gives for these option indexes."""
    title, script, endings = SCRIPTS[scenario]
    best, worst = _bounds(script, max), _bounds(script, min)
    totals = dict.fromkeys(PRINCIPLES, 0)
    counts: dict[str, int] = {}
    decisions = []
    for step, index in enumerate(choices):
        node, prompt, options = script[step]
        text, _to, score, patterns = options[index]
        for k, v in score.items():
            totals[k] += v
        for p in patterns:
            counts[p] = counts.get(p, 0) + 1
        decisions.append({"step": step, "node_id": node, "prompt": prompt, "chosen_index": index,
                          "chosen_text": text, "best_index": 0, "best_text": options[0][0], "feedback": "Because.",
                          "best_feedback": "Good.", "was_best": index == 0, "score": dict(score)})
    total, best_total, worst_total = sum(totals.values()), sum(best.values()), sum(worst.values())
    grade = round(100 * (total - worst_total) / (best_total - worst_total))
    ending = list(endings)[0 if choices[-1] == 0 else 1]
    return {
        "scenario_id": scenario, "title": title, "ending_id": ending, "ending_title": endings[ending],
        "ending_text": "...", "outcome": "success" if choices[-1] == 0 else "setback", "grade": grade,
        "total": total, "best_total": best_total, "worst_total": worst_total,
        "principles": [{"id": k, "name": n, "score": totals[k], "best": best[k], "worst": worst[k],
                        "in_focus": k in ("first_impression", "communication"), "tip": "Try this."}
                       for k, n in PRINCIPLES.items()],
        "patterns": [{"id": p, "name": PATTERNS[p][0], "principle": PATTERNS[p][1], "summary": "...",
                      "tip": PATTERNS[p][2], "count": c} for p, c in counts.items()],
        "decisions": decisions,
        "perspective": [{"character": c, "name": n, "role": r, "text": t} for c, n, r, t in PERSPECTIVES.get(ending, [])],
        "reflect": list(REFLECTS[scenario]),
    }


@dataclass
class FakeScenario:
    id: str = "career-fair-booth"
    title: str = "The Career Fair Booth"


def play(db: Database, player: str, choices: list[int], *, finish: bool = True, mode: str = "practice",
         sender: Any = None, identity: Identity | None = None, scenario: str = "career-fair-booth") -> Recorder:
    """Record one attempt of a tiny scenario with these option indexes."""
    rec = Recorder(db, player, FakeScenario(scenario, SCRIPTS[scenario][0]), mode, pack="builtin", seed=0,
                   sender=sender, identity=identity or Identity())
    for step, index in enumerate(choices):
        rec.decision(decision_for(step, index, scenario=scenario))
    if finish:
        rec.finish(debrief_for(choices, scenario=scenario))
    return rec


# --------------------------------------------------------------------------- a scripted HTTP LRS


class StubLrs:
    """A tiny LRS that answers from a script of status codes (then 200), recording what it got."""

    def __init__(self) -> None:
        self.script: list[int] = []
        self.received: list[list[dict[str, Any]]] = []
        self.auth: list[str | None] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.auth.append(self.headers.get("Authorization"))
                code = outer.script.pop(0) if outer.script else 200
                if code == 200:
                    outer.received.append(body)
                payload = json.dumps([s["id"] for s in body] if code == 200 else {"detail": "scripted"}).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:  # noqa: N802
                outer.auth.append(self.headers.get("Authorization"))
                payload = b'{"statements": [], "more": ""}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}/xAPI"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def ids(self) -> list[str]:
        return [s["id"] for batch in self.received for s in batch]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --------------------------------------------------------------------------- a real LRS: ralph


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RalphLrs:
    """ralph-malph's LRS with its file backend, on 127.0.0.1, started and stopped by the tests."""

    username = "coach"
    password = "secret-test-password"

    def __init__(self, root: Path, cors_origins: list[str] | None = None) -> None:
        import bcrypt

        self.root = root
        # A page served from another origin (the browser build) may call it: ralph's own CORS setting.
        self.cors_origins = list(cors_origins or [])
        self.app_dir = root / "app"
        self.data_dir = root / "data"
        self.app_dir.mkdir(parents=True)
        self.data_dir.mkdir(parents=True)
        hashed = bcrypt.hashpw(self.password.encode(), bcrypt.gensalt(4)).decode()
        (self.app_dir / "auth.json").write_text(json.dumps([{
            "agent": {"mbox": "mailto:coach@example.org", "objectType": "Agent"},
            "scopes": ["all"], "hash": hashed, "username": self.username,
        }]))
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = root / "ralph.log"

    def start(self, timeout: float = 30.0) -> None:
        env = {**os.environ, "RALPH_APP_DIR": str(self.app_dir), "RALPH_RUNSERVER_BACKEND": "fs",
               "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data_dir)}
        if self.cors_origins:
            env["RALPH_RUNSERVER_CORS_ALLOW_ORIGINS"] = json.dumps(self.cors_origins)
        server = Path(__file__).with_name("ralph_server.py")
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, str(server), "127.0.0.1", str(self.port)], cwd=self.root,
                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ralph exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                self.get("/statements?limit=1")
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"ralph did not answer within {timeout}s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def get(self, path: str) -> Any:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        req = urllib.request.Request(self.endpoint + path, headers={
            "Authorization": "Basic " + token, "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def statements(self, registration: str | None = None) -> list[dict[str, Any]]:
        """Everything the LRS holds (optionally of one attempt), following `more` links."""
        out: list[dict[str, Any]] = []
        path = "/statements?limit=500"
        while path:
            page = self.get(path)
            out += page["statements"]
            more = page.get("more") or ""
            path = more.split("/xAPI", 1)[1] if "/xAPI" in more else ""
        if registration:
            out = [s for s in out if s.get("context", {}).get("registration") == registration]
        return out

    def stored_lines(self) -> list[dict[str, Any]]:
        """The raw file backend: catches duplicates the API might hide."""
        lines = []
        for f in self.data_dir.glob("*"):
            lines += [json.loads(x) for x in f.read_text().splitlines() if x.strip()]
        return lines


def wait_for(cond: Callable[[], bool], timeout: float = 15.0, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(every)
    return cond()
