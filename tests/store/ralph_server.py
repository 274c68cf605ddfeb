"""Serve ralph-malph's LRS app (`ralph.api:app`) for the tests: `python ralph_server.py HOST PORT`.

This is what `ralph runserver -b fs` does, minus two things that break a test suite:
- `runserver` always runs uvicorn with `reload=True`, watching the current folder,
  so editing any file in the repo restarts the LRS mid-test;
- ralph 5.1's file backend writes with the INDEX operation, which refuses to touch
  a file that already exists: every POST after the first answers 500 ("fs_lrs.jsonl
  already exists and overwrite is not allowed"). Appending is what an LRS needs;
- ralph 5.1's router turns `activity` (and `verb`) into an `IRI` model, and its file backend compares
  that model with the statement's string, which is never equal: `GET /statements?activity=...` answers
  nothing. Its other backends use the string; here the file backend gets the string too.
Configuration comes from the environment (RALPH_APP_DIR, RALPH_RUNSERVER_BACKEND=fs,
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH), exactly as for `ralph runserver`.
"""

from __future__ import annotations

import sys
from typing import Any

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

_by_activity = FSLRSBackend._add_filter_by_activity
_by_verb = FSLRSBackend._add_filter_by_verb


def _text(value: Any) -> Any:
    return getattr(value, "root", value)


FSLRSBackend._add_filter_by_activity = staticmethod(  # type: ignore[method-assign]
    lambda filters, object_id, related: _by_activity(filters, _text(object_id), related))
FSLRSBackend._add_filter_by_verb = staticmethod(  # type: ignore[method-assign]
    lambda filters, verb_id: _by_verb(filters, _text(verb_id)))

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="info", reload=False)
