"""One HTTP request to the LRS, under one total deadline, never following a redirect.

urllib follows a 302 as a GET (sending our Basic credentials to whatever host the
redirect names) and its timeout is per socket read, so a server trickling a byte
every few seconds never times out. Here http.client is used directly: a redirect
is just a status, and a watchdog shuts the socket down when the deadline passes,
whatever call is blocked on it. Every way an answer can be malformed becomes an
`HttpFailure` with a sentence, never an exception from deep in the stdlib.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from game.i18n import _

MAX_BODY = 64 * 1024  # an xAPI POST answer is a list of ids; more than this is not one
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|[\x00-\x1f\x7f-\x9f]")


class HttpFailure(Exception):
    """The request did not produce a usable HTTP answer (network, TLS, deadline, garbage)."""


def clean(text: str, limit: int = 200) -> str:
    """An LRS's text made safe for a terminal: escape sequences and control characters gone, cut short."""
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "..."


def redact(url: str) -> str:
    """The URL with any user:password@ removed, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an unreadable address)"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, "***@" + host, parts.path, parts.query, parts.fragment))


def request(method: str, url: str, body: bytes | None, headers: dict[str, str],
            deadline: float, max_body: int = MAX_BODY) -> tuple[int, dict[str, str], bytes]:
    """(status, lower-cased headers, body up to `max_body` bytes); raises HttpFailure. `deadline` is seconds, in all."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    end = time.monotonic() + deadline
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(host, port, timeout=deadline, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(host, port, timeout=deadline)
    expired = threading.Event()

    def kill() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(deadline, kill)
    timer.daemon = True
    timer.start()
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        if resp.length is not None and resp.length > max_body:
            raise HttpFailure(_("the answer was larger than {n} KB, which no xAPI answer is").format(n=max_body // 1024))
        # With a length, read() raises IncompleteRead on a short body; read(n) would quietly return less.
        data = resp.read() if resp.length is not None else resp.read(max_body + 1)
        if time.monotonic() > end or expired.is_set():
            raise HttpFailure(_("no complete answer within {seconds} s").format(seconds=f"{deadline:g}"))
        if len(data) > max_body:
            raise HttpFailure(_("the answer was larger than {n} KB, which no xAPI answer is").format(n=max_body // 1024))
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    except HttpFailure:
        raise
    except (http.client.HTTPException, OSError, ValueError) as exc:
        if expired.is_set() or time.monotonic() > end:
            raise HttpFailure(_("no complete answer within {seconds} s").format(seconds=f"{deadline:g}")) from exc
        raise HttpFailure(_describe(exc)) from exc
    finally:
        timer.cancel()
        conn.close()


def _describe(exc: BaseException) -> str:
    """A sentence for what went wrong on the wire."""
    if isinstance(exc, ssl.SSLError):
        return _("the TLS connection failed ({reason})").format(reason=clean(exc.reason or str(exc), 120))
    if isinstance(exc, http.client.RemoteDisconnected):
        return _("the server closed the connection without answering")
    if isinstance(exc, http.client.BadStatusLine):
        return _("the server's answer was not HTTP")
    if isinstance(exc, http.client.IncompleteRead):
        return _("the server's answer was cut short")
    if isinstance(exc, http.client.HTTPException):
        return _("the server's answer was not valid HTTP ({kind})").format(kind=type(exc).__name__)
    if isinstance(exc, ConnectionRefusedError):
        return _("the connection was refused")
    if isinstance(exc, ConnectionResetError):
        return _("the connection was reset")
    if isinstance(exc, socket.gaierror):
        return _("the host name could not be resolved")
    if isinstance(exc, TimeoutError):
        return _("the server did not answer in time")
    return clean(str(exc) or type(exc).__name__, 160)
