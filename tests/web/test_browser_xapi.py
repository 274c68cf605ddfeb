"""xAPI from the browser, against a real LRS: ralph on loopback, on another port than the site, with CORS.

The site is built with `--lrs` (the endpoint only); the credentials come in the launch address. The page
must send the statements the desktop's `rapport play --text` sends for the same choices, with ids made the
same way, and keep them through a reload while the LRS is down, sending each once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from game.store.xapi import statement_id
from tests.store.helpers import RalphLrs

from .conftest import PACK, REPO
from .test_browser import ARGS, BOOT_MS, CHROMIUM, SCENARIO, _need_browser, _play_to_end, serving

pytestmark = [pytest.mark.lrs, pytest.mark.chromium]


class Lrs:
    """The site built for one ralph, the site served, and the ralph (started with the site's origin allowed)."""

    def __init__(self, site: Path, url: str, ralph: RalphLrs) -> None:
        self.site, self.url, self.ralph = site, url, ralph

    @property
    def auth(self) -> str:
        import base64

        token = base64.b64encode(f"{self.ralph.username}:{self.ralph.password}".encode()).decode()
        return "Basic " + token

    def launch(self) -> str:
        return f"{self.url}/index.html?in-order&endpoint={quote(self.ralph.endpoint, safe='')}&auth={quote(self.auth)}"


@pytest.fixture(scope="module")
def lrs_site(tmp_path_factory: pytest.TempPathFactory, site: Path) -> Iterator[Lrs]:
    pytest.importorskip("ralph", reason="needs ralph-malph[cli,lrs] (the `test` extra)")
    pytest.importorskip("bcrypt")
    from game.web.build import build_site

    out = tmp_path_factory.mktemp("lrs-site")
    with serving(out) as origin:  # the origin first: ralph must allow it (CORS)
        ralph = RalphLrs(tmp_path_factory.mktemp("ralph-web"), cors_origins=[origin])
        build_site(PACK, out, lrs=ralph.endpoint)
        assert json.loads((out / "lrs.json").read_text()) == {"endpoint": ralph.endpoint}  # an address, no secret
        ralph.start()
        yield Lrs(out, origin, ralph)
        ralph.stop()


@pytest.fixture
def page(lrs_site: Lrs) -> Iterator[Any]:
    sync_playwright = _need_browser()
    lrs_origin = lrs_site.ralph.endpoint.rsplit("/xAPI", 1)[0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        pg = context.new_page()
        outside: list[str] = []
        errors: list[str] = []
        pg.on("request", lambda r: None if r.url.startswith((lrs_site.url, lrs_origin, "blob:", "data:"))
              else outside.append(r.url))
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg
        assert outside == []  # the site and its LRS, nothing else
        assert errors == []
        context.close()
        browser.close()


def _registrations(ralph: RalphLrs) -> set[str]:
    return {s["context"]["registration"] for s in ralph.statements()}


def _new_attempt(ralph: RalphLrs, before: set[str], done: str = "completed", timeout: float = 60) -> str:
    """The one new registration the LRS holds once its `done` statement has arrived."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fresh = [s for s in ralph.statements() if s["context"]["registration"] not in before]
        if any(s["verb"]["display"]["en"] == done for s in fresh):
            [reg] = {s["context"]["registration"] for s in fresh}
            return reg
        time.sleep(0.3)
    raise AssertionError(f"no {done} statement of a new attempt reached the LRS within {timeout}s")


def _event(s: dict[str, Any]) -> tuple[str, ...]:
    """Which event of its attempt a statement is, found from its id: the desktop's uuid5 recipe, or nothing."""
    reg, verb = s["context"]["registration"], s["verb"]["display"]["en"]
    candidates: list[tuple[str, ...]] = [(verb,)]
    if verb == "answered":
        candidates = [(verb, str(k)) for k in range(100)]
    elif verb == "scored":
        candidates = [(verb, s["object"]["id"].rsplit("/", 1)[1])]
    for parts in candidates:
        if statement_id(reg, *parts) == s["id"]:
            return parts
    raise AssertionError(f"statement {s['id']} ({verb}) does not have the id the desktop would give it")


def _comparable(s: dict[str, Any]) -> dict[str, Any]:
    """Everything but what differs between two attempts by nature: ids, registration, times, LRS stamps."""
    s = json.loads(json.dumps(s))
    for key in ("id", "timestamp", "stored", "authority"):
        s.pop(key, None)
    s["context"].pop("registration")
    s.get("result", {}).pop("duration", None)
    return s


def _by_event(ralph: RalphLrs, reg: str) -> dict[tuple[str, ...], dict[str, Any]]:
    stmts = ralph.statements(registration=reg)
    out = {_event(s): _comparable(s) for s in stmts}
    assert len(out) == len(stmts)
    return out


def _desktop(ralph: RalphLrs, numbers: list[int], tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "RAPPORT_DATA_DIR": str(tmp_path / "text-data"),
           "RAPPORT_CONFIG_DIR": str(tmp_path / "text-config"), "SDL_VIDEODRIVER": "dummy",
           "RAPPORT_LRS_ENDPOINT": ralph.endpoint, "RAPPORT_LRS_USERNAME": ralph.username,
           "RAPPORT_LRS_PASSWORD": ralph.password}
    for cmd in (["play", "--text", "--in-order", "--pack", str(PACK), "--scenario", SCENARIO, "--player", "Student"],
                ["sync"]):
        done = subprocess.run([sys.executable, "-m", "game", *cmd], input="".join(f"{n}\n" for n in numbers),
                              capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
        assert done.returncode == 0, done.stderr


def _play(page: Any) -> list[int]:
    page.focus(f"[data-scenario={SCENARIO}]")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-view=briefing]")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-view=dialogue]")
    pressed: list[int] = []
    _play_to_end(page, pressed)
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-view=debrief]")
    return pressed


