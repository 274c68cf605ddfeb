"""The class report as one self-contained HTML page: inline CSS and SVG, no script, no network.

A pure function from `ClassReport` to a string (like python-chess's `svg.py`).
Every piece of learner or scenario text goes through `html.escape`, and a
Content-Security-Policy forbids the page from loading anything at all.
"""

from __future__ import annotations

from html import escape

from game.i18n import N_, _, language, ngettext
from game.store.report import (
    BINS,
    ClassReport,
    Discussion,
    EndingReached,
    PatternFrequency,
    PrincipleDistribution,
    ScenarioCompletion,
    Split,
)

OUTCOME_COLORS = {"success": "#15803d", "mixed": "#d97706", "setback": "#b91c1c", "unknown": "#64748b"}
STATUS_COLORS = {"abandoned": "#94a3b8", "in_progress": "#cbd5e1"}
OPTION_COLORS = ["#0f766e", "#2563eb", "#7c3aed", "#db2777", "#ea580c", "#65a30d"]
# How an attempt ended or stands, in the report's words (lower case, as in the legend).
STATE_LABELS = {"success": N_("success"), "mixed": N_("mixed"), "setback": N_("setback"),
                "abandoned": N_("abandoned"), "in_progress": N_("in progress"), "unknown": N_("unknown")}

