"""`requires` proved over every path: a warning, with one path, where some path arrives without the claim."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.analysis import analyze, lint_findings
from game.engine.claims import requires_findings, unmet
from game.engine.rules import PlayState, Rules, walk
from game.scenario import Scenario
from game.scenario.expr import Condition

from .helpers import _condition, chain_scenario_text, scenario, scenario_texts

# `thank_rosa` refers to the cake story; `good` claims the listening and a score only a branch guarantees.
ROSA = """
title: Rosa
summary: Claims that hold, and one that does not.
characters:
  rosa: {name: Rosa Delgado}
nodes:
  hello:
    speaker: rosa
    text: Hello there.
    choices:
      - {text: Ask about the cake., to: cake_story}
      - {text: Talk about yourself., to: thank_rosa, score: {communication: -1}}
  cake_story:
    speaker: rosa
    text: Let me tell you about the cake.
    choices:
      - {text: Listen closely., to: thank_rosa, set: {listened: true}, score: {communication: 2}}
      - {text: Nod along., to: thank_rosa, set: {listened: true}}
  thank_rosa:
    requires: visited(cake_story)
    speaker: rosa
    text: Thank you for listening to my cake story.
    branch:
      - if: communication >= 2
        to: good
      - to: fine
endings:
  good: {title: Good, text: She remembers you., outcome: success, requires: listened and communication >= 2}
  fine: {title: Fine, text: A pleasant chat., outcome: mixed}
"""


def findings(text: str) -> list[tuple[str, int, int, str]]:
    return [(f.code, f.line, f.column, f.message) for f in requires_findings(analyze(scenario(text)))]


def test_a_node_claim_broken_by_one_path_names_that_path() -> None:
    ((code, line, col, message),) = findings(ROSA)
    assert code == "requires-not-met"
    lines = ROSA.splitlines()
    at = lines.index("    requires: visited(cake_story)")
    assert (line, col) == (at + 1, lines[at].index("visited") + 1)
    assert "node `thank_rosa` requires `visited(cake_story)`" in message
    assert 'without that: "Talk about yourself."; ' in message


def test_a_claim_that_holds_only_through_a_score_branch_is_proved() -> None:
    fixed = ROSA.replace("to: thank_rosa, score: {communication: -1}", "to: cake_story, score: {communication: -1}")
    assert findings(fixed) == []


def test_the_ending_claim_is_read_after_the_choice_that_leads_there() -> None:
    # The choice into `good` itself sets the flag and the score: the claim holds on arrival.
    text = """
title: Arrival
summary: The claim reads the state after the last choice.
nodes:
  ask:
    text: One chance.
    choices:
      - {text: Book the call., to: booked, set: {booked_call: true}, score: {follow_through: 3}}
      - {text: Wave goodbye., to: gone}
endings:
  booked: {title: Booked, text: A call is booked., outcome: success, requires: booked_call and follow_through >= 3}
  gone: {title: Gone, text: Gone., outcome: setback}
"""
    assert findings(text) == []
    broken = text.replace("follow_through: 3", "follow_through: 2")
    ((code, _line, _col, message),) = findings(broken)
    assert code == "requires-not-met" and 'ending `booked`' in message and '"Book the call."' in message


def test_an_ending_claim_on_a_score_counts_the_last_choice() -> None:
    # At `pitch` the score is 3 or 2; pushing costs 2, so only the first path still has 1 on arrival.
    text = """
title: Shift
summary: The last choice changes the score the claim reads.
nodes:
  open:
    text: Start.
    choices:
      - {text: Greet her warmly., to: pitch, score: {communication: 3}}
      - {text: Greet her., to: pitch, score: {communication: 2}}
  pitch:
    text: Your turn.
    choices:
      - {text: Push too hard., to: pushed, score: {communication: -2}}
      - {text: Stop there., to: pushed}
endings:
  pushed: {title: Pushed, text: Still friendly., outcome: mixed, requires: communication >= 1}
"""
    ((_code, _l, _c, message),) = findings(text)
    assert '"Greet her." → "Push too hard."' in message
    assert findings(text.replace("communication: 2}", "communication: 3}")) == []


def test_a_claim_that_holds_only_through_a_flag_branch_is_proved() -> None:
    text = """
title: Flags
summary: The branch guards the claim.
nodes:
  offer:
    text: She mentions a report.
    choices:
      - {text: Promise to send it., to: later, set: {promised: true}}
      - {text: Say nothing., to: later}
  later:
    text: A week passes.
    choices:
      - {text: Send it., to: gate, set: {sent: true}}
      - {text: Forget., to: gate}
  gate:
    branch:
      - if: promised and sent
        to: kept
      - if: promised
        to: broken
      - to: quiet
