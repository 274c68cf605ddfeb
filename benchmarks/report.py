"""Print benchmarks/results.json as the Markdown table docs/performance.md carries.

    .venv/bin/python -m benchmarks.report            # after make bench; paste into docs/performance.md
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import number

RESULTS = Path(__file__).resolve().parent / "results.json"


def markdown(data: dict[str, Any]) -> str:
    m = data["machine"]
    out = [f"Run of {data['started'].replace('T', ' ')[:16]} UTC, {data['seconds']:.0f} s in all, on {m['cpu']} "
           f"({m['cores']} cores, {m.get('memory_gb', '?')} GB), {m['os']}, Python {m['python']}, "
           f"pygame-ce {m['pygame_ce']}, SDL {m['sdl']} (driver: {m['sdl_video_driver']}); "
           f"load average at the start {m['load_average']}.", ""]
    out.append("| figure | median | p99 | floor | ratio | budget | result |")
    out.append("|---|---:|---:|---:|---:|---|---|")
    group = None
    for r in data["figures"]:
        if r.get("group") != group:
            group = r.get("group")
            out.append(f"| **{group}** | | | | | | |")
        unit = f" {r['unit']}" if r["unit"] else ""
        lower = ">" if r.get("lower_bound") else ""
        value = "not measured" if r["value"] is None else f"{lower}{number(r['value'])}{unit}"
        result = "—" if r["ok"] is None else ("pass" if r["ok"] else "**FAIL**")
        ratio = "—" if r.get("ratio") is None else lower + number(r["ratio"])
        floor = "—" if r.get("floor") is None else f"{number(r['floor'])}{unit}"
        out.append(f"| {r['name']} | {value} | {number(r.get('p99'))} | {floor} | {ratio} | {r.get('budget') or '—'} "
                   f"| {result} |")
    return "\n".join(out)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS
    print(markdown(json.loads(path.read_text(encoding="utf-8"))))
