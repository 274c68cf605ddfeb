"""`python -m benchmarks` (`make bench`): run every benchmarks/bench_*.py module's `main()` in name order."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def main() -> int:
    status = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        module = importlib.import_module(f"benchmarks.{path.stem}")
        print(f"== {path.stem}")
        status |= int(module.main() or 0)
        print()
    return status


if __name__ == "__main__":
    sys.exit(main())
