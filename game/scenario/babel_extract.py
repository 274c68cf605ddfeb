"""Babel's extractor for the built-in principles and patterns (game/scenario/builtin.py), so `make locale` puts
their names, summaries and tips into game/locale/rapport.pot (babel.cfg registers it under `[extractors]`).

The texts live in builtin.py as plain tuples, not `_()` calls, so Babel's python extractor cannot see them. This
reads the `_PRINCIPLES` and `_PATTERNS` literals with `ast` (nothing is imported or run, and Babel is not needed:
this is Babel's extractor protocol) and yields each text with a context, as `pgettext` would:
`principle name`, `principle summary`, `principle tip`, `pattern name`, `pattern summary`, `pattern tip`.
At run time game/scenario/l10n.py looks the same texts up with `game.i18n.pgettext(CONTEXT, text)`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import IO, Any

# The fields of each tuple in builtin.py, in order (None: not a text, like a pattern's principle id).
FIELDS: dict[str, tuple[str, tuple[str | None, ...]]] = {
    "_PRINCIPLES": ("principle", ("name", "summary", "tip")),
    "_PATTERNS": ("pattern", ("name", None, "summary", "tip")),
}


def context(kind: str, field: str) -> str:
    """The msgctxt of a built-in text: `principle name`, `pattern tip`..."""
    return f"{kind} {field}"


def extract_builtins(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                     options: Any) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel's extractor protocol: (line, "pgettext", (msgctxt, msgid), comments) for every built-in text."""
    tree = ast.parse(fileobj.read())
    for stmt in tree.body:
        if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 or not isinstance(stmt.value, ast.Dict):
            continue
        target = stmt.targets[0]
        if not isinstance(target, ast.Name) or target.id not in FIELDS:
            continue
        kind, fields = FIELDS[target.id]
        for key, value in zip(stmt.value.keys, stmt.value.values, strict=True):
            if not isinstance(key, ast.Constant) or not isinstance(key.value, str) or not isinstance(value, ast.Tuple):
                continue
            for field, item in zip(fields, value.elts, strict=False):
                if field is None or not isinstance(item, ast.Constant) or not isinstance(item.value, str):
                    continue
                yield (item.lineno, "pgettext", (context(kind, field), item.value),
                       [f"The built-in {kind} `{key.value}`: its {field}."])
