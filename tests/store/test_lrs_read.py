"""Reading statements from LRSs that misbehave: a small scripted HTTP server on 127.0.0.1.

Each test scripts what the LRS answers to each request. Whatever it answers, the read ends in the
statements or in a sentence (never a traceback), and the credentials never go to another server.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from game.store import Database, cli_commands, lrs_read
from game.store.lrs_config import LrsConfig
from game.store.lrs_read import Query, ReadError, fetch

from .helpers import REPO, play
from .lrs_class import statements_of

Answer = tuple[int, dict[str, str], bytes]


class ScriptedLrs:
    """Answers each GET with `script(path_and_query, request_number)`; records every request."""

    def __init__(self, script: Callable[[str, int], Answer]) -> None:
        self.script = script
        self.requests: list[tuple[str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append((self.path, dict(self.headers)))
                code, headers, body = outer.script(self.path, len(outer.requests) - 1)
                self.send_response(code)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def config(self) -> LrsConfig:
        return LrsConfig(self.endpoint, "coach", "s3cret-pw")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def page(statements: list[Any], more: Any = None) -> Answer:
    doc: dict[str, Any] = {"statements": statements}
    if more is not None:
        doc["more"] = more
    return 200, {"Content-Type": "application/json"}, json.dumps(doc).encode()


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[str, int], Answer]], ScriptedLrs]]:
    made: list[ScriptedLrs] = []

    def start(script: Callable[[str, int], Answer]) -> ScriptedLrs:
        s = ScriptedLrs(script)
        made.append(s)
        return s

    yield start
    for s in made:
        s.close()


@pytest.fixture(autouse=True)
def no_retry_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lrs_read, "RETRY_DELAY", 0.0)


@pytest.fixture(scope="module")
def stmts(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("few")
    db = Database(tmp / "few.sqlite3")
    for i, name in enumerate(("ana", "bo", "cy", "dee")):
        play(db, name, [i % 2, i % 3, 0])
    out = statements_of(db, tmp)
    db.close()
    return out


def test_pages_are_followed_through_relative_and_absolute_more_links(serve: Any, stmts: list[Any]) -> None:
    third = len(stmts) // 3

    def script(path: str, n: int) -> Answer:
        q = parse_qs(urlsplit(path).query)
        if "p" not in q:
            return page(stmts[:third], "/xAPI/statements?p=2")
        if q["p"] == ["2"]:
            return page(stmts[third:2 * third], f"{lrs.endpoint}/statements?p=3")
        return page(stmts[2 * third:], "")

    lrs = serve(script)
    got = fetch(lrs.config, Query(since="2026-01-01T00:00:00.000Z", until="2026-12-31T00:00:00.000Z",
                                  activities=("https://rapport.example/xapi/scenarios/career-fair-booth",)))
    assert got.pages == 3 and [s["id"] for s in got.statements] == [s["id"] for s in stmts]
    first, headers = lrs.requests[0]
    q = parse_qs(urlsplit(first).query)
    assert q["since"] == ["2026-01-01T00:00:00.000Z"] and q["until"] == ["2026-12-31T00:00:00.000Z"]
    assert q["activity"] == ["https://rapport.example/xapi/scenarios/career-fair-booth"]
    assert q["related_activities"] == ["true"]
    assert headers["X-Experience-API-Version"] == "1.0.3" and headers["Authorization"].startswith("Basic ")


@pytest.mark.parametrize("where", ["other-port", "other-host", "other-scheme"])
def test_a_more_link_to_another_server_is_not_followed(serve: Any, stmts: list[Any], where: str) -> None:
    bystander = serve(lambda path, n: page([]))
    target = {"other-port": f"{bystander.endpoint}/statements?p=2",
              "other-host": f"http://localhost:{bystander.port}/xAPI/statements?p=2",
              "other-scheme": "ftp://127.0.0.1/xAPI/statements"}[where]
    lrs = serve(lambda path, n: page(stmts, target))
    with pytest.raises(ReadError, match="another server") as err:
        fetch(lrs.config)
    assert bystander.requests == [] and "s3cret-pw" not in str(err.value)


def test_a_redirect_is_not_followed_and_says_where_it_went(serve: Any) -> None:
    bystander = serve(lambda path, n: page([]))
    lrs = serve(lambda path, n: (302, {"Location": bystander.endpoint + "/statements"}, b""))
    with pytest.raises(ReadError, match="redirect") as err:
        fetch(lrs.config)
    assert bystander.requests == [] and str(bystander.port) in str(err.value)


def test_a_more_link_that_comes_round_again_stops_the_read(serve: Any, stmts: list[Any]) -> None:
    lrs = serve(lambda path, n: page(stmts[:2], "/xAPI/statements?p=" + str(n % 2)))
    with pytest.raises(ReadError, match="already read"):
        fetch(lrs.config)
    assert len(lrs.requests) == 3


def test_endless_pages_and_too_many_statements_are_bounded(serve: Any, stmts: list[Any]) -> None:
    lrs = serve(lambda path, n: page(stmts[:1], f"/xAPI/statements?p={n + 1}"))
    with pytest.raises(ReadError, match="more than 50 pages"):
        fetch(lrs.config, max_pages=50)
    assert len(lrs.requests) == 50
    many = serve(lambda path, n: page(stmts, f"/xAPI/statements?p={n + 1}"))
    with pytest.raises(ReadError, match=f"more than {2 * len(stmts) - 1} statements.*--max-statements"):
        fetch(many.config, max_statements=2 * len(stmts) - 1)


def test_an_oversized_page_is_refused_before_it_is_read(serve: Any) -> None:
    lrs = serve(lambda path, n: (200, {"Content-Length": str(10**9)}, b"{"))
    with pytest.raises(ReadError, match="larger than"):
        fetch(lrs.config, max_page_bytes=1024 * 1024)


@pytest.mark.parametrize(("answer", "words"), [
    ((200, {"Content-Type": "text/html"}, b"<html>Sign in to the campus network</html>"), "not JSON"),
    ((200, {}, b"[" * 200_000 + b"]" * 200_000), "not JSON"),
    ((200, {}, b"\xff\xfe garbage"), "not JSON"),
    ((200, {}, b'[{"id": 1}]'), "StatementResult"),
    ((200, {}, b'{"statements": {"id": 1}}'), "StatementResult"),
    ((200, {}, b'{"statements": [], "more": 17}'), "not a URL"),
    ((401, {}, b'{"detail": "Invalid authentication credentials"}'), "refused the credentials (401)"),
    ((403, {}, b""), "statements/read scope"),
    ((404, {}, b"Not Found"), "usually ends in /xAPI"),
    ((400, {}, b'{"detail": "bad since \\u001b[31m"}'), "refused the query (400: "),
])
def test_bad_answers_are_sentences(serve: Any, answer: Answer, words: str) -> None:
    lrs = serve(lambda path, n: answer)
    with pytest.raises(ReadError) as err:
        fetch(lrs.config)
    assert words in str(err.value) and "\x1b" not in str(err.value) and "s3cret-pw" not in str(err.value)


def test_a_server_error_is_tried_again_then_given_up(serve: Any, stmts: list[Any]) -> None:
    flaky = serve(lambda path, n: (503, {}, b"busy") if n == 0 else page(stmts))
    assert len(fetch(flaky.config).statements) == len(stmts) and len(flaky.requests) == 2
    down = serve(lambda path, n: (500, {}, b"boom"))
    with pytest.raises(ReadError, match=r"answered 500 \(boom\).*tried 3 times"):
        fetch(down.config)
    assert len(down.requests) == 3


def test_a_page_that_never_comes_times_out(serve: Any) -> None:
    def slow(path: str, n: int) -> Answer:
        time.sleep(3)
        return page([])

    lrs = serve(slow)
    t0 = time.monotonic()
    with pytest.raises(ReadError, match="no complete answer within 0.5 s"):
        fetch(lrs.config, timeout=0.5)
    assert time.monotonic() - t0 < 2.9  # three tries of 0.5 s, not one of 3 s


def test_statements_an_attacker_wrote_are_skipped_and_the_report_still_made(serve: Any, stmts: list[Any],
                                                                             tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    bad = [{"id": "x"}, {"verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
                         "object": {"id": "https://rapport.example/xapi/scenarios/career-fair-booth"}, "id": 3}]
    done = next(s for s in stmts if s["verb"]["id"].endswith("/completed"))
    nan = re.sub(r'("https://rapport.example/xapi/extensions/grade": )[-0-9.]+', r"\1NaN",
                 json.dumps({**done, "id": "0d6b7f5e-3a8e-4c1d-9a53-0000000000d1"}))
    assert "NaN" in nan
    body = b'{"statements": [' + b",".join([*(json.dumps(s).encode() for s in [*stmts, *bad]), nan.encode()]) + b"]}"
    lrs = serve(lambda path, n: (200, {}, body))
    monkeypatch.setenv("RAPPORT_LRS_ENDPOINT", lrs.endpoint)
    monkeypatch.setenv("RAPPORT_LRS_USERNAME", "coach")
    monkeypatch.setenv("RAPPORT_LRS_PASSWORD", "s3cret-pw")
    out = tmp_path / "r.html"
    text, code, warnings = cli_commands.report([], out, lrs=True)
    assert code == 3 and out.exists(), text
    assert "4 learners" in text and "2 statements skipped" in text, text
    reasons = sorted(w.split(" skipped: ", 1)[1] for w in warnings)
    assert len(reasons) == 2 and reasons[0].startswith("id is not text")
    assert reasons[1].startswith("the grade extension is not a number (the first: 0d6b7f5e-")
    assert all(w.startswith(f"skipped the LRS at {lrs.endpoint}: 1 statement skipped: ") for w in warnings)
    assert "1 statement skipped: the grade extension is not a number" in out.read_text()


def test_the_command_gives_sentences_not_tracebacks(serve: Any, tmp_path: Path) -> None:
    lrs = serve(lambda path, n: (401, {}, b""))
    env = {**os.environ, "RAPPORT_LRS_ENDPOINT": lrs.endpoint, "RAPPORT_LRS_USERNAME": "coach",
           "RAPPORT_LRS_PASSWORD": "s3cret-pw", "RAPPORT_DATA_DIR": str(tmp_path / "d"),
           "RAPPORT_CONFIG_DIR": str(tmp_path / "c")}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "game", "report", *args], cwd=REPO, capture_output=True,
                              text=True, env={**env, **extra}, timeout=60)

    p = run("--lrs", "--out", str(tmp_path / "r.html"))
    assert p.returncode == 1 and "refused the credentials" in p.stderr and "Traceback" not in p.stderr
    p = run("--lrs", "--since", "last tuesday", "--out", str(tmp_path / "r.html"))
    assert p.returncode == 2 and "2026-11-20" in p.stderr and "Traceback" not in p.stderr
    p = run("--since", "2026-11-20", "--out", str(tmp_path / "r.html"))
    assert p.returncode == 2 and "add --lrs" in p.stderr
    p = run("--lrs", "--out", str(tmp_path / "r.html"), RAPPORT_LRS_ENDPOINT="")
    assert p.returncode == 2 and "No Learning Record Store is configured" in p.stderr
    p = run("--out", str(tmp_path / "r.html"))
    assert p.returncode == 2 and "--lrs" in p.stderr