endings:
  kept: {title: Kept, text: You kept your word., outcome: success, requires: promised and sent}
  broken: {title: Broken, text: You promised and did not send it., outcome: setback, requires: promised and not sent}
  quiet: {title: Quiet, text: Nothing was promised., outcome: mixed, requires: not promised}
"""
    assert findings(text) == []
    wrong = text.replace("requires: not promised", "requires: not sent")
    ((_code, _l, _c, message),) = findings(wrong)
    assert "ending `quiet` requires `not sent`" in message
    assert message.count('"') == 4 and '"Say nothing." → "Send it."' in message


def test_a_claim_at_the_start_names_no_choice() -> None:
    text = ROSA.replace("  hello:\n", "  hello:\n    requires: listened\n")
    messages = [m for _c, _l, _col, m in findings(text)]
    assert any("node `hello` requires `listened`, but a path reaches it without that: without a single choice"
               in m for m in messages)


def test_claims_on_nodes_no_path_reaches_are_not_reported() -> None:
    text = ROSA.replace("      - {text: Talk about yourself., to: thank_rosa, score: {communication: -1}}\n", "")
    text = text.replace("  cake_story:", "  orphan:\n    requires: listened\n    text: Never shown.\n"
                        "    next: fine\n  cake_story:")
    assert findings(text) == []


def test_lint_reports_the_claims() -> None:
    assert [f.code for f in lint_findings(scenario(ROSA))] == ["requires-not-met"]


def test_claims_do_not_change_the_analysis() -> None:
    plain = ROSA.replace("    requires: visited(cake_story)\n", "").replace(", requires: listened and communication >= 2", "")
    a, b = analyze(scenario(ROSA)), analyze(scenario(plain))
    assert (a.start, a.reachable_nodes, a.never_true) == (b.start, b.reachable_nodes, b.never_true)


def test_a_long_chain_of_claims_is_proved_without_listing_paths() -> None:
    # 3^60 paths; each step's claim reads a flag the step before may set.
    doc: dict[str, Any] = yaml.safe_load(chain_scenario_text(60, conditions=True))
    for d in range(2, 60):
        doc["nodes"][f"d{d}"]["requires"] = "visited(d0)"
    doc["endings"]["done"]["requires"] = "visited(d59) and not (f0 and f1 and f2 and f3)"
    got = unmet(scenario(yaml.safe_dump(doc, sort_keys=False)))
    assert [u.target for u in got] == ["done"]
    assert len(got[0].path) == 60


# ------------------------------------------------------------------------------ against every path


def oracle(sc: Scenario, limit: int = 20_000) -> dict[str, list[list[str]]]:
    """Per target whose claim fails somewhere: every path (choice texts) that arrives without it."""
    rules = Rules.of(sc)
    out: dict[str, list[list[str]]] = {}
    count = 0

    def check(t: str, s: PlayState, texts: list[str]) -> None:
        cond = sc.requirement(t)
        if isinstance(cond, Condition) and not cond(s):
            out.setdefault(t, []).append(list(texts))

    def explore(nid: str, s: PlayState, texts: list[str]) -> None:
        nonlocal count
        at = nid
        for at in walk(sc, nid, s):
            if at in sc.nodes:
                s.visited.add(at)  # on arrival, `visited(at)` holds
            check(at, s, texts)
        if at in sc.endings:
            count += 1
            assert count <= limit, "too big for brute force"
            return
        for _i, c in rules.available(at, s):
            s2 = s.copy()
            s2.apply(c)
            explore(c.to, s2, [*texts, c.text])

    explore(sc.start_id, PlayState.initial(sc), [])
    return out


@st.composite
def claimed_texts(draw: Any) -> str:
    doc: dict[str, Any] = yaml.safe_load(draw(scenario_texts()))
    n = len(doc["nodes"])
    chars = list(doc["characters"])
    for place in (*doc["nodes"].values(), *doc["endings"].values()):
        if draw(st.integers(0, 2)) == 0:
            place["requires"] = _condition(draw, n, ["fa", "fb"], chars)
    return yaml.safe_dump(doc, sort_keys=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claimed_texts())
def test_claims_match_every_path(text: str) -> None:
    sc = scenario(text)
    want = oracle(sc)
    got = unmet(sc)
    assert [u.target for u in got] == [t for t in (*sc.nodes, *sc.endings) if t in want]
    for u in got:
        assert u.path in want[u.target]
