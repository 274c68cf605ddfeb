"""Properties over small random valid scenarios (DAGs with conditions, flags, branches and rapport)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.analysis import analyze
from game.engine.scoring import debrief
from game.engine.session import Session
from game.engine.simulate import picker, play, play_indices, simulate

from .helpers import PRINCIPLES, brute_force, replay, scenario, scenario_texts

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenario_texts(), st.lists(st.integers(0, 10), max_size=12))
def test_any_sequence_of_available_choices_reaches_an_ending(text: str, picks: list[int]) -> None:
    sc = scenario(text)
    s = Session(sc, in_order=True)
    it = iter(picks)
    for _ in range(len(sc.nodes) + 1):
        if s.finished:
            break
        opts = s.options()
        assert opts, "a decision with nothing on offer"
        assert [o.number for o in opts] == list(range(1, len(opts) + 1))
        s.choose(opts[next(it, 0) % len(opts)].number)
    assert s.finished and s.ending_id in sc.endings
    assert s.options() == [] and s.current_beat is None
    s.close()


@SETTINGS
@given(scenario_texts(), st.randoms(use_true_random=False))
def test_totals_equal_the_sum_of_effects_along_the_log(text: str, rnd: random.Random) -> None:
    sc = scenario(text)
    s = Session(sc, in_order=True)
    while not s.finished:
        s.choose(rnd.choice(s.options()).number)
    scores = {p: 0 for p in PRINCIPLES}
    rapport = {c: ch.rapport for c, ch in sc.characters.items()}
    flags: dict[str, bool | int] = {}
    for d in s.log:
        for p, v in d.score.items():
            scores[p] += v
        for c, v in d.rapport.items():
            rapport[c] += v
        flags.update(d.set)
    assert s.scores == scores
    assert s.rapport == rapport
    assert s.flags == flags
    assert [d.step for d in s.log] == list(range(len(s.log)))
    report = debrief(s)
    assert report.total == sum(scores.values())
    assert 0 <= report.grade <= 100
    assert report.worst_total <= report.total <= report.best_total
    s.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_texts())
def test_analysis_equals_brute_force_through_sessions(text: str) -> None:
    sc = scenario(text)
    a = analyze(sc)
    bf = brute_force(sc)
    assert a.paths == bf.paths
    for p in PRINCIPLES:
        assert a.best(p) == bf.best(p), p
        assert a.worst(p) == bf.worst(p), p
    assert a.start.best_total == max(bf.total(leaf) for leaf in bf.leaves)
    assert a.start.worst_total == min(bf.total(leaf) for leaf in bf.leaves)
    focus = a.focus
    assert a.start.best_focus == max(bf.total(leaf, focus) for leaf in bf.leaves)
    assert a.start.worst_focus == min(bf.total(leaf, focus) for leaf in bf.leaves)
    assert a.reachable_endings == bf.endings
    assert a.reachable_nodes == bf.visited
    assert set(a.unreachable_nodes) == set(sc.nodes) - bf.visited
    out = a.to_dict()
    assert out["paths"] == bf.paths
    endings: dict[str, dict[str, object]] = out["endings"]  # type: ignore[assignment]
    assert {e for e, v in endings.items() if v["reachable"]} == bf.endings


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_texts())
def test_best_path_reaches_the_best_score(text: str) -> None:
    sc = scenario(text)
    a = analyze(sc)
    for p in (None, *PRINCIPLES):
        path = a.best_path(p)
        s = replay(sc, [i for _nid, i in path])
        assert s.finished
        assert [d.node_id for d in s.log] == [nid for nid, _i in path]
        if p is None:
            assert sum(s.scores[q] for q in a.focus) == a.start.best_focus
        else:
            assert s.scores[p] == a.best(p)
        s.close()


@SETTINGS
@given(scenario_texts(), st.integers(0, 2**32), st.sampled_from(["random", "best", "worst"]))
def test_simulation_agrees_with_session(text: str, seed: int, policy: str) -> None:
    sc = scenario(text)
    rng = random.Random(seed)
    pick = picker(sc, policy, rng)
    a = analyze(sc)
    for _ in range(5):
        p = play(sc, pick)
        s = Session(sc, in_order=True)
        for nid, index, number in p.taken:
            assert s.node_id == nid
            step = s.choose(number)
            assert step.decision.index == index
        assert s.finished and s.ending_id == p.ending_id
        assert s.scores == p.scores
        assert s.rapport == p.rapport
        assert s.flags == p.flags
        assert s.visited == p.state.visited
        assert s.log == p.decisions(sc)
        if policy == "best":
            assert sum(s.scores[q] for q in a.focus) == a.start.best_focus
        if policy == "worst":
            assert sum(s.scores[q] for q in a.focus) == a.start.worst_focus
        s.close()
    # and the other way round: a session's choices replayed by the simulator's rules
    s = Session(sc, in_order=True)
    while not s.finished:
        s.choose(rng.choice(s.options()).number)
    p = play_indices(sc, [d.index for d in s.log])
    assert (p.ending_id, p.scores, p.rapport, p.flags) == (s.ending_id, s.scores, s.rapport, s.flags)
    assert p.decisions(sc) == s.log
    s.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_texts(), st.integers(0, 2**16))
def test_same_seed_same_report(text: str, seed: int) -> None:
    sc = scenario(text)
    for policy in ("random", "best", "worst"):
        assert simulate(sc, 20, seed, policy) == simulate(sc, 20, seed, policy)


@SETTINGS
@given(scenario_texts(), st.randoms(use_true_random=False), st.data())
def test_rewind_equals_a_fresh_replay(text: str, rnd: random.Random, data: st.DataObject) -> None:
    sc = scenario(text)
    seed = rnd.randrange(2**31)
    s = Session(sc, seed=seed)  # shuffled: a rewind must show every node in the order it had
    while not s.finished:
        s.choose(rnd.choice(s.options()).number, elapsed=rnd.random())
    k = data.draw(st.integers(0, len(s.log)))
    kept = list(s.log[:k])
    s.rewind(k)
    fresh = replay(sc, [d.index for d in kept], seed=seed)
    assert s.log == kept  # elapsed times survive a rewind
    assert (s.node_id, s.scores, s.rapport, s.flags, s.visited) == \
        (fresh.node_id, fresh.scores, fresh.rapport, fresh.flags, fresh.visited)
    assert [o.index for o in s.options()] == [o.index for o in fresh.options()]
    s.close()
    fresh.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_texts())
def test_analysis_equals_an_independent_enumeration_of_the_yaml(text: str) -> None:
    import yaml

    from .oracle import enumerate_paths

    sc = scenario(text)
    result = enumerate_paths(yaml.safe_load(text))
    a = analyze(sc)
    assert a.paths == result.paths
    assert {p: a.best(p) for p in PRINCIPLES} == result.best
    assert {p: a.worst(p) for p in PRINCIPLES} == result.worst
    assert a.reachable_nodes == result.visited
    assert a.reachable_endings == result.endings
