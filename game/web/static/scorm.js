// SCORM 1.2, when the page runs inside an LMS: report each decision, the grade and the status, and keep the
// attempt in cmi.suspend_data so it resumes even on another machine. Outside an LMS every call does nothing.
// tests/web/test_scorm.py plays it inside scorm-again's SCORM 1.2 runtime.

function findAPI() {
  // The LMS puts `API` on the window that opened the course or on one of its frames' parents.
  const seen = [];
  for (let w = window; w && !seen.includes(w); w = w.parent) {
    seen.push(w);
    try { if (w.API) return w.API; } catch { /* another origin: keep looking */ }
    if (w.parent === w) break;
  }
  try { if (window.opener && window.opener.API) return window.opener.API; } catch { /* another origin */ }
  return null;
}

export class Lms {
  constructor() {
    this.api = findAPI();
    this.on = false;
    this.count = 0;
    if (this.api && String(this.api.LMSInitialize("")) === "true") {
      this.on = true;
      this.count = parseInt(this.get("cmi.interactions._count"), 10) || 0;
      if (this.get("cmi.core.lesson_status") === "not attempted") this.set("cmi.core.lesson_status", "incomplete");
      this.commit();
    }
  }
  get(name) { return this.on ? String(this.api.LMSGetValue(name)) : ""; }
  set(name, value) {
    if (!this.on) return;
    if (String(this.api.LMSSetValue(name, String(value))) !== "true")
      console.warn(`the LMS refused ${name}: error ${this.api.LMSGetLastError()}`);
  }
  commit() { if (this.on) this.api.LMSCommit(""); }
  suspended() { return this.get("cmi.suspend_data"); }
  // One interaction per decision: the node and step as its id, the choice id as the response.
  decision(made, state, latencySeconds) {
    if (!this.on || !made) return;
    const n = this.count++;
    const at = `cmi.interactions.${n}`;
    this.set(`${at}.id`, `${made.node}-${made.step + 1}`.replace(/[^\x21-\x7e]/g, "_").slice(0, 255));
    this.set(`${at}.type`, "fill-in");
    this.set(`${at}.student_response`, made.choice);
    this.set(`${at}.result`, "neutral");
    this.set(`${at}.time`, new Date().toTimeString().slice(0, 8));
    if (latencySeconds !== undefined) this.set(`${at}.latency`, hms(latencySeconds));
    this.progress(state);
  }
  progress(state) {
    if (!this.on) return;
    this.set("cmi.suspend_data", state);
    this.set("cmi.core.exit", state ? "suspend" : "");
    this.commit();
  }
  finished(debrief) {
    if (!this.on) return;
    this.set("cmi.core.score.min", 0);
    this.set("cmi.core.score.max", 100);
    this.set("cmi.core.score.raw", debrief.grade);
    this.set("cmi.core.lesson_status", status(debrief.grade, this.get("cmi.student_data.mastery_score")));
    this.set("cmi.suspend_data", "");
    this.set("cmi.core.exit", "");
    this.commit();
  }
  finish() { if (this.on) { this.api.LMSFinish(""); this.on = false; } }
}

// SCORM 1.2 (RTE 3.4.4): with a mastery score from the LMS the grade passes or fails the lesson;
// without one, finishing the scenario completes it.
function status(grade, mastery) {
  const bar = mastery === "" ? NaN : Number(mastery);
  if (Number.isNaN(bar)) return "completed";
  return grade >= bar ? "passed" : "failed";
}

function hms(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const two = (n) => String(n).padStart(2, "0");
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}
