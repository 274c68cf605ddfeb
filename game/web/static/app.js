// Rapport in the browser: draws what the Python runtime (game/web/runtime.py, on Pyodide) returns.
// Every rule of play, score and record lives in Python; this file only shows screens and reads keys.
import { Lms } from "./scorm.js";
import { Outbox, basicAuth } from "./xapi.js";
import { LANG, _, f, ngettext } from "./l10n.js";

const PLAYING = "rapport.playing"; // the scenario on screen, so a reload goes straight back to it
const PREFS = "rapport.prefs";

const main = document.getElementById("main");
const live = document.getElementById("live");
const params = new URLSearchParams(location.search);
const launch = new URLSearchParams(location.search); // the launch address as opened (xapi.js reads it)
// The LRS credentials leave the address bar at once, before anything else runs (not bookmarked, shared or
// sent on as a referrer); the outbox takes them from `launch` when the engine is ready.
if (params.has("auth") || params.has("endpoint")) {
  params.delete("auth");
  params.delete("endpoint");
  const rest = params.toString().replace(/=(&|$)/g, "$1");
  history.replaceState(history.state, "", location.pathname + (rest ? `?${rest}` : "") + location.hash);
}
let rt = null;                     // the engine's worker, once Python is ready
let transcript = [];               // the lines shown in this scenario so far, for the dialogue screen
let current = null;                // the last view the runtime returned
let lms = null;                    // the LMS's SCORM 1.2 API, when the page runs inside one
let shownAt = 0;                   // when the current options appeared (an interaction's latency)
let outbox = null;                 // sends the queued xAPI statements to the site's LRS (xapi.js)
let engine = null;                 // resolves when Python is ready (with the site's lrs.json)
let early = null;                  // the list and briefings from pack.json, drawn before the engine is ready
let waiting = false;               // Start was pressed before the engine was ready
let readyNow;                      // boot() calls it once the runtime, the outbox and the LMS hooks are set up
const ready = new Promise((resolve) => { readyNow = resolve; });

// ------------------------------------------------------------------ preferences
function prefs() {
  try { return Object.assign({ player: "", mode: "practice", size: "medium", contrast: false, motion: false },
                             JSON.parse(localStorage.getItem(PREFS) || "{}")); }
  catch { return { player: "", mode: "practice", size: "medium", contrast: false, motion: false }; }
}
function applyPrefs(p) {
  const root = document.documentElement;
  root.classList.toggle("high-contrast", !!p.contrast);
  root.classList.toggle("reduced-motion", !!p.motion || matchMedia("(prefers-reduced-motion: reduce)").matches);
  root.dataset.size = p.size;
}

