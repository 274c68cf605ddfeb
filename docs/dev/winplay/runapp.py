"""Launch the real `rapport play` window, with a read-only observer that writes what shows to a file."""
import json
import os
import sys

import game.ui.app as app_mod
from game.cli import main

STATE = os.environ["WP_STATE"]
_orig = app_mod.App.render

def render(self):
    _orig(self)
    try:
        d = {"state": self.flow.state, "n": self.visits}
        if self.flow.state == "dialogue":
            dlg = self.scenes["dialogue"]
            d["phase"] = str(dlg.phase)
            d["typing_done"] = bool(getattr(getattr(dlg, "writer", None), "done", True))
            s = self.flow.session
            if s is not None and not s.finished:
                d["node"] = s.node_id
                d["options"] = [[o.number, o.id] for o in s.options()]
        tmp = STATE + ".tmp"
        with open(tmp, "w") as f:
            json.dump(d, f)
        os.replace(tmp, STATE)
    except Exception as e:  # observer only
        with open(STATE + ".err", "a") as f:
            f.write(repr(e) + "\n")

app_mod.App.render = render
sys.exit(main(sys.argv[1:]))