def test_the_browser_sends_the_statements_the_desktop_sends(page: Any, lrs_site: Lrs, tmp_path: Path) -> None:
    ralph = lrs_site.ralph
    before = _registrations(ralph)
    page.goto(lrs_site.launch())
    page.wait_for_selector("body[data-view=list]", timeout=BOOT_MS)
    assert "auth=" not in page.url and "in-order" in page.url  # the credentials leave the address bar
    page.wait_for_selector("body[data-engine=ready]", state="attached", timeout=BOOT_MS)  # the outbox takes them
    assert page.evaluate("sessionStorage.getItem('rapport.lrs.auth')") == lrs_site.auth
    assert page.evaluate("JSON.stringify(localStorage)").find("Basic") == -1
    pressed = _play(page)
    web = _new_attempt(ralph, before)
    page.wait_for_selector("body[data-outbox-pending='0']")

    before = _registrations(ralph)
    _desktop(ralph, pressed, tmp_path)
    desk = _new_attempt(ralph, before)

    from_web, from_desk = _by_event(ralph, web), _by_event(ralph, desk)
    verbs = [e[0] for e in from_web]
    assert verbs.count("launched") == 1 and verbs.count("completed") == 1
    assert verbs.count("answered") == len(pressed) and "scored" in verbs
    assert from_web.keys() == from_desk.keys()  # the same events, each with the desktop's id recipe
    for event, stmt in from_web.items():
        assert stmt == from_desk[event], event  # verb, object, choices, response, scores, debrief: all the same
    assert len({s["id"] for s in ralph.stored_lines()}) == len(ralph.stored_lines())  # nothing stored twice