// ------------------------------------------------------------------ small DOM helpers
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false)
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}
function say(text) {
  // The live region reads new lines aloud; each goes in its own paragraph so none is dropped.
  live.append(el("p", { text }));
  while (live.childElementCount > 12) live.firstElementChild.remove();
}
function show(view, ...children) {
  document.body.dataset.view = view;
  main.replaceChildren(...children);
  main.setAttribute("aria-busy", "false");
}
function focusFirst(selector) {
  const target = main.querySelector(selector) || main;
  target.focus({ preventScroll: false });
}
function portrait(sid, who, cls = "portrait") {
  if (!who || !who.character) return null;
  return el("img", { class: cls, src: `img/portraits/${sid}/${who.character}_${who.mood || "neutral"}.png`,
                     alt: who.mood ? f(_("{name}, looking {mood}"), { name: who.name, mood: moodName(who.mood) }) : who.name, width: 180, height: 180 });
}
function setBackground(setting) {
  document.body.style.setProperty("--scene", setting ? `url("img/backgrounds/${setting}.png")` : "none");
}
// The words the engine sends as ids (outcome, mode, difficulty, mood), in the page's language.
function outcomeName(o) {
  return { success: _("success"), mixed: _("mixed"), setback: _("setback") }[o] || o;
}
function modeName(m) {
  return m === "assessment" ? _("assessment mode") : _("practice mode");
}
function levelName(d) {
  return { beginner: _("Beginner"), intermediate: _("Intermediate"), advanced: _("Advanced") }[d]
    || d.charAt(0).toUpperCase() + d.slice(1);
}
function moodName(m) {
  // TRANSLATORS: a character's expression, shown in a chip beside their name and in the portrait's alt text.
  return { warm: _("warm"), neutral: _("neutral"), cool: _("cool"), amused: _("amused"), concerned: _("concerned"),
           surprised: _("surprised") }[m] || m;
}
// The page's fixed text (index.html): each element names its string by `data-t`; the strings are here, where
// `make locale` finds them.
function translatePage() {
  document.documentElement.lang = LANG;
  const words = {
    title: _("Rapport: networking practice"), skip: _("Skip to the content"), settings: _("Settings"),
    player: _("Your name, as your hand-in shows it"), mode: _("Mode"),
    practice: _("Practice: the coach comments after each choice"),
    assessment: _("Assessment: the comments wait until the debrief"), size: _("Text size"),
    small: _("Small"), medium: _("Medium"), large: _("Large"), projector: _("Projector"),
    contrast: _("High contrast"), motion: _("Reduced motion"), lrs: _("Your course's Learning Record Store"),
    "lrs-hint": _("Your results are sent to {where}. Your course gives the key and secret; they are kept only until you close this tab."),
    key: _("Key"), secret: _("Secret"), save: _("Save settings"), export: _("Download my hand-in (JSON)"),
    loading: _("Loading Rapport…"),
  };
  for (const node of document.querySelectorAll("[data-t]")) {
    const text = words[node.dataset.t];
    if (!text) continue;
    if (node.dataset.t === "lrs-hint") {
      const [before, after] = text.split("{where}");
      const where = document.getElementById("lrs-where");
      node.replaceChildren(before, where, after ?? "");
    } else node.textContent = text;
  }
  document.title = words.title;
}
function times(n) {  // a pattern's count, as text play says it
  return n === 1 ? _("once") : f(ngettext("{n} time", "{n} times", n), { n });
}
function signed(n) { return n > 0 ? `+${n}` : `${n}`; }

