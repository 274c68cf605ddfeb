// The engine's own thread (a module Web Worker): Pyodide, the bundle, the runtime (game/web/runtime.py) and the
// results folder kept in IndexedDB. Starting Pyodide keeps a thread busy for seconds; here it is not the page's,
// so the list drawn from pack.json answers clicks while this starts. The page (app.js) sends
// {id, op: "boot" | "call", ...} and gets {id, ok, value | error} back; each call's answer is sent only after
// the folder is saved to IndexedDB, so nothing the page shows is lost to a reload.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const DATA = "/rapport";
let py = null;
let rt = null;
let saving = Promise.resolve();

function persist() {
  saving = saving.then(() => new Promise((resolve) => py.FS.syncfs(false, (err) => {
    if (err) console.warn("could not save progress to IndexedDB", err);
    resolve();
  })));
  return saving;
}

async function boot({ player, inOrder }) {
  // The bundle and the site's LRS address download while Pyodide starts.
  const files = Promise.all([
    fetch("py/rapport.zip").then((r) => r.arrayBuffer()),
    fetch("pack.json").then((r) => r.text()),
    fetch("lrs.json").then((r) => r.ok ? r.text() : "{}").catch(() => "{}"),
  ]);
  py = await loadPyodide({ indexURL: new URL("./pyodide/", location.href).href, packages: [] });
  py.FS.mkdirTree(DATA);
  py.FS.mount(py.FS.filesystems.IDBFS, {}, DATA);
  await new Promise((resolve, reject) => py.FS.syncfs(true, (err) => err ? reject(err) : resolve()));
  const [zip, pack, lrs] = await files;
  py.unpackArchive(new Uint8Array(zip), "zip", { extractDir: "/home/pyodide/site" });
  py.runPython("import sys; sys.path.insert(0, '/home/pyodide/site')");
  const Runtime = py.pyimport("game.web.runtime").Runtime;
  rt = Runtime(pack, DATA, player, inOrder, lrs);
  await persist();
  return lrs;
}

// Calls that write nothing to the results folder: their answer needs no save to IndexedDB.
const READ_ONLY = new Set(["suspend_state", "outbox_status", "export", "warm"]);

let queue = Promise.resolve(); // one message at a time, in the order sent
self.onmessage = (ev) => {
  const { id, op, name, args } = ev.data;
  const received = performance.now();
  queue = queue.then(async () => {
    try {
      let value;
      // Where a call's time went, for the page's `rapportTimings` (benchmarks/bench_web.py reads them):
      // waiting behind earlier calls, Python, and the save to IndexedDB.
      const t = { wait: performance.now() - received, py: 0, save: 0 };
      if (op === "boot") value = await boot(ev.data);
      else {
        const t0 = performance.now();
        value = rt.call(name, JSON.stringify(args));
        const t1 = performance.now();
        if (!READ_ONLY.has(name)) await persist();
        t.py = t1 - t0;
        t.save = performance.now() - t1;
      }
      self.postMessage({ id, ok: true, value, t });
      // While the player reads a briefing, compute what that scenario's debrief needs (its analysis), so the
      // choice that reaches the ending does not wait for it. A call sent meanwhile waits behind it.
      if (op === "call" && name === "briefing" && args && args.length) queue = queue.then(() => {
        try { rt.call("warm", JSON.stringify([args[0]])); } catch (err) { /* start computes it then */ }
      });
    } catch (err) {
      // Python's own errors carry a whole traceback: that is for the console, not for the player.
      const python = err && err.type !== undefined && err.name === "PythonError";
      if (python) console.error(err.message);
      self.postMessage({ id, ok: false, error: python ? "" : String(err && err.message || err) });
    }
  });
};
