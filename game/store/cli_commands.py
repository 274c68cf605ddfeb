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

from game.i18n import _, ngettext
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
from game.store.lrs_read import MAX_STATEMENTS, Query, ReadError, activity_iri, parse_time
from game.store.report import LrsSource, ReportError, build_report_with


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
        return Result(_("--format must be text or json, not {format}").format(format=repr(format)), 2)
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
        return Result(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc), 1)
    if res.text is not None:
        return Result(res.text.rstrip("\n"), 0, warnings)
    whose = _("every profile") if who is None else who
    items = {"csv": ngettext("{n} row", "{n} rows", res.items),
             "xapi": ngettext("{n} statement", "{n} statements", res.items)}.get(format)
    detail = f" ({items.format(n=res.items)})" if items else ""
    attempts = ngettext("{n} attempt", "{n} attempts", res.attempts).format(n=res.attempts)
    return Result(_("Exported {attempts} of {whose}{detail} to {path}").format(
        attempts=attempts, whose=whose, detail=detail, path=res.path), 0, warnings)


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
            waiting = ngettext("No Learning Record Store is configured; {n} statement waiting.",
                               "No Learning Record Store is configured; {n} statements waiting.", st.pending)
            return Result(waiting.format(n=st.pending) + "\n" + _(
                "Set RAPPORT_LRS_ENDPOINT, RAPPORT_LRS_USERNAME and RAPPORT_LRS_PASSWORD, "
                "or run `rapport lrs configure`."), 2, warnings)
        res = outbox.flush(db, config, timeout=timeout, retry_failed=retry_failed)
    sent = ngettext("Sent {n} statement to {lrs}", "Sent {n} statements to {lrs}", res.delivered).format(
        n=res.delivered, lrs=redact(config.endpoint))
    if res.duplicates:
        sent += " " + ngettext("({n} was already there)", "({n} were already there)", res.duplicates).format(
            n=res.duplicates)
    lines = [sent + "."]
    if res.rejected:
        lines.append(ngettext("{n} statement was rejected by the LRS and set aside.",
                              "{n} statements were rejected by the LRS and set aside.", res.rejected)
                     .format(n=res.rejected))
    if res.error:
        lines.append(_("Stopped: {problem}").format(problem=res.error))
    lines.append(_("Pending: {pending}. Set aside: {failed}.").format(pending=res.pending, failed=res.failed))
    if res.failed and not retry_failed:
        lines.append(_("Run `rapport sync --retry-failed` to try the set-aside statements again."))
    return Result("\n".join(lines), 0 if res.pending == 0 and res.failed == 0 else 1, warnings)


def lrs_configure(endpoint: str, username: str, password: str | None = None, *, homepage: str | None = None,
                  check: bool = True, read_password: Callable[[str], str] = getpass.getpass) -> Result:
    """`rapport lrs configure --endpoint URL --username NAME [--homepage URL] [--no-check]`; asks for the password."""
    try:
        check_endpoint(endpoint)  # before asking for a password that would be wasted
    except ConfigError as exc:
        return Result(str(exc), 2)
    if password is None:
        password = read_password(_("LRS password (not shown): "))
    try:
        path = save_config(endpoint, username, password, homepage=homepage)
    except ConfigError as exc:
        return Result(str(exc), 2)
    lines = [_("Saved the LRS settings to {path} (readable only by you). The password is stored, not shown.")
             .format(path=path)]
    code = 0
    if check:
        cfg = LrsConfig(endpoint=endpoint.rstrip("/"), username=username, password=password)
        ok, what = outbox.check_connection(cfg)
        lines.append((_("Checked: {what}") if ok else _("Warning: {what}")).format(what=what))
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
    head = config.describe() if config else _("No LRS configured (settings file: {path}).").format(path=config_path())
    lines = [head, _("outbox: {pending} pending, {sent} sent, {failed} set aside").format(
        pending=st.pending, sent=st.sent, failed=st.failed)]
    if st.last_error:
        lines.append(_("last error: {problem}").format(problem=clean(st.last_error, 300)))
    return Result("\n".join(lines), 0, warnings)


REPORT_SKIPPED = 3  # the report was written, but some hand-ins were skipped (named on stderr)