// ------------------------------------------------------------------ the runtime
// Python runs in a Web Worker (engine.js), so starting Pyodide never holds up this page: the list and the
// briefings are drawn from pack.json at once, and only the choices wait for the engine.
let worker = null;
let asked = 0;
const answers = new Map();
// The last calls' times (ms): the round trip to the worker and, inside it, the wait, Python and the save to
// IndexedDB. benchmarks/bench_web.py reads them to say where a slow choice spent its time.
const timings = [];
globalThis.rapportTimings = timings;
function request(op, data = {}) {
  const id = ++asked;
  return new Promise((resolve, reject) => {
    answers.set(id, { resolve, reject, op: data.name || op, sent: performance.now() });
    worker.postMessage({ id, op, ...data });
  });
}
function startWorker() {
  worker = new Worker(new URL("./engine.js", import.meta.url), { type: "module" });
  worker.onmessage = (ev) => {
    const { id, ok, value, error, t } = ev.data;
    const waiting = answers.get(id);
    if (!waiting) return; // an answer after the engine stopped (its callers were told then)
    answers.delete(id);
    const at = performance.now();
    timings.push({ name: waiting.op, sent: waiting.sent, at, trip: at - waiting.sent, ...(t || {}) });
    if (timings.length > 200) timings.splice(0, timings.length - 200);
    // An empty error is Python's own (its traceback went to the console): the player gets a sentence.
    if (ok) waiting.resolve(value);
    else waiting.reject(new Error(error || _("something went wrong inside the game (your choices so far are saved); reload the page to go on")));
  };
  worker.onerror = (ev) => {
    for (const w of answers.values()) w.reject(new Error(ev.message || _("the engine stopped")));
    answers.clear();
  };
}
async function call(name, ...args) {
  // The worker answers after the results folder is saved to IndexedDB: a reload finds every recorded choice.
  const answer = JSON.parse(await request("call", { name, args }));
  if (!answer.ok) throw new Error(answer.error || _("something went wrong"));
  if (outbox && !name.startsWith("outbox_")) outbox.kick(); // anything may have queued a statement
  return answer;
}
async function boot() {
  const p = prefs();
  translatePage();
  applyPrefs(p);
  setupSettings();
  lms = new Lms();
  startWorker();
  engine = request("boot", { player: p.player || DEFAULT_PLAYER, inOrder: params.has("in-order") });
  engine.catch(() => {}); // reported below, once
  const kept = lms.suspended();
  const playing = localStorage.getItem(PLAYING);
  if (!kept && !playing) {
    // Nothing to pick up: the list at once, from the pack; this browser's results join it when the engine is up.
    early = JSON.parse(await (await fetch("pack.json")).text()).web.menu;
    document.getElementById("pack-title").textContent = early.pack;
    renderList({ pack: early.pack, player: p.player || DEFAULT_PLAYER,
                 scenarios: early.scenarios.map((s) => ({ ...s, best: null, resume: null })) });
    performance.mark("rapport:list");
  }
  const lrs = await engine;
  rt = worker;
  outbox = new Outbox(JSON.parse(lrs), call, (text) => { document.getElementById("lrs-status").textContent = text; });
  const launchNote = outbox.takeLaunch(launch);
  if (launchNote) say(launchNote);
  outbox.kick(); // what an earlier visit left unsent
  // An xAPI launch's actor and registration (the tincan launch convention): checked in Python; a bad one is
  // said on the page, and the statements then name the learner as without them.
  if (launch.get("actor") || launch.get("registration")) {
    try { await call("set_launch", launch.get("actor") || "", launch.get("registration") || ""); }
    catch (err) {
      const note = document.getElementById("launch-note");
      note.textContent = f(_("{problem}. Your results are sent under the name in Settings instead."),
                           { problem: `${err.message[0].toUpperCase()}${err.message.slice(1)}` });
      note.hidden = false;
      say(note.textContent);
    }
  }
  setupLrsSettings();
  // Closing or hiding the tab: the LMS commits what it holds, and the outbox sends what waits.
  addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "hidden") return;
    lms.commit();
    outbox.parting();
  });
  addEventListener("pagehide", () => { outbox.parting(); lms.finish(); });
  document.body.dataset.engine = "ready";
  readyNow();
  if (kept) {
    try { return renderDialogue(await call("restore", kept)); }
    catch (err) { lms.progress(""); say(err.message); }
  }
  const list = await call("scenarios");
  document.getElementById("pack-title").textContent = list.pack;
  const again = playing && list.scenarios.find((s) => s.id === playing && s.resume);
  if (again) return resume(playing);
  if (playing) localStorage.removeItem(PLAYING); // only then: with the early list, a Start meanwhile set it anew
  const view = document.body.dataset.view;
  if (!early || view === "list") {
    renderList(list, !!early);
    performance.mark("rapport:list");
  } else if (view === "briefing" && !waiting) {
    openBriefing(main.querySelector("[data-briefing]").dataset.briefing);
  }
}

// ------------------------------------------------------------------ the list
async function openList() {
  localStorage.removeItem(PLAYING);
  if (!rt) return renderList({ pack: early.pack, player: prefs().player || DEFAULT_PLAYER,
                                scenarios: early.scenarios.map((s) => ({ ...s, best: null, resume: null })) });
  renderList(await call("scenarios"));
}
// The name results are stored under stays "Student" when none is set (hand-ins and statements compare it);
// only what the page shows is the default in the site's language.
const DEFAULT_PLAYER = "Student";
function shownName(name) {
  return !prefs().player && name === DEFAULT_PLAYER ? _("Student") : name;
}
function renderList(data, refresh = false) {
  // `refresh`: the same list again with this browser's results; the focus stays on the card it was on.
  const had = refresh && document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.scenario : null;
  setBackground(null);
  const cards = data.scenarios.map((s) => {
    const level = levelName(s.difficulty);
    const facts = [level, s.minutes ? f(ngettext("about {n} minute", "about {n} minutes", s.minutes), { n: s.minutes })
                                    : null].filter(Boolean).join(", ");
    const best = s.best ? f(_("Best: {grade} out of 100 ({ending})"), { grade: s.best.grade, ending: s.best.ending })
                        : _("Not played yet");
    return el("li", { class: "card" },
      el("h2", {}, el("button", { class: "card-open", type: "button", "data-scenario": s.id,
                                  onclick: () => openBriefing(s.id) }, s.title)),
      el("p", { class: "facts" }, facts),
      el("p", { class: "summary" }, s.summary),
      el("p", { class: "best" }, best),
      s.resume ? el("p", { class: "badge" }, f(_("In progress: you stopped at decision {n}"), { n: s.resume.decision })) : null);
  });
  show("list",
    el("h1", { id: "list-title" }, _("Choose a scenario")),
    el("p", { class: "lead" }, f(_("Playing as {player}. Your progress stays in this browser."), { player: shownName(data.player) })),
    el("ol", { class: "cards", "aria-labelledby": "list-title" }, cards));
  if (refresh && !had) return;
  focusFirst(had ? `.card-open[data-scenario="${had}"]` : ".card-open");
}

