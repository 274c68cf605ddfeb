"""The store's side of `rapport history | export | sync | lrs configure | lrs status | report`.

Each function takes already-parsed arguments and returns a `Result`:
`text` for stdout, `code` for the exit status, `warnings` for stderr (e.g. a
damaged database that was moved aside). None of them prints, prompts (except
`lrs_configure` when no password is given) or imports pygame.
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from game.store import export as export_mod
from game.store import outbox
from game.store.db import Database, StoreError, default_player_name
from game.store.history import build_history, render_text
from game.store.lrs_config import (
    ConfigError,
    LrsConfig,
    check_endpoint,
    config_path,
    load_config,
    save_config,
)
from game.store.lrs_http import clean, redact
from game.store.report import ReportError, build_report


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Result(NamedTuple):
    text: str
    code: int = 0
    warnings: tuple[str, ...] = ()


def _open(db_path: Path | str | None) -> Database:
    return Database(db_path)


def _can_encode(text: str) -> bool:
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def history(player: str | None = None, *, format: str = "text", scenario: str | None = None,
            db_path: Path | str | None = None, unicode: bool | None = None) -> Result:
    """`rapport history [--player NAME] [--scenario ID] [--format text|json]`."""
    if format not in ("text", "json"):
        return Result(f"--format must be text or json, not {format!r}", 2)
    with _open(db_path) as db:
        h = build_history(db, player or default_player_name(), scenario_id=scenario)
        warnings = tuple(db.notices)
    if format == "json":
        return Result(json.dumps(h.to_dict(), indent=2, ensure_ascii=False), 0, warnings)
    use_unicode = _can_encode("▁█→") if unicode is None else unicode
    return Result(render_text(h, unicode=use_unicode), 0, warnings)


def export(format: str, out: Path | str, *, since: str | None = None, player: str | None = None,
           all_players: bool = False, db_path: Path | str | None = None) -> Result:
    """`rapport export --format csv|json|xapi [--since DATE] [--player NAME | --all-players] --out FILE|-`."""
    try:
        since_date = export_mod.parse_since(since) if since else None
        with _open(db_path) as db:
            who = None if all_players else (player or default_player_name())
            res = export_mod.export(db, format, out, since=since_date, player=who)
            warnings = tuple(db.notices)
    except (export_mod.ExportError, ConfigError) as exc:
        return Result(str(exc), 2)
    except OSError as exc:
        return Result(f"cannot write {out}: {exc.strerror or exc}", 1)
    if res.text is not None:
        return Result(res.text.rstrip("\n"), 0, warnings)
    whose = "every profile" if who is None else who
    detail = {"csv": f" ({_n(res.items, 'row')})", "xapi": f" ({_n(res.items, 'statement')})"}.get(format, "")
    return Result(f"Exported {_n(res.attempts, 'attempt')} of {whose}{detail} to {res.path}", 0, warnings)


def sync(*, db_path: Path | str | None = None, timeout: float = 10.0, retry_failed: bool = False) -> Result:
    """`rapport sync`: send everything pending now; say what is left. Exit 0 only when nothing is left."""
    try:
        config = load_config()
    except ConfigError as exc:
        return Result(str(exc), 2)
    with _open(db_path) as db:
        warnings = tuple(db.notices)
        if config is None:
            st = outbox.status(db)
            return Result(
                f"No Learning Record Store is configured; {_n(st.pending, 'statement')} waiting.\n"
                "Set RAPPORT_LRS_ENDPOINT, RAPPORT_LRS_USERNAME and RAPPORT_LRS_PASSWORD, "
                "or run `rapport lrs configure`.", 2, warnings)
        res = outbox.flush(db, config, timeout=timeout, retry_failed=retry_failed)
    lines = [f"Sent {_n(res.delivered, 'statement')} to {redact(config.endpoint)}"
             + (f" ({res.duplicates} were already there)" if res.duplicates else "") + "."]
    if res.rejected:
        lines.append(f"{res.rejected} statements were rejected by the LRS and set aside.")
    if res.error:
        lines.append(f"Stopped: {res.error}")
    lines.append(f"Pending: {res.pending}. Set aside: {res.failed}.")
    if res.failed and not retry_failed:
        lines.append("Run `rapport sync --retry-failed` to try the set-aside statements again.")
    return Result("\n".join(lines), 0 if res.pending == 0 and res.failed == 0 else 1, warnings)


def lrs_configure(endpoint: str, username: str, password: str | None = None, *, homepage: str | None = None,
                  check: bool = True, read_password: Callable[[str], str] = getpass.getpass) -> Result:
    """`rapport lrs configure --endpoint URL --username NAME [--homepage URL] [--no-check]`; asks for the password."""
    try:
        check_endpoint(endpoint)  # before asking for a password that would be wasted
    except ConfigError as exc:
        return Result(str(exc), 2)
    if password is None:
        password = read_password("LRS password (not shown): ")
    try:
        path = save_config(endpoint, username, password, homepage=homepage)
    except ConfigError as exc:
        return Result(str(exc), 2)
    lines = [f"Saved the LRS settings to {path} (readable only by you). The password is stored, not shown."]
    code = 0
    if check:
        cfg = LrsConfig(endpoint=endpoint.rstrip("/"), username=username, password=password)
        ok, what = outbox.check_connection(cfg)
        lines.append(("Checked: " if ok else "Warning: ") + what)
        code = 0 if ok else 1
    return Result("\n".join(lines), code)


def lrs_status(*, db_path: Path | str | None = None) -> Result:
    """`rapport lrs status`: the settings (password hidden) and the outbox."""
    try:
        config = load_config()
    except ConfigError as exc:
        return Result(str(exc), 2)
    with _open(db_path) as db:
        st = outbox.status(db)
        warnings = tuple(db.notices)
    head = config.describe() if config else f"No LRS configured (settings file: {config_path()})."
    lines = [head, f"outbox: {st.pending} pending, {st.sent} sent, {st.failed} set aside"]
    if st.last_error:
        lines.append(f"last error: {clean(st.last_error, 300)}")
    return Result("\n".join(lines), 0, warnings)


REPORT_SKIPPED = 3  # the report was written, but some hand-ins were skipped (named on stderr)


def report(paths: Sequence[Path | str], out: Path | str, *, title: str = "Class report") -> Result:
    """`rapport report PATH... --out report.html`: PATHs are JSON exports, database files or folders.

    Exit 0: written from every file; 3: written, some files skipped (each named with its reason);
    1: nothing written (no usable hand-in, the output is an input or the database, or it cannot be written).
    """
    try:
        r = build_report(paths, out, title=title)
    except ReportError as exc:
        return Result(str(exc), 1)
    except OSError as exc:
        return Result(f"cannot write {out}: {exc.strerror or exc}", 1)
    warnings = tuple(f"skipped {clean(p, 300)}: {clean(why, 300)}" for p, why in r.skipped)
    return Result(
        f"Wrote {out}: {_n(r.learners, 'learner')}, {_n(r.attempts, 'attempt')} from {_n(len(r.sources), 'file')}"
        + (f"; {_n(len(r.skipped), 'file')} skipped." if r.skipped else "."),
        REPORT_SKIPPED if r.skipped else 0, warnings)


def store_error_message(exc: StoreError) -> str:
    """For the CLI's top-level handler: a store error is a message, not a traceback."""
    return f"rapport: {exc}"
