"""Plan best / worst / mixed paths for a scenario
verify by replay in an in-order Session.
Prints JSON: {kind: {"keys": [on-screen numbers], "steps": [(node, choice_id, text)], "ending":..., "grade":...}}"""
import json
import sys

from game.engine.rules import PlayState
from game.engine.scoring import analysis_for, debrief
from game.engine.session import Session
from game.scenario.pack import load_scenario


def plan(sc, a, kind):
    solver = a.solver
    sess = Session(sc, in_order=True)
    keys, steps = [], []
    k = 0
    while not sess.finished:
        nid = sess.node_id
        # state of the session -> solver state: replay via solver in parallel
        opts = sess.options()
        want = kind
        if kind == "mixed":
            want = "best" if k % 2 == 0 else "worst"
        scored = []
        for o in opts:
            dest, s3, _ = solver._step(st[0], o.choice)
            v = solver.value(dest, s3)
            _vec, tot, _foc = solver.vec(o.choice)
            scored.append((tot + (v.best_total if want == "best" else v.worst_total), o, dest, s3))
        pick = (max if want == "best" else min)(scored, key=lambda t: t[0])
        o = pick[1]
        keys.append(o.number)
        steps.append((nid, o.id, o.text[:70]))
        st[0] = pick[3]
        sess.choose(o.number)
        # solver enter (walk through auto nodes)
        if not sess.finished:
            n2, st[0] = solver.enter(pick[2], st[0])
            assert n2 == sess.node_id, (n2, sess.node_id)
        k += 1
    d = debrief(sess)
    return {"keys": keys, "steps": steps, "ending": sess.ending_id, "outcome": sess.ending.outcome if sess.ending else None, "grade": d.grade}


sc = load_scenario(sys.argv[1])
a = analysis_for(sc)
out = {}
for kind in ("best", "worst", "mixed"):
    s0 = PlayState.initial(sc)
    n, s = a.solver.enter(sc.start_id, s0)
    st = [s]
    out[kind] = plan(sc, a, kind)
print(json.dumps(out, indent=1))