// ------------------------------------------------------------------ the briefing
async function openBriefing(sid) {
  if (!rt) {  // the engine is still starting: the briefing from the pack; Start waits for the engine
    const s = early.scenarios.find((x) => x.id === sid);
    return renderBriefing({ ...s.briefing, note: null, resume: null }, true);
  }
  renderBriefing(await call("briefing", sid));
}
async function startWhenReady(sid, button) {
  if (waiting) return;
  waiting = true;
  button.textContent = _("Getting ready…");
  button.setAttribute("aria-disabled", "true");
  main.setAttribute("aria-busy", "true");
  say(_("Getting ready: Rapport is still starting in your browser."));
  try {
    await ready;
    const b = await call("briefing", sid);
    if (b.resume) return renderBriefing(b); // an attempt to continue: the player chooses
    await start(sid, prefs().mode);
  } finally { waiting = false; }
}
function renderBriefing(b, fromPack = false) {
  setBackground(b.setting);
  const mode = prefs().mode;
  const focus = b.focus.length
    ? el("section", { "aria-labelledby": "focus-title" }, el("h2", { id: "focus-title" }, _("Principles in focus")),
        el("ul", { class: "focus" }, b.focus.map((p) => el("li", {}, el("strong", {}, p.name), ": ", p.summary))))
    : null;
  const cast = el("ul", { class: "cast" }, b.characters.map((c) =>
    el("li", {}, portrait(b.id, { character: c.id, name: c.name, mood: "neutral" }, "badge"),
      el("span", {}, el("strong", {}, c.name), c.role ? `, ${c.role}` : ""))));
  const actions = b.resume
    ? [el("button", { class: "primary", type: "button", "data-enter": true, onclick: () => resume(b.id) },
          f(_("Continue from decision {n}"), { n: b.resume.decision })),
       el("button", { type: "button", onclick: () => start(b.id, mode) }, _("Start over"))]
    : [el("button", { class: "primary", type: "button", "data-enter": true,
                      onclick: (ev) => fromPack ? startWhenReady(b.id, ev.currentTarget) : start(b.id, mode) },
          mode === "assessment" ? _("Start (assessment mode)") : _("Start (practice mode)"))];
  show("briefing", el("article", { class: "panel briefing", "data-briefing": b.id },
    el("h1", {}, b.title),
    b.note ? el("p", { class: "note", role: "status" }, b.note) : null,
    el("p", { class: "lead" }, b.summary),
    b.goal ? el("p", {}, el("strong", {}, _("Your goal: ")), b.goal) : null,
    focus,
    b.characters.length ? el("section", { "aria-labelledby": "cast-title" },
      el("h2", { id: "cast-title" }, _("Who you will meet")), cast) : null,
    el("p", { class: "hint" }, _("Keys: 1 to 6 choose, Enter continues, R goes back one decision (practice), Esc leaves.")),
    el("div", { class: "actions" }, ...actions,
      el("button", { type: "button", class: "quiet", onclick: openList }, _("Back to the list")))));
  focusFirst("[data-enter]");
}

// ------------------------------------------------------------------ the dialogue
async function start(sid, mode) {
  transcript = [];
  localStorage.setItem(PLAYING, sid);
  const v = await call("start", sid, mode);
  if (lms.on) lms.progress((await call("suspend_state")).state);
  renderDialogue(v);
}
async function resume(sid) {
  transcript = [];
  localStorage.setItem(PLAYING, sid);
  renderDialogue(await call("resume", sid));
}
async function choose(n) {
  const v = await call("choose", n);
  // The LMS's copy of the attempt is asked for only inside an LMS: outside one, a choice is one call.
  if (lms.on) lms.decision(v.made, (await call("suspend_state")).state, (performance.now() - shownAt) / 1000);
  renderDialogue(v);
}
async function rewind() {
  transcript.push({ kind: "note", text: _("You went back one decision.") });
  const v = await call("rewind");
  if (lms.on) lms.progress((await call("suspend_state")).state);
  renderDialogue(v);
}
async function leave() { await call("leave"); openList(); }