def test_statements_played_while_the_lrs_is_down_go_after_a_reload(page: Any, lrs_site: Lrs) -> None:
    ralph = lrs_site.ralph
    before = _registrations(ralph)
    ralph.stop()
    try:
        page.goto(lrs_site.launch())
        page.wait_for_selector("body[data-view=list]", timeout=BOOT_MS)
        pressed = _play(page)
        page.reload()  # still down: the outbox is in IndexedDB, and this visit's first try fails too
        page.wait_for_selector("body[data-view=list]", timeout=BOOT_MS)
        page.wait_for_function("document.body.dataset.outboxPending !== undefined")
        waiting = int(page.evaluate("document.body.dataset.outboxPending"))
        assert "waiting" in page.locator("#lrs-status").inner_text()
        url = page.url
        page.goto("about:blank")  # the page stops retrying, so what the LRS holds next is what came while down
    finally:
        ralph.start()
    assert _registrations(ralph) == before
    page.goto(url)  # the credentials were taken out of the address: sessionStorage (this tab's) still has them
    page.wait_for_selector("body[data-view=list]", timeout=BOOT_MS)
    reg = _new_attempt(ralph, before)
    page.wait_for_selector("body[data-outbox-pending='0']")
    got = ralph.statements(registration=reg)
    verbs = [s["verb"]["display"]["en"] for s in got]
    assert len(got) == waiting and verbs.count("answered") == len(pressed) and verbs.count("completed") == 1
    assert all(_event(s) for s in got)
    stored = [s["id"] for s in ralph.stored_lines()]
    assert len(set(stored)) == len(stored)  # each sent once
    page.reload()  # and a later visit sends nothing again
    page.wait_for_selector("body[data-view=list]", timeout=BOOT_MS)
    page.wait_for_selector("body[data-outbox-pending='0']")
    assert len(ralph.stored_lines()) == len(stored)


def test_the_launch_actor_and_registration_name_the_statements(page: Any, lrs_site: Lrs) -> None:
    import uuid

    from game.store.xapi import DEFAULT_BASE

    ralph = lrs_site.ralph
    reg = str(uuid.uuid4())
    agent = {"objectType": "Agent", "name": "Ada Lovelace", "mbox": "mailto:ada@example.org"}
    page.goto(f"{lrs_site.launch()}&actor={quote(json.dumps(agent))}&registration={reg.upper()}")
    page.wait_for_selector("body[data-engine=ready]", state="attached", timeout=BOOT_MS)
    assert page.locator("#launch-note").is_hidden()
    pressed = _play(page)
    deadline = time.monotonic() + 60
    while not any(s["verb"]["display"]["en"] == "completed" for s in ralph.statements(registration=reg)):
        assert time.monotonic() < deadline, "the attempt's completed statement did not reach the LRS"
        time.sleep(0.3)
    stmts = ralph.statements(registration=reg)
    assert len(stmts) >= len(pressed) + 2
    assert all(s["actor"] == agent for s in stmts)  # the launch's learner, as the launch named them
    assert all(s["context"]["registration"] == reg for s in stmts)  # the launch's, in canonical form
    [attempt] = {s["context"]["extensions"][f"{DEFAULT_BASE}/extensions/attempt"] for s in stmts}
    assert attempt != reg
    for s in stmts:  # the ids keep the desktop's recipe, on the attempt's own uuid
        verb = s["verb"]["display"]["en"]
        parts: list[tuple[str, ...]] = [(verb,)]
        if verb == "answered":
            parts = [(verb, str(k)) for k in range(100)]
        elif verb == "scored":
            parts = [(verb, s["object"]["id"].rsplit("/", 1)[1])]
        assert any(statement_id(attempt, *p) == s["id"] for p in parts), s["id"]


@pytest.mark.parametrize(("query", "said"), [
    ("actor=%7Bnot%20json", "actor is not JSON"),
    ("actor=" + quote(json.dumps({"name": "No one"})), "exactly one of mbox"),
    ("registration=not-a-uuid", "registration 'not-a-uuid' is not a UUID"),
])
def test_a_bad_launch_actor_or_registration_is_said_on_the_page(page: Any, lrs_site: Lrs, query: str,
                                                                 said: str) -> None:
    page.goto(f"{lrs_site.launch()}&{query}")
    page.wait_for_selector("body[data-engine=ready]", state="attached", timeout=BOOT_MS)
    note = page.locator("#launch-note")
    note.wait_for()
    assert said in note.inner_text() and "the name in Settings" in note.inner_text()
    page.focus(f"[data-scenario={SCENARIO}]")  # the page still plays
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-view=briefing]")
