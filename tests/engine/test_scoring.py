"""The debrief: totals, ranges, patterns, the decision review and the grade, as plain data."""

from __future__ import annotations

import json

import pytest

from game.engine.scoring import analysis_for, debrief, debrief_for, grade

from .helpers import hallway, replay


@pytest.mark.parametrize(("total", "worst", "best", "expected"), [
    (-4, -4, 12, 0), (12, -4, 12, 100), (4, -4, 12, 50), (5, -4, 12, 56), (20, -4, 12, 100), (-9, -4, 12, 0),
    (3, 3, 3, 100), (0, 5, 1, 100),
])
def test_grade_places_the_total_between_worst_and_best(total: int, worst: int, best: int, expected: int) -> None:
    assert grade(total, worst, best) == expected


def test_debrief_of_the_worst_start() -> None:
    s = replay(hallway(), [1, 1])  # the resume recital, then the bug story: straight to `missed`
    d = debrief(s)
    assert (d.scenario_id, d.ending_id, d.ending_title, d.outcome) == ("hallway", "missed", "Just another coffee",
                                                                      "setback")
    assert (d.total, d.best_total, d.worst_total, d.grade) == (-4, 12, -4, 0)
    assert [(p.id, p.score, p.worst, p.best, p.in_focus) for p in d.principles] == [
        ("first_impression", -1, -1, 3, True), ("communication", -3, -3, 2, False), ("reciprocity", 0, -1, 2, False),
        ("follow_through", 0, -1, 4, True), ("authenticity", 0, -1, 4, False)]
    assert [(p.id, p.count) for p in d.patterns] == [("hard_seller", 1), ("bad_first_impression", 1),
                                                    ("self_server", 1)]
    assert all(p.name and p.summary and p.tip for p in d.patterns)
    first, second = d.decisions
    assert (first.chosen_index, first.best_index, first.was_best) == (1, 0, False)
    assert first.best_feedback == "A name and a light question is all a first hello needs."
    assert first.patterns == ["hard_seller", "bad_first_impression"]
    assert second.prompt == "The cup is filling. What do you say next?"
    assert (second.chosen_index, second.was_best) == (1, True)  # the only choice on offer is the best one
    data = d.to_dict()
    assert json.loads(json.dumps(data)) == data
    s.close()


def test_debrief_of_the_best_path_for_the_focus() -> None:
    sc = hallway()
    path = analysis_for(sc).best_path()
    s = replay(sc, [i for _n, i in path])
    d = debrief(s)
    assert d.ending_id == "hired" and d.outcome == "success"
    assert all(r.was_best and r.best_index == r.chosen_index for r in d.decisions)
    assert sum(p.score for p in d.principles if p.in_focus) == 7
    assert d.patterns == []
    s.close()


def test_patterns_are_named_in_order_of_count_then_first_shown() -> None:
    s = replay(hallway(), [0, 0, 1])  # warm_offer: ask for the CTO (gimme), then `wrap`
    s.choose(1)  # the only choice on offer at `wrap`: "it was fine" (poor_communicator)
    d = debrief(s)
    assert [(p.id, p.count) for p in d.patterns] == [("gimme", 1), ("poor_communicator", 1)]
    assert d.ending_id == "maybe"
    s.close()


def test_debrief_for_a_stored_log_sums_the_scores_itself() -> None:
    sc = hallway()
    s = replay(sc, [0, 2, 0, 0, 0])
    live = debrief(s)
    stored = debrief_for(sc, list(s.log), s.ending_id)
    assert stored == live
    s.close()


def test_a_log_that_no_longer_fits_the_scenario_is_reviewed_as_far_as_it_fits() -> None:
    sc = hallway()
    s = replay(sc, [0, 0, 0])
    log = list(s.log)
    from dataclasses import replace

    log[1] = replace(log[1], node_id="renamed")
    d = debrief_for(sc, log, None)
    assert len(d.decisions) == 1 and d.ending_id is None and d.outcome is None
    s.close()