CSS = """
:root { --ink:#1e293b; --muted:#64748b; --line:#e2e8f0; --card:#ffffff; --bg:#f1f5f9; --accent:#0f766e; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { background: linear-gradient(120deg, #0f766e, #155e75); color:#fff; padding: 28px 0 64px; }
.wrap { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
h1 { margin:0 0 4px; font-size: 28px; letter-spacing: -0.01em; }
header p { margin:0; opacity: .85; }
.tiles { display:grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 14px; margin-top: -44px; }
.tile { background:var(--card); border-radius: 12px; padding: 14px 18px; box-shadow: 0 1px 3px rgba(15,23,42,.08); }
.tile b { display:block; font-size: 28px; line-height: 1.1; color: var(--accent); }
.tile span { color: var(--muted); font-size: 13px; }
section { margin: 28px 0; }
h2 { font-size: 19px; margin: 0 0 4px; }
.lead { color: var(--muted); margin: 0 0 14px; font-size: 14px; }
.card { background:var(--card); border-radius: 12px; padding: 16px 20px; box-shadow: 0 1px 3px rgba(15,23,42,.08);
  break-inside: avoid; }
.grid { display:grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px; }
.row { display:grid; grid-template-columns: minmax(180px, 260px) 1fr 90px; gap: 14px; align-items:center;
  padding: 10px 0; border-bottom: 1px solid var(--line); }
.row:last-child { border-bottom: 0; }
.row .name { font-weight: 600; }
.row .sub { color: var(--muted); font-size: 13px; font-weight: 400; }
.bar { display:flex; height: 22px; border-radius: 6px; overflow:hidden; background: #f8fafc; }
.bar i { display:block; height:100%; }
.num { text-align:right; font-variant-numeric: tabular-nums; color: var(--muted); font-size: 13px; }
.legend { display:flex; flex-wrap:wrap; gap: 6px 16px; font-size: 13px; color: var(--muted); margin-top: 8px; }
.legend i, .opts i { display:inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 6px;
  vertical-align: baseline; }
.pname { display:flex; justify-content: space-between; align-items: baseline; }
.pname b { font-size: 16px; }
.pname span { color: var(--muted); font-size: 13px; }
svg text { font: 11px system-ui, sans-serif; fill: #64748b; }
.pat { display:grid; grid-template-columns: minmax(200px, 300px) 1fr 140px; gap: 14px; align-items:center;
  padding: 10px 0; border-bottom: 1px solid var(--line); }
.pat:last-child { border-bottom: 0; }
.pat .tip { color: var(--muted); font-size: 13px; }
.track { height: 12px; border-radius: 6px; background: #f1f5f9; overflow: hidden; }
.track i { display:block; height:100%; background: #e11d48; border-radius: 6px; }
.split h3 { margin: 0; font-size: 15px; }
.split .where { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.opts { list-style:none; padding:0; margin: 10px 0 0; font-size: 14px; }
.opts li { display:grid; grid-template-columns: 1fr 70px; gap: 10px; padding: 3px 0; }
.opts .pc { text-align:right; font-variant-numeric: tabular-nums; color: var(--muted); }
.best { color: #15803d; font-weight: 600; font-size: 12px; margin-left: 6px; white-space: nowrap; }
.chip { display:inline-block; background:#fee2e2; color:#9f1239; border-radius: 999px; padding: 0 8px;
  font-size: 11px; margin-left: 6px; }
.talk h3 { margin: 0 0 6px; font-size: 16px; }
.talk h4 { margin: 12px 0 4px; font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.talk ol { margin: 0; padding-left: 22px; }
.talk ol li { margin: 2px 0; }
.ending { padding: 6px 0; border-top: 1px solid var(--line); }
.ending:first-of-type { border-top: 0; }
.ending .count { color: var(--muted); font-size: 13px; margin-left: 6px; }
.ending i { display:inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 6px; }
.side { margin: 4px 0 0 16px; padding-left: 10px; border-left: 3px solid var(--line); font-size: 14px; }
.side b { font-weight: 600; }
.empty { color: var(--muted); font-style: italic; }
.muted { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; padding: 12px 0 40px; }
footer code { font-size: 11px; }
@media print { body { background: #fff; } header { padding-bottom: 24px; } .tiles { margin-top: 12px; }
  .card, .tile { box-shadow: none; border: 1px solid var(--line); } }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _empty(text: str) -> str:
    return f'<p class="empty">{_e(text)}</p>'


def _pct(v: float) -> str:
    return f"{round(v * 100)}%"


def _state(key: str) -> str:
    label = STATE_LABELS.get(key)
    return _(label) if label is not None else key.replace("_", " ")


def _tiles(r: ClassReport) -> str:
    grade = "–" if r.median_grade is None else f"{r.median_grade:.0f}"
    # The tiles' labels sit under a big number; the plural is the form for that number.
    tiles = [(r.learners, ngettext("learner", "learners", r.learners)),
             (len(r.scenarios), ngettext("scenario", "scenarios", len(r.scenarios))),
             (r.attempts, ngettext("attempt", "attempts", r.attempts)),
             (r.finished, _("finished")), (grade, _("median grade"))]
    return '<div class="tiles">' + "".join(
        f'<div class="tile"><b>{_e(v)}</b><span>{_e(label)}</span></div>' for v, label in tiles) + "</div>"


def _completion(s: ScenarioCompletion) -> str:
    parts = [(OUTCOME_COLORS.get(k, OUTCOME_COLORS["unknown"]), n, _state(k)) for k, n in sorted(s.outcomes.items())
             if n] + [(STATUS_COLORS[k], s.statuses.get(k, 0), _state(k)) for k in STATUS_COLORS]
    total = max(1, s.attempts)
    bar = "".join(
        f'<i style="width:{100 * n / total:.2f}%;background:{c}" title="{_e(label)}: {n}"></i>'
        for c, n, label in parts if n)
    median = "" if s.median_grade is None else " · " + _("median grade {grade}").format(
        grade=f"{s.median_grade:.0f}")
    finished = ngettext("{finished} of {n} learner finished", "{finished} of {n} learners finished",
                        s.learners).format(finished=s.finished_learners, n=s.learners)
    attempts = ngettext("{n} attempt", "{n} attempts", s.attempts).format(n=s.attempts)
    return (
        f'<div class="row"><div class="name">{_e(s.title)}<div class="sub">{_e(finished)}'
        f'{_e(median)}</div></div><div class="bar">{bar}</div>'
        f'<div class="num">{_e(attempts)}</div></div>'
    )


def _legend(items: list[tuple[str, str]]) -> str:
    return '<div class="legend">' + "".join(
        f'<span><i style="background:{c}"></i>{_e(label)}</span>' for c, label in items) + "</div>"


def _histogram(p: PrincipleDistribution) -> str:
    w, h, pad_l, pad_r, pad_b, pad_t = 300, 130, 8, 8, 20, 18
    inner_w, inner_h = w - pad_l - pad_r, h - pad_b - pad_t
    top = max(p.bins) or 1
    bw = inner_w / BINS
    label = _("{principle} distribution").format(principle=p.name)
    out = [f'<svg viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{_e(label)}">']
    out.append(f'<line x1="{pad_l}" y1="{pad_t + inner_h}" x2="{w - pad_r}" y2="{pad_t + inner_h}" stroke="#cbd5e1"/>')
    for i, n in enumerate(p.bins):
        bh = inner_h * n / top
        x = pad_l + i * bw
        color = "#e11d48" if i < 4 else "#f59e0b" if i < 7 else "#0f766e"
        if n:
            out.append(f'<rect x="{x + 2:.1f}" y="{pad_t + inner_h - bh:.1f}" width="{bw - 4:.1f}" '
                       f'height="{bh:.1f}" rx="3" fill="{color}"><title>{i * 10}–{i * 10 + 10}%: {n}</title></rect>')
            out.append(f'<text x="{x + bw / 2:.1f}" y="{pad_t + inner_h - bh - 3:.1f}" text-anchor="middle">{n}</text>')
    for pct, anchor in ((0, "start"), (50, "middle"), (100, "end")):
        x = pad_l + inner_w * pct / 100
        out.append(f'<text x="{x:.1f}" y="{h - 5}" text-anchor="{anchor}">{pct}%</text>')
    if p.median is not None:
        x = pad_l + inner_w * p.median
        median = _("median {percent}").format(percent=_pct(p.median))
        out.append(f'<line x1="{x:.1f}" y1="{pad_t - 14}" x2="{x:.1f}" y2="{pad_t + inner_h}" stroke="#1e293b" '
                   f'stroke-width="1.5" stroke-dasharray="3 3"><title>'
                   f'{_e(median)}</title></line>')
    out.append("</svg>")
    return "".join(out)


def _principle(p: PrincipleDistribution) -> str:
    if not p.levels:
        body = _empty(_("No finished attempt exercised this principle."))
        stats = ""
    else:
        body = _histogram(p)
        stats = _e(_("median {percent}").format(percent=_pct(p.median or 0))) + f" · n={len(p.levels)}"
    below = _("{n} below 40%").format(n=p.low)
    low = f'<div class="sub" style="color:#9f1239;font-size:13px">{_e(below)}</div>' if p.low else ""
    return f'<div class="card"><div class="pname"><b>{_e(p.name)}</b><span>{stats}</span></div>{body}{low}</div>'


def _pattern(p: PatternFrequency) -> str:
    tip = f'<div class="tip">{_e(p.tip)}</div>' if p.tip else ""
    learners = ngettext("{n} learner", "{n} learners", p.learners).format(n=p.learners)
    return (
        f'<div class="pat"><div><b>{_e(p.name)}</b>{tip}</div>'
        f'<div class="track"><i style="width:{100 * p.share:.1f}%"></i></div>'
        f'<div class="num">{_e(learners)} · {_pct(p.share)}</div></div>'
    )


def _split(s: Split, names: dict[str, str]) -> str:
    bar = "".join(
        f'<i style="width:{100 * o.share:.2f}%;background:{OPTION_COLORS[k % len(OPTION_COLORS)]}" '
        f'title="{_e(o.text)}: {o.count}"></i>' for k, o in enumerate(s.options))
    items = []
    best = '<span class="best">★ ' + _e(_("best choice")) + "</span>"
    for k, o in enumerate(s.options):
        mark = best if o.best else ""
        chips = "".join(f'<span class="chip">{_e(names.get(p) or p.replace("_", " "))}</span>'
                        for p in o.patterns)
        items.append(f'<li><span><i style="background:{OPTION_COLORS[k % len(OPTION_COLORS)]}"></i>'
                     f'{_e(o.text)}{mark}{chips}</span><span class="pc">{o.count} · {_pct(o.share)}</span></li>')
    if s.best_text and not any(o.best for o in s.options):
        nobody = _("Nobody chose the best answer: {choice}").format(choice=s.best_text)
        items.append(f'<li><span class="muted">{_e(nobody)}'
                     f'{best}</span><span class="pc">0</span></li>')
    learners = ngettext("{n} learner", "{n} learners", s.total).format(n=s.total)
    return (
        f'<div class="card split"><div class="where">{_e(s.scenario_title)} · {_e(learners)}</div>'
        f'<h3>{_e(s.prompt)}</h3><div class="bar" style="margin-top:10px">{bar}</div>'
        f'<ul class="opts">{"".join(items)}</ul></div>'
    )


def _ending(e: EndingReached) -> str:
    color = OUTCOME_COLORS.get(e.outcome, OUTCOME_COLORS["unknown"])
    sides = "".join(
        f'<p class="side"><b>{_e(p.name)}</b>{f" ({_e(p.role)})" if p.role else ""}: {_e(p.text)}</p>'
        for p in e.perspective)
    count = (ngettext("{n} attempt", "{n} attempts", e.attempts).format(n=e.attempts) + " · "
             + ngettext("{n} learner", "{n} learners", e.learners).format(n=e.learners))
    return (
        f'<div class="ending"><i style="background:{color}" title="{_e(_state(e.outcome))}"></i><b>{_e(e.title)}</b>'
        f'<span class="count">{_e(count)}</span>{sides}</div>'
    )


def _discussion(d: Discussion) -> str:
    questions = ("<h4>" + _e(_("Questions to open the discussion")) + "</h4><ol>"
                 + "".join(f"<li>{_e(q)}</li>" for q in d.reflect) + "</ol>") if d.reflect else ""
    endings = ("<h4>" + _e(_("Endings the class reached, and their side")) + "</h4>"
               + "".join(_ending(e) for e in d.endings)) if d.endings else ""
    return f'<div class="card talk"><h3>{_e(d.title)}</h3>{questions}{endings}</div>'


LRS_SOURCE = "the LRS at "  # how report.py names an LRS it read (`the LRS at URL`)


def render_html(r: ClassReport) -> str:
    """The page, in the language in use (game/i18n.py); the learners' and the pack's texts as they are."""
    legend = _legend([(OUTCOME_COLORS[k], _state(k)) for k in ("success", "mixed", "setback")]
                     + [(STATUS_COLORS[k], _state(k)) for k in ("abandoned", "in_progress")])
    scen = "".join(_completion(s) for s in r.scenarios) or _empty(_("No attempts."))
    princ = "".join(_principle(p) for p in r.principles) or _empty(_("No finished attempts yet."))
    pats = "".join(_pattern(p) for p in r.patterns) or _empty(_("No patterns showed up. Nice work."))
    splits = "".join(_split(s, r.pattern_names) for s in r.splits) or _empty(
        _("No decision split the class (or too few learners answered the same one)."))
    misses = "".join(_split(s, r.pattern_names) for s in r.misses) or _empty(
        _("Wherever most of the class agreed, they agreed on the best choice."))
    talks = "".join(_discussion(d) for d in r.discussions) or _empty(
        _("No finished attempt yet, so no ending to talk about."))
    skipped = "".join(f"<li><code>{_e(p)}</code>: {_e(why)}</li>" for p, why in r.skipped)
    skipped_html = "<p><b>" + _e(_("Skipped")) + f"</b></p><ul>{skipped}</ul>" if skipped else ""
    lrs = [src for src in r.sources if src.startswith(LRS_SOURCE)]
    files = len(r.sources) - len(lrs)
    inputs = ([ngettext("{n} file", "{n} files", files).format(n=files)] if files or not lrs else []) + [
        _("the LRS at {url}").format(url=src[len(LRS_SOURCE):]) for src in lrs]
    built = _e(inputs[0]) if len(inputs) == 1 else _e(_("{first} and {second}").format(
        first=", ".join(inputs[:-1]), second=inputs[-1]))
    built_by = _e(_("Built from {inputs} by {command}.")).format(inputs=built, command="<code>rapport report</code>")
    header = _e(ngettext("Rapport networking practice · {n} learner · generated {when}",
                         "Rapport networking practice · {n} learners · generated {when}", r.learners)
                .format(n=r.learners, when=r.generated))
    h = {key: _e(text) for key, text in {
        "completion": _("Completion by scenario"),
        "completion_lead": _("Every attempt, by how it ended; under each name, how many of the learners who started "
                             "the scenario finished it at least once."),
        "principles": _("Principles"),
        "principles_lead": _("Where each learner's score fell between the worst and best possible (latest finished "
                             "attempt of each scenario). The dashed line is the median."),
        "patterns": _("Most common patterns"),
        "patterns_lead": _("Share of learners who made this mistake at least once."),
        "splits": _("Where the class split"),
        "splits_lead": _("Each learner's first answer to the decision, where no answer had more than 75%; the most "
                         "evenly divided come first. Good prompts for discussion."),
        "misses": _("Where most of the class missed the best choice"),
        "misses_lead": _("Decisions where 60% or more agreed on an answer that was not the best one: worth replaying "
                         "together."),
        "talk": _("For the discussion"),
        "talk_lead": _("Per scenario, the questions it leaves learners with, to open the group discussion; then each "
                       "ending the class reached, how often, and what the other person thought of it (their side)."),
        "offline": _("This page is self-contained: it loads nothing from the network."),
    }.items()}
    lang = _e(language().replace("_", "-"))
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{_e(r.title)} · Rapport</title>
<style>{CSS}</style>
</head>
<body>
<header><div class="wrap"><h1>{_e(r.title)}</h1>
<p>{header}</p></div></header>
<main class="wrap">
{_tiles(r)}
<section><h2>{h["completion"]}</h2>
<p class="lead">{h["completion_lead"]}</p>
<div class="card">{scen}{legend}</div></section>
<section><h2>{h["principles"]}</h2>
<p class="lead">{h["principles_lead"]}</p>
<div class="grid">{princ}</div></section>
<section><h2>{h["patterns"]}</h2>
<p class="lead">{h["patterns_lead"]}</p>
<div class="card">{pats}</div></section>
<section><h2>{h["splits"]}</h2>
<p class="lead">{h["splits_lead"]}</p>
<div class="grid">{splits}</div></section>
<section><h2>{h["misses"]}</h2>
<p class="lead">{h["misses_lead"]}</p>
<div class="grid">{misses}</div></section>
<section><h2>{h["talk"]}</h2>
<p class="lead">{h["talk_lead"]}</p>
<div class="grid">{talks}</div></section>
</main>
<footer class="wrap">{built_by}
{h["offline"]}{skipped_html}</footer>
</body>
</html>
"""
