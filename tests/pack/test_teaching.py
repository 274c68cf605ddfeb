"""The shipped pack teaches (issue 13): no answer key in the order or the length of options, real
trade-offs, people who react, endings that match the path, and the pack-wide quotas.

Every figure is measured with the engine's own code: the loader, the analysis and `grade_findings` for
grade ranges, and `Session` (whose option order comes from game/engine/order.py) for pressing 1. The
per-decision tells are computed by `tells()`, a small module-level helper, so that a shared stats
function can replace it later without touching the tests. A failure names the scenario, the decision
(node id) and the measured figure.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from game.engine.analysis import Analysis, analyze
from game.engine.ending_grades import grade_findings
from game.engine.order import shuffles
from game.engine.rules import PlayState, Rules
from game.engine.scoring import grade
from game.engine.session import Session
from game.scenario import Scenario, builtin, load_scenario
from game.scenario.tells import DecisionTells, decisions, scenario_tells
from game.scenario.tells import total as total_score
from tests.pack.british import BRITISH

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "scenarios"
FILES = sorted(p for p in PACK.iterdir() if p.suffix in (".yaml", ".yml") and p.name not in
               ("pack.yaml", "pack.yml", "principles.yaml", "principles.yml"))
IDS = [p.stem for p in FILES]

PRESS_ONE_ATTEMPTS = 10
PRESS_ONE_MAX_GRADE = 70
LONGEST_MAX_SHARE = 0.35
FIRST_MAX_SHARE = 0.40
TRADE_OFFS_MIN = 2
REPLY_MIN_SHARE = 0.90
PRINCIPLES_PER_SCENARIO_MIN = 4
GIMME_MAX_SHARE = 0.20
PATTERN_SCENARIOS_MIN = 2
PRINCIPLE_SCENARIOS_MIN = 4



# ------------------------------------------------------------------------------------------ helpers

def tells(sc: Scenario) -> list[DecisionTells]:
    """Per decision node with two or more options: the tells `rapport stats` reports (game/scenario/tells.py)."""
    return decisions(sc)


def press_one_grades(sc: Scenario, seeds: list[int]) -> list[tuple[int, int, str]]:
    """(seed, grade, ending) for attempts that press 1 at every decision, each attempt with its own seed."""
    out = []
    for seed in seeds:
        s = Session(sc, seed=seed)
        guard = len(sc.nodes) + 1
        while not s.finished and guard:
            guard -= 1
            s.choose(1)
        assert s.finished, f"{sc.id}: pressing 1 did not finish (seed {seed})"
        a = analysis(sc.id or "")
        total = sum(s.scores.values())
        out.append((seed, grade(total, a.start.worst_total, a.start.best_total), s.ending_id or ""))
        s.close()
    return out


def press_one_expected_grade(sc: Scenario) -> float:
    """The exact mean grade of pressing 1 over every possible shuffle: at a shuffled node the first option
    shown is equally likely to be any option on offer; at an unshuffled one it is the first on offer."""
    rules = Rules.of(sc)
    a = analysis(sc.id or "")
    worst, best = a.start.worst_total, a.start.best_total
    mean = 0.0
    stack: list[tuple[str, PlayState, int, float]] = []
    start = PlayState.initial(sc)
    stack.append((rules.enter(sc.start_id, start), start, 0, 1.0))
    while stack:
        nid, state, total, p = stack.pop()
        if nid in sc.endings:
            mean += p * grade(total, worst, best)
            continue
        offered = rules.available(nid, state)
        if not shuffles(sc, sc.nodes[nid]):
            offered = offered[:1]
        for _i, c in offered:
            after = state.copy()
            after.apply(c)
            stack.append((rules.enter(c.to, after), after, total + total_score(c), p / len(offered)))
    return mean


def attempt_seeds(name: str) -> list[int]:
    """Ten different seeds, one per attempt, the same on every run (so a failure can be replayed)."""
    rng = random.Random(f"press-one:{name}")
    return [rng.randrange(2**31) for _ in range(PRESS_ONE_ATTEMPTS)]


def _share(n: int, d: int) -> float:
    return n / d if d else 0.0


@cache
def scenario(name: str) -> Scenario:
    return load_scenario(PACK / f"{name}.yaml")


@cache
def analysis(name: str) -> Analysis:
    return analyze(scenario(name))


def _lint(target: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "game", "lint", "--strict", target], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def _reads_flags_or_rapport(sc: Scenario) -> list[str]:
    """Node ids whose choice `if`s or branch entries read a flag or a character's rapport."""
    out = []
    for nid, node in sc.nodes.items():
        n = len(node.choices or []) if node.choices is not None else len(node.branch or [])
        where = "choice" if node.choices is not None else "branch"
        for i in range(n):
            cond = sc.condition(nid, where, i)
            if cond is not None and (cond.flags or cond.characters):
                out.append(nid)
                break
    return out