function line(b) {
  if (b.kind === "note") return el("li", { class: "line note" }, b.text);
  if (b.kind === "chosen") return el("li", { class: "line you chosen" }, el("span", { class: "who" }, _("You: ")), b.text);
  if (b.kind === "coach") return el("li", { class: "line coach" },
    el("aside", { "aria-label": _("Coach's note") }, el("span", { class: "who" }, _("Coach: ")), b.text));
  const cls = `line ${b.speaker === "narrator" ? "narration" : b.speaker === "you" ? "you" : "them"}`;
  return el("li", { class: cls },
    b.scene ? el("p", { class: "scene" }, b.scene) : null,
    b.text ? el("p", {}, b.name ? el("span", { class: "who" }, f(_("{name}: "), { name: b.name })) : null, b.text) : null);
}
function renderDialogue(v) {
  current = v;
  shownAt = performance.now();
  const fresh = [];
  if (v.note) fresh.push({ kind: "note", text: v.note });
  if (v.chosen) fresh.push({ kind: "chosen", text: v.chosen });
  if (v.reply) fresh.push(v.reply);
  if (v.feedback) fresh.push({ kind: "coach", text: v.feedback });
  fresh.push(...v.beats.filter((b) => b.text || b.scene));
  transcript.push(...fresh);
  for (const b of fresh) say(b.kind === "coach" ? _("Coach: ") + b.text : b.name ? f(_("{name}: "), { name: b.name }) + b.text : (b.text || b.scene));
  setBackground(v.setting);
  const who = v.present;
  // Who is not in the room (the window's rule, docs/authoring.md): at home_office a person reaches you by
  // message or phone, at video_call on a screen; elsewhere (or before anyone has spoken) they stand with you.
  const away = !who || !who.spoke ? "" : v.setting === "home_office" ? "message" : v.setting === "video_call" ? "video" : "";
  const stage = el("aside", { class: away ? `stage remote ${away}` : "stage", "aria-label": _("Who you are talking to") },
    who ? portrait(v.scenario, who) : null,
    who && away ? el("p", { class: "channel" }, away === "message" ? _("By message or phone") : _("On a video call")) : null,
    who ? el("p", { class: "present" }, el("strong", {}, who.name), who.role ? `, ${who.role}` : "",
      el("span", { class: `mood mood-${who.mood}` }, moodName(who.mood))) : null);
  const log = el("ol", { class: "transcript", "aria-label": _("The conversation so far") }, transcript.map(line));
  let controls;
  if (v.finished) {
    // The attempt was recorded when the ending was reached (saved before this is drawn): the LMS gets the
    // grade now, so closing the window here, before the debrief, loses nothing.
    if (v.recorded) { localStorage.removeItem(PLAYING); lms.finished(v.recorded); }
    const e = v.ending;
    say(f(_("The end: {title}."), { title: e.title }));
    controls = el("section", { class: `ending outcome-${e.outcome}`, "aria-labelledby": "ending-title" },
      el("h2", { id: "ending-title" }, `${e.title} (${outcomeName(e.outcome)})`), el("p", {}, e.text),
      el("button", { class: "primary", type: "button", "data-enter": true, onclick: openDebrief }, _("See your debrief")));
  } else {
    controls = el("section", { class: "choices", "aria-labelledby": "choices-title" },
      el("h2", { id: "choices-title", class: "sr-only" }, f(_("Decision {n}: your options"), { n: v.decision })),
      el("ol", { class: "options" }, v.options.map((o) => el("li", {},
        el("button", { type: "button", class: "option", "data-number": o.number, onclick: () => choose(o.number) },
          el("kbd", {}, String(o.number)), el("span", {}, o.text))))));
  }
  const tools = el("div", { class: "actions tools" },
    v.can_rewind ? el("button", { type: "button", class: "quiet", "data-key": "r", onclick: rewind }, _("Go back one decision (R)")) : null,
    el("button", { type: "button", class: "quiet", "data-key": "Escape", onclick: leave }, _("Leave (Esc)")));
  show("dialogue", el("div", { class: "dialogue" },
    el("header", { class: "dialogue-head" }, el("h1", {}, v.title),
      el("p", { class: "counter" }, v.finished ? _("The end") : f(_("Decision {n}"), { n: v.decision }), ` · ${modeName(v.mode)}`)),
    stage, el("div", { class: "talk" }, log, controls, tools)));
  const last = main.querySelector(".transcript li:last-child");
  if (last) last.scrollIntoView({ block: "nearest" });
  focusFirst(v.finished ? "[data-enter]" : ".option");
}

