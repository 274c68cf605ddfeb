"""Drive one window play-through with xdotool: python drive.py SCENARIO KIND OUTDIR (plan from plan.json)."""
import json
import os
import subprocess
import sys
import time

scen, kind, out = sys.argv[1], sys.argv[2], sys.argv[3]
plan = json.load(open(f"{os.environ.get('WP_PLANS', '/tmp/wp/plans')}/{os.path.basename(scen)}.json"))[kind]
steps = plan["steps"]
os.makedirs(out, exist_ok=True)
STATE = f"{out}/state.json"
if os.path.exists(STATE):
    os.remove(STATE)
env = dict(os.environ, DISPLAY=":77", SDL_AUDIODRIVER="dummy", RAPPORT_CONFIG_DIR="/tmp/wp/cfg",
           RAPPORT_DATA_DIR=f"{out}/data", WP_STATE=STATE)
proc = subprocess.Popen([".venv/bin/python", "docs/dev/winplay/runapp.py", "play", "--in-order",
                         "--player", "wp", scen], env=env, cwd=os.getcwd(),
                        stdout=open(f"{out}/app.log", "w"), stderr=subprocess.STDOUT)
log = open(f"{out}/drive.log", "w")

def read():
    for _ in range(50):
        try:
            return json.load(open(STATE))
        except Exception:
            time.sleep(0.1)
    raise SystemExit("no state")

def key(k):
    before = os.path.getmtime(STATE) if os.path.exists(STATE) else 0
    subprocess.run(["xdotool", "key", k], env=env)
    t = time.time()
    while time.time() - t < 3:
        if os.path.exists(STATE) and os.path.getmtime(STATE) != before:
            break
        time.sleep(0.05)
    time.sleep(0.25)

def shot(name):
    subprocess.run(["import", "-window", "root", f"{out}/{name}.png"], env=env)

while not os.path.exists(STATE):
    time.sleep(0.2)
time.sleep(1)
i = 0
shots = set()
guard = 0
while guard < 400:
    guard += 1
    s = read()
    st = s["state"]
    if st == "briefing":
        shot("00-briefing")
        key("Return")
        continue
    if st == "dialogue" and s.get("phase") == "choices" and "options" in s:
        node, cid, text = steps[i]
        if s["node"] != node:
            print("MISMATCH", s["node"], node, file=log)
            break
        num = next(n for n, oid in s["options"] if oid == cid)
        if i == 0:
            shot("01-first-decision")
        else:
            shot(f"1{i:02d}-decision")
        print(f"{node}: press {num} ({cid}) {text}", file=log)
        key(str(num))
        i += 1
        continue
    if st == "feedback":
        if "02-coach" not in shots:
            shots.add("02-coach")
            shot("02-coach")
        key("Return")
        continue
    if st == "debrief":
        time.sleep(0.5)
        import hashlib
        last = None
        for p in range(16):
            shot(f"9{p:02d}-debrief")
            h = hashlib.md5(open(f"{out}/9{p:02d}-debrief.png","rb").read()).hexdigest()
            if h == last:
                os.remove(f"{out}/9{p:02d}-debrief.png")
                break
            last = h
            key("Next")
        break
    key("Return")
print("done; steps", i, "of", len(steps), "expected", plan["ending"], plan["grade"], file=log)
log.close()
proc.terminate()
proc.wait(5)