# ------------------------------------------------------------------------------------- per scenario

@pytest.mark.parametrize("name", IDS)
def test_pressing_one_every_time_averages_at_most_70(name: str) -> None:
    sc = scenario(name)
    runs = press_one_grades(sc, attempt_seeds(name))
    mean = sum(g for _s, g, _e in runs) / len(runs)
    detail = ", ".join(f"seed {s}: {g} ({e})" for s, g, e in runs)
    assert mean <= PRESS_ONE_MAX_GRADE, f"{name}: pressing 1 averages {mean:.1f} over {len(runs)} attempts: {detail}"


@pytest.mark.parametrize("name", IDS)
def test_pressing_one_every_time_expects_at_most_70_over_every_shuffle(name: str) -> None:
    expected = press_one_expected_grade(scenario(name))
    assert expected <= PRESS_ONE_MAX_GRADE, f"{name}: pressing 1 expects a grade of {expected:.1f} over all shuffles"


@pytest.mark.parametrize("name", IDS)
def test_best_option_is_rarely_the_longest_or_the_first_listed(name: str) -> None:
    t = tells(scenario(name))
    assert t, f"{name}: no decisions"
    longest = [d.node for d in t if d.best_is_longest]
    first = [d.node for d in t if d.best_is_first]
    assert _share(len(longest), len(t)) <= LONGEST_MAX_SHARE, (
        f"{name}: the best option is the longest in {len(longest)} of {len(t)} decisions "
        f"({_share(len(longest), len(t)):.0%}, at most {LONGEST_MAX_SHARE:.0%}): {longest}")
    assert _share(len(first), len(t)) <= FIRST_MAX_SHARE, (
        f"{name}: the best option is listed first in {len(first)} of {len(t)} decisions "
        f"({_share(len(first), len(t)):.0%}, at most {FIRST_MAX_SHARE:.0%}): {first}")


@pytest.mark.parametrize("name", IDS)
def test_best_option_is_never_the_only_one_shaped_do_x_and_ask_y(name: str) -> None:
    alone = [d.node for d in tells(scenario(name)) if d.best_alone_in_ask_shape]
    assert alone == [], f"{name}: only the best options are shaped 'do X and ask/offer Y' at {alone}"


@pytest.mark.parametrize("name", IDS)
def test_at_least_two_real_trade_offs(name: str) -> None:
    t = tells(scenario(name))
    found = [d.node for d in t if d.trade_off]
    assert len(found) >= TRADE_OFFS_MIN, (
        f"{name}: {len(found)} decisions with a trade-off (best costs a point, or runner-up within 1): {found}; "
        f"totals per decision: {[(d.node, d.totals) for d in t]}")


@pytest.mark.parametrize("name", IDS)
def test_no_success_below_50_and_no_setback_above_80(name: str) -> None:
    found = grade_findings(analysis(name))
    assert found == [], f"{name}: " + "; ".join(f"{f.line}:{f.column} {f.code}: {f.message}" for f in found)


@pytest.mark.parametrize("name", IDS)
def test_people_reply_to_nine_in_ten_choices_made_at_their_lines(name: str) -> None:
    t = scenario_tells(scenario(name))
    assert t.at_lines > 0, f"{name}: no choice is made at a character's line"
    assert t.reply_share >= REPLY_MIN_SHARE, (
        f"{name}: {t.reply_share:.0%} of {t.at_lines} choices at a character's line have a reply "
        f"(at least {REPLY_MIN_SHARE:.0%}); silent: {list(t.silent)}")


@pytest.mark.parametrize("name", IDS)
def test_later_lines_branch_on_what_happened(name: str) -> None:
    readers = _reads_flags_or_rapport(scenario(name))
    assert len(readers) >= 2, f"{name}: only {readers} read a flag or a rapport; later lines must react"