// ------------------------------------------------------------------ the debrief
function track(p) {
  const span = Math.max(1, p.best - p.worst);
  const at = Math.round(((p.score - p.worst) / span) * 100);
  return el("li", { class: "principle", "data-principle": p.id, "data-score": p.score },
    el("div", { class: "principle-head" }, el("strong", {}, p.name), p.in_focus ? el("span", { class: "tag" }, _("in focus")) : null,
      el("span", { class: "score" }, signed(p.score))),
    el("div", { class: "track", role: "img",
                "aria-label": f(_("{name}: you scored {score}; the worst path scores {worst}, the best {best}"),
                                { name: p.name, score: signed(p.score), worst: signed(p.worst), best: signed(p.best) }) },
      el("span", { class: "fill", style: `width:${Math.min(100, Math.max(0, at))}%` }),
      el("span", { class: "mark", style: `left:${Math.min(100, Math.max(0, at))}%` })),
    el("div", { class: "ends", "aria-hidden": "true" }, el("span", {}, f(_("worst {score}"), { score: signed(p.worst) })), el("span", {}, f(_("best {score}"), { score: signed(p.best) }))),
    p.summary ? el("p", { class: "muted" }, p.summary) : null);
}
async function openDebrief() {
  const { debrief: d, mode } = await call("debrief");
  localStorage.removeItem(PLAYING);
  const sid = d.scenario_id;
  say(f(_("Debrief: grade {grade} out of 100."), { grade: d.grade }));
  const patterns = d.patterns.length
    ? el("ul", { class: "patterns" }, d.patterns.map((p) => el("li", { "data-pattern": p.id, "data-count": p.count },
        el("strong", {}, p.name), " (" + times(p.count) + "): " + p.summary,
        p.tip ? el("p", { class: "tip" }, el("strong", {}, _("Tip: ")), p.tip) : null)))
    : el("p", {}, _("No mistake patterns showed up. Well done."));
  const review = el("ol", { class: "review" }, d.decisions.map((r) => el("li", { "data-best": r.was_best },
    el("p", { class: "prompt" }, r.prompt || r.node_id),
    el("p", {}, el("strong", {}, _("You chose: ")), r.chosen_text, r.was_best ? el("span", { class: "tag good" }, _("the best choice")) : null),
    r.feedback ? el("p", {}, el("strong", {}, _("Coach: ")), r.feedback) : null,
    r.was_best ? null : el("p", {}, el("strong", {}, _("Best choice: ")), r.best_text),
    !r.was_best && r.best_feedback ? el("p", {}, el("strong", {}, _("Why: ")), r.best_feedback) : null)));
  show("debrief", el("article", { class: "panel debrief" },
    el("h1", {}, f(_("Debrief: {title}"), { title: d.title })),
    el("section", { class: `ending outcome-${d.outcome}`, "aria-labelledby": "end-title" },
      el("h2", { id: "end-title" }, `${d.ending_title} (${outcomeName(d.outcome)})`), el("p", {}, d.ending_text || "")),
    el("p", { class: "grade", "data-grade": d.grade },
      el("strong", {}, f(_("Grade {grade} out of 100"), { grade: d.grade })),
      " " + f(_("(your total {total}; the best path scores {best}, the worst {worst})"),
              { total: signed(d.total), best: signed(d.best_total), worst: signed(d.worst_total) }) + ` · ${modeName(mode)}`),
    d.perspective.length ? el("section", { "aria-labelledby": "side-title" }, el("h2", { id: "side-title" }, _("Their side")),
      el("ul", { class: "perspective" }, d.perspective.map((s) => el("li", {},
        portrait(sid, { character: s.character, name: s.name, mood: "neutral" }, "badge"),
        el("p", {}, el("strong", {}, f(_("{name}: "), { name: s.name })), s.text))))) : null,
    el("section", { "aria-labelledby": "tracks-title" },
      el("h2", { id: "tracks-title" }, _("Principles: your score between the worst and best this scenario allows")),
      el("ul", { class: "tracks" }, d.principles.map(track))),
    el("section", { "aria-labelledby": "patterns-title" }, el("h2", { id: "patterns-title" }, _("Patterns you showed")), patterns),
    el("section", { "aria-labelledby": "review-title" }, el("h2", { id: "review-title" }, _("Your decisions")), review),
    d.reflect.length ? el("section", { "aria-labelledby": "reflect-title" }, el("h2", { id: "reflect-title" }, _("To think about")),
      el("ul", { class: "reflect" }, d.reflect.map((q) => el("li", {}, q)))) : null,
    el("div", { class: "actions" },
      el("button", { type: "button", class: "primary", onclick: () => start(sid, mode) }, _("Play again")),
      el("button", { type: "button", onclick: openList }, _("Back to the list")),
      el("button", { type: "button", onclick: exportHandIn }, _("Download my hand-in (JSON)")))));
  main.focus();
}

