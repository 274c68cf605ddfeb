"""Reading a class's statements back from the LRS: xAPI `GET /statements`, page after page through `more`.

The LRS is trusted with the credentials but not with the shape of its answers:
every page is bounded in bytes, the whole read in pages and statements, a
`more` link is followed only to the same scheme, host and port as the
endpoint (our Basic credentials go with it), and a link that comes round
again stops the read. Whatever goes wrong becomes a `ReadError` sentence
that says what to do; statements inside a good page are checked later, one
by one, by `xapi_read`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from game.i18n import _
from game.store import lrs_http
from game.store.db import iso
from game.store.lrs_config import LrsConfig
from game.store.lrs_http import clean, redact
from game.store.xapi import DEFAULT_BASE

PAGE_LIMIT = 500            # statements asked for per page (an LRS may send fewer: ralph's default cap is 100)
MAX_PAGE_BYTES = 32 * 1024 * 1024
MAX_PAGES = 20_000
MAX_STATEMENTS = 1_000_000  # about 50,000 attempts: past this, narrow the read with --since or --activity
RETRIES = 2                 # a page that fails with 429, 5xx or on the wire is asked for again, this often
RETRY_DELAY = 1.0


class ReadError(ValueError):
    """The statements could not be read; the message says why and what to do."""


@dataclass(frozen=True)
class Query:
    """What to read: the xAPI filters of `GET /statements` (times as ISO 8601 with a zone)."""

    since: str | None = None
    until: str | None = None
    activities: tuple[str, ...] = ()  # one read per activity, merged by statement id
    related_activities: bool = True
    limit: int = PAGE_LIMIT

    def params(self, activity: str | None) -> dict[str, str]:
        p: dict[str, str] = {"limit": str(self.limit), "format": "exact"}
        if self.since:
            p["since"] = self.since
        if self.until:
            p["until"] = self.until
        if activity:
            p["activity"] = activity
            if self.related_activities:
                p["related_activities"] = "true"
        return p


@dataclass
class Fetched:
    statements: list[Any] = field(default_factory=list)
    pages: int = 0
    bytes: int = 0
    seconds: float = 0.0


def parse_time(text: str, *, end_of_day: bool = False) -> str:
    """`--since`/`--until`: a date (local midnight; with end_of_day, the midnight after it) or an ISO time."""
    text = text.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None:
        start = datetime.combine(day + timedelta(days=1) if end_of_day else day, dtime.min).astimezone()
        return iso(start)
    try:
        ts = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ReadError(_("expected a date like 2026-11-20 or a time like 2026-11-20T14:00, not {text}")
                        .format(text=repr(text))) from None
    return iso(ts if ts.tzinfo else ts.astimezone())


def activity_iri(text: str, base: str = DEFAULT_BASE) -> str:
    """`--activity`: an IRI as given, or a scenario id (the IRI Rapport's statements name it by)."""
    from game.store.xapi import scenario_iri

    text = text.strip()
    if "://" in text:
        return text
    if not text:
        raise ReadError(_("--activity needs a scenario id or an activity IRI"))
    return scenario_iri(text, base)


def _same_origin(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.hostname, pa.port or _port(pa.scheme)) == (pb.scheme, pb.hostname, pb.port or _port(pb.scheme))


def _port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _status_error(code: int, head: dict[str, str], body: bytes, config: LrsConfig, url: str) -> ReadError:
    where = redact(config.endpoint)
    detail = clean(body.decode("utf-8", "replace"), 160)
    if code == 401:
        source = _(" (now from {source})").format(source=config.source) if config.source else ""
        return ReadError(
            _("the LRS at {where} refused the credentials (401). Check the username and password: run"
              " `rapport lrs configure --endpoint URL --username NAME`, or set RAPPORT_LRS_USERNAME and"
              " RAPPORT_LRS_PASSWORD{source}").format(where=where, source=source))
    if code == 403:
        return ReadError(_("the LRS at {where} does not let these credentials read statements (403); ask its"
                           " administrator for a key with the statements/read scope").format(where=where))
    if code == 404:
        return ReadError(_("the LRS at {where} has no statements resource ({url} answered 404); check the"
                           " endpoint, which usually ends in /xAPI").format(where=where, url=redact(url)))
    if 300 <= code < 400:
        return ReadError(_("the LRS answered {code} with a redirect to {location}, which is not followed (it would"
                           " carry the credentials); set the endpoint to the address it names")
                         .format(code=code, location=redact(head.get("location", _("(nowhere)")))))
    if code == 400:
        return ReadError(_("the LRS at {where} refused the query (400: {detail}); check --since, --until and"
                           " --activity").format(where=where, detail=detail or _("no reason given")))
    if detail:
        return ReadError(_("the LRS at {where} answered {code} ({detail}); try again later, or ask its"
                           " administrator").format(where=where, code=code, detail=detail))
    return ReadError(_("the LRS at {where} answered {code}; try again later, or ask its administrator")
                     .format(where=where, code=code))


def _page(config: LrsConfig, url: str, timeout: float, max_bytes: int) -> tuple[dict[str, Any], int]:
    headers = {**config.headers(), "Accept": "application/json"}
    last: str = ""
    for attempt in range(RETRIES + 1):
        if attempt:
            time.sleep(RETRY_DELAY * attempt)
        try:
            code, head, body = lrs_http.request("GET", url, None, headers, timeout, max_body=max_bytes)
        except lrs_http.HttpFailure as exc:
            last = _("cannot read from the LRS at {where}: {reason}").format(where=redact(config.endpoint),
                                                                              reason=exc)
            continue
        if code == 429 or code >= 500:
            last = str(_status_error(code, head, body, config, url))
            continue
        if code != 200:
            raise _status_error(code, head, body, config, url)
        try:
            page = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise ReadError(_("the LRS at {where} answered {url} with something that is not JSON (a proxy's or a"
                              " login page?); check the endpoint").format(where=redact(config.endpoint),
                                                                          url=redact(url))) from None
        if not isinstance(page, dict) or not isinstance(page.get("statements"), list):
            raise ReadError(_("the LRS at {where} did not answer with a StatementResult (an object with a list of"
                              " statements); check that the endpoint is an xAPI LRS")
                            .format(where=redact(config.endpoint)))
        return page, len(body)
    raise ReadError(_("{problem} (tried {n} times)").format(problem=last, n=RETRIES + 1))


def _no_constant(name: str) -> Any:
    return None  # NaN and Infinity are not JSON; a statement holding one fails its own check


def fetch(config: LrsConfig, query: Query = Query(), *, timeout: float = 30.0, max_pages: int = MAX_PAGES,
          max_statements: int = MAX_STATEMENTS, max_page_bytes: int = MAX_PAGE_BYTES) -> Fetched:
    """Every statement the query matches (one read per activity, or one read of everything)."""
    start = time.perf_counter()
    out = Fetched()
    activities: Sequence[str | None] = query.activities or (None,)
    for activity in activities:
        url: str | None = config.statements_url + "?" + urlencode(query.params(activity))
        seen: set[str] = set()
        while url:
            if url in seen:
                raise ReadError(_("the LRS at {where} sent a `more` link to a page already read; stopped after"
                                  " {n} pages so the read does not go round for ever")
                                .format(where=redact(config.endpoint), n=out.pages))
            seen.add(url)
            if out.pages >= max_pages:
                raise ReadError(_("more than {n} pages of statements; narrow the read with --since, --until or"
                                  " --activity").format(n=max_pages))
            page, size = _page(config, url, timeout, max_page_bytes)
            out.pages += 1
            out.bytes += size
            out.statements.extend(page["statements"])
            if len(out.statements) > max_statements:
                raise ReadError(_("more than {n} statements; narrow the read with --since, --until or"
                                  " --activity, or raise --max-statements").format(n=max_statements))
            more = page.get("more")
            if more in (None, ""):
                url = None
                continue
            if not isinstance(more, str) or len(more) > 8192:
                raise ReadError(_("the LRS at {where} sent a `more` link that is not a URL")
                                .format(where=redact(config.endpoint)))
            nxt = urljoin(url, more.strip())
            if urlsplit(nxt).scheme not in ("http", "https") or not _same_origin(nxt, config.endpoint):
                raise ReadError(_("the LRS at {where} sent a `more` link to another server ({url}); it is not"
                                  " followed, so the credentials stay with the LRS")
                                .format(where=redact(config.endpoint), url=clean(redact(nxt), 120)))
            url = nxt
    out.seconds = time.perf_counter() - start
    return out