def report(paths: Sequence[Path | str], out: Path | str, *, title: str | None = None, lrs: bool = False,
           since: str | None = None, until: str | None = None, activities: Sequence[str] = (),
           related_activities: bool = True, timeout: float = 30.0,
           max_statements: int = MAX_STATEMENTS) -> Result:
    """`rapport report [PATH...] [--lrs [--since T] [--until T] [--activity ID]...] --out report.html`.

    PATHs are JSON exports, database files or folders; `--lrs` also reads the class's statements from
    the configured LRS (the one `rapport sync` sends to), and both make one report.
    Exit 0: written from everything; 3: written, some files or statements skipped (each named with its
    reason); 1: nothing written (no usable hand-in, the LRS could not be read, the output is an input or
    the database, or it cannot be written); 2: the command itself is wrong (no LRS configured, a bad date).
    """
    title = title if title is not None else _("Class report")  # the heading in the language in use
    source = None
    if not lrs and (since or until or activities):
        return Result(_("--since, --until and --activity filter what is read from the LRS; add --lrs"), 2)
    if not paths and not lrs:
        return Result(_("give the hand-ins to report on (files or folders), or --lrs to read the class from the "
                        "LRS"), 2)
    if lrs:
        try:
            config = load_config()
            query = Query(since=parse_time(since) if since else None,
                          until=parse_time(until, end_of_day=True) if until else None,
                          activities=tuple(activity_iri(a) for a in activities),
                          related_activities=related_activities)
        except ConfigError as exc:
            return Result(str(exc), 2)
        except ReadError as exc:
            return Result(f"--since/--until/--activity: {exc}", 2)
        if config is None:
            return Result(_("No Learning Record Store is configured, so --lrs has nothing to read. Set"
                            " RAPPORT_LRS_ENDPOINT, RAPPORT_LRS_USERNAME and RAPPORT_LRS_PASSWORD, or run"
                            " `rapport lrs configure`."), 2)
        source = LrsSource(config, query, timeout=timeout, max_statements=max_statements)
    try:
        r, loaded = build_report_with(paths, out, title=title, lrs=source)
    except ReportError as exc:
        return Result(str(exc), 1)
    except OSError as exc:
        return Result(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc), 1)
    warnings = tuple(_("skipped {path}: {reason}").format(path=clean(p, 300), reason=clean(why, 300))
                     for p, why in r.skipped)
    files = len(r.sources) - (1 if loaded.lrs else 0)
    parts = [ngettext("{n} file", "{n} files", files).format(n=files)] if files or not loaded.lrs else []
    if loaded.lrs:
        statements = ngettext("{n} statement", "{n} statements", loaded.lrs.statements).format(
            n=loaded.lrs.statements)
        parts.append(ngettext("{statements} in {n} page from the LRS", "{statements} in {n} pages from the LRS",
                              loaded.lrs.pages).format(statements=statements, n=loaded.lrs.pages))
    n_files = sum(1 for p, _why in r.skipped if not p.startswith("the LRS at "))
    n_stmts = loaded.lrs.skipped if loaded.lrs else 0
    skipped = [ngettext("{n} file", "{n} files", n_files).format(n=n_files)] if n_files else []
    skipped += [ngettext("{n} statement", "{n} statements", n_stmts).format(n=n_stmts)] if n_stmts else []
    learners = ngettext("{n} learner", "{n} learners", r.learners).format(n=r.learners)
    attempts = ngettext("{n} attempt", "{n} attempts", r.attempts).format(n=r.attempts)
    wrote = _("Wrote {path}: {learners}, {attempts} from {inputs}").format(
        path=out, learners=learners, attempts=attempts, inputs=_and(parts))
    return Result(wrote + (_("; {what} skipped.").format(what=_and(skipped)) if skipped else "."),
                  REPORT_SKIPPED if r.skipped else 0, warnings)


def _and(items: list[str]) -> str:
    """`a and b` in the language in use (items are never more than two here)."""
    if len(items) < 2:
        return "".join(items)
    return _("{first} and {second}").format(first=", ".join(items[:-1]), second=items[-1])


def store_error_message(exc: StoreError) -> str:
    """For the CLI's top-level handler: a store error is a message, not a traceback."""
    return f"rapport: {exc}"
