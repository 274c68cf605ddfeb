// xAPI from the browser. The statements are the desktop's: Python builds them (game/store/xapi.py) and queues
// them in the results database's outbox, kept in IndexedDB with everything else (game/web/sync.py). This file
// only carries them: it takes a batch, POSTs it to the LRS named at build time (lrs.json), and hands the
// answer back to Python, which marks them sent, keeps them for later, or sets one aside, by the desktop's rules.
// Credentials come from the launch address (?auth=Basic%20..., the xAPI launch convention) or Settings, and
// are kept in sessionStorage only: never in the site, never in localStorage, never left in the address bar.

import { _, f } from "./l10n.js";

const AUTH = "rapport.lrs.auth";
const BATCH = 50;
const TIMEOUT_MS = 15000;
const MAX_DELAY_MS = 60000;
const KEEPALIVE_BYTES = 60000;

export function basicAuth(key, secret) {
  const bytes = new TextEncoder().encode(`${key}:${secret}`);
  return "Basic " + btoa(String.fromCharCode(...bytes));
}

function sameEndpoint(a, b) { return a.replace(/\/+$/, "") === b.replace(/\/+$/, ""); }

export class Outbox {
  // `call(name, ...args)` reaches the runtime (and saves the folder); `report(text)` shows where things stand.
  constructor(config, call, report) {
    this.endpoint = (config.endpoint || "").replace(/\/+$/, "");
    this.call = call;
    this.report = report;
    this.busy = false;
    this.again = false;
    this.failures = 0;
    this.timer = null;
    this.refused = false;
    addEventListener("online", () => this.kick(true));
  }
  get enabled() { return !!this.endpoint; }
  get auth() { return sessionStorage.getItem(AUTH) || ""; }
  setAuth(value) {
    if (value) sessionStorage.setItem(AUTH, value); else sessionStorage.removeItem(AUTH);
    this.refused = false;
    this.failures = 0;
    this.kick(true);
  }
  // The launch address's credentials (and endpoint, which must be the one the site was built for); app.js
  // has already taken them out of the address bar.
  takeLaunch(params) {
    if (!this.enabled) return "";
    let note = "";
    const endpoint = params.get("endpoint");
    const auth = params.get("auth");
    if (endpoint && !sameEndpoint(endpoint, this.endpoint)) {
      note = f(_("The launch address names the LRS {launch}, but this site sends to {endpoint} only."),
               { launch: endpoint, endpoint: this.endpoint });
    } else if (auth) {
      sessionStorage.setItem(AUTH, auth);
    }
    return note;
  }
  // Send what is queued now; while backing off from a failure, only when `now` (back online, new credentials).
  kick(now = false) {
    if (!this.enabled) return;
    if (this.busy) { this.again = true; return; }
    if (this.timer && !now) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.flush().catch((err) => this.report(f(_("Could not send results: {problem}"), { problem: err.message })));
  }
  later() {
    this.failures += 1;
    const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** (this.failures - 1)) * (0.5 + Math.random() / 2);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; this.kick(); }, delay);
  }
  // The page is being hidden or closed: send what is queued now, not after a backoff; every POST goes with
  // `keepalive`, so one under way when the tab closes still reaches the LRS. If the page is gone before the
  // answer, the statements stay pending (saved before they were sent) and go on the next visit with the same
  // ids, which the LRS then already holds.
  parting() { this.kick(true); }
  async post(body) {
    const ctrl = new AbortController();
    const t = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
    try {
      const resp = await fetch(`${this.endpoint}/statements`, {
        method: "POST", body, redirect: "manual", signal: ctrl.signal, credentials: "omit",
        // keepalive: a send started just before the tab closes still reaches the LRS (browsers allow 64 KB)
        keepalive: new TextEncoder().encode(body).length < KEEPALIVE_BYTES,
        headers: { "Authorization": this.auth, "Content-Type": "application/json",
                   "X-Experience-API-Version": "1.0.3" },
      });
      // A redirect is never followed: it would carry the credentials elsewhere.
      if (resp.type === "opaqueredirect") return [307, "redirect (not followed)"];
      return [resp.status, await resp.text()];
    } catch (err) {
      return [0, ctrl.signal.aborted ? "no answer within 15 seconds" : `${err.message} (offline, or CORS refused)`];
    } finally { clearTimeout(t); }
  }
  async flush() {
    if (!this.auth) {
      const st = await this.call("outbox_status");
      if (st.pending) this.report(f(_("{n} results are waiting: enter the LRS key and secret in Settings to send them."), { n: st.pending }));
      return;
    }
    if (this.refused) return;
    this.busy = true;
    try {
      for (;;) {
        this.again = false;
        const batch = await this.call("outbox_take", BATCH);
        if (!batch.ids.length) break;
        const [code, text] = await this.post(batch.body);
        const st = await this.call("outbox_answer", batch.ids, code, text);
        document.body.dataset.outboxPending = String(st.pending);
        if (st.refused) {
          this.refused = true;
          this.report(f(_("The LRS refused the key and secret: enter them again in Settings. {n} results are waiting."), { n: st.pending }));
          return;
        }
        if (st.retry) {
          this.report(f(_("{n} results are waiting to be sent ({problem}); trying again shortly."), { n: st.pending, problem: st.error }));
          this.later();
          return;
        }
        this.failures = 0;
        this.report(st.pending ? f(_("Sending results: {n} waiting."), { n: st.pending }) : _("All results are sent to the LRS."));
      }
      const st = await this.call("outbox_status");
      document.body.dataset.outboxPending = String(st.pending);
    } finally {
      this.busy = false;
      if (this.again && !this.timer && !this.refused) this.kick();
    }
  }
}
