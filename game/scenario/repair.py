"""Every error of a file in one run: after a schema error, mend a copy of the data and check the rest.

A file with `outcome: meh` and a `to:` naming no node has two problems, and an instructor should see both
at once. The format's validator stops at the shape of the data, so the cross-reference checks (targets,
speakers, principles, conditions) would never run. Here the faulty values of a *copy* are mended just
enough to pass the shape: an unknown field or a bad optional value is dropped, a missing or bad required
one gets a stand-in. The cross-reference checks then run on that copy, and their findings are kept except
where a stand-in stands (a stand-in is not the author's and must not be blamed).

When a whole character, node or ending (or the mapping of them) had to be mended, the ids that other
places name are no longer the author's, so the cross-reference checks are skipped: only the shape
errors are reported, as before.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from pydantic_core import SchemaValidator, ValidationError

from game.scenario.errors import Finding
from game.scenario.validate import _data_loc
from game.scenario.yamlread import Document, Path

ROUNDS = 12  # each round mends what the last validation reported; a file's errors settle in a few
_STAND_INS: tuple[Any, ...] = ("x", 1, True, {}, [], ["x"])
_QUOTED = re.compile(r"'([^']*)'")
_COLLECTIONS = ("characters", "nodes", "endings")


def mended(data: Any, validator: SchemaValidator) -> tuple[Any, set[Path]] | None:
    """A validated copy of `data` with its faulty values mended, and the paths mended; None if it cannot be."""
    work = copy.deepcopy(data)
    queues: dict[Path, list[Any]] = {}  # per mended path: the stand-ins still to try
    for _ in range(ROUNDS):
        try:
            return validator.validate_python(work), set(queues)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        changed = False
        done: set[Path] = set()
        for err in errors:
            loc: tuple[Any, ...] = tuple(err["loc"])
            bad_key = bool(loc) and loc[-1] == "[key]"
            if bad_key:
                loc = loc[:-1]
            etype: str = err["type"]
            where = _data_loc(work, loc[:-1]) + loc[-1:] if etype == "missing" else _data_loc(work, loc)
            if not where or where in done:
                continue
            done.add(where)
            if _mend(work, where, etype, err, queues, bad_key):
                changed = True
        if not changed:
            return None
    return None


def _mend(work: Any, where: Path, etype: str, err: Any, queues: dict[Path, list[Any]], bad_key: bool) -> bool:
    parent: Any = work
    for part in where[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = where[-1]
    first = where not in queues
    queue = queues.setdefault(where, list(_STAND_INS))
    expected = (err.get("ctx") or {}).get("expected")
    if etype == "literal_error" and isinstance(expected, str):
        queue[:0] = [m.group(1) for m in _QUOTED.finditer(expected)][:1]
    if isinstance(parent, dict):
        if (etype == "extra_forbidden" or bad_key) and last in parent:
            del parent[last]
            return True
        if first and etype != "missing" and last in parent:  # optional: dropping it may be enough
            del parent[last]
            return True
    elif not (isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent)):
        return False
    if not queue:
        return False
    parent[last] = copy.deepcopy(queue.pop(0))
    return True


def cross_reference_findings(doc: Document, validator: SchemaValidator, shape: list[Finding],
                             build: Callable[[Any], Any], check: Callable[[Any], list[Finding]]) -> list[Finding]:
    """The findings of `check` on a mended copy of the document, without those where a stand-in stands."""
    got = mended(doc.value, validator)
    if got is None:
        return []
    data, mended_at = got
    if any(p[0] in _COLLECTIONS and len(p) <= 2 for p in mended_at):
        return []
    try:
        found = check(build(data))
    except Exception:  # noqa: BLE001 - a best effort beside the shape errors already found; never mask them
        return []
    lines = {f.line for f in shape}  # one problem per place: the shape error there speaks
    places = {pos for p in mended_at for q in (p, p[:-1]) for pos in (doc.pos(q), doc.key_pos(q))}
    return [f for f in found if f.line not in lines and (f.line, f.column) not in places]


__all__ = ["cross_reference_findings", "mended"]
