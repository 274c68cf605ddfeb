"""LRSs that lie, redirect, trickle or speak garbage: nothing counts as delivered, nothing leaks.

Each fake is a raw socket server on 127.0.0.1 that reads one HTTP request and then
misbehaves in one way. Every mode must leave all statements pending and give a sentence.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from game.store import Database, cli_commands, outbox
from game.store.lrs_config import LrsConfig, load_config, save_config
from game.store.lrs_http import clean, redact

from .helpers import play

Behaviour = Callable[[socket.socket, bytes], None]


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n" + rest


class RawServer:
    """Accepts connections; each one gets `behaviour(conn, request)`. Records the requests."""

    def __init__(self, behaviour: Behaviour, *, read_first: bool = True) -> None:
        self.behaviour, self.read_first = behaviour, read_first
        self.requests: list[bytes] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI"
        self.stopped = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        try:
            req = _read_request(conn) if self.read_first else conn.recv(65536)
            self.requests.append(req)
            self.behaviour(conn, req)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        self.stopped = True
        self.sock.close()


def _answer(status: str, body: bytes, extra: str = "", ctype: str = "application/json") -> Behaviour:
    def go(conn: socket.socket, _req: bytes) -> None:
        conn.sendall(f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n{extra}"
                     f"Connection: close\r\n\r\n".encode() + body)
    return go


def _garbage(conn: socket.socket, _req: bytes) -> None:
    conn.sendall(b"HELLO THERE\r\n\r\n")


def _hang_up(conn: socket.socket, _req: bytes) -> None:
    conn.close()


def _reset(conn: socket.socket, _req: bytes) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def _trickle(conn: socket.socket, _req: bytes) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]":
        conn.sendall(bytes([byte]))
        time.sleep(2)


def _cut_short(conn: socket.socket, _req: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n[\"abc")


def _huge(conn: socket.socket, _req: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + b"[" + b"1," * 200_000 + b"1]")


def _wrong_ids(conn: socket.socket, req: bytes) -> None:
    sent = json.loads(req.partition(b"\r\n\r\n")[2])
    body = json.dumps(["00000000-0000-0000-0000-000000000000"] * len(sent)).encode()
    _answer("200 OK", body)(conn, req)


ESC_BODY = b'{"error": "\x1b]0;PWNED\x07\x1b[2J bad statement ' + b"x" * 5000 + b'"}'

MODES: dict[str, tuple[Behaviour, str]] = {
    "html-200": (_answer("200 OK", b"<html>captive portal</html>", ctype="text/html"), "not JSON"),
    "object-200": (_answer("200 OK", b'{"ok": true}'), "not a list of statement ids"),
    "text-201": (_answer("201 Created", b"stored, thanks", ctype="text/plain"), "not JSON"),
    "wrong-ids-200": (_wrong_ids, "do not match"),
    "garbage-status": (_garbage, "not HTTP"),
    "hang-up": (_hang_up, "closed the connection"),
    "reset": (_reset, "LRS"),
    "cut-short": (_cut_short, "cut short"),
    "huge-200": (_huge, "larger than"),
    "500-with-escapes": (_answer("500 Internal Server Error", ESC_BODY), "answered 500"),
}


@pytest.fixture
def played(db: Database) -> Database:
    play(db, "ana", [0, 0, 0])
    play(db, "bo", [1, 1, 1])
    return db


def _flush(db: Database, endpoint: str, timeout: float = 5.0) -> outbox.FlushResult:
    return outbox.flush(db, LrsConfig(endpoint, "coach", "hunter2"), timeout=timeout)


@pytest.mark.parametrize("mode", sorted(MODES))
def test_a_misbehaving_lrs_delivers_nothing_and_says_why_in_a_sentence(played: Database, mode: str) -> None:
    behaviour, expected = MODES[mode]
    server = RawServer(behaviour)
    try:
        before = outbox.status(played).pending
        res = _flush(played, server.endpoint)
    finally:
        server.close()
    assert res.delivered == 0 and res.pending == before and outbox.status(played).sent == 0
    assert res.error is not None and expected in res.error
    assert "\x1b" not in res.error and "\x07" not in res.error and len(res.error) < 500
    assert "Traceback" not in res.error and "internal error" not in res.error


def test_a_redirect_is_never_followed_and_credentials_never_reach_the_other_host(played: Database) -> None:
    elsewhere = RawServer(_answer("200 OK", b"[]"))
    redirect = RawServer(_answer("302 Found", b"", extra=f"Location: {elsewhere.endpoint}/statements\r\n"))
    try:
        before = outbox.status(played).pending
        res = _flush(played, redirect.endpoint)
        ok, what = outbox.check_connection(LrsConfig(redirect.endpoint, "coach", "hunter2"))
    finally:
        redirect.close()
        elsewhere.close()
    assert res.delivered == 0 and res.pending == before
    assert res.error is not None and "302" in res.error and "not followed" in res.error
    assert not ok and "not followed" in what
    assert elsewhere.requests == []  # nothing, and certainly no Authorization, went to the other host
    assert all(b"Authorization: Basic" in r for r in redirect.requests)


def test_a_trickling_server_cannot_outlive_the_total_deadline(played: Database) -> None:
    server = RawServer(_trickle)
    start = time.monotonic()
    try:
        res = _flush(played, server.endpoint, timeout=3.0)
    finally:
        server.close()
    assert time.monotonic() - start < 30  # a guard against a hang: a per-read timeout would take ~80 s
    assert res.delivered == 0 and res.error is not None and "within 3 s" in res.error


def test_tls_to_a_plain_server_is_a_sentence(played: Database) -> None:
    server = RawServer(_answer("200 OK", b"[]"), read_first=False)  # answers a TLS hello in plain HTTP
    try:
        res = _flush(played, server.endpoint.replace("http://", "https://"))
    finally:
        server.close()
    assert res.delivered == 0 and res.error is not None and "TLS" in res.error


def test_a_refused_connection_is_a_sentence(played: Database) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = _flush(played, f"http://127.0.0.1:{port}/xAPI")
    assert res.delivered == 0 and res.error is not None and "refused" in res.error


def test_a_400_on_every_statement_prints_one_summary_not_one_line_each(
        played: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    server = RawServer(_answer("400 Bad Request", ESC_BODY))
    monkeypatch.setenv("RAPPORT_LRS_ENDPOINT", server.endpoint)
    n = outbox.status(played).pending
    try:
        text, code, _ = cli_commands.sync(db_path=played.path)
    finally:
        server.close()
    assert code == 1 and f"{n} statements were rejected" in text
    assert len(text.splitlines()) <= 5 and "\x1b" not in text
    captured = capsys.readouterr()
    assert captured.err.count("\n") <= 1 and "\x1b" not in captured.err
    status_text, _, _ = cli_commands.lrs_status(db_path=played.path)
    assert "\x1b" not in status_text and "\x07" not in status_text
    assert "x" * 300 not in status_text  # the LRS's body is cut short


def test_clean_removes_escape_sequences_and_control_characters() -> None:
    assert clean("a\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\b\x1b[2J\x07c\x00d\x9be") == "a link b c d e"
    assert clean("x" * 500).endswith("...") and len(clean("x" * 500)) == 203


def test_credentials_in_the_endpoint_are_refused_at_configure() -> None:
    text, code, _ = cli_commands.lrs_configure("https://coach:s3cret@lrs.example/xAPI", "coach", "pw",
                                               check=False)
    assert code == 2 and "--username" in text and "s3cret" not in text


def test_credentials_in_an_existing_setting_are_redacted_everywhere(played: Database, tmp_path: Path) -> None:
    save_config("http://127.0.0.1:9/xAPI", "", "")
    path = tmp_path / "config" / "lrs.json"
    path.write_text(json.dumps({"endpoint": "http://coach:s3cret@127.0.0.1:9/xAPI"}), encoding="utf-8")
    cfg = load_config()
    assert cfg is not None and cfg.username == "coach" and cfg.password == "s3cret"
    assert "s3cret" not in cfg.endpoint
    text, _, _ = cli_commands.sync(db_path=played.path, timeout=2.0)
    assert "s3cret" not in text and "127.0.0.1:9" in text
    text, _, _ = cli_commands.lrs_status(db_path=played.path)
    assert "s3cret" not in text
    assert redact("https://a:b@h/x") == "https://***@h/x"


@pytest.fixture
def good_lrs() -> Iterator[RawServer]:
    def echo_ids(conn: socket.socket, req: bytes) -> None:
        sent = json.loads(req.partition(b"\r\n\r\n")[2])
        _answer("200 OK", json.dumps([s["id"] for s in sent]).encode())(conn, req)
    s = RawServer(echo_ids)
    yield s
    s.close()


def test_a_proper_xapi_answer_is_delivered(played: Database, good_lrs: RawServer) -> None:
    n = outbox.status(played).pending
    res = _flush(played, good_lrs.endpoint)
    assert res.ok and res.delivered == n and res.pending == 0