@pytest.mark.parametrize("name", IDS)
def test_every_ending_has_their_side_and_every_success_says_what_it_requires(name: str) -> None:
    sc = scenario(name)
    no_side = [eid for eid, e in sc.endings.items() if not e.perspective]
    assert no_side == [], f"{name}: endings without a perspective: {no_side}"
    heard = {cid for e in sc.endings.values() for cid in e.perspective}
    unheard = sorted(set(sc.characters) - heard)
    assert unheard == [], f"{name}: characters whose side no ending tells: {unheard}"
    no_req = [eid for eid, e in sc.endings.items() if e.outcome == "success" and not e.requires]
    assert no_req == [], f"{name}: success endings without `requires`: {no_req}"


@pytest.mark.parametrize("name", IDS)
def test_a_question_to_reflect_on(name: str) -> None:
    reflect = scenario(name).reflect
    assert reflect, f"{name}: no `reflect` question"


@pytest.mark.parametrize("name", IDS)
def test_every_drawn_character_has_a_look(name: str) -> None:
    sc = scenario(name)
    bare = [cid for cid, ch in sc.characters.items() if ch.portrait is None and (
        ch.look is None or ch.look.age is None or ch.look.outfit is None or ch.look.color is None)]
    assert bare == [], f"{name}: characters drawn without a `look` giving age, outfit and color: {bare}"


@pytest.mark.parametrize("name", IDS)
def test_scores_four_of_the_five_principles(name: str) -> None:
    sc = scenario(name)
    scored = {p for node in sc.nodes.values() for c in node.choices or [] for p, v in c.score.items() if v}
    assert len(scored) >= PRINCIPLES_PER_SCENARIO_MIN, f"{name}: scores only {sorted(scored)}"


@pytest.mark.parametrize("name", IDS)
def test_lint_strict_is_clean_for_the_file(name: str) -> None:
    proc = _lint(f"scenarios/{name}.yaml")
    assert proc.returncode == 0, f"{name}: {proc.stdout}{proc.stderr}"


# ---------------------------------------------------------------------------------------- pack-wide

def _offered_patterns(name: str) -> set[str]:
    """Patterns of choices at reachable nodes whose condition can hold (a tempting choice, on offer)."""
    sc, a = scenario(name), analysis(name)
    shown: set[str] = set()
    for nid, node in sc.nodes.items():
        if nid not in a.reachable_nodes:
            continue
        for i, c in enumerate(node.choices or []):
            if sc.condition(nid, "choice", i) is None or (nid, "choice", i) in a.conditions_true:
                shown.update(c.patterns)
    return shown


def test_every_pattern_is_tempting_in_two_scenarios() -> None:
    counts: Counter[str] = Counter()
    for name in IDS:
        counts.update(_offered_patterns(name))
    few = {p: counts[p] for p in builtin.patterns() if counts[p] < PATTERN_SCENARIOS_MIN}
    assert few == {}, f"patterns tempting in fewer than {PATTERN_SCENARIOS_MIN} scenarios: {few}"


def test_every_principle_is_scored_in_four_scenarios() -> None:
    counts: Counter[str] = Counter()
    for name in IDS:
        sc = scenario(name)
        counts.update({p for node in sc.nodes.values() for c in node.choices or [] for p, v in c.score.items() if v})
    few = {p: counts[p] for p in builtin.principles() if counts[p] < PRINCIPLE_SCENARIOS_MIN}
    assert few == {}, f"principles scored in fewer than {PRINCIPLE_SCENARIOS_MIN} scenarios: {few}"


def test_gimme_is_at_most_a_fifth_of_the_pattern_tags() -> None:
    tags: Counter[str] = Counter()
    per: Counter[str] = Counter()
    for name in IDS:
        sc = scenario(name)
        for node in sc.nodes.values():
            for c in node.choices or []:
                tags.update(c.patterns)
                per[name] += c.patterns.count("gimme")
    total = sum(tags.values())
    share = _share(tags["gimme"], total)
    assert share <= GIMME_MAX_SHARE, (f"gimme is {tags['gimme']} of {total} pattern tags ({share:.0%}, at most "
                                      f"{GIMME_MAX_SHARE:.0%}); per scenario: {dict(per)}")


def test_us_english_throughout() -> None:
    found = []
    for path in FILES + [PACK / "pack.yaml"]:
        if not path.is_file():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for m in BRITISH.finditer(line):
                found.append(f"{path.name}:{n}:{m.start() + 1}: {m.group(0)}")
    assert found == [], "British spellings: " + "; ".join(found)


def test_lint_strict_is_clean_for_the_pack() -> None:
    proc = _lint("scenarios/")
    assert proc.returncode == 0, proc.stdout + proc.stderr
