"""The class report: loading hand-ins, the numbers, the page, and the page in headless Chromium."""

from __future__ import annotations

import html
import os
import random
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections import Counter
from pathlib import Path

import pytest

from game.store import Database, Recorder, cli_commands
from game.store import export as ex
from game.store.report import analyse, build_report, load
from game.store.report_html import render_html
from game.store.xapi import Identity

from .helpers import PERSPECTIVES, REFLECTS, FakeScenario, decision_for, play

NAMES = ["Ana", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lu"]


def make_class(root: Path) -> list[Path]:
    """Twelve learners, each with their own database, hand in a JSON export; one hands in the database."""
    rng = random.Random(6)
    root.mkdir(parents=True, exist_ok=True)
    files = []
    for i, name in enumerate(NAMES):
        db = Database(root / f"{name}.sqlite3")
        for scenario, steps in (("career-fair-booth", [2, 3, 2]), ("alumni-mixer", [2, 3, 2])):
            if scenario == "alumni-mixer" and i % 3 == 2:
                continue  # not everyone got to the second scenario
            for attempt in range(1 + (i % 2)):
                bias = 0.35 + 0.3 * attempt  # second tries go better
                choices = [0 if rng.random() < bias else rng.randrange(1, n) for n in steps]
                play(db, name, choices, scenario=scenario)
        if i == 4:
            rec = Recorder(db, name, FakeScenario(), "practice", identity=Identity())
            rec.decision(decision_for(0, 1))  # left unfinished
        if i == 7:
            rec = Recorder(db, name, FakeScenario("alumni-mixer", "The Alumni Mixer"), "practice",
                           identity=Identity())
            rec.decision(decision_for(0, 1, scenario="alumni-mixer"))
            rec.abandon()
        if i == 11:
            db.close()
            files.append(root / f"{name}.sqlite3")
            continue
        out = root / f"{name}.json"
        ex.export(db, "json", out, player=name)
        db.close()
        (root / f"{name}.sqlite3").unlink()
        for suffix in ("-wal", "-shm"):
            (root / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
        files.append(out)
    return files


@pytest.fixture
def hand_ins(tmp_path: Path) -> list[Path]:
    return make_class(tmp_path / "class")


def test_loading_json_exports_a_database_and_skipping_junk(hand_ins: list[Path], tmp_path: Path) -> None:
    junk = tmp_path / "class" / "notes.json"
    junk.write_text('{"hello": "world"}')
    dup = tmp_path / "copy-of-ana.json"
    shutil.copy(hand_ins[0], dup)
    db_file = hand_ins[-1]
    before = db_file.read_bytes()
    loaded = load([tmp_path / "class", dup])
    assert len(loaded.sources) == 13 and [Path(p).name for p, _ in loaded.skipped] == ["notes.json"]
    assert "not a Rapport export" in loaded.skipped[0][1]
    assert len({r["uuid"] for r in loaded.records}) == len(loaded.records)  # Ana counted once
    assert {r["player"] for r in loaded.records} == set(NAMES)
    assert db_file.read_bytes() == before  # the learner's database was only read, from a copy
    assert not list(db_file.parent.glob("*.corrupt-*"))


def test_the_numbers(hand_ins: list[Path]) -> None:
    r = analyse(load(hand_ins).records)
    assert r.learners == 12
    booth = next(s for s in r.scenarios if s.scenario_id == "career-fair-booth")
    mixer = next(s for s in r.scenarios if s.scenario_id == "alumni-mixer")
    assert booth.learners == 12 and booth.finished_learners == 12 and booth.statuses["in_progress"] == 1
    assert mixer.learners == 8 and mixer.statuses["abandoned"] == 1
    assert sum(booth.outcomes.values()) == booth.statuses["finished"]
    comm = next(p for p in r.principles if p.id == "communication")
    assert len(comm.levels) == 12 + 8  # one per learner and scenario finished
    assert sum(comm.bins) == len(comm.levels) and comm.median is not None
    assert r.patterns and r.patterns[0].learners >= r.patterns[-1].learners
    assert all(0 < p.share <= 1 for p in r.patterns)
    assert r.splits and r.splits[0].spread >= r.splits[-1].spread
    for s in r.splits:
        assert s.total == sum(o.count for o in s.options) <= 12  # one vote per learner
        assert sum(1 for o in s.options if o.best) <= 1
        assert s.options[0].share <= 0.75
    assert r.misses, "the class mostly sent the generic message: that must show"
    for s in r.misses:
        assert s.options[0].share >= 0.6 and not s.options[0].best and s.best_text
    write = next(s for s in r.misses if s.node_id == "follow_up")
    assert write.options[0].text == 'Send a generic "nice to meet you".'


def test_the_discussion_prompts_per_scenario_and_ending(hand_ins: list[Path]) -> None:
    records = load(hand_ins).records
    r = analyse(records)
    assert [d.scenario_id for d in r.discussions] == [s.scenario_id for s in r.scenarios]
    booth, mixer = (next(d for d in r.discussions if d.scenario_id == sid)
                    for sid in ("career-fair-booth", "alumni-mixer"))
    assert booth.reflect == REFLECTS["career-fair-booth"] and mixer.reflect == REFLECTS["alumni-mixer"]
    finished = [x for x in records if x["status"] == "finished"]
    for d in (booth, mixer):
        mine = [x for x in finished if x["scenario_id"] == d.scenario_id]
        assert sorted((e.ending_id, e.attempts) for e in d.endings) == sorted(
            Counter(x["ending_id"] for x in mine).items())
        assert [e.attempts for e in d.endings] == sorted((e.attempts for e in d.endings), reverse=True)
        for e in d.endings:
            assert [(p.name, p.role, p.text) for p in e.perspective] == [
                (n, role, t) for _c, n, role, t in PERSPECTIVES.get(e.ending_id, [])]
            assert e.learners == len({x["player"] for x in mine if x["ending_id"] == e.ending_id})
    assert any(not e.perspective for e in mixer.endings)  # "Small talk" has no side to show
    page = render_html(r)
    talk = page.split("For the discussion")[1]
    for q in REFLECTS["career-fair-booth"] + REFLECTS["alumni-mixer"]:
        assert html.escape(q) in talk
    assert "<b>Sam</b>: Maya mentioned someone stopped by." in talk
    assert "<b>Maya</b> (Recruiter): The student who sent the dashboard." in talk
    assert "Questions to open the discussion" in talk and "A warm lead" in talk


def test_the_page_is_self_contained_and_escaped(hand_ins: list[Path]) -> None:
    loaded = load(hand_ins)
    for r in loaded.records:
        if r["scenario_id"] == "career-fair-booth":
            r["scenario_title"] = 'Booth "<b>'
            for d in r["decisions"]:
                if d["node_id"] == "pitch" and d["index"] == 1:
                    d["text"] = "<script>alert(1)</script>"
            if r["debrief"]:
                r["debrief"]["reflect"] = ["<img src=x onerror=alert(2)> & why?"]
                r["debrief"]["ending_title"] = "<i>end</i>"
                r["debrief"]["perspective"] = [{"character": "m", "name": "<u>Maya</u>", "role": '"><svg onload=x>',
                                                "text": "</p><script>alert(3)</script>"}]
    page = render_html(analyse(loaded.records, title="Spring <cohort>", sources=loaded.sources))
    assert "<script" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(2)&gt; &amp; why?" in page
    assert "<svg onload" not in page and "&quot;&gt;&lt;svg onload=x&gt;" in page
    assert "&lt;/p&gt;&lt;script&gt;alert(3)" in page and "&lt;u&gt;Maya&lt;/u&gt;" in page
    assert "<i>end</i>" not in page and "&lt;i&gt;end&lt;/i&gt;" in page
    assert "Spring &lt;cohort&gt;" in page and "Booth &quot;&lt;b&gt;" in page
    assert "Ana" not in page  # the class view is aggregate: no learner is named
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page
    for heading in ("Completion by scenario", "Principles", "Most common patterns", "Where the class split",
                    "missed the best choice", "For the discussion"):
        assert heading in page


def test_cli_report(hand_ins: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    text, code, warnings = cli_commands.report([*hand_ins, tmp_path / "missing.json"], out)
    assert code == cli_commands.REPORT_SKIPPED and "12 learners" in text and out.exists()  # written, one input skipped
    assert len(warnings) == 1 and "missing.json" in warnings[0]
    text, code, _ = cli_commands.report([tmp_path / "missing.json"], tmp_path / "r2.html")
    assert code == 1 and "no attempts" in text and not (tmp_path / "r2.html").exists()


# --------------------------------------------------------------------------- headless Chromium


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _png_stats(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct row hashes): enough to tell a rendered page from a blank one."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat = b"".join(data[i + 8: i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                    for i in [m.start() - 4 for m in re.finditer(b"IDAT", data)])
    raw = zlib.decompress(idat)
    stride = len(raw) // height
    rows = {hash(raw[y * stride + 1:(y + 1) * stride]) for y in range(height)}
    return width, height, len(rows)


@pytest.mark.chromium
def test_report_renders_in_headless_chromium(hand_ins: list[Path], tmp_path: Path) -> None:
    exe = _chromium()
    if exe is None:
        if os.environ.get("RAPPORT_REQUIRE_CHROMIUM"):
            pytest.fail("RAPPORT_REQUIRE_CHROMIUM is set but no chromium is installed")
        pytest.skip("needs Chromium (apt-get install -y chromium)")
    out = tmp_path / "report.html"
    build_report(hand_ins, out, title="Spring cohort: networking practice")
    shot = Path(os.environ.get("RAPPORT_SCREENSHOT_DIR", tmp_path)) / "class-report.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars"]
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([*base, f"--user-data-dir={profile}", f"--screenshot={shot}", "--window-size=1280,2800",
                        out.as_uri()], check=True, capture_output=True, timeout=90)
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run([*base, f"--user-data-dir={profile}", "--dump-dom", out.as_uri()], check=True,
                             capture_output=True, text=True, timeout=90).stdout
    assert "Where the class split" in dom and "The Career Fair Booth" in dom and "<svg" in dom
    width, height, distinct_rows = _png_stats(shot)
    assert (width, height) == (1280, 2800)
    assert distinct_rows > 300, "the screenshot is (nearly) blank"
    print(f"\nscreenshot: {shot}")