// ------------------------------------------------------------------ settings and the hand-in
async function exportHandIn() {
  const { text, player } = await call("export");
  const day = new Date().toISOString().slice(0, 10);
  const safe = player.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-|-$/g, "") || "player";
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })),
                      download: `rapport-handin-${safe}-${day}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  document.getElementById("settings-status").textContent = _("Your hand-in was downloaded.");
}
function setupSettings() {
  // Ready before the engine: the panel opens at once; saving waits for the engine (the name is checked there).
  const panel = document.getElementById("settings");
  const button = document.getElementById("settings-button");
  const form = document.getElementById("settings-form");
  const p = prefs();
  form.player.value = p.player || shownName(DEFAULT_PLAYER);
  form.mode.value = p.mode;
  form.size.value = p.size;
  form.contrast.checked = !!p.contrast;
  form.motion.checked = !!p.motion;
  button.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    button.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) form.player.focus();
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const next = { player: form.player.value.trim(), mode: form.mode.value, size: form.size.value,
                   contrast: form.contrast.checked, motion: form.motion.checked };
    const status = document.getElementById("settings-status");
    try {
      if (!outbox) status.textContent = _("Getting ready…");
      await ready;
      if (form.lrs_key.value || form.lrs_secret.value) {
        outbox.setAuth(basicAuth(form.lrs_key.value, form.lrs_secret.value));
        form.lrs_secret.value = "";
      }
      // The default's translation left as it was shown: still no name of one's own, stored as "Student".
      const own = next.player && next.player !== shownName(DEFAULT_PLAYER) ? next.player : "";
      const { player } = await call("set_player", own);
      next.player = own ? player : "";
      localStorage.setItem(PREFS, JSON.stringify(next));
      applyPrefs(next);
      status.textContent = _("Saved.");
      if (document.body.dataset.view === "list") openList();
    } catch (err) { status.textContent = err.message; }
  });
  document.getElementById("export-button").addEventListener("click", async () => { await ready; exportHandIn(); });
}
function setupLrsSettings() {
  const lrsFields = document.getElementById("lrs-fields");
  lrsFields.hidden = !outbox.enabled;
  if (outbox.enabled) document.getElementById("lrs-where").textContent = outbox.endpoint;
}

// ------------------------------------------------------------------ keys
document.addEventListener("keydown", (ev) => {
  if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const t = ev.target;
  if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
  if (/^[1-6]$/.test(ev.key)) {
    const b = main.querySelector(`.option[data-number="${ev.key}"]`);
    if (b) { ev.preventDefault(); b.click(); }
  } else if (ev.key === "Enter") {
    if (t && t.tagName === "BUTTON" && !t.hasAttribute("data-enter")) return; // the focused button takes it
    const b = main.querySelector("[data-enter]");
    if (b) { ev.preventDefault(); b.click(); }
  } else {
    const b = main.querySelector(`[data-key="${ev.key.length === 1 ? ev.key.toLowerCase() : ev.key}"]`);
    if (b) { ev.preventDefault(); b.click(); }
  }
});

boot().catch((err) => {
  console.error(err);
  show("error", el("p", { class: "error", role: "alert" },
    f(_("Rapport could not start in this browser: {problem}. Reload the page to try again."), { problem: err.message })));
});
