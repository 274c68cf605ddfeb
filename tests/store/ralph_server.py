"""Serve ralph-malph's LRS app (`ralph.api:app`) for the tests: `python ralph_server.py HOST PORT`.

This is what `ralph runserver -b fs` does, minus two things that break a test suite:
- `runserver` always runs uvicorn with `reload=True`, watching the current folder,
  so editing any file in the repo restarts the LRS mid-test;
- ralph 5.1's file backend writes with the INDEX operation, which refuses to touch
  a file that already exists: every POST after the first answers 500 ("fs_lrs.jsonl
  already exists and overwrite is not allowed"). Appending is what an LRS needs.
Configuration comes from the environment (RALPH_APP_DIR, RALPH_RUNSERVER_BACKEND=fs,
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH), exactly as for `ralph runserver`.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="info", reload=False)
